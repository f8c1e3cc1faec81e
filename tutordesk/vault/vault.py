"""The vault: creating, unlocking, opening, locking and backing up one encrypted TutorDesk file.

Opening reports exactly one outcome (opened, wrong passphrase, damaged, not a vault, newer version, in
use) and never modifies a file it failed to open: everything before the upgrade step only reads.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from tutordesk.errors import (
    BadInput,
    ReadOnlyVault,
    StorageFailure,
    VaultDamaged,
    WouldOverwrite,
)
from tutordesk.paths import ensure_private_dir
from tutordesk.vault import audit, audit_anchor, backup, keychain, keys, restore_journal
from tutordesk.vault import engine as sql
from tutordesk.vault.atomic import fsync_dir, storage_failure, temporary_sibling
from tutordesk.vault.diagnose import (
    describe_pages,
    integrity_problems,
    preflight,
)
from tutordesk.vault.export_guard import VaultFiles
from tutordesk.vault.export_journal import resolve_unfinished_exports
from tutordesk.vault.instance_lock import InstanceLock
from tutordesk.vault.key_file import KdfCost, KeyFile, check_new_passphrase, key_file_path
from tutordesk.vault.new_vault import build_new_vault
from tutordesk.vault.opening_checks import (
    foreign_key_file_explained,
    inspect_with_key_file,
    read_identity,
    verify_anchor,
    writable,
)
from tutordesk.vault.schema import SCHEMA_VERSION, revision_name, upgrade
from tutordesk.vault.seed import seed_taxonomies
from tutordesk.vault.unit_of_work import UnitOfWork
from tutordesk.vault.unlocking import (
    KeyFileOfAnotherVault,
    PassphraseNeeded,
    Unlock,
    foreign_key_file_message,
    resolve_key,
)

__all__ = ["BackupPolicy", "PassphraseNeeded", "Unlock", "Vault"]
_log = logging.getLogger(__name__)

# Why a new vault's folder cannot be made that say the place was badly chosen (exit 2), not the disk failed.
_NOT_A_PLACE_FOR_A_VAULT = frozenset(
    {errno.ENOTDIR, errno.EEXIST, errno.ENAMETOOLONG, errno.EACCES, errno.EPERM, errno.EROFS, errno.ELOOP}
)


@dataclass(frozen=True)
class BackupPolicy:
    """Where automatic backups go, how many to keep, and whether to take one on the day's first open."""

    folder: Path
    keep: int = 10
    daily: bool = True


class Vault:
    """An open vault. Use `unit_of_work()` for every action; `lock()` drops the key and every connection."""

    def __init__(
        self,
        *,
        path: Path,
        key: bytearray,
        key_file: KeyFile | None,
        vault_id: str,
        read_only: bool,
        instance_lock: InstanceLock | None,
        engine: Engine,
        opened_by: str = "passphrase",
        foreign_key_file: bool = False,
    ) -> None:
        self.path = path
        #: "passphrase", "recovery key" or "keychain": the passphrase check and the audit anchor depend on it.
        self.opened_by = opened_by
        #: Opened with the recovery key while the key file beside the vault belongs to another vault.
        self.foreign_key_file = foreign_key_file
        self.vault_id = vault_id
        self.read_only = read_only
        self._key: bytearray | None = key
        self._key_file = key_file
        self._instance_lock = instance_lock
        self._engine: Engine | None = engine
        self.backup_taken: backup.BackupResult | None = None
        #: Why the day's backup failed at opening (one plain sentence), or None; the vault opened anyway.
        self.backup_problem: str | None = None
        #: What comparing the audit log with the key file's anchor found when the vault was opened.
        self.audit_anchor: audit_anchor.AnchorState | None = None
        self.backup_folder: Path | None = None  # the settings' backups folder: no export goes there

    # -- creating ---------------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        remember: bool = False,
        cost: KdfCost | None = None,
    ) -> Vault:
        """Make a new vault at `path`. Refuses any existing file there, even an empty one."""
        check_new_passphrase(passphrase)
        path = Path(path)
        if path.exists() or key_file_path(path).exists():
            raise WouldOverwrite(
                f"{path} already exists; TutorDesk never creates a vault over an existing file."
            )
        try:
            ensure_private_dir(path.parent)
        except OSError as error:
            if error.errno in _NOT_A_PLACE_FOR_A_VAULT:  # the person's choice of place, not a failing disk
                raise BadInput(
                    f"TutorDesk cannot create the folder {path.parent} ({error.strerror}); "
                    "choose another place for the vault."
                ) from error
            raise StorageFailure(f"TutorDesk cannot create the folder {path.parent}.") from error
        key = keys.new_key()
        vault_id = str(uuid.uuid4())
        try:
            with temporary_sibling(path, ".new") as temp:
                os.chmod(temp, 0o600)
                first_hash = build_new_vault(temp, bytes(key), vault_id)
                key_file = KeyFile.wrap(
                    vault_id=vault_id, key=key, passphrase=passphrase, cost=cost or KdfCost()
                ).for_vault_file(temp)
                key_file.anchored(1, first_hash).save(path, overwrite=False)
                try:
                    os.link(temp, path)  # a file that appeared meanwhile is never replaced
                except FileExistsError:
                    key_file_path(path).unlink(missing_ok=True)
                    raise WouldOverwrite(
                        f"{path} appeared while the vault was being made; nothing was replaced."
                    ) from None
                fsync_dir(path.parent)
        except OSError as error:
            raise storage_failure(error, path) from error
        except (sql.OperationalError, DBAPIError) as error:
            # Raised by SQLite directly, or through SQLAlchemy while the schema is made (Alembic).
            if "full" in str(error).lower():
                raise StorageFailure(
                    f"The disk holding {path.parent} is full, so the new vault was not created. "
                    "Free some space and try again."
                ) from error
            raise StorageFailure("The new vault could not be written; nothing was created.") from error
        if remember:
            keychain.store(vault_id, key, audit_key=key_file.audit_key)
        return cls.open(path, Unlock(recovery_key=keys.format_recovery_key(key), use_keychain=False))

    # -- opening ----------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        unlock: Unlock,
        *,
        backups: BackupPolicy | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> Vault:
        path = Path(path)
        restore_journal.recover(path)  # a restore a crash cut short is finished or rolled back first
        preflight(path)
        resolved = resolve_key(path, unlock)
        key_file, key = resolved.key_file, resolved.key
        instance_lock: InstanceLock | None = None
        try:
            inspect_with_key_file(path, resolved)
            read_only = not writable(path)
            if not read_only:
                instance_lock = InstanceLock.acquire(path)
            with foreign_key_file_explained(path, resolved):
                vault_id, revision, unsettled_exports = read_identity(path, bytes(key))
            if key_file is not None and key_file.vault_id != vault_id:
                raise KeyFileOfAnotherVault(foreign_key_file_message(path))
            anchor_state = verify_anchor(path, bytes(key), resolved)
            needs_upgrade = revision != revision_name(SCHEMA_VERSION)
            if needs_upgrade and read_only:
                raise ReadOnlyVault("This vault needs an upgrade, but its file or folder is read-only.")
            engine = sql.make_engine(
                path, key, read_only=read_only, immutable=read_only and sql.can_open_immutable(path)
            )
            vault = cls(
                path=path,
                key=key,
                key_file=key_file,
                vault_id=vault_id,
                read_only=read_only,
                instance_lock=instance_lock,
                engine=engine,
                opened_by=resolved.by,
                foreign_key_file=resolved.foreign_key_file,
            )
            vault.audit_anchor = anchor_state
            vault.backup_folder = backups.folder if backups is not None else None
        except BaseException:
            if instance_lock is not None:
                instance_lock.release()
            keys.wipe(key)
            raise
        try:
            if needs_upgrade:
                vault._upgrade(backups, now())
            # The log's end as read when the anchor was checked, unless the upgrade has added to it since.
            vault._anchor_now(
                unlock.passphrase if resolved.by == "passphrase" else None,
                end=None if needs_upgrade else anchor_state.end,
            )
            if not needs_upgrade and backups is not None and backups.daily and not read_only:
                vault._daily_backup(backups, now())
            if not vault.read_only:
                vault._tidy_after_crashes(backups)
            if unsettled_exports:  # an export a killed process left half done: settled now
                with vault.unit_of_work() as uow:
                    if resolve_unfinished_exports(uow, record=not vault.read_only) and not vault.read_only:
                        uow.commit()
        except BaseException:
            vault.close()
            raise
        return vault

    def _daily_backup(self, backups: BackupPolicy, now: datetime) -> None:
        """The day's first opening takes a backup. If it cannot be written the vault opens all the same, with
        `backup_problem` saying why; a vault found damaged on the way is reopened read-only."""
        with_key_files = self._key_file is not None
        try:
            if not backup.is_due(backups.folder, self.vault_id, now, with_key_files=with_key_files):
                return
            self.backup_taken = self.backup(backups.folder, reason="daily", keep=backups.keep, now=now)
        except OSError as error:  # the backups folder cannot even be listed
            failure = storage_failure(error, backups.folder / "x")
            self.backup_problem = f"Today's backup failed, but the vault is open as usual. {failure.message}"
        except VaultDamaged as error:
            self._reopen_read_only()
            where = (
                f" ({describe_pages(list(error.pages))} failed the integrity check)" if error.pages else ""
            )
            self.backup_problem = (
                f"Today's backup failed because the vault is damaged{where}, so it is open read-only. "
                "Restore a backup to make changes again."
            )
        except StorageFailure as error:
            self.backup_problem = f"Today's backup failed, but the vault is open as usual. {error.message}"

    def _reopen_read_only(self) -> None:
        """Swap the engine for a read-only one (the instance lock stays held: nobody else writes either)."""
        self.engine.dispose()
        self._engine = sql.make_engine(self.path, self.key_bytes(), read_only=True)
        self.read_only = True

    def _tidy_after_crashes(self, backups: BackupPolicy | None) -> None:
        """With the instance lock held: what killed writes left behind goes, and a restore finished by
        `restore_journal.recover` is recorded in the audit log."""
        with contextlib.suppress(OSError):  # a folder out of reach is the next write's to report
            restore_journal.clean_leftovers(self.path)
            if backups is not None:
                backup.clean_leftovers(backups.folder, self.vault_id)
        with contextlib.suppress(
            StorageFailure
        ):  # a full disk: the marker stays, the next opening records it
            restore_journal.record_finished(self.path, self.unit_of_work)

    @classmethod
    def open_remembered(cls, path: Path, *, backups: BackupPolicy | None = None) -> Vault | None:
        """Open with the key remembered in the keychain, or None when a passphrase is needed.

        Every other outcome (damaged, in use...) is raised.
        """
        try:
            return cls.open(Path(path), Unlock(), backups=backups)
        except PassphraseNeeded:
            return None

    def _upgrade(self, backups: BackupPolicy | None, now: datetime) -> None:
        # Always back up before changing the schema, even if daily backups are off (R22).
        folder = backups.folder if backups else self.path.parent / "backups"
        self.backup_taken = self.backup(
            folder, reason="before-upgrade", keep=backups.keep if backups else 10, now=now
        )
        with self.engine.begin() as connection:
            upgrade(connection)
            with Session(bind=connection) as session:
                seed_taxonomies(session)
                audit.record(session, "vault.upgraded", detail={"schema_version": SCHEMA_VERSION})
                session.flush()

    # -- using ------------------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise ReadOnlyVault("The vault is locked.")
        return self._engine

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.engine, self.files, after_audit_commit=self._anchor_after_commit)

    @property
    def files(self) -> VaultFiles:
        """The vault's file, its side files and its backups' folders: no export may be written there."""
        return VaultFiles(self.path, (self.backup_folder,) if self.backup_folder is not None else ())

    def _anchor_after_commit(self, entries: int, newest: str) -> None:
        # After the commit, never before: a crash in between leaves the log ahead of its anchor (normal).
        if not self.read_only and self._key_file is not None and self._key_file.audit_key is not None:
            self._save_key_file(self._key_file.anchored(entries, newest))

    def _anchor_now(self, passphrase: str | None, *, end: audit_anchor.ChainEnd | None = None) -> None:
        """Bring the key file's anchor up to the log's newest entry (see `audit_anchor.caught_up`)."""
        if self.read_only or self._key_file is None:
            return
        if self._key_file.audit_key is None and (passphrase is None or self._key_file.anchor is not None):
            return  # no anchor key at hand, and none to be made: nothing can change
        key_file = audit_anchor.caught_up(
            self._key_file,
            key=self.key_bytes(),
            passphrase=passphrase,
            vault_path=self.path,
            end=end or audit_anchor.chain_end_of(self.engine),
        )
        if key_file is not self._key_file:
            self._save_key_file(key_file)

    def _save_key_file(self, key_file: KeyFile) -> None:
        try:
            key_file.save(self.path, overwrite=True)
        except StorageFailure:
            # The change itself is saved; only its anchor lags, which the next open catches up.
            _log.warning(
                "The key file's audit anchor could not be updated; it is caught up at the next open."
            )
            return
        self._key_file = key_file

    def recovery_key(self) -> str:
        if self._key is None:
            raise ReadOnlyVault("The vault is locked.")
        return keys.format_recovery_key(self._key)

    def backup(
        self, folder: Path, *, reason: str = "manual", keep: int = 10, now: datetime | None = None
    ) -> backup.BackupResult:
        if self._key is None:
            raise ReadOnlyVault("The vault is locked.")
        return backup.take_backup(
            source=self.path,
            key=bytes(self._key),
            key_file=self._key_file,
            vault_id=self.vault_id,
            folder=folder,
            reason=reason,
            keep=keep,
            now=now,
            tidy=self._instance_lock is not None,  # only the lock holder may take others' leftovers away
        )

    def integrity_problems(self) -> tuple[list[str], list[int]]:
        connection = sql.connect(self.path, bytes(self.key_bytes()), read_only=True)
        try:
            return integrity_problems(connection)
        finally:
            connection.close()

    def key_bytes(self) -> bytearray:
        if self._key is None:
            raise ReadOnlyVault("The vault is locked.")
        return self._key

    def remember_key(self) -> bool:
        audit_key = self._key_file.audit_key if self._key_file is not None else None
        return keychain.store(self.vault_id, self.key_bytes(), audit_key=audit_key)

    def forget_key(self) -> None:
        keychain.forget(self.vault_id)

    def change_passphrase(
        self, current_passphrase: str, new_passphrase: str, *, cost: KdfCost | None = None
    ) -> None:
        """Re-wrap the same key under a new passphrase, after checking the current one.

        Only the key file changes, in one atomic write (temp file, fsync, rename): a crash leaves the old or
        the new passphrase working, never neither. The database, the keychain entry and the recovery key
        stay as they are; backups keep opening with the passphrase of their day. A vault opened with its
        recovery key (key file lost or another vault's, passphrase forgotten) gets a new key file this way,
        with no current passphrase asked for and a new audit-anchor key over the log as it is.
        """
        check_new_passphrase(new_passphrase)
        audit_key = None
        if self._key_file is not None and self.opened_by != "recovery key":
            keys.wipe(
                self._key_file.unwrap(current_passphrase)
            )  # WrongPassphrase if it is not the current one
            audit_key = self._key_file.audit_key
        # else: opened with the recovery key (a key file lost, another vault's, or the passphrase forgotten);
        # that key proved the right to a new key file, with a new anchor key over the log as it is now.
        key_file = KeyFile.wrap(
            vault_id=self.vault_id,
            key=self.key_bytes(),
            passphrase=new_passphrase,
            cost=cost or KdfCost(),
            audit_key=audit_key,
        ).for_vault_file(self.path)
        end = audit_anchor.chain_end_of(self.engine)
        if end.newest is not None:  # the log as this open verified it (or, by recovery key, accepts it)
            key_file = key_file.anchored(end.entries, end.newest)
        key_file.save(self.path, overwrite=True)
        self._key_file = key_file
        if keychain.fetch(self.vault_id) is not None:  # remembered here: remember the (new) anchor key too
            keychain.store(self.vault_id, self.key_bytes(), audit_key=key_file.audit_key)
        self.opened_by = "passphrase"
        self.foreign_key_file = False
        with self.unit_of_work() as uow:
            audit.record(uow.session, "passphrase.changed")
            uow.commit()

    # -- closing ----------------------------------------------------------------------------------

    def lock(self) -> None:
        """Drop every connection and the key. A checked-out connection would survive dispose(), which is why
        every use goes through a unit of work that returns its connection.

        Never raises for a failed checkpoint (a full disk, say): the WAL keeps those pages safe, and the key,
        the connections and the instance lock must be let go whatever happens.
        """
        try:
            if self._engine is not None and not self.read_only:
                with contextlib.suppress(DBAPIError, sql.DatabaseError), self._engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            try:
                if self._engine is not None:
                    self._engine.dispose()
                    self._engine = None
            finally:
                keys.wipe(self._key)
                self._key = None
                if self._instance_lock is not None:
                    self._instance_lock.release()
                    self._instance_lock = None

    close = lock

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _resolve_key(path: Path, unlock: Unlock) -> tuple[KeyFile | None, bytearray]:
    """The key file and key, as `unlocking.resolve_key` finds them (for restoring and checking)."""
    resolved = resolve_key(path, unlock)
    return resolved.key_file, resolved.key
