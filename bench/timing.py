"""Measuring a figure against its floor, judging it against bench/budgets.toml, and reporting it.

Every timed figure is taken pair by pair (A, floor, A, floor, …) so a shared, noisy machine moves both
sides together; the ratio is taken per pair and its min and median reported. Absolute times are printed for
information, and judged only where the issue sets an absolute aim (`aim_ms`). Counted figures (statements
per screen) use the same record: `measured` is the count, `floor` the count for the lightest case.
"""

from __future__ import annotations

import json
import statistics
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BUDGETS_FILE = Path(__file__).resolve().parent / "budgets.toml"


def paired(
    action: Callable[[], object],
    floor: Callable[[], object],
    repeat: int,
    *,
    warmup: int = 1,
    min_seconds: float = 0.0,
) -> tuple[list[float], list[float]]:
    """Seconds of `action` and of `floor`, alternating, after `warmup` untimed runs of each: `repeat` pairs,
    or more (up to 20 times as many) until both sides took `min_seconds`, so that figures of a few
    milliseconds get enough pairs for their median to settle on a noisy machine."""
    for _ in range(warmup):
        action()
        floor()
    measured: list[float] = []
    floors: list[float] = []
    while len(measured) < repeat or (
        sum(measured) + sum(floors) < min_seconds and len(measured) < 20 * repeat
    ):
        start = time.perf_counter()
        action()
        measured.append(time.perf_counter() - start)
        start = time.perf_counter()
        floor()
        floors.append(time.perf_counter() - start)
    return measured, floors


def ms(seconds: Sequence[float], per: int = 1) -> list[float]:
    return [s * 1000 / per for s in seconds]


@dataclass
class Figure:
    """One figure at one scale. Values are in `unit` (ms for times); `floor` pairs with `measured`."""

    name: str
    scale: str
    measured: list[float]
    floor: list[float] = field(default_factory=list)
    unit: str = "ms"
    note: str = ""
    budget: float | None = None  # max ratio
    aim: float | None = None  # max median, in `unit`
    max_count: float | None = None  # for counted figures: max median
    judged: bool = True  # False: reported for information at this scale (the budget names another)

    @property
    def min(self) -> float:
        return min(self.measured)

    @property
    def median(self) -> float:
        return statistics.median(self.measured)

    @property
    def floor_min(self) -> float | None:
        return min(self.floor) if self.floor else None

    @property
    def floor_median(self) -> float | None:
        return statistics.median(self.floor) if self.floor else None

    def _ratios(self) -> list[float]:
        if len(self.floor) != len(self.measured):  # a count against a count, taken once each
            return [self.median / self.floor_median] if self.floor and self.floor_median else []
        return [a / f for a, f in zip(self.measured, self.floor, strict=True) if f > 0]

    @property
    def ratio_min(self) -> float | None:
        ratios = self._ratios()
        return min(ratios) if ratios else None

    @property
    def ratio(self) -> float | None:
        ratios = self._ratios()
        return statistics.median(ratios) if ratios else None

    @property
    def broken(self) -> list[str]:
        """What this figure breaks (empty when it holds or is not judged at this scale)."""
        if not self.judged:
            return []
        problems = []
        if self.budget is not None and self.ratio is not None and self.ratio > self.budget:
            problems.append(f"ratio {self.ratio:.2f} > {self.budget:g}")
        if self.aim is not None and self.median > self.aim:
            problems.append(f"median {self.median:.1f} {self.unit} > {self.aim:g} {self.unit}")
        if self.max_count is not None and self.median > self.max_count:
            problems.append(f"{self.median:g} {self.unit} > {self.max_count:g}")
        return problems

    @property
    def passed(self) -> bool | None:
        if not self.judged or (self.budget is None and self.aim is None and self.max_count is None):
            return None
        return not self.broken

    def to_json(self) -> dict[str, Any]:
        return {
            "figure": self.name,
            "scale": self.scale,
            "unit": self.unit,
            "min": _round(self.min),
            "median": _round(self.median),
            "floor": _round(self.floor_median),
            "floor_min": _round(self.floor_min),
            "ratio": _round(self.ratio),
            "ratio_min": _round(self.ratio_min),
            "budget": self.budget if self.judged else None,
            "aim": self.aim if self.judged else None,
            "max_count": self.max_count if self.judged else None,
            "pass": self.passed,
            "repeats": len(self.measured),
            "note": self.note,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def load_budgets(path: Path = BUDGETS_FILE) -> dict[str, dict[str, Any]]:
    return tomllib.loads(path.read_text())


def judge(figure: Figure, budgets: dict[str, dict[str, Any]]) -> Figure:
    """Attach the figure's budget; a budget with `scales` is judged only at those scales."""
    entry = budgets.get(figure.name, {})
    figure.budget = entry.get("max_ratio")
    figure.aim = entry.get("aim_ms", entry.get("aim"))
    figure.max_count = entry.get("max_statements")
    scales = entry.get("scales")
    figure.judged = scales is None or figure.scale in scales
    return figure


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 1000 else f"{value:.0f}"
    return f"{value:g}" if unit == "statements" else f"{value:.1f}"


def table(figures: Sequence[Figure]) -> str:
    """The figures as a plain-text table: min and median of each side and of the ratio."""
    header = (
        f"{'scale':7} {'figure':34} {'unit':>10} {'min':>8} {'median':>8} {'floor min':>9} {'floor med':>9} "
        f"{'ratio min':>9} {'ratio med':>9} {'budget':>7} {'aim':>6}  verdict"
    )
    lines = [header, "-" * len(header)]
    for f in figures:
        verdict = {None: "info", True: "ok"}.get(f.passed, "BROKEN: " + "; ".join(f.broken))
        ratio_min = f"{f.ratio_min:.2f}" if f.ratio_min is not None else "-"
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "-"
        lines.append(
            f"{f.scale:7} {f.name:34} {f.unit:>10} {_value(f.min, f.unit):>8} {_value(f.median, f.unit):>8} "
            f"{_value(f.floor_min, f.unit):>9} {_value(f.floor_median, f.unit):>9} {ratio_min:>9} {ratio:>9} "
            f"{_budget(f.budget if f.judged else None):>7} {_budget(f.aim if f.judged else None):>6}  {verdict}"
        )
    return "\n".join(lines)


def _budget(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def write_json(path: Path, figures: Sequence[Figure], extra: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {**extra, "figures": [f.to_json() for f in figures]}
    path.write_text(json.dumps(document, indent=1) + "\n")


@contextmanager
def profiled(wanted: bool, title: str) -> Iterator[None]:
    """Run the block under pyinstrument and print where the time went, when `wanted`."""
    if not wanted:
        yield
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        print(f"\n===== pyinstrument: {title} =====")
        print(profiler.output_text(unicode=False, color=False, show_all=False))


@dataclass(frozen=True)
class Options:
    """How hard to measure: pairs per in-process figure, pairs per whole-process figure, what to profile."""

    repeat: int = 11
    process_repeat: int = 5
    profile: frozenset[str] = frozenset()
    min_seconds: float = 2.0  # in-process pairs go on until both sides took this long (see `paired`)

    def profile_action(self, name: str, action: Callable[[], object], times: int = 5) -> None:
        """With `--profile NAME`, run the measured side a few more times under pyinstrument."""
        if name in self.profile:
            with profiled(True, name):
                for _ in range(times):
                    action()
