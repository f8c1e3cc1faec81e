"""Measures in place for a learner: the setting's catalogue (`forms/measures/catalogue.toml`) applied to
one young person, with start, end and outcome.

The road-map plan, mentoring and moves are already kept by their own workflows; a catalogue measure marked
`shown_from` one of them is shown among the learner's measures from that workflow's own rows (a plan agreed,
a mentoring relationship, a move), so nothing is entered twice. Those cannot be ended here: they end where
they are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from tutordesk.documents.procedures import MeasureCatalogue, load_catalogue
from tutordesk.domain.dates import long_date
from tutordesk.domain.followup_models import FollowUpCase, LearnerMeasure
from tutordesk.domain.mentoring_models import MentoringRelationship
from tutordesk.domain.models import Learner
from tutordesk.domain.plan_models import PlanVersion
from tutordesk.domain.transition_models import Transition
from tutordesk.errors import BadInput
from tutordesk.vault.unit_of_work import UnitOfWork

TEXT_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class MeasureView:
    measure_id: str
    name: str
    started_on: date | None
    ended_on: date | None
    outcome: str
    note: str
    id: int | None  # None for a measure shown from its own workflow
    kept_in: str = ""  # "plan", "mentoring", "transition": where it is kept and ended

    @property
    def in_place(self) -> bool:
        return self.ended_on is None


def start_measure(
    uow: UnitOfWork,
    *,
    learner_id: int,
    measure_id: str,
    started_on: date,
    today: date,
    note: str = "",
    case_id: int | None = None,
    catalogue: MeasureCatalogue | None = None,
) -> int:
    """Put a measure from the catalogue in place for a learner; returns its id."""
    catalogue = catalogue or load_catalogue()
    measure = catalogue.measure(measure_id)
    if measure is None:
        raise BadInput("The setting's catalogue has no such measure.")
    if measure.shown_from:
        where = {
            "plan": "the Plans tab",
            "mentoring": "the Mentoring tab",
            "transition": "the Transitions tab",
        }
        raise BadInput(f"{measure.name} is kept in {where[measure.shown_from]}; start it there.")
    if uow.session.get(Learner, learner_id) is None:
        raise BadInput("That learner is not in this vault (perhaps it was removed).")
    if started_on > today:
        raise BadInput(f"{long_date(started_on)} has not come yet; record a measure once it has started.")
    if case_id is not None:
        case = uow.session.get(FollowUpCase, case_id)
        if case is None or case.learner_id != learner_id:
            raise BadInput("That follow-up case is not one of this learner's.")
    row = LearnerMeasure(
        learner_id=learner_id,
        measure_id=measure_id,
        started_on=started_on,
        note=_text(note),
        case_id=case_id,
    )
    uow.session.add(row)
    uow.session.flush()
    assert row.id is not None
    return row.id


def end_measure(uow: UnitOfWork, *, measure_row_id: int, ended_on: date, outcome: str, today: date) -> None:
    """End a measure with its outcome."""
    row = uow.session.get(LearnerMeasure, measure_row_id)
    if row is None:
        raise BadInput("That measure is not in this vault any more.")
    if ended_on < row.started_on:
        raise BadInput(
            f"It started on {long_date(row.started_on)}, so it cannot end on {long_date(ended_on)}."
        )
    if ended_on > today:
        raise BadInput(f"{long_date(ended_on)} has not come yet.")
    if not outcome.strip():
        raise BadInput("Say how it went: what changed for the young person.")
    row.ended_on = ended_on
    row.outcome = _text(outcome)
    uow.session.add(row)
    uow.session.flush()


def remove_measure(uow: UnitOfWork, *, measure_row_id: int) -> None:
    """Remove a measure recorded by mistake."""
    row = uow.session.get(LearnerMeasure, measure_row_id)
    if row is None:
        raise BadInput("That measure is not in this vault any more.")
    uow.session.delete(row)
    uow.session.flush()


def learner_measures(
    uow: UnitOfWork, *, learner_id: int, catalogue: MeasureCatalogue | None = None
) -> list[MeasureView]:
    """Every measure of a learner, those in place first, newest first: the ones recorded here and the ones
    shown from the plan, mentoring and moves."""
    catalogue = catalogue or load_catalogue()
    names = {m.id: m.name for m in catalogue.measures}
    views = [
        MeasureView(
            measure_id=row.measure_id,
            name=names.get(row.measure_id, row.measure_id.replace("_", " ")),
            started_on=row.started_on,
            ended_on=row.ended_on,
            outcome=row.outcome,
            note=row.note,
            id=row.id,
        )
        for row in uow.session.exec(select(LearnerMeasure).where(LearnerMeasure.learner_id == learner_id))
    ]
    for measure in catalogue.measures:
        if measure.shown_from:
            views += _shown_from(uow, learner_id, measure.id, measure.name, measure.shown_from)
    return sorted(views, key=lambda v: (not v.in_place, -(v.started_on or date.min).toordinal()))


def _shown_from(
    uow: UnitOfWork, learner_id: int, measure_id: str, name: str, workflow: str
) -> list[MeasureView]:
    def view(started: date | None, ended: date | None, outcome: str = "") -> MeasureView:
        return MeasureView(measure_id, name, started, ended, outcome, "", None, kept_in=workflow)

    if workflow == "plan":
        agreed = uow.session.exec(
            select(PlanVersion)
            .where(PlanVersion.learner_id == learner_id, col(PlanVersion.agreed_on).is_not(None))
            .order_by(col(PlanVersion.version))
        ).all()
        if not agreed:
            return []
        newest = agreed[-1]
        # A plan closes without a date of its own: the day its last version was last changed is when.
        return [view(agreed[0].agreed_on, newest.updated_at.date() if newest.status == "closed" else None)]
    if workflow == "mentoring":
        return [
            view(r.started_on, r.closed_on)
            for r in uow.session.exec(
                select(MentoringRelationship).where(MentoringRelationship.learner_id == learner_id)
            )
        ]
    return [
        view(t.leaving_on or t.created_at.date(), t.starts_on if t.status != "active" else None)
        for t in uow.session.exec(select(Transition).where(Transition.learner_id == learner_id))
    ]


def _text(value: str) -> str:
    value = value.strip()
    if len(value) > TEXT_LIMIT:
        raise BadInput(f"Keep it under {TEXT_LIMIT} characters.")
    return value
