"""Diary figures, each against a raw floor measured in the same run (run them with bench/run.py).

- diary_search: `diaries.search` for a handful of typed words (unit of work, FTS5 statement, ranked hits
  with marked snippets) vs. the very same statements and parameters on a bare sqlcipher3 connection,
  `fetchall()`. The statements are captured from the service, so both sides always run the same SQL.
  Times are per search.
- diary_save_entry: `diaries.save_entry` and commit (unit of work, checks, ORM flush, FTS5 trigger, fsync)
  vs. the same captured INSERT and COMMIT on a connection with the same pragmas.
- diary_timeline_500: `diaries.timeline` for the learner with 500 entries (medium and large vaults) vs.
  its captured SELECT, raw.

The entries the save figure adds are deleted again, so a kept vault stays as it was built.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text

from bench.bulk import LONG_DIARY_FAMILY_NAME, TIMELINE_ENTRIES
from bench.floors import raw_connection, replay
from bench.scales import BuiltVault
from bench.timing import Figure, Options, ms, paired
from tutordesk.domain.models import Learner
from tutordesk.services.diaries import entries as diaries
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

#: What a tutor might type: common words (hundreds of matches to rank), a prefix, two words, a rare word.
SEARCHES = ("bus", "maths", "garag", "taster week", "overslept", "marigold")
BENCH_AUTHOR = "bench"  # marks the entries the save figure adds, so they are removed afterwards


def diary_figures(built: BuiltVault, vault: Vault, options: Options, today: date) -> list[Figure]:
    scale = built.scale.name
    raw = raw_connection(built.path, bytes(vault.key_bytes()))
    figures = []
    try:
        figures.append(_search(scale, vault, raw, options))
        figures.append(_save(scale, vault, raw, options, today))
        with vault.unit_of_work() as uow:
            busiest = uow.session.execute(
                select(Learner.id).where(Learner.family_name == LONG_DIARY_FAMILY_NAME)
            ).scalar()
        if busiest is not None:
            figures.append(_timeline(scale, vault, raw, options, busiest))
    finally:
        raw.close()
    return figures


def _search(scale: str, vault: Vault, raw: object, options: Options) -> Figure:
    with recorded_statements(vault.engine) as statements, vault.unit_of_work() as uow:
        hits = {typed: len(diaries.search(uow, typed=typed)) for typed in SEARCHES}
    searches = [s for s in statements if "diary_search MATCH" in s[0]]
    assert len(searches) == len(SEARCHES)

    def service() -> None:
        with vault.unit_of_work() as uow:
            for typed in SEARCHES:
                diaries.search(uow, typed=typed)

    measured, floor = paired(
        service, lambda: replay(raw, searches), options.repeat, min_seconds=options.min_seconds
    )
    options.profile_action("diary_search", service)
    # Reported per search, as the aim is put: one search typed, its hits shown.
    return Figure(
        "diary_search",
        scale,
        ms(measured, len(SEARCHES)),
        ms(floor, len(SEARCHES)),
        note="hits (at most 200): " + ", ".join(f"{k} {v}" for k, v in hits.items()),
    )


def _save(scale: str, vault: Vault, raw: object, options: Options, today: date) -> Figure:
    with vault.unit_of_work() as uow:
        learner_id = uow.session.execute(select(Learner.id).order_by(Learner.id).limit(1)).scalar_one()
    entry = diaries.EntryInput(
        written_on=today,
        author=BENCH_AUTHOR,
        body="Came in every day this week and finished the gearbox unit.",
        mood=4,
        mood_words="pretty good",
        progress="On time four days out of five.",
    )

    def service() -> None:
        with vault.unit_of_work() as uow:
            diaries.save_entry(uow, learner_id=learner_id, entry=entry)
            uow.commit()

    with recorded_statements(vault.engine) as statements:
        service()
    [(insert_sql, insert_parameters)] = [s for s in statements if s[0].startswith("INSERT INTO diary_entry")]

    def raw_save() -> None:
        raw.execute("BEGIN")  # type: ignore[attr-defined]
        raw.execute(insert_sql, insert_parameters)  # type: ignore[attr-defined]
        raw.execute("COMMIT")  # type: ignore[attr-defined]

    try:
        measured, floor = paired(service, raw_save, options.repeat, min_seconds=options.min_seconds)
        options.profile_action("diary_save_entry", service)
    finally:
        with vault.unit_of_work() as uow:
            uow.session.execute(text("DELETE FROM diary_entry WHERE author = :a"), {"a": BENCH_AUTHOR})
            uow.commit()
    return Figure("diary_save_entry", scale, ms(measured), ms(floor))


def _timeline(scale: str, vault: Vault, raw: object, options: Options, learner_id: int) -> Figure:
    with recorded_statements(vault.engine) as statements, vault.unit_of_work() as uow:
        shown = len(diaries.timeline(uow, learner_id=learner_id))
    assert shown == TIMELINE_ENTRIES and len(statements) == 1

    def service() -> None:
        with vault.unit_of_work() as uow:
            diaries.timeline(uow, learner_id=learner_id)

    measured, floor = paired(
        service, lambda: replay(raw, statements), options.repeat, min_seconds=options.min_seconds
    )
    options.profile_action("diary_timeline_500", service)
    return Figure("diary_timeline_500", scale, ms(measured), ms(floor))
