"""One user action, one transaction: a unit of work commits only when asked and rolls back otherwise.

Database failures are translated here into the plain errors the UI and CLI show: a full disk, an I/O
error, a read-only file, a damaged page. Either way nothing of the action is kept, and the caller still holds what
the user typed.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from tutordesk.errors import ReadOnlyVault, StorageFailure, TutorDeskError, VaultDamaged


def translate_database_error(error: DBAPIError) -> TutorDeskError | None:
    text = str(error.orig).lower() if error.orig is not None else str(error).lower()
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

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self._engine, expire_on_commit=False)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back whatever was not committed but, unlike rollback(), leaves loaded objects
        # readable (detached, not expired), so a read-only unit of work can hand them out.
        self.session.close()
        if isinstance(exc, DBAPIError):
            translated = translate_database_error(exc)
            if translated is not None:
                raise translated from exc

    def commit(self) -> None:
        try:
            self.session.commit()
        except DBAPIError as error:
            self.session.rollback()
            translated = translate_database_error(error)
            if translated is not None:
                raise translated from error
            raise
