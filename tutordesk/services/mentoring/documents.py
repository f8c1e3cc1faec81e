"""The printable documents of a mentoring relationship: the agreement, the confidentiality statement, the
contact boundaries and the closure report, each filled from the relationship and a form in `forms/`.

They work like the contract of participation: a document keeps its content and form text in the vault,
follows the relationship while nobody has signed it, and is frozen once anyone signs. A change after
that makes a new document beside the signed one, which stays as it was signed. Signing and printing go
through `services.documents`, so every PDF that leaves TutorDesk is in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from sqlmodel import col, select

from tutordesk.documents.content import DocumentContent, Signatory, fingerprint, short_fingerprint
from tutordesk.documents.forms import load_form
from tutordesk.domain.dates import long_date
from tutordesk.domain.mentoring_enums import (
    AssessmentPoint,
    ClosureReason,
    ContactChannel,
    MentorKind,
    RelationshipMode,
    RelationshipStatus,
    Weekday,
)
from tutordesk.domain.mentoring_models import (
    MentoringRelationship,
    MentoringTarget,
    MentoringTerms,
    SafeguardingContact,
    SelfAssessment,
)
from tutordesk.domain.models import Learner
from tutordesk.domain.plan_enums import GoalStatus
from tutordesk.domain.plan_models import Document
from tutordesk.errors import BadInput
from tutordesk.services.documents import (
    ExportResult,
    export_document,
    get_document,
    signatures_of,
    store_content,
    stored_form,
)
from tutordesk.services.plans.contracts import SignatureBlock
from tutordesk.vault.unit_of_work import UnitOfWork

AGREEMENT_FORM = "mentoring_agreement"
CONFIDENTIALITY_FORM = "confidentiality_statement"
BOUNDARIES_FORM = "contact_boundaries"
CLOSURE_FORM = "mentoring_closure_report"
MENTORING_FORMS: tuple[str, ...] = (AGREEMENT_FORM, CONFIDENTIALITY_FORM, BOUNDARIES_FORM, CLOSURE_FORM)


@dataclass(frozen=True, slots=True)
class MentoringDocumentStatus:
    """Where one of a relationship's documents stands.

    `signatures` has a block per signature of the form; an unsigned block carries the name the document
    expects to be signed by (for a signing dialog to offer), a signed one the name recorded.
    """

    form_id: str
    title: str
    document_id: int | None  # the newest document of this form for the relationship, if any
    short_fingerprint: str  # "" when there is none
    signatures: tuple[SignatureBlock, ...]
    signed_by_all: bool  # every block that is not optional is signed
    changed_since_signed: bool  # a signed document exists, but the relationship now says something else
    available: bool  # False for the closure report while the relationship is active

    @property
    def needs_signing(self) -> bool:
        return self.available and (
            self.document_id is None or not self.signed_by_all or self.changed_since_signed
        )


# --- status --------------------------------------------------------------------------------------------


def document_statuses(uow: UnitOfWork, *, relationship_id: int) -> list[MentoringDocumentStatus]:
    """One status per form of `MENTORING_FORMS`, in that order. Reads only: nothing is made or changed."""
    relationship = _relationship(uow, relationship_id)
    return [_status(uow, relationship, form_id) for form_id in MENTORING_FORMS]


def _status(uow: UnitOfWork, relationship: MentoringRelationship, form_id: str) -> MentoringDocumentStatus:
    documents = _documents(uow, relationship.id or 0, form_id)
    newest = documents[0] if documents else None
    form = stored_form(newest) if newest is not None else load_form(form_id)
    available = _available(relationship, form_id)
    current = _content(uow, relationship, form_id)
    expected = {s.role: s.name for s in current.signatories}
    signed = signatures_of(uow, document_id=newest.id) if newest is not None else {}
    blocks = tuple(
        SignatureBlock(
            role=block.role,
            label=block.label,
            optional=block.optional,
            name=signed[block.role].name if block.role in signed else expected.get(block.role, ""),
            signed_on=signed[block.role].signed_on if block.role in signed else None,
            method=signed[block.role].method if block.role in signed else None,
            has_image=block.role in signed and signed[block.role].image_png is not None,
        )
        for block in form.signatures
    )
    return MentoringDocumentStatus(
        form_id=form_id,
        title=form.title,
        document_id=newest.id if newest is not None else None,
        short_fingerprint=short_fingerprint(newest.fingerprint) if newest is not None else "",
        signatures=blocks,
        signed_by_all=newest is not None and all(b.signed_on is not None for b in blocks if not b.optional),
        changed_since_signed=available and _changed_since_signed(uow, current, documents),
        available=available,
    )


def _changed_since_signed(uow: UnitOfWork, current: DocumentContent, documents: list[Document]) -> bool:
    """Whether the newest document anyone signed no longer says what the relationship says now.

    The comparison uses the signed document's own form text, so a reworded form alone never asks for
    signatures again.
    """
    signed = next((d for d in documents if signatures_of(uow, document_id=d.id)), None)
    return signed is not None and fingerprint(stored_form(signed).text, current) != signed.fingerprint


# --- preparing and printing ----------------------------------------------------------------------------


def prepare_document(uow: UnitOfWork, *, relationship_id: int, form_id: str) -> int:
    """The relationship's document of `form_id`, made or brought up to date; returns its id.

    While nobody has signed the newest document, it follows the relationship in place. Once anyone has
    signed it, it never changes: if the relationship now says something else, a new document is made.
    """
    if form_id not in MENTORING_FORMS:
        raise BadInput("There is no such mentoring document.")
    relationship = _relationship(uow, relationship_id)
    if not _available(relationship, form_id):
        raise BadInput("The closure report can be printed once the relationship is closed.")
    documents = _documents(uow, relationship_id, form_id)
    newest = documents[0] if documents else None
    content = _content(uow, relationship, form_id)
    if newest is not None and signatures_of(uow, document_id=newest.id):
        if fingerprint(stored_form(newest).text, content) == newest.fingerprint:
            return int(newest.id or 0)
        newest = None  # signed and out of date: keep it as it is and start a new one
    form = stored_form(newest) if newest is not None else load_form(form_id)
    return store_content(
        uow,
        document=newest,
        form=form,
        content=content,
        learner_id=relationship.learner_id,
        relationship_id=relationship_id,
    )


def export_mentoring_document(uow: UnitOfWork, *, document_id: int, target: Path) -> ExportResult:
    """One mentoring document, exactly as stored, as a PDF at `target`; the export is audited."""
    document = get_document(uow, document_id=document_id)
    if document.relationship_id is None or document.form_id not in MENTORING_FORMS:
        raise BadInput("That document does not belong to a mentoring relationship.")
    return export_document(uow, document_id=document_id, target=target)


def mentoring_documents_of(uow: UnitOfWork, *, relationship_id: int) -> list[tuple[int, str, date, str]]:
    """Every document made for the relationship, newest first: (id, title, date made, short fingerprint)."""
    rows = uow.session.exec(
        select(Document)
        .where(Document.relationship_id == relationship_id, col(Document.form_id).in_(MENTORING_FORMS))
        .order_by(col(Document.id).desc())
    ).all()
    return [(d.id or 0, d.title, d.created_at.date(), short_fingerprint(d.fingerprint)) for d in rows]


# --- filling the forms ---------------------------------------------------------------------------------


def _content(uow: UnitOfWork, relationship: MentoringRelationship, form_id: str) -> DocumentContent:
    """What the document of `form_id` says for the relationship today (nothing here depends on the clock)."""
    learner = uow.session.get(Learner, relationship.learner_id)
    assert learner is not None
    learner_name = f"{learner.given_name} {learner.family_name}".strip()
    terms = uow.session.get(MentoringTerms, relationship.id) or MentoringTerms(
        relationship_id=relationship.id or 0
    )
    values = {
        "learner.name": learner_name,
        "mentor.name": relationship.mentor_name,
        "mentoring.mode": _label(RelationshipMode, relationship.mode),
        "mentoring.started_on": relationship.started_on.isoformat(),
    }
    tables: dict[str, list[dict[str, str]]] = {}
    if form_id == AGREEMENT_FORM:
        values |= _agreement_values(relationship, terms)
        tables["mentoring.targets"] = [
            {
                "number": str(number),
                "learner_words": target.learner_words,
                "professional_wording": target.professional_wording,
                "measure": target.measure,
                "deadline": target.deadline.isoformat() if target.deadline else "",
            }
            for number, target in enumerate(_targets(uow, relationship), start=1)
        ]
    elif form_id == CONFIDENTIALITY_FORM:
        values["confidentiality.limits"] = _lines(terms.confidentiality_limits)
        explained = terms.confidentiality_explained_on
        values["confidentiality.explained_on"] = explained.isoformat() if explained else ""
        tables["confidentiality.contacts"] = [
            {"name": c.name, "role": c.role, "phone": c.phone} for c in _contacts(uow, relationship)
        ]
    elif form_id == BOUNDARIES_FORM:
        values |= _boundary_values(terms)
    else:
        values |= _closure_values(relationship)
        tables["closure.targets"] = [
            _closure_target(n, t) for n, t in enumerate(_targets(uow, relationship), 1)
        ]
        tables["closure.self_assessments"] = [_assessment_row(a) for a in _first_and_last(uow, relationship)]
    return DocumentContent(
        values=values,
        tables=tables,
        signatories=(Signatory("learner", learner_name), Signatory("mentor", relationship.mentor_name)),
        reference=f"{values['mentoring.mode']} from {long_date(relationship.started_on)}",
    )


def _agreement_values(relationship: MentoringRelationship, terms: MentoringTerms) -> dict[str, str]:
    weeks = relationship.planned_weeks
    # Support arrangements are asked of external mentors; for one from inside, say so rather than leave
    # lines that look as if something was forgotten.
    not_needed = "" if relationship.external else "Not needed: the mentor is from inside the setting"
    return {
        "mentor.kind": _label(MentorKind, relationship.mentor_kind),
        "mentor.role": relationship.mentor_role,
        "mentor.external": "yes" if relationship.external else "no",
        "mentor.line_manager": relationship.line_manager or not_needed,
        "mentor.escalation_route": relationship.escalation_route or not_needed,
        "mentoring.planned_length": "" if weeks is None else f"{weeks} week{'' if weeks == 1 else 's'}",
        "mentoring.intensity": relationship.intensity,
        "agreement.objectives": terms.objectives,
        "agreement.roles_and_tasks": terms.roles_and_tasks,
        "agreement.expectations": terms.expectations,
        "agreement.support_type": terms.support_type,
        "agreement.meeting_arrangements": terms.meeting_arrangements,
        "agreement.working_rules": terms.working_rules,
    }


def _boundary_values(terms: MentoringTerms) -> dict[str, str]:
    chosen_channels = set(terms.allowed_channels.split(","))
    chosen_days = set(terms.allowed_days.split(","))
    return {
        "contact.channels": "\n".join(c.label for c in ContactChannel if c.value in chosen_channels),
        "contact.days": _days([d for d in Weekday if d.value in chosen_days]),
        "contact.hours": _hours(terms.hours_from.strip(), terms.hours_to.strip()),
        "contact.mentor_reply": _within(terms.mentor_reply_hours),
        "contact.learner_reply": _within(terms.learner_reply_hours),
        "contact.focus": terms.contact_focus,
        "contact.out_of_hours": terms.out_of_hours_note,
    }


def _closure_values(relationship: MentoringRelationship) -> dict[str, str]:
    planned = relationship.closure_planned
    return {
        "closure.closed_on": relationship.closed_on.isoformat() if relationship.closed_on else "",
        "closure.reason": _label(ClosureReason, relationship.closure_reason),
        "closure.planned": "" if planned is None else ("Planned" if planned else "Unplanned"),
        "closure.target_check": relationship.closure_target_check,
        "closure.feedback_from_learner": relationship.feedback_from_learner,
        "closure.feedback_from_mentor": relationship.feedback_from_mentor,
        "closure.takes_forward": relationship.takes_forward,
        "closure.after_closure_contact": relationship.after_closure_contact,
    }


def _closure_target(number: int, target: MentoringTarget) -> dict[str, str]:
    words = [w for w in (target.learner_words, target.professional_wording) if w]
    if len(words) == 2:
        words[1] = f"({words[1]})"
    return {
        "number": str(number),
        "target": "\n".join(words),
        "deadline": target.deadline.isoformat() if target.deadline else "",
        "status": _label(GoalStatus, target.status),
        "evaluation": target.evaluation_note,
    }


def _assessment_row(assessment: SelfAssessment) -> dict[str, str]:
    # The young person's private note (`SelfAssessment.note`) is sensitive and never printed.
    return {
        "point": f"{_label(AssessmentPoint, assessment.point)}\n{long_date(assessment.assessed_on)}",
        "confidence": _score(assessment.confidence),
        "progress": _score(assessment.progress),
        "strengths": assessment.strengths,
        "to_work_on": assessment.to_work_on,
    }


def _first_and_last(uow: UnitOfWork, relationship: MentoringRelationship) -> list[SelfAssessment]:
    """The self-assessment at the start (the earliest if none is marked so) and the most recent one."""
    assessments = list(
        uow.session.exec(
            select(SelfAssessment)
            .where(SelfAssessment.relationship_id == relationship.id)
            .order_by(col(SelfAssessment.assessed_on), col(SelfAssessment.id))
        ).all()
    )
    if not assessments:
        return []
    first = next((a for a in assessments if a.point == AssessmentPoint.START), assessments[0])
    last = assessments[-1]
    return [first] if last.id == first.id else [first, last]


# --- wording of single values --------------------------------------------------------------------------


class _HasLabel(Protocol):
    @property
    def label(self) -> str: ...


def _label(enum: Callable[[str], _HasLabel], value: str) -> str:
    """The enum's label for a stored value; a value no longer in the list prints as stored."""
    try:
        return enum(value).label
    except ValueError:
        return value


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _days(days: list[Weekday]) -> str:
    """ "Monday to Friday" for three or more days in a row, otherwise "Monday, Wednesday and Friday"."""
    if len(days) == len(Weekday):
        return "Every day"
    indices = [d.number for d in days]
    if len(days) >= 3 and indices == list(range(indices[0], indices[0] + len(days))):
        return f"{days[0].label} to {days[-1].label}"
    names = [d.label for d in days]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + f" and {names[-1]}"


def _hours(start: str, end: str) -> str:
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"From {start}"
    return f"Until {end}" if end else ""


def _within(hours: int | None) -> str:
    if hours is None:
        return ""
    return "Within 1 hour" if hours == 1 else f"Within {hours} hours"


def _score(score: int | None) -> str:
    return "" if score is None else f"{score} of 5"


# --- lookups -------------------------------------------------------------------------------------------


def _relationship(uow: UnitOfWork, relationship_id: int) -> MentoringRelationship:
    relationship = uow.session.get(MentoringRelationship, relationship_id)
    if relationship is None:
        raise BadInput("That mentoring relationship is not in this vault any more.")
    return relationship


def _available(relationship: MentoringRelationship, form_id: str) -> bool:
    return form_id != CLOSURE_FORM or relationship.status == RelationshipStatus.CLOSED


def _documents(uow: UnitOfWork, relationship_id: int, form_id: str) -> list[Document]:
    """The relationship's documents of one form, newest first."""
    return list(
        uow.session.exec(
            select(Document)
            .where(Document.relationship_id == relationship_id, Document.form_id == form_id)
            .order_by(col(Document.id).desc())
        ).all()
    )


def _targets(uow: UnitOfWork, relationship: MentoringRelationship) -> list[MentoringTarget]:
    return list(
        uow.session.exec(
            select(MentoringTarget)
            .where(MentoringTarget.relationship_id == relationship.id)
            .order_by(col(MentoringTarget.position), col(MentoringTarget.id))
        ).all()
    )


def _contacts(uow: UnitOfWork, relationship: MentoringRelationship) -> list[SafeguardingContact]:
    return list(
        uow.session.exec(
            select(SafeguardingContact)
            .where(SafeguardingContact.relationship_id == relationship.id)
            .order_by(col(SafeguardingContact.position), col(SafeguardingContact.id))
        ).all()
    )
