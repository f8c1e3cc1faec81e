"""The contact log: logging, changing and removing a contact with or about a learner, its follow-ups (what,
who, by when; marked done), and reading a learner's log newest first.

Every kind counts as contact: the caseload's "Last contact" and the Due list's "Contact due" read this log
with the meetings and the plan reviews held (`services.caseload`). A contact keeps only that contact
happened, never a message's content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete
from sqlmodel import col, select

from tutordesk.domain.contact_enums import ContactChannel, ContactKind
from tutordesk.domain.contact_models import ContactFollowUp, ContactLogEntry
from tutordesk.domain.date_rules import contact_problem
from tutordesk.domain.dates import long_date
from tutordesk.domain.mentoring_rules import parse_time
from tutordesk.domain.models import Learner, utc_now
from tutordesk.errors import BadInput
from tutordesk.vault.unit_of_work import UnitOfWork

#: Long enough for a few sentences; a contact log is a note that contact happened, not a report.
NOTE_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class FollowUpInput:
    what: str
    who: str = ""
    due_on: date | None = None
    done_on: date | None = None


@dataclass(frozen=True, slots=True)
class FollowUpView(FollowUpInput):
    id: int = 0

    def overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < today


@dataclass(frozen=True, slots=True)
class ContactInput:
    held_on: date
    kind: str = ContactKind.ONE_TO_ONE.value
    at_time: str = ""  # "HH:MM", or "" when not noted
    channel: str = ""  # "" takes the kind's usual channel
    attendees: str = ""
    note: str = ""
    next_on: date | None = None
    follow_ups: tuple[FollowUpInput, ...] = ()


@dataclass(frozen=True, slots=True)
class ContactView(ContactInput):
    id: int = 0
    learner_id: int = 0
    follow_ups: tuple[FollowUpView, ...] = ()

    @property
    def kind_label(self) -> str:
        return ContactKind(self.kind).label if self.kind in set(ContactKind) else self.kind

    @property
    def channel_label(self) -> str:
        return ContactChannel(self.channel).label if self.channel in set(ContactChannel) else self.channel


def quick_note(
    uow: UnitOfWork, *, learner_id: int, held_on: date, note: str, today: date | None = None
) -> int:
    """Log a quick informal contact (a word in the corridor, the canteen, on a trip): a date and a note."""
    if not note.strip():
        raise BadInput("Say in a few words what the contact was about.")
    data = ContactInput(held_on=held_on, kind=ContactKind.INFORMAL.value, note=note)
    return log_contact(uow, learner_id=learner_id, data=data, today=today)


def log_contact(
    uow: UnitOfWork,
    *,
    learner_id: int,
    data: ContactInput,
    contact_id: int | None = None,
    today: date | None = None,
) -> int:
    """Log a new contact (or change `contact_id`) with its follow-ups; returns its id. Given `today`, a
    contact dated after it is refused: it has not happened yet."""
    data = checked(data, today=today)
    if contact_id is None:
        if uow.session.get(Learner, learner_id) is None:
            raise BadInput("That learner is not in this vault (perhaps it was removed).")
        row = ContactLogEntry(learner_id=learner_id, held_on=data.held_on)
    else:
        found = uow.session.get(ContactLogEntry, contact_id)
        if found is None or found.learner_id != learner_id:
            raise BadInput("That contact is not in this vault any more.")
        row = found
        row.updated_at = utc_now()
    row.held_on = data.held_on
    row.at_time = data.at_time
    row.kind = data.kind
    row.channel = data.channel
    row.attendees = data.attendees
    row.note = data.note
    row.next_on = data.next_on
    uow.session.add(row)
    uow.session.flush()
    assert row.id is not None
    uow.session.exec(delete(ContactFollowUp).where(col(ContactFollowUp.contact_id) == row.id))
    for position, follow_up in enumerate(data.follow_ups):
        uow.session.add(
            ContactFollowUp(
                contact_id=row.id,
                learner_id=learner_id,
                position=position,
                what=follow_up.what,
                who=follow_up.who,
                due_on=follow_up.due_on,
                done_on=follow_up.done_on,
            )
        )
    uow.session.flush()
    return row.id


def checked(data: ContactInput, *, today: date | None = None) -> ContactInput:
    """`data` tidied (spaces trimmed, the kind's usual channel filled in, blank follow-ups dropped), or
    BadInput with one plain sentence saying what is wrong. The dialog asks it before saving, too."""
    if data.kind not in set(ContactKind):
        raise BadInput("Choose what kind of contact it was.")
    kind = ContactKind(data.kind)
    channel = data.channel or kind.usual_channel.value
    if channel not in set(ContactChannel):
        raise BadInput("Choose how the contact happened.")
    problem = contact_problem(data.held_on, today=today) if today is not None else None
    if problem is not None:
        raise BadInput(problem)
    at_time = data.at_time.strip()
    if at_time:
        parsed = parse_time(at_time)
        if parsed is None:
            raise BadInput("Write the time as hours and minutes, for example 14:30, or leave it empty.")
        at_time = parsed.strftime("%H:%M")
    note = data.note.strip()
    if kind is ContactKind.INFORMAL and not note:
        raise BadInput("Say in a few words what the contact was about.")
    if len(note) > NOTE_LIMIT:
        raise BadInput(
            f"Keep the note under {NOTE_LIMIT} characters: a contact log says that contact happened."
        )
    if data.next_on is not None and data.next_on <= data.held_on:
        raise BadInput(f"The next contact should come after this one ({long_date(data.held_on)}).")
    return ContactInput(
        held_on=data.held_on,
        kind=kind.value,
        at_time=at_time,
        channel=channel,
        attendees=data.attendees.strip(),
        note=note,
        next_on=data.next_on,
        follow_ups=_checked_follow_ups(data.follow_ups, held_on=data.held_on),
    )


def _checked_follow_ups(follow_ups: Sequence[FollowUpInput], *, held_on: date) -> tuple[FollowUpInput, ...]:
    kept = []
    for number, follow_up in enumerate(follow_ups, start=1):
        what, who = follow_up.what.strip(), follow_up.who.strip()
        if not what:
            if who or follow_up.due_on or follow_up.done_on:
                raise BadInput(f"Say what follow-up {number} is, or leave its row empty.")
            continue
        if follow_up.due_on is not None and follow_up.due_on < held_on:
            raise BadInput(f"Follow-up {number} is due before the contact it came from; check the date.")
        kept.append(FollowUpInput(what, who, follow_up.due_on, follow_up.done_on))
    return tuple(kept)


def delete_contact(uow: UnitOfWork, *, learner_id: int, contact_id: int) -> None:
    """Remove a contact logged by mistake, with its follow-ups (already gone: not an error)."""
    row = uow.session.get(ContactLogEntry, contact_id)
    if row is None:
        return
    if row.learner_id != learner_id:
        raise BadInput("That contact is not in this vault any more.")
    uow.session.exec(delete(ContactFollowUp).where(col(ContactFollowUp.contact_id) == contact_id))
    uow.session.delete(row)
    uow.session.flush()


def set_follow_up_done(uow: UnitOfWork, *, follow_up_id: int, done_on: date | None) -> None:
    """Mark a follow-up done on a date, or not done (None): a done one leaves the Due list."""
    row = uow.session.get(ContactFollowUp, follow_up_id)
    if row is None:
        raise BadInput("That follow-up is not in this vault any more.")
    row.done_on = done_on
    uow.session.add(row)
    uow.session.flush()


def contact_log(uow: UnitOfWork, *, learner_id: int) -> list[ContactView]:
    """The learner's contacts, newest first, each with its follow-ups in order: two statements."""
    rows = uow.session.exec(
        select(ContactLogEntry)
        .where(ContactLogEntry.learner_id == learner_id)
        .order_by(
            col(ContactLogEntry.held_on).desc(),
            col(ContactLogEntry.at_time).desc(),
            col(ContactLogEntry.id).desc(),
        )
    ).all()
    follow_ups: dict[int, list[FollowUpView]] = {}
    for follow_up in uow.session.exec(
        select(ContactFollowUp)
        .where(ContactFollowUp.learner_id == learner_id)
        .order_by(col(ContactFollowUp.contact_id), col(ContactFollowUp.position), col(ContactFollowUp.id))
    ).all():
        follow_ups.setdefault(follow_up.contact_id, []).append(
            FollowUpView(
                follow_up.what, follow_up.who, follow_up.due_on, follow_up.done_on, id=int(follow_up.id or 0)
            )
        )
    return [
        ContactView(
            held_on=row.held_on,
            kind=row.kind,
            at_time=row.at_time,
            channel=row.channel,
            attendees=row.attendees,
            note=row.note,
            next_on=row.next_on,
            id=int(row.id or 0),
            learner_id=row.learner_id,
            follow_ups=tuple(follow_ups.get(int(row.id or 0), ())),
        )
        for row in rows
    ]


def get_contact(uow: UnitOfWork, *, learner_id: int, contact_id: int) -> ContactView | None:
    """One of the learner's contacts, or None when it is gone."""
    return next((view for view in contact_log(uow, learner_id=learner_id) if view.id == contact_id), None)
