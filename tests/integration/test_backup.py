"""Backups: made with the backup API inside one snapshot, verified, rotated, taken daily; restore round-trips."""

from __future__ import annotations

import shutil
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from tests.conftest import PASSPHRASE, make_closed_vault, open_vault
from tutordesk.domain.models import Learner
from tutordesk.errors import VaultDamaged, VaultInUse
from tutordesk.vault import engine as sql
from tutordesk.vault.backup import backups_of, rotate
from tutordesk.vault.key_file import key_file_path
from tutordesk.vault.restore import restore_backup
from tutordesk.vault.vault import BackupPolicy, Unlock, Vault


def _count(vault: Vault) -> int:
    with vault.unit_of_work() as uow:
        return int(uow.session.exec(select(func.count()).select_from(Learner)).one())


def test_backup_while_a_writer_commits_is_consistent_and_verified(vault: Vault, tmp_path: Path) -> None:
    """A backup taken during a stream of commits holds exactly the rows of one snapshot."""
    stop = threading.Event()
    committed = []

    def writer() -> None:
        n = 0
        while not stop.is_set():
            with vault.unit_of_work() as uow:
                uow.session.add(Learner(given_name=f"w{n}", family_name="Writer"))
                uow.commit()
            committed.append(n)
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(committed) < 20:
            threading.Event().wait(0.01)
        results = [vault.backup(tmp_path / "backups", reason="manual", keep=10) for _ in range(3)]
    finally:
        stop.set()
        thread.join()
    for result in results:
        copy = sql.connect(result.path, bytes(vault.key_bytes()), read_only=True)
        try:
            assert copy.execute("SELECT count(*) FROM learner").fetchone()[0] == result.row_counts["learner"]
            assert copy.execute("PRAGMA cipher_integrity_check").fetchall() == []
        finally:
            copy.close()
    assert results[0].row_counts["learner"] >= 20


def test_rotation_keeps_the_newest(vault: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for day in range(5):
        vault.backup(folder, reason="daily", keep=3, now=start + timedelta(days=day))
    kept = backups_of(folder, vault.vault_id)
    assert [p.name.split("-")[1] for p in kept] == [
        "20260103T000000Z",
        "20260104T000000Z",
        "20260105T000000Z",
    ]
    assert sorted(folder.glob("*.keys")) == sorted(p.with_name(p.name + ".keys") for p in kept)
    assert rotate(folder, vault.vault_id, 1) == kept[:2]


def test_daily_backup_on_the_first_open_of_the_day(vault_path: Path, tmp_path: Path) -> None:
    make_closed_vault(vault_path)
    policy = BackupPolicy(folder=tmp_path / "daily", keep=5)
    day_one = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with open_vault(vault_path, backups=policy, now=lambda: day_one) as first:
        assert first.backup_taken is not None
    with open_vault(vault_path, backups=policy, now=lambda: day_one + timedelta(hours=3)) as second:
        assert second.backup_taken is None
    with open_vault(vault_path, backups=policy, now=lambda: day_one + timedelta(days=1)) as third:
        assert third.backup_taken is not None
    assert len(list(policy.folder.glob("*.tdbackup"))) == 2


def test_only_complete_backups_count_for_the_daily_schedule_and_rotation(
    vault_path: Path, tmp_path: Path
) -> None:
    """A database without its key file (what a backup killed part-way used to leave) is not today's backup."""
    make_closed_vault(vault_path, learners=3)
    policy = BackupPolicy(folder=tmp_path / "daily", keep=1)
    day = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with open_vault(vault_path, backups=policy, now=lambda: day) as first:
        assert first.backup_taken is not None
        half, vault_id = first.backup_taken.path, first.vault_id
    key_file_path(half).unlink()
    assert backups_of(policy.folder, vault_id) == []
    with open_vault(vault_path, backups=policy, now=lambda: day + timedelta(hours=1)) as second:
        assert second.backup_taken is not None  # the half did not count as the day's backup
        whole = second.backup_taken.path
    assert backups_of(policy.folder, vault_id) == [whole]
    assert half.exists()  # not counted, so not rotated away either: it still opens with the recovery key


def test_daily_backup_can_be_turned_off(vault_path: Path, tmp_path: Path) -> None:
    make_closed_vault(vault_path)
    with open_vault(vault_path, backups=BackupPolicy(folder=tmp_path / "off", daily=False)) as vault:
        assert vault.backup_taken is None
    assert not (tmp_path / "off").exists()


def test_backup_then_restore_round_trips(vault_path: Path, tmp_path: Path) -> None:
    make_closed_vault(vault_path, learners=12)
    with open_vault(vault_path) as vault:
        result = vault.backup(tmp_path / "backups")
        with vault.unit_of_work() as uow:
            uow.session.add(Learner(given_name="After", family_name="Backup"))
            uow.commit()
        assert _count(vault) == 13
    aside = restore_backup(result.path, vault_path, Unlock(passphrase=PASSPHRASE))
    assert aside is not None and aside.exists() and aside.with_name(aside.name + ".keys").exists()
    with open_vault(vault_path) as restored:
        assert _count(restored) == 12
        assert restored.integrity_problems() == ([], [])
    with open_vault(aside) as replaced:  # nothing was lost: the replaced vault still opens
        assert _count(replaced) == 13


def test_restore_into_an_empty_folder(vault_path: Path, tmp_path: Path) -> None:
    make_closed_vault(vault_path, learners=4)
    with open_vault(vault_path) as vault:
        result = vault.backup(tmp_path / "backups")
    target = tmp_path / "elsewhere" / "restored.vault"
    assert restore_backup(result.path, target, Unlock(passphrase=PASSPHRASE)) is None
    with open_vault(target) as restored:
        assert _count(restored) == 4


def test_restore_refuses_while_the_vault_is_open(vault: Vault, tmp_path: Path) -> None:
    result = vault.backup(tmp_path / "backups")
    with pytest.raises(VaultInUse):
        restore_backup(result.path, vault.path, Unlock(passphrase=PASSPHRASE))
    assert _count(vault) == 0


def test_restore_refuses_a_damaged_backup(vault_path: Path, tmp_path: Path) -> None:
    make_closed_vault(vault_path, learners=30)
    with open_vault(vault_path) as vault:
        result = vault.backup(tmp_path / "backups")
    data = bytearray(result.path.read_bytes())
    data[len(data) // 2] ^= 0x55
    result.path.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged):
        restore_backup(result.path, vault_path, Unlock(passphrase=PASSPHRASE))
    with open_vault(vault_path) as untouched:
        assert _count(untouched) == 30


def test_a_file_copy_of_a_live_wal_vault_is_incomplete(vault: Vault, tmp_path: Path) -> None:
    """Why backups never copy files: the newest commits live in the WAL, and a copy of the main file lacks them."""
    with vault.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")
        for n in range(5):
            connection.exec_driver_sql(
                "INSERT INTO learner (given_name, family_name, preferred_name, setting, programme, "
                "year_or_stage, status, languages, additional_needs, health_notes, notes, "
                "created_at, updated_at) VALUES (?, 'Wal', '', '', '', '', 'at_risk', '', '', '', '', "
                "'2026-01-01', '2026-01-01')",
                (f"n{n}",),
            )
            connection.commit()
        copy = tmp_path / "copy.vault"
        shutil.copy(vault.path, copy)
        reader = sql.connect(copy, bytes(vault.key_bytes()), read_only=True)
        try:
            assert reader.execute("SELECT count(*) FROM learner").fetchone()[0] < 5
        finally:
            reader.close()
        result = vault.backup(tmp_path / "backups")
        assert result.row_counts["learner"] == 5
