"""The transition tables: moves to another setting with their checklist, warm handover and settling-in
meetings; what travels with the young person (personal profile, academic record, travel plan, examples of
good work); the consent behind a pack for the receiving setting; and receipts of disclosures.

The wording of the checklists and of the profile, travel plan and settling-in review lives in `forms/`;
answers to a form are kept as JSON keyed by the form's value keys (`form_answers`, `values_json`), so an
institution can add a field without a schema change.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import LargeBinary
from sqlmodel import Column, Field, SQLModel

from tutordesk.domain.models import _sensitive, utc_now


class Transition(SQLModel, table=True):
    """A move from one setting to another, coordinated by one designated transition manager."""

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    kind: str = "end_of_stage"  # TransitionKind
    planned: bool = True
    sending_setting: str = ""
    receiving_setting: str = ""
    manager: str = ""  # the designated transition manager
    receiving_contact_name: str = ""
    receiving_contact_role: str = ""
    receiving_contact_channel: str = ""  # how to reach them, e.g. an email address or phone number
    profile_shared_on: date | None = None
    leaving_on: date | None = None
    starts_on: date | None = None  # the first day at the receiving setting: settling-in counts from here
    phase: str = "before"  # TransitionPhase
    status: str = "active"  # TransitionStatus
    note: str = ""
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class TransitionItem(SQLModel, table=True):
    """A checklist item of a transition: who does it, by when, when it was done, and a note."""

    __tablename__ = "transition_item"

    id: int | None = Field(default=None, primary_key=True)
    transition_id: int = Field(foreign_key="transition.id", index=True, ondelete="CASCADE")
    item_id: str  # an item of forms/checklists/transition_<kind>.toml
    owner: str = ""
    due_on: date | None = None
    done_on: date | None = None
    note: str = ""


class HandoverEvent(SQLModel, table=True):
    """The warm handover: who went with the young person, whom they met, and when."""

    __tablename__ = "handover_event"

    id: int | None = Field(default=None, primary_key=True)
    transition_id: int = Field(foreign_key="transition.id", index=True, ondelete="CASCADE")
    happened_on: date
    accompanied_by: str = ""
    introduced_to: str = ""
    place: str = ""
    note: str = ""


class SettlingInMeeting(SQLModel, table=True):
    """One of the four settling-in meetings (1 week, 1, 3 and 6 months after the start), made automatically.

    When it is held, a `meeting` row records the contact and `values_json` keeps the answers to
    `forms/settling_in_review.toml`."""

    __tablename__ = "settling_in_meeting"

    id: int | None = Field(default=None, primary_key=True)
    transition_id: int = Field(foreign_key="transition.id", index=True, ondelete="CASCADE")
    milestone: str  # Milestone
    due_on: date
    held_on: date | None = None
    run_by: str = ""
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
    values_json: str = "{}"


class FormAnswers(SQLModel, table=True):
    """A learner's answers to a form edited on screen (the personal profile, the travel plan)."""

    __tablename__ = "form_answers"

    learner_id: int = Field(foreign_key="learner.id", primary_key=True, ondelete="CASCADE")
    form_id: str = Field(primary_key=True)
    values_json: str = Field(default="{}", sa_column_kwargs=_sensitive())
    updated_at: datetime = Field(default_factory=utc_now)


class ProfileAttachment(SQLModel, table=True):
    """An example of good work: a photo, a scan, a document, kept only inside the vault."""

    __tablename__ = "profile_attachment"

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    title: str
    file_name: str = ""
    mime: str = "application/octet-stream"
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    added_on: date


class AcademicEntry(SQLModel, table=True):
    """A line of the academic record: a setting attended, a course, a qualification or unit, an achievement."""

    __tablename__ = "academic_entry"

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    kind: str = "course"  # AcademicKind
    title: str
    setting: str = ""
    started_on: date | None = None
    ended_on: date | None = None
    result: str = ""  # grade, progress, level reached
    note: str = ""


class PracticeRun(SQLModel, table=True):
    """A practice run of the travel plan: when, with whom, and how confident the young person felt."""

    __tablename__ = "practice_run"

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    practised_on: date
    with_whom: str = ""
    confidence: int | None = None  # 1 (not at all) to 5 (very)
    note: str = ""


class HandoverConsent(SQLModel, table=True):
    """The young person's (or a parent's or carer's) agreement to share chosen parts of the handover pack
    with the receiving setting. Withdrawn consent stays on record, dated."""

    __tablename__ = "handover_consent"

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    transition_id: int | None = Field(default=None, foreign_key="transition.id", ondelete="SET NULL")
    given_by: str = "learner"  # ConsentGiver
    given_by_name: str = ""
    sections: str = ""  # comma-separated section ids of forms/handover_pack.toml
    sensitive_fields: str = ""  # comma-separated "section.field" ids agreed one by one
    given_on: date
    withdrawn_on: date | None = None
    note: str = ""
    created_at: datetime = Field(default_factory=utc_now)


class DisclosureReceipt(SQLModel, table=True):
    """What happened to a disclosure after it left: sent, and acknowledged by the receiving setting.

    The disclosure itself is an audit-log row, which is append-only; this row beside it can change."""

    __tablename__ = "disclosure_receipt"

    audit_entry_id: int = Field(foreign_key="audit_entry.id", primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    sent_on: date | None = None
    acknowledged_on: date | None = None
    note: str = ""
