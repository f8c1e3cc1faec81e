"""Changing the passphrase: the old one stops working, the new one works, nothing else changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import FAST, PASSPHRASE, make_closed_vault, open_vault, run_cli
from tutordesk.domain.models import AuditEntry
from tutordesk.errors import BadInput, WrongPassphrase
from tutordesk.vault.key_file import key_file_path
from tutordesk.vault.vault import Unlock, Vault

NEW = "marmalade cobalt harbour kite"


def test_change_then_only_the_new_passphrase_opens(vault_path: Path) -> None:
    make_closed_vault(vault_path, learners=3)
    with open_vault(vault_path) as vault:
        recovery = vault.recovery_key()
        vault.change_passphrase(PASSPHRASE, NEW, cost=FAST)
    with pytest.raises(WrongPassphrase):
        open_vault(vault_path)
    with Vault.open(vault_path, Unlock(passphrase=NEW)) as reopened:
        assert reopened.recovery_key() == recovery  # the key itself did not change
        with reopened.unit_of_work() as uow:
            actions = [e.action for e in uow.session.exec(select(AuditEntry))]
        assert "passphrase.changed" in actions


def test_the_current_passphrase_must_be_right(vault: Vault) -> None:
    key_file = key_file_path(vault.path).read_bytes()
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase("not the current one", NEW, cost=FAST)
    with pytest.raises(BadInput):
        vault.change_passphrase(PASSPHRASE, "short", cost=FAST)
    assert key_file_path(vault.path).read_bytes() == key_file


def test_a_lost_key_file_is_made_again_after_opening_with_the_recovery_key(vault_path: Path) -> None:
    with Vault.create(vault_path, PASSPHRASE, cost=FAST) as created:
        recovery = created.recovery_key()
    key_file_path(vault_path).unlink()
    with Vault.open(vault_path, Unlock(recovery_key=recovery)) as vault:
        vault.change_passphrase("", NEW, cost=FAST)
    with Vault.open(vault_path, Unlock(passphrase=NEW)) as reopened:
        assert reopened.vault_id


def test_the_command_reads_current_then_new_from_standard_input(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    result = run_cli(
        "--vault",
        str(path),
        "change-passphrase",
        home=tmp_path / "h",
        passphrase=None,
        stdin=f"{PASSPHRASE}\n{NEW}\n",
    )
    assert result.returncode == 0, result.stderr
    assert "passphrase is changed" in result.stdout
    assert run_cli("--vault", str(path), "check", home=tmp_path / "h", passphrase=NEW).returncode == 0
    assert run_cli("--vault", str(path), "check", home=tmp_path / "h").returncode == 3


def test_the_command_refuses_a_wrong_current_passphrase(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    before = key_file_path(path).read_bytes()
    result = run_cli(
        "--vault",
        str(path),
        "change-passphrase",
        home=tmp_path / "h",
        passphrase="wrong one",
        extra_env={"TUTORDESK_NEW_PASSPHRASE": NEW},
    )
    assert result.returncode == 3
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert key_file_path(path).read_bytes() == before
