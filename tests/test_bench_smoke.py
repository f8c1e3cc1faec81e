"""The benchmark harness keeps working: its short mode runs end to end and reports every figure.

No time is asserted anywhere (the machines are shared and noisy): only that each figure was taken, judged
against bench/budgets.toml, written as JSON, and that the exit status says whether a budget broke.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bench.run import GROUPS
from bench.timing import Figure, judge, load_budgets

REPO = Path(__file__).resolve().parent.parent
#: The small vault has no learner with a 500-entry timeline; every other figure is taken at every scale.
NOT_AT_SMALL = {"diary_timeline_500"}
FIELDS = {
    "figure",
    "scale",
    "min",
    "median",
    "floor",
    "ratio",
    "budget",
    "pass",
    "unit",
    "ratio_min",
    "floor_min",
}


@pytest.fixture(scope="module")
def short_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict]:
    folder = tmp_path_factory.mktemp("bench")
    result_file = folder / "result.json"
    env = {**os.environ, "TUTORDESK_BENCH_CACHE": str(folder / "cache"), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "bench/run.py", "--short", "--json", str(result_file)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode in (0, 1), run.stdout[-3000:] + run.stderr[-3000:]  # 2: a figure could not be taken
    return run, json.loads(result_file.read_text())


def test_the_short_run_takes_every_figure_at_the_small_scale(short_run: tuple) -> None:
    _, result = short_run
    expected = {name for names in GROUPS.values() for name in names} - NOT_AT_SMALL
    assert {f["figure"] for f in result["figures"]} == expected
    assert {f["scale"] for f in result["figures"]} == {"small"}
    assert result["errors"] == []
    assert result["builds"]["small"]["counts"]["learner"] == 50


def test_each_figure_has_its_fields_a_floor_and_its_budget(short_run: tuple) -> None:
    _, result = short_run
    budgets = load_budgets()
    for figure in result["figures"]:
        assert FIELDS <= set(figure), figure["figure"]
        assert figure["min"] <= figure["median"], figure["figure"]
        assert figure["figure"] in budgets, f"{figure['figure']} has no budget in bench/budgets.toml"
        if figure["figure"] != "statements_caseload":  # a count judged on its own, not against a floor
            assert figure["floor"] > 0 and figure["ratio"] > 0, figure["figure"]
        if budgets[figure["figure"]].get("scales") == []:  # for comparison only, never judged
            assert figure["pass"] is None, figure["figure"]
        else:  # every budget is judged at the small scale
            assert figure["pass"] in (True, False), figure["figure"]


def test_the_exit_status_and_the_table_say_whether_a_budget_broke(short_run: tuple) -> None:
    run, result = short_run
    broken = [f["figure"] for f in result["figures"] if f["pass"] is False]
    assert run.returncode == (1 if broken else 0)
    assert f"{len(broken)} budgets broken" in run.stdout
    for name in broken:
        assert any(name in line and "BROKEN" in line for line in run.stdout.splitlines())


def test_every_budget_names_a_figure_the_benchmark_takes() -> None:
    budgets = tomllib.loads((REPO / "bench" / "budgets.toml").read_text())
    taken = {name for names in GROUPS.values() for name in names}
    assert set(budgets) <= taken


def test_a_figure_breaks_its_budget_on_the_median_ratio_or_the_aim() -> None:
    budgets = {"demo": {"max_ratio": 2.0, "aim_ms": 50}, "narrow": {"max_ratio": 1.0, "scales": ["large"]}}
    over = judge(Figure("demo", "small", [10, 30, 40], [10, 10, 10]), budgets)
    within = judge(Figure("demo", "small", [10, 12, 40], [10, 10, 10]), budgets)
    too_slow = judge(Figure("demo", "small", [60, 60, 60], [40, 40, 40]), budgets)
    one_odd_pair = judge(Figure("demo", "small", [10, 30, 40], [5, 5, 100]), budgets)
    elsewhere = judge(Figure("narrow", "small", [9, 9], [1, 1]), budgets)
    assert over.ratio == 3.0 and over.ratio_min == 1.0 and over.passed is False  # pair ratios 1, 3, 4
    assert within.ratio == 1.2 and within.passed is True
    assert (
        too_slow.ratio == 1.5 and too_slow.passed is False and too_slow.broken == ["median 60.0 ms > 50 ms"]
    )
    assert one_odd_pair.ratio == 2.0 and one_odd_pair.passed is True  # pair ratios 2, 6, 0.4
    assert elsewhere.passed is None and elsewhere.to_json()["budget"] is None
