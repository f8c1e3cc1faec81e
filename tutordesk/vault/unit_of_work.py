"""One user action, one transaction: a unit of work commits only when asked and rolls back otherwise.

A unit of work holds one connection in one transaction. Lists are read straight through the driver's cursor
(`rows`); the ORM session, for loading and saving records, is made on first use and works in the same
transaction. A unit that only reads lists never builds a session: at 50 learners, the session and
SQLAlchemy's result machinery cost a third of what SQLite itself spent on the caseload.

Database failures are translated here into the plain errors the UI and CLI show: a full disk, an I/O
error, a read-only file, a damaged page. Either way nothing of the action is kept, and the caller still holds what
the user typed.

What a unit's writes changed is collected as it goes (`vault.change_tracking`: each row the ORM flushes,
each ORM UPDATE or DELETE, and what services note with `note_changes` for writes made past the ORM); after
`commit`, `changes` says which learners and kinds of record the committed writes touched.

`recorded_statements` sees every statement an engine's units of work send, both ways; the tests count
statements per screen with it and the benchmark replays them raw. It keeps what it sees in memory only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from tutordesk.domain.changes import NO_CHANGES, Changes
from tutordesk.errors import ReadOnlyVault, StorageFailure, TutorDeskError, VaultDamaged
from tutordesk.vault import audit
from tutordesk.vault import engine as sql
from tutordesk.vault.change_tracking import ChangeTracker
from tutordesk.vault.export_guard import VaultFiles

#: Called with (engine, statement, parameters) before each statement `rows` sends; see `recorded_statements`.
_DIRECT_READ_OBSERVERS: list[Callable[[Engine, str, Any], None]] = []


def translate_database_error(error: BaseException) -> TutorDeskError | None:
    """The plain error for a database failure (SQLAlchemy's or the driver's), or None when there is none."""
    original = getattr(error, "orig", None) or error
    text = str(original).lower()
    if "database or disk is full" in text:
        return StorageFailure(
            "The disk is full, so this change was not saved. Free some space and try again."
        )
    if "disk i/o error" in text:
        return StorageFailure("The disk reported an error, so this change was not saved. Try again.")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyVault("This vault is open read-only, so changes cannot be saved.")
    if "malformed" in text or "not a database" in text:
        return VaultDamaged("Part of the vault cannot be read; run `tutordesk check`, then restore a backup.")
    return None


class UnitOfWork:
    """`with vault.unit_of_work() as uow: ...; uow.commit()` - anything not committed is rolled back."""

    def __init__(
        self,
        engine: Engine,
        vault_files: VaultFiles | None = None,
        *,
        after_audit_commit: Callable[[int, str], None] | None = None,
    ) -> None:
        self._engine = engine
        self._vault_files = vault_files
        # Told (entries, newest hash) after a commit that appended audit entries: the vault anchors them.
        self._after_audit_commit = after_audit_commit
        self._connection: Connection | None = None
        self._session: Session | None = None
        self._tracker = ChangeTracker()
        self._committed: Changes = NO_CHANGES
        self._took_connection = False  # a caller ran Core statements (see `connection`)
        self._noted = False

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back whatever was not committed but, unlike rollback(), leaves loaded objects
        # readable (detached, not expired), so a read-only unit of work can hand them out.
        if self._session is not None:
            self._session.close()
        if self._connection is not None:
            self._connection.close()
        if isinstance(exc, DBAPIError | sql.DatabaseError):
            translated = translate_database_error(exc)
            if translated is not None:
                raise translated from exc

    @property
    def vault_files(self) -> VaultFiles:
        """The vault's own files, which no export may touch (`vault.export_guard`)."""
        if self._vault_files is None:
            raise TutorDeskError(
                "This unit of work was made without its vault; nothing can be exported from it."
            )
        return self._vault_files

    def connection(self) -> Connection:
        """The unit's connection, in its transaction (begun here when none is open), for Core statements.

        What they write passes the ORM by: say what it changed with `note_changes`. A unit that took its
        connection and noted nothing reports "everything" (a view reads too much, never too little).
        """
        self._took_connection = True
        return self._connect()

    def _connect(self) -> Connection:
        if self._connection is None:
            self._connection = self._engine.connect()
        if not self._connection.in_transaction():
            self._connection.begin()
        return self._connection

    @property
    def session(self) -> Session:
        """The ORM session, made on first use, in the unit's transaction."""
        if self._session is None:
            # With the connection's transaction already open, the session joins it and leaves committing to
            # `commit` below ("rollback_only": a failed flush still rolls the whole unit back).
            self._session = Session(
                bind=self._connect(),
                expire_on_commit=False,
                join_transaction_mode="rollback_only",
                info={_TRACKER: self._tracker},
            )
        return self._session

    def note_changes(self, changes: Changes) -> None:
        """Say what a write the ORM does not see changed (a Core or bulk statement on the connection)."""
        self._noted = True
        self._tracker.note(changes)

    @property
    def changes(self) -> Changes:
        """What this unit's committed writes changed (nothing before `commit`, or after a rollback)."""
        return self._committed

    def rows(self, statement: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        """Every row of a read, fetched in one call through the driver's own cursor, as plain tuples.

        For lists: it skips SQLAlchemy's execution and result objects, which cost more than SQLite's work on
        a short list. Changes the session holds are flushed first, so the read sees them.
        """
        if self._session is not None:
            self._session.flush()
        driver_connection = self._connect().connection.driver_connection
        assert driver_connection is not None  # the unit's connection is open
        for observe in _DIRECT_READ_OBSERVERS:
            observe(self._engine, statement, parameters)
        try:
            return driver_connection.execute(statement, parameters).fetchall()
        except sql.DatabaseError as error:
            translated = translate_database_error(error)
            if translated is not None:
                raise translated from error
            raise

    def commit(self) -> None:
        try:
            if self._session is not None:
                self._session.flush()
                self._tracker.settle(self._session)
                self._session.commit()
            if self._took_connection and not self._noted:
                self._tracker.note(Changes.all())  # Core writes nobody described: assume the worst
            if self._connection is not None:
                self._connection.commit()
        except DBAPIError as error:
            self.rollback()
            translated = translate_database_error(error)
            if translated is not None:
                raise translated from error
            raise
        self._committed = self._committed | self._tracker.changes()
        self._tracker.clear()
        self._took_connection = self._noted = False
        appended = self._session.info.pop(audit.APPENDED, None) if self._session is not None else None
        if appended is not None and self._after_audit_commit is not None:
            self._after_audit_commit(*appended)

    def rollback(self) -> None:
        if self._session is not None:
            self._session.info.pop(audit.APPENDED, None)
        self._tracker.clear()
        self._took_connection = self._noted = False
        if self._session is not None:
            self._session.rollback()
        if self._connection is not None:
            self._connection.rollback()


#: The key of a session's `info` that holds its unit's `ChangeTracker`.
_TRACKER = "tutordesk.changes"


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _flush_context: Any) -> None:
    # The session's new, dirty and deleted sets still hold what this flush wrote (SQLAlchemy's after_flush).
    tracker = session.info.get(_TRACKER)
    if tracker is not None:
        tracker.flushed(session, [*session.new, *session.dirty, *session.deleted])


@event.listens_for(Session, "do_orm_execute")
def _note_bulk(state: Any) -> None:
    if state.is_select:  # the common case, and a read: nothing to note
        return
    tracker = state.session.info.get(_TRACKER)
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if tracker is None or table is None:
        return
    if state.is_insert:
        rows = state.parameters if isinstance(state.parameters, list) else [state.parameters or {}]
        for row in rows:
            tracker.bulk(state.session, table, None, row)
    elif state.is_update or state.is_delete:
        tracker.bulk(state.session, table, state.statement.whereclause)


@contextmanager
def recorded_statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """(statement, parameters) of every statement sent through `engine` while the block runs: through
    SQLAlchemy and straight through the driver (`UnitOfWork.rows`). BEGIN, COMMIT and ROLLBACK are left out."""
    seen: list[tuple[str, Any]] = []

    def through_sqlalchemy(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        if statement not in ("BEGIN", "COMMIT", "ROLLBACK"):
            seen.append((statement, parameters))

    def direct(sender: Engine, statement: str, parameters: Any) -> None:
        if sender is engine:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", through_sqlalchemy)
    _DIRECT_READ_OBSERVERS.append(direct)
    try:
        yield seen
    finally:
        _DIRECT_READ_OBSERVERS.remove(direct)
        event.remove(engine, "before_cursor_execute", through_sqlalchemy)
