"""Checks made while a vault is opened, between finding its key and using it: whose key file this is, and
whether the audit log still reaches its anchor (`vault.audit_anchor`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from tutordesk.errors import NotAVault, VaultDamaged
from tutordesk.vault import audit_anchor, file_format
from tutordesk.vault import engine as sql
from tutordesk.vault.diagnose import diagnose_unreadable, inspect_with_key
from tutordesk.vault.unlocking import WAYS_FORWARD, KeyFileOfAnotherVault, Resolved


@contextlib.contextmanager
def foreign_key_file_explained(path: Path, resolved: Resolved) -> Iterator[None]:
    """A key from the key file that matches no page of the vault: say the key file is another vault's.

    (A key file that records the vault file's salt is caught earlier; older ones record none.)
    """
    try:
        yield
    except NotAVault as error:
        if resolved.by == "passphrase" and not file_format.first_page_is_authentic(path, bytes(resolved.key)):
            raise KeyFileOfAnotherVault(
                f"No page of {path.name} matches the key that the key file beside it holds: that key file "
                f"belongs to another vault, or {path.name} is not a TutorDesk vault (or its start was "
                "overwritten). " + WAYS_FORWARD
            ) from error
        raise


def inspect_with_key_file(path: Path, resolved: Resolved) -> None:
    with foreign_key_file_explained(path, resolved):
        inspect_with_key(path, bytes(resolved.key))


def verify_anchor(path: Path, key: bytes, resolved: Resolved) -> audit_anchor.AnchorState:
    """Compare the log with the key file's anchor (raises VaultDamaged when cut or rewritten).

    Call with the instance lock held (or on a read-only file), like `engine.connect_to_inspect`.
    """
    if resolved.foreign_key_file:
        return audit_anchor.AnchorState(
            False,
            0,
            0,
            "the key file beside the vault belongs to another vault (give this vault its own with "
            "`tutordesk --recovery-key change-passphrase`)",
        )
    connection = sql.connect_to_inspect(path, key)
    try:
        return audit_anchor.verify(connection, resolved.key_file, opened_by=resolved.by)
    except sql.DatabaseError as error:
        diagnose_unreadable(path, key)  # names the damaged pages when they show it
        raise VaultDamaged(f"The vault's audit log cannot be read: {error}. Restore a backup.") from error
    finally:
        connection.close()
