"""A key file from another vault beside this one: the recovery key still opens it, the message says what
happened and what to do, and `--recovery-key change-passphrase` gives the vault a key file of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FAST, PASSPHRASE, run_cli
from tutordesk.errors import KeyFileProblem, WrongPassphrase
from tutordesk.vault.key_file import key_file_path
from tutordesk.vault.vault import Unlock, Vault

OTHER = "the other vault's passphrase"
NEW = "a passphrase of its own again"


def _two_vaults(tmp_path: Path, other_passphrase: str) -> tuple[Path, str, str]:
    """Vault A with vault B's key file beside it; returns A's path and both recovery keys."""
    a = tmp_path / "a" / "A.vault"
    b = tmp_path / "b" / "B.vault"
    with Vault.create(a, PASSPHRASE, cost=FAST) as vault_a:
        recovery_a = vault_a.recovery_key()
    with Vault.create(b, other_passphrase, cost=FAST) as vault_b:
        recovery_b = vault_b.recovery_key()
    shutil.copy(key_file_path(b), key_file_path(a))
    return a, recovery_a, recovery_b


@pytest.mark.parametrize("other_passphrase", [OTHER, PASSPHRASE], ids=["own-passphrase", "same-passphrase"])
def test_the_passphrase_is_told_the_key_file_is_another_vaults(tmp_path: Path, other_passphrase: str) -> None:
    a, _, _ = _two_vaults(tmp_path, other_passphrase)
    before = a.read_bytes()
    result = run_cli("--vault", str(a), "check", home=tmp_path / "h")
    assert result.returncode == 4, result.stderr
    assert "belongs to another vault" in result.stderr
    assert "recovery key" in result.stderr and "backup" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert a.read_bytes() == before


@pytest.mark.parametrize("other_passphrase", [OTHER, PASSPHRASE], ids=["own-passphrase", "same-passphrase"])
def test_the_recovery_key_opens_its_vault_whatever_key_file_lies_beside_it(
    tmp_path: Path, other_passphrase: str
) -> None:
    a, recovery_a, recovery_b = _two_vaults(tmp_path, other_passphrase)
    with Vault.open(a, Unlock(recovery_key=recovery_a, use_keychain=False)) as vault:
        assert vault.foreign_key_file
    with pytest.raises(WrongPassphrase, match="does not belong to this vault"):
        Vault.open(a, Unlock(recovery_key=recovery_b, use_keychain=False))
    env = {"TUTORDESK_RECOVERY_KEY": recovery_a}
    result = run_cli("--vault", str(a), "check", home=tmp_path / "h", passphrase=None, extra_env=env)
    assert result.returncode == 0, result.stderr
    assert "healthy" in result.stdout and "belongs to another vault" in result.stdout
    listed = run_cli(
        "--vault", str(a), "learners", "list", home=tmp_path / "h", passphrase=None, extra_env=env
    )
    assert listed.returncode == 0, listed.stderr
    assert "change-passphrase" in listed.stderr  # the way to a key file of its own


def test_change_passphrase_with_the_recovery_key_writes_this_vaults_own_key_file(tmp_path: Path) -> None:
    a, recovery_a, _ = _two_vaults(tmp_path, OTHER)
    result = run_cli(
        "--vault",
        str(a),
        "--recovery-key",
        "change-passphrase",
        home=tmp_path / "h",
        passphrase=None,
        stdin=f"{recovery_a}\n{NEW}\n",
    )
    assert result.returncode == 0, result.stderr
    assert run_cli("--vault", str(a), "check", home=tmp_path / "h", passphrase=NEW).returncode == 0
    with Vault.open(a, Unlock(passphrase=NEW, use_keychain=False)) as vault:
        assert vault.recovery_key() == recovery_a and not vault.foreign_key_file
    # B's own key file is untouched in B's folder and still opens B.
    b = tmp_path / "b" / "B.vault"
    assert run_cli("--vault", str(b), "check", home=tmp_path / "h", passphrase=OTHER).returncode == 0


def test_a_lost_key_file_is_replaced_from_the_environment_variable(tmp_path: Path) -> None:
    a = tmp_path / "a" / "A.vault"
    with Vault.create(a, PASSPHRASE, cost=FAST) as vault:
        recovery = vault.recovery_key()
    key_file_path(a).unlink()
    assert run_cli("--vault", str(a), "check", home=tmp_path / "h").returncode == 4
    result = run_cli(
        "--vault",
        str(a),
        "change-passphrase",
        home=tmp_path / "h",
        passphrase=None,
        extra_env={"TUTORDESK_RECOVERY_KEY": recovery, "TUTORDESK_NEW_PASSPHRASE": NEW},
    )
    assert result.returncode == 0, result.stderr
    assert run_cli("--vault", str(a), "check", home=tmp_path / "h", passphrase=NEW).returncode == 0


def test_a_key_file_of_another_vault_is_a_key_file_problem_in_the_api(tmp_path: Path) -> None:
    a, _, _ = _two_vaults(tmp_path, PASSPHRASE)
    with pytest.raises(KeyFileProblem, match="belongs to another vault"):
        Vault.open(a, Unlock(passphrase=PASSPHRASE, use_keychain=False))
