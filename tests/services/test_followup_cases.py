"""Follow-up cases under the setting's procedure: opened from a concern, steps done with their limits,
the next step due, closed with an outcome; and the measures in place, with plans, mentoring and moves
shown as measures without a second entry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support.builders import add_learner, add_plan, add_relationship
from tutordesk.documents.procedures import load_procedure
from tutordesk.errors import BadInput
from tutordesk.services.followup import cases, measures
from tutordesk.services.followup.cases import StepDone
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 27)
OPENED = date(2026, 11, 2)


def _open(vault: Vault, learner: int) -> int:
    with vault.unit_of_work() as uow:
        case_id = cases.open_case(
            uow,
            learner_id=learner,
            opened_on=OPENED,
            reason="Attendance slipping",
            opened_by="Ms Kay",
            today=TODAY,
        )
        uow.commit()
    return case_id


def test_each_step_is_due_its_limit_after_the_step_before(vault: Vault) -> None:
    learner = add_learner(vault)
    case_id = _open(vault, learner)
    procedure = load_procedure()
    first, second = procedure.steps[0], procedure.steps[1]
    with vault.unit_of_work() as uow:
        due = cases.open_cases_due(uow)
    assert due[learner] == (case_id, cases.NextStep(first, OPENED + timedelta(days=first.limit_days)))
    with vault.unit_of_work() as uow:
        cases.record_step(
            uow,
            case_id=case_id,
            done=StepDone(first.id, date(2026, 11, 10), "Mr Lee", informed="Tutor"),
            today=TODAY,
        )
        uow.commit()
    with vault.unit_of_work() as uow:
        view = cases.learner_cases(uow, learner_id=learner)[0]
    assert view.open and view.steps[0].number == 1 and view.steps[0].done_by == "Mr Lee"
    assert view.next_step == cases.NextStep(second, date(2026, 11, 10) + timedelta(days=second.limit_days))
    assert view.next_step.overdue(TODAY)


def test_a_learner_has_one_open_case_and_a_closed_one_leaves_the_due_list(vault: Vault) -> None:
    learner = add_learner(vault)
    case_id = _open(vault, learner)
    with pytest.raises(BadInput, match="already has an open follow-up case"):
        _open(vault, learner)
    with vault.unit_of_work() as uow:
        cases.close_case(
            uow, case_id=case_id, closed_on=TODAY, outcome="Back to full attendance", today=TODAY
        )
        uow.commit()
    with vault.unit_of_work() as uow:
        assert cases.open_cases_due(uow) == {}
        closed = cases.learner_cases(uow, learner_id=learner)[0]
    assert closed.outcome == "Back to full attendance" and closed.next_step is None
    second = _open(vault, learner)
    with vault.unit_of_work() as uow:
        assert [c.id for c in cases.learner_cases(uow, learner_id=learner)] == [second, case_id]


def test_dates_and_repeats_that_cannot_be_right_are_refused(vault: Vault) -> None:
    learner = add_learner(vault)
    case_id = _open(vault, learner)
    step = load_procedure().steps[0].id
    with vault.unit_of_work() as uow:
        with pytest.raises(BadInput, match="before the case was opened"):
            cases.record_step(
                uow, case_id=case_id, done=StepDone(step, OPENED - timedelta(days=1)), today=TODAY
            )
        with pytest.raises(BadInput, match="has not come yet"):
            cases.record_step(
                uow, case_id=case_id, done=StepDone(step, TODAY + timedelta(days=1)), today=TODAY
            )
        with pytest.raises(BadInput, match="no such step"):
            cases.record_step(uow, case_id=case_id, done=StepDone("fly_to_the_moon", TODAY), today=TODAY)
        cases.record_step(uow, case_id=case_id, done=StepDone(step, TODAY), today=TODAY)
        with pytest.raises(BadInput, match="already recorded"):
            cases.record_step(uow, case_id=case_id, done=StepDone(step, TODAY), today=TODAY)
        with pytest.raises(BadInput, match="cannot close before"):
            cases.close_case(
                uow, case_id=case_id, closed_on=OPENED - timedelta(days=1), outcome="x", today=TODAY
            )
        with pytest.raises(BadInput, match="how the case ended"):
            cases.close_case(uow, case_id=case_id, closed_on=TODAY, outcome="  ", today=TODAY)
        with pytest.raises(BadInput, match="Say why"):
            cases.open_case(uow, learner_id=learner, opened_on=TODAY, reason="", today=TODAY)
        cases.undo_step(uow, case_id=case_id, step_id=step)
        assert cases.learner_cases(uow, learner_id=learner)[0].steps == ()


def test_measures_recorded_and_shown_from_the_plan_and_mentoring(vault: Vault) -> None:
    learner = add_learner(vault)
    add_plan(vault, learner, agreed_on=date(2026, 10, 1))
    add_relationship(vault, learner, started_on=date(2026, 10, 15))
    with vault.unit_of_work() as uow:
        row = measures.start_measure(
            uow, learner_id=learner, measure_id="counselling", started_on=date(2026, 11, 1), today=TODAY
        )
        uow.commit()
    with vault.unit_of_work() as uow:
        shown = measures.learner_measures(uow, learner_id=learner)
    assert [(m.measure_id, m.kept_in) for m in shown] == [
        ("counselling", ""),
        ("mentoring", "mentoring"),
        ("road_map_plan", "plan"),
    ]
    with vault.unit_of_work() as uow:
        with pytest.raises(BadInput, match="kept in the Plans tab"):
            measures.start_measure(
                uow, learner_id=learner, measure_id="road_map_plan", started_on=TODAY, today=TODAY
            )
        with pytest.raises(BadInput, match="no such measure"):
            measures.start_measure(uow, learner_id=learner, measure_id="yoga", started_on=TODAY, today=TODAY)
        with pytest.raises(BadInput, match="how it went"):
            measures.end_measure(uow, measure_row_id=row, ended_on=TODAY, outcome="", today=TODAY)
        measures.end_measure(
            uow, measure_row_id=row, ended_on=TODAY, outcome="Feels able to talk", today=TODAY
        )
        uow.commit()
    with vault.unit_of_work() as uow:
        ended = [m for m in measures.learner_measures(uow, learner_id=learner) if m.id == row][0]
    assert not ended.in_place and ended.outcome == "Feels able to talk"


def test_the_due_list_shows_the_next_step_on_the_same_day_as_the_case_says(vault: Vault) -> None:
    from tutordesk.services.caseload.due import due_items

    learner = add_learner(vault, "Dee", "Duelist")
    case_id = _open(vault, learner)
    procedure = load_procedure()
    with vault.unit_of_work() as uow:
        cases.record_step(
            uow, case_id=case_id, done=StepDone(procedure.steps[0].id, date(2026, 11, 4)), today=TODAY
        )
        cases.record_step(
            uow, case_id=case_id, done=StepDone(procedure.steps[2].id, date(2026, 11, 9)), today=TODAY
        )
        uow.commit()
    with vault.unit_of_work() as uow:
        expected = cases.learner_cases(uow, learner_id=learner)[0].next_step
        items = [i for i in due_items(uow, today=TODAY, learner_ids=[learner]) if i.kind == "case_step"]
    assert expected is not None and expected.step == procedure.steps[1]  # the first not done, out of order
    assert expected.due_on == date(2026, 11, 9) + timedelta(days=procedure.steps[1].limit_days)
    assert [(i.due_on, i.what, i.overdue) for i in items] == [
        (expected.due_on, f"Follow-up step 2: {procedure.steps[1].action}", True)
    ]
    with vault.unit_of_work() as uow:
        cases.close_case(uow, case_id=case_id, closed_on=TODAY, outcome="Settled", today=TODAY)
        uow.commit()
    with vault.unit_of_work() as uow:
        assert not [i for i in due_items(uow, today=TODAY) if i.kind == "case_step"]
