"""Transitions and handover material through the services on a real vault: the settling-in schedule,
checklists by kind, the warm handover log, profile answers, examples of work, the academic record."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from tests.support import builders
from tutordesk.domain.models import Meeting
from tutordesk.domain.settling_in import settling_in_schedule
from tutordesk.domain.transition_enums import Milestone
from tutordesk.errors import BadInput
from tutordesk.services.transitions import handover_material
from tutordesk.services.transitions import moves as transitions
from tutordesk.services.transitions.handover_material import AcademicInput, PracticeRunInput
from tutordesk.services.transitions.moves import HandoverEventInput, ItemInput, TransitionInput
from tutordesk.vault.vault import Vault


@pytest.mark.parametrize(
    ("starts_on", "expected"),
    [
        (date(2026, 9, 7), [date(2026, 9, 14), date(2026, 10, 7), date(2026, 12, 7), date(2027, 3, 7)]),
        # Month ends: the day is kept where the month has it, else the month's last day.
        (date(2026, 8, 31), [date(2026, 9, 7), date(2026, 9, 30), date(2026, 11, 30), date(2027, 2, 28)]),
        # Leap years: 29 February exists in 2028, not in 2027.
        (date(2028, 1, 31), [date(2028, 2, 7), date(2028, 2, 29), date(2028, 4, 30), date(2028, 7, 31)]),
        (date(2027, 1, 31), [date(2027, 2, 7), date(2027, 2, 28), date(2027, 4, 30), date(2027, 7, 31)]),
        (date(2028, 2, 29), [date(2028, 3, 7), date(2028, 3, 29), date(2028, 5, 29), date(2028, 8, 29)]),
        # Across the year end.
        (date(2026, 12, 28), [date(2027, 1, 4), date(2027, 1, 28), date(2027, 3, 28), date(2027, 6, 28)]),
    ],
)
def test_settling_in_meetings_fall_one_week_and_one_three_and_six_months_after_the_start(
    starts_on: date, expected: list[date]
) -> None:
    schedule = settling_in_schedule(starts_on)
    assert [milestone for milestone, _ in schedule] == list(Milestone)
    assert [due for _, due in schedule] == expected


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return builders.add_learner(vault)


def test_the_four_meetings_appear_once_the_first_day_is_known_and_move_with_it_until_held(
    vault: Vault, learner_id: int
) -> None:
    with vault.unit_of_work() as uow:
        tid = transitions.create_transition(uow, learner_id=learner_id, data=TransitionInput(kind="mid_term"))
        assert transitions.settling_in_meetings(uow, transition_id=tid) == []
        transitions.update_transition(
            uow, transition_id=tid, data=TransitionInput(kind="mid_term", starts_on=date(2028, 1, 31))
        )
        first, *_ = transitions.settling_in_meetings(uow, transition_id=tid)
        transitions.record_settling_in(
            uow,
            settling_id=first.id,
            held_on=date(2028, 2, 8),
            run_by="Pastoral lead",
            values={"settling.how_going": "Fine"},
        )
        transitions.update_transition(
            uow, transition_id=tid, data=TransitionInput(kind="mid_term", starts_on=date(2028, 2, 1))
        )
        uow.commit()
        meetings = transitions.settling_in_meetings(uow, transition_id=tid)
        held = uow.session.exec(select(Meeting).where(Meeting.kind == "settling_in")).all()
    assert [(m.milestone, m.due_on, m.held_on) for m in meetings] == [
        ("1w", date(2028, 2, 7), date(2028, 2, 8)),  # held: stays where it was
        ("1m", date(2028, 3, 1), None),
        ("3m", date(2028, 5, 1), None),
        ("6m", date(2028, 8, 1), None),
    ]
    assert meetings[0].values == {"settling.how_going": "Fine"} and meetings[0].label == "After one week"
    assert [(m.held_on, m.attendees) for m in held] == [(date(2028, 2, 8), "Pastoral lead")]


def test_unrecording_a_settling_in_meeting_removes_its_caseload_meeting(
    vault: Vault, learner_id: int
) -> None:
    with vault.unit_of_work() as uow:
        tid = transitions.create_transition(
            uow, learner_id=learner_id, data=TransitionInput(starts_on=date(2026, 9, 7))
        )
        first = transitions.settling_in_meetings(uow, transition_id=tid)[0]
        transitions.record_settling_in(
            uow, settling_id=first.id, held_on=date(2026, 9, 14), run_by="", values={}
        )
        transitions.record_settling_in(uow, settling_id=first.id, held_on=None, run_by="", values={})
        uow.commit()
        assert uow.session.exec(select(Meeting)).all() == []


def test_the_checklist_follows_the_kind_of_move(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        tid = transitions.create_transition(
            uow, learner_id=learner_id, data=TransitionInput(kind="end_of_stage")
        )
        checklist, items = transitions.checklist_of(uow, transition_id=tid)
        assert checklist.id == "transition_end_of_stage" and "taster_day" in checklist.item_ids
        transitions.save_item(
            uow,
            transition_id=tid,
            item_id="taster_day",
            data=ItemInput(owner="Tutor", due_on=date(2026, 6, 1)),
        )
        with pytest.raises(BadInput, match="no longer on the checklist"):
            transitions.save_item(uow, transition_id=tid, item_id="academic_record", data=ItemInput())
        transitions.update_transition(uow, transition_id=tid, data=TransitionInput(kind="mid_term"))
        checklist, items = transitions.checklist_of(uow, transition_id=tid)
        assert checklist.id == "transition_mid_term"
        transitions.save_item(
            uow,
            transition_id=tid,
            item_id="academic_record",
            data=ItemInput(done_on=date(2026, 5, 1), note="Sent"),
        )
        uow.commit()
        _, items = transitions.checklist_of(uow, transition_id=tid)
    done = {view.item.id: view for view in items if view.item is not None}
    assert done["academic_record"].done and done["academic_record"].note == "Sent"
    assert not done["personal_profile"].done


def test_the_warm_handover_log_keeps_who_went_and_whom_they_met(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        tid = transitions.create_transition(
            uow, learner_id=learner_id, data=TransitionInput(receiving_setting="Riverside College")
        )
        transitions.save_handover_event(
            uow,
            transition_id=tid,
            data=HandoverEventInput(date(2026, 9, 7), accompanied_by="Tutor", introduced_to="Head of year"),
        )
        uow.commit()
        (event,) = transitions.handover_events(uow, transition_id=tid)
        assert (event.accompanied_by, event.introduced_to) == ("Tutor", "Head of year")
        assert (
            transitions.transitions(uow, learner_id=learner_id)[0].title
            == "End of a stage to Riverside College"
        )


def test_implausible_dates_are_refused_plainly(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="check the dates"):
        transitions.create_transition(
            uow,
            learner_id=learner_id,
            data=TransitionInput(leaving_on=date(2026, 12, 18), starts_on=date(2026, 1, 5)),
        )


def test_profile_answers_keep_only_the_forms_fields(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        handover_material.save_form_answers(
            uow,
            learner_id=learner_id,
            form_id="personal_profile",
            values={"profile.interests": " Football ", "profile.pets": ""},
        )
        with pytest.raises(BadInput, match="no field"):
            handover_material.save_form_answers(
                uow, learner_id=learner_id, form_id="personal_profile", values={"profile.shoe_size": "5"}
            )
        with pytest.raises(BadInput, match="not a form edited on screen"):
            handover_material.form_answers(uow, learner_id=learner_id, form_id="contract_of_participation")
        uow.commit()
        assert handover_material.form_answers(uow, learner_id=learner_id, form_id="personal_profile") == {
            "profile.interests": "Football"
        }


def test_examples_of_work_are_typed_by_their_bytes_and_listed_without_their_data(
    vault: Vault, learner_id: int
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
    with vault.unit_of_work() as uow:
        shown = handover_material.add_attachment(
            uow,
            learner_id=learner_id,
            title="Poster",
            file_name="poster.pdf",
            data=png,
            added_on=date(2026, 5, 1),
        )
        with pytest.raises(BadInput, match="empty"):
            handover_material.add_attachment(
                uow, learner_id=learner_id, title="x", file_name="x", data=b"", added_on=date.today()
            )
        uow.commit()
        (listed,) = handover_material.attachments(uow, learner_id=learner_id)
        assert (listed.id, listed.mime, listed.size, listed.is_image) == (shown, "image/png", len(png), True)
        assert handover_material.attachment_data(uow, attachment_id=shown) == ("image/png", png)


def test_the_academic_record_reads_oldest_first_and_offers_undo(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        later = handover_material.save_academic_entry(
            uow,
            learner_id=learner_id,
            data=AcademicInput("Level 1 Construction", started_on=date(2026, 9, 1)),
        )
        handover_material.save_academic_entry(
            uow,
            learner_id=learner_id,
            data=AcademicInput("Hillside School", kind="setting", started_on=date(2021, 9, 1)),
        )
        handover_material.save_academic_entry(
            uow, learner_id=learner_id, data=AcademicInput("First aid", kind="achievement")
        )
        with pytest.raises(BadInput, match="end date is before"):
            handover_material.save_academic_entry(
                uow,
                learner_id=learner_id,
                data=AcademicInput("x", started_on=date(2026, 1, 2), ended_on=date(2026, 1, 1)),
            )
        uow.commit()
        assert [e.title for e in handover_material.academic_record(uow, learner_id=learner_id)] == [
            "Hillside School",
            "Level 1 Construction",
            "First aid",
        ]
        removed = handover_material.remove_academic_entry(uow, entry_id=later)
        assert removed is not None and removed.title == "Level 1 Construction"


def test_practice_runs_record_confidence_from_one_to_five(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        handover_material.save_practice_run(
            uow, learner_id=learner_id, data=PracticeRunInput(date(2026, 8, 20), "Mum", 3)
        )
        with pytest.raises(BadInput, match="1 to 5"):
            handover_material.save_practice_run(
                uow, learner_id=learner_id, data=PracticeRunInput(date(2026, 8, 21), "", 9)
            )
        uow.commit()
        assert [
            (r.with_whom, r.confidence) for r in handover_material.practice_runs(uow, learner_id=learner_id)
        ] == [("Mum", 3)]


def test_a_held_settling_in_meeting_keeps_the_meeting_already_booked(vault: Vault, learner_id: int) -> None:
    booked = date(2026, 9, 20)
    with vault.unit_of_work() as uow:
        uow.session.add(Meeting(learner_id=learner_id, held_on=date(2026, 9, 1), next_on=booked))
        tid = transitions.create_transition(
            uow, learner_id=learner_id, data=TransitionInput(starts_on=date(2026, 9, 7))
        )
        first = transitions.settling_in_meetings(uow, transition_id=tid)[0]
        transitions.record_settling_in(
            uow, settling_id=first.id, held_on=date(2026, 9, 14), run_by="", values={}
        )
        uow.commit()
        newest = uow.session.exec(select(Meeting).where(Meeting.kind == "settling_in")).one()
    assert newest.next_on == booked  # the caseload's next meeting does not drop off the Due list
