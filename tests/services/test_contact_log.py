"""The contact log's rules, and what it changes on the caseload: "Last contact", "Contact due", the next
contact and dated follow-ups on the Due list, read with the meetings and plan reviews in the same statements."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tutordesk.domain.changes import RecordKind
from tutordesk.domain.contact_enums import ContactChannel, ContactKind
from tutordesk.domain.models import Learner
from tutordesk.errors import BadInput
from tutordesk.services.caseload.due import due_items
from tutordesk.services.caseload.rows import list_caseload
from tutordesk.services.followup import contacts
from tutordesk.services.followup.contacts import ContactInput, FollowUpInput
from tutordesk.services.mentoring import contacts as mentoring_contacts
from tutordesk.services.mentoring import relationships
from tutordesk.services.plans import reviews
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)


@pytest.fixture
def learner(vault: Vault) -> int:
    with vault.unit_of_work() as uow:
        row = Learner(given_name="Cass", family_name="Contactwell", started_on=date(2026, 9, 1))
        uow.session.add(row)
        uow.session.flush()
        uow.commit()
        assert row.id is not None
        return row.id


def _log(vault: Vault, learner: int, data: ContactInput, contact_id: int | None = None) -> int:
    with vault.unit_of_work() as uow:
        saved = contacts.log_contact(uow, learner_id=learner, data=data, contact_id=contact_id, today=TODAY)
        uow.commit()
    return saved


def _due(vault: Vault) -> list[tuple[str, date, str]]:
    with vault.unit_of_work() as uow:
        return [
            (item.kind, item.due_on, item.what) for item in due_items(uow, today=TODAY, no_contact_days=28)
        ]


def test_any_logged_contact_counts_as_last_contact_and_clears_contact_due(vault: Vault, learner: int) -> None:
    """Before the contact log, a learner without meetings went overdue whatever the tutor did."""
    assert _due(vault) == [("no_contact", date(2026, 9, 29), "No contact recorded yet")]
    _log(vault, learner, ContactInput(held_on=TODAY - timedelta(days=2), kind=ContactKind.PHONE_CALL.value))
    with vault.unit_of_work() as uow:
        [row] = list_caseload(uow, today=TODAY)
    assert row.last_contact == TODAY - timedelta(days=2)
    assert _due(vault) == [("no_contact", TODAY + timedelta(days=26), "No contact since 18 Nov 2026")]


def test_a_plan_review_held_and_a_mentoring_contact_count_as_contact(vault: Vault, learner: int) -> None:
    with vault.unit_of_work() as uow:
        reviews.record_review(
            uow, learner_id=learner, review=reviews.ReviewInput(held_on=date(2026, 11, 2)), today=TODAY
        )
        uow.commit()
    with vault.unit_of_work() as uow:
        assert list_caseload(uow, today=TODAY)[0].last_contact == date(2026, 11, 2)
        relationship = relationships.create_relationship(
            uow, learner_id=learner, data=relationships.RelationshipInput(started_on=date(2026, 11, 1))
        )
        mentoring_contacts.log_contact(
            uow, relationship_id=relationship, data=mentoring_contacts.ContactInput(held_on=date(2026, 11, 9))
        )
        uow.commit()
    with vault.unit_of_work() as uow:
        assert list_caseload(uow, today=TODAY)[0].last_contact == date(2026, 11, 9)
    _log(vault, learner, ContactInput(held_on=date(2026, 11, 5), kind=ContactKind.HOME_VISIT.value))
    with vault.unit_of_work() as uow:  # an older contact logged late does not move the last contact back
        assert list_caseload(uow, today=TODAY)[0].last_contact == date(2026, 11, 9)


def test_the_next_contact_is_due_until_a_contact_is_held_on_or_after_it(vault: Vault, learner: int) -> None:
    _log(
        vault,
        learner,
        ContactInput(
            held_on=date(2026, 11, 10), kind=ContactKind.ONE_TO_ONE.value, next_on=date(2026, 11, 17)
        ),
    )
    assert ("contact", date(2026, 11, 17), "Next contact (after a one-to-one tutorial)") in _due(vault)
    # A quick word in between sets no date of its own: the booked contact stays due.
    with vault.unit_of_work() as uow:
        contacts.quick_note(
            uow, learner_id=learner, held_on=date(2026, 11, 12), note="Canteen chat", today=TODAY
        )
        uow.commit()
    assert [kind for kind, _, _ in _due(vault)].count("contact") == 1
    # The contact itself, of whatever kind, takes it off.
    _log(vault, learner, ContactInput(held_on=date(2026, 11, 18), kind=ContactKind.MESSAGE.value))
    assert [kind for kind, _, _ in _due(vault)] == ["no_contact"]


def test_follow_ups_with_a_date_are_due_until_done(vault: Vault, learner: int) -> None:
    contact_id = _log(
        vault,
        learner,
        ContactInput(
            held_on=date(2026, 11, 2),
            kind=ContactKind.FAMILY_MEETING.value,
            follow_ups=(
                FollowUpInput("Ring the college about the bus pass", who="Sam", due_on=date(2026, 11, 9)),
                FollowUpInput("Send the timetable"),  # no date: not on the Due list
                FollowUpInput(""),  # an empty row is dropped
            ),
        ),
    )
    with vault.unit_of_work() as uow:
        [item] = [i for i in due_items(uow, today=TODAY) if i.kind == "follow_up"]
        [view] = contacts.contact_log(uow, learner_id=learner)
    assert item.overdue and item.due_on == date(2026, 11, 9)
    assert item.what == "Follow-up: Ring the college about the bus pass (Sam)"
    assert [f.what for f in view.follow_ups] == ["Ring the college about the bus pass", "Send the timetable"]
    assert view.follow_ups[0].overdue(TODAY) and view.id == contact_id
    with vault.unit_of_work() as uow:
        contacts.set_follow_up_done(uow, follow_up_id=view.follow_ups[0].id, done_on=TODAY)
        uow.commit()
    assert "follow_up" not in [kind for kind, _, _ in _due(vault)]


def test_a_logged_contact_resolves_a_meeting_booked_for_that_day(vault: Vault, learner: int) -> None:
    with vault.unit_of_work() as uow:
        relationship = relationships.create_relationship(
            uow, learner_id=learner, data=relationships.RelationshipInput(started_on=date(2026, 11, 1))
        )
        mentoring_contacts.log_contact(
            uow,
            relationship_id=relationship,
            data=mentoring_contacts.ContactInput(held_on=date(2026, 11, 3), next_on=date(2026, 11, 16)),
        )
        uow.commit()
    assert "meeting" in [kind for kind, _, _ in _due(vault)]
    _log(vault, learner, ContactInput(held_on=date(2026, 11, 16)))
    assert "meeting" not in [kind for kind, _, _ in _due(vault)]


def test_the_log_is_newest_first_and_edits_and_deletes_keep_to_the_learner(
    vault: Vault, learner: int
) -> None:
    first = _log(vault, learner, ContactInput(held_on=date(2026, 11, 3), at_time="9:05", note="  Late bus  "))
    second = _log(vault, learner, ContactInput(held_on=date(2026, 11, 3), at_time="14:30"))
    with vault.unit_of_work() as uow:
        log = contacts.contact_log(uow, learner_id=learner)
    assert [view.id for view in log] == [second, first]
    assert (log[1].at_time, log[1].note, log[1].channel) == ("09:05", "Late bus", ContactChannel.IN_PERSON)
    _log(vault, learner, ContactInput(held_on=date(2026, 11, 4), kind="phone_call", note="Rang"), first)
    with vault.unit_of_work() as uow:
        changed = contacts.get_contact(uow, learner_id=learner, contact_id=first)
        other = Learner(given_name="Other", family_name="Person")
        uow.session.add(other)
        uow.session.flush()
        with pytest.raises(BadInput, match="not in this vault"):
            contacts.delete_contact(uow, learner_id=int(other.id or 0), contact_id=first)
        contacts.delete_contact(uow, learner_id=learner, contact_id=second)
        uow.commit()
    assert changed is not None and (changed.kind, changed.channel) == ("phone_call", ContactChannel.PHONE)
    assert uow.changes.touches(learner, [RecordKind.CONTACT])
    with vault.unit_of_work() as uow:
        assert [view.id for view in contacts.contact_log(uow, learner_id=learner)] == [first]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ContactInput(held_on=TODAY + timedelta(days=1)), "once it has happened"),
        (ContactInput(held_on=TODAY, next_on=TODAY), "next contact should come after"),
        (ContactInput(held_on=TODAY, at_time="half past two"), "hours and minutes"),
        (ContactInput(held_on=TODAY, kind="gossip"), "what kind of contact"),
        (ContactInput(held_on=TODAY, channel="pigeon"), "how the contact happened"),
        (ContactInput(held_on=TODAY, kind=ContactKind.INFORMAL.value), "what the contact was about"),
        (ContactInput(held_on=TODAY, follow_ups=(FollowUpInput("", who="Sam"),)), "follow-up 1"),
        (
            ContactInput(held_on=TODAY, follow_ups=(FollowUpInput("Ring", due_on=TODAY - timedelta(1)),)),
            "due before the contact",
        ),
        (ContactInput(held_on=TODAY, note="x" * (contacts.NOTE_LIMIT + 1)), "under 2000 characters"),
    ],
)
def test_bad_contacts_are_refused_with_one_plain_sentence(
    vault: Vault, learner: int, data: ContactInput, message: str
) -> None:
    with vault.unit_of_work() as uow:
        with pytest.raises(BadInput, match=message):
            contacts.log_contact(uow, learner_id=learner, data=data, today=TODAY)
        assert contacts.contact_log(uow, learner_id=learner) == []


def test_a_contact_for_a_learner_not_in_the_vault_is_refused(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        with pytest.raises(BadInput, match="not in this vault"):
            contacts.log_contact(uow, learner_id=999, data=ContactInput(held_on=TODAY))
