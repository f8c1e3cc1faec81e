"""The vault: creating, unlocking, opening, locking and backing up one encrypted TutorDesk file.

Opening reports exactly one outcome (opened, wrong passphrase, damaged, not a vault, newer version, in
use) and never modifies a file it failed to open: everything before the upgrade step only reads.
"""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

import tutordesk
from tutordesk.errors import (
    BadInput,
    KeyFileProblem,
    NewerVault,
    NotAVault,
    ReadOnlyVault,
    StorageFailure,
    VaultDamaged,
    WouldOverwrite,
    WrongPassphrase,
)
from tutordesk.paths import ensure_private_dir
from tutordesk.vault import audit, backup, file_format, keychain, keys
from tutordesk.vault import engine as sql
from tutordesk.vault.atomic import fsync_dir, storage_failure, temporary_sibling
from tutordesk.vault.diagnose import (
    diagnose_unreadable,
    inspect_with_key,
    integrity_problems,
    preflight,
    raise_if_damaged,
)
from tutordesk.vault.instance_lock import InstanceLock
from tutordesk.vault.key_file import KdfCost, KeyFile, check_new_passphrase, key_file_path
from tutordesk.vault.schema import SCHEMA_VERSION, known_revisions, revision_name, stored_revision, upgrade
from tutordesk.vault.seed import seed_taxonomies
from tutordesk.vault.unit_of_work import UnitOfWork

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


@dataclass(frozen=True)
class Unlock:
    """How to get the key: a passphrase, a recovery key, and/or the keychain (tried first when allowed)."""

    passphrase: str | None = None
    recovery_key: str | None = None
    use_keychain: bool = True


def _writable(path: Path) -> bool:
    """The vault, its folder and any WAL side files left beside it can all be written."""
    side_files = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    return (
        os.access(path, os.W_OK)
        and os.access(path.parent, os.W_OK)
        and all(os.access(side, os.W_OK) for side in side_files if side.exists())
    )


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
    ) -> None:
        self.path = path
        self.vault_id = vault_id
        self.read_only = read_only
        self._key: bytearray | None = key
        self._key_file = key_file
        self._instance_lock = instance_lock
        self._engine: Engine | None = engine
        self.backup_taken: backup.BackupResult | None = None

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
        key_file = KeyFile.wrap(vault_id=vault_id, key=key, passphrase=passphrase, cost=cost or KdfCost())
        try:
            with temporary_sibling(path, ".new") as temp:
                os.chmod(temp, 0o600)
                _build_new_vault(temp, bytes(key), vault_id)
                key_file.save(path, overwrite=False)
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
            keychain.store(vault_id, key)
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
        preflight(path)
        key_file, key = _resolve_key(path, unlock)
        instance_lock: InstanceLock | None = None
        try:
            inspect_with_key(path, bytes(key))
            read_only = not _writable(path)
            if not read_only:
                instance_lock = InstanceLock.acquire(path)
            vault_id, revision = _read_identity(path, bytes(key))
            if key_file is not None and key_file.vault_id != vault_id:
                raise KeyFileProblem(
                    "The key file beside the vault belongs to another vault; open it with its recovery key."
                )
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
            )
        except BaseException:
            if instance_lock is not None:
                instance_lock.release()
            keys.wipe(key)
            raise
        try:
            if needs_upgrade:
                vault._upgrade(backups, now())
            elif (
                backups is not None
                and backups.daily
                and not read_only
                and backup.is_due(backups.folder, vault_id, now())
            ):
                vault.backup_taken = vault.backup(
                    backups.folder, reason="daily", keep=backups.keep, now=now()
                )
        except BaseException:
            vault.close()
            raise
        return vault

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
        return UnitOfWork(self.engine)

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
        return keychain.store(self.vault_id, self.key_bytes())

    def forget_key(self) -> None:
        keychain.forget(self.vault_id)

    def change_passphrase(
        self, current_passphrase: str, new_passphrase: str, *, cost: KdfCost | None = None
    ) -> None:
        """Re-wrap the same key under a new passphrase, after checking the current one.

        Only the key file changes, in one atomic write (temp file, fsync, rename): a crash leaves the old or
        the new passphrase working, never neither. The database, the keychain entry and the recovery key
        stay as they are; backups keep opening with the passphrase of their day. A vault opened with its
        recovery key after its key file was lost gets a new key file this way.
        """
        check_new_passphrase(new_passphrase)
        if self._key_file is not None:
            keys.wipe(
                self._key_file.unwrap(current_passphrase)
            )  # WrongPassphrase if it is not the current one
        # else: opened with the recovery key after the key file was lost; that key proved the right to a new one
        key_file = KeyFile.wrap(
            vault_id=self.vault_id, key=self.key_bytes(), passphrase=new_passphrase, cost=cost or KdfCost()
        )
        key_file.save(self.path, overwrite=True)
        self._key_file = key_file
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


def _build_new_vault(path: Path, key: bytes, vault_id: str) -> None:
    from tutordesk.domain.models import VaultInfo  # the table classes stay out of opening a vault

    engine = sql.make_engine(path, key)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA application_id = {file_format.TUTORDESK_APPLICATION_ID}")
            upgrade(connection)
            with Session(bind=connection) as session:
                session.add(VaultInfo(key="vault_id", value=vault_id))
                session.add(
                    VaultInfo(key="created_at", value=datetime.now(UTC).isoformat(timespec="seconds"))
                )
                session.add(VaultInfo(key="created_by", value=f"TutorDesk {tutordesk.__version__}"))
                seed_taxonomies(session)
                audit.record(session, "vault.created", detail={"schema_version": SCHEMA_VERSION})
                session.flush()
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def _resolve_key(path: Path, unlock: Unlock) -> tuple[KeyFile | None, bytearray]:
    """Find the vault key from the recovery key, the keychain or the passphrase, in that order."""
    try:
        key_file: KeyFile | None = KeyFile.load(path)
    except KeyFileProblem:
        if unlock.recovery_key is None:
            raise
        key_file = None
    if unlock.recovery_key is not None:
        key = keys.parse_recovery_key(unlock.recovery_key)
        if key_file is not None and not key_file.matches(key):
            keys.wipe(key)
            raise WrongPassphrase("That recovery key does not belong to this vault.")
        return key_file, key
    assert key_file is not None
    if unlock.use_keychain:
        stored = keychain.fetch(key_file.vault_id)
        if stored is not None and key_file.matches(stored):
            return key_file, stored
        keys.wipe(stored)
    if unlock.passphrase is None:
        raise PassphraseNeeded("This vault needs its passphrase.")
    return key_file, key_file.unwrap(unlock.passphrase)


class PassphraseNeeded(BadInput):
    """No passphrase was given and the keychain did not hold the key."""


def _read_identity(path: Path, key: bytes) -> tuple[str, str | None]:
    """Read the vault id and schema revision through SQLite, read-only, and refuse what does not fit.

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
        return row[0], revision
    except sql.DatabaseError as error:
        diagnose_unreadable(path, key)
        raise VaultDamaged(f"The vault cannot be read: {error}. Restore a backup.") from error
    finally:
        connection.close()


def restore_backup(
    backup_file: Path,
    vault_path: Path,
    unlock: Unlock,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Path | None:
    """Put a verified backup in place of the vault at `vault_path`.

    An existing vault is renamed aside (`<name>.replaced-<time>`), never deleted; the return value is that
    new name, or None when there was nothing to set aside.
    """
    backup_file = Path(backup_file)
    vault_path = Path(vault_path)
    preflight(backup_file)
    key_file, key = _resolve_key(
        backup_file, Unlock(unlock.passphrase, unlock.recovery_key, use_keychain=False)
    )
    try:
        inspect_with_key(backup_file, bytes(key))
        _read_identity(backup_file, bytes(key))
        connection = sql.connect_to_inspect(backup_file, bytes(key))
        try:
            raise_if_damaged(connection, what="That backup", advice="Choose another one.")
        finally:
            connection.close()
        try:
            ensure_private_dir(vault_path.parent)
        except OSError as error:
            raise storage_failure(error, vault_path) from error
        instance_lock = InstanceLock.acquire(vault_path)
        try:
            aside = backup.set_aside(vault_path, now())
            backup.copy_into_place(backup_file, vault_path, with_key_file=key_file is not None)
        except OSError as error:
            raise storage_failure(error, vault_path) from error
        finally:
            instance_lock.release()
        with Vault.open(
            vault_path, Unlock(recovery_key=keys.format_recovery_key(key), use_keychain=False)
        ) as vault:
            with vault.unit_of_work() as uow:
                audit.record(uow.session, "vault.restored", detail={"from_backup": backup_file.name})
                uow.commit()
        return aside
    finally:
        keys.wipe(key)
