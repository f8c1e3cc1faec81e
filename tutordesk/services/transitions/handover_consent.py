"""The sections of the handover pack, and the young person's agreement to share chosen ones with the
receiving setting: recorded, withdrawn (kept on record, dated, never deleted), and the one in force.

The sections and their sensitive fields come from `forms/handover_pack.toml`, so an agreement names the
same ids the pack prints by. Recording and withdrawing an agreement both go into the audit log, by ids
and dates only: the name of whoever agreed stays in the vault.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from tutordesk.documents.form_definitions import FormDefinition
from tutordesk.documents.forms import load_form
from tutordesk.domain.enums import LawfulBasis
from tutordesk.domain.models import Learner
from tutordesk.domain.transition_enums import ConsentGiver
from tutordesk.domain.transition_models import HandoverConsent, Transition
from tutordesk.errors import BadInput
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import UnitOfWork

PACK_FORM = "handover_pack"
#: The note printed on each audience's copy; never offered as a section to choose.
AUDIENCE_NOTES = {"learner": "yours_to_keep", "receiving": "shared_with_agreement"}


@dataclass(frozen=True, slots=True)
class PackSection:
    """A section of the pack that can be chosen, and its sensitive fields as ("section.field", label)."""

    id: str
    title: str
    sensitive_fields: tuple[tuple[str, str], ...] = ()


def pack_form() -> FormDefinition:
    """The handover pack's form definition."""
    return load_form(PACK_FORM)


def pack_sections(form: FormDefinition | None = None) -> list[PackSection]:
    """The sections of the pack in printing order, without the two audience notes."""
    form = form or pack_form()
    notes = set(AUDIENCE_NOTES.values())
    return [
        PackSection(
            section.id,
            section.title,
            tuple((f"{section.id}.{f.id}", f.label) for f in section.fields if f.sensitive),
        )
        for section in form.sections
        if section.id not in notes
    ]


# -- the agreement ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConsentInput:
    given_by: str  # ConsentGiver
    given_by_name: str
    sections: tuple[str, ...]
    sensitive_fields: tuple[str, ...]  # "section.field", each agreed one by one
    given_on: date
    note: str = ""
    transition_id: int | None = None  # the move it is for; None: any move to a new setting


@dataclass(frozen=True, slots=True)
class ConsentView:
    id: int
    learner_id: int
    given_by: str
    given_by_name: str
    sections: tuple[str, ...]
    sensitive_fields: tuple[str, ...]
    given_on: date
    withdrawn_on: date | None
    note: str
    transition_id: int | None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def giver_label(self) -> str:
        return ConsentGiver(self.given_by).label


def record_consent(uow: UnitOfWork, *, learner_id: int, data: ConsentInput) -> int:
    """Keep the agreement and audit it; it replaces any earlier one as the agreement in force."""
    if uow.session.get(Learner, learner_id) is None:
        raise BadInput("That learner is no longer in the vault.")
    if data.given_by not in {g.value for g in ConsentGiver}:
        raise BadInput("Say who agreed: the young person, or a parent or carer.")
    if data.given_by == ConsentGiver.PARENT_CARER and not data.given_by_name.strip():
        raise BadInput("Write the name of the parent or carer who agreed.")
    sections, sensitive = check_sections(data.sections, data.sensitive_fields)
    if not sections:
        raise BadInput("Choose at least one section the young person agreed to share.")
    if data.transition_id is not None:
        transition = uow.session.get(Transition, data.transition_id)
        if transition is None or transition.learner_id != learner_id:
            raise BadInput("That move is not one of this learner's.")
    row = HandoverConsent(
        learner_id=learner_id,
        transition_id=data.transition_id,
        given_by=data.given_by,
        given_by_name=data.given_by_name.strip(),
        sections=",".join(sections),
        sensitive_fields=",".join(sensitive),
        given_on=data.given_on,
        note=data.note.strip(),
    )
    uow.session.add(row)
    uow.session.flush()
    audit.record(
        uow.session,
        "handover.consent_recorded",
        subject=f"learner:{learner_id}",
        lawful_basis=LawfulBasis.CONSENT.value,
        detail={
            "consent_id": row.id,
            "given_by": data.given_by,
            "given_on": data.given_on.isoformat(),
            "sections": list(sections),
            "sensitive": list(sensitive),
            "transition_id": data.transition_id,
        },
    )
    uow.session.flush()
    return int(row.id or 0)


def withdraw_consent(uow: UnitOfWork, *, consent_id: int, on: date) -> None:
    """The young person (or their parent or carer) took their agreement back on `on`; audited. The row
    stays, dated, so the history shows what was agreed when."""
    row = uow.session.get(HandoverConsent, consent_id)
    if row is None:
        raise BadInput("That agreement is no longer in the vault.")
    if row.withdrawn_on is not None:
        raise BadInput("That agreement has already been withdrawn.")
    if on < row.given_on:
        raise BadInput("An agreement cannot be withdrawn before the day it was given.")
    row.withdrawn_on = on
    uow.session.add(row)
    audit.record(
        uow.session,
        "handover.consent_withdrawn",
        subject=f"learner:{row.learner_id}",
        lawful_basis=LawfulBasis.CONSENT.value,
        detail={"consent_id": consent_id, "withdrawn_on": on.isoformat()},
    )
    uow.session.flush()


def consent_in_force(uow: UnitOfWork, *, learner_id: int) -> ConsentView | None:
    """The newest agreement, unless it was withdrawn.

    A newer agreement replaces the older ones, so withdrawing it leaves none in force: an older, perhaps
    wider, agreement never comes back by itself."""
    history = consents(uow, learner_id=learner_id)
    newest = history[0] if history else None
    return newest if newest is not None and not newest.withdrawn else None


def consents(uow: UnitOfWork, *, learner_id: int) -> list[ConsentView]:
    """Every agreement recorded for the learner, newest first, withdrawn ones included."""
    rows = uow.session.exec(
        select(HandoverConsent)
        .where(HandoverConsent.learner_id == learner_id)
        .order_by(col(HandoverConsent.given_on).desc(), col(HandoverConsent.id).desc())
    ).all()
    return [_view(row) for row in rows]


def check_sections(
    sections: tuple[str, ...] | frozenset[str], sensitive: tuple[str, ...] | frozenset[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sections and sensitive fields in printing order, once each; an unknown id, or a sensitive field
    whose section is not among `sections`, is a plain error."""
    known = pack_sections()
    by_id = {section.id: section for section in known}
    for section_id in sections:
        if section_id not in by_id:
            choices = ", ".join(by_id)
            raise BadInput(f"The handover pack has no section {section_id!r}; the sections are: {choices}.")
    fields = {key: section.id for section in known for key, _ in section.sensitive_fields}
    for key in sensitive:
        if key not in fields:
            choices = ", ".join(fields) or "none"
            raise BadInput(f"The handover pack has no sensitive field {key!r}; they are: {choices}.")
        if fields[key] not in sections:
            raise BadInput(
                f"{key} belongs to the section {fields[key]!r}, which is not chosen; choose it too."
            )
    ordered_sections = tuple(s.id for s in known if s.id in set(sections))
    ordered_fields = tuple(key for key in fields if key in set(sensitive))
    return ordered_sections, ordered_fields


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _view(row: HandoverConsent) -> ConsentView:
    return ConsentView(
        id=int(row.id or 0),
        learner_id=row.learner_id,
        given_by=row.given_by,
        given_by_name=row.given_by_name,
        sections=_split(row.sections),
        sensitive_fields=_split(row.sensitive_fields),
        given_on=row.given_on,
        withdrawn_on=row.withdrawn_on,
        note=row.note,
        transition_id=row.transition_id,
    )
