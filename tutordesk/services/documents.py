"""Documents made from forms and kept in the vault: signing them, printing them to PDF, and finding one again
from the fingerprint on a printed page. What a document says is fixed when it is made (see `Document`);
signatures are kept beside it and printed with it. Every PDF that leaves TutorDesk is in the audit log.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import col, select

from tutordesk.documents.content import (
    DocumentContent,
    Signatory,
    content_from_json,
    content_to_json,
    fingerprint,
    short_fingerprint,
)
from tutordesk.documents.form_definitions import FormDefinition
from tutordesk.documents.forms import parse_form_once
from tutordesk.domain.plan_enums import SignatureMethod
from tutordesk.domain.plan_models import Document, DocumentSignature
from tutordesk.errors import BadInput
from tutordesk.vault import audit
from tutordesk.vault.export_journal import ExportRecord, write_export
from tutordesk.vault.unit_of_work import UnitOfWork

#: The audit action of a document sent to a printer: a disclosure like a saved PDF.
PRINT_ACTION = "document.printed"


@dataclass(frozen=True, slots=True)
class SignatureInput:
    role: str
    name: str
    signed_on: date
    method: str = SignatureMethod.PAPER.value
    image_png: bytes | None = None


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    sha256: str
    fingerprint: str
    missing_glyphs: tuple[str, ...] = ()  # characters no font on this computer can draw


def record_signature(uow: UnitOfWork, *, document_id: int, signature: SignatureInput) -> None:
    """Record that one party signed (on paper on a date, or drawn on screen); replaces their earlier entry."""
    document = get_document(uow, document_id=document_id)
    form = stored_form(document)
    if signature.role not in {block.role for block in form.signatures}:
        raise BadInput("This document has no place for that signature.")
    if not signature.name.strip():
        raise BadInput("Write the name of the person signing.")
    method = SignatureMethod(signature.method).value
    if method == SignatureMethod.DRAWN.value and not signature.image_png:
        raise BadInput("Draw the signature first, or record that it was signed on paper.")
    existing = uow.session.exec(
        select(DocumentSignature).where(
            DocumentSignature.document_id == document_id, DocumentSignature.role == signature.role
        )
    ).first()
    row = existing or DocumentSignature(
        document_id=document_id, role=signature.role, name="", signed_on=signature.signed_on
    )
    row.name = signature.name.strip()
    row.signed_on = signature.signed_on
    row.method = method
    row.image_png = signature.image_png if method == SignatureMethod.DRAWN.value else None
    uow.session.add(row)
    audit.record(
        uow.session,
        "document.signed",
        subject=f"learner:{document.learner_id}",
        detail={"form": document.form_id, "role": signature.role, "method": method, "document": document_id},
    )
    uow.session.flush()


def remove_signature(uow: UnitOfWork, *, document_id: int, role: str) -> None:
    """Take back a signature recorded by mistake; audited."""
    document = get_document(uow, document_id=document_id)
    row = uow.session.exec(
        select(DocumentSignature).where(
            DocumentSignature.document_id == document_id, DocumentSignature.role == role
        )
    ).first()
    if row is not None:
        uow.session.delete(row)
        audit.record(
            uow.session,
            "document.signature_removed",
            subject=f"learner:{document.learner_id}",
            detail={"form": document.form_id, "role": role, "document": document_id},
        )
        uow.session.flush()


def render_document(uow: UnitOfWork, *, document_id: int) -> bytes:
    """The document as PDF bytes, exactly as stored, with the signatures recorded so far."""
    from tutordesk.documents.pdf import render_pdf

    form, content = _printed_content(uow, document_id)
    return render_pdf(form, content)


def unprintable_characters(uow: UnitOfWork, *, document_id: int) -> list[str]:
    """The characters of the document (its content and the names of those who signed) that no font on this
    computer can draw, in order: they would print as a plain replacement, so say so before saving."""
    from tutordesk.documents.pdf import characters_without_glyphs

    _, content = _printed_content(uow, document_id)
    return characters_without_glyphs(content)


def characters_no_font_draws(*, texts: Iterable[str]) -> list[str]:
    """The characters of `texts` that no font on this computer can draw, in order of first appearance: for a
    page drawn from TutorDesk's own words (the recovery key), checked the same way as every document."""
    from tutordesk.documents.pdf_fonts import undrawable

    return undrawable(texts)


def _printed_content(uow: UnitOfWork, document_id: int) -> tuple[FormDefinition, DocumentContent]:
    document = get_document(uow, document_id=document_id)
    form = stored_form(document)
    content = content_from_json(document.content_json)
    signatures = signatures_of(uow, document_id=document_id)
    names = {s.role: s.name for s in content.signatories}
    roles = [b.role for b in form.signatures if b.role in names or b.role in signatures]
    signatories = tuple(
        Signatory(
            role=role,
            name=signatures[role].name if role in signatures else names.get(role, ""),
            signed_on=signatures[role].signed_on if role in signatures else None,
            method=signatures[role].method if role in signatures else None,  # type: ignore[arg-type]
            image_png=signatures[role].image_png if role in signatures else None,
        )
        for role in roles
    )
    # Everything as stored (values, chosen sections and sensitive fields), with today's signatures.
    return form, dataclasses.replace(content, signatories=signatories)


def export_document(
    uow: UnitOfWork,
    *,
    document_id: int,
    target: Path,
    recipient: str = "",
    purpose: str = "printed for signing",
) -> ExportResult:
    """Write the PDF to `target` atomically (never a partial file) and record the disclosure; see
    `vault.export_journal.write_export` (it commits the unit of work once, before writing)."""
    data = render_document(uow, document_id=document_id)
    document = get_document(uow, document_id=document_id)
    record = ExportRecord(
        "document.exported",
        subject=f"learner:{document.learner_id}",
        recipient=recipient,
        purpose=purpose,
        detail={
            "form": document.form_id,
            "form_version": document.form_version,
            "fingerprint": document.fingerprint,
        },
    )
    digest, _ = write_export(uow, target=target, data=data, record=record)
    missing = tuple(unprintable_characters(uow, document_id=document_id))
    return ExportResult(target, digest, short_fingerprint(document.fingerprint), missing)


def print_document(
    uow: UnitOfWork,
    *,
    document_id: int,
    send: Callable[[bytes], object],
    recipient: str = "",
    purpose: str = "printed on paper",
) -> str:
    """Hand the document's PDF bytes (the same pages a saved PDF has) to `send`, which prints them, and
    record the disclosure as a print; returns the short fingerprint. If `send` raises, nothing is recorded."""
    data = render_document(uow, document_id=document_id)
    document = get_document(uow, document_id=document_id)
    send(data)
    audit.record(
        uow.session,
        PRINT_ACTION,
        subject=f"learner:{document.learner_id}",
        recipient=recipient,
        purpose=purpose,
        detail={
            "form": document.form_id,
            "form_version": document.form_version,
            "fingerprint": document.fingerprint,
        },
        artifact_sha256=hashlib.sha256(data).hexdigest(),
    )
    uow.session.flush()
    return short_fingerprint(document.fingerprint)


def record_recovery_key_printed(uow: UnitOfWork) -> None:
    """Note in the audit log that the vault's recovery key was sent to a printer (never the key itself)."""
    audit.record(uow.session, "vault.recovery_key_printed")
    uow.session.flush()


@dataclass(frozen=True, slots=True)
class FoundDocument:
    document_id: int
    learner_id: int
    title: str
    reference: str
    created_on: date


def find_by_fingerprint(uow: UnitOfWork, *, printed: str) -> list[FoundDocument]:
    """Documents whose fingerprint starts with the one printed on a page (dashes and case ignored)."""
    wanted = "".join(ch for ch in printed.lower() if ch in "0123456789abcdef")
    if len(wanted) < 8:
        raise BadInput("Type the fingerprint as printed at the foot of the page, e.g. 3F9A-21BC-77D0.")
    rows = uow.session.exec(select(Document).where(col(Document.fingerprint).startswith(wanted))).all()
    return [
        FoundDocument(
            d.id or 0, d.learner_id, d.title, content_from_json(d.content_json).reference, d.created_at.date()
        )
        for d in rows
    ]


def store_content(
    uow: UnitOfWork,
    *,
    document: Document | None,
    form: FormDefinition,
    content: DocumentContent,
    learner_id: int,
    plan_version_id: int | None = None,
    review_id: int | None = None,
    relationship_id: int | None = None,
) -> int:
    """Keep what a document says (new, or changed while nobody has signed it); returns its id."""
    digest = fingerprint(form.text, content)
    if document is None:
        document = Document(
            learner_id=learner_id,
            form_id=form.id,
            form_version=form.version,
            form_text=form.text,
            title=form.title,
            plan_version_id=plan_version_id,
            review_id=review_id,
            relationship_id=relationship_id,
            content_json="",
            fingerprint="",
        )
    if document.fingerprint != digest:
        document.content_json = content_to_json(content, include_signatures=False)
        document.fingerprint = digest
        uow.session.add(document)
        uow.session.flush()
    return int(document.id or 0)


def stored_form(document: Document) -> FormDefinition:
    """The form as it was when the document was made (checked once per text: a form is immutable)."""
    return parse_form_once(document.form_text, f"{document.form_id} {document.form_version} (as stored)")


def get_document(uow: UnitOfWork, *, document_id: int) -> Document:
    """The stored document; BadInput if it is gone."""
    document = uow.session.get(Document, document_id)
    if document is None:
        raise BadInput("That document is not in this vault any more.")
    return document


def signatures_of(uow: UnitOfWork, *, document_id: int | None) -> dict[str, DocumentSignature]:
    """The document's signatures, by the role of the person who signed."""
    rows = uow.session.exec(
        select(DocumentSignature).where(DocumentSignature.document_id == document_id)
    ).all()
    return {row.role: row for row in rows}
