"""The audit log is append-only and hash-chained: any edit outside TutorDesk is found at its row."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from tutordesk.domain.models import AuditEntry
from tutordesk.vault import audit
from tutordesk.vault.vault import Vault


def _fill(vault: Vault, count: int) -> None:
    with vault.unit_of_work() as uow:
        for n in range(count):
            audit.record(
                uow.session,
                "export.test",
                subject=f"learner:{n}",
                recipient="Receiving setting",
                purpose="test",
            )
            uow.session.flush()
        uow.commit()


def test_a_new_vault_has_an_intact_chain(vault: Vault) -> None:
    _fill(vault, 5)
    with vault.unit_of_work() as uow:
        entries = uow.session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [e.id for e in entries] == list(range(1, 7))
        assert entries[0].action == "vault.created"
        assert all(
            later.prev_hash == earlier.hash for earlier, later in zip(entries, entries[1:], strict=False)
        )
        assert audit.first_broken_entry(uow.session) is None


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_entry SET recipient = 'x' WHERE id = 2", "DELETE FROM audit_entry WHERE id = 2"],
)
def test_the_database_refuses_edits_and_deletions(vault: Vault, statement: str) -> None:
    _fill(vault, 2)
    with pytest.raises(DBAPIError, match="append-only"), vault.engine.begin() as connection:
        connection.exec_driver_sql(statement)


@pytest.mark.parametrize(
    ("tamper", "first_bad"),
    [
        ("UPDATE audit_entry SET recipient = 'Someone else' WHERE id = 3", 3),
        ("UPDATE audit_entry SET at = '2020-01-01 00:00:00' WHERE id = 4", 4),
        ("DELETE FROM audit_entry WHERE id = 2", 3),
        ("DELETE FROM audit_entry WHERE id = 6", None),  # the newest row: see the note below
    ],
)
def test_tampering_around_the_triggers_is_found_at_its_row(
    vault: Vault, tamper: str, first_bad: int | None
) -> None:
    _fill(vault, 5)
    with vault.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_entry_no_update")
        connection.exec_driver_sql("DROP TRIGGER audit_entry_no_delete")
        connection.exec_driver_sql(tamper)
    with vault.unit_of_work() as uow:
        # Cutting off the newest rows leaves a shorter chain that is still whole; a chain cannot see its own
        # end. That is a known limit of hash chains, noted in docs/security.md.
        assert audit.first_broken_entry(uow.session) == first_bad
