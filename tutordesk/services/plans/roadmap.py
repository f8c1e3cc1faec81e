"""Road-map plans: start a plan, edit a draft, agree it, and start a new version (the views and reads are in
`plan_views` and reachable from here too).

The rules: only a draft is edited. Agreeing a draft freezes it and marks the version agreed before it as
superseded, so every version stays readable. Changing an agreed plan starts a new draft copied from it
(`start_revision`); until that draft is agreed, the agreed version stays the one in force. Progress (the
status of a stage or goal) is not content and may be updated on the agreed version at any time.

Functions run in the caller's unit of work and never commit.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlmodel import col, select

from tutordesk.domain.models import Learner, utc_now
from tutordesk.domain.plan_enums import (
    FocusArea,
    GoalSetBy,
    GoalStatus,
    PlanStatus,
    SdtNeed,
    StageStatus,
    Trajectory,
)
from tutordesk.domain.plan_models import PlanGoal, PlanStage, PlanVersion
from tutordesk.errors import BadInput
from tutordesk.services.plans.views import (  # noqa: F401 - re-exported: callers use `plans.X`
    GOAL_FIELDS,
    HEADER_FIELDS,
    PROGRESS_FIELDS,
    STAGE_FIELDS,
    GoalInput,
    GoalView,
    PlanHeader,
    PlanView,
    StageInput,
    StageView,
    VersionSummary,
    agreed_plan,
    goal_view,
    load_plan,
    plan_history,
    view_of,
)
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import UnitOfWork


class PlanLocked(BadInput):
    """The version was agreed, so its content cannot change; start a new version instead."""


# --- versions ------------------------------------------------------------------------------------------


def start_plan(uow: UnitOfWork, *, learner_id: int) -> PlanView:
    """Version 1 as a draft for a learner with no plan yet (or the existing newest version)."""
    existing = load_plan(uow, learner_id=learner_id)
    if existing is not None:
        return existing
    if uow.session.get(Learner, learner_id) is None:
        raise BadInput("That learner is not in this vault (perhaps it was removed).")
    version = PlanVersion(learner_id=learner_id, version=1)
    uow.session.add(version)
    uow.session.flush()
    return view_of(uow, version=version)


def start_revision(uow: UnitOfWork, *, learner_id: int, change_note: str = "") -> PlanView:
    """A new draft copied from the newest version, to change an agreed plan; the draft itself if one exists."""
    newest = _newest(uow, learner_id)
    if newest is None:
        return start_plan(uow, learner_id=learner_id)
    if newest.status == PlanStatus.DRAFT.value:
        return view_of(uow, version=newest)
    if newest.status == PlanStatus.CLOSED.value:
        raise BadInput("This plan was closed. Reopen it before changing it.")
    draft = PlanVersion(
        learner_id=learner_id,
        version=newest.version + 1,
        **{name: getattr(newest, name) for name in HEADER_FIELDS if name != "change_note"},
        change_note=change_note.strip(),
    )
    uow.session.add(draft)
    uow.session.flush()
    assert draft.id is not None
    for stage in _stages_of(uow, newest.id or 0):
        copy = PlanStage(
            plan_version_id=draft.id,
            position=stage.position,
            lineage=stage.lineage,
            **{name: getattr(stage, name) for name in STAGE_FIELDS},
        )
        uow.session.add(copy)
        uow.session.flush()
        assert copy.id is not None
        for goal in uow.session.exec(select(PlanGoal).where(PlanGoal.stage_id == stage.id)).all():
            uow.session.add(
                PlanGoal(
                    stage_id=copy.id,
                    position=goal.position,
                    lineage=goal.lineage,
                    **{name: getattr(goal, name) for name in GOAL_FIELDS},
                )
            )
    uow.session.flush()
    return view_of(uow, version=draft)


def discard_draft(uow: UnitOfWork, *, learner_id: int) -> PlanView | None:
    """Throw away the draft of a changed plan; the agreed version stays in force. Returns what is left."""
    newest = _newest(uow, learner_id)
    if newest is None or newest.status != PlanStatus.DRAFT.value:
        raise BadInput("There is no draft to discard.")
    if newest.version == 1:
        raise BadInput("The first version cannot be discarded; change it instead.")
    uow.session.delete(newest)
    uow.session.flush()
    return load_plan(uow, learner_id=learner_id)


def agreement_problems(plan: PlanView) -> list[str]:
    """What must be there before a plan can be agreed: an end goal and at least one stage, each titled."""
    problems = []
    if not plan.end_goal.strip():
        problems.append("Write down where the learner wants to get to (the end goal).")
    if not plan.stages:
        problems.append("Add at least one stage to the road map.")
    return problems


def agree_plan(uow: UnitOfWork, *, learner_id: int, agreed_on: date) -> PlanView:
    """Agree the draft: it becomes the version in force and the one before it is kept as superseded."""
    newest = _newest(uow, learner_id)
    if newest is None or newest.status != PlanStatus.DRAFT.value:
        raise BadInput("There is no draft to agree: this version is already agreed.")
    problems = agreement_problems(view_of(uow, version=newest))
    if problems:
        raise BadInput(" ".join(problems))
    for earlier in uow.session.exec(
        select(PlanVersion).where(
            PlanVersion.learner_id == learner_id, PlanVersion.status == PlanStatus.AGREED.value
        )
    ).all():
        earlier.status = PlanStatus.SUPERSEDED.value
        uow.session.add(earlier)
    newest.status = PlanStatus.AGREED.value
    newest.agreed_on = agreed_on
    newest.updated_at = utc_now()
    uow.session.add(newest)
    audit.record(
        uow.session, "plan.agreed", subject=f"learner:{learner_id}", detail={"version": newest.version}
    )
    uow.session.flush()
    return view_of(uow, version=newest)


def _newest(uow: UnitOfWork, learner_id: int) -> PlanVersion | None:
    return uow.session.exec(
        select(PlanVersion)
        .where(PlanVersion.learner_id == learner_id)
        .order_by(col(PlanVersion.version).desc())
        .limit(1)
    ).first()


def _stages_of(uow: UnitOfWork, version_id: int) -> list[PlanStage]:
    return list(
        uow.session.exec(
            select(PlanStage)
            .where(PlanStage.plan_version_id == version_id)
            .order_by(col(PlanStage.position), col(PlanStage.id))
        ).all()
    )


# --- editing a draft -----------------------------------------------------------------------------------


def save_header(uow: UnitOfWork, *, version_id: int, header: PlanHeader) -> None:
    """Save a draft plan's own fields: starting point, end goal, focus areas, options and choice."""
    version = _draft_version(uow, version_id)
    unknown = header.focus_areas - {area.value for area in FocusArea}
    if unknown:
        raise BadInput("One of the focus areas is not known to this version of TutorDesk.")
    for name in HEADER_FIELDS:
        value = getattr(header, name)
        value = ",".join(sorted(value)) if name == "focus_areas" else value.strip()
        setattr(version, name, value)
    version.updated_at = utc_now()
    uow.session.add(version)
    uow.session.flush()


def add_stage(uow: UnitOfWork, *, version_id: int, stage: StageInput, position: int | None = None) -> int:
    """Add a stage at `position` (0-based; the end when None); returns its id."""
    _draft_version(uow, version_id)
    _check_stage(stage)
    stages = _stages_of(uow, version_id)
    at = len(stages) if position is None else max(0, min(position, len(stages)))
    row = PlanStage(
        plan_version_id=version_id,
        lineage=uuid.uuid4().hex,
        **{name: _clean(getattr(stage, name)) for name in STAGE_FIELDS},
    )
    stages.insert(at, row)
    uow.session.add(row)
    _renumber(uow, stages)
    assert row.id is not None
    return row.id


def update_stage(uow: UnitOfWork, *, stage_id: int, stage: StageInput) -> None:
    """Save a stage; only its progress may change once the plan is agreed."""
    row = _stage(uow, stage_id)
    changed = {n for n in STAGE_FIELDS if getattr(row, n) != _clean(getattr(stage, n))}
    if changed - PROGRESS_FIELDS:
        _draft_version(uow, row.plan_version_id)
        _check_stage(stage)
    for name in changed:
        setattr(row, name, _clean(getattr(stage, name)))
    uow.session.add(row)
    uow.session.flush()


def set_stage_status(uow: UnitOfWork, *, stage_id: int, status: str) -> None:
    """Progress, allowed on the agreed version."""
    row = _stage(uow, stage_id)
    row.status = StageStatus(status).value
    uow.session.add(row)
    uow.session.flush()


def remove_stage(uow: UnitOfWork, *, stage_id: int) -> StageView:
    """Remove a stage and its goals from a draft; returns them so the removal can be undone."""
    row = _stage(uow, stage_id)
    _draft_version(uow, row.plan_version_id)
    version = uow.session.get(PlanVersion, row.plan_version_id)
    assert version is not None
    removed = next(s for s in view_of(uow, version=version).stages if s.id == stage_id)
    uow.session.delete(row)
    uow.session.flush()
    _renumber(uow, _stages_of(uow, row.plan_version_id))
    return removed


def restore_stage(uow: UnitOfWork, *, version_id: int, removed: StageView) -> int:
    """Undo `remove_stage`: the stage and its goals come back where they were, with their lineage."""
    stage_id = add_stage(uow, version_id=version_id, stage=removed, position=removed.position)
    row = _stage(uow, stage_id)
    row.lineage = removed.lineage
    for goal in removed.goals:
        goal_id = add_goal(uow, stage_id=stage_id, goal=goal)
        goal_row = uow.session.get(PlanGoal, goal_id)
        assert goal_row is not None
        goal_row.lineage = goal.lineage
    uow.session.flush()
    return stage_id


def move_stage(uow: UnitOfWork, *, stage_id: int, offset: int) -> None:
    """Move a stage up (negative) or down (positive) the road map."""
    row = _stage(uow, stage_id)
    _draft_version(uow, row.plan_version_id)
    stages = _stages_of(uow, row.plan_version_id)
    at = next(i for i, s in enumerate(stages) if s.id == stage_id)
    to = max(0, min(at + offset, len(stages) - 1))
    stages.insert(to, stages.pop(at))
    _renumber(uow, stages)


def add_goal(uow: UnitOfWork, *, stage_id: int, goal: GoalInput) -> int:
    """Add a goal at the end of a stage of a draft plan; returns its id."""
    stage = _stage(uow, stage_id)
    _draft_version(uow, stage.plan_version_id)
    _check_goal(goal)
    count = len(uow.session.exec(select(PlanGoal.id).where(PlanGoal.stage_id == stage_id)).all())
    row = PlanGoal(
        stage_id=stage_id,
        position=count,
        lineage=uuid.uuid4().hex,
        **{name: _clean(getattr(goal, name)) for name in GOAL_FIELDS},
    )
    uow.session.add(row)
    uow.session.flush()
    assert row.id is not None
    return row.id


def update_goal(uow: UnitOfWork, *, goal_id: int, goal: GoalInput) -> None:
    """Save a goal; only its progress may change once the plan is agreed."""
    row = _goal(uow, goal_id)
    changed = {n for n in GOAL_FIELDS if getattr(row, n) != _clean(getattr(goal, n))}
    if changed - PROGRESS_FIELDS:
        stage = _stage(uow, row.stage_id)
        _draft_version(uow, stage.plan_version_id)
        _check_goal(goal)
    for name in changed:
        setattr(row, name, _clean(getattr(goal, name)))
    uow.session.add(row)
    uow.session.flush()


def set_goal_status(
    uow: UnitOfWork, *, goal_id: int, status: str, evaluation_note: str | None = None
) -> None:
    """Progress, allowed on the agreed version."""
    row = _goal(uow, goal_id)
    row.status = GoalStatus(status).value
    if evaluation_note is not None:
        row.evaluation_note = evaluation_note.strip()
    uow.session.add(row)
    uow.session.flush()


def remove_goal(uow: UnitOfWork, *, goal_id: int) -> GoalView:
    """Remove a goal from a draft; returns it so the removal can be undone with `add_goal`."""
    row = _goal(uow, goal_id)
    _draft_version(uow, _stage(uow, row.stage_id).plan_version_id)
    removed = goal_view(row)
    uow.session.delete(row)
    uow.session.flush()
    return removed


def restore_goal(uow: UnitOfWork, *, removed: GoalView) -> int:
    """Undo `remove_goal`: the goal comes back in its place in its stage, with its lineage."""
    goal_id = add_goal(uow, stage_id=removed.stage_id, goal=removed)
    siblings = list(
        uow.session.exec(
            select(PlanGoal)
            .where(PlanGoal.stage_id == removed.stage_id)
            .order_by(col(PlanGoal.position), col(PlanGoal.id))
        ).all()
    )
    back = next(g for g in siblings if g.id == goal_id)
    back.lineage = removed.lineage
    siblings.remove(back)
    siblings.insert(max(0, min(removed.position, len(siblings))), back)
    for position, goal in enumerate(siblings):
        goal.position = position
        uow.session.add(goal)
    uow.session.flush()
    return goal_id


# --- checks and helpers --------------------------------------------------------------------------------


def _draft_version(uow: UnitOfWork, version_id: int) -> PlanVersion:
    version = uow.session.get(PlanVersion, version_id)
    if version is None:
        raise BadInput("That plan version is not in this vault (perhaps it was discarded).")
    if version.status != PlanStatus.DRAFT.value:
        raise PlanLocked(
            f"Version {version.version} was agreed, so it stays as it was. "
            "Choose “Change the plan” to make a new version."
        )
    return version


def _stage(uow: UnitOfWork, stage_id: int) -> PlanStage:
    row = uow.session.get(PlanStage, stage_id)
    if row is None:
        raise BadInput("That stage is not in this plan any more.")
    return row


def _goal(uow: UnitOfWork, goal_id: int) -> PlanGoal:
    row = uow.session.get(PlanGoal, goal_id)
    if row is None:
        raise BadInput("That goal is not in this plan any more.")
    return row


def _check_stage(stage: StageInput) -> None:
    if not stage.title.strip():
        raise BadInput("Give the stage a short title.")
    StageStatus(stage.status)
    if stage.sdt_need:
        SdtNeed(stage.sdt_need)


def _check_goal(goal: GoalInput) -> None:
    if not (goal.learner_words.strip() or goal.professional_wording.strip()):
        raise BadInput("Write the goal, in the learner's words or in professional wording.")
    if goal.trajectory:
        Trajectory(goal.trajectory)
    GoalSetBy(goal.set_by)
    GoalStatus(goal.status)


def _clean(value: Any) -> Any:  # any field's value: text is trimmed, the rest kept as it is
    return value.strip() if isinstance(value, str) else value


def _renumber(uow: UnitOfWork, stages: list[PlanStage]) -> None:
    for position, stage in enumerate(stages):
        stage.position = position
        uow.session.add(stage)
    uow.session.flush()


__all__ = [
    "GoalInput",
    "GoalView",
    "PlanHeader",
    "PlanLocked",
    "PlanView",
    "StageInput",
    "StageView",
    "VersionSummary",
    "add_goal",
    "add_stage",
    "agree_plan",
    "agreed_plan",
    "agreement_problems",
    "discard_draft",
    "load_plan",
    "move_stage",
    "plan_history",
    "remove_goal",
    "remove_stage",
    "restore_goal",
    "restore_stage",
    "save_header",
    "set_goal_status",
    "set_stage_status",
    "start_plan",
    "start_revision",
    "update_goal",
    "update_stage",
]
