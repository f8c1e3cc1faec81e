"""The generic record table: the dated records of the workflows described by a record kind in
`forms/records/` (a family interaction, an incident, an adjustment, a visit), one row per record.

The values are JSON keyed by the kind's field ids, so an institution can add a field without a schema
change; only what a rule or the Due list reads gets a typed, indexed column (the record's date, its due date).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from tutordesk.domain.models import _sensitive, utc_now


class LearnerRecord(SQLModel, table=True):
    """One record of one kind about one learner; `form_version` is the kind's version it was written with."""

    __tablename__ = "learner_record"
    __table_args__ = (
        # A learner's records of one kind, newest first: the one statement each list reads.
        Index("ix_learner_record_list", "learner_id", "kind", "record_date"),
        # Records falling due, for the Due list to read without opening every row.
        Index("ix_learner_record_due", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE")
    kind: str  # the record kind's id, the name of its file in forms/records/
    form_version: str
    record_date: date | None = None
    due_on: date | None = None
    values_json: str = Field(default="{}", sa_column_kwargs=_sensitive())
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
