"""Schema upgrades: the first-version fixture vault upgrades after a verified backup; newer vaults are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

import tutordesk.domain.contact_models  # noqa: F401 - registers the contact log tables for the drift check
import tutordesk.domain.diary_models  # noqa: F401 - registers the diary tables for the drift check
import tutordesk.domain.followup_models  # noqa: F401 - registers the follow-up tables for the drift check
import tutordesk.domain.mentoring_models  # noqa: F401 - registers the mentoring tables for the drift check
import tutordesk.domain.plan_models  # noqa: F401 - registers the plan tables for the drift check
import tutordesk.domain.record_models  # noqa: F401 - registers the generic record table for the drift check
import tutordesk.domain.transition_models  # noqa: F401 - registers the transition tables for the drift check
import tutordesk.vault.vault as vault_module
from tests.conftest import PASSPHRASE, listing, open_vault, sha256
from tutordesk.domain.models import AuditEntry, ConsentRecord, Learner
from tutordesk.errors import NewerVault
from tutordesk.vault import audit
from tutordesk.vault import engine as sql
from tutordesk.vault.backup import backups_of
from tutordesk.vault.schema import SCHEMA_VERSION
from tutordesk.vault.vault import BackupPolicy, Unlock, Vault

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE = FIXTURES / "schema-v1.vault"


def _copy_fixture(source: Path, folder: Path) -> Path:
    folder.mkdir()
    target = folder / source.name
    shutil.copy(source, target)
    shutil.copy(source.with_name(source.name + ".keys"), target.with_name(target.name + ".keys"))
    return target


@pytest.fixture
def v1_vault(tmp_path: Path) -> Path:
    return _copy_fixture(FIXTURE, tmp_path / "old")


def test_every_schema_version_has_a_fixture_that_upgrades(tmp_path: Path) -> None:
    """One fixture vault per past schema version; each opens, upgrades and keeps its learners."""
    for version in range(1, SCHEMA_VERSION):
        source = FIXTURES / f"schema-v{version}.vault"
        assert source.exists(), f"keep a vault made by schema version {version} in tests/fixtures"
        path = _copy_fixture(source, tmp_path / f"v{version}")
        with open_vault(path, backups=BackupPolicy(folder=tmp_path / f"b{version}")) as vault:
            with vault.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA user_version").scalar() == SCHEMA_VERSION
                assert connection.exec_driver_sql("SELECT count(*) FROM learner").scalar() >= 3
            with vault.unit_of_work() as uow:
                assert audit.first_broken_entry(uow.session) is None


def test_first_schema_vault_upgrades_after_a_verified_backup(v1_vault: Path, tmp_path: Path) -> None:
    """Opening a schema-1 vault backs it up, migrates it to the current schema and keeps every record."""
    backups = tmp_path / "backups"
    with open_vault(v1_vault, backups=BackupPolicy(folder=backups)) as vault:
        assert vault.backup_taken is not None and "before-upgrade" in vault.backup_taken.path.name
        assert vault.backup_taken.row_counts["learner"] == 3
        with vault.unit_of_work() as uow:
            names = sorted(learner.family_name for learner in uow.session.exec(select(Learner)))
            assert names == ["Firstversion", "Fixturewell", "Oldschema"]
            assert uow.session.exec(select(ConsentRecord)).all() == []  # the new table exists and is usable
            actions = [entry.action for entry in uow.session.exec(select(AuditEntry))]
            assert actions[-1] == "vault.upgraded"
            assert audit.first_broken_entry(uow.session) is None
        with vault.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA user_version").scalar() == SCHEMA_VERSION
    # The backup is still the old schema and opens (read-only look) with the passphrase of its day.
    backup = backups_of(backups, vault.vault_id)[0]
    connection = sql.connect(backup, _key_of(backup), read_only=True)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    connection.close()


def _key_of(path: Path) -> bytes:
    from tutordesk.vault.key_file import KeyFile

    return bytes(KeyFile.load(path).unwrap(PASSPHRASE))


def test_a_failed_migration_leaves_the_vault_as_it_was(
    v1_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All pending steps run in one transaction: a failure midway changes nothing, and the backup exists."""
    before = sha256(v1_vault)

    def broken_seed(session: object) -> int:
        raise RuntimeError("a migration step failed")

    monkeypatch.setattr(vault_module, "seed_taxonomies", broken_seed)
    with pytest.raises(RuntimeError):
        open_vault(v1_vault, backups=BackupPolicy(folder=tmp_path / "backups"))
    assert len(list((tmp_path / "backups").glob("*before-upgrade.tdbackup"))) == 1
    monkeypatch.undo()
    connection = sql.connect(v1_vault, _key_of(v1_vault), read_only=True)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert connection.execute("SELECT count(*) FROM learner").fetchone()[0] == 3
    finally:
        connection.close()
    assert sha256(v1_vault) == before


def test_a_vault_from_a_newer_tutordesk_is_refused_untouched(vault: Vault, tmp_path: Path) -> None:
    """A user_version above ours is refused before anything is written, and the file stays byte-for-byte."""
    path = vault.path
    with vault.engine.connect() as connection:
        connection.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        connection.commit()
    vault.close()
    before, files = sha256(path), listing(path.parent)
    with pytest.raises(NewerVault, match="newer TutorDesk"):
        Vault.open(path, Unlock(passphrase=PASSPHRASE), backups=BackupPolicy(folder=tmp_path / "b"))
    assert sha256(path) == before
    assert listing(path.parent) == files
    assert not (tmp_path / "b").exists()


def test_an_unknown_alembic_revision_counts_as_newer(vault: Vault) -> None:
    path = vault.path
    with vault.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    vault.close()
    with pytest.raises(NewerVault):
        open_vault(path)


def test_the_migrations_build_exactly_the_tables_the_models_describe(vault: Vault) -> None:
    """Alembic's autogenerate finds no difference between the migrated schema and the SQLModel tables."""
    with vault.engine.connect() as connection:
        # The FTS5 search table and its shadow tables are made by raw SQL; SQLModel does not describe them.
        context = MigrationContext.configure(
            connection,
            opts={
                "include_name": lambda name, kind, _: (
                    not (kind == "table" and name.startswith("diary_search"))
                )
            },
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_schema_version_constant_matches_the_newest_migration() -> None:
    from tutordesk.vault.schema import head_revision, known_revisions, revision_name

    assert head_revision() == revision_name(SCHEMA_VERSION)
    assert max(known_revisions()) == revision_name(SCHEMA_VERSION)


def test_a_schema_10_vault_upgrades_to_the_contact_log_and_keeps_its_records(tmp_path: Path) -> None:
    """10 → 11: the generic records and meetings stay; the new contact log is empty, usable, and read by the
    caseload's Last contact at once."""
    from datetime import date

    from tutordesk.services.caseload.rows import list_caseload
    from tutordesk.services.followup import contacts

    path = _copy_fixture(FIXTURES / "schema-v10.vault", tmp_path / "v10")
    with open_vault(path, backups=BackupPolicy(folder=tmp_path / "b")) as vault:
        assert vault.backup_taken is not None and vault.backup_taken.row_counts["learner_record"] == 1
        with vault.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM learner_record").scalar() == 1
            assert connection.exec_driver_sql("SELECT count(*) FROM contact_log").scalar() == 0
            indexes = {row[1] for row in connection.exec_driver_sql("PRAGMA index_list(contact_log)")}
            assert "ix_contact_log_newest" in indexes
        with vault.unit_of_work() as uow:
            learner = list_caseload(uow, today=date(2026, 12, 1))[0]
            contacts.log_contact(
                uow, learner_id=learner.id, data=contacts.ContactInput(held_on=date(2026, 12, 2))
            )
            uow.commit()
        with vault.unit_of_work() as uow:
            rows = {row.id: row for row in list_caseload(uow, today=date(2026, 12, 3))}
        assert rows[learner.id].last_contact == date(2026, 12, 2)
