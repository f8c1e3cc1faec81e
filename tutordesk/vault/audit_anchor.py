"""The audit log's anchor: its newest entry, recorded outside the database where the raw key cannot forge it.

The audit log is a hash chain inside the vault, so whoever holds the raw database key (the recovery key is
that key) could delete its newest rows or recompute every hash after an edit, and the chain alone would
still look whole. The key file therefore carries an anchor: the number of entries and the newest hash, with
an HMAC under the audit-anchor key, which only the passphrase (or the keychain) unwraps.

The anchor is written after the database commit that appended entries, never before: a crash between the
two leaves the log ahead of its anchor, which is normal and is caught up at the next open. The log being
behind its anchor (entries cut, or commits lost from a damaged WAL), or a different hash at the anchored
entry (rewritten), is reported as damage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tutordesk.errors import VaultDamaged
from tutordesk.vault.key_file import KdfCost, KeyFile

_WAYS_FORWARD = (
    " Restore a backup, or, to keep the vault as it is now, open it with its recovery key and set a new "
    "passphrase, which anchors the log afresh."
)


class AuditLogMismatch(VaultDamaged):
    """The audit log no longer reaches the anchor in the key file: cut short, rewritten, or the anchor altered."""


@dataclass(frozen=True)
class ChainEnd:
    """The newest entry of the audit log as the database holds it (0 and None when it is empty)."""

    entries: int
    newest: str | None


@dataclass(frozen=True)
class AnchorState:
    """What comparing the anchor with the log found. `checked` is False when there was no anchor to compare
    or no key to verify it with; `unanchored` counts entries newer than the anchor."""

    checked: bool
    anchored: int
    unanchored: int
    reason: str = ""
    #: The log's newest entry as read for the comparison (None when it was not read).
    end: ChainEnd | None = None

    def describe(self) -> str:
        if not self.checked:
            return f"  The audit log's anchor was not checked: {self.reason}."
        if self.unanchored:
            return (
                f"  The audit log's first {self.anchored} entries match the anchor in the key file; the "
                f"{self.unanchored} newer ones were written after it (TutorDesk stopped before anchoring them) "
                "and are anchored the next time the vault is opened with its passphrase."
            )
        return f"  The audit log ends where the key file's anchor says ({self.anchored} entries)."


def chain_end(connection: Any) -> ChainEnd:
    """The newest entry through a driver connection (sqlite3-style `execute`)."""
    row = connection.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    return ChainEnd(0, None) if row is None else ChainEnd(int(row[0]), str(row[1]))


def hash_at(connection: Any, entry_id: int) -> str | None:
    row = connection.execute("SELECT hash FROM audit_entry WHERE id = ?", (entry_id,)).fetchone()
    return None if row is None else str(row[0])


def verify(connection: Any, key_file: KeyFile | None, *, opened_by: str) -> AnchorState:
    """Compare the key file's anchor with the log; raise VaultDamaged when the log was cut or rewritten."""
    if key_file is None:
        return AnchorState(False, 0, 0, "the vault was opened without its own key file")
    end = chain_end(connection)
    anchor = key_file.anchor
    if anchor is None:
        return AnchorState(
            False, 0, 0, "the key file has no anchor yet (it was written by an older TutorDesk)", end
        )
    if key_file.audit_key is None:
        return AnchorState(
            False, 0, 0, f"that needs the passphrase, and the vault was opened with its {opened_by}", end
        )
    if not key_file.anchor_is_authentic():
        raise AuditLogMismatch(
            "The audit log's anchor in the key file does not match its check value: the key file was altered."
            + _WAYS_FORWARD
        )
    if end.entries < anchor.entries:
        raise AuditLogMismatch(
            f"The audit log was cut short: the key file records {anchor.entries} entries, but the vault holds "
            f"{end.entries}. Its newest entries were removed, or changes saved before a crash were lost from "
            "a damaged journal (-wal) file." + _WAYS_FORWARD
        )
    if hash_at(connection, anchor.entries) != anchor.newest:
        raise AuditLogMismatch(
            f"The audit log was rewritten: its entry {anchor.entries} is not the one the key file recorded."
            + _WAYS_FORWARD
        )
    return AnchorState(True, anchor.entries, end.entries - anchor.entries, end=end)


def needs_anchoring(key_file: KeyFile, end: ChainEnd) -> bool:
    """The key file's anchor is missing or behind the log, and there is something to anchor."""
    if end.entries == 0 or end.newest is None:
        return False
    anchor = key_file.anchor
    return anchor is None or anchor.entries != end.entries or anchor.newest != end.newest


def chain_end_of(engine: Engine) -> ChainEnd:
    with engine.connect() as connection:
        end = chain_end(connection.connection.driver_connection)
        connection.rollback()
    return end


def caught_up(
    key_file: KeyFile, *, key: bytearray, passphrase: str | None, vault_path: Path, end: ChainEnd
) -> KeyFile:
    """The key file with its anchor at `end` (the same object when nothing changes).

    A key file from an older TutorDesk gets an anchor key first, when the passphrase is at hand (one more
    Argon2id run, once). Without the anchor key (opened by recovery key or keychain) nothing changes.
    """
    if key_file.document.audit_key is None and passphrase is not None:
        cost = key_file.document.cost
        key_file = KeyFile.wrap(
            vault_id=key_file.vault_id,
            key=key,
            passphrase=passphrase,
            cost=KdfCost(cost.memory_kib, cost.iterations, cost.parallelism),
        )
    if key_file.audit_key is None:
        return key_file
    if key_file.file_salt is None:
        key_file = key_file.for_vault_file(vault_path)
    if needs_anchoring(key_file, end):
        assert end.newest is not None
        key_file = key_file.anchored(end.entries, end.newest)
    return key_file
