"""The headless commands of the command-line contract, run as the real `tutordesk` in a child process.

One demo vault (200 learners, seed 5, in its own TUTORDESK_HOME) is made once for the module and shared by
the checks that only read it; anything that changes a vault gets a fresh one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.cli.support import assert_ok, error_line, recovery_key_in
from tests.conftest import PASSPHRASE, listing, make_closed_vault, open_vault, run_cli, sha256
from tutordesk.domain.models import Learner
from tutordesk.errors import ExitCode
from tutordesk.paths import VAULT_FILE_NAME
from tutordesk.vault.key_file import key_file_path
from tutordesk.vault.vault import Unlock, Vault

DEMO_LEARNERS = 200
DEMO_SEED = 5
#: What a caseload row must say about each learner.
CASELOAD_KEYS = {"id", "given_name", "family_name", "status", "setting", "programme"}
#: Special-category columns (marked `sensitive` in the model), and the two known ones by name.
_LEARNER_COLUMNS = Learner.__table__.columns  # type: ignore[attr-defined]
SENSITIVE_KEYS = {c.name for c in _LEARNER_COLUMNS if c.info.get("sensitive")}
SENSITIVE_KEYS |= {"additional_needs", "health_notes"}


def _default_vault(home: Path) -> Path:
    return home / "data" / VAULT_FILE_NAME


def _learner_count(path: Path) -> int:
    with open_vault(path) as vault, vault.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM learner")).scalar_one())


def _learners_json(home: Path, *vault_args: str) -> list[dict[str, Any]]:
    result = run_cli(*vault_args, "learners", "list", "--json", home=home)
    assert_ok(result)
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A TUTORDESK_HOME whose default vault was made by `tutordesk demo --learners 200 --seed 5`."""
    home = tmp_path_factory.mktemp("demo-home")
    result = run_cli("demo", "--learners", str(DEMO_LEARNERS), "--seed", str(DEMO_SEED), home=home)
    assert_ok(result)
    assert _default_vault(home).exists()
    return home


@pytest.fixture(scope="module")
def demo_rows(demo_home: Path) -> list[dict[str, Any]]:
    """`learners list --json` of the module's demo vault."""
    return _learners_json(demo_home)


# -- init ---------------------------------------------------------------------------------------------


def test_init_creates_vault_and_prints_recovery_key(tmp_path: Path) -> None:
    """`init` makes the default vault and its key file, and prints a recovery key (8×8 hex) that opens it."""
    home = tmp_path / "home"

    result = run_cli("init", home=home)

    assert_ok(result)
    vault_path = _default_vault(home)
    assert vault_path.is_file() and key_file_path(vault_path).is_file()
    recovery = recovery_key_in(result.stdout)
    assert [len(group) for group in recovery.split("-")] == [8] * 8
    with Vault.open(vault_path, Unlock(recovery_key=recovery, use_keychain=False)) as vault:
        assert vault.recovery_key() == recovery


@pytest.mark.parametrize("existing", ["vault", "empty-file"])
def test_init_refuses_existing_path(existing: str, tmp_path: Path) -> None:
    """`init` over an existing vault or a 0-byte file is refused (exit 5); file and folder are unchanged."""
    path = tmp_path / "v" / "x.vault"
    if existing == "vault":
        make_closed_vault(path)
    else:
        path.parent.mkdir(parents=True)
        path.write_bytes(b"")
    digest, files = sha256(path), listing(path.parent)

    result = run_cli("--vault", str(path), "init", home=tmp_path / "home")

    error_line(result, ExitCode.REFUSED)
    assert sha256(path) == digest
    assert listing(path.parent) == files


def test_init_reads_passphrase_from_standard_input(tmp_path: Path) -> None:
    """Without TUTORDESK_PASSPHRASE, `init` reads the passphrase from a standard-input line."""
    path = tmp_path / "v" / "x.vault"

    result = run_cli(
        "--vault", str(path), "init", home=tmp_path / "home", passphrase=None, stdin=PASSPHRASE + "\n"
    )

    assert_ok(result)
    recovery_key_in(result.stdout)
    with open_vault(path) as vault:  # opens with exactly the passphrase typed, without its newline
        assert vault.is_open


def test_init_refuses_too_short_passphrase(tmp_path: Path) -> None:
    """A passphrase under 8 characters is bad input (exit 2) and nothing is created."""
    folder = tmp_path / "v"
    folder.mkdir()
    path = folder / "x.vault"

    result = run_cli("--vault", str(path), "init", home=tmp_path / "home", passphrase="short")

    error_line(result, ExitCode.BAD_INPUT)
    assert listing(folder) == []


# -- demo and learners list ---------------------------------------------------------------------------


def test_learners_list_json_has_every_demo_learner_without_sensitive_fields(
    demo_rows: list[dict[str, Any]],
) -> None:
    """`learners list --json` prints the 200 demo learners, with caseload keys, no sensitive field."""
    assert len(demo_rows) == DEMO_LEARNERS
    assert len({row["id"] for row in demo_rows}) == DEMO_LEARNERS
    for row in demo_rows:
        assert CASELOAD_KEYS <= row.keys(), row
        assert not (SENSITIVE_KEYS & row.keys()), row
        assert row["given_name"] and row["family_name"]
        assert "(fictional)" in row["setting"]


def test_learners_list_table_ends_with_count(demo_home: Path) -> None:
    """The table form of `learners list` ends with the line "200 learners"."""
    result = run_cli("learners", "list", home=demo_home)

    assert_ok(result)
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == f"{DEMO_LEARNERS} learners"
    assert len(lines) == DEMO_LEARNERS + 2  # header, one row per learner, the count


def test_demo_same_seed_gives_same_names(demo_rows: list[dict[str, Any]], tmp_path: Path) -> None:
    """`demo` with the same seed in another fresh vault makes the same people."""
    home = tmp_path / "home"
    assert_ok(run_cli("demo", "--learners", str(DEMO_LEARNERS), "--seed", str(DEMO_SEED), home=home))

    again = _learners_json(home)

    def names(rows: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
        return sorted((row["id"], row["given_name"], row["family_name"]) for row in rows)

    assert names(again) == names(demo_rows)
    assert len({(given, family) for _, given, family in names(demo_rows)}) > 20  # not one name repeated


# -- backup and restore -------------------------------------------------------------------------------


def test_backup_then_restore_brings_back_the_old_data(tmp_path: Path) -> None:
    """`backup --to DIR` writes .tdbackup + key file; `restore` brings it back, old vault kept aside."""
    home = tmp_path / "home"
    path = make_closed_vault(tmp_path / "v" / "x.vault", learners=20)
    backups = tmp_path / "backups"

    result = run_cli("--vault", str(path), "backup", "--to", str(backups), home=home)
    assert_ok(result)
    made = sorted(backups.glob("*.tdbackup"))
    assert len(made) == 1
    backup_file = made[0]
    assert backup_file.with_name(backup_file.name + ".keys").is_file()
    assert str(backup_file) in result.stdout
    assert not backup_file.read_bytes().startswith(b"SQLite format 3\x00")

    assert_ok(run_cli("--vault", str(path), "demo", "--learners", "5", home=home))
    assert _learner_count(path) == 25

    result = run_cli("--vault", str(path), "restore", str(backup_file), home=home)
    assert_ok(result)

    rows = _learners_json(home, "--vault", str(path))
    assert len(rows) == 20
    aside = sorted(path.parent.glob(f"{path.name}.replaced-*"))
    aside_vaults = [p for p in aside if not p.name.endswith((".keys", "-wal", "-shm"))]
    assert len(aside_vaults) == 1, aside
    assert _learner_count(aside_vaults[0]) == 25  # the replaced vault, kept whole


# -- recovery key -------------------------------------------------------------------------------------

_RAW_SQLCIPHER_COUNT = """
import sys
import sqlcipher3

path, hex_key = sys.argv[1], sys.argv[2]
connection = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
connection.execute(f"PRAGMA key = \\"x'{hex_key}'\\"")
count = connection.execute("SELECT count(*) FROM learner").fetchone()[0]
connection.close()
loaded = sorted(name for name in sys.modules if name == "tutordesk" or name.startswith("tutordesk."))
assert not loaded, loaded
print(count)
"""


def test_recovery_key_opens_vault_with_plain_sqlcipher(demo_home: Path) -> None:
    """`recovery-key` prints the raw key; it alone opens the vault in bare sqlcipher3."""
    result = run_cli("recovery-key", home=demo_home)
    assert_ok(result)
    hex_key = recovery_key_in(result.stdout).replace("-", "")
    assert len(hex_key) == 64

    child = subprocess.run(
        [sys.executable, "-I", "-c", _RAW_SQLCIPHER_COUNT, str(_default_vault(demo_home)), hex_key],
        capture_output=True,
        text=True,
        cwd=demo_home,
        timeout=60,
    )

    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == str(DEMO_LEARNERS)
