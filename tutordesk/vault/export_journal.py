"""Exports written so that the audit log always knows of every file that left TutorDesk, even after a crash.

`write_export` is the one way an export reaches the disk. It refuses TutorDesk's own files
(`export_guard`), then records the export it intends (`export.intended`, with the target and the SHA-256 of
the bytes, made in memory beforehand, and the caller's own audit row to come) and commits that row before
the first byte is written. Then it writes the file atomically and records the caller's row (e.g.
`document.exported`) and `export.completed` in the caller's unit of work, which the caller commits.

A process killed in between leaves an intention without an outcome. `resolve_unfinished_exports`, run on
every writable open of the vault, settles each one: the hidden temporary copy the writer was making
(`.NAME.XXXXXXXX.tmp` beside the target) is removed, since it may hold a learner's data in plain text;
then if the target holds exactly the intended bytes the caller's row and `export.completed` are recorded (so
the disclosure register knows of the file), otherwise `export.not_completed`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError

from tutordesk.errors import TutorDeskError
from tutordesk.vault import audit
from tutordesk.vault.atomic import fsync_dir, write_export_atomically
from tutordesk.vault.export_guard import refuse_protected_target

if TYPE_CHECKING:
    from tutordesk.domain.models import AuditEntry
    from tutordesk.vault.unit_of_work import UnitOfWork

INTENDED = "export.intended"
COMPLETED = "export.completed"
NOT_COMPLETED = "export.not_completed"

# The random part `tempfile.mkstemp` puts between `atomic.temporary_sibling`'s prefix and suffix.
_TEMP_SUFFIX = ".tmp"
_RANDOM_LENGTH = 8


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """The caller's own audit row for the export (e.g. `document.exported`), written with the file's SHA-256
    once the file is in place, or after a restart that finds it there. Never a learner's name in it."""

    action: str
    subject: str = ""
    recipient: str = ""
    purpose: str = ""
    lawful_basis: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "subject": self.subject,
            "recipient": self.recipient,
            "purpose": self.purpose,
            "lawful_basis": self.lawful_basis,
            "detail": dict(self.detail),
        }

    @classmethod
    def from_json(cls, value: object) -> ExportRecord | None:
        if not isinstance(value, dict) or not isinstance(value.get("action"), str):
            return None
        detail = value.get("detail")
        return cls(
            action=value["action"],
            subject=str(value.get("subject", "")),
            recipient=str(value.get("recipient", "")),
            purpose=str(value.get("purpose", "")),
            lawful_basis=str(value.get("lawful_basis", "")),
            detail=detail if isinstance(detail, dict) else {},
        )

    def write(self, uow: UnitOfWork, digest: str) -> AuditEntry:
        return audit.record(
            uow.session,
            self.action,
            subject=self.subject,
            recipient=self.recipient,
            purpose=self.purpose,
            lawful_basis=self.lawful_basis,
            detail=self.detail,
            artifact_sha256=digest,
        )


def write_export(
    uow: UnitOfWork,
    *,
    target: Path,
    data: bytes,
    record: ExportRecord | None,
    overwrite: bool = True,
) -> tuple[str, AuditEntry | None]:
    """Write `data` to `target` as an export; its SHA-256 and the caller's audit row (`record`, None when
    the caller records the disclosure itself afterwards, as a print does).

    Commits the unit of work once, with the intention, before writing: whatever the caller did in it so far
    is kept then. Raises `ProtectedTarget` (before anything is recorded) for TutorDesk's own files, and the
    writer's errors (`FileExistsError` without `overwrite`); a failed write is recorded as not completed.
    """
    refuse_protected_target(target, uow.vault_files)
    target = Path(os.path.abspath(target))
    digest = hashlib.sha256(data).hexdigest()
    detail: dict[str, Any] = {"target": str(target), "sha256": digest}
    if record is not None:
        detail["record"] = record.as_json()
    intent = audit.record(
        uow.session,
        INTENDED,
        subject=record.subject if record is not None else "",
        detail=detail,
        artifact_sha256=digest,
    )
    uow.commit()  # the intention is on disk before the file is begun
    intent_id = int(intent.id or 0)
    try:
        write_export_atomically(target, data, overwrite=overwrite)
    except BaseException:
        # Best effort: if even this cannot be recorded, the next open of the vault settles it.
        with contextlib.suppress(TutorDeskError, DBAPIError):
            audit.record(uow.session, NOT_COMPLETED, detail={"intent": intent_id, "reason": "failed"})
            uow.commit()
        raise
    audit.record(uow.session, COMPLETED, detail={"intent": intent_id}, artifact_sha256=digest)
    entry = record.write(uow, digest) if record is not None else None  # the disclosure row comes last
    uow.session.flush()
    return digest, entry


def resolve_unfinished_exports(uow: UnitOfWork, *, record: bool = True) -> int:
    """Settle every intended export without an outcome (see the module's docstring); the number settled.

    With `record` False (a read-only vault) only the temporary copies are removed; the intentions stay
    open until the vault is next opened for writing. The caller commits.
    """
    # Straight through the driver, so that opening a vault does not load the table classes.
    rows = uow.rows(
        "SELECT id, action, detail, artifact_sha256 FROM audit_entry WHERE action IN (?, ?, ?)",
        (INTENDED, COMPLETED, NOT_COMPLETED),
    )
    settled: set[int] = set()
    intents: list[tuple[int, dict[str, object], str]] = []
    for entry_id, action, detail, digest in rows:
        parsed = _parsed(detail)
        intent = parsed.get("intent")
        if action == INTENDED:
            intents.append((int(entry_id), parsed, str(digest or "")))
        elif isinstance(intent, int):
            settled.add(intent)
    count = 0
    for intent_id, detail, digest in intents:
        if intent_id in settled or not isinstance(detail.get("target"), str):
            continue
        target = Path(str(detail["target"]))
        remove_temporary_copies(target)
        if not record:
            continue
        if _sha256_of(target) == digest:
            audit.record(
                uow.session,
                COMPLETED,
                detail={"intent": intent_id, "found_after_restart": True},
                artifact_sha256=digest,
            )
            kept = ExportRecord.from_json(detail.get("record"))
            if kept is not None:
                kept.write(uow, digest)  # the disclosure register lists the file like any other
        else:
            audit.record(uow.session, NOT_COMPLETED, detail={"intent": intent_id, "reason": "interrupted"})
        uow.session.flush()
        count += 1
    return count


def has_unsettled_exports(connection: Any) -> bool:
    """Whether an intended export has no outcome yet, read through a DB-API `connection` while the vault is
    opened (one statement; an older vault without the table answers True, to be settled after its upgrade)."""
    try:
        row = connection.execute(
            "SELECT 1 FROM audit_entry AS i WHERE i.action = ? AND NOT EXISTS (SELECT 1 FROM audit_entry AS o "
            "WHERE o.action IN (?, ?) AND json_extract(o.detail, '$.intent') = i.id) LIMIT 1",
            (INTENDED, COMPLETED, NOT_COMPLETED),
        ).fetchone()
    except Exception:  # noqa: BLE001 - the driver's own error class: settle through the unit of work instead
        return True
    return row is not None


def remove_temporary_copies(target: Path) -> list[Path]:
    """Remove the temporary siblings an interrupted atomic write of `target` left; the ones removed."""
    prefix = f".{target.name}."
    removed: list[Path] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        middle = name[len(prefix) : -len(_TEMP_SUFFIX)]
        if name.startswith(prefix) and name.endswith(_TEMP_SUFFIX) and len(middle) == _RANDOM_LENGTH:
            path = target.parent / name
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    if removed:
        with contextlib.suppress(OSError):
            fsync_dir(target.parent)
    return removed


def _sha256_of(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _parsed(detail: str) -> dict[str, object]:
    try:
        value = json.loads(detail or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
