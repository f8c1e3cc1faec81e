"""The keychain is optional and never the only copy; the key and the data never reach disk in plaintext.

Keychain behaviour is tested in-process with keyring backends set for the test (memory, fail, null).
R3 runs a real command-line session and then searches every file it left; R1 plants a canary in a vault
whose WAL is kept, takes a backup, and searches every file beside the vault and in the backup folder.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from sqlalchemy import insert, text

from tests.cli.support import assert_ok, recovery_key_in
from tests.conftest import FAST, PASSPHRASE, listing, run_cli
from tests.support.memory_keyring import MemoryKeyring
from tutordesk.domain.models import Learner
from tutordesk.vault import keychain
from tutordesk.vault.vault import PassphraseNeeded, Unlock, Vault

SQLITE_MAGIC = b"SQLite format 3\x00"


def _files_under(root: Path) -> Iterator[Path]:
    for folder, _, names in os.walk(root):
        for name in names:
            yield Path(folder) / name


def _files_containing(root: Path, needles: list[bytes]) -> list[str]:
    """Every file under `root` whose bytes contain any of `needles` (as 'path: needle #i')."""
    hits = []
    for path in _files_under(root):
        data = path.read_bytes()
        hits += [f"{path}: needle #{i}" for i, needle in enumerate(needles) if needle in data]
    return hits


def _key_forms(vault: Vault) -> list[bytes]:
    """The vault key as it could leak: raw bytes, hex (both cases), the dashed recovery form."""
    raw = bytes(vault.key_bytes())
    return [raw, raw.hex().encode(), raw.hex().upper().encode(), vault.recovery_key().encode()]


# -- keychain ------------------------------------------------------------------------------------------


def test_remembered_key_opens_without_passphrase(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    """With a working keychain, `remember=True` stores the key there and `Unlock()` alone opens the vault."""
    path = tmp_path / "v" / "x.vault"
    with Vault.create(path, PASSPHRASE, remember=True, cost=FAST) as created:
        vault_id, hex_key = created.vault_id, bytes(created.key_bytes()).hex()

    assert memory_keyring.items.pop((keychain.SERVICE, vault_id)) == hex_key
    # Besides the key, only the audit-anchor key (docs/security.md, I18.4), which is not the vault key.
    assert list(memory_keyring.items) == [(keychain.SERVICE, f"{vault_id}:audit-anchor")]
    assert hex_key not in memory_keyring.items.values()
    memory_keyring.items[(keychain.SERVICE, vault_id)] = hex_key
    with Vault.open(path, Unlock()) as opened:
        assert opened.vault_id == vault_id
        assert opened.is_open


@pytest.mark.parametrize("backend", ["fail", "null"])
def test_no_keychain_means_passphrase_and_nothing_stored(backend: str, tmp_path: Path) -> None:
    """With the fail or null keyring backend, `remember=True` stores nothing; opening needs the passphrase."""
    if backend == "null":
        keyring.set_keyring(keyring.backends.null.Keyring())  # the autouse fixture restores the previous one
    else:
        assert isinstance(keyring.get_keyring(), keyring.backends.fail.Keyring)
    remembered = tmp_path / "remembered" / "x.vault"
    plain = tmp_path / "plain" / "x.vault"

    with Vault.create(remembered, PASSPHRASE, remember=True, cost=FAST) as created:
        key_forms = _key_forms(created)
        assert created.remember_key() is False
    Vault.create(plain, PASSPHRASE, remember=False, cost=FAST).close()

    assert listing(remembered.parent) == listing(plain.parent)  # no extra file standing in for a keychain
    assert _files_containing(tmp_path, key_forms) == []
    with pytest.raises(PassphraseNeeded):
        Vault.open(remembered, Unlock())
    with Vault.open(remembered, Unlock(passphrase=PASSPHRASE)) as opened:
        assert opened.is_open


@pytest.mark.parametrize("stored", ["another-vaults-key", "not-hex", "short-hex"])
def test_stored_key_of_another_vault_is_ignored(
    stored: str, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    """A keychain entry that does not fit this vault is ignored: PassphraseNeeded; the passphrase opens."""
    path = tmp_path / "a" / "x.vault"
    with Vault.create(tmp_path / "b" / "x.vault", PASSPHRASE, cost=FAST) as other:
        other_key_hex = bytes(other.key_bytes()).hex()
    with Vault.create(path, PASSPHRASE, cost=FAST) as created:
        vault_id = created.vault_id
    value = {"another-vaults-key": other_key_hex, "not-hex": "zz" * 32, "short-hex": other_key_hex[:32]}[
        stored
    ]
    memory_keyring.set_password(keychain.SERVICE, vault_id, value)
    if stored == "another-vaults-key":  # the entry is a well-formed key the keychain really hands back
        assert keychain.fetch(vault_id) == bytearray.fromhex(other_key_hex)

    with pytest.raises(PassphraseNeeded):
        Vault.open(path, Unlock())
    with Vault.open(path, Unlock(passphrase=PASSPHRASE)) as opened:
        assert opened.vault_id == vault_id


# -- R3: the key is never on disk in plaintext ------------------------------------------------------------


def test_cli_session_leaves_no_plaintext_key_under_home(tmp_path: Path) -> None:
    """R3: after init --remember, demo, backup, recovery-key, no file in the home holds the key."""
    home = tmp_path / "home"

    init = run_cli("init", "--remember", home=home)
    assert_ok(init)
    for args in (("demo", "--learners", "5"), ("backup",)):
        assert_ok(run_cli(*args, home=home))
    shown = run_cli("recovery-key", home=home)
    assert_ok(shown)

    recovery = recovery_key_in(shown.stdout)
    assert recovery == recovery_key_in(init.stdout)
    hex_key = recovery.replace("-", "")
    assert len(hex_key) == 64
    files = list(_files_under(home))
    assert any(p.name.endswith(".tdbackup") for p in files), files  # the session really wrote a backup
    assert any(p.name.endswith(".vault.keys") for p in files), files
    needles = [hex_key.encode(), hex_key.upper().encode(), recovery.encode(), bytes.fromhex(hex_key)]
    assert _files_containing(home, needles) == []


# -- R1: encrypted at rest, side files and backups included -------------------------------------------------


def test_canary_absent_from_vault_wal_and_backup(vault: Vault, tmp_path: Path) -> None:
    """R1: a canary kept in the WAL is in no vault-side or backup file; no plaintext SQLite header."""
    canary = f"SECRETMARKER-{uuid.uuid4()}"
    learner = Learner(given_name="Canary", family_name="Test", notes=canary, health_notes=canary)
    row = learner.model_dump(exclude={"id"})
    with vault.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")
        connection.execute(insert(Learner.__table__).values(**row))  # type: ignore[attr-defined]
        connection.commit()
        query = text("SELECT count(*) FROM learner WHERE notes = :c")
        found = connection.execute(query, {"c": canary}).scalar_one()
        assert found == 1  # the canary really is in the vault
        wal = vault.path.with_name(vault.path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0, "the write should still sit in the WAL"

        backup_folder = tmp_path / "backup-folder"
        result = vault.backup(backup_folder)
        assert result.row_counts["learner"] == 1  # the backup holds the canary's row

        needles = [canary.encode("utf-8"), canary.encode("utf-16-le"), canary.encode("utf-16-be")]
        sides = listing(vault.path.parent)
        assert f"{vault.path.name}-wal" in sides and f"{vault.path.name}-shm" in sides
        for folder in (vault.path.parent, backup_folder):
            assert _files_containing(folder, needles) == []
        for path in (vault.path, result.path):
            assert not path.read_bytes().startswith(SQLITE_MAGIC), path
