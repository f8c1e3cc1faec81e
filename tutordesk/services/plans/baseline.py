"""The baseline of a plan: strengths-and-needs assessments seen from both sides, barriers, and additional
support needs. Assessments are dated and repeatable, so two of them can be set side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlmodel import SQLModel, col, select

from tutordesk.domain.models import Learner
from tutordesk.domain.plan_enums import BarrierDomain, BarrierSource, BarrierStatus
from tutordesk.domain.plan_models import Barrier, BaselineAssessment, SupportNeed
from tutordesk.errors import BadInput
from tutordesk.vault.unit_of_work import UnitOfWork

#: The assessment's topics, each asked of the learner and of the tutor: (topic, label).
ASSESSMENT_TOPICS: tuple[tuple[str, str], ...] = (
    ("strengths", "Strengths"),
    ("needs", "Needs and what is hard"),
    ("interests", "Interests"),
    ("preferences", "How they like to learn"),
    ("expectations", "Hopes and expectations"),
)


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    assessed_on: date
    learner_strengths: str = ""
    tutor_strengths: str = ""
    learner_needs: str = ""
    tutor_needs: str = ""
    learner_interests: str = ""
    tutor_interests: str = ""
    learner_preferences: str = ""
    tutor_preferences: str = ""
    learner_expectations: str = ""
    tutor_expectations: str = ""

    def answer(self, side: str, topic: str) -> str:
        return str(getattr(self, f"{side}_{topic}"))


@dataclass(frozen=True, slots=True)
class AssessmentView(AssessmentInput):
    id: int = 0


@dataclass(frozen=True, slots=True)
class BarrierInput:
    domain: str
    description: str
    source: str = BarrierSource.LEARNER.value
    action: str = ""
    status: str = BarrierStatus.OPEN.value
    resolve_by: date | None = None


@dataclass(frozen=True, slots=True)
class BarrierView(BarrierInput):
    id: int = 0


@dataclass(frozen=True, slots=True)
class SupportNeedInput:
    need: str
    provider: str = ""
    in_place: bool = False
    needed_by: date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class SupportNeedView(SupportNeedInput):
    id: int = 0


def list_assessments(uow: UnitOfWork, *, learner_id: int) -> list[AssessmentView]:
    """Newest first."""
    rows = uow.session.exec(
        select(BaselineAssessment)
        .where(BaselineAssessment.learner_id == learner_id)
        .order_by(col(BaselineAssessment.assessed_on).desc(), col(BaselineAssessment.id).desc())
    ).all()
    return [_as_view(AssessmentView, row) for row in rows]


def save_assessment(
    uow: UnitOfWork, *, learner_id: int, assessment: AssessmentInput, assessment_id: int | None = None
) -> int:
    """Save a new baseline assessment (or replace `assessment_id`); returns its id."""
    if not any(
        assessment.answer(side, topic) for side in ("learner", "tutor") for topic, _ in ASSESSMENT_TOPICS
    ):
        raise BadInput("Write at least one answer before saving the assessment.")
    return _save(uow, BaselineAssessment, learner_id, assessment, assessment_id)


def list_barriers(uow: UnitOfWork, *, learner_id: int) -> list[BarrierView]:
    """Open barriers first, then by date to resolve them by."""
    rows = uow.session.exec(select(Barrier).where(Barrier.learner_id == learner_id)).all()
    order = {status.value: rank for rank, status in enumerate(BarrierStatus)}
    rows = sorted(rows, key=lambda b: (order.get(b.status, 9), b.resolve_by or date.max, b.id or 0))
    return [_as_view(BarrierView, row) for row in rows]


def save_barrier(
    uow: UnitOfWork, *, learner_id: int, barrier: BarrierInput, barrier_id: int | None = None
) -> int:
    """Save a new barrier (or replace `barrier_id`); returns its id."""
    if not barrier.description.strip():
        raise BadInput("Describe the barrier in a few words.")
    BarrierDomain(barrier.domain)
    BarrierSource(barrier.source)
    BarrierStatus(barrier.status)
    return _save(uow, Barrier, learner_id, barrier, barrier_id)


def list_support_needs(uow: UnitOfWork, *, learner_id: int) -> list[SupportNeedView]:
    """Needs not yet in place first, soonest needed first."""
    rows = uow.session.exec(select(SupportNeed).where(SupportNeed.learner_id == learner_id)).all()
    rows = sorted(rows, key=lambda n: (n.in_place, n.needed_by or date.max, n.id or 0))
    return [_as_view(SupportNeedView, row) for row in rows]


def save_support_need(
    uow: UnitOfWork, *, learner_id: int, need: SupportNeedInput, need_id: int | None = None
) -> int:
    """Save a new support need (or replace `need_id`); returns its id."""
    if not need.need.strip():
        raise BadInput("Say what support is needed.")
    return _save(uow, SupportNeed, learner_id, need, need_id)


RECORD_KINDS: dict[str, type[SQLModel]] = {
    "assessment": BaselineAssessment,
    "barrier": Barrier,
    "need": SupportNeed,
}


def delete_record(uow: UnitOfWork, *, kind: str, record_id: int) -> None:
    """Delete an assessment, barrier or support need (`kind`: "assessment", "barrier" or "need")."""
    if kind not in RECORD_KINDS:
        raise ValueError(kind)
    row = uow.session.get(RECORD_KINDS[kind], record_id)
    if row is not None:
        uow.session.delete(row)
        uow.session.flush()


def _save(uow: UnitOfWork, model: type[Any], learner_id: int, values: Any, record_id: int | None) -> int:
    if record_id is None:
        if uow.session.get(Learner, learner_id) is None:
            raise BadInput("That learner is not in this vault (perhaps it was removed).")
        row = model(learner_id=learner_id, **_cleaned(values))
    else:
        row = uow.session.get(model, record_id)
        if row is None or row.learner_id != learner_id:
            raise BadInput("That record is not in this vault any more.")
        for name, value in _cleaned(values).items():
            setattr(row, name, value)
    uow.session.add(row)
    uow.session.flush()
    return int(row.id)


def _cleaned(values: Any) -> dict[str, Any]:
    return {
        f.name: (v.strip() if isinstance(v := getattr(values, f.name), str) else v)
        for f in fields(values)
        if f.name != "id"
    }


def _as_view(view: type[Any], row: Any) -> Any:
    return view(**{f.name: getattr(row, f.name) for f in fields(view)})
