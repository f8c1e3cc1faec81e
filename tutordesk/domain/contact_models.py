"""The contact log's tables: every contact with or about a learner (`contact_log`), and the follow-ups
agreed at one (`contact_follow_up`: what, who, by when, and when it was done).

Typed columns rather than the generic record table: the caseload's "Last contact" and the Due list read the
date, the next contact date and the follow-ups' dates of every learner in one statement, from these indexes.
Message content is never copied in; a contact row says only that contact happened.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from tutordesk.domain.models import utc_now


class ContactLogEntry(SQLModel, table=True):
    """One contact with or about a learner, and when the next one is planned."""

    __tablename__ = "contact_log"
    # A learner's newest contact and its next date, read from the end of the learner's part of the index:
    # what the caseload's "Last contact" and the Due list's "Next contact" need, without a table page.
    __table_args__ = (
        Index("ix_contact_log_newest", "learner_id", "held_on", "at_time", "id", "next_on", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE")
    held_on: date
    at_time: str = ""  # "HH:MM", or "" when the time was not noted
    kind: str = "one_to_one"  # ContactKind
    channel: str = "in_person"  # ContactChannel
    attendees: str = ""  # who was there, as the user writes it
    note: str = ""
    next_on: date | None = None
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class ContactFollowUp(SQLModel, table=True):
    """Something to do after a contact: what, who does it, by when; `done_on` once it is done."""

    __tablename__ = "contact_follow_up"
    # Open follow-ups with a date, for the Due list, without reading every follow-up ever agreed.
    __table_args__ = (Index("ix_contact_follow_up_open", "done_on", "due_on", "learner_id"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact_log.id", index=True, ondelete="CASCADE")
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE")  # the contact's, for the Due list
    position: int = 0
    what: str
    who: str = ""
    due_on: date | None = None
    done_on: date | None = None
