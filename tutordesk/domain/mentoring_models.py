"""The mentoring tables: relationships and their terms (agreement, confidentiality, contact boundaries),
phase checklists, contacts with agreed actions, SMART targets, self-assessments and supervision.

A contact (a meeting, a call, a message) is a row of the caseload's `meeting` table, so it counts as
contact everywhere (due items, diary links); `mentoring_contact` beside it holds what mentoring adds.
The checklists' wording lives in `forms/checklists/`; a `phase_record` keeps only which item was ticked
(or, for the trust qualities, reflected on), when, and a note.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from tutordesk.domain.models import _sensitive, utc_now
from tutordesk.domain.plan_models import GoalFields


class MentoringRelationship(SQLModel, table=True):
    """One mentoring or coaching relationship of a learner, from matching to closure."""

    __tablename__ = "mentoring_relationship"

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    mode: str = "mentoring"  # RelationshipMode
    mentor_name: str = ""
    mentor_kind: str = "professional"  # MentorKind
    mentor_role: str = ""  # e.g. "guidance counsellor", "retired engineer"
    external: bool = False
    peer: bool = False  # a peer rather than an adult
    paid: bool = True  # paid staff rather than a volunteer
    started_on: date
    planned_weeks: int | None = None
    intensity: str = ""  # e.g. "an hour a week"
    check_in_every_days: int = 14
    line_manager: str = ""  # for external mentors: who supports and monitors them
    escalation_route: str = ""  # for external mentors: whom they go to inside the setting
    phase: str = "1"  # Phase
    status: str = "active"  # RelationshipStatus
    setup_weeks: int = 6  # the phase-1 checklist shows as due when unfinished after this many weeks
    next_evaluation_on: date | None = None
    closed_on: date | None = None
    closure_reason: str = ""  # ClosureReason
    closure_planned: bool | None = None
    closure_target_check: str = ""
    feedback_from_learner: str = ""
    feedback_from_mentor: str = ""
    takes_forward: str = ""
    after_closure_contact: str = ""
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class MentoringTerms(SQLModel, table=True):
    """What a relationship agreed: the written agreement, the limits of confidentiality, contact boundaries."""

    __tablename__ = "mentoring_terms"

    relationship_id: int = Field(
        foreign_key="mentoring_relationship.id", primary_key=True, ondelete="CASCADE"
    )
    objectives: str = ""
    roles_and_tasks: str = ""
    expectations: str = ""
    support_type: str = ""
    meeting_arrangements: str = ""
    working_rules: str = ""
    confidentiality_limits: str = ""  # one limit per line
    confidentiality_explained_on: date | None = None
    confidentiality_acknowledged_on: date | None = None
    allowed_channels: str = ""  # comma-separated ContactChannel values
    allowed_days: str = ""  # comma-separated Weekday values
    hours_from: str = ""  # "HH:MM", or "" for no limit
    hours_to: str = ""
    mentor_reply_hours: int | None = None  # how soon the mentor answers the young person
    learner_reply_hours: int | None = None  # how soon the young person answers the mentor
    contact_focus: str = ""
    out_of_hours_note: str = ""  # what to do outside the agreed hours (e.g. whom to call in a crisis)
    updated_at: datetime = Field(default_factory=utc_now)


class SafeguardingContact(SQLModel, table=True):
    """A person a disclosure goes to: named in the confidentiality statement the young person keeps."""

    __tablename__ = "safeguarding_contact"

    id: int | None = Field(default=None, primary_key=True)
    relationship_id: int = Field(foreign_key="mentoring_relationship.id", index=True, ondelete="CASCADE")
    position: int = 0
    name: str
    role: str = ""  # e.g. "Designated safeguarding lead"
    phone: str = ""


class PhaseRecord(SQLModel, table=True):
    """An item of a phase checklist ticked on a date, or a reflection on one of the trust qualities."""

    __tablename__ = "phase_record"

    id: int | None = Field(default=None, primary_key=True)
    relationship_id: int = Field(foreign_key="mentoring_relationship.id", index=True, ondelete="CASCADE")
    checklist_id: str  # a file in forms/checklists/, e.g. "mentoring_phase_1"
    item_id: str
    done_on: date
    note: str = ""
    created_at: datetime = Field(default_factory=utc_now)


class MentoringContact(SQLModel, table=True):
    """What a mentoring contact adds to its `meeting` row: channel, time, length, who started it, the reply."""

    __tablename__ = "mentoring_contact"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    relationship_id: int = Field(foreign_key="mentoring_relationship.id", index=True, ondelete="CASCADE")
    channel: str = "face_to_face"  # ContactChannel
    start_time: str = ""  # "HH:MM" local time, or "" when not noted
    duration_minutes: int | None = None
    initiated_by: str = "mentor"  # InitiatedBy
    # For a message or email: when the other side answered. Stored in UTC; entered and shown in local time.
    answered_at: datetime | None = None


class MeetingAction(SQLModel, table=True):
    """An action agreed at a meeting: what, who does it, by when, and when it was done."""

    __tablename__ = "meeting_action"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    position: int = 0
    action: str
    owner: str = ""
    due_on: date | None = None
    done_on: date | None = None


class MentoringTarget(GoalFields, table=True):
    """A SMART target of the relationship: the same fields and check as a plan goal."""

    __tablename__ = "mentoring_target"

    id: int | None = Field(default=None, primary_key=True)
    relationship_id: int = Field(foreign_key="mentoring_relationship.id", index=True, ondelete="CASCADE")
    position: int = 0


class SelfAssessment(SQLModel, table=True):
    """The young person's view of themselves, at the start and again at each evaluation point."""

    __tablename__ = "self_assessment"

    id: int | None = Field(default=None, primary_key=True)
    relationship_id: int = Field(foreign_key="mentoring_relationship.id", index=True, ondelete="CASCADE")
    assessed_on: date
    point: str = "start"  # AssessmentPoint
    confidence: int | None = None  # 1 (not at all) to 5 (very)
    progress: int | None = None  # how the targets feel to be going, 1 to 5
    strengths: str = ""
    to_work_on: str = ""
    note: str = Field(default="", sa_column_kwargs=_sensitive())


class SupervisionSession(SQLModel, table=True):
    """The mentor discussing cases with a supervisor or peers; cases are pseudonymised when written."""

    __tablename__ = "supervision_session"

    id: int | None = Field(default=None, primary_key=True)
    relationship_id: int | None = Field(
        default=None, foreign_key="mentoring_relationship.id", index=True, ondelete="SET NULL"
    )
    held_on: date
    kind: str = "one_to_one"  # SupervisionKind
    supervisor: str = ""
    cases: str = ""
    reflections: str = ""
    actions: str = ""
    next_on: date | None = None
    created_at: datetime = Field(default_factory=utc_now)
