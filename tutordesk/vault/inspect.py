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
from tutordesk.vault.diagnose import inspect_with_key, preflight, raise_if_damaged
from tutordesk.vault.instance_lock import InstanceLock
from tutordesk.vault.schema import SCHEMA_VERSION
from tutordesk.vault.vault import PassphraseNeeded, Unlock, _read_identity, _resolve_key, _writable


@dataclass(frozen=True)
class CheckReport:
    path: Path
    pages: int
    schema_version: int
    learners: int
    audit_entries: int
    read_only: bool

    def lines(self) -> list[str]:
        lines = [
            f"{self.path}: a healthy TutorDesk vault.",
            f"  {self.pages} pages checked, schema version {self.schema_version}, {self.learners} learners, "
            f"{self.audit_entries} audit entries (chain intact).",
        ]
        if self.schema_version < SCHEMA_VERSION:
            lines.append(
                f"  It will be upgraded to schema version {SCHEMA_VERSION} (after a backup) when next opened."
            )
        if self.read_only:
            lines.append("  The file or its folder is read-only: TutorDesk can show it but not change it.")
        return lines


def check_vault(
    path: Path, *, passphrase_source: Callable[[], str], use_keychain: bool = True
) -> CheckReport:
    path = Path(path)
    preflight(path)
    try:
        key_file, key = _resolve_key(path, Unlock(use_keychain=use_keychain))
    except PassphraseNeeded:
        key_file, key = _resolve_key(path, Unlock(passphrase=passphrase_source(), use_keychain=False))
    del key_file
    read_only = not _writable(path)
    instance_lock = None if read_only else InstanceLock.acquire(path)
    try:
        inspect_with_key(path, bytes(key))
        _read_identity(path, bytes(key))
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
        return CheckReport(path, page_count, schema_version, learners, int(entries), read_only)
    finally:
        keys.wipe(key)
        if instance_lock is not None:
            instance_lock.release()
