"""Mentoring and coaching relationships: create, edit, close and reopen them; keep their terms (the written
agreement, the limits of confidentiality with the safeguarding contacts, the contact boundaries); and tick
the phase checklists from `forms/checklists/`.

Contacts and their actions live in `services.mentoring_contacts`; targets, self-assessments and supervision
in `services.mentoring_progress`; the printable documents in `services.mentoring_documents`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import delete
from sqlmodel import col, select

from tutordesk.documents.checklists import Checklist, ChecklistItem, load_checklist
from tutordesk.domain.mentoring_enums import (
    ClosureReason,
    ContactChannel,
    MentorKind,
    Phase,
    RelationshipMode,
    RelationshipStatus,
    Weekday,
)
from tutordesk.domain.mentoring_models import (
    MentoringContact,
    MentoringRelationship,
    MentoringTerms,
    PhaseRecord,
    SafeguardingContact,
)
from tutordesk.domain.mentoring_rules import PhaseProgress, parse_time, phase_progress, setup_due_on
from tutordesk.domain.models import Learner, Meeting, utc_now
from tutordesk.errors import BadInput
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class RelationshipInput:
    """What the user edits about a relationship; phase, status and closure change through their own calls."""

    started_on: date
    mode: str = RelationshipMode.MENTORING.value
    mentor_name: str = ""
    mentor_kind: str = MentorKind.PROFESSIONAL.value
    mentor_role: str = ""
    external: bool = False
    peer: bool = False
    paid: bool = True
    planned_weeks: int | None = None
    intensity: str = ""
    check_in_every_days: int = 14
    line_manager: str = ""
    escalation_route: str = ""
    setup_weeks: int = 6
    next_evaluation_on: date | None = None


@dataclass(frozen=True, slots=True)
class ClosureInput:
    closed_on: date
    reason: str = ClosureReason.GOALS_MET.value
    planned: bool = True
    target_check: str = ""
    feedback_from_learner: str = ""
    feedback_from_mentor: str = ""
    takes_forward: str = ""
    after_closure_contact: str = ""


@dataclass(frozen=True, slots=True)
class RelationshipView(RelationshipInput):
    id: int = 0
    learner_id: int = 0
    phase: str = Phase.PREPARATION.value
    status: str = RelationshipStatus.ACTIVE.value
    closure: ClosureInput | None = None  # while closed
    # What was written at the last closing, kept after a reopening to start the next closing from.
    closure_draft: ClosureInput | None = None

    @property
    def active(self) -> bool:
        return self.status == RelationshipStatus.ACTIVE

    @property
    def title(self) -> str:
        """A short name for lists: "Mentoring with Sam Okafor, from 3 March 2026"."""
        from tutordesk.domain.dates import long_date

        who = f" with {self.mentor_name}" if self.mentor_name.strip() else ""
        return f"{RelationshipMode(self.mode).label}{who}, from {long_date(self.started_on)}"


_INPUT_FIELDS = tuple(f.name for f in fields(RelationshipInput))


def relationships(uow: UnitOfWork, *, learner_id: int) -> list[RelationshipView]:
    """A learner's relationships: active ones first, then the newest first."""
    rows = uow.session.exec(
        select(MentoringRelationship)
        .where(MentoringRelationship.learner_id == learner_id)
        .order_by(col(MentoringRelationship.status), col(MentoringRelationship.started_on).desc())
    ).all()
    return [_view(row) for row in rows]


def get_relationship(uow: UnitOfWork, *, relationship_id: int) -> RelationshipView:
    """One relationship as the tab shows it; BadInput if it is gone."""
    return _view(_relationship(uow, relationship_id))


def create_relationship(uow: UnitOfWork, *, learner_id: int, data: RelationshipInput) -> int:
    """Start a mentoring or coaching relationship for the learner; returns its id."""
    if uow.session.get(Learner, learner_id) is None:
        raise BadInput("That learner is no longer in the vault.")
    _check(data)
    row = MentoringRelationship(
        learner_id=learner_id, **{name: getattr(data, name) for name in _INPUT_FIELDS}
    )
    uow.session.add(row)
    uow.session.flush()
    uow.session.add(MentoringTerms(relationship_id=int(row.id or 0)))
    uow.session.flush()
    return int(row.id or 0)


def update_relationship(uow: UnitOfWork, *, relationship_id: int, data: RelationshipInput) -> None:
    """Save the relationship's details."""
    _check(data)
    row = _relationship(uow, relationship_id)
    for name in _INPUT_FIELDS:
        setattr(row, name, getattr(data, name))
    _touch(uow, row)


def delete_relationship(uow: UnitOfWork, *, relationship_id: int) -> None:
    """For a relationship entered by mistake. Documents made from it stay (they may have been handed out)."""
    row = _relationship(uow, relationship_id)
    learner_id = row.learner_id
    # Its contacts are meetings of the caseload too; they were logged as part of this relationship.
    contact_ids = select(MentoringContact.meeting_id).where(
        MentoringContact.relationship_id == relationship_id
    )
    uow.session.exec(delete(Meeting).where(col(Meeting.id).in_(contact_ids)))
    uow.session.delete(row)
    uow.session.flush()
    audit.record(
        uow.session,
        "mentoring.deleted",
        subject=f"learner:{learner_id}",
        detail={"relationship": relationship_id},
    )


def set_phase(uow: UnitOfWork, *, relationship_id: int, phase: str) -> None:
    """Move the relationship to another phase."""
    row = _relationship(uow, relationship_id)
    row.phase = Phase(phase).value
    _touch(uow, row)


def close_relationship(uow: UnitOfWork, *, relationship_id: int, closure: ClosureInput) -> None:
    """Closing is not a failure: it records why, how it went, and what the young person takes forward."""
    row = _relationship(uow, relationship_id)
    ClosureReason(closure.reason)
    if closure.closed_on < row.started_on:
        raise BadInput("The closing date is before the relationship started.")
    row.status = RelationshipStatus.CLOSED.value
    row.phase = Phase.CLOSURE.value
    row.closed_on = closure.closed_on
    row.closure_reason = closure.reason
    row.closure_planned = closure.planned
    row.closure_target_check = closure.target_check
    row.feedback_from_learner = closure.feedback_from_learner
    row.feedback_from_mentor = closure.feedback_from_mentor
    row.takes_forward = closure.takes_forward
    row.after_closure_contact = closure.after_closure_contact
    _touch(uow, row)


def reopen_relationship(uow: UnitOfWork, *, relationship_id: int) -> None:
    """Undo a closure made by mistake; what was written about the closure (and its date) is kept for the
    next time, as `RelationshipView.closure_draft`."""
    row = _relationship(uow, relationship_id)
    row.status = RelationshipStatus.ACTIVE.value
    _touch(uow, row)


# -- terms ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SafeguardingContactInput:
    name: str
    role: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class TermsInput:
    objectives: str = ""
    roles_and_tasks: str = ""
    expectations: str = ""
    support_type: str = ""
    meeting_arrangements: str = ""
    working_rules: str = ""
    confidentiality_limits: str = ""  # one limit per line
    confidentiality_explained_on: date | None = None
    confidentiality_acknowledged_on: date | None = None
    allowed_channels: tuple[str, ...] = ()  # ContactChannel values
    allowed_days: tuple[str, ...] = ()  # Weekday values
    hours_from: str = ""  # "HH:MM" or ""
    hours_to: str = ""
    mentor_reply_hours: int | None = None
    learner_reply_hours: int | None = None
    contact_focus: str = ""
    out_of_hours_note: str = ""
    safeguarding_contacts: tuple[SafeguardingContactInput, ...] = ()


_TEXT_TERMS = (
    "objectives",
    "roles_and_tasks",
    "expectations",
    "support_type",
    "meeting_arrangements",
    "working_rules",
    "confidentiality_limits",
    "confidentiality_explained_on",
    "confidentiality_acknowledged_on",
    "hours_from",
    "hours_to",
    "mentor_reply_hours",
    "learner_reply_hours",
    "contact_focus",
    "out_of_hours_note",
)


def get_terms(uow: UnitOfWork, *, relationship_id: int) -> TermsInput:
    """The terms agreed for the relationship, with its safeguarding contacts (blank if none yet)."""
    _relationship(uow, relationship_id)
    row = uow.session.get(MentoringTerms, relationship_id) or MentoringTerms(relationship_id=relationship_id)
    contacts = uow.session.exec(
        select(SafeguardingContact)
        .where(SafeguardingContact.relationship_id == relationship_id)
        .order_by(col(SafeguardingContact.position), col(SafeguardingContact.id))
    ).all()
    return TermsInput(
        **{name: getattr(row, name) for name in _TEXT_TERMS},
        allowed_channels=_split(row.allowed_channels),
        allowed_days=_split(row.allowed_days),
        safeguarding_contacts=tuple(SafeguardingContactInput(c.name, c.role, c.phone) for c in contacts),
    )


def save_terms(uow: UnitOfWork, *, relationship_id: int, terms: TermsInput) -> None:
    """Save the relationship's terms and safeguarding contacts, after checking them."""
    relationship = _relationship(uow, relationship_id)
    for value in terms.allowed_channels:
        ContactChannel(value)
    for value in terms.allowed_days:
        Weekday(value)
    for label, value in (("start", terms.hours_from), ("end", terms.hours_to)):
        if value.strip() and parse_time(value) is None:
            raise BadInput(f"The {label} of the agreed hours should be a time like 09:30.")
    for hours in (terms.mentor_reply_hours, terms.learner_reply_hours):
        if hours is not None and not 0 < hours <= 24 * 14:
            raise BadInput("A reply time should be between 1 hour and two weeks.")
    row = uow.session.get(MentoringTerms, relationship_id) or MentoringTerms(relationship_id=relationship_id)
    for name in _TEXT_TERMS:
        setattr(row, name, getattr(terms, name))
    row.allowed_channels = ",".join(c for c in ContactChannel if c in terms.allowed_channels)
    row.allowed_days = ",".join(d for d in Weekday if d in terms.allowed_days)
    row.updated_at = utc_now()
    uow.session.add(row)
    uow.session.exec(
        delete(SafeguardingContact).where(col(SafeguardingContact.relationship_id) == relationship_id)
    )
    for position, contact in enumerate(c for c in terms.safeguarding_contacts if c.name.strip()):
        uow.session.add(
            SafeguardingContact(
                relationship_id=relationship_id,
                position=position,
                name=contact.name.strip(),
                role=contact.role.strip(),
                phone=contact.phone.strip(),
            )
        )
    _touch(uow, relationship)


# -- phases --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhaseRecordView:
    id: int
    done_on: date
    note: str


@dataclass(frozen=True, slots=True)
class ItemState:
    item: ChecklistItem
    records: tuple[PhaseRecordView, ...]  # a task has at most one; a quality any number, newest first

    @property
    def done(self) -> bool:
        return bool(self.records)


@dataclass(frozen=True, slots=True)
class PhaseView:
    phase: Phase
    checklist: Checklist
    items: tuple[ItemState, ...]
    progress: PhaseProgress
    current: bool

    @property
    def reflective(self) -> bool:
        """The trust phase: qualities to come back to, not tasks to finish."""
        return self.checklist.kind == "qualities"


def phase_views(uow: UnitOfWork, *, relationship_id: int) -> list[PhaseView]:
    """The four phases with their checklist items and what has been ticked or reflected on."""
    relationship = _relationship(uow, relationship_id)
    records = uow.session.exec(
        select(PhaseRecord)
        .where(PhaseRecord.relationship_id == relationship_id)
        .order_by(col(PhaseRecord.done_on).desc(), col(PhaseRecord.id).desc())
    ).all()
    by_item: dict[tuple[str, str], list[PhaseRecordView]] = {}
    for record in records:
        by_item.setdefault((record.checklist_id, record.item_id), []).append(
            PhaseRecordView(int(record.id or 0), record.done_on, record.note)
        )
    views = []
    for phase in Phase:
        checklist = load_checklist(phase.checklist_id)
        items = tuple(
            ItemState(item, tuple(by_item.get((checklist.id, item.id), ()))) for item in checklist.items
        )
        views.append(
            PhaseView(
                phase=phase,
                checklist=checklist,
                items=items,
                progress=phase_progress(checklist.item_ids, (s.item.id for s in items if s.done)),
                current=relationship.phase == phase.value,
            )
        )
    return views


def tick_item(
    uow: UnitOfWork, *, relationship_id: int, phase: str, item_id: str, done_on: date, note: str = ""
) -> int:
    """Tick a task (again: the date and note are replaced) or add a reflection on a trust quality."""
    _relationship(uow, relationship_id)
    checklist = load_checklist(Phase(phase).checklist_id)
    if checklist.item(item_id) is None:
        raise BadInput("That item is no longer on the checklist.")
    if checklist.kind == "tasks":
        existing = uow.session.exec(
            select(PhaseRecord).where(
                PhaseRecord.relationship_id == relationship_id,
                PhaseRecord.checklist_id == checklist.id,
                PhaseRecord.item_id == item_id,
            )
        ).first()
        if existing is not None:
            existing.done_on, existing.note = done_on, note.strip()
            uow.session.add(existing)
            uow.session.flush()
            return int(existing.id or 0)
    record = PhaseRecord(
        relationship_id=relationship_id,
        checklist_id=checklist.id,
        item_id=item_id,
        done_on=done_on,
        note=note.strip(),
    )
    uow.session.add(record)
    uow.session.flush()
    return int(record.id or 0)


def untick_item(uow: UnitOfWork, *, relationship_id: int, phase: str, item_id: str) -> PhaseRecordView | None:
    """Untick a task; returns what was removed, so the screen can offer to undo it."""
    checklist_id = Phase(phase).checklist_id
    record = uow.session.exec(
        select(PhaseRecord).where(
            PhaseRecord.relationship_id == relationship_id,
            PhaseRecord.checklist_id == checklist_id,
            PhaseRecord.item_id == item_id,
        )
    ).first()
    if record is None:
        return None
    removed = PhaseRecordView(int(record.id or 0), record.done_on, record.note)
    uow.session.delete(record)
    uow.session.flush()
    return removed


def remove_phase_record(uow: UnitOfWork, *, record_id: int) -> None:
    """Remove one record of a phase checklist, if it is still there."""
    record = uow.session.get(PhaseRecord, record_id)
    if record is not None:
        uow.session.delete(record)
        uow.session.flush()


@dataclass(frozen=True, slots=True)
class SetupState:
    progress: PhaseProgress
    due_on: date
    overdue: bool


def setup_state(uow: UnitOfWork, *, relationship_id: int, today: date) -> SetupState:
    """How the phase-1 checklist stands, and whether it is late (`setup_weeks` after the start)."""
    relationship = _relationship(uow, relationship_id)
    first = phase_views(uow, relationship_id=relationship_id)[0]
    due_on = setup_due_on(relationship.started_on, relationship.setup_weeks)
    overdue = (
        relationship.status == RelationshipStatus.ACTIVE and not first.progress.finished and today >= due_on
    )
    return SetupState(first.progress, due_on, overdue)


# -- helpers -------------------------------------------------------------------------------------------


def _relationship(uow: UnitOfWork, relationship_id: int) -> MentoringRelationship:
    row = uow.session.get(MentoringRelationship, relationship_id)
    if row is None:
        raise BadInput("That mentoring relationship is no longer in the vault.")
    return row


def _check(data: RelationshipInput) -> None:
    RelationshipMode(data.mode)
    MentorKind(data.mentor_kind)
    if data.planned_weeks is not None and not 0 < data.planned_weeks <= 520:
        raise BadInput("The planned length should be between 1 and 520 weeks.")
    if not 1 <= data.check_in_every_days <= 365:
        raise BadInput("Check-ins should be between every day and once a year.")
    if not 1 <= data.setup_weeks <= 52:
        raise BadInput("The time allowed for getting started should be between 1 and 52 weeks.")


def _touch(uow: UnitOfWork, row: MentoringRelationship) -> None:
    row.updated_at = utc_now()
    uow.session.add(row)
    uow.session.flush()


def _split(value: str) -> tuple[str, ...]:
    return tuple(part for part in value.split(",") if part)


def _view(row: MentoringRelationship) -> RelationshipView:
    draft = None
    if row.closure_reason and row.closed_on is not None:
        draft = ClosureInput(
            closed_on=row.closed_on,
            reason=row.closure_reason or ClosureReason.OTHER.value,
            planned=bool(row.closure_planned),
            target_check=row.closure_target_check,
            feedback_from_learner=row.feedback_from_learner,
            feedback_from_mentor=row.feedback_from_mentor,
            takes_forward=row.takes_forward,
            after_closure_contact=row.after_closure_contact,
        )
    closed = row.status == RelationshipStatus.CLOSED
    return RelationshipView(
        **{name: getattr(row, name) for name in _INPUT_FIELDS},
        id=int(row.id or 0),
        learner_id=row.learner_id,
        phase=row.phase,
        status=row.status,
        closure=draft if closed else None,
        closure_draft=draft,
    )
