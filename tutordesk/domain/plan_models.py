"""The road-map tables: versioned plans with stages and SMART goals, the baseline, barriers, support needs,
reviews with their progress ratings, and signed documents (the contract of participation, review records).

Versioning: a plan is a row per version. Only a draft is edited; agreeing it freezes its content and marks
the version before it superseded, so every version stays readable. Stage and goal *status* is progress, not
content, and may change on the agreed version. `lineage` ties a stage or goal to its copies in later
versions, so reviews and charts can follow one stage across versions.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, LargeBinary, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from tutordesk.domain.models import _sensitive, utc_now


class PlanVersion(SQLModel, table=True):
    """One version of a learner's road map: from a starting point to an end goal, through stages."""

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("learner_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    version: int
    status: str = "draft"  # PlanStatus
    starting_point: str = ""
    end_goal: str = ""
    focus_areas: str = ""  # comma-separated FocusArea values
    options_offered: str = ""
    choice_made: str = ""
    change_note: str = ""  # what changed from the version before, in a sentence
    agreed_on: date | None = None
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class PlanStage(SQLModel, table=True):
    """A step on the road map, in order; well-being "stepping stones" may come before academic stages."""

    __tablename__ = "plan_stage"

    id: int | None = Field(default=None, primary_key=True)
    plan_version_id: int = Field(foreign_key="plan_version.id", index=True, ondelete="CASCADE")
    position: int = 0
    title: str
    description: str = ""
    target_on: date | None = None
    status: str = "not_started"  # StageStatus
    stepping_stone: bool = False
    sdt_need: str = ""  # SdtNeed the stage mostly serves, if any
    lineage: str  # the same for this stage's copies in every version


class GoalFields(SQLModel):
    """The columns of a SMART goal, shared by a plan stage's goals and a mentoring relationship's targets,
    so both are written, checked (`domain.smart`) and printed the same way."""

    learner_words: str = ""
    professional_wording: str = ""
    trajectory: str = ""  # Trajectory
    set_by: str = "jointly"  # GoalSetBy
    deadline: date | None = None
    measure: str = ""
    evidence: str = ""
    status: str = "not_started"  # GoalStatus
    evaluation_note: str = ""


class PlanGoal(GoalFields, table=True):
    """A SMART goal inside a stage: the learner's own words beside the professional wording."""

    __tablename__ = "plan_goal"

    id: int | None = Field(default=None, primary_key=True)
    stage_id: int = Field(foreign_key="plan_stage.id", index=True, ondelete="CASCADE")
    position: int = 0
    lineage: str


class BaselineAssessment(SQLModel, table=True):
    """Strengths and needs seen from both sides, dated so later assessments can be compared with it."""

    __tablename__ = "baseline_assessment"

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    assessed_on: date
    learner_strengths: str = ""
    tutor_strengths: str = ""
    learner_needs: str = ""
    tutor_needs: str = ""
    learner_interests: str = ""
    tutor_interests: str = ""
    learner_preferences: str = ""  # how they like to learn
    tutor_preferences: str = ""
    learner_expectations: str = ""
    tutor_expectations: str = ""
    created_at: datetime = Field(default_factory=utc_now)


class Barrier(SQLModel, table=True):
    """Something in the way: personal, social, family, institutional or structural."""

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    domain: str  # BarrierDomain
    description: str = Field(default="", sa_column_kwargs=_sensitive())
    source: str = "learner"  # BarrierSource: who raised it
    action: str = ""
    status: str = "open"  # BarrierStatus
    resolve_by: date | None = None
    created_at: datetime = Field(default_factory=utc_now)


class SupportNeed(SQLModel, table=True):
    """Additional support the learner needs, who provides it, whether it is in place, and by when."""

    __tablename__ = "support_need"

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    need: str = Field(sa_column_kwargs=_sensitive())
    provider: str = ""
    in_place: bool = False
    needed_by: date | None = None
    note: str = Field(default="", sa_column_kwargs=_sensitive())
    created_at: datetime = Field(default_factory=utc_now)


class ReviewSchedule(SQLModel, table=True):
    """How often a learner's plan is reviewed (e.g. weekly while re-engaging, then monthly)."""

    __tablename__ = "review_schedule"

    learner_id: int = Field(foreign_key="learner.id", primary_key=True, ondelete="CASCADE")
    every_days: int = 28
    changed_on: date | None = None


class PlanReview(SQLModel, table=True):
    """A review of the plan: progress, whether it is pitched right, the learner's voice, the SDT check-in."""

    __tablename__ = "plan_review"
    # The Due list reads each learner's newest review.
    __table_args__ = (Index("ix_plan_review_newest", "learner_id", "held_on", "id", "next_review_on"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    plan_version_id: int | None = Field(default=None, foreign_key="plan_version.id", ondelete="SET NULL")
    held_on: date
    kind: str = "scheduled"  # ReviewKind
    ambition: str = ""  # Ambition, or "" when not discussed
    adjustments: str = ""
    learner_voice: str = ""
    note: str = ""
    autonomy: int | None = None  # 1 (not at all) to 5 (very much)
    competence: int | None = None
    relatedness: int | None = None
    next_review_on: date | None = None
    created_at: datetime = Field(default_factory=utc_now)


class ReviewProgress(SQLModel, table=True):
    """Progress on one stage or goal at a review: red, amber or green, with a note."""

    __tablename__ = "review_progress"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="plan_review.id", index=True, ondelete="CASCADE")
    stage_id: int | None = Field(default=None, foreign_key="plan_stage.id", ondelete="CASCADE")
    goal_id: int | None = Field(default=None, foreign_key="plan_goal.id", ondelete="CASCADE")
    rag: str  # Rag
    note: str = ""


class Document(SQLModel, table=True):
    """A document made from a form in `forms/`: what it said, exactly, and the fingerprint printed on it.

    `form_text` keeps the form definition as it was, so the document renders the same after the form
    changes; `content_json` keeps the values it was filled with. The fingerprint hashes both.
    """

    # The Due list looks up each agreed plan's contract by plan version and form.
    __table_args__ = (Index("ix_document_plan_form", "plan_version_id", "form_id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    form_id: str
    form_version: str
    form_text: str
    title: str
    plan_version_id: int | None = Field(default=None, foreign_key="plan_version.id", ondelete="SET NULL")
    review_id: int | None = Field(default=None, foreign_key="plan_review.id", ondelete="SET NULL")
    content_json: str
    fingerprint: str = Field(index=True)
    # The mentoring relationship a mentoring document belongs to. No foreign key: SQLite cannot add one to an
    # existing table, and a document outlives the relationship it came from.
    relationship_id: int | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utc_now)


class DocumentSignature(SQLModel, table=True):
    """One party's signature on a document: on paper on a date, or drawn on screen and embedded."""

    __tablename__ = "document_signature"
    __table_args__ = (UniqueConstraint("document_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    role: str  # the form's signature block id: learner, tutor, parent_carer
    name: str
    signed_on: date
    method: str = "paper"  # SignatureMethod
    image_png: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    recorded_at: datetime = Field(default_factory=utc_now)
