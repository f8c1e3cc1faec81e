"""Diary benchmarks on a vault of about 50,000 entries, each as a ratio against a raw floor in the same run.

    python bench/bench_diaries.py [--learners 1000] [--repeat 15] [--fresh]

- diary_search_50000: `diaries.search` for a handful of typed words (unit of work, FTS5 statement, ranked
  hits with marked snippets) vs. the very same statements and parameters on a bare sqlcipher3 connection,
  `fetchall()`. The statements are captured from the service, so both sides always run the same SQL.
  Times are per search.
- diary_save_entry: `diaries.save_entry` and commit (unit of work, checks, ORM flush, FTS5 trigger, fsync)
  vs. one raw INSERT of the same entry and COMMIT on a connection with the same pragmas.
- diary_timeline_500: `diaries.timeline` for a learner with 500 entries vs. its captured SELECT, raw.

The vault is built once (demo learners with their diaries, plus one learner with 500 entries) and kept in
the system's temporary folder for the next run; `--fresh` builds it again. Absolute medians are printed
beside the aims for information only; the script exits 1 when a median ratio breaks bench/budgets.toml.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, insert, select, text  # noqa: E402

from tutordesk.domain.diary_models import DiaryEntry  # noqa: E402
from tutordesk.domain.models import Learner  # noqa: E402
from tutordesk.services import demo as demo_module  # noqa: E402
from tutordesk.services import demo_diaries, diaries  # noqa: E402
from tutordesk.vault import engine as sql  # noqa: E402
from tutordesk.vault.key_file import KdfCost  # noqa: E402
from tutordesk.vault.vault import Unlock, Vault  # noqa: E402

PASSPHRASE = "benchmark passphrase"
TODAY = date(2026, 11, 20)
TIMELINE_ENTRIES = 500
#: What a tutor might type: common words (hundreds of matches to rank), a prefix, two words, a rare word.
SEARCHES = ("bus", "maths", "garag", "taster week", "overslept", "marigold")
#: The design's aims in milliseconds, printed beside the medians; the budgets are the ratios.
AIMS_MS = {"diary_search_50000": 50.0, "diary_save_entry": 5.0, "diary_timeline_500": 100.0}
BENCH_AUTHOR = "bench"  # marks the entries the save benchmark adds, so they are removed afterwards


def paired_ratio(
    action: Callable[[], object], floor: Callable[[], object], repeat: int
) -> tuple[float, float, float]:
    """Median of per-pair ratios (A then floor, alternating), robust to drifting machine speed."""
    action()
    floor()
    ratios, a_times, f_times = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        a = time.perf_counter() - start
        start = time.perf_counter()
        floor()
        f = time.perf_counter() - start
        ratios.append(a / f)
        a_times.append(a)
        f_times.append(f)
    return statistics.median(ratios), statistics.median(a_times), statistics.median(f_times)


def build(path: Path, learners: int) -> None:
    """Demo learners with their diaries, then one learner with TIMELINE_ENTRIES entries of both diaries."""
    started = time.perf_counter()
    with Vault.create(path, PASSPHRASE, cost=KdfCost.fast_for_tests()) as vault:
        timed: dict[str, float] = {}
        real_fill = demo_diaries.fill_demo_diaries

        def fill_and_time(*args: Any, **kwargs: Any) -> int:
            begun = time.perf_counter()
            try:
                return real_fill(*args, **kwargs)
            finally:
                timed["diaries"] = time.perf_counter() - begun

        demo_module.fill_demo_diaries = fill_and_time  # type: ignore[assignment]
        try:
            with vault.unit_of_work() as uow:
                summary = demo_module.fill_demo(uow, learners=learners, seed=1, today=TODAY)
                uow.commit()
        finally:
            demo_module.fill_demo_diaries = real_fill  # type: ignore[assignment]
        with vault.unit_of_work() as uow:
            learner = Learner(given_name="Tam", family_name="Longdiary", notes="Fictional benchmark learner.")
            uow.session.add(learner)
            uow.session.flush()
            rows = []
            pools = demo_diaries.MIDDLE_DAYS + demo_diaries.GOOD_DAYS + demo_diaries.LOW_DAYS
            for n in range(TIMELINE_ENTRIES):
                day = TODAY - timedelta(days=2 * n)
                own = n % 10 < 7
                rows.append(
                    {
                        "learner_id": learner.id,
                        "diary": "learner" if own else "practitioner",
                        "written_on": day,
                        "author": "Tam" if own else "Morgan Tutorwell",
                        "mode": "written",
                        "journal_kind": "",
                        "body": pools[n % len(pools)]
                        if own
                        else demo_diaries.REFLECTIONS[n % 12].format(name="Tam"),
                        "mood": 1 + n % 5 if own else None,
                        "mood_words": "",
                        "progress": "",
                        "setbacks": "",
                        "key_points": "",
                        "tasks": "",
                        "next_meeting_on": None,
                        "stage_lineage": "",
                        "goal_lineage": "",
                        "meeting_id": None,
                        "created_at": datetime.combine(day, datetime.min.time(), UTC),
                        "updated_at": datetime.combine(day, datetime.min.time(), UTC),
                    }
                )
            uow.session.connection().execute(insert(DiaryEntry), rows)
            uow.commit()
    print(
        f"Built {path.name}: {summary.learners} demo learners, {summary.diary_entries} diary entries written by "
        f"the demo in {timed['diaries']:.1f} s, plus {TIMELINE_ENTRIES} for one learner; "
        f"{time.perf_counter() - started:.1f} s in all."
    )


@contextmanager
def captured(vault: Vault) -> Iterator[list[tuple[str, Any]]]:
    """The statements (and parameters) the services send, to replay them on a bare connection."""
    seen: list[tuple[str, Any]] = []

    def listener(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if statement != "BEGIN":
            seen.append((statement, parameters))

    event.listen(vault.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(vault.engine, "before_cursor_execute", listener)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--fresh", action="store_true", help="build the vault again")
    args = parser.parse_args()
    budgets = tomllib.loads((ROOT / "bench" / "budgets.toml").read_text())
    folder = Path(tempfile.gettempdir()) / "tutordesk-bench-diaries"
    path = folder / f"diaries-{args.learners}.vault"
    if args.fresh or not path.exists():
        shutil.rmtree(folder, ignore_errors=True)
        build(path, args.learners)

    results: dict[str, tuple[float, float, float]] = {}
    vault = Vault.open(path, Unlock(passphrase=PASSPHRASE, use_keychain=False))
    key = bytes(vault.key_bytes())
    raw = sql.connect(path, key)  # TutorDesk's pragmas, no SQLAlchemy: the floor for every figure
    try:
        with vault.unit_of_work() as uow:
            total = uow.session.execute(select(func.count()).select_from(DiaryEntry)).scalar_one()
            busiest = uow.session.execute(
                select(Learner.id).where(Learner.family_name == "Longdiary")
            ).scalar_one()

        # (a) search
        with captured(vault) as statements, vault.unit_of_work() as uow:
            hits = {typed: len(diaries.search(uow, typed)) for typed in SEARCHES}
        searches = [s for s in statements if "diary_search MATCH" in s[0]]
        assert len(searches) == len(SEARCHES)

        def service_search() -> None:
            with vault.unit_of_work() as uow:
                for typed in SEARCHES:
                    diaries.search(uow, typed)

        def raw_search() -> None:
            for statement, parameters in searches:
                raw.execute(statement, parameters).fetchall()

        ratio, measured, floor = paired_ratio(service_search, raw_search, args.repeat)
        # Reported per search, as the aim is put: one search typed, its hits shown.
        results["diary_search_50000"] = (ratio, measured / len(SEARCHES), floor / len(SEARCHES))

        # (b) saving an entry
        entry = diaries.EntryInput(
            written_on=TODAY,
            author=BENCH_AUTHOR,
            body="Came in every day this week and finished the gearbox unit.",
            mood=4,
            mood_words="pretty good",
            progress="On time four days out of five.",
        )

        def service_save() -> None:
            with vault.unit_of_work() as uow:
                diaries.save_entry(uow, busiest, entry)
                uow.commit()

        with captured(vault) as statements:
            service_save()
        [(insert_sql, insert_parameters)] = [
            s for s in statements if s[0].startswith("INSERT INTO diary_entry")
        ]

        def raw_save() -> None:
            raw.execute("BEGIN")
            raw.execute(insert_sql, insert_parameters)
            raw.execute("COMMIT")

        results["diary_save_entry"] = paired_ratio(service_save, raw_save, args.repeat)

        # (c) the timeline of a learner with 500 entries (the save benchmark's own entries left out)
        with vault.unit_of_work() as uow:
            uow.session.execute(text("DELETE FROM diary_entry WHERE author = :a"), {"a": BENCH_AUTHOR})
            uow.commit()
        with captured(vault) as statements, vault.unit_of_work() as uow:
            shown = len(diaries.timeline(uow, busiest))
        [(timeline_sql, timeline_parameters)] = statements

        def service_timeline() -> None:
            with vault.unit_of_work() as uow:
                assert len(diaries.timeline(uow, busiest)) == TIMELINE_ENTRIES

        def raw_timeline() -> None:
            assert len(raw.execute(timeline_sql, timeline_parameters).fetchall()) == TIMELINE_ENTRIES

        results["diary_timeline_500"] = paired_ratio(service_timeline, raw_timeline, args.repeat)
    finally:
        raw.close()
        vault.close()

    print(f"{total} diary entries; hits per search (at most 200): {json.dumps(hits)}; timeline of {shown}")
    print(f"{'figure':24} {'median':>10} {'floor':>10} {'ratio':>8} {'budget':>8} {'aim':>9}")
    failed = False
    report: dict[str, dict[str, float | None]] = {}
    for name, (ratio, measured, floor) in results.items():
        budget = budgets.get(name, {}).get("max_ratio")
        over = budget is not None and ratio > budget
        failed |= over
        print(
            f"{name:24} {measured * 1000:9.2f}ms {floor * 1000:9.2f}ms {ratio:8.2f} {budget or '-':>8} "
            f"{'<' + format(AIMS_MS[name], 'g') + 'ms':>9}{'  OVER' if over else ''}"
        )
        report[name] = {
            "median_ms": measured * 1000,
            "floor_ms": floor * 1000,
            "ratio": ratio,
            "budget": budget,
        }
    print(json.dumps(report, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
