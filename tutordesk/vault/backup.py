"""Encrypted, verified, rotated backups, and restoring one.

A backup is made with SQLite's online backup API from inside one read transaction (never a file copy,
which loses whatever still sits in the WAL), written to a temporary file, fsynced, checked page by page
and row by row against the snapshot it came from, then renamed into place. Each backup carries a copy of
the key file as it was, so it opens with the passphrase of its day or with the recovery key.

A backup is complete once its database is in place: its key file is written first and the database renamed
in last, so a process killed part-way leaves no database without its key file. Only complete backups count
for rotation and the daily schedule, and what a killed backup leaves (a `.part` copy, a key file's `.tmp`, a
key file without its database) is removed by the next backup or opening (`clean_leftovers`).
"""

from __future__ import annotations

import contextlib
import os
import re
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


def backups_of(folder: Path, vault_id: str, *, with_key_files: bool = True) -> list[Path]:
    """This vault's complete backups in `folder`, oldest first.

    Complete means the database with its key file beside it. `with_key_files=False` is for a vault opened
    with its recovery key after its key file was lost: its backups have no key file, and need none.
    """
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match and match["vault"] == vault_id[:8]:
            if with_key_files and not key_file_path(entry).is_file():
                continue  # half a backup (or one made while the vault had no key file): not one to count on
            found.append((match["stamp"], entry.name, entry))
    return [entry for _, _, entry in sorted(found)]


def clean_leftovers(folder: Path, vault_id: str) -> list[Path]:
    """Remove what killed backups of this vault left in `folder`; return what went.

    That is: `.part` copies, key files' `.tmp` files, and key files whose database never arrived (the
    database is renamed in last, so such a key file belongs to no backup). Call it only while holding the
    vault's instance lock: no other process is then making a backup of this vault.
    """
    if not folder.is_dir():
        return []
    prefix = vault_id[:8] + "-"
    removed = []
    for entry in folder.iterdir():
        name = entry.name
        temporary = name.startswith("." + prefix) and name.endswith((".part", ".tmp"))
        orphan_key_file = (
            name.startswith(prefix)
            and name.endswith(SUFFIX + ".keys")
            and not entry.with_name(name.removesuffix(".keys")).exists()
        )
        if (temporary or orphan_key_file) and entry.is_file():
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
            removed.append(entry)
    if removed:
        fsync_dir(folder)
    return removed


def taken_at(backup: Path) -> datetime | None:
    match = _NAME.match(backup.name)
    if not match:
        return None
    return datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def is_due(folder: Path, vault_id: str, now: datetime, *, with_key_files: bool = True) -> bool:
    """True when no complete backup of this vault was taken in the last 24 hours."""
    existing = backups_of(folder, vault_id, with_key_files=with_key_files)
    last = taken_at(existing[-1]) if existing else None
    return last is None or now - last >= timedelta(hours=24)


def _target_name(folder: Path, vault_id: str, reason: str, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = folder / f"{vault_id[:8]}-{stamp}-{reason}{SUFFIX}"
    counter = 1
    while candidate.exists() or key_file_path(candidate).exists():
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
    tidy: bool = True,
) -> BackupResult:
    """Write a verified encrypted backup of `source` into `folder` and keep only the newest `keep`.

    `tidy` (the caller holds the vault's instance lock) first removes what killed backups left behind.
    """
    now = now or datetime.now(UTC)
    try:
        ensure_private_dir(folder)
        if tidy:
            clean_leftovers(folder, vault_id)
    except OSError as error:
        raise storage_failure(error, folder / "x") from error
    target = _target_name(folder, vault_id, reason, now)
    placed: list[Path] = []  # what this backup put in place, taken back if it fails
    try:
        with temporary_sibling(target, ".part") as temp:
            counts = _copy_snapshot(source, temp, key)
            _fsync_file(temp)
            _verify_copy(temp, key, counts)
            if key_file is not None:  # the key file first: the database's arrival completes the backup
                # It records the salt of the backup's own file (the copy in `temp`, linked to `target` next).
                key_file.for_vault_file(temp).save(target, overwrite=False)
                placed.append(key_file_path(target))
            os.link(temp, target)  # last, and never over a file that appeared meanwhile
            placed.append(target)
        fsync_dir(folder)
    except OSError as error:
        _take_back(placed)
        raise storage_failure(error, target) from error
    except StorageFailure:
        _take_back(placed)
        raise
    except VaultDamaged as error:
        _take_back(placed)
        failed, _ = file_format.damaged_pages(source, key)
        if failed:  # the copy carried the vault's own damage: name the vault's pages
            raise VaultDamaged(
                f"The vault is damaged: {describe_pages(failed)} failed the integrity check. Restore a backup.",
                failed,
            ) from error
        raise
    except sql.DatabaseError as error:
        _take_back(placed)
        failed, _ = file_format.damaged_pages(source, key)
        if failed:  # the copy stumbled on the vault's own damage: say where, not "backup failed"
            raise VaultDamaged(
                f"The vault is damaged: {describe_pages(failed)} failed the integrity check. Restore a backup.",
                failed,
            ) from error
        raise StorageFailure(
            f"The backup could not be written in {folder}: {error}; the vault is unchanged."
        ) from error
    rotate(folder, vault_id, keep, with_key_files=key_file is not None)
    return BackupResult(path=target, row_counts=counts)


def _take_back(placed: list[Path]) -> None:
    for path in reversed(placed):  # the database first: a key file alone is never mistaken for a backup
        with contextlib.suppress(OSError):
            path.unlink()


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


def rotate(folder: Path, vault_id: str, keep: int, *, with_key_files: bool = True) -> list[Path]:
    """Delete all but the newest `keep` complete backups of this vault (and their key files); return what
    went. Incomplete ones are neither counted nor deleted here."""
    existing = backups_of(folder, vault_id, with_key_files=with_key_files)
    doomed = existing[: max(0, len(existing) - max(1, keep))]
    for backup in doomed:
        for path in (backup, key_file_path(backup)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return doomed
