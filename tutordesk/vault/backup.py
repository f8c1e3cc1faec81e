"""Encrypted, verified, rotated backups, and restoring one.

A backup is made with SQLite's online backup API from inside one read transaction (never a file copy,
which loses whatever still sits in the WAL), written to a temporary file, fsynced, checked page by page
and row by row against the snapshot it came from, then renamed into place. Each backup carries a copy of
the key file as it was, so it opens with the passphrase of its day or with the recovery key.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tutordesk.errors import StorageFailure, VaultDamaged
from tutordesk.paths import ensure_private_dir
from tutordesk.vault import engine as sql
from tutordesk.vault import file_format
from tutordesk.vault.atomic import fsync_dir, storage_failure, temporary_sibling
from tutordesk.vault.diagnose import describe_pages, integrity_problems
from tutordesk.vault.key_file import KeyFile, key_file_path

SUFFIX = ".tdbackup"
_NAME = re.compile(r"^(?P<vault>[0-9a-f]{8})-(?P<stamp>\d{8}T\d{6}Z)(?:-\d+)?-(?P<reason>[a-z-]+)\.tdbackup$")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    row_counts: dict[str, int]


def _row_counts(connection: Any) -> dict[str, int]:
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
    ]
    return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backups_of(folder: Path, vault_id: str) -> list[Path]:
    """This vault's backups in `folder`, oldest first."""
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match and match["vault"] == vault_id[:8]:
            found.append((match["stamp"], entry.name, entry))
    return [entry for _, _, entry in sorted(found)]


def taken_at(backup: Path) -> datetime | None:
    match = _NAME.match(backup.name)
    if not match:
        return None
    return datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def is_due(folder: Path, vault_id: str, now: datetime) -> bool:
    """True when no backup of this vault was taken in the last 24 hours."""
    existing = backups_of(folder, vault_id)
    last = taken_at(existing[-1]) if existing else None
    return last is None or now - last >= timedelta(hours=24)


def _target_name(folder: Path, vault_id: str, reason: str, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = folder / f"{vault_id[:8]}-{stamp}-{reason}{SUFFIX}"
    counter = 1
    while candidate.exists():
        candidate = folder / f"{vault_id[:8]}-{stamp}-{counter}-{reason}{SUFFIX}"
        counter += 1
    return candidate


def take_backup(
    *,
    source: Path,
    key: bytes,
    key_file: KeyFile | None,
    vault_id: str,
    folder: Path,
    reason: str,
    keep: int,
    now: datetime | None = None,
) -> BackupResult:
    """Write a verified encrypted backup of `source` into `folder` and keep only the newest `keep`."""
    now = now or datetime.now(UTC)
    try:
        ensure_private_dir(folder)
    except OSError as error:
        raise storage_failure(error, folder / "x") from error
    target = _target_name(folder, vault_id, reason, now)
    try:
        with temporary_sibling(target, ".part") as temp:
            counts = _copy_snapshot(source, temp, key)
            _fsync_file(temp)
            _verify_copy(temp, key, counts)
            os.link(temp, target)  # never replaces a file that appeared meanwhile
        if key_file is not None:  # opened by recovery key with the key file lost: the copy needs it too
            key_file.for_vault_file(target).save(target, overwrite=False)  # the backup's own file salt
        fsync_dir(folder)
    except OSError as error:
        with contextlib.suppress(OSError):
            target.unlink()
        raise storage_failure(error, target) from error
    except sql.DatabaseError as error:
        with contextlib.suppress(OSError):
            target.unlink()
        failed, _ = file_format.damaged_pages(source, key)
        if failed:  # the copy stumbled on the vault's own damage: say where, not "backup failed"
            raise VaultDamaged(
                f"The vault is damaged: {describe_pages(failed)} failed the integrity check. Restore a backup.",
                failed,
            ) from error
        raise StorageFailure(
            f"The backup could not be written in {folder}: {error}; the vault is unchanged."
        ) from error
    rotate(folder, vault_id, keep)
    return BackupResult(path=target, row_counts=counts)


def _copy_snapshot(source: Path, destination: Path, key: bytes) -> dict[str, int]:
    reader = sql.connect(source, key, read_only=True)
    writer = sql.connect(destination, key, tune=False)
    try:
        # One read transaction around both the counts and the copy: they describe the same snapshot even
        # while another connection keeps committing.
        reader.execute("BEGIN")
        counts = _row_counts(reader)
        reader.backup(writer)
        reader.execute("COMMIT")
        # A backup is an archive, not a live database: rollback-journal mode means opening it read-only
        # (to verify or restore it) leaves no -wal or -shm files behind.
        writer.execute("PRAGMA journal_mode = DELETE")
    finally:
        writer.close()
        reader.close()
    return counts


def _verify_copy(copy: Path, key: bytes, expected: dict[str, int]) -> None:
    connection = sql.connect_to_inspect(copy, key)
    try:
        messages, pages = integrity_problems(connection)
        if messages:
            raise VaultDamaged("The backup failed its own check; the vault itself may be damaged.", pages)
        if _row_counts(connection) != expected:
            raise VaultDamaged("The backup does not hold the same records as the vault; it was discarded.")
    finally:
        connection.close()


def rotate(folder: Path, vault_id: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups of this vault (and their key files); return what went."""
    existing = backups_of(folder, vault_id)
    doomed = existing[: max(0, len(existing) - max(1, keep))]
    for backup in doomed:
        for path in (backup, key_file_path(backup)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return doomed


def copy_into_place(backup: Path, vault_path: Path, *, with_key_file: bool = True) -> None:
    """Copy a verified backup (and its key file) to `vault_path`, which must not exist, durably."""
    with temporary_sibling(vault_path, ".restoring") as temp:
        with backup.open("rb") as src, temp.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
        os.chmod(temp, 0o600)
        os.link(temp, vault_path)
    if with_key_file:
        KeyFile.load(backup).save(vault_path, overwrite=False)
    fsync_dir(vault_path.parent)


def set_aside(vault_path: Path, now: datetime) -> Path | None:
    """Rename an existing vault and its side files out of the way (never delete); return the new name."""
    if not vault_path.exists():
        return None
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = vault_path.with_name(f"{vault_path.name}.replaced-{stamp}")
    for suffix in ("", "-wal", "-shm", ".keys"):
        current = vault_path.with_name(vault_path.name + suffix)
        if current.exists():
            os.replace(current, aside.with_name(aside.name + suffix))
    fsync_dir(vault_path.parent)
    return aside
