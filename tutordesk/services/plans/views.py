"""What a plan looks like to the screens and documents: the value objects of a plan version, its stages and
goals, and the reads that build them (a fixed number of statements however many stages a plan has).
`services.plans` re-exports all of it beside the rules for changing a plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, date

from sqlmodel import col, select

from tutordesk.domain.plan_enums import (
    GoalSetBy,
    GoalStatus,
    PlanStatus,
    StageStatus,
)
from tutordesk.domain.plan_models import PlanGoal, PlanStage, PlanVersion
from tutordesk.vault.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class GoalInput:
    """What a tutor types for a SMART goal."""

    learner_words: str = ""
    professional_wording: str = ""
    trajectory: str = ""
    set_by: str = GoalSetBy.JOINTLY.value
    deadline: date | None = None
    measure: str = ""
    evidence: str = ""
    status: str = GoalStatus.NOT_STARTED.value
    evaluation_note: str = ""


@dataclass(frozen=True, slots=True)
class GoalView(GoalInput):
    id: int = 0
    stage_id: int = 0
    position: int = 0
    lineage: str = ""

    @property
    def text(self) -> str:
        """The goal as the learner put it, or the professional wording when there are no own words."""
        return self.learner_words or self.professional_wording


@dataclass(frozen=True, slots=True)
class StageInput:
    title: str
    description: str = ""
    target_on: date | None = None
    stepping_stone: bool = False
    sdt_need: str = ""
    status: str = StageStatus.NOT_STARTED.value


@dataclass(frozen=True, slots=True)
class StageView(StageInput):
    id: int = 0
    position: int = 0
    lineage: str = ""
    goals: tuple[GoalView, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanHeader:
    """The plan's own fields: where the learner starts, where they want to get to, and how they chose."""

    starting_point: str = ""
    end_goal: str = ""
    focus_areas: frozenset[str] = frozenset()
    options_offered: str = ""
    choice_made: str = ""
    change_note: str = ""


@dataclass(frozen=True, slots=True)
class PlanView(PlanHeader):
    learner_id: int = 0
    version_id: int = 0
    version: int = 0
    status: str = PlanStatus.DRAFT.value
    agreed_on: date | None = None
    stages: tuple[StageView, ...] = field(default_factory=tuple)
    #: When the plan was begun: the first version's creation day, or its agreed day if that is earlier (a
    #: plan agreed on paper and typed in later). Goals' deadlines and stages' targets come after it.
    started_on: date | None = None

    @property
    def editable(self) -> bool:
        return self.status == PlanStatus.DRAFT.value

    def goals(self) -> Iterable[GoalView]:
        for stage in self.stages:
            yield from stage.goals


@dataclass(frozen=True, slots=True)
class VersionSummary:
    """One line of the plan's timeline."""

    id: int
    version: int
    status: str
    agreed_on: date | None
    change_note: str
    stage_count: int


HEADER_FIELDS = tuple(f.name for f in fields(PlanHeader))
STAGE_FIELDS = tuple(f.name for f in fields(StageInput))
GOAL_FIELDS = tuple(f.name for f in fields(GoalInput))
#: Stage and goal fields that record progress, not content: editable on an agreed version.
PROGRESS_FIELDS = frozenset({"status", "evaluation_note"})


# --- reading -------------------------------------------------------------------------------------------


def plan_history(uow: UnitOfWork, *, learner_id: int) -> list[VersionSummary]:
    """Every version of the learner's plan, newest first."""
    from sqlalchemy import func

    stage_counts = (
        select(PlanStage.plan_version_id, func.count().label("stages"))
        .group_by(col(PlanStage.plan_version_id))
        .subquery()
    )
    rows = uow.session.exec(
        select(PlanVersion, stage_counts.c.stages)
        .outerjoin(stage_counts, stage_counts.c.plan_version_id == PlanVersion.id)
        .where(PlanVersion.learner_id == learner_id)
        .order_by(col(PlanVersion.version).desc())
    ).all()
    return [
        VersionSummary(v.id or 0, v.version, v.status, v.agreed_on, v.change_note, stages or 0)
        for v, stages in rows
    ]


def load_plan(uow: UnitOfWork, *, learner_id: int, version: int | None = None) -> PlanView | None:
    """One version of the plan (the newest when `version` is None), with its stages and goals; None if none."""
    query = select(PlanVersion).where(PlanVersion.learner_id == learner_id)
    if version is None:
        query = query.order_by(col(PlanVersion.version).desc()).limit(1)
    else:
        query = query.where(PlanVersion.version == version)
    row = uow.session.exec(query).first()
    return None if row is None else view_of(uow, version=row)


def agreed_plan(uow: UnitOfWork, *, learner_id: int) -> PlanView | None:
    """The version in force: the newest agreed one (a draft after it does not replace it until agreed)."""
    row = uow.session.exec(
        select(PlanVersion)
        .where(PlanVersion.learner_id == learner_id, PlanVersion.status == PlanStatus.AGREED.value)
        .order_by(col(PlanVersion.version).desc())
        .limit(1)
    ).first()
    return None if row is None else view_of(uow, version=row)


def view_of(uow: UnitOfWork, *, version: PlanVersion) -> PlanView:
    """The plan version with its stages and goals, as the road map shows it."""
    assert version.id is not None
    stages = uow.session.exec(
        select(PlanStage)
        .where(PlanStage.plan_version_id == version.id)
        .order_by(col(PlanStage.position), col(PlanStage.id))
    ).all()
    goals_by_stage: dict[int, list[GoalView]] = {}
    if stages:
        goals = uow.session.exec(
            select(PlanGoal)
            .where(col(PlanGoal.stage_id).in_([s.id for s in stages]))
            .order_by(col(PlanGoal.position), col(PlanGoal.id))
        ).all()
        for goal in goals:
            goals_by_stage.setdefault(goal.stage_id, []).append(goal_view(goal))
    return PlanView(
        **{name: getattr(version, name) for name in HEADER_FIELDS if name != "focus_areas"},
        focus_areas=_split_areas(version.focus_areas),
        learner_id=version.learner_id,
        version_id=version.id,
        version=version.version,
        status=version.status,
        agreed_on=version.agreed_on,
        started_on=_started_on(uow, version),
        stages=tuple(
            StageView(
                **{name: getattr(stage, name) for name in STAGE_FIELDS},
                id=stage.id or 0,
                position=stage.position,
                lineage=stage.lineage,
                goals=tuple(goals_by_stage.get(stage.id or 0, ())),
            )
            for stage in stages
        ),
    )


def goal_view(goal: PlanGoal) -> GoalView:
    """A goal row as the road map shows it."""
    return GoalView(
        **{name: getattr(goal, name) for name in GOAL_FIELDS},
        id=goal.id or 0,
        stage_id=goal.stage_id,
        position=goal.position,
        lineage=goal.lineage,
    )


def _split_areas(stored: str) -> frozenset[str]:
    return frozenset(part for part in stored.split(",") if part)


def _started_on(uow: UnitOfWork, version: PlanVersion) -> date:
    """The day the plan was begun (see `PlanView.started_on`)."""
    first = version
    if version.version != 1:
        first = (
            uow.session.exec(
                select(PlanVersion).where(
                    PlanVersion.learner_id == version.learner_id, PlanVersion.version == 1
                )
            ).first()
            or version
        )
    at = first.created_at
    created = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone().date()  # the tutor's own day
    return min(created, first.agreed_on) if first.agreed_on is not None else created
