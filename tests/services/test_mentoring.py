"""Mentoring relationships through the services on a real vault: terms, phases, contacts with flags,
targets with the SMART check, self-assessments, pseudonymised supervision, closure."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import select

from tests.support import builders
from tutordesk.documents.checklists import load_checklist
from tutordesk.domain.mentoring_models import MentoringContact, PhaseRecord, SupervisionSession
from tutordesk.domain.models import AuditEntry, Meeting
from tutordesk.errors import BadInput
from tutordesk.services.mentoring import contacts as mentoring_contacts
from tutordesk.services.mentoring import progress as mentoring_progress
from tutordesk.services.mentoring import relationships as mentoring
from tutordesk.services.mentoring.contacts import ActionInput, ContactInput
from tutordesk.services.mentoring.progress import AssessmentInput, SupervisionInput, TargetInput
from tutordesk.services.mentoring.relationships import (
    ClosureInput,
    RelationshipInput,
    SafeguardingContactInput,
    TermsInput,
)
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)  # a Friday


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return builders.add_learner(vault, started_on=date(2026, 9, 1))


@pytest.fixture
def relationship_id(vault: Vault, learner_id: int) -> int:
    with vault.unit_of_work() as uow:
        rid = mentoring.create_relationship(
            uow,
            learner_id=learner_id,
            data=RelationshipInput(started_on=date(2026, 9, 7), mentor_name="Sam Okafor", setup_weeks=6),
        )
        mentoring.save_terms(
            uow,
            relationship_id=rid,
            terms=TermsInput(
                objectives="Settle into college",
                allowed_channels=("face_to_face", "messaging"),
                allowed_days=("mon", "tue", "wed", "thu", "fri"),
                hours_from="09:00",
                hours_to="17:00",
                mentor_reply_hours=24,
                learner_reply_hours=48,
                safeguarding_contacts=(
                    SafeguardingContactInput("Ann Lee", "Designated safeguarding lead", "01632 960001"),
                    SafeguardingContactInput("  ", "ignored: no name"),
                ),
            ),
        )
        uow.commit()
        return rid


def test_a_new_relationship_starts_in_phase_one_with_empty_terms(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        rid = mentoring.create_relationship(
            uow, learner_id=learner_id, data=RelationshipInput(started_on=TODAY, mode="coaching")
        )
        uow.commit()
        view = mentoring.get_relationship(uow, relationship_id=rid)
        assert (view.phase, view.status, view.mode, view.closure) == ("1", "active", "coaching", None)
        assert view.title.startswith("Coaching, from 20 November 2026")
        assert mentoring.get_terms(uow, relationship_id=rid) == TermsInput()


def test_bad_relationship_input_is_refused_in_plain_words(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="planned length"):
        mentoring.create_relationship(
            uow, learner_id=learner_id, data=RelationshipInput(started_on=TODAY, planned_weeks=0)
        )
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="no longer in the vault"):
        mentoring.create_relationship(uow, learner_id=9999, data=RelationshipInput(started_on=TODAY))


def test_terms_round_trip_and_keep_only_named_contacts_in_order(vault: Vault, relationship_id: int) -> None:
    with vault.unit_of_work() as uow:
        terms = mentoring.get_terms(uow, relationship_id=relationship_id)
    assert terms.objectives == "Settle into college"
    assert terms.allowed_channels == ("face_to_face", "messaging")
    assert [c.name for c in terms.safeguarding_contacts] == ["Ann Lee"]
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="time like"):
        mentoring.save_terms(uow, relationship_id=relationship_id, terms=TermsInput(hours_from="half nine"))


def test_ticking_a_task_twice_keeps_one_record_and_unticking_returns_it(
    vault: Vault, relationship_id: int
) -> None:
    with vault.unit_of_work() as uow:
        mentoring.tick_item(
            uow,
            relationship_id=relationship_id,
            phase="1",
            item_id="rapport_started",
            done_on=date(2026, 9, 8),
        )
        mentoring.tick_item(
            uow,
            relationship_id=relationship_id,
            phase="1",
            item_id="rapport_started",
            done_on=date(2026, 9, 9),
            note="second go",
        )
        uow.commit()
        first = mentoring.phase_views(uow, relationship_id=relationship_id)[0]
        state = next(s for s in first.items if s.item.id == "rapport_started")
        assert [(r.done_on, r.note) for r in state.records] == [(date(2026, 9, 9), "second go")]
        assert first.progress.label == f"1 of {len(load_checklist('mentoring_phase_1').items)} done"
        removed = mentoring.untick_item(
            uow, relationship_id=relationship_id, phase="1", item_id="rapport_started"
        )
        assert removed is not None and removed.note == "second go"
        assert mentoring.phase_views(uow, relationship_id=relationship_id)[0].progress.done == 0


def test_trust_qualities_collect_reflections_rather_than_ticks(vault: Vault, relationship_id: int) -> None:
    with vault.unit_of_work() as uow:
        mentoring.tick_item(
            uow,
            relationship_id=relationship_id,
            phase="3",
            item_id="honesty",
            done_on=date(2026, 10, 1),
            note="Told them the plan was risky",
        )
        mentoring.tick_item(
            uow,
            relationship_id=relationship_id,
            phase="3",
            item_id="honesty",
            done_on=date(2026, 10, 8),
            note="Again",
        )
        uow.commit()
        trust = mentoring.phase_views(uow, relationship_id=relationship_id)[2]
        assert trust.reflective
        honesty = next(s for s in trust.items if s.item.id == "honesty")
        assert [r.note for r in honesty.records] == ["Again", "Told them the plan was risky"]
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="no longer on the checklist"):
        mentoring.tick_item(
            uow, relationship_id=relationship_id, phase="1", item_id="not_an_item", done_on=TODAY
        )


def test_setup_is_overdue_after_the_agreed_weeks_until_every_phase_one_item_is_ticked(
    vault: Vault, relationship_id: int
) -> None:
    with vault.unit_of_work() as uow:
        assert not mentoring.setup_state(
            uow, relationship_id=relationship_id, today=date(2026, 10, 18)
        ).overdue
        state = mentoring.setup_state(uow, relationship_id=relationship_id, today=date(2026, 10, 19))
        assert state.overdue and state.due_on == date(2026, 10, 19)
        for item_id in load_checklist("mentoring_phase_1").item_ids:
            mentoring.tick_item(
                uow, relationship_id=relationship_id, phase="1", item_id=item_id, done_on=date(2026, 10, 1)
            )
        assert not mentoring.setup_state(uow, relationship_id=relationship_id, today=TODAY).overdue


def test_contacts_carry_their_actions_and_gentle_boundary_flags(vault: Vault, relationship_id: int) -> None:
    with vault.unit_of_work() as uow:
        late = mentoring_contacts.log_contact(
            uow,
            relationship_id=relationship_id,
            data=ContactInput(
                held_on=date(2026, 11, 21),  # a Saturday
                channel="messaging",
                start_time="22:15",
                initiated_by="learner",
                topics="Worried about Monday",
                actions=(ActionInput("Ring the college", "Mentor", date(2026, 11, 24)), ActionInput("  ")),
            ),
        )
        mentoring_contacts.log_contact(
            uow,
            relationship_id=relationship_id,
            data=ContactInput(
                held_on=date(2026, 11, 17), start_time="10:00", duration_minutes=45, topics="Timetable"
            ),
        )
        uow.commit()
        meeting = uow.session.get(Meeting, late)
        assert meeting is not None and meeting.kind == "mentoring_check_in"
        assert meeting.notes == "Worried about Monday" and meeting.attendees == "Sam Okafor"
        listed = mentoring_contacts.contacts(
            uow, relationship_id=relationship_id, now=datetime(2026, 11, 23, 9, 0)
        )
    assert [c.held_on for c in listed] == [date(2026, 11, 21), date(2026, 11, 17)]
    newest, older = listed
    assert [f.code for f in newest.flags] == ["day", "hours", "unanswered"]
    assert newest.awaiting_reply and newest.reply_due == datetime(2026, 11, 22, 22, 15)
    assert [a.action for a in newest.actions] == ["Ring the college"]
    assert older.flags == () and not older.awaiting_reply

    with vault.unit_of_work() as uow:
        mentoring_contacts.mark_answered(uow, meeting_id=late, at=datetime(2026, 11, 23, 8, 30))
        mentoring_contacts.set_action_done(uow, action_id=newest.actions[0].id, done_on=date(2026, 11, 23))
        uow.commit()
        again = mentoring_contacts.contacts(
            uow, relationship_id=relationship_id, now=datetime(2026, 11, 23, 9, 0)
        )[0]
    assert again.answered_at == datetime(2026, 11, 23, 8, 30)
    assert [f.code for f in again.flags] == ["day", "hours", "late_answer"]
    assert again.actions[0].done_on == date(2026, 11, 23)


def test_editing_a_contact_replaces_its_actions_and_deleting_it_removes_the_meeting(
    vault: Vault, relationship_id: int
) -> None:
    with vault.unit_of_work() as uow:
        meeting_id = mentoring_contacts.log_contact(
            uow,
            relationship_id=relationship_id,
            data=ContactInput(held_on=TODAY, actions=(ActionInput("One"), ActionInput("Two"))),
        )
        mentoring_contacts.log_contact(
            uow,
            relationship_id=relationship_id,
            data=ContactInput(held_on=TODAY, actions=(ActionInput("Three"),)),
            meeting_id=meeting_id,
        )
        uow.commit()
        (contact,) = mentoring_contacts.contacts(
            uow, relationship_id=relationship_id, now=datetime(2026, 11, 20, 12)
        )
        assert [a.action for a in contact.actions] == ["Three"]
        mentoring_contacts.delete_contact(uow, meeting_id=meeting_id)
        uow.commit()
        assert uow.session.get(Meeting, meeting_id) is None
        assert uow.session.exec(select(MentoringContact)).all() == []


def test_a_contact_with_its_next_date_before_itself_is_refused(vault: Vault, relationship_id: int) -> None:
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="before this one"):
        mentoring_contacts.log_contact(
            uow, relationship_id=relationship_id, data=ContactInput(held_on=TODAY, next_on=date(2026, 11, 1))
        )


def test_listing_contacts_takes_the_same_few_statements_for_one_or_forty(
    vault: Vault, relationship_id: int
) -> None:
    def statements_for(count: int) -> int:
        with vault.unit_of_work() as uow:
            existing = len(
                mentoring_contacts.contacts(
                    uow, relationship_id=relationship_id, now=datetime(2026, 11, 20, 12)
                )
            )
            for n in range(count - existing):
                mentoring_contacts.log_contact(
                    uow,
                    relationship_id=relationship_id,
                    data=ContactInput(held_on=TODAY, actions=(ActionInput(f"Action {n}"),)),
                )
            uow.commit()
            with recorded_statements(vault.engine) as seen:
                mentoring_contacts.contacts(
                    uow, relationship_id=relationship_id, now=datetime(2026, 11, 20, 12)
                )
            return len(seen)

    assert statements_for(1) == statements_for(40) <= 4  # terms, contacts, actions (+ the transaction)


def test_targets_use_the_plan_goals_smart_check(vault: Vault, relationship_id: int) -> None:
    with vault.unit_of_work() as uow:
        vague = mentoring_progress.save_target(
            uow, relationship_id=relationship_id, data=TargetInput(learner_words="do better")
        )
        good = mentoring_progress.save_target(
            uow,
            relationship_id=relationship_id,
            data=TargetInput(
                learner_words="I want to get to college on time every day",
                professional_wording="Arrive before 9:00 on 4 of 5 days for 6 weeks",
                measure="register",
                deadline=date(2027, 1, 15),
            ),
        )
        uow.commit()
        listed = {
            t.id: t for t in mentoring_progress.targets(uow, relationship_id=relationship_id, today=TODAY)
        }
    assert listed[vague].smart is not None and not listed[vague].smart.ok
    assert listed[good].smart is not None and listed[good].smart.ok, listed[good].smart.summary()
    with vault.unit_of_work() as uow:
        removed = mentoring_progress.remove_target(uow, target_id=vague)
        assert removed is not None and removed.learner_words == "do better"
        with pytest.raises(BadInput, match="Write the target"):
            mentoring_progress.save_target(uow, relationship_id=relationship_id, data=TargetInput())


def test_self_assessments_list_the_starting_point_first(vault: Vault, relationship_id: int) -> None:
    with vault.unit_of_work() as uow:
        mentoring_progress.save_assessment(
            uow,
            relationship_id=relationship_id,
            data=AssessmentInput(assessed_on=date(2026, 11, 1), point="evaluation", confidence=4),
        )
        mentoring_progress.save_assessment(
            uow,
            relationship_id=relationship_id,
            data=AssessmentInput(assessed_on=date(2026, 9, 8), point="start", confidence=2),
        )
        with pytest.raises(BadInput, match="1 to 5"):
            mentoring_progress.save_assessment(
                uow, relationship_id=relationship_id, data=AssessmentInput(assessed_on=TODAY, progress=6)
            )
        uow.commit()
        assert [
            a.confidence for a in mentoring_progress.assessments(uow, relationship_id=relationship_id)
        ] == [2, 4]


def test_supervision_notes_are_pseudonymised_unless_the_mentor_chooses_not_to(
    vault: Vault, relationship_id: int
) -> None:
    notes = SupervisionInput(held_on=TODAY, cases="Talked about Zoë and how Zoë Ångström is settling in.")
    with vault.unit_of_work() as uow:
        hidden = mentoring_progress.save_supervision(uow, relationship_id=relationship_id, data=notes)
        kept = mentoring_progress.save_supervision(
            uow, relationship_id=relationship_id, data=notes, pseudonymise=False
        )
        uow.commit()
        stored = {row.id: row.cases for row in uow.session.exec(select(SupervisionSession)).all()}
    assert stored[hidden] == "Talked about Learner A and how Learner A is settling in."
    assert "Zoë" in stored[kept]


def test_closing_records_why_and_reopening_makes_it_active_again(vault: Vault, relationship_id: int) -> None:
    closure = ClosureInput(closed_on=TODAY, reason="transition", planned=True, takes_forward="Keeps a diary")
    with vault.unit_of_work() as uow:
        with pytest.raises(BadInput, match="before the relationship started"):
            mentoring.close_relationship(
                uow, relationship_id=relationship_id, closure=ClosureInput(closed_on=date(2026, 1, 1))
            )
        mentoring.close_relationship(uow, relationship_id=relationship_id, closure=closure)
        uow.commit()
        closed = mentoring.get_relationship(uow, relationship_id=relationship_id)
        assert (closed.status, closed.phase, closed.closure) == ("closed", "4", closure)
        assert not mentoring.setup_state(uow, relationship_id=relationship_id, today=date(2027, 1, 1)).overdue
        mentoring.reopen_relationship(uow, relationship_id=relationship_id)
        uow.commit()
        reopened = mentoring.get_relationship(uow, relationship_id=relationship_id)
        assert reopened.active and reopened.closure is None
        assert reopened.closure_draft == closure  # ready for the next closing


def test_deleting_a_relationship_removes_its_records_and_is_audited(
    vault: Vault, relationship_id: int
) -> None:
    with vault.unit_of_work() as uow:
        mentoring.tick_item(
            uow, relationship_id=relationship_id, phase="1", item_id="rapport_started", done_on=TODAY
        )
        mentoring_contacts.log_contact(uow, relationship_id=relationship_id, data=ContactInput(held_on=TODAY))
        mentoring.delete_relationship(uow, relationship_id=relationship_id)
        uow.commit()
        assert uow.session.exec(select(PhaseRecord)).all() == []
        assert uow.session.exec(select(MentoringContact)).all() == []
        assert uow.session.exec(select(Meeting)).all() == []  # the contacts' meetings go too
        assert uow.session.exec(
            select(AuditEntry.action).where(AuditEntry.action == "mentoring.deleted")
        ).all()


def test_a_message_logged_without_a_next_date_keeps_the_check_in_already_booked(
    vault: Vault, relationship_id: int
) -> None:
    booked = date(2026, 12, 4)
    with vault.unit_of_work() as uow:
        mentoring_contacts.log_contact(
            uow, relationship_id=relationship_id, data=ContactInput(held_on=TODAY, next_on=booked)
        )
        mentoring_contacts.log_contact(
            uow,
            relationship_id=relationship_id,
            data=ContactInput(held_on=date(2026, 11, 24), channel="messaging"),
        )
        mentoring_contacts.log_contact(
            uow,
            relationship_id=relationship_id,
            data=ContactInput(held_on=date(2026, 12, 10), channel="messaging"),
        )
        uow.commit()
        listed = mentoring_contacts.contacts(
            uow, relationship_id=relationship_id, now=datetime(2026, 12, 10, 12)
        )
    # The message before the booked date carries it; one after it does not invent a date.
    assert [c.next_on for c in listed] == [None, booked, booked]
