"""SQLCipher connections and the SQLAlchemy engine over them.

Every connection gets the raw key first, then the pragmas that make the file safe: WAL with full fsync
(an acknowledged save survives a crash), foreign keys, secure delete (deleted text does not linger in free
pages). TutorDesk refuses to run on a build without the SQLCipher codec or FTS5 rather than fall back to
plain SQLite (security.md R24).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from tutordesk.errors import EngineUnavailable
from tutordesk.vault.keys import key_pragma

MINIMUM_CIPHER_VERSION = (4, 5)

try:
    import sqlcipher3.dbapi2 as sqlcipher
except ImportError:  # pragma: no cover - exercised by test_engine_refuses_plain_sqlite
    sqlcipher = None

DatabaseError: type[Exception] = sqlcipher.DatabaseError if sqlcipher else sqlite3.DatabaseError
OperationalError: type[Exception] = sqlcipher.OperationalError if sqlcipher else sqlite3.OperationalError


def driver() -> Any:
    """The SQLCipher DB-API module, or EngineUnavailable if only plain SQLite is at hand."""
    module = sqlcipher
    if module is None or module.__name__.split(".")[0] == "sqlite3":
        raise EngineUnavailable(
            "The encrypted database engine (sqlcipher3) is not installed; TutorDesk will not store data unencrypted."
        )
    return module


def _parse_version(text: str) -> tuple[int, ...]:
    numbers = text.split()[0].split(".") if text else []
    return tuple(int(n) for n in numbers if n.isdigit())


def verify_engine(connection: Any) -> None:
    """Refuse a build without the codec, older than the minimum, or without FTS5 (R24)."""
    row = connection.execute("PRAGMA cipher_version").fetchone()
    version = row[0] if row else ""
    options = {r[0] for r in connection.execute("PRAGMA compile_options").fetchall()}
    if not version or "HAS_CODEC" not in options:
        raise EngineUnavailable("The database engine has no encryption; TutorDesk refuses to run on it.")
    if _parse_version(version) < MINIMUM_CIPHER_VERSION:
        raise EngineUnavailable(f"SQLCipher {version} is too old; TutorDesk needs 4.5 or newer.")
    if "ENABLE_FTS5" not in options:
        raise EngineUnavailable("The database engine lacks full-text search (FTS5); reinstall TutorDesk.")


def connect(
    path: Path,
    key: bytes | bytearray,
    *,
    read_only: bool = False,
    immutable: bool = False,
    tune: bool = True,
) -> Any:
    """Open one keyed connection with TutorDesk's pragmas. Raises the driver's DatabaseError on a bad file.

    Read-only connections use a `mode=ro` URI so that SQLite itself refuses any write; `immutable` is for
    a vault in a read-only folder, where SQLite cannot create the WAL index beside it. `tune=False` leaves
    the journal mode alone (a backup's destination takes the source's pages as they are).
    """
    module = driver()
    if read_only:
        uri = path.resolve().as_uri() + ("?immutable=1" if immutable else "?mode=ro")
        connection = module.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        connection = module.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        connection.execute(key_pragma(key))
        connection.execute("PRAGMA cipher_log_level = NONE")
        # Reading the schema is the first real use of the key: it fails here on a wrong key or bad page 1.
        connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA busy_timeout = 5000")
        if tune and not read_only:
            connection.execute("PRAGMA secure_delete = ON")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
    except BaseException:
        connection.close()
        raise
    return connection


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def connect_to_inspect(path: Path, key: bytes | bytearray) -> Any:
    """A read-only connection for looking at a vault that no TutorDesk process is writing.

    The caller holds the instance lock (or the file cannot be written at all). With no WAL content to
    read, the file is opened `immutable`: a plain `mode=ro` open of a WAL database would leave new -wal
    and -shm files beside it, and a look must change nothing.
    """
    return connect(path, key, read_only=True, immutable=can_open_immutable(path))


def can_open_immutable(path: Path) -> bool:
    """True when nothing sits in the WAL, or SQLite could not create its WAL index in the folder anyway."""
    wal = wal_path(path)
    return not wal.exists() or wal.stat().st_size == 0 or not os.access(path.parent, os.W_OK)


def make_engine(
    path: Path, key: bytes | bytearray, *, read_only: bool = False, immutable: bool = False
) -> Engine:
    """An SQLAlchemy engine whose every connection comes from `connect`.

    The driver's own transaction handling is switched off (isolation_level=None above) and SQLAlchemy emits
    BEGIN itself, so DDL in migrations is transactional too (SQLAlchemy's documented pysqlite recipe).
    """
    key_copy = bytes(key)  # the engine needs the key for every new pooled connection until it is disposed

    def creator() -> Any:
        return connect(path, key_copy, read_only=read_only, immutable=immutable)

    engine = create_engine(
        "sqlite://",
        module=driver(),
        creator=creator,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
        pool_pre_ping=False,
    )
    _begin_explicitly(engine)
    return engine


def _begin_explicitly(engine: Engine) -> None:
    listen: Callable[..., Any] = event.listens_for

    @listen(engine, "begin")
    def _emit_begin(conn: Any) -> None:
        # Straight to the driver: the statement needs nothing of SQLAlchemy's execution path, whose fixed cost
        # showed on every unit of work of a small caseload.
        conn.connection.driver_connection.execute("BEGIN")
