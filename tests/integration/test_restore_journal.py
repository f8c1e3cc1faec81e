"""Issue 18, item 3: restoring is journaled. Two restores in the same second keep both replaced vaults; a
restore stopped between its steps is finished (or rolled back) by the next opening, in the window too, and
recorded in the audit log once. The real SIGKILLs are in `tests/faults/test_kill_backups.py`; here the steps
are stopped by hand, to reach the states a kill cannot choose (a staged copy damaged on disk)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import func, select

from tests.conftest import PASSPHRASE, make_closed_vault, open_vault
from tutordesk.domain.models import AuditEntry, Learner
from tutordesk.vault import restore_journal
from tutordesk.vault.instance_lock import InstanceLock
from tutordesk.vault.restore import restore_backup
from tutordesk.vault.vault import Unlock

SAME_SECOND = datetime(2026, 5, 4, 10, 30, 0, tzinfo=UTC)


def counts(path: Path) -> tuple[int, int]:
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        learners = uow.session.exec(select(func.count()).select_from(Learner)).one()
        restored = uow.session.exec(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "vault.restored")
        ).one()
    return int(learners), int(restored)


def _add_learners(path: Path, n: int) -> None:
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        for i in range(n):
            uow.session.add(Learner(given_name=f"a{i}", family_name="After"))
        uow.commit()


@pytest.fixture
def vault_and_backup(vault_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A vault of 7 learners whose backup holds 4."""
    make_closed_vault(vault_path, learners=4)
    with open_vault(vault_path) as vault:
        backup_file = vault.backup(tmp_path / "backups").path
    _add_learners(vault_path, 3)
    return vault_path, backup_file


def test_two_restores_in_the_same_second_keep_both_replaced_vaults(
    vault_and_backup: tuple[Path, Path],
) -> None:
    vault_path, backup_file = vault_and_backup
    first = restore_backup(backup_file, vault_path, Unlock(passphrase=PASSPHRASE), now=lambda: SAME_SECOND)
    _add_learners(vault_path, 1)  # the restored vault (4) gets one more before the second restore
    second = restore_backup(backup_file, vault_path, Unlock(passphrase=PASSPHRASE), now=lambda: SAME_SECOND)
    assert first is not None and second is not None and first != second
    assert counts(first) == (7, 0)  # the original vault, not overwritten by the second restore
    assert counts(second) == (5, 1)
    assert counts(vault_path) == (4, 1)


def start_restore(vault_path: Path, backup_file: Path, *, switch: bool) -> restore_journal.Journal:
    """Run the restore's steps up to (and with `switch`, through) staging, as a crash would leave them."""
    lock = InstanceLock.acquire(vault_path)
    try:
        journal = restore_journal.begin(vault_path, backup_file.name, SAME_SECOND)
        journal = restore_journal.stage(journal, backup_file, with_key_file=True)
        if switch:
            restore_journal.switch(journal)
        return journal
    finally:
        lock.release()


def test_a_restore_stopped_after_staging_is_finished_by_the_next_opening(
    vault_and_backup: tuple[Path, Path],
) -> None:
    vault_path, backup_file = vault_and_backup
    journal = start_restore(vault_path, backup_file, switch=False)
    # The crash came half-way through setting the old vault aside: its database is gone from its place.
    assert journal.aside is not None
    vault_path.rename(journal.aside)
    assert not vault_path.exists() and restore_journal.pending(vault_path)
    assert counts(vault_path) == (4, 1)
    assert counts(journal.aside) == (7, 0)
    assert not restore_journal.pending(vault_path)
    assert counts(vault_path) == (4, 1)  # recorded once, not at every opening


def test_a_staged_copy_that_no_longer_matches_its_hash_is_undone(vault_and_backup: tuple[Path, Path]) -> None:
    vault_path, backup_file = vault_and_backup
    journal = start_restore(vault_path, backup_file, switch=False)
    assert journal.aside is not None
    vault_path.rename(journal.aside)
    staged = restore_journal.staged_path(vault_path)
    data = bytearray(staged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    staged.write_bytes(bytes(data))
    assert counts(vault_path) == (7, 0)  # the old vault, back in its place
    assert not journal.aside.exists() and not staged.exists()
    assert not restore_journal.pending(vault_path)


def test_a_restore_stopped_while_staging_is_rolled_back(vault_and_backup: tuple[Path, Path]) -> None:
    vault_path, backup_file = vault_and_backup
    lock = InstanceLock.acquire(vault_path)
    journal = restore_journal.begin(vault_path, backup_file.name, SAME_SECOND)
    restore_journal.staged_path(vault_path).write_bytes(backup_file.read_bytes()[:5000])  # half a copy
    lock.release()
    assert counts(vault_path) == (7, 0)
    assert not restore_journal.staged_path(vault_path).exists() and not restore_journal.pending(vault_path)
    assert journal.aside is not None and not journal.aside.exists()
