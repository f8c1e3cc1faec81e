"""Follow-up cases: a learner's path through the setting's procedure (`forms/procedures/`), from the first
concern to an outcome.

A case is opened from a signal or a concern (by whom, why), each step is recorded as done (date, who,
outcome, who was told and how), and the next step is due a number of days after the step before (the
procedure's `limit_days`), which the Due list shows. The procedure's id and version are kept on the case;
a step the procedure file no longer has still shows in the case's history under its id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import col, select

from tutordesk.documents.procedures import Procedure, ProcedureStep, load_procedure
from tutordesk.domain.dates import long_date
from tutordesk.domain.followup_models import FollowUpCase, FollowUpStep, WarningSignal
from tutordesk.domain.models import Learner
from tutordesk.errors import BadInput
from tutordesk.vault.unit_of_work import UnitOfWork

TEXT_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class StepDone:
    step_id: str
    done_on: date
    done_by: str = ""
    outcome: str = ""
    informed: str = ""
    informed_how: str = ""


@dataclass(frozen=True, slots=True)
class StepView(StepDone):
    id: int = 0
    number: int | None = None  # the step's position in the procedure as it is now; None if it was removed
    action: str = ""


@dataclass(frozen=True, slots=True)
class NextStep:
    step: ProcedureStep
    due_on: date

    def overdue(self, today: date) -> bool:
        return self.due_on < today


@dataclass(frozen=True, slots=True)
class CaseView:
    id: int
    learner_id: int
    procedure_id: str
    procedure_version: str
    opened_on: date
    opened_by: str
    reason: str
    signal_id: int | None
    closed_on: date | None
    outcome: str
    steps: tuple[StepView, ...]
    next_step: NextStep | None  # None once closed, or when every step is done

    @property
    def open(self) -> bool:
        return self.closed_on is None


def open_case(
    uow: UnitOfWork,
    *,
    learner_id: int,
    opened_on: date,
    reason: str,
    opened_by: str = "",
    signal_id: int | None = None,
    today: date,
    procedure: Procedure | None = None,
) -> int:
    """Open a follow-up case under the procedure (the setting's default one unless given); returns its id.
    A learner has at most one open case: close it before opening another."""
    procedure = procedure or load_procedure()
    if uow.session.get(Learner, learner_id) is None:
        raise BadInput("That learner is not in this vault (perhaps it was removed).")
    if opened_on > today:
        raise BadInput(
            f"{long_date(opened_on)} has not come yet; a case is opened on the day the concern is raised."
        )
    reason = _text(reason, "Say why the case is opened: what was noticed, or the concern raised.")
    if signal_id is not None:
        signal = uow.session.get(WarningSignal, signal_id)
        if signal is None or signal.learner_id != learner_id:
            raise BadInput("That signal is not one of this learner's.")
    if _open_case_of(uow, learner_id) is not None:
        raise BadInput("This learner already has an open follow-up case; close it before opening another.")
    row = FollowUpCase(
        learner_id=learner_id,
        procedure_id=procedure.id,
        procedure_version=procedure.version,
        opened_on=opened_on,
        opened_by=" ".join(opened_by.split()),
        reason=reason,
        signal_id=signal_id,
    )
    uow.session.add(row)
    uow.session.flush()
    assert row.id is not None
    return row.id


def record_step(uow: UnitOfWork, *, case_id: int, done: StepDone, today: date) -> int:
    """Record a step of the procedure as done; returns its id. A step is recorded once; steps may be done
    out of order (life does not follow procedures), but never before the case was opened."""
    case = _case(uow, case_id)
    if case.closed_on is not None:
        raise BadInput("This case is closed; reopen it to record more steps.")
    procedure = load_procedure(case.procedure_id)
    step = procedure.step(done.step_id)
    if step is None:
        raise BadInput("The procedure has no such step.")
    if done.done_on < case.opened_on:
        raise BadInput(
            f"Step {step.number} cannot be done on {long_date(done.done_on)}, before the case was opened "
            f"on {long_date(case.opened_on)}."
        )
    if done.done_on > today:
        raise BadInput(f"{long_date(done.done_on)} has not come yet; record a step once it is done.")
    already = uow.session.exec(
        select(FollowUpStep.id).where(FollowUpStep.case_id == case_id, FollowUpStep.step_id == done.step_id)
    ).first()
    if already is not None:
        raise BadInput(f"Step {step.number} is already recorded for this case; change that record instead.")
    row = FollowUpStep(
        case_id=case_id,
        step_id=done.step_id,
        done_on=done.done_on,
        done_by=" ".join(done.done_by.split()),
        outcome=_text(done.outcome, None),
        informed=" ".join(done.informed.split()),
        informed_how=" ".join(done.informed_how.split()),
    )
    uow.session.add(row)
    uow.session.flush()
    assert row.id is not None
    return row.id


def undo_step(uow: UnitOfWork, *, case_id: int, step_id: str) -> None:
    """Take back a step recorded by mistake."""
    row = uow.session.exec(
        select(FollowUpStep).where(FollowUpStep.case_id == case_id, FollowUpStep.step_id == step_id)
    ).first()
    if row is None:
        raise BadInput("That step is not recorded for this case.")
    uow.session.delete(row)
    uow.session.flush()


def close_case(uow: UnitOfWork, *, case_id: int, closed_on: date, outcome: str, today: date) -> None:
    """Close a case with its outcome."""
    case = _case(uow, case_id)
    if case.closed_on is not None:
        raise BadInput("This case is already closed.")
    if closed_on < case.opened_on:
        raise BadInput(
            f"A case opened on {long_date(case.opened_on)} cannot close before that ({long_date(closed_on)})."
        )
    if closed_on > today:
        raise BadInput(f"{long_date(closed_on)} has not come yet; close the case on the day it ends.")
    case.closed_on = closed_on
    case.outcome = _text(outcome, "Say how the case ended: what changed, and what happens now.")
    uow.session.add(case)
    uow.session.flush()


def reopen_case(uow: UnitOfWork, *, case_id: int) -> None:
    """Reopen a case closed by mistake (its outcome is kept until it is closed again)."""
    case = _case(uow, case_id)
    if case.closed_on is None:
        return
    if _open_case_of(uow, case.learner_id) is not None:
        raise BadInput("This learner already has another open case.")
    case.closed_on = None
    uow.session.add(case)
    uow.session.flush()


def learner_cases(uow: UnitOfWork, *, learner_id: int) -> list[CaseView]:
    """A learner's cases, the open one first, then the closed ones newest first."""
    cases = uow.session.exec(
        select(FollowUpCase)
        .where(FollowUpCase.learner_id == learner_id)
        .order_by(col(FollowUpCase.closed_on).is_not(None), col(FollowUpCase.opened_on).desc())
    ).all()
    return [_view(uow, case) for case in cases]


def open_cases_due(
    uow: UnitOfWork, *, learner_ids: Iterable[int] | None = None
) -> dict[int, tuple[int, NextStep]]:
    """Each learner's open case id and its next step with the date it is due (for the Due list), read in two
    statements whatever the number of learners."""
    statement = select(FollowUpCase).where(col(FollowUpCase.closed_on).is_(None))
    if learner_ids is not None:
        statement = statement.where(col(FollowUpCase.learner_id).in_(sorted(set(learner_ids))))
    cases = list(uow.session.exec(statement))
    if not cases:
        return {}
    done: dict[int, list[FollowUpStep]] = {case.id: [] for case in cases if case.id is not None}
    for step in uow.session.exec(select(FollowUpStep).where(col(FollowUpStep.case_id).in_(list(done)))):
        done[step.case_id].append(step)
    result: dict[int, tuple[int, NextStep]] = {}
    for case in cases:
        assert case.id is not None
        following = next_step(load_procedure(case.procedure_id), case.opened_on, done[case.id])
        if following is not None:
            result[case.learner_id] = (case.id, following)
    return result


def next_step(
    procedure: Procedure, opened_on: date, done: Iterable[FollowUpStep | StepView]
) -> NextStep | None:
    """The first step of the procedure not yet done, due `limit_days` after the latest step done (or after
    the opening, before any): the Due list's rule (`services.caseload.due`, "case_step")."""
    done_on = {step.step_id: step.done_on for step in done}
    since = max([opened_on, *done_on.values()])
    following = next((step for step in procedure.steps if step.id not in done_on), None)
    if following is None:
        return None
    return NextStep(step=following, due_on=since + timedelta(days=following.limit_days))


def _view(uow: UnitOfWork, case: FollowUpCase) -> CaseView:
    assert case.id is not None
    procedure = load_procedure(case.procedure_id)
    rows = uow.session.exec(
        select(FollowUpStep)
        .where(FollowUpStep.case_id == case.id)
        .order_by(col(FollowUpStep.done_on), col(FollowUpStep.id))
    ).all()
    steps = []
    for row in rows:
        known = procedure.step(row.step_id)
        steps.append(
            StepView(
                step_id=row.step_id,
                done_on=row.done_on,
                done_by=row.done_by,
                outcome=row.outcome,
                informed=row.informed,
                informed_how=row.informed_how,
                id=row.id or 0,
                number=known.number if known else None,
                action=known.action if known else row.step_id,
            )
        )
    return CaseView(
        id=case.id,
        learner_id=case.learner_id,
        procedure_id=case.procedure_id,
        procedure_version=case.procedure_version,
        opened_on=case.opened_on,
        opened_by=case.opened_by,
        reason=case.reason,
        signal_id=case.signal_id,
        closed_on=case.closed_on,
        outcome=case.outcome,
        steps=tuple(steps),
        next_step=None if case.closed_on else next_step(procedure, case.opened_on, steps),
    )


def _case(uow: UnitOfWork, case_id: int) -> FollowUpCase:
    case = uow.session.get(FollowUpCase, case_id)
    if case is None:
        raise BadInput("That follow-up case is not in this vault any more.")
    return case


def _open_case_of(uow: UnitOfWork, learner_id: int) -> int | None:
    return uow.session.exec(
        select(FollowUpCase.id).where(
            FollowUpCase.learner_id == learner_id, col(FollowUpCase.closed_on).is_(None)
        )
    ).first()


def _text(value: str, missing: str | None) -> str:
    value = value.strip()
    if missing and not value:
        raise BadInput(missing)
    if len(value) > TEXT_LIMIT:
        raise BadInput(f"Keep it under {TEXT_LIMIT} characters.")
    return value
