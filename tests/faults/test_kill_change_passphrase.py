"""R11 under kill injection: `tutordesk change-passphrase`, SIGKILLed before each of its file operations.

For every kill point, on a fresh copy of the same vault, the vault must then open with the old passphrase or
the new one (never neither, and without the audit anchor calling the log cut or rewritten), and the recovery
key must still open it. The same again for `--recovery-key change-passphrase` (a new key file written from the
recovery key, the way a lost or foreign key file is replaced).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, make_closed_vault, open_vault
from tests.faults.kill_at import kill_points, run_killed_at
from tutordesk.errors import WrongPassphrase
from tutordesk.vault.key_file import key_file_path
from tutordesk.vault.vault import Unlock, Vault

NEW = "a new passphrase after the crash"


def _pristine(tmp_path: Path) -> tuple[Path, str]:
    path = make_closed_vault(tmp_path / "pristine" / "x.vault", learners=2)
    with open_vault(path) as vault:
        return path, vault.recovery_key()


def _fresh_copy(pristine: Path, trial: Path) -> Path:
    folder = trial / "v"
    folder.mkdir(parents=True)
    for source in (pristine, key_file_path(pristine)):
        shutil.copy2(source, folder / source.name)
    return folder / pristine.name


def _opens_with(path: Path, **unlock: str) -> bool:
    try:
        with Vault.open(path, Unlock(use_keychain=False, **unlock)):  # type: ignore[arg-type]
            return True
    except WrongPassphrase:
        return False


def _assert_old_or_new_and_recovery(path: Path, recovery: str, k: int) -> str:
    old, new = _opens_with(path, passphrase=PASSPHRASE), _opens_with(path, passphrase=NEW)
    assert old or new, f"killed before file operation {k}: neither passphrase opens the vault"
    assert _opens_with(path, recovery_key=recovery), (
        f"killed before file operation {k}: the recovery key fails"
    )
    return "new" if new else "old"


@pytest.mark.parametrize("route", ["passphrase", "recovery-key"])
def test_change_passphrase_killed_at_every_file_operation(tmp_path: Path, route: str) -> None:
    pristine, recovery = _pristine(tmp_path)
    extra = {"TUTORDESK_NEW_PASSPHRASE": NEW}
    if route == "recovery-key":
        extra["TUTORDESK_RECOVERY_KEY"] = recovery

    def run(k: int, trial: Path) -> tuple[Path, int]:
        path = _fresh_copy(pristine, trial)
        args = ("--vault", str(path), "change-passphrase")
        # Argon2id at its default cost in every run: allow for a machine shared with other test runs.
        outcome = run_killed_at(k, *args, home=trial / "h", within=trial, extra_env=extra, timeout=300)
        return path, outcome.returncode

    total = kill_points(
        "--vault",
        str(_fresh_copy(pristine, tmp_path / "count")),
        "change-passphrase",
        home=tmp_path / "count" / "h",
        within=tmp_path / "count",
        extra_env=extra,
    )
    assert total >= 3, total
    seen = []
    for k in range(1, total + 1):
        path, code = run(k, tmp_path / f"k{k}")
        assert code == -9, f"the run should have been killed before operation {k} (exit {code})"
        seen.append(_assert_old_or_new_and_recovery(path, recovery, k))
    path, code = run(0, tmp_path / "whole")
    assert code == 0
    assert _assert_old_or_new_and_recovery(path, recovery, 0) == "new"
    assert seen[0] == "old"
    print(f"{route}: {total} kill points, {total} killed trials, outcomes {seen}")
