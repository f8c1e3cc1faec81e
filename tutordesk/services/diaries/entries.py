"""Diaries: write, read and delete entries of the learner's diary, the practitioner's reflections and the
practice journal; keep spoken entries' audio in the vault; search every diary through FTS5.

The three diaries never mix: every query names the diaries it reads, and the practitioner's reflections and
the practice journal are never part of anything made for others (see `diary_extract`). Deleting an entry
removes its words from the table, the search index (secure-delete) and any stored extract that quoted it;
`erase_traces` then empties the WAL, so the words are gone from every file once the deletion is committed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy import select as select_columns  # sqlmodel's own `select` is typed for four columns at most
from sqlmodel import col, select

from tutordesk.domain import dates
from tutordesk.domain.diary_enums import DiaryKind, EntryMode, JournalKind
from tutordesk.domain.diary_models import DiaryAudio, DiaryEntry
from tutordesk.domain.models import Learner, utc_now
from tutordesk.errors import BadInput
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import UnitOfWork

#: What a learner's Diaries tab shows unless filtered: both diaries about the learner.
ABOUT_THE_LEARNER = frozenset({DiaryKind.LEARNER.value, DiaryKind.PRACTITIONER.value})
#: Characters marking a match in a search snippet (the UI turns them into highlighting after escaping).
MATCH_START, MATCH_END = "\x02", "\x03"
MAX_AUDIO_BYTES = 64 * 1024 * 1024  # about an hour of speech as compressed audio, or six minutes as WAV


@dataclass(frozen=True, slots=True)
class EntryInput:
    written_on: date
    diary: str = DiaryKind.LEARNER.value
    author: str = ""
    mode: str = EntryMode.WRITTEN.value
    journal_kind: str = ""
    body: str = ""
    mood: int | None = None
    mood_words: str = ""
    progress: str = ""
    setbacks: str = ""
    key_points: str = ""
    tasks: str = ""
    next_meeting_on: date | None = None
    stage_lineage: str = ""
    goal_lineage: str = ""
    meeting_id: int | None = None


@dataclass(frozen=True, slots=True)
class EntryView(EntryInput):
    id: int = 0
    learner_id: int | None = None
    audio_ms: int | None = None  # the recording's length, when there is one
    has_audio: bool = False
    updated_at: datetime | None = None

    def text(self) -> str:
        """Everything written in the entry, one part per line (for previews)."""
        parts = (self.body, self.mood_words, self.progress, self.setbacks, self.key_points, self.tasks)
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class SearchHit:
    entry_id: int
    learner_id: int | None
    learner_name: str  # "" for the practice journal
    diary: str
    written_on: date
    snippet: str  # the matched words between MATCH_START and MATCH_END


_INPUT_FIELDS = tuple(f.name for f in fields(EntryInput))
_TEXT_FIELDS = frozenset(f.name for f in fields(EntryInput) if f.type == "str")


# --- reading -------------------------------------------------------------------------------------------


def timeline(
    uow: UnitOfWork,
    *,
    learner_id: int,
    diaries: Iterable[str] = ABOUT_THE_LEARNER,
    since: date | None = None,
    until: date | None = None,
    mode: str | None = None,
) -> list[EntryView]:
    """A learner's entries of the chosen diaries, newest first, in one statement (audio left in the vault)."""
    wanted = _diaries(diaries) - {DiaryKind.JOURNAL.value}
    return _entries(uow, DiaryEntry.learner_id == learner_id, wanted, since, until, mode)


def journal(
    uow: UnitOfWork, *, since: date | None = None, until: date | None = None, kind: str | None = None
) -> list[EntryView]:
    """The practice journal, newest first."""
    condition = col(DiaryEntry.learner_id).is_(None)
    entries = _entries(uow, condition, {DiaryKind.JOURNAL.value}, since, until, None)
    return [e for e in entries if kind is None or e.journal_kind == kind]


def load_entry(uow: UnitOfWork, *, entry_id: int) -> EntryView:
    """One diary or journal entry, as the editor shows it; BadInput if it is gone."""
    views = _entries(uow, DiaryEntry.id == entry_id, {k.value for k in DiaryKind}, None, None, None)
    if not views:
        raise BadInput("That diary entry is not in this vault any more.")
    return views[0]


def _entries(
    uow: UnitOfWork,
    condition: Any,
    diaries: set[str] | frozenset[str],
    since: date | None,
    until: date | None,
    mode: str | None,
) -> list[EntryView]:
    # Columns, not whole rows: building ORM objects for hundreds of entries costs twice the query itself.
    query = (
        select_columns(
            *(col(getattr(DiaryEntry, name)) for name in _INPUT_FIELDS),
            col(DiaryEntry.id),
            col(DiaryEntry.learner_id),
            col(DiaryEntry.updated_at),
            col(DiaryAudio.duration_ms),
            col(DiaryAudio.entry_id).is_not(None),
        )
        .outerjoin(DiaryAudio, col(DiaryAudio.entry_id) == DiaryEntry.id)
        .where(condition, col(DiaryEntry.diary).in_(sorted(diaries)))
        .order_by(col(DiaryEntry.written_on).desc(), col(DiaryEntry.id).desc())
    )
    if since is not None:
        query = query.where(col(DiaryEntry.written_on) >= since)
    if until is not None:
        query = query.where(col(DiaryEntry.written_on) <= until)
    if mode is not None:
        query = query.where(col(DiaryEntry.mode) == mode)
    count = len(_INPUT_FIELDS)
    return [
        EntryView(
            **dict(zip(_INPUT_FIELDS, row, strict=False)),
            id=row[count] or 0,
            learner_id=row[count + 1],
            updated_at=row[count + 2],
            audio_ms=row[count + 3],
            has_audio=bool(row[count + 4]),
        )
        for row in uow.session.execute(query).all()
    ]


def mood_trend(uow: UnitOfWork, *, learner_id: int) -> list[tuple[date, int]]:
    """The mood recorded in the learner's own diary, oldest first."""
    rows = uow.session.exec(
        select(col(DiaryEntry.written_on), col(DiaryEntry.mood))
        .where(
            DiaryEntry.learner_id == learner_id,
            DiaryEntry.diary == DiaryKind.LEARNER.value,
            col(DiaryEntry.mood).is_not(None),
        )
        .order_by(col(DiaryEntry.written_on), col(DiaryEntry.id))
    ).all()
    return [(day, int(mood)) for day, mood in rows if mood is not None]


# --- writing -------------------------------------------------------------------------------------------


def save_entry(
    uow: UnitOfWork, *, learner_id: int | None, entry: EntryInput, entry_id: int | None = None
) -> int:
    """Write a new entry (or change `entry_id`); returns its id. Runs in the caller's transaction."""
    _check(learner_id, entry)
    if entry_id is None:
        row = DiaryEntry(learner_id=learner_id, diary=entry.diary, written_on=entry.written_on)
    else:
        found = uow.session.get(DiaryEntry, entry_id)
        if found is None:
            raise BadInput("That diary entry is not in this vault any more.")
        if found.diary != entry.diary or found.learner_id != learner_id:
            raise BadInput("An entry stays in the diary it was written in.")
        row = found
        row.updated_at = utc_now()
    for name in _INPUT_FIELDS:
        value = getattr(entry, name)
        setattr(row, name, value.strip() if name in _TEXT_FIELDS and name != "body" else value)
    row.body = entry.body.rstrip()
    uow.session.add(row)
    uow.session.flush()
    return int(row.id or 0)


def delete_entry(uow: UnitOfWork, *, entry_id: int) -> None:
    """Delete an entry, its recording and its words in the search index; the audit keeps only that it was.

    After committing, call `erase_traces` so the words leave the write-ahead log as well.
    """
    row = uow.session.get(DiaryEntry, entry_id)
    if row is None:
        return
    subject = f"learner:{row.learner_id}" if row.learner_id is not None else "journal"
    diary = row.diary
    extracts = _extracts_quoting(uow, row) if diary == DiaryKind.LEARNER.value else []
    for document in extracts:
        uow.session.delete(document)  # the audit log keeps its fingerprint and the hash of the printed file
    uow.session.delete(row)
    audit.record(
        uow.session,
        "diary.entry_deleted",
        subject=subject,
        detail={"diary": diary, "entry": entry_id, "extracts_erased": len(extracts)},
    )
    uow.session.flush()


def _extracts_quoting(uow: UnitOfWork, entry: DiaryEntry) -> list[Any]:
    """The learner's stored diary extracts whose dates cover `entry`: they hold a copy of its words."""
    from tutordesk.documents.content import content_from_json
    from tutordesk.domain.plan_models import Document

    found = []
    for document in uow.session.exec(
        select(Document).where(Document.learner_id == entry.learner_id, Document.form_id == "diary_extract")
    ).all():
        values = content_from_json(document.content_json).values
        since, until = values.get("extract.from", ""), values.get("extract.to", "")
        if since and until and since <= entry.written_on.isoformat() <= until:
            found.append(document)
    return found


def erase_traces(engine: Engine) -> None:
    """Copy the WAL into the main file and empty it, so deleted words (overwritten by secure-delete) are gone
    from every file. Run after the deletion is committed; a busy reader just means it runs again later."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


# --- audio ---------------------------------------------------------------------------------------------


def set_audio(
    uow: UnitOfWork, *, entry_id: int, data: bytes, mime: str, duration_ms: int | None = None
) -> None:
    """Keep the recording of a spoken entry in the vault (replacing an earlier one)."""
    if not data:
        raise BadInput("The recording is empty.")
    if len(data) > MAX_AUDIO_BYTES:
        raise BadInput("The recording is too long to keep in a diary entry; record it in shorter parts.")
    entry = uow.session.get(DiaryEntry, entry_id)
    if entry is None:
        raise BadInput("That diary entry is not in this vault any more.")
    audio = uow.session.get(DiaryAudio, entry_id) or DiaryAudio(entry_id=entry_id, data=b"")
    audio.data, audio.mime, audio.duration_ms = bytes(data), mime, duration_ms
    entry.mode = EntryMode.SPOKEN.value
    uow.session.add_all([audio, entry])
    uow.session.flush()


def load_audio(uow: UnitOfWork, *, entry_id: int) -> tuple[bytes, str] | None:
    """The recording and its MIME type, straight from the vault into memory."""
    audio = uow.session.get(DiaryAudio, entry_id)
    return None if audio is None else (bytes(audio.data), audio.mime)


def remove_audio(uow: UnitOfWork, *, entry_id: int) -> None:
    """Remove an entry's spoken recording, if it has one."""
    audio = uow.session.get(DiaryAudio, entry_id)
    if audio is not None:
        uow.session.delete(audio)
        uow.session.flush()


# --- search --------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(typed: str) -> str:
    """What a person typed, as an FTS5 query: every word must appear, each also as the start of a longer one.

    Only word characters pass, each inside quotes, so no input can be read as FTS5 syntax.
    """
    return " ".join(f'"{word}"*' for word in _WORD.findall(typed))


def search(
    uow: UnitOfWork,
    *,
    typed: str,
    learner_id: int | None = None,
    diaries: Iterable[str] = ABOUT_THE_LEARNER,
    limit: int = 200,
) -> list[SearchHit]:
    """Entries matching every word typed, best first, with the matches marked; one FTS5 statement."""
    query = fts_query(typed)
    if not query:
        return []
    wanted = sorted(_diaries(diaries))
    placeholders = ", ".join(f":d{i}" for i in range(len(wanted)))
    rows = uow.rows(
        f"""SELECT e.id, e.learner_id,
               coalesce(nullif(l.preferred_name, ''), l.given_name) || ' ' || l.family_name,
               e.diary, e.written_on,
               snippet(diary_search, -1, :start, :end, '…', 14)
        FROM diary_search
        JOIN diary_entry AS e ON e.id = diary_search.rowid
        LEFT JOIN learner AS l ON l.id = e.learner_id
        WHERE diary_search MATCH :query AND e.diary IN ({placeholders})
          AND (:learner IS NULL OR e.learner_id = :learner)
        ORDER BY diary_search.rank
        LIMIT :limit""",
        {
            "query": query,
            "start": MATCH_START,
            "end": MATCH_END,
            "learner": learner_id,
            "limit": limit,
            **{f"d{i}": d for i, d in enumerate(wanted)},
        },
    )
    return [
        SearchHit(entry_id, learner, name or "", diary, dates.stored_date(written), snippet or "")
        for entry_id, learner, name, diary, written, snippet in rows
    ]


# --- checks --------------------------------------------------------------------------------------------


def _diaries(diaries: Iterable[str]) -> frozenset[str]:
    try:
        wanted = frozenset(DiaryKind(d).value for d in diaries)
    except ValueError:
        raise BadInput("There is no such diary.") from None
    if not wanted:
        raise BadInput("Choose at least one diary.")
    return wanted


def _check(learner_id: int | None, entry: EntryInput) -> None:
    try:
        kind = DiaryKind(entry.diary)
        EntryMode(entry.mode)
        if entry.journal_kind:
            JournalKind(entry.journal_kind)
    except ValueError:
        raise BadInput("This version of TutorDesk does not know that kind of diary entry.") from None
    if kind is DiaryKind.JOURNAL:
        if learner_id is not None:
            raise BadInput("The practice journal belongs to no learner.")
    elif learner_id is None:
        raise BadInput("Choose the learner this diary entry is about.")
    if entry.mood is not None and not 1 <= entry.mood <= 5:
        raise BadInput("The mood goes from 1 (very low) to 5 (very good).")
    written = (entry.body, entry.mood_words, entry.progress, entry.setbacks, entry.key_points, entry.tasks)
    if (
        entry.mode == EntryMode.WRITTEN.value
        and not any(part.strip() for part in written)
        and entry.mood is None
    ):
        raise BadInput("Write something, choose a mood, or record the entry before saving it.")


def learner_exists(uow: UnitOfWork, *, learner_id: int) -> bool:
    """Whether the learner is still in the vault."""
    return uow.session.get(Learner, learner_id) is not None


def pseudonymise_for_supervision(uow: UnitOfWork, *, text_to_share: str) -> str:
    """`text_to_share` with every learner on the caseload that it names replaced by "Learner A", "Learner B"…"""
    from tutordesk.domain.pseudonymise import pseudonymise

    people = uow.session.exec(select(Learner.given_name, Learner.preferred_name, Learner.family_name)).all()
    return pseudonymise(
        text_to_share,
        [tuple(n for n in (given, preferred, family) if n) for given, preferred, family in people],
    )
