"""`tutordesk check`: classify a vault file and check every page of it, changing nothing.

The check opens the file read-only, never migrates and never backs up; it holds the instance lock so it
does not race an upgrade in another process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from tutordesk.errors import VaultDamaged
from tutordesk.vault import audit, keys
from tutordesk.vault import engine as sql
from tutordesk.vault.audit_anchor import AnchorState
from tutordesk.vault.diagnose import preflight, raise_if_damaged
from tutordesk.vault.instance_lock import InstanceLock
from tutordesk.vault.opening_checks import (
    foreign_key_file_explained,
    inspect_with_key_file,
    read_identity,
    verify_anchor,
    writable,
)
from tutordesk.vault.schema import SCHEMA_VERSION
from tutordesk.vault.unlocking import PassphraseNeeded, Unlock, resolve_key


@dataclass(frozen=True)
class CheckReport:
    path: Path
    pages: int
    schema_version: int
    learners: int
    audit_entries: int
    read_only: bool
    anchor: AnchorState

    def lines(self) -> list[str]:
        lines = [
            f"{self.path}: a healthy TutorDesk vault.",
            f"  {self.pages} pages checked, schema version {self.schema_version}, {self.learners} learners, "
            f"{self.audit_entries} audit entries (chain intact).",
            self.anchor.describe(),
        ]
        if self.schema_version < SCHEMA_VERSION:
            lines.append(
                f"  It will be upgraded to schema version {SCHEMA_VERSION} (after a backup) when next opened."
            )
        if self.read_only:
            lines.append("  The file or its folder is read-only: TutorDesk can show it but not change it.")
        return lines


def check_vault(
    path: Path,
    *,
    passphrase_source: Callable[[], str],
    use_keychain: bool = True,
    recovery_key: str | None = None,
) -> CheckReport:
    path = Path(path)
    preflight(path)
    if recovery_key is not None:
        resolved = resolve_key(path, Unlock(recovery_key=recovery_key, use_keychain=False))
    else:
        try:
            resolved = resolve_key(path, Unlock(use_keychain=use_keychain))
        except PassphraseNeeded:
            resolved = resolve_key(path, Unlock(passphrase=passphrase_source(), use_keychain=False))
    key = resolved.key
    read_only = not writable(path)
    instance_lock = None if read_only else InstanceLock.acquire(path)
    try:
        inspect_with_key_file(path, resolved)
        with foreign_key_file_explained(path, resolved):
            read_identity(path, bytes(key))
        connection = sql.connect_to_inspect(path, bytes(key))
        try:
            raise_if_damaged(connection)
            page_count = connection.execute("PRAGMA page_count").fetchone()[0]
            schema_version = connection.execute("PRAGMA user_version").fetchone()[0]
            learners = connection.execute("SELECT count(*) FROM learner").fetchone()[0]
        finally:
            connection.close()
        engine = sql.make_engine(path, key, read_only=True, immutable=sql.can_open_immutable(path))
        try:
            with Session(engine) as session:
                broken = audit.first_broken_entry(session)
                entries = (
                    session.connection().exec_driver_sql("SELECT count(*) FROM audit_entry").scalar_one()
                )
        finally:
            engine.dispose()
        if broken is not None:
            raise VaultDamaged(f"The audit log was altered outside TutorDesk, starting at entry {broken}.")
        anchor = verify_anchor(path, bytes(key), resolved)
        return CheckReport(path, page_count, schema_version, learners, int(entries), read_only, anchor)
    finally:
        keys.wipe(key)
        if instance_lock is not None:
            instance_lock.release()
