"""The disclosure register: what left TutorDesk about a learner, to whom, why and on what basis, with the
SHA-256 of the file, read from the append-only audit log; and what happened afterwards (sent, acknowledged
by the receiving setting), kept beside it in `disclosure_receipt` because the log itself never changes.

A receiving-setting pack not acknowledged a week after it was sent (or exported) is due: `DUE_SOURCE` is the
fragment `services.due` joins into the caseload's list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import col, or_, select

from tutordesk.documents.forms import load_form
from tutordesk.domain.models import AuditEntry
from tutordesk.domain.plan_models import Document
from tutordesk.domain.transition_enums import Audience
from tutordesk.domain.transition_models import DisclosureReceipt
from tutordesk.errors import BadInput
from tutordesk.services.caseload.due_sources import ACKNOWLEDGE_WITHIN_DAYS, HANDOVER_RECEIPT_SOURCE  # noqa: F401 - re-exported
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import UnitOfWork

#: The audit actions that record something leaving TutorDesk about a learner, with how the register names
#: them. A diary extract is a `document.exported` row too (after its own `diary.extract_agreed` row).
DISCLOSURE_ACTIONS = {
    "document.exported": "Saved as PDF",
    "handover.exported": "Handover pack saved",
    "document.printed": "Printed",
    "handover.printed": "Handover pack printed",
}
# The due rule lives with the other sources in `services.due`, which the caseload loads at start-up.
DUE_SOURCE = HANDOVER_RECEIPT_SOURCE


@dataclass(frozen=True, slots=True)
class DisclosureView:
    audit_entry_id: int
    at: datetime  # UTC, as the audit log keeps it
    action: str  # how the register names it, e.g. "Handover pack saved"
    what: str  # the document's title
    recipient: str
    purpose: str
    lawful_basis: str  # a LawfulBasis value, or "" (the young person's own copy)
    sections: tuple[str, ...]  # section ids of a handover pack
    sha256: str
    sent_on: date | None
    acknowledged_on: date | None
    awaiting_acknowledgement: bool
    audience: str = ""  # of a handover pack
    consent_id: int | None = None
    encrypted: bool = False


def disclosures(uow: UnitOfWork, *, learner_id: int) -> list[DisclosureView]:
    """Everything that left about the learner, newest first (three statements)."""
    subject = f"learner:{learner_id}"
    rows = uow.session.exec(
        select(AuditEntry)
        .where(
            col(AuditEntry.action).in_(list(DISCLOSURE_ACTIONS)),
            or_(
                col(AuditEntry.subject) == subject,
                col(AuditEntry.subject).startswith(subject + ","),
                col(AuditEntry.subject).endswith("," + subject),
                col(AuditEntry.subject).contains("," + subject + ","),
            ),
        )
        .order_by(col(AuditEntry.id).desc())
    ).all()
    details = {int(row.id or 0): _detail(row.detail) for row in rows}
    receipts = {
        r.audit_entry_id: r
        for r in uow.session.exec(
            select(DisclosureReceipt).where(col(DisclosureReceipt.audit_entry_id).in_(list(details)))
        ).all()
    }
    prints = {str(d.get("fingerprint", "")) for d in details.values()} - {""}
    titles = dict(
        uow.session.exec(
            select(Document.fingerprint, Document.title).where(col(Document.fingerprint).in_(list(prints)))
        ).all()
    )
    views = []
    for row in rows:
        entry_id = int(row.id or 0)
        detail = details[entry_id]
        receipt = receipts.get(entry_id)
        audience = str(detail.get("audience", ""))
        acknowledged = receipt.acknowledged_on if receipt else None
        views.append(
            DisclosureView(
                audit_entry_id=entry_id,
                at=row.at,
                action=DISCLOSURE_ACTIONS[row.action],
                what=titles.get(str(detail.get("fingerprint", "")))
                or _form_title(str(detail.get("form", ""))),
                recipient=row.recipient,
                purpose=row.purpose,
                lawful_basis=row.lawful_basis,
                sections=tuple(str(s) for s in detail.get("sections", ()) or ()),
                sha256=row.artifact_sha256,
                sent_on=receipt.sent_on if receipt else None,
                acknowledged_on=acknowledged,
                awaiting_acknowledgement=audience == Audience.RECEIVING and acknowledged is None,
                audience=audience,
                consent_id=detail.get("consent_id") if isinstance(detail.get("consent_id"), int) else None,
                encrypted=bool(detail.get("encrypted", False)),
            )
        )
    return views


def mark_sent(uow: UnitOfWork, *, audit_entry_id: int, on: date | None) -> None:
    """Record the day the file was sent (None: not sent after all); audited. The disclosure's own audit
    row never changes."""
    receipt, learner_id = _receipt(uow, audit_entry_id)
    if on is not None and receipt.acknowledged_on is not None and on > receipt.acknowledged_on:
        raise BadInput("It cannot have been sent after it was acknowledged; check the dates.")
    receipt.sent_on = on
    _save(uow, receipt, learner_id, "disclosure.marked_sent", on)


def mark_acknowledged(uow: UnitOfWork, *, audit_entry_id: int, on: date | None) -> None:
    """Record the day the receiving setting confirmed it arrived (None: take it back); audited."""
    receipt, learner_id = _receipt(uow, audit_entry_id)
    if on is not None and receipt.sent_on is not None and on < receipt.sent_on:
        raise BadInput("It cannot have been acknowledged before it was sent; check the dates.")
    receipt.acknowledged_on = on
    _save(uow, receipt, learner_id, "disclosure.marked_acknowledged", on)


def _receipt(uow: UnitOfWork, audit_entry_id: int) -> tuple[DisclosureReceipt, int]:
    entry = uow.session.get(AuditEntry, audit_entry_id)
    if entry is None or entry.action not in DISCLOSURE_ACTIONS:
        raise BadInput("That is not a disclosure in the register.")
    first = entry.subject.split(",")[0]
    if not first.startswith("learner:") or not first[8:].isdigit():
        raise BadInput("That disclosure is not about one learner.")
    learner_id = int(first[8:])
    receipt = uow.session.get(DisclosureReceipt, audit_entry_id) or DisclosureReceipt(
        audit_entry_id=audit_entry_id, learner_id=learner_id
    )
    return receipt, learner_id


def _save(uow: UnitOfWork, receipt: DisclosureReceipt, learner_id: int, action: str, on: date | None) -> None:
    uow.session.add(receipt)
    audit.record(
        uow.session,
        action,
        subject=f"learner:{learner_id}",
        detail={"disclosure": receipt.audit_entry_id, "on": on.isoformat() if on else None},
    )
    uow.session.flush()


def _detail(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _form_title(form_id: str) -> str:
    """The title of a form no document row names any more (or an older export): from its file, if any."""
    try:
        return load_form(form_id).title
    except BadInput:  # a removed or broken form: the register still shows its id
        return form_id or "A document"
