"""Opening a vault: each outcome told apart, nothing created over existing data, the safety pragmas set."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import FAST, PASSPHRASE, listing, make_closed_vault, open_vault, sha256
from tutordesk.domain.models import Learner, TaxonomyTerm
from tutordesk.errors import (
    BadInput,
    EngineUnavailable,
    KeyFileProblem,
    NotAVault,
    VaultDamaged,
    WouldOverwrite,
    WrongPassphrase,
)
from tutordesk.vault import engine as sql
from tutordesk.vault.file_format import PAGE_SIZE
from tutordesk.vault.vault import PassphraseNeeded, Unlock, Vault


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _unchanged(
    path: Path, action: type[Exception], unlock: Unlock | None = None, match: str | None = None
) -> Exception:
    before, files = sha256(path), listing(path.parent)
    with pytest.raises(action, match=match) as caught:
        Vault.open(path, unlock or Unlock(passphrase=PASSPHRASE))
    assert sha256(path) == before, "a failed open changed the file"
    assert listing(path.parent) == files, "a failed open created or removed files"
    return caught.value


def test_new_vault_has_taxonomies_and_reopens(vault_path: Path) -> None:
    make_closed_vault(vault_path, learners=3)
    with open_vault(vault_path) as vault, vault.unit_of_work() as uow:
        assert len(uow.session.exec(select(Learner)).all()) == 3
        risk = uow.session.exec(select(TaxonomyTerm).where(TaxonomyTerm.taxonomy == "risk_factor")).all()
        assert len(risk) > 30
        assert {term.group_code for term in risk} == {
            "personal",
            "social",
            "family",
            "institutional",
            "structural",
        }


def test_connections_carry_the_safety_pragmas(vault: Vault) -> None:
    with vault.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("secure_delete") == 1
        assert pragma("synchronous") == 2  # FULL
        connection.exec_driver_sql("CREATE VIRTUAL TABLE temp.probe USING fts5(body)")
        connection.exec_driver_sql("INSERT INTO temp.probe(probe, rank) VALUES('secure-delete', 1)")


def test_create_refuses_an_existing_path_even_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.vault"
    empty.touch()
    with pytest.raises(WouldOverwrite):
        Vault.create(empty, PASSPHRASE, cost=FAST)
    assert empty.read_bytes() == b""
    assert listing(tmp_path) == ["empty.vault"]


@pytest.mark.parametrize("passphrase", ["", "short"])
def test_create_refuses_an_empty_or_short_passphrase(tmp_path: Path, passphrase: str) -> None:
    with pytest.raises(BadInput):
        Vault.create(tmp_path / "x.vault", passphrase, cost=FAST)
    assert not (tmp_path / "x.vault").exists()


def test_wrong_passphrase(vault_path: Path) -> None:
    make_closed_vault(vault_path)
    _unchanged(vault_path, WrongPassphrase, Unlock(passphrase="not the passphrase"))


def test_empty_passphrase_is_bad_input_not_a_wrong_guess(vault_path: Path) -> None:
    make_closed_vault(vault_path)
    _unchanged(vault_path, BadInput, Unlock(passphrase=""))


def test_no_passphrase_and_no_keychain_asks_for_one(vault_path: Path) -> None:
    make_closed_vault(vault_path)
    _unchanged(vault_path, PassphraseNeeded, Unlock())


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "zero.vault"
    path.touch()
    _unchanged(path, NotAVault, match="empty")


def test_plain_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.vault"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE learner (name TEXT)")
    _unchanged(path, NotAVault, match="unencrypted")


def test_random_bytes_with_the_real_key_file(vault_path: Path) -> None:
    make_closed_vault(vault_path)
    vault_path.write_bytes(os.urandom(vault_path.stat().st_size))
    _unchanged(vault_path, NotAVault, match="not a TutorDesk vault")


def test_truncated_mid_page(vault_path: Path) -> None:
    make_closed_vault(vault_path, learners=30)
    data = vault_path.read_bytes()
    vault_path.write_bytes(data[: len(data) // 2 + 100])
    _unchanged(vault_path, (VaultDamaged, NotAVault))  # type: ignore[arg-type]


def test_truncated_at_a_page_boundary(vault_path: Path) -> None:
    make_closed_vault(vault_path, learners=30)
    data = vault_path.read_bytes()
    vault_path.write_bytes(data[: (len(data) // PAGE_SIZE // 2) * PAGE_SIZE])
    _unchanged(vault_path, VaultDamaged, match="truncated")


def test_damaged_page_in_the_middle_is_named(vault_path: Path) -> None:
    """Tells a damaged page from a wrong passphrase, and names the page (security.md R5, R6)."""
    make_closed_vault(vault_path, learners=30)
    pages = vault_path.stat().st_size // PAGE_SIZE
    damaged = pages // 2 + 1
    _flip(vault_path, (damaged - 1) * PAGE_SIZE + 1000)
    try:
        vault = open_vault(vault_path)
    except VaultDamaged as refused:  # the page held something opening reads: named at once
        assert refused.pages == (damaged,)
        assert f"page {damaged}" in refused.message
        return
    with vault:  # otherwise it opens, and the full check finds the page
        messages, found = vault.integrity_problems()
    assert found == [damaged], messages


def test_damaged_first_page_is_named(vault_path: Path) -> None:
    make_closed_vault(vault_path, learners=5)
    _flip(vault_path, 2000)
    error = _unchanged(vault_path, VaultDamaged, match="page 1")
    assert getattr(error, "pages", ()) == (1,)


def test_missing_key_file_points_to_the_recovery_key(vault_path: Path) -> None:
    make_closed_vault(vault_path)
    (vault_path.with_name(vault_path.name + ".keys")).unlink()
    _unchanged(vault_path, KeyFileProblem, match="recovery key")


def test_recovery_key_opens_without_the_key_file(vault_path: Path) -> None:
    with Vault.create(vault_path, PASSPHRASE, cost=FAST) as created:
        recovery = created.recovery_key()
    (vault_path.with_name(vault_path.name + ".keys")).unlink()
    with Vault.open(vault_path, Unlock(recovery_key=recovery)) as vault:
        assert vault.vault_id


def test_a_recovery_key_of_another_vault_is_refused(tmp_path: Path) -> None:
    with Vault.create(tmp_path / "a.vault", PASSPHRASE, cost=FAST) as other:
        foreign = other.recovery_key()
    path = make_closed_vault(tmp_path / "b.vault")
    _unchanged(path, WrongPassphrase, Unlock(recovery_key=foreign))


def test_another_programs_sqlcipher_file_is_not_a_vault(vault_path: Path) -> None:
    """Encrypted with the right key but not made by TutorDesk (no application id)."""
    with Vault.create(vault_path, PASSPHRASE, cost=FAST) as created:
        key = bytes(created.key_bytes())
    vault_path.unlink()
    connection = sql.connect(vault_path, key)
    connection.execute("CREATE TABLE other (x)")
    connection.close()
    _unchanged(vault_path, NotAVault, match="another program")


def test_lock_drops_the_key_and_every_file_handle(vault: Vault) -> None:
    """After lock no descriptor on the vault stays open and the vault refuses work (R12)."""
    with vault.unit_of_work() as uow:
        uow.session.add(Learner(given_name="Lock", family_name="Test"))
        uow.commit()
    vault.lock()
    fd_dir = Path("/proc/self/fd")
    if fd_dir.exists():
        targets = []
        for fd in fd_dir.iterdir():
            try:
                targets.append(os.readlink(fd))
            except OSError:
                continue
        assert not [t for t in targets if t.startswith(str(vault.path))]
    with pytest.raises(Exception, match="locked"):
        vault.unit_of_work()
    with pytest.raises(Exception, match="locked"):
        vault.recovery_key()


def test_engine_refuses_plain_sqlite(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """TutorDesk never falls back to unencrypted SQLite (R24)."""
    monkeypatch.setattr(sql, "sqlcipher", sqlite3)
    with pytest.raises(EngineUnavailable):
        Vault.create(tmp_path / "x.vault", PASSPHRASE, cost=FAST)
    assert not (tmp_path / "x.vault").exists()


def test_engine_check_requires_the_codec() -> None:
    plain = sqlite3.connect(":memory:")
    with pytest.raises(EngineUnavailable):
        sql.verify_engine(plain)


def test_a_failed_unit_of_work_keeps_nothing(vault: Vault) -> None:
    with pytest.raises(RuntimeError), vault.unit_of_work() as uow:
        uow.session.add(Learner(given_name="Half", family_name="Done"))
        uow.session.flush()
        raise RuntimeError("the user's action failed midway")
    with vault.unit_of_work() as uow:
        assert uow.session.exec(select(Learner)).all() == []
