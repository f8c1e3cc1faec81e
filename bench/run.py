"""The benchmark: one command that builds the vaults and measures every budget in bench/budgets.toml.

    python3 dev.py bench [--scale small|medium|large|all] [--short] [--json FILE] [--repeat N]
                         [--fresh] [--only NAMES] [--profile NAMES]

(`dev.py bench` sets up the project's virtual environment first; `.venv/bin/python bench/run.py …` is the
same once it exists.)

Each figure is a ratio against a raw floor measured in the same run, pair by pair; min and median are
printed, absolute times beside them. Writes the figures as JSON and exits 1 when a budget is broken (2 when
a figure could not be taken), 0 otherwise. `--short` is the tiny version for CI: the small vault, 2 pairs.
`--profile NAME[,NAME]` runs those figures' TutorDesk side again under pyinstrument and prints where the
time went. Vaults are kept in the system's temporary folder (bench/scales.py); `--fresh` builds them again.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:  # run with the project's virtual environment even when started as `python3 bench/run.py`
    import sqlmodel  # noqa: F401
except ImportError:  # pragma: no cover - depends on how it is started
    VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
    if VENV_PYTHON.exists() and Path(sys.executable) != VENV_PYTHON:
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), __file__, *sys.argv[1:]])  # noqa: S606 - our own venv
    print("The benchmark needs TutorDesk's environment: run `python3 dev.py bench` instead.", file=sys.stderr)
    raise SystemExit(2) from None

import argparse  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date, datetime  # noqa: E402
from typing import Any  # noqa: E402

from bench.scales import CACHE, SCALES, BuiltVault, vault_for  # noqa: E402
from bench.timing import Figure, Options, judge, load_budgets, table, write_json  # noqa: E402

#: Every figure, by the group that takes it; `--only` picks groups by any of their figures' names.
GROUPS: dict[str, tuple[str, ...]] = {
    "start": ("start_to_painted_caseload", "memory_painted_caseload", "start_vs_modules_only_floor"),
    "cli": ("cli_learners_list",),
    "open": ("open_with_stored_key", "unlock_with_passphrase"),
    "caseload": ("caseload_query",),
    "diaries": ("diary_search", "diary_save_entry", "diary_timeline_500"),
    "pdf": ("handover_pack_pdf",),
    "followup": ("attendance_import_1000",),
    "window": ("statements_caseload", "filter_keystroke", "sort_column"),
    "changes": ("save_to_window_answers", "save_to_window_answers_full_refresh"),
    "learner": (
        "open_learner_profile",
        "statements_open_learner",
        *(
            f"{kind}_{tab}"
            for tab in ("plans", "diaries", "mentoring", "transitions")
            for kind in ("switch_to", "statements")
        ),
    ),
}


def _wanted(only: set[str], group: str) -> bool:
    return not only or any(name.startswith(w) for name in GROUPS[group] for w in only) or group in only


def measure_scale(built: BuiltVault, options: Options, only: set[str], errors: list[str]) -> list[Figure]:
    """Every figure at one scale: whole processes first (the vault closed), then in this process."""
    from bench import (
        bench_changes,
        bench_diaries,
        bench_followup,
        bench_learner,
        bench_pdf,
        bench_start,
        bench_vault,
        bench_window,
    )

    today = date.today()
    figures: list[Figure] = []

    def take(group: str, action: Callable[[], list[Figure]]) -> None:
        if not _wanted(only, group):
            return
        started = time.perf_counter()
        print(f"[{built.scale.name}] {group}…", flush=True)
        try:
            figures.extend(action())
        except Exception:  # noqa: BLE001 - one broken figure must not lose the others
            errors.append(f"{built.scale.name} {group}: {traceback.format_exc()}")
            print(errors[-1], file=sys.stderr, flush=True)
        print(f"[{built.scale.name}] {group}: {time.perf_counter() - started:.1f} s", flush=True)

    take("start", lambda: bench_start.start_figures(built, options))
    take("cli", lambda: [bench_vault.cli_figure(built, options, today)])
    take("open", lambda: bench_vault.open_figures(built, options))
    vault = built.open()
    try:
        take("caseload", lambda: [bench_vault.caseload_figure(built, vault, options, today)])
        take("diaries", lambda: bench_diaries.diary_figures(built, vault, options, today))
        take("pdf", lambda: [bench_pdf.pdf_figure(built, vault, options, today)])
        take("followup", lambda: bench_followup.followup_figures(built, vault, options, today))
        if any(_wanted(only, group) for group in ("window", "learner", "changes")):
            with bench_window.open_window(vault, today) as (window, statements):
                take("window", lambda: bench_window.caseload_figures(built, window, statements, options))
                take("learner", lambda: bench_learner.learner_figures(built, vault, window, options))
                take("changes", lambda: bench_changes.save_figures(built, vault, window, options))
    finally:
        vault.close()
    if only:
        figures = [f for f in figures if any(f.name.startswith(w) for w in only) or _group_of(f.name) in only]
    return figures


def _group_of(name: str) -> str:
    return next((group for group, names in GROUPS.items() if name in names), "")


def machine() -> dict[str, Any]:
    import PySide6
    import reportlab
    import sqlalchemy

    from tutordesk.vault import engine as sql

    connection = sql.driver().connect(":memory:")
    cipher = connection.execute("PRAGMA cipher_version").fetchone()[0]
    sqlite = connection.execute("SELECT sqlite_version()").fetchone()[0]
    connection.close()
    memory_kib = (
        next(
            (
                int(line.split()[1])
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            ),
            0,
        )
        if Path("/proc/meminfo").exists()
        else 0
    )
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlcipher": cipher,
        "sqlite": sqlite,
        "sqlalchemy": sqlalchemy.__version__,
        "pyside6": PySide6.__version__,
        "reportlab": reportlab.Version,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=[*SCALES, "all"], default="all")
    parser.add_argument("--short", action="store_true", help="the tiny version for CI: small vault, 2 pairs")
    parser.add_argument(
        "--json", type=Path, default=None, help=f"where to write the result (default {CACHE}/result.json)"
    )
    parser.add_argument(
        "--repeat", type=int, default=11, help="pairs per in-process figure (whole processes: half)"
    )
    parser.add_argument("--fresh", action="store_true", help="build the vaults again")
    parser.add_argument(
        "--only", default="", help="comma-separated figure names (or their beginnings) or groups"
    )
    parser.add_argument(
        "--profile", default="", help="comma-separated figure names to profile with pyinstrument"
    )
    args = parser.parse_args(argv)
    import keyring

    from tests.support.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())  # the stored-key figure must never touch the real keychain
    scales = ["small"] if args.short else list(SCALES) if args.scale == "all" else [args.scale]
    repeat = 2 if args.short else max(1, args.repeat)
    options = Options(
        repeat=repeat,
        process_repeat=repeat if args.short else max(3, (repeat + 1) // 2),
        profile=frozenset(filter(None, args.profile.split(","))),
        min_seconds=0.0 if args.short else 2.0,
    )
    only = set(filter(None, args.only.split(",")))
    budgets = load_budgets()
    started_at = datetime.now().astimezone()
    load_before = os.getloadavg()
    figures: list[Figure] = []
    builds: dict[str, Any] = {}
    errors: list[str] = []
    for name in scales:
        begun = time.perf_counter()
        built = vault_for(SCALES[name], fresh=args.fresh)
        builds[name] = {
            "build_seconds": built.build_seconds,
            "built_now": built.built_now,
            "ready_seconds": round(time.perf_counter() - begun, 1),
            "counts": built.counts,
            "path": str(built.path),
        }
        print(
            f"[{name}] vault {'built' if built.built_now else 'kept from an earlier run'}: "
            f"{built.build_seconds:.1f} s to build; {built.counts}",
            flush=True,
        )
        figures.extend(judge(f, budgets) for f in measure_scale(built, options, only, errors))
    print()
    print(table(figures))
    broken = [f for f in figures if f.passed is False]
    result = {
        "date": started_at.isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "options": {"scales": scales, "repeat": options.repeat, "process_repeat": options.process_repeat},
        "builds": builds,
        "errors": errors,
    }
    target = args.json or CACHE / "result.json"
    write_json(target, figures, result)
    print(f"\n{len(figures)} figures, {len(broken)} budgets broken, {len(errors)} errors; JSON in {target}")
    if errors:
        return 2
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
