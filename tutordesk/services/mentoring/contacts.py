"""The contacts of a mentoring relationship: meetings, calls, video calls, messages and emails, with the
actions agreed at each, and the gentle flags on contacts outside the agreed boundaries.

A contact is a `meeting` row of kind "mentoring check-in" (so it counts as contact on the caseload, can be
linked from a diary entry and sets the next meeting) with a `mentoring_contact` row beside it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete
from sqlmodel import col, select

from tutordesk.domain.date_rules import contact_problem
from tutordesk.domain.mentoring_enums import ContactChannel, InitiatedBy
from tutordesk.domain.mentoring_models import (
    MeetingAction,
    MentoringContact,
    MentoringRelationship,
    MentoringTerms,
)
from tutordesk.domain.mentoring_rules import (
    Boundaries,
    BoundaryFlag,
    ContactFacts,
    boundaries_from_text,
    boundary_flags,
    parse_time,
    reply_due_at,
)
from tutordesk.domain.models import Meeting, utc_now
from tutordesk.errors import BadInput
from tutordesk.services.caseload.meetings import booked_next_meeting
from tutordesk.vault.unit_of_work import UnitOfWork

MEETING_KIND = "mentoring_check_in"


@dataclass(frozen=True, slots=True)
class ActionInput:
    action: str
    owner: str = ""
    due_on: date | None = None
    done_on: date | None = None


@dataclass(frozen=True, slots=True)
class ActionView(ActionInput):
    id: int = 0


@dataclass(frozen=True, slots=True)
class ContactInput:
    held_on: date
    channel: str = ContactChannel.FACE_TO_FACE.value
    start_time: str = ""  # "HH:MM", or "" when not noted
    duration_minutes: int | None = None
    initiated_by: str = InitiatedBy.MENTOR.value
    topics: str = ""
    next_on: date | None = None
    answered_at: datetime | None = None  # a message's answer, local time
    actions: tuple[ActionInput, ...] = ()


@dataclass(frozen=True, slots=True)
class ContactView(ContactInput):
    meeting_id: int = 0
    flags: tuple[BoundaryFlag, ...] = ()
    reply_due: datetime | None = None  # when a written message should be answered by, if an answer is awaited
    actions: tuple[ActionView, ...] = ()  # the stored actions, with their ids

    @property
    def awaiting_reply(self) -> bool:
        return self.reply_due is not None and self.answered_at is None


def contacts(uow: UnitOfWork, *, relationship_id: int, now: datetime) -> list[ContactView]:
    """The relationship's contacts, newest first, each with its actions and boundary flags at `now`.

    The same few statements whatever the number of contacts: the terms, the contacts, their actions."""
    boundaries = boundaries_of(uow, relationship_id=relationship_id)
    rows = uow.session.exec(
        select(Meeting, MentoringContact)
        .join(MentoringContact, col(MentoringContact.meeting_id) == col(Meeting.id))
        .where(MentoringContact.relationship_id == relationship_id)
        .order_by(
            col(Meeting.held_on).desc(), col(MentoringContact.start_time).desc(), col(Meeting.id).desc()
        )
    ).all()
    ids = [int(meeting.id or 0) for meeting, _ in rows]
    actions: dict[int, list[ActionView]] = {}
    if ids:
        for action in uow.session.exec(
            select(MeetingAction)
            .where(col(MeetingAction.meeting_id).in_(ids))
            .order_by(col(MeetingAction.position), col(MeetingAction.id))
        ).all():
            actions.setdefault(action.meeting_id, []).append(
                ActionView(action.action, action.owner, action.due_on, action.done_on, id=int(action.id or 0))
            )
    return [
        _view(meeting, extra, actions.get(int(meeting.id or 0), []), boundaries, now)
        for meeting, extra in rows
    ]


def log_contact(
    uow: UnitOfWork,
    *,
    relationship_id: int,
    data: ContactInput,
    meeting_id: int | None = None,
    today: date | None = None,
) -> int:
    """Record a new contact, or change the one `meeting_id` names; returns the meeting id. Given `today`,
    a contact dated after it is refused: it has not happened yet."""
    relationship = uow.session.get(MentoringRelationship, relationship_id)
    if relationship is None:
        raise BadInput("That mentoring relationship is no longer in the vault.")
    _check(data)
    problem = contact_problem(data.held_on, today=today) if today is not None else None
    if problem is not None:
        raise BadInput(problem)
    if meeting_id is None:
        data = _carry_next_contact(uow, relationship.learner_id, data)
        meeting = Meeting(learner_id=relationship.learner_id, held_on=data.held_on, kind=MEETING_KIND)
        extra = MentoringContact(meeting_id=0, relationship_id=relationship_id)
    else:
        found = uow.session.get(Meeting, meeting_id)
        extra_found = uow.session.get(MentoringContact, meeting_id)
        if found is None or extra_found is None:
            raise BadInput("That contact is no longer in the vault.")
        meeting, extra = found, extra_found
    meeting.held_on = data.held_on
    meeting.notes = data.topics.strip()
    meeting.next_on = data.next_on
    meeting.attendees = relationship.mentor_name
    meeting.updated_at = utc_now()
    uow.session.add(meeting)
    uow.session.flush()
    extra.meeting_id = int(meeting.id or 0)
    extra.channel = data.channel
    extra.start_time = _normal_time(data.start_time)
    extra.duration_minutes = data.duration_minutes
    extra.initiated_by = data.initiated_by
    extra.answered_at = _stored(data.answered_at) if ContactChannel(data.channel).is_written else None
    uow.session.add(extra)
    uow.session.exec(delete(MeetingAction).where(col(MeetingAction.meeting_id) == extra.meeting_id))
    for position, action in enumerate(a for a in data.actions if a.action.strip()):
        uow.session.add(
            MeetingAction(
                meeting_id=extra.meeting_id,
                position=position,
                action=action.action.strip(),
                owner=action.owner.strip(),
                due_on=action.due_on,
                done_on=action.done_on,
            )
        )
    uow.session.flush()
    return extra.meeting_id


def delete_contact(uow: UnitOfWork, *, meeting_id: int) -> None:
    """Remove a contact logged by mistake (its actions go with it; diary entries linking it keep their text)."""
    meeting = uow.session.get(Meeting, meeting_id)
    if meeting is not None and uow.session.get(MentoringContact, meeting_id) is not None:
        uow.session.delete(meeting)
        uow.session.flush()


def mark_answered(uow: UnitOfWork, *, meeting_id: int, at: datetime | None) -> None:
    """Note when a message was answered (None: not answered after all)."""
    extra = uow.session.get(MentoringContact, meeting_id)
    if extra is None:
        raise BadInput("That contact is no longer in the vault.")
    extra.answered_at = _stored(at)
    uow.session.add(extra)
    uow.session.flush()


def set_action_done(uow: UnitOfWork, *, action_id: int, done_on: date | None) -> None:
    """Mark an action agreed at a contact as done on a date, or not done (None)."""
    action = uow.session.get(MeetingAction, action_id)
    if action is None:
        raise BadInput("That action is no longer in the vault.")
    action.done_on = done_on
    uow.session.add(action)
    uow.session.flush()


def boundaries_of(uow: UnitOfWork, *, relationship_id: int) -> Boundaries:
    """The contact boundaries the relationship's terms agree (none agreed yet: no boundaries)."""
    terms = uow.session.get(MentoringTerms, relationship_id)
    if terms is None:
        return Boundaries()
    return boundaries_from_text(
        terms.allowed_channels,
        terms.allowed_days,
        terms.hours_from,
        terms.hours_to,
        terms.mentor_reply_hours,
        terms.learner_reply_hours,
    )


def flags_for(data: ContactInput, boundaries: Boundaries, *, now: datetime) -> list[BoundaryFlag]:
    """The flags a contact would get, for showing while it is being written."""
    return boundary_flags(_facts(data.held_on, data), boundaries, now=now)


def _facts(held_on: date, data: ContactInput) -> ContactFacts:
    return ContactFacts(
        held_on=held_on,
        start_time=parse_time(data.start_time),
        channel=data.channel,
        initiated_by=data.initiated_by,
        answered_at=data.answered_at,
    )


def _view(
    meeting: Meeting,
    extra: MentoringContact,
    actions: Sequence[ActionView],
    boundaries: Boundaries,
    now: datetime,
) -> ContactView:
    answered = _local(extra.answered_at)
    data = ContactInput(
        held_on=meeting.held_on,
        channel=extra.channel,
        start_time=extra.start_time,
        duration_minutes=extra.duration_minutes,
        initiated_by=extra.initiated_by,
        topics=meeting.notes,
        next_on=meeting.next_on,
        answered_at=answered,
    )
    facts = _facts(meeting.held_on, data)
    return ContactView(
        held_on=data.held_on,
        channel=data.channel,
        start_time=data.start_time,
        duration_minutes=data.duration_minutes,
        initiated_by=data.initiated_by,
        topics=data.topics,
        next_on=data.next_on,
        answered_at=answered,
        meeting_id=int(meeting.id or 0),
        flags=tuple(boundary_flags(facts, boundaries, now=now)),
        reply_due=reply_due_at(facts, boundaries),
        actions=tuple(actions),
    )


def _check(data: ContactInput) -> None:
    ContactChannel(data.channel)
    InitiatedBy(data.initiated_by)
    if data.start_time.strip() and parse_time(data.start_time) is None:
        raise BadInput("The time should be written like 16:30.")
    if data.duration_minutes is not None and not 0 < data.duration_minutes <= 24 * 60:
        raise BadInput("The length should be between 1 minute and 24 hours.")
    if data.next_on is not None and data.next_on < data.held_on:
        raise BadInput("The next contact is set before this one.")


def _carry_next_contact(uow: UnitOfWork, learner_id: int, data: ContactInput) -> ContactInput:
    """A quick message logged without a next date keeps the check-in already booked: the caseload's Due
    list reads the next date from the newest meeting, so leaving it empty would drop the booked one."""
    if data.next_on is not None:
        return data
    booked = booked_next_meeting(uow, learner_id=learner_id, after=data.held_on)
    return data if booked is None else dataclasses.replace(data, next_on=booked)


def _stored(local: datetime | None) -> datetime | None:
    """Times are entered and shown as the laptop's local wall-clock time; the vault keeps them in UTC."""
    return None if local is None else local.astimezone(UTC)


def _local(stored: datetime | None) -> datetime | None:
    if stored is None:
        return None
    aware = stored if stored.tzinfo is not None else stored.replace(tzinfo=UTC)
    return aware.astimezone().replace(tzinfo=None)


def _normal_time(text: str) -> str:
    parsed = parse_time(text)
    return "" if parsed is None else f"{parsed:%H:%M}"
