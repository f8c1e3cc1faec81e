"""The audit log: append-only rows, each carrying the SHA-256 of the previous row's hash and its own content.

Triggers in the schema refuse updates and deletions; the hash chain shows any change made around them
(a file edited with another tool): `first_broken_entry` names the first row that no longer fits.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

if TYPE_CHECKING:
    from tutordesk.domain.models import AuditEntry

GENESIS = "0" * 64
#: The key of a session's `info` that holds (id, hash) of the newest entry appended in it, until commit.
APPENDED = "tutordesk.audit_appended"


def _canonical(entry: AuditEntry) -> bytes:
    fields = {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "subject": entry.subject,
        "recipient": entry.recipient,
        "purpose": entry.purpose,
        "lawful_basis": entry.lawful_basis,
        "detail": entry.detail,
        "artifact_sha256": entry.artifact_sha256,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _chain(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + _canonical(entry)).hexdigest()


def _current_actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def record(
    session: Session,
    action: str,
    *,
    subject: str = "",
    recipient: str = "",
    purpose: str = "",
    lawful_basis: str = "",
    detail: Mapping[str, Any] | None = None,
    artifact_sha256: str = "",
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction. Never put names or free text about a learner in it."""
    from tutordesk.domain.models import AuditEntry, utc_now  # the table classes stay out of start-up

    last = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(1)).first()
    prev_hash = last.hash if last else GENESIS
    next_id = (last.id or 0) + 1 if last else 1
    entry = AuditEntry(
        id=next_id,
        at=at or utc_now(),
        actor=_current_actor(),
        action=action,
        subject=subject,
        recipient=recipient,
        purpose=purpose,
        lawful_basis=lawful_basis,
        detail=json.dumps(dict(detail or {}), sort_keys=True),
        artifact_sha256=artifact_sha256,
        prev_hash=prev_hash,
        hash="",
    )
    entry.hash = _chain(prev_hash, entry)
    session.add(entry)
    session.info[APPENDED] = (next_id, entry.hash)
    return entry


def first_broken_entry(session: Session) -> int | None:
    """The id of the first entry that was changed, removed or inserted out of turn; None if all is intact."""
    from tutordesk.domain.models import AuditEntry

    prev_hash = GENESIS
    expected_id = 1
    for entry in session.exec(select(AuditEntry).order_by(col(AuditEntry.id))):
        if entry.id != expected_id or entry.prev_hash != prev_hash or entry.hash != _chain(prev_hash, entry):
            return entry.id
        prev_hash = entry.hash
        expected_id += 1
    return None
