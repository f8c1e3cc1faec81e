"""Transitions: a move to another setting with its details, its checklist (from `forms/checklists/` by
kind), the warm handover log, and the four settling-in meetings, made as soon as the first day at the new
setting is known and moved with it while they have not been held.

The handover material (profile, academic record, travel plan) is in `services.handover_material`; the
pack and the consent behind it in `services.handover`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date

from sqlmodel import col, select

from tutordesk.documents.checklists import Checklist, ChecklistItem, load_checklist
from tutordesk.domain.date_rules import first_day_problem
from tutordesk.domain.models import Learner, Meeting, utc_now
from tutordesk.domain.settling_in import settling_in_schedule
from tutordesk.domain.transition_enums import Milestone, TransitionKind, TransitionPhase, TransitionStatus
from tutordesk.domain.transition_models import HandoverEvent, SettlingInMeeting, Transition, TransitionItem
from tutordesk.errors import BadInput
from tutordesk.services.caseload.meetings import booked_next_meeting
from tutordesk.vault.unit_of_work import UnitOfWork

SETTLING_IN_KIND = "settling_in"  # the meeting kind of a held settling-in meeting


@dataclass(frozen=True, slots=True)
class TransitionInput:
    kind: str = TransitionKind.END_OF_STAGE.value
    planned: bool = True
    sending_setting: str = ""
    receiving_setting: str = ""
    manager: str = ""
    receiving_contact_name: str = ""
    receiving_contact_role: str = ""
    receiving_contact_channel: str = ""
    profile_shared_on: date | None = None
    leaving_on: date | None = None
    starts_on: date | None = None
    phase: str = TransitionPhase.BEFORE.value
    status: str = TransitionStatus.ACTIVE.value
    note: str = ""


@dataclass(frozen=True, slots=True)
class TransitionView(TransitionInput):
    id: int = 0
    learner_id: int = 0

    @property
    def title(self) -> str:
        """ "Mid-term move to Riverside College" for lists."""
        where = f" to {self.receiving_setting}" if self.receiving_setting.strip() else ""
        return f"{TransitionKind(self.kind).label}{where}"

    @property
    def active(self) -> bool:
        return self.status == TransitionStatus.ACTIVE


_FIELDS = tuple(f.name for f in fields(TransitionInput))


def transitions(uow: UnitOfWork, *, learner_id: int) -> list[TransitionView]:
    """Active first, then the newest first."""
    rows = uow.session.exec(
        select(Transition)
        .where(Transition.learner_id == learner_id)
        .order_by(col(Transition.status), col(Transition.created_at).desc(), col(Transition.id).desc())
    ).all()
    return [_view(row) for row in rows]


def get_transition(uow: UnitOfWork, *, transition_id: int) -> TransitionView:
    """One move as the tab shows it; BadInput if it is gone."""
    return _view(_transition(uow, transition_id))


def create_transition(uow: UnitOfWork, *, learner_id: int, data: TransitionInput) -> int:
    """Start a move to another setting for the learner, with its settling-in meetings; returns its id."""
    if uow.session.get(Learner, learner_id) is None:
        raise BadInput("That learner is no longer in the vault.")
    _check(data)
    row = Transition(learner_id=learner_id, **{name: getattr(data, name) for name in _FIELDS})
    uow.session.add(row)
    uow.session.flush()
    _schedule_settling_in(uow, row)
    return int(row.id or 0)


def update_transition(uow: UnitOfWork, *, transition_id: int, data: TransitionInput) -> None:
    """Change the details. A changed kind keeps the ticks of items both checklists share; a changed first
    day moves the settling-in meetings not yet held."""
    _check(data)
    row = _transition(uow, transition_id)
    for name in _FIELDS:
        setattr(row, name, getattr(data, name))
    row.updated_at = utc_now()
    uow.session.add(row)
    uow.session.flush()
    _schedule_settling_in(uow, row)


def delete_transition(uow: UnitOfWork, *, transition_id: int) -> None:
    """For a transition entered by mistake; held settling-in meetings stay on record as meetings."""
    uow.session.delete(_transition(uow, transition_id))
    uow.session.flush()


# -- checklist -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemInput:
    owner: str = ""
    due_on: date | None = None
    done_on: date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ItemView(ItemInput):
    item: ChecklistItem | None = None

    @property
    def done(self) -> bool:
        return self.done_on is not None


def checklist_of(uow: UnitOfWork, *, transition_id: int) -> tuple[Checklist, list[ItemView]]:
    """The transition's checklist (by its kind) with each item's owner, dates and note, in checklist order."""
    row = _transition(uow, transition_id)
    checklist = load_checklist(TransitionKind(row.kind).checklist_id)
    stored = {
        item.item_id: item
        for item in uow.session.exec(
            select(TransitionItem).where(TransitionItem.transition_id == transition_id)
        ).all()
    }
    views = []
    for item in checklist.items:
        found = stored.get(item.id)
        views.append(
            ItemView(found.owner, found.due_on, found.done_on, found.note, item=item)
            if found is not None
            else ItemView(item=item)
        )
    return checklist, views


def save_item(uow: UnitOfWork, *, transition_id: int, item_id: str, data: ItemInput) -> None:
    """Save one item of the move's checklist: its owner, dates and note."""
    row = _transition(uow, transition_id)
    if load_checklist(TransitionKind(row.kind).checklist_id).item(item_id) is None:
        raise BadInput("That item is no longer on the checklist.")
    found = uow.session.exec(
        select(TransitionItem).where(
            TransitionItem.transition_id == transition_id, TransitionItem.item_id == item_id
        )
    ).first()
    item = found or TransitionItem(transition_id=transition_id, item_id=item_id)
    item.owner, item.due_on, item.done_on, item.note = (
        data.owner.strip(),
        data.due_on,
        data.done_on,
        data.note.strip(),
    )
    uow.session.add(item)
    uow.session.flush()


# -- warm handover -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HandoverEventInput:
    happened_on: date
    accompanied_by: str = ""
    introduced_to: str = ""
    place: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class HandoverEventView(HandoverEventInput):
    id: int = 0


_EVENT_FIELDS = tuple(f.name for f in fields(HandoverEventInput))


def handover_events(uow: UnitOfWork, *, transition_id: int) -> list[HandoverEventView]:
    """The move's handover events (who went along, who the learner met, where), oldest first."""
    rows = uow.session.exec(
        select(HandoverEvent)
        .where(HandoverEvent.transition_id == transition_id)
        .order_by(col(HandoverEvent.happened_on), col(HandoverEvent.id))
    ).all()
    return [HandoverEventView(**{n: getattr(r, n) for n in _EVENT_FIELDS}, id=int(r.id or 0)) for r in rows]


def save_handover_event(
    uow: UnitOfWork, *, transition_id: int, data: HandoverEventInput, event_id: int | None = None
) -> int:
    """Save a new handover event (or replace `event_id`); returns its id."""
    _transition(uow, transition_id)
    if event_id is None:
        row = HandoverEvent(transition_id=transition_id, happened_on=data.happened_on)
    else:
        found = uow.session.get(HandoverEvent, event_id)
        if found is None:
            raise BadInput("That handover entry is no longer in the vault.")
        row = found
    for name in _EVENT_FIELDS:
        value = getattr(data, name)
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    uow.session.add(row)
    uow.session.flush()
    return int(row.id or 0)


def remove_handover_event(uow: UnitOfWork, *, event_id: int) -> None:
    """Remove a handover event, if it is still there."""
    row = uow.session.get(HandoverEvent, event_id)
    if row is not None:
        uow.session.delete(row)
        uow.session.flush()


# -- settling-in ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SettlingInView:
    id: int
    milestone: str  # Milestone
    due_on: date
    held_on: date | None
    run_by: str
    values: dict[str, str]  # answers to forms/settling_in_review.toml, by value key

    @property
    def label(self) -> str:
        return Milestone(self.milestone).label


def settling_in_meetings(uow: UnitOfWork, *, transition_id: int) -> list[SettlingInView]:
    """The move's settling-in meetings, earliest first."""
    rows = uow.session.exec(
        select(SettlingInMeeting)
        .where(SettlingInMeeting.transition_id == transition_id)
        .order_by(col(SettlingInMeeting.due_on), col(SettlingInMeeting.id))
    ).all()
    return [
        SettlingInView(int(r.id or 0), r.milestone, r.due_on, r.held_on, r.run_by, _values(r.values_json))
        for r in rows
    ]


def record_settling_in(
    uow: UnitOfWork, *, settling_id: int, held_on: date | None, run_by: str, values: dict[str, str]
) -> None:
    """Record a settling-in meeting's answers; once held, it is a meeting on the caseload too."""
    row = uow.session.get(SettlingInMeeting, settling_id)
    if row is None:
        raise BadInput("That settling-in meeting is no longer in the vault.")
    transition = _transition(uow, row.transition_id)
    row.held_on, row.run_by = held_on, run_by.strip()
    row.values_json = json.dumps(
        {k: v for k, v in values.items() if v.strip()}, ensure_ascii=False, sort_keys=True
    )
    if held_on is not None:
        meeting = uow.session.get(Meeting, row.meeting_id) if row.meeting_id else None
        if meeting is None:
            meeting = Meeting(
                learner_id=transition.learner_id,
                held_on=held_on,
                kind=SETTLING_IN_KIND,
                next_on=booked_next_meeting(uow, learner_id=transition.learner_id, after=held_on),
            )
        meeting.held_on, meeting.attendees, meeting.updated_at = held_on, row.run_by, utc_now()
        uow.session.add(meeting)
        uow.session.flush()
        row.meeting_id = meeting.id
    elif row.meeting_id is not None:
        meeting = uow.session.get(Meeting, row.meeting_id)
        row.meeting_id = None
        if meeting is not None:
            uow.session.delete(meeting)
    uow.session.add(row)
    uow.session.flush()


def _schedule_settling_in(uow: UnitOfWork, row: Transition) -> None:
    """Make the four meetings when the first day is known; move the ones not yet held when it changes."""
    if row.starts_on is None or row.id is None:
        return
    existing = {
        m.milestone: m
        for m in uow.session.exec(
            select(SettlingInMeeting).where(SettlingInMeeting.transition_id == row.id)
        ).all()
    }
    for milestone, due_on in settling_in_schedule(row.starts_on):
        meeting = existing.get(milestone.value)
        if meeting is None:
            uow.session.add(SettlingInMeeting(transition_id=row.id, milestone=milestone.value, due_on=due_on))
        elif meeting.held_on is None and meeting.due_on != due_on:
            meeting.due_on = due_on
            uow.session.add(meeting)
    uow.session.flush()


# -- helpers -------------------------------------------------------------------------------------------


def _transition(uow: UnitOfWork, transition_id: int) -> Transition:
    row = uow.session.get(Transition, transition_id)
    if row is None:
        raise BadInput("That transition is no longer in the vault.")
    return row


def _check(data: TransitionInput) -> None:
    TransitionKind(data.kind)
    TransitionPhase(data.phase)
    TransitionStatus(data.status)
    problem = first_day_problem(data.starts_on, leaving_on=data.leaving_on)
    if problem is not None:
        raise BadInput(problem)


def _values(text: str) -> dict[str, str]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _view(row: Transition) -> TransitionView:
    return TransitionView(
        **{name: getattr(row, name) for name in _FIELDS}, id=int(row.id or 0), learner_id=row.learner_id
    )
