"""The follow-up workflow's tables beside the contact log: early-warning signals, follow-up cases with
the procedure's steps done, and the measures in place for a learner.

- `warning_signal`: what someone saw (attendance over a week or period, a mark, an incident, noticed
  disengagement), with its date, where it came from and who observed it. Flags are derived from these
  rows (`domain.early_warning`), never stored.
- `followup_case` and `followup_step`: a learner's case under the setting's procedure (`forms/procedures/`),
  opened from a signal or a concern, each step done with its date, who, outcome and who was told; closed
  with an outcome. The procedure's id and version are kept on the case so later edits to the file do not
  rewrite its history.
- `learner_measure`: a measure from the setting's catalogue in place for a learner, with start, end and
  outcome. Plans, mentoring and moves are shown as measures without a row here.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from tutordesk.domain.models import utc_now


class WarningSignal(SQLModel, table=True):
    """One observation: attendance over a period, a mark, a behaviour incident or noticed disengagement."""

    __tablename__ = "warning_signal"
    # A learner's signals of one kind in date order: what the flags and the trend chart read.
    __table_args__ = (Index("ix_warning_signal_learner", "learner_id", "kind", "observed_on"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE")
    kind: str  # early_warning.SignalKind
    observed_on: date  # the day it was seen; for attendance, the last day of the period
    period_start: date | None = None  # attendance only
    sessions_possible: int | None = None
    sessions_attended: int | None = None
    sessions_excused: int | None = None
    subject: str = ""  # a mark's subject
    grade: str = ""  # a mark as the school writes it
    grade_points: float | None = None  # the mark on a scale where higher is better
    note: str = ""
    source: str = ""  # "Entered by hand" or "Imported on 2026-12-07"
    observed_by: str = ""
    created_at: datetime = Field(default_factory=utc_now)


class FollowUpCase(SQLModel, table=True):
    """A learner's follow-up under the setting's procedure, from the first concern to its outcome."""

    __tablename__ = "followup_case"
    __table_args__ = (Index("ix_followup_case_open", "closed_on", "learner_id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE")
    procedure_id: str = "default"
    procedure_version: str = ""
    opened_on: date
    opened_by: str = ""
    reason: str = ""
    signal_id: int | None = Field(default=None, foreign_key="warning_signal.id", ondelete="SET NULL")
    closed_on: date | None = None
    outcome: str = ""
    created_at: datetime = Field(default_factory=utc_now)


class FollowUpStep(SQLModel, table=True):
    """One step of the procedure, done: when, by whom, with what outcome, and who was told and how."""

    __tablename__ = "followup_step"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="followup_case.id", index=True, ondelete="CASCADE")
    step_id: str  # the id of the step in the procedure file
    done_on: date
    done_by: str = ""
    outcome: str = ""
    informed: str = ""  # who was told, as written
    informed_how: str = ""


class LearnerMeasure(SQLModel, table=True):
    """A measure from the setting's catalogue in place for a learner."""

    __tablename__ = "learner_measure"
    __table_args__ = (Index("ix_learner_measure_learner", "learner_id", "started_on"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE")
    measure_id: str  # the id in forms/measures/catalogue.toml
    started_on: date
    ended_on: date | None = None
    outcome: str = ""
    note: str = ""
    case_id: int | None = Field(default=None, foreign_key="followup_case.id", ondelete="SET NULL")
