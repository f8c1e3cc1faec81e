"""Checks made while a vault is opened, between finding its key and using it: whose key file this is,
whether the audit log still reaches its anchor (`vault.audit_anchor`), whether the files may be written,
and what the vault says it is (its id and schema revision, and whether an export was left unsettled)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from tutordesk.errors import NewerVault, NotAVault, VaultDamaged
from tutordesk.vault import audit_anchor, file_format
from tutordesk.vault import engine as sql
from tutordesk.vault.diagnose import diagnose_unreadable, inspect_with_key
from tutordesk.vault.export_journal import has_unsettled_exports
from tutordesk.vault.schema import SCHEMA_VERSION, known_revisions, revision_name, stored_revision
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


def writable(path: Path) -> bool:
    """The vault, its folder and any WAL side files left beside it can all be written."""
    side_files = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    return (
        os.access(path, os.W_OK)
        and os.access(path.parent, os.W_OK)
        and all(os.access(side, os.W_OK) for side in side_files if side.exists())
    )


def read_identity(path: Path, key: bytes) -> tuple[str, str | None, bool]:
    """Read the vault id, schema revision and whether an export is unsettled, read-only; refuse misfits.

    Call with the instance lock held (or on a read-only file), see `engine.connect_to_inspect`.
    """
    try:
        connection = sql.connect_to_inspect(path, key)
    except sql.DatabaseError as error:
        diagnose_unreadable(path, key)  # names the damage when the pages show it
        raise VaultDamaged(f"The vault cannot be read: {error}. Restore a backup.") from error
    try:
        sql.verify_engine(connection)
        user_version = connection.execute("PRAGMA user_version").fetchone()[0]
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        if application_id != file_format.TUTORDESK_APPLICATION_ID:
            raise NotAVault(
                f"{path.name} is an encrypted database made by another program, not a TutorDesk vault."
            )
        revision = stored_revision(connection)
        if user_version > SCHEMA_VERSION or (
            revision not in (None, revision_name(SCHEMA_VERSION)) and revision not in known_revisions()
        ):
            raise NewerVault(
                "This vault was written by a newer TutorDesk; install that version to open it. The file was left as it is."
            )
        row = connection.execute("SELECT value FROM vault_info WHERE key = 'vault_id'").fetchone()
        if row is None:
            raise NotAVault(f"{path.name} has no TutorDesk vault record; it was left as it is.")
        return row[0], revision, has_unsettled_exports(connection)
    except sql.DatabaseError as error:
        diagnose_unreadable(path, key)
        raise VaultDamaged(f"The vault cannot be read: {error}. Restore a backup.") from error
    finally:
        connection.close()
