"""The unit of work on a real vault: lists read through the driver and records through the ORM session share
one transaction, nothing uncommitted is kept, a unit that only reads lists builds no session, and
`recorded_statements` sees the statements of both paths."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from tutordesk.domain.models import Learner
from tutordesk.errors import StorageFailure, VaultDamaged
from tutordesk.services.caseload.rows import list_caseload
from tutordesk.vault import engine as sql
from tutordesk.vault import unit_of_work
from tutordesk.vault.unit_of_work import recorded_statements, translate_database_error
from tutordesk.vault.vault import Vault

COUNT = "SELECT count(*) FROM learner"


def _count(vault: Vault) -> int:
    with vault.unit_of_work() as uow:
        return int(uow.rows(COUNT)[0][0])


def test_a_list_read_sees_what_the_session_holds_and_nothing_uncommitted_is_kept(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        uow.session.add(Learner(given_name="Ada", family_name="Lind"))
        assert uow.rows(COUNT) == [(1,)]  # flushed first, read in the same transaction
        assert _count(vault) == 0  # another unit does not see it before the commit
    assert _count(vault) == 0  # left without commit: rolled back


def test_commit_keeps_both_commits_of_one_unit(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        assert uow.rows(COUNT) == [(0,)]  # the transaction is begun by the read, before the session exists
        uow.session.add(Learner(given_name="Ada", family_name="Lind"))
        uow.commit()
        uow.session.add(Learner(given_name="Bram", family_name="Brack"))
        assert uow.rows(COUNT) == [(2,)]
        uow.commit()
    assert _count(vault) == 2
    with vault.unit_of_work() as uow:
        assert sorted(learner.given_name for learner in uow.session.exec(select(Learner))) == ["Ada", "Bram"]


def test_an_error_inside_the_unit_rolls_back_what_the_session_wrote(vault: Vault) -> None:
    with pytest.raises(sql.OperationalError), vault.unit_of_work() as uow:
        uow.session.add(Learner(given_name="Ada", family_name="Lind"))
        uow.rows("SELECT no_such_column FROM learner")
    assert _count(vault) == 0


def test_reading_the_caseload_builds_no_orm_session(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    with vault.unit_of_work() as uow:
        uow.session.add(Learner(given_name="Ada", family_name="Lind"))
        uow.commit()

    def no_session(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a list read built an ORM session")

    monkeypatch.setattr(unit_of_work, "Session", no_session)
    with vault.unit_of_work() as uow:
        rows = list_caseload(uow, today=date(2026, 11, 23))
    assert [row.given_name for row in rows] == ["Ada"]


def test_recorded_statements_sees_both_paths_with_their_parameters(vault: Vault) -> None:
    with recorded_statements(vault.engine) as seen, vault.unit_of_work() as uow:
        uow.rows("SELECT id FROM learner WHERE family_name = :family", {"family": "Lind"})
        uow.session.exec(select(Learner).where(Learner.given_name == "Ada")).all()
    assert len(seen) == 2
    assert seen[0] == ("SELECT id FROM learner WHERE family_name = :family", {"family": "Lind"})
    assert "FROM learner" in seen[1][0] and "Ada" in tuple(seen[1][1])
    with vault.unit_of_work() as uow:
        uow.rows(COUNT)
    assert len(seen) == 2  # nothing is recorded once the block has ended


def test_driver_errors_become_plain_messages() -> None:
    damaged = translate_database_error(sql.DatabaseError("database disk image is malformed"))
    full = translate_database_error(sql.OperationalError("database or disk is full"))
    assert isinstance(damaged, VaultDamaged) and isinstance(full, StorageFailure)
    assert translate_database_error(sql.OperationalError("no such column: x")) is None
