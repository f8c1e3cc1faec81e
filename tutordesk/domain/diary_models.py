"""The diary tables: entries of the learner's diary, the practitioner's reflective diary about a learner,
and the practitioner's own practice journal (no learner), with spoken entries' audio kept in the vault.

Search runs through the FTS5 table `diary_search` (made by migration 0005, kept in step by triggers, with
FTS5 secure-delete on), never `LIKE` over bodies. Deleting an entry removes its words from the table, the
index and, after a checkpoint, the WAL.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, LargeBinary
from sqlmodel import Column, Field, SQLModel

from tutordesk.domain.models import utc_now


class DiaryEntry(SQLModel, table=True):
    """One entry, written or spoken, in one of the three diaries (see `DiaryKind`)."""

    __tablename__ = "diary_entry"
    # A learner's timeline, newest first, without sorting: the list the Diaries tab shows most.
    __table_args__ = (Index("ix_diary_entry_timeline", "learner_id", "written_on"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int | None = Field(default=None, foreign_key="learner.id", index=True, ondelete="CASCADE")
    diary: str = Field(index=True)  # DiaryKind: learner, practitioner, journal
    written_on: date
    author: str = ""
    mode: str = "written"  # EntryMode: written, spoken
    journal_kind: str = ""  # for the practice journal: JournalKind
    body: str = ""  # light formatting as Markdown
    mood: int | None = None  # 1 (very low) to 5 (very good); the learner's feeling about the plan
    mood_words: str = ""
    progress: str = ""
    setbacks: str = ""
    key_points: str = ""
    tasks: str = ""
    next_meeting_on: date | None = None
    stage_lineage: str = ""  # a plan stage this entry is about (its lineage, so it survives new versions)
    goal_lineage: str = ""
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class DiaryAudio(SQLModel, table=True):
    """The recording of a spoken entry, stored only inside the encrypted vault."""

    __tablename__ = "diary_audio"

    entry_id: int = Field(foreign_key="diary_entry.id", primary_key=True, ondelete="CASCADE")
    mime: str = "audio/wav"
    duration_ms: int | None = None
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
