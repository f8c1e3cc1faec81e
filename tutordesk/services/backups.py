"""A backup the tutor asks for: taken, verified, and noted in the audit log, so the log says when copies of
the learners' records were made and under which file name."""

from __future__ import annotations

from pathlib import Path

from tutordesk.vault import audit
from tutordesk.vault.backup import BackupResult
from tutordesk.vault.vault import Vault


def back_up_now(vault: Vault, *, folder: Path, keep: int) -> BackupResult:
    """Write a verified backup of `vault` into `folder` (keeping the newest `keep`) and log it."""
    result = vault.backup(folder, reason="manual", keep=keep)
    with vault.unit_of_work() as uow:
        audit.record(uow.session, "vault.backup", detail={"file": result.path.name})
        uow.commit()
    return result
