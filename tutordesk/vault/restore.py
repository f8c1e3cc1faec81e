"""Restoring a backup in place of a vault: the backup is checked whole first, then put in place as a
journaled operation (`restore_journal`), so a crash leaves the old vault or the restored one, never neither.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tutordesk.errors import TutorDeskError
from tutordesk.paths import ensure_private_dir
from tutordesk.vault import engine as sql
from tutordesk.vault import keys, restore_journal
from tutordesk.vault.atomic import storage_failure
from tutordesk.vault.diagnose import inspect_with_key, preflight, raise_if_damaged
from tutordesk.vault.instance_lock import InstanceLock
from tutordesk.vault.opening_checks import read_identity
from tutordesk.vault.vault import Unlock, Vault, _resolve_key


def restore_backup(
    backup_file: Path,
    vault_path: Path,
    unlock: Unlock,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Path | None:
    """Put a verified backup in place of the vault at `vault_path`, as a journaled operation
    (`restore_journal`): a crash leaves the old vault or the restored one, and the next opening finishes.

    An existing vault is renamed aside (`<name>.replaced-<time>`, made unique), never deleted; the return
    value is that new name, or None when there was nothing to set aside.
    """
    backup_file = Path(backup_file)
    vault_path = Path(vault_path)
    preflight(backup_file)
    key_file, key = _resolve_key(
        backup_file, Unlock(unlock.passphrase, unlock.recovery_key, use_keychain=False)
    )
    try:
        inspect_with_key(backup_file, bytes(key))
        read_identity(backup_file, bytes(key))
        connection = sql.connect_to_inspect(backup_file, bytes(key))
        try:
            raise_if_damaged(connection, what="That backup", advice="Choose another one.")
        finally:
            connection.close()
        try:
            ensure_private_dir(vault_path.parent)
        except OSError as error:
            raise storage_failure(error, vault_path) from error
        _settle_earlier_restore(vault_path, key)
        instance_lock = InstanceLock.acquire(vault_path)
        try:
            journal = restore_journal.begin(vault_path, backup_file.name, now())
            try:
                journal = restore_journal.stage(journal, backup_file, with_key_file=key_file is not None)
            except BaseException:
                restore_journal.discard(journal)
                raise
            restore_journal.switch(journal)
        except OSError as error:
            raise storage_failure(error, vault_path) from error
        finally:
            instance_lock.release()
        # Opening the restored vault records the restore in its audit log and ends the journal.
        with Vault.open(vault_path, Unlock(recovery_key=keys.format_recovery_key(key), use_keychain=False)):
            pass
        return journal.aside
    finally:
        keys.wipe(key)


def _settle_earlier_restore(vault_path: Path, key: bytearray) -> None:
    """An earlier restore cut short is finished (or rolled back) first. If only its audit row is still due,
    opening with this key records it, when the key fits; otherwise the vault it restored is set aside as it
    is, like any vault a restore replaces."""
    restore_journal.recover(vault_path)
    if restore_journal.pending(vault_path):
        with contextlib.suppress(TutorDeskError):
            Vault.open(
                vault_path, Unlock(recovery_key=keys.format_recovery_key(key), use_keychain=False)
            ).close()
