"""Transitions on the Due list: checklist items, settling-in meetings and the first day come and go as they
should, only for moves in progress and learners still on the caseload, in the caseload's one due statement."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tutordesk.documents.checklists import load_checklist, parse_checklist
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.models import Learner
from tutordesk.domain.settling_in import settling_in_schedule
from tutordesk.domain.transition_enums import Milestone
from tutordesk.services.caseload import due as due_module
from tutordesk.services.caseload.due import DueItem, due_items
from tutordesk.services.caseload.rows import list_caseload
from tutordesk.services.transitions import moves as transitions
from tutordesk.services.transitions.moves import ItemInput, TransitionInput
from tutordesk.vault.unit_of_work import UnitOfWork, recorded_statements
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
TRANSITION_KINDS = {"transition_item", "settling_in", "transition_day"}
RIVERSIDE = "Riverside College"


def _learner(uow: UnitOfWork, family: str = "Ashcombe", **extra: object) -> int:
    learner = Learner(given_name="Ada", family_name=family, started_on=date(2026, 9, 1), **extra)
    uow.session.add(learner)
    uow.session.flush()
    return int(learner.id or 0)


def _move(uow: UnitOfWork, learner_id: int, **extra: object) -> int:
    values: dict[str, object] = {
        "kind": "mid_term",
        "receiving_setting": RIVERSIDE,
        "leaving_on": TODAY + timedelta(days=10),
        "starts_on": TODAY + timedelta(days=14),
        **extra,
    }
    return transitions.create_transition(uow, learner_id=learner_id, data=TransitionInput(**values))  # type: ignore[arg-type]


def _change(uow: UnitOfWork, transition_id: int, **changes: object) -> None:
    current = transitions.get_transition(uow, transition_id=transition_id)
    fields = {name: getattr(current, name) for name in TransitionInput.__dataclass_fields__}
    transitions.update_transition(
        uow, transition_id=transition_id, data=TransitionInput(**{**fields, **changes})
    )  # type: ignore[arg-type]


def _items(vault: Vault, kind: str | None = None) -> list[DueItem]:
    with vault.unit_of_work() as uow:
        found = [item for item in due_items(uow, today=TODAY) if item.kind in TRANSITION_KINDS]
    return [item for item in found if kind is None or item.kind == kind]


def _kinds(vault: Vault) -> set[str]:
    return {item.kind for item in _items(vault)}


# -- checklist items ---------------------------------------------------------------------------------------


def test_a_dated_checklist_item_is_due_with_its_text_until_it_is_done(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        learner_id = _learner(uow)
        move_id = _move(uow, learner_id)
        transitions.save_item(
            uow,
            transition_id=move_id,
            item_id="academic_record",
            data=ItemInput(owner="Morgan", due_on=TODAY - timedelta(days=2)),
        )
        transitions.save_item(
            uow, transition_id=move_id, item_id="welcome_call", data=ItemInput(owner="Morgan")
        )  # no date: never due
        transitions.save_item(
            uow,
            transition_id=move_id,
            item_id="it_ready",
            data=ItemInput(due_on=TODAY, done_on=TODAY - timedelta(days=1)),
        )
        uow.commit()
    [item] = _items(vault, "transition_item")
    assert (item.learner_id, item.due_on, item.overdue) == (learner_id, TODAY - timedelta(days=2), True)
    assert item.what == "Transition step: Academic record up to date"

    with vault.unit_of_work() as uow:
        transitions.save_item(
            uow,
            transition_id=move_id,
            item_id="academic_record",
            data=ItemInput(due_on=TODAY - timedelta(days=2), done_on=TODAY),
        )
        uow.commit()
    assert _items(vault, "transition_item") == []


def test_an_item_is_described_from_the_checklist_of_the_moves_kind(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        end_of_stage = _move(uow, _learner(uow), kind="end_of_stage")
        transitions.save_item(
            uow,
            transition_id=end_of_stage,
            item_id="taster_day",
            data=ItemInput(due_on=TODAY + timedelta(days=3)),
        )
        uow.commit()
    [item] = _items(vault, "transition_item")
    assert (
        item.what == f"Transition step: {load_checklist('transition_end_of_stage').item('taster_day').text}"
    )  # type: ignore[union-attr]
    assert not item.overdue


def test_items_an_institution_removed_from_the_checklist_are_not_due(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    # Descriptions are kept per run; forget the ones made from the edited file once the test is over.
    request.addfinalizer(due_module._describe.cache_clear)
    with vault.unit_of_work() as uow:
        move_id = _move(uow, _learner(uow))
        for days, item_id in enumerate(("academic_record", "it_ready")):
            transitions.save_item(
                uow,
                transition_id=move_id,
                item_id=item_id,
                data=ItemInput(due_on=TODAY + timedelta(days=days)),
            )
        uow.commit()
    assert len(_items(vault, "transition_item")) == 2

    real = load_checklist
    shorter = parse_checklist(
        'id = "transition_mid_term"\nversion = "2.0"\ntitle = "Moving"\n'
        '[[items]]\nid = "it_ready"\ntext = "Laptop and email ready"\n',
        origin="test",
    )
    monkeypatch.setattr(
        due_module,
        "load_checklist",
        lambda checklist_id: shorter if checklist_id == "transition_mid_term" else real(checklist_id),
    )
    # Only the item still in the file is due (the one a day later).
    assert [item.due_on for item in _items(vault, "transition_item")] == [TODAY + timedelta(days=1)]


# -- settling-in meetings ------------------------------------------------------------------------------------


def test_settling_in_meetings_are_due_on_their_dates_until_held(vault: Vault) -> None:
    starts = TODAY - timedelta(days=10)
    with vault.unit_of_work() as uow:
        move_id = _move(
            uow, _learner(uow), leaving_on=starts - timedelta(days=3), starts_on=starts, phase="after"
        )
        uow.commit()
    due = _items(vault, "settling_in")
    assert [(item.due_on, item.what) for item in due] == [
        (day, f"Settling-in meeting ({milestone.label.lower()})")
        for milestone, day in settling_in_schedule(starts)
    ]
    assert due[0].what == "Settling-in meeting (after one week)" and due[0].overdue
    assert due[1].what == "Settling-in meeting (after one month)" and not due[1].overdue

    with vault.unit_of_work() as uow:
        first = transitions.settling_in_meetings(uow, transition_id=move_id)[0]
        assert first.milestone == Milestone.WEEK_1
        transitions.record_settling_in(
            uow, settling_id=first.id, held_on=TODAY, run_by="Sam", values={"settling.how_going": "Fine"}
        )
        uow.commit()
    assert [item.what for item in _items(vault, "settling_in")] == [
        f"Settling-in meeting ({m.label.lower()})"
        for m in (Milestone.MONTH_1, Milestone.MONTH_3, Milestone.MONTH_6)
    ]

    with vault.unit_of_work() as uow:  # marked as not held after all: due again
        transitions.record_settling_in(uow, settling_id=first.id, held_on=None, run_by="", values={})
        uow.commit()
    assert len(_items(vault, "settling_in")) == 4


# -- the first day ----------------------------------------------------------------------------------------


def test_the_first_day_is_due_while_the_move_is_still_ahead(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        move_id = _move(uow, _learner(uow))
        _move(uow, _learner(uow, "Brackenridge"), starts_on=None)  # no first day yet: nothing to show
        _move(uow, _learner(uow, "Copperfold"), receiving_setting="  ")
        uow.commit()
    days = _items(vault, "transition_day")
    assert [(item.due_on, item.what) for item in days] == [
        (TODAY + timedelta(days=14), f"First day at {RIVERSIDE}"),
        (TODAY + timedelta(days=14), "First day at the new setting"),
    ]

    with vault.unit_of_work() as uow:
        _change(uow, move_id, phase="during")
        uow.commit()
    assert [item.what for item in _items(vault, "transition_day")] == ["First day at the new setting"]


# -- completed, cancelled, archived ----------------------------------------------------------------------------


def _everything_due(uow: UnitOfWork, learner_id: int) -> int:
    """One move ahead with something of every transition kind due."""
    move_id = _move(uow, learner_id)
    transitions.save_item(
        uow, transition_id=move_id, item_id="early_contact", data=ItemInput(due_on=TODAY - timedelta(days=1))
    )
    return move_id


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_a_completed_or_cancelled_move_takes_all_of_it_off_the_list(vault: Vault, status: str) -> None:
    with vault.unit_of_work() as uow:
        move_id = _everything_due(uow, _learner(uow))
        uow.commit()
    assert _kinds(vault) == TRANSITION_KINDS

    with vault.unit_of_work() as uow:
        _change(uow, move_id, status=status)
        uow.commit()
    assert _kinds(vault) == set()

    with vault.unit_of_work() as uow:  # reopened: back on the list
        _change(uow, move_id, status="active")
        uow.commit()
    assert _kinds(vault) == TRANSITION_KINDS


def test_closed_and_archived_learners_have_no_transition_due(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        _everything_due(uow, _learner(uow, status=LearnerStatus.CLOSED.value))
        archived = _learner(uow, "Brackenridge")
        _everything_due(uow, archived)
        uow.commit()
    assert _kinds(vault) == TRANSITION_KINDS

    with vault.unit_of_work() as uow:
        learner = uow.session.get(Learner, archived)
        assert learner is not None
        learner.archived_at = datetime(2026, 11, 1, tzinfo=UTC)
        uow.commit()
    assert _kinds(vault) == set()


# -- the caseload -------------------------------------------------------------------------------------------


def test_transitions_keep_the_caseload_to_two_statements(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        for number in range(30):
            _everything_due(uow, _learner(uow, f"Many{number:02d}"))
        uow.commit()
    with recorded_statements(vault.engine) as statements, vault.unit_of_work() as uow:
        rows = list_caseload(uow, today=TODAY)
    assert len(rows) == 30
    assert all(row.next_due is not None for row in rows)
    assert len(statements) == 2  # the due items and the learners


def test_transition_kinds_have_their_own_wording(vault: Vault) -> None:
    """No transition kind falls through to showing its code."""
    with vault.unit_of_work() as uow:
        _everything_due(uow, _learner(uow))
        uow.commit()
    for item in _items(vault):
        assert "_" not in item.what and item.what[0].isupper()
