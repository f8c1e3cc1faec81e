"""How a mentoring relationship is going: its SMART targets (the plan goal's fields and SMART check), the
young person's self-assessments at the start and at each evaluation point, and the mentor's supervision
sessions, whose case notes are pseudonymised when written unless the mentor chooses otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlmodel import col, select

from tutordesk.domain.mentoring_enums import AssessmentPoint, SupervisionKind
from tutordesk.domain.mentoring_models import (
    MentoringRelationship,
    MentoringTarget,
    SelfAssessment,
    SupervisionSession,
)
from tutordesk.domain.plan_enums import GoalSetBy, GoalStatus, Trajectory
from tutordesk.domain.smart import GoalFacts, SmartReport, check_goal
from tutordesk.errors import BadInput
from tutordesk.services.diaries.entries import pseudonymise_for_supervision
from tutordesk.vault.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class TargetInput:
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
class TargetView(TargetInput):
    id: int = 0
    smart: SmartReport | None = None


_TARGET_FIELDS = tuple(f.name for f in fields(TargetInput))


def targets(uow: UnitOfWork, *, relationship_id: int, today: date) -> list[TargetView]:
    """The relationship's targets in their order, each with its SMART check as of `today`."""
    rows = uow.session.exec(
        select(MentoringTarget)
        .where(MentoringTarget.relationship_id == relationship_id)
        .order_by(col(MentoringTarget.position), col(MentoringTarget.id))
    ).all()
    return [
        TargetView(
            **{name: getattr(row, name) for name in _TARGET_FIELDS},
            id=int(row.id or 0),
            smart=smart_check(row, today=today),
        )
        for row in rows
    ]


def smart_check(target: TargetInput | MentoringTarget, *, today: date) -> SmartReport:
    """The plan goals' SMART check, applied to a target (a target has no stage, so no stage date)."""
    return check_goal(
        GoalFacts(
            learner_words=target.learner_words,
            professional_wording=target.professional_wording,
            measure=target.measure,
            evidence=target.evidence,
            deadline=target.deadline,
            status=target.status,
        ),
        today=today,
    )


def save_target(
    uow: UnitOfWork, *, relationship_id: int, data: TargetInput, target_id: int | None = None
) -> int:
    """Save a new target (or replace target `target_id`); returns its id."""
    _relationship(uow, relationship_id)
    if not (data.learner_words.strip() or data.professional_wording.strip()):
        raise BadInput("Write the target, in the young person's words or in your own.")
    GoalSetBy(data.set_by)
    GoalStatus(data.status)
    if data.trajectory:
        Trajectory(data.trajectory)
    if target_id is None:
        count = len(
            uow.session.exec(
                select(MentoringTarget.id).where(MentoringTarget.relationship_id == relationship_id)
            ).all()
        )
        row = MentoringTarget(relationship_id=relationship_id, position=count)
    else:
        found = uow.session.get(MentoringTarget, target_id)
        if found is None:
            raise BadInput("That target is no longer in the vault.")
        row = found
    for name in _TARGET_FIELDS:
        value = getattr(data, name)
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    uow.session.add(row)
    uow.session.flush()
    return int(row.id or 0)


def remove_target(uow: UnitOfWork, *, target_id: int) -> TargetInput | None:
    """Remove a target; returns what it said, so the screen can put it back (Undo)."""
    row = uow.session.get(MentoringTarget, target_id)
    if row is None:
        return None
    removed = TargetInput(**{name: getattr(row, name) for name in _TARGET_FIELDS})
    uow.session.delete(row)
    uow.session.flush()
    return removed


# -- self-assessment -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    assessed_on: date
    point: str = AssessmentPoint.START.value
    confidence: int | None = None  # 1 (not at all) to 5 (very)
    progress: int | None = None  # how the targets feel to be going, 1 to 5
    strengths: str = ""
    to_work_on: str = ""
    note: str = ""  # private to the practitioner; never printed


@dataclass(frozen=True, slots=True)
class AssessmentView(AssessmentInput):
    id: int = 0


_ASSESSMENT_FIELDS = tuple(f.name for f in fields(AssessmentInput))


def assessments(uow: UnitOfWork, *, relationship_id: int) -> list[AssessmentView]:
    """Oldest first, so the first one is the starting point each later one is compared with."""
    rows = uow.session.exec(
        select(SelfAssessment)
        .where(SelfAssessment.relationship_id == relationship_id)
        .order_by(col(SelfAssessment.assessed_on), col(SelfAssessment.id))
    ).all()
    return [AssessmentView(**{n: getattr(r, n) for n in _ASSESSMENT_FIELDS}, id=int(r.id or 0)) for r in rows]


def save_assessment(
    uow: UnitOfWork, *, relationship_id: int, data: AssessmentInput, assessment_id: int | None = None
) -> int:
    """Save a new self-assessment (or replace `assessment_id`); returns its id."""
    _relationship(uow, relationship_id)
    AssessmentPoint(data.point)
    for rating in (data.confidence, data.progress):
        if rating is not None and not 1 <= rating <= 5:
            raise BadInput("Ratings go from 1 to 5.")
    if assessment_id is None:
        row = SelfAssessment(relationship_id=relationship_id, assessed_on=data.assessed_on)
    else:
        found = uow.session.get(SelfAssessment, assessment_id)
        if found is None:
            raise BadInput("That self-assessment is no longer in the vault.")
        row = found
    for name in _ASSESSMENT_FIELDS:
        value = getattr(data, name)
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    uow.session.add(row)
    uow.session.flush()
    return int(row.id or 0)


def remove_assessment(uow: UnitOfWork, *, assessment_id: int) -> None:
    """Remove a self-assessment, if it is still there."""
    row = uow.session.get(SelfAssessment, assessment_id)
    if row is not None:
        uow.session.delete(row)
        uow.session.flush()


# -- supervision ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SupervisionInput:
    held_on: date
    kind: str = SupervisionKind.ONE_TO_ONE.value
    supervisor: str = ""
    cases: str = ""
    reflections: str = ""
    actions: str = ""
    next_on: date | None = None


@dataclass(frozen=True, slots=True)
class SupervisionView(SupervisionInput):
    id: int = 0


_SUPERVISION_FIELDS = tuple(f.name for f in fields(SupervisionInput))
_PSEUDONYMISED = ("cases", "reflections", "actions")


def supervision_sessions(uow: UnitOfWork, *, relationship_id: int) -> list[SupervisionView]:
    """Newest first."""
    rows = uow.session.exec(
        select(SupervisionSession)
        .where(SupervisionSession.relationship_id == relationship_id)
        .order_by(col(SupervisionSession.held_on).desc(), col(SupervisionSession.id).desc())
    ).all()
    return [
        SupervisionView(**{n: getattr(r, n) for n in _SUPERVISION_FIELDS}, id=int(r.id or 0)) for r in rows
    ]


def pseudonymised(uow: UnitOfWork, *, data: SupervisionInput) -> SupervisionInput:
    """`data` with every caseload learner it names replaced by "Learner A", "Learner B"… (the same person
    keeps the same letter within one text field)."""
    changes = {
        name: pseudonymise_for_supervision(uow, text_to_share=getattr(data, name)) for name in _PSEUDONYMISED
    }
    return SupervisionInput(**{**{n: getattr(data, n) for n in _SUPERVISION_FIELDS}, **changes})


def save_supervision(
    uow: UnitOfWork,
    *,
    relationship_id: int | None,
    data: SupervisionInput,
    session_id: int | None = None,
    pseudonymise: bool = True,
) -> int:
    """Keep a supervision session; case notes are pseudonymised first unless `pseudonymise` is False."""
    SupervisionKind(data.kind)
    if relationship_id is not None:
        _relationship(uow, relationship_id)
    if pseudonymise:
        data = pseudonymised(uow, data=data)
    if session_id is None:
        row = SupervisionSession(relationship_id=relationship_id, held_on=data.held_on)
    else:
        found = uow.session.get(SupervisionSession, session_id)
        if found is None:
            raise BadInput("That supervision session is no longer in the vault.")
        row = found
    for name in _SUPERVISION_FIELDS:
        value = getattr(data, name)
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    uow.session.add(row)
    uow.session.flush()
    return int(row.id or 0)


def remove_supervision(uow: UnitOfWork, *, session_id: int) -> None:
    """Remove a supervision session, if it is still there."""
    row = uow.session.get(SupervisionSession, session_id)
    if row is not None:
        uow.session.delete(row)
        uow.session.flush()


def _relationship(uow: UnitOfWork, relationship_id: int) -> MentoringRelationship:
    row = uow.session.get(MentoringRelationship, relationship_id)
    if row is None:
        raise BadInput("That mentoring relationship is no longer in the vault.")
    return row
