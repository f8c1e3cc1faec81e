"""Restoring a backup as a journaled operation: a crash at any moment leaves the old vault or the restored
one, whole, never neither and never a mix.

A marker beside the vault (`<vault>.restore`, JSON with file names, hashes and a random id of the restore;
no learner data) is written before anything else. Then:

1. phase `staging`: the backup and its key file are copied beside the vault (`<vault>.restore-staged` and
   its `.keys`) and fsynced;
2. phase `switching` (the marker is rewritten with the copies' SHA-256 once they are whole): the vault and
   its side files are renamed aside under a name no other restore uses, the staged key file is renamed in,
   the staged database last;
3. the next opening with the key (`Vault.open`, which `restore_backup` itself calls) records `vault.restored`
   in the audit log and removes the marker.

Every opening, in the window or on the command line, goes through `Vault.open`, which first calls `recover`:
an interrupted staging is rolled back (the copies removed, the vault untouched); an interrupted switch is
finished (or, if the staged copy no longer matches its hash, undone). Step 3 looks for the restore's id in
the audit log first, so a crash between writing the row and removing the marker never writes it twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tutordesk.errors import ReadOnlyVault, VaultDamaged, WouldOverwrite
from tutordesk.vault.atomic import fsync_dir, write_bytes_atomically
from tutordesk.vault.instance_lock import InstanceLock
from tutordesk.vault.key_file import key_file_path

if TYPE_CHECKING:
    from tutordesk.vault.unit_of_work import UnitOfWork

FORMAT = "tutordesk-restore"
FORMAT_VERSION = 1
MARKER_SUFFIX = ".restore"
STAGED_SUFFIX = ".restore-staged"
RESTORED_ACTION = "vault.restored"
_SIDE_SUFFIXES = ("", "-wal", "-shm", ".keys")  # the database first, so a vault is never half set aside
_CHUNK = 1024 * 1024


def marker_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + MARKER_SUFFIX)


def staged_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + STAGED_SUFFIX)


def pending(vault_path: Path) -> bool:
    """True when a restore into `vault_path` was started and not yet finished (the vault may be missing).
    A path with no file name (".", "/") never held a vault, so nothing was restored into it."""
    return bool(vault_path.name) and marker_path(vault_path).exists()


@dataclass(frozen=True)
class Journal:
    """What the marker says. `aside_name` is where the replaced vault goes (None: there was none)."""

    vault_path: Path
    restore_id: str
    phase: str  # "staging" or "switching"
    backup_name: str
    aside_name: str | None
    backup_sha256: str = ""
    key_file_sha256: str | None = None

    @property
    def aside(self) -> Path | None:
        return self.vault_path.with_name(self.aside_name) if self.aside_name else None

    def save(self) -> None:
        document = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "phase": self.phase,
            "restore_id": self.restore_id,
            "backup": self.backup_name,
            "backup_sha256": self.backup_sha256,
            "key_file_sha256": self.key_file_sha256,
            "aside": self.aside_name,
        }
        write_bytes_atomically(marker_path(self.vault_path), (json.dumps(document, indent=2) + "\n").encode())

    @classmethod
    def load(cls, vault_path: Path) -> Journal | None:
        marker = marker_path(vault_path)
        try:
            document = json.loads(marker.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            document = None
        try:
            assert isinstance(document, dict) and document["format"] == FORMAT
            assert document["phase"] in ("staging", "switching")
            return cls(
                vault_path=vault_path,
                restore_id=str(document["restore_id"]),
                phase=str(document["phase"]),
                backup_name=str(document["backup"]),
                aside_name=document["aside"],
                backup_sha256=str(document["backup_sha256"]),
                key_file_sha256=document["key_file_sha256"],
            )
        except (AssertionError, KeyError, TypeError):
            raise VaultDamaged(
                f"{marker.name}, the note TutorDesk keeps while it restores a backup, cannot be read; "
                "the files beside it were left as they are."
            ) from None


def _unused_aside_name(vault_path: Path, now: datetime) -> str:
    """`<vault>.replaced-<time>`, with `-2`, `-3`... when a restore in the same second took that name."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = f"{vault_path.name}.replaced-{stamp}"
    name, counter = base, 1
    while any(vault_path.with_name(name + suffix).exists() for suffix in _SIDE_SUFFIXES):
        counter += 1
        name = f"{base}-{counter}"
    return name


def begin(vault_path: Path, backup_name: str, now: datetime) -> Journal:
    """Write the marker (phase `staging`) before anything else changes. Hold the instance lock."""
    has_old = any(vault_path.with_name(vault_path.name + s).exists() for s in _SIDE_SUFFIXES)
    journal = Journal(
        vault_path=vault_path,
        restore_id=secrets.token_hex(8),
        phase="staging",
        backup_name=backup_name,
        aside_name=_unused_aside_name(vault_path, now) if has_old else None,
    )
    journal.save()
    return journal


def _copy_durably(source: Path, destination: Path) -> str:
    """Copy `source` to a private `destination`, fsync it, and return the SHA-256 of what was copied."""
    digest = hashlib.sha256()
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stage(journal: Journal, backup_file: Path, *, with_key_file: bool) -> Journal:
    """Copy the backup (and its key file) beside the vault; then mark the restore `switching`."""
    staged = staged_path(journal.vault_path)
    key_sha = None
    if with_key_file:
        key_sha = _copy_durably(key_file_path(backup_file), key_file_path(staged))
    backup_sha = _copy_durably(backup_file, staged)
    fsync_dir(journal.vault_path.parent)
    switching = replace(journal, phase="switching", backup_sha256=backup_sha, key_file_sha256=key_sha)
    switching.save()
    return switching


def switch(journal: Journal) -> None:
    """Set the old vault aside and put the staged copy in its place. Safe to repeat after a crash."""
    vault_path = journal.vault_path
    staged = staged_path(vault_path)
    staged_keys = key_file_path(staged)
    if not staged.exists():
        return  # the staged database was renamed in: the switch is complete
    aside = journal.aside
    for suffix in _SIDE_SUFFIXES:
        current = vault_path.with_name(vault_path.name + suffix)
        if suffix == ".keys" and journal.key_file_sha256 and not staged_keys.exists():
            continue  # the restored key file is already in place: nothing old left to move
        if current.exists():
            if aside is None:  # a side file appeared after the marker was written: keep it too
                raise WouldOverwrite(f"{current.name} appeared during the restore; nothing was replaced.")
            os.replace(current, aside.with_name(aside.name + suffix))
    fsync_dir(vault_path.parent)
    if staged_keys.exists():
        os.replace(staged_keys, key_file_path(vault_path))
    os.replace(staged, vault_path)  # last: from here on the vault is the restored one
    fsync_dir(vault_path.parent)


def _remove(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def discard(journal: Journal) -> None:
    """Roll back a restore that never started switching: the staged copies and the marker go."""
    staged = staged_path(journal.vault_path)
    _remove(staged, key_file_path(staged), marker_path(journal.vault_path))
    fsync_dir(journal.vault_path.parent)


def _undo_switch(journal: Journal) -> None:
    """The staged copy no longer matches its hash: bring the old vault back from aside, and forget it."""
    vault_path = journal.vault_path
    staged_keys = key_file_path(staged_path(vault_path))
    if journal.key_file_sha256 and not staged_keys.exists():
        _remove(key_file_path(vault_path))  # the restored key file was renamed in already
    aside = journal.aside
    if aside is not None:
        for suffix in _SIDE_SUFFIXES:
            kept = aside.with_name(aside.name + suffix)
            if kept.exists():
                os.replace(kept, vault_path.with_name(vault_path.name + suffix))
    discard(journal)


def recover(vault_path: Path) -> None:
    """Finish or roll back a restore into `vault_path` that a crash interrupted (no key needed).

    Afterwards the vault is wholly the old one or wholly the restored one; only the restored one's audit
    row may still be due (`record_finished`)."""
    if not pending(vault_path):
        return
    if not os.access(vault_path.parent, os.W_OK):
        raise ReadOnlyVault(
            f"A restore into {vault_path.parent} was interrupted and that folder is read-only; "
            "make it writable and open the vault again to finish it."
        )
    lock = InstanceLock.acquire(vault_path)  # VaultInUse while the restore itself is still running
    try:
        journal = Journal.load(vault_path)
        if journal is None:
            return
        if journal.phase == "staging":
            discard(journal)
            return
        staged = staged_path(vault_path)
        staged_whole = not staged.exists() or (
            _sha256(staged) == journal.backup_sha256
            and (
                journal.key_file_sha256 is None
                or not key_file_path(staged).exists()
                or _sha256(key_file_path(staged)) == journal.key_file_sha256
            )
        )
        if staged_whole:
            switch(journal)
        else:
            _undo_switch(journal)
    finally:
        lock.release()


def record_finished(vault_path: Path, unit_of_work: Callable[[], UnitOfWork]) -> bool:
    """After the restored vault opened writable: record the restore in its audit log (once) and remove the
    marker. True when a restore was finished here."""
    from sqlmodel import col, func, select

    from tutordesk.domain.models import AuditEntry  # only when a restore is being finished
    from tutordesk.vault import audit

    journal = Journal.load(vault_path)
    if journal is None or journal.phase != "switching" or staged_path(vault_path).exists():
        return False
    with unit_of_work() as uow:
        already = uow.session.exec(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == RESTORED_ACTION, col(AuditEntry.detail).contains(journal.restore_id))
        ).one()
        if not already:
            audit.record(
                uow.session,
                RESTORED_ACTION,
                detail={"from_backup": journal.backup_name, "restore": journal.restore_id},
            )
            uow.commit()
    _remove(marker_path(vault_path))
    fsync_dir(vault_path.parent)
    return True


def clean_leftovers(vault_path: Path) -> list[Path]:
    """Remove temporary files that killed writes left beside the vault (a marker's or key file's `.tmp`, an
    older TutorDesk's `.restoring` copy) and staged copies no marker speaks for. Hold the instance lock."""
    removed = []
    hidden = "." + vault_path.name + "."
    staged = staged_path(vault_path)
    orphan_stage = () if pending(vault_path) else (staged, key_file_path(staged))
    for entry in vault_path.parent.iterdir():
        name = entry.name
        temporary = name.startswith(hidden) and name.endswith((".tmp", ".restoring"))
        if (temporary or entry in orphan_stage) and entry.is_file():
            _remove(entry)
            removed.append(entry)
    if removed:
        fsync_dir(vault_path.parent)
    return removed
