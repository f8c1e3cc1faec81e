"""The contract of participation: made from the agreed plan, signed, printed, and matched later by its
fingerprint.

One contract belongs to one agreed plan version. Its content (from `forms/contract_of_participation.toml`
and the plan) is stored in the vault with the form text, so it prints the same for as long as the vault
lives. While nobody has signed, the content follows the plan and the learner's details; once somebody
signs, it is frozen. Agreeing a changed plan makes the contract of the earlier version out of date: the
new version needs signing again. Every PDF that leaves TutorDesk is recorded in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import col, select

from tutordesk.documents.content import (
    DocumentContent,
    Signatory,
    content_from_json,
    short_fingerprint,
)
from tutordesk.documents.form_definitions import FormDefinition
from tutordesk.documents.forms import load_form
from tutordesk.domain.dates import long_date
from tutordesk.domain.models import Learner
from tutordesk.domain.plan_enums import ContractState, FocusArea
from tutordesk.domain.plan_models import Document, DocumentSignature, PlanVersion, SupportNeed
from tutordesk.domain.review_schedule import cadence_label
from tutordesk.errors import BadInput
from tutordesk.services.documents import (
    ExportResult,
    FoundDocument,
    SignatureInput,
    export_document,
    find_by_fingerprint,
    print_document,
    record_signature,
    remove_signature,
    render_document,
    signatures_of,
    store_content,
    stored_form,
    unprintable_characters,
)
from tutordesk.services.plans import reviews as plan_reviews
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.practitioner import learner_tutor
from tutordesk.vault.unit_of_work import UnitOfWork

CONTRACT_FORM = "contract_of_participation"
SUPPORT_FIELD = "support.support_needs"  # the contract's one special-category field


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """A signature block of the form, and who signed it (if anyone)."""

    role: str
    label: str
    optional: bool
    name: str
    signed_on: date | None
    method: str | None
    has_image: bool


@dataclass(frozen=True, slots=True)
class ContractStatus:
    """Where the learner's contract stands, with a sentence that says so."""

    state: ContractState
    message: str
    plan_version: int | None = None
    document_id: int | None = None
    fingerprint: str = ""  # the short form printed on each page
    blocks: tuple[SignatureBlock, ...] = ()
    signed_version: int | None = None  # the newest version whose contract is fully signed
    includes_support: bool = False

    @property
    def needs_signing(self) -> bool:
        return self.state in (
            ContractState.UNSIGNED,
            ContractState.PARTLY_SIGNED,
            ContractState.NEEDS_RESIGNING,
        )


# --- status --------------------------------------------------------------------------------------------


def contract_status(uow: UnitOfWork, *, learner_id: int) -> ContractStatus:
    """Where the agreed plan's contract stands: no plan, unsigned, partly signed, signed or to sign again."""
    agreed = plans.agreed_plan(uow, learner_id=learner_id)
    if agreed is None:
        return ContractStatus(
            ContractState.NO_PLAN, "There is no agreed plan yet: agree the road map, then sign its contract."
        )
    signed_version = _newest_signed_version(uow, learner_id)
    document = _document_for(uow, agreed.version_id)
    form = _form_of(document)
    signatures = signatures_of(uow, document_id=document.id) if document is not None else {}
    blocks = tuple(
        SignatureBlock(
            role=block.role,
            label=block.label,
            optional=block.optional,
            name=signatures[block.role].name if block.role in signatures else "",
            signed_on=signatures[block.role].signed_on if block.role in signatures else None,
            method=signatures[block.role].method if block.role in signatures else None,
            has_image=block.role in signatures and signatures[block.role].image_png is not None,
        )
        for block in form.signatures
    )
    missing = [b.label for b in blocks if not b.optional and b.signed_on is None]
    short = short_fingerprint(document.fingerprint) if document is not None else ""
    includes_support = (
        document is not None and SUPPORT_FIELD in content_from_json(document.content_json).chosen_sensitive
    )

    def status(state: ContractState, message: str) -> ContractStatus:
        return ContractStatus(
            state,
            message,
            plan_version=agreed.version,
            document_id=document.id if document is not None else None,
            fingerprint=short,
            blocks=blocks,
            signed_version=signed_version,
            includes_support=includes_support,
        )

    if not missing:
        return status(ContractState.SIGNED, f"The contract for plan version {agreed.version} is signed.")
    if signed_version is not None and signed_version < agreed.version:
        return status(
            ContractState.NEEDS_RESIGNING,
            f"The plan changed since the contract was signed (version {signed_version}): "
            f"version {agreed.version} needs signing again.",
        )
    if len(missing) < len([b for b in blocks if not b.optional]):
        return status(
            ContractState.PARTLY_SIGNED,
            f"Still to sign for plan version {agreed.version}: {', '.join(missing)}.",
        )
    return status(
        ContractState.UNSIGNED, f"The contract for plan version {agreed.version} is not signed yet."
    )


def _newest_signed_version(uow: UnitOfWork, learner_id: int) -> int | None:
    rows = uow.session.exec(
        select(PlanVersion.version, DocumentSignature.role)
        .join(Document, col(Document.plan_version_id) == PlanVersion.id)
        .join(DocumentSignature, col(DocumentSignature.document_id) == Document.id)
        .where(PlanVersion.learner_id == learner_id, Document.form_id == CONTRACT_FORM)
    ).all()
    roles: dict[int, set[str]] = {}
    for version, role in rows:
        roles.setdefault(version, set()).add(role)
    complete = [version for version, signed in roles.items() if {"learner", "tutor"} <= signed]
    return max(complete, default=None)


# --- preparing, signing, printing ----------------------------------------------------------------------


def prepare_contract(uow: UnitOfWork, *, learner_id: int, include_support: bool | None = None) -> int:
    """The contract document of the agreed plan, made or brought up to date; returns its id.

    `include_support` chooses whether the support in place (special-category data) is printed; None keeps
    the earlier choice (off for a new contract). A contract somebody has signed never changes.
    """
    agreed = plans.agreed_plan(uow, learner_id=learner_id)
    if agreed is None:
        raise BadInput("Agree the plan first: a contract belongs to an agreed version of the road map.")
    document = _document_for(uow, agreed.version_id)
    if document is not None and signatures_of(uow, document_id=document.id):
        return int(document.id or 0)
    if include_support is None:
        include_support = (
            document is not None
            and SUPPORT_FIELD in content_from_json(document.content_json).chosen_sensitive
        )
    form = load_form(CONTRACT_FORM) if document is None else _form_of(document)
    content = _contract_content(uow, learner_id, agreed, form, include_support=include_support)
    return store_content(
        uow,
        document=document,
        form=form,
        content=content,
        learner_id=learner_id,
        plan_version_id=agreed.version_id,
    )


def export_contract(uow: UnitOfWork, *, learner_id: int, target: Path) -> ExportResult:
    """The agreed plan's contract as a PDF at `target` (made or brought up to date first)."""
    return export_document(uow, document_id=prepare_contract(uow, learner_id=learner_id), target=target)


def print_contract(uow: UnitOfWork, *, learner_id: int, send: Callable[[bytes], object]) -> str:
    """The agreed plan's contract (made or brought up to date first) handed to `send` as the PDF's bytes to
    print, and the print recorded in the audit log; returns the short fingerprint."""
    return print_document(uow, document_id=prepare_contract(uow, learner_id=learner_id), send=send)


def contract_unprintable(uow: UnitOfWork, *, learner_id: int) -> list[str]:
    """The characters of the agreed plan's contract (made or brought up to date first) that no font on this
    computer can draw: they would print as a plain replacement."""
    return unprintable_characters(uow, document_id=prepare_contract(uow, learner_id=learner_id))


@dataclass(frozen=True, slots=True)
class ContractRecord:
    """One contract of the learner, of any plan version, for the contract history."""

    document_id: int
    plan_version: int | None
    fingerprint: str
    signed_by: tuple[str, ...]  # roles, in signing order
    made_on: date


def contract_history(uow: UnitOfWork, *, learner_id: int) -> list[ContractRecord]:
    """Every contract made for the learner, newest plan version first (two statements)."""
    documents = uow.session.exec(
        select(Document, PlanVersion.version)
        .outerjoin(PlanVersion, col(PlanVersion.id) == Document.plan_version_id)
        .where(Document.learner_id == learner_id, Document.form_id == CONTRACT_FORM)
        .order_by(col(PlanVersion.version).desc(), col(Document.id).desc())
    ).all()
    ids = [d.id for d, _ in documents]
    signed: dict[int, list[str]] = {}
    for document_id, role in uow.session.exec(
        select(DocumentSignature.document_id, DocumentSignature.role)
        .where(col(DocumentSignature.document_id).in_(ids))
        .order_by(col(DocumentSignature.signed_on), col(DocumentSignature.id))
    ).all():
        signed.setdefault(document_id, []).append(role)
    return [
        ContractRecord(
            d.id or 0,
            version,
            short_fingerprint(d.fingerprint),
            tuple(signed.get(d.id or 0, ())),
            d.created_at.date(),
        )
        for d, version in documents
    ]


# --- filling the form ----------------------------------------------------------------------------------


def _contract_content(
    uow: UnitOfWork, learner_id: int, plan: plans.PlanView, form: FormDefinition, *, include_support: bool
) -> DocumentContent:
    learner = uow.session.get(Learner, learner_id)
    assert learner is not None
    tutor_name = learner_tutor(uow, key_worker_id=learner.key_worker_id).name
    learner_name = f"{learner.given_name} {learner.family_name}".strip()
    schedule = plan_reviews.review_schedule(uow, learner_id=learner_id, today=plan.agreed_on or date.today())
    values = {
        "learner.name": learner_name,
        "learner.setting": learner.setting,
        "learner.programme": learner.programme,
        # No name known: a line to write it on, never "my tutor, my tutor".
        "tutor.name": tutor_name,
        "plan.version": str(plan.version),
        "plan.agreed_on": plan.agreed_on.isoformat() if plan.agreed_on else "",
        "plan.starting_point": plan.starting_point,
        "plan.end_goal": plan.end_goal,
        "plan.focus_areas": "\n".join(FocusArea(a).label for a in FocusArea if a.value in plan.focus_areas),
        "plan.options_offered": _as_lines(plan.options_offered),
        "plan.choice_made": plan.choice_made,
        "plan.review_cadence": cadence_label(schedule.every_days),
        "plan.next_review": schedule.next_due.isoformat() if schedule.next_due else "",
    }
    if include_support:
        needs = uow.session.exec(
            select(SupportNeed).where(SupportNeed.learner_id == learner_id, col(SupportNeed.in_place))
        ).all()
        values["plan.support"] = "\n".join(
            f"{n.need} ({n.provider})" if n.provider else n.need for n in needs
        )
    stages = [
        {
            "number": str(number),
            "stage": "\n".join(
                part
                for part in (
                    stage.title,
                    stage.description,
                    "A stepping stone: feeling well and settled comes first." if stage.stepping_stone else "",
                )
                if part
            ),
            "goals": "\n".join(_goal_lines(goal) for goal in stage.goals),
            "measure": "\n".join(goal.measure for goal in stage.goals if goal.measure),
            "by_when": _by_when(stage),
        }
        for number, stage in enumerate(plan.stages, start=1)
    ]
    return DocumentContent(
        values=values,
        tables={"plan.stages": stages},
        signatories=tuple(
            Signatory(
                role=block.role, name={"learner": learner_name, "tutor": tutor_name}.get(block.role, "")
            )
            for block in form.signatures
            # An optional block (a parent or carer) prints for a learner under 18, or once someone signed it.
            if not block.optional or _under_18(learner, plan.agreed_on)
        ),
        reference=f"Plan version {plan.version}",
        chosen_sensitive=frozenset({SUPPORT_FIELD}) if include_support else frozenset(),
    )


def _goal_lines(goal: plans.GoalView) -> str:
    """A goal in the learner's words (the professional wording below), with its deadline: the T of SMART."""
    text = f"• {goal.learner_words or goal.professional_wording}"
    if goal.learner_words and goal.professional_wording:
        text += f"\n  ({goal.professional_wording})"
    if goal.deadline is not None:
        text += f"\n  By {long_date(goal.deadline)}"
    return text


def _by_when(stage: plans.StageView) -> str:
    """The stage's target date; without one, the latest deadline of its goals, so the column is never blank
    when a date was agreed."""
    if stage.target_on is not None:
        return long_date(stage.target_on)
    deadlines = [goal.deadline for goal in stage.goals if goal.deadline is not None]
    return long_date(max(deadlines)) if deadlines else ""


def _under_18(learner: Learner, on: date | None) -> bool:
    if learner.date_of_birth is None:
        return False
    day = on or date.today()
    born = learner.date_of_birth
    return (day.year - born.year - ((day.month, day.day) < (born.month, born.day))) < 18


def _as_lines(text: str) -> str:
    """Options typed one per line or separated by semicolons, as a list of lines."""
    parts = [p.strip(" .") for line in text.splitlines() for p in line.split(";")]
    return "\n".join(p for p in parts if p)


# --- lookups -------------------------------------------------------------------------------------------


def _document_for(uow: UnitOfWork, version_id: int) -> Document | None:
    return uow.session.exec(
        select(Document)
        .where(Document.plan_version_id == version_id, Document.form_id == CONTRACT_FORM)
        .order_by(col(Document.id).desc())
        .limit(1)
    ).first()


def _form_of(document: Document | None) -> FormDefinition:
    return load_form(CONTRACT_FORM) if document is None else stored_form(document)


__all__ = [  # the document functions are reachable from here too: a contract is a document
    "CONTRACT_FORM",
    "ContractRecord",
    "ContractStatus",
    "ExportResult",
    "FoundDocument",
    "SignatureBlock",
    "SignatureInput",
    "contract_history",
    "contract_status",
    "contract_unprintable",
    "export_contract",
    "export_document",
    "find_by_fingerprint",
    "prepare_contract",
    "print_contract",
    "print_document",
    "record_signature",
    "remove_signature",
    "render_document",
    "unprintable_characters",
]


def signatory_name(uow: UnitOfWork, *, learner_id: int, role: str) -> str:
    """The name the learner's contract prepares for `role`'s signature, or "" when it names nobody."""
    document = uow.session.get(Document, prepare_contract(uow, learner_id=learner_id))
    if document is None:
        return ""
    signatory = content_from_json(document.content_json).signatory(role)
    return signatory.name if signatory else ""
