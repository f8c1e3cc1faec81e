"""The bulk path for the large benchmark vault: diary entries written as plain rows, fast.

`fill_demo` writes half a million diary entries in about 50 s here, most of it SQLAlchemy building
parameters and the search index trigger firing per row. This writes the same kind of entries (the demo's
own sentences, one to three per entry; moods that drift; a learner's entry every 5 to 12 days from their
start; a reflection after about half of their meetings, linked to it; a third linked to the plan stage in
hand) as tuples through the vault's own DB-API connection with `executemany`, inside the caller's
transaction, with the insert trigger set aside and the FTS5 index rebuilt once at the end.

It also adds the learner with 500 entries whose timeline bench_diaries times.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from tutordesk.demo import diaries as pools
from tutordesk.domain.diary_models import DiaryEntry
from tutordesk.domain.models import Learner
from tutordesk.vault.unit_of_work import UnitOfWork

TIMELINE_ENTRIES = 500
LONG_DIARY_FAMILY_NAME = "Longdiary"  # how bench_diaries finds the learner with the long timeline
_CHUNK = 50_000
_COLUMNS = (
    "id", "learner_id", "diary", "written_on", "author", "mode", "journal_kind", "body", "mood", "mood_words",
    "progress", "setbacks", "key_points", "tasks", "next_meeting_on", "stage_lineage", "goal_lineage",
    "meeting_id", "created_at", "updated_at",
)  # fmt: skip
_INSERT = f"INSERT INTO diary_entry ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_MOOD_POOLS = {
    1: pools.LOW_DAYS,
    2: pools.LOW_DAYS,
    3: pools.MIDDLE_DAYS,
    4: pools.GOOD_DAYS,
    5: pools.GOOD_DAYS,
}


def write_diaries(uow: UnitOfWork, *, seed: int, today: date) -> int:
    """Diaries for every learner in the vault that has none yet; returns how many entries went in."""
    connection = uow.session.connection().connection.dbapi_connection
    assert connection is not None
    trigger = connection.execute(
        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'diary_entry_ai'"
    ).fetchone()
    if trigger is not None:
        # One rebuild of the index at the end costs a small fraction of 500,000 trigger runs. DDL is
        # transactional in SQLite: if anything fails, the rollback brings the trigger back.
        connection.execute("DROP TRIGGER diary_entry_ai")
    written = 0
    cursor = connection.cursor()
    for chunk in _chunks(_rows(connection, random.Random(seed * 7 + 3), today), _CHUNK):
        cursor.executemany(_INSERT, chunk)
        written += len(chunk)
    if trigger is not None:
        connection.execute("INSERT INTO diary_search(diary_search) VALUES ('rebuild')")
        connection.execute(trigger[0])
    return written


def _chunks(rows: Iterator[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _rows(connection: Any, rng: random.Random, today: date) -> Iterator[tuple[Any, ...]]:
    learners = connection.execute(
        """SELECT l.id, coalesce(nullif(l.preferred_name, ''), l.given_name), l.started_on, l.status,
                  coalesce(p.given_name || ' ' || p.family_name, 'Morgan Tutorwell')
           FROM learner AS l LEFT JOIN person AS p ON p.id = l.key_worker_id
           WHERE NOT EXISTS (SELECT 1 FROM diary_entry AS d WHERE d.learner_id = l.id)
           ORDER BY l.id"""
    ).fetchall()
    meetings: dict[int, list[tuple[int, str]]] = {}
    for meeting_id, learner_id, held_on in connection.execute(
        "SELECT id, learner_id, held_on FROM meeting ORDER BY learner_id, held_on"
    ):
        meetings.setdefault(learner_id, []).append((meeting_id, held_on))
    stages: dict[int, list[tuple[str, str, str | None]]] = {}
    for learner_id, lineage, title, target_on in connection.execute(
        """SELECT v.learner_id, s.lineage, s.title, s.target_on FROM plan_stage AS s
           JOIN plan_version AS v ON v.id = s.plan_version_id WHERE v.status = 'agreed'
           ORDER BY v.learner_id, s.position"""
    ):
        stages.setdefault(learner_id, []).append((lineage, title, target_on))
    next_id = (connection.execute("SELECT max(id) FROM diary_entry").fetchone()[0] or 0) + 1
    for learner_id, name, started_on, status, tutor in learners:
        started = date.fromisoformat(started_on) if started_on else today - timedelta(days=120)
        last = today - timedelta(days=rng.randint(40, 90)) if status == "closed" else today
        own = _own_entries(rng, learner_id, name, started, last, stages.get(learner_id, []))
        for row in own:
            yield (next_id, *row)
            next_id += 1
        for meeting_id, held_on in meetings.get(learner_id, []):
            if held_on <= last.isoformat() and rng.random() < pools.REFLECTION_SHARE:
                yield (next_id, *_reflection(rng, learner_id, name, tutor, held_on, meeting_id))
                next_id += 1


def _own_entries(
    rng: random.Random,
    learner_id: int,
    name: str,
    started: date,
    last: date,
    stages: Sequence[tuple[str, str, str | None]],
) -> Iterator[tuple[Any, ...]]:
    mood = float(rng.choice((2, 2, 3, 3, 3, 4)))
    drift = rng.choice((0.04, 0.03, 0.02, 0.0, -0.01))  # most learners feel a little better over time
    day = started + timedelta(days=rng.randint(1, 10))
    while day <= last:
        mood = min(5.0, max(1.0, mood + drift + rng.uniform(-0.45, 0.45)))
        level = round(mood)
        pool = _MOOD_POOLS[level]
        body = " ".join(rng.sample(pool, rng.choice((1, 1, 2, 2, 3))))
        lineage = ""
        written_on = day.isoformat()
        if stages and rng.random() < pools.STAGE_LINK_SHARE:
            lineage, title, _ = next((s for s in stages if s[2] is None or s[2] >= written_on), stages[-1])
            body = rng.choice(pools.STAGE_LINES.get(title, (body,)))
        stamp = f"{written_on} 16:30:00.000000"
        yield (
            learner_id, "learner", written_on, name, "written", "", body, level,
            rng.choice(pools.MOOD_WORDS[level]) if rng.random() < 0.8 else "",
            rng.choice(pools.PROGRESS) if rng.random() < 0.3 else "",
            rng.choice(pools.SETBACKS) if level <= 3 and rng.random() < 0.3 else "",
            "",
            "\n".join(rng.sample(pools.LEARNER_TASKS, rng.randint(1, 2))) if rng.random() < 0.25 else "",
            None, lineage, "", None, stamp, stamp,
        )  # fmt: skip
        day += timedelta(days=rng.randint(*pools.LEARNER_GAP_DAYS))


def _reflection(
    rng: random.Random, learner_id: int, name: str, tutor: str, held_on: str, meeting_id: int
) -> tuple[Any, ...]:
    next_on = date.fromisoformat(held_on) + timedelta(days=rng.choice((7, 14)))
    stamp = f"{held_on} 16:30:00.000000"
    return (
        learner_id, "practitioner", held_on, tutor, "written", "",
        rng.choice(pools.REFLECTIONS).format(name=name), None, "", "", "",
        rng.choice(pools.KEY_POINTS) if rng.random() < 0.6 else "",
        rng.choice(pools.PRACTITIONER_TASKS) if rng.random() < 0.4 else "",
        next_on.isoformat() if rng.random() < 0.5 else None, "", "", meeting_id, stamp, stamp,
    )  # fmt: skip


def add_long_diary(uow: UnitOfWork, *, today: date) -> int:
    """One learner with TIMELINE_ENTRIES entries of both diaries (bench_diaries times their timeline)."""
    learner = Learner(
        given_name="Tam", family_name=LONG_DIARY_FAMILY_NAME, notes="Fictional benchmark learner."
    )
    uow.session.add(learner)
    uow.session.flush()
    rows = []
    sentences = pools.MIDDLE_DAYS + pools.GOOD_DAYS + pools.LOW_DAYS
    for n in range(TIMELINE_ENTRIES):
        day = today - timedelta(days=2 * n)
        own = n % 10 < 7
        stamp = datetime.combine(day, datetime.min.time(), UTC)
        rows.append(
            {
                "learner_id": learner.id,
                "diary": "learner" if own else "practitioner",
                "written_on": day,
                "author": "Tam" if own else "Morgan Tutorwell",
                "mode": "written",
                "journal_kind": "",
                "body": sentences[n % len(sentences)]
                if own
                else pools.REFLECTIONS[n % 12].format(name="Tam"),
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
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    uow.session.connection().execute(insert(DiaryEntry), rows)
    return int(learner.id or 0)
