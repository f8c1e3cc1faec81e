"""No `tutordesk export` may write onto the vault or anything of its own, even with --force: exit 2 and one
plain sentence. Found by adversarial testing: `export contract 1 --out <the vault> --force` wrote a PDF over
the live vault and reported success; `export calendar --out <vault>.keys --force` replaced the key file.

Every export command is tried against the vault, its key file, its -wal, -shm and lock, a new name in its
folder, a backup, a new name in the backups' folder (the default one and one chosen in the settings), a
symbolic link and a hard link to the vault elsewhere, and a path through a symbolic link to its folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.cli.support import assert_ok, error_line
from tests.conftest import make_closed_vault, open_vault, run_cli
from tutordesk.domain.plan_models import PlanVersion
from tutordesk.domain.transition_models import Transition
from tutordesk.errors import ExitCode
from tutordesk.vault.instance_lock import lock_path
from tutordesk.vault.key_file import key_file_path


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | str]:
    """A demo vault with a backup in each backups' folder, its home, and the learners each command needs."""
    root = tmp_path_factory.mktemp("refuse")
    vault = make_closed_vault(root / "data" / "x.vault", learners=6)
    home = root / "home"
    chosen_backups = root / "my-backups"
    (home / "config").mkdir(parents=True)
    assert_ok(run_cli("--vault", str(vault), "backup", home=home))  # into data/backups
    (home / "config" / "settings.json").write_text(json.dumps({"backup_folder": str(chosen_backups)}))
    assert_ok(run_cli("--vault", str(vault), "backup", home=home))  # into the folder the settings name
    with open_vault(vault) as opened, opened.unit_of_work() as uow:
        agreed = uow.session.exec(
            select(PlanVersion.learner_id).where(col(PlanVersion.agreed_on).is_not(None))
        ).first()
        moving = uow.session.exec(select(Transition.learner_id)).first()
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "symlink.pdf").symlink_to(vault)
    os.link(vault, elsewhere / "hardlink.pdf")
    (elsewhere / "data-folder").symlink_to(vault.parent, target_is_directory=True)
    return {
        "vault": vault, "home": home, "root": root, "chosen_backups": chosen_backups,
        "contract": str(agreed), "handover": str(moving),
    }  # fmt: skip


def targets(place: dict[str, Path | str]) -> dict[str, Path]:
    vault, root = Path(place["vault"]), Path(place["root"])
    backups = vault.parent / "backups"
    backup = sorted(p for p in backups.iterdir() if p.suffix == ".tdbackup")[0]
    return {
        "the vault": vault,
        "its key file": key_file_path(vault),
        "its -wal": vault.with_name(vault.name + "-wal"),
        "its -shm": vault.with_name(vault.name + "-shm"),
        "its lock": lock_path(vault),
        "a new name beside it": vault.parent / "contract.pdf",
        "a backup": backup,
        "a new name among the backups": backups / "new.pdf",
        "the backups' folder named in the settings": Path(place["chosen_backups"]) / "new.pdf",
        "a symbolic link to the vault": root / "elsewhere" / "symlink.pdf",
        "a hard link to the vault": root / "elsewhere" / "hardlink.pdf",
        "a path through a link to its folder": root / "elsewhere" / "data-folder" / "x.vault",
    }


def everything_of_the_vault(place: dict[str, Path | str]) -> dict[str, str]:
    """The SHA-256 of every file in the vault's folder, the backups' folders and the links to them."""
    vault, root = Path(place["vault"]), Path(place["root"])
    folders = [vault.parent, vault.parent / "backups", Path(place["chosen_backups"]), root / "elsewhere"]
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in folder.iterdir()
        if path.is_file()
    }


def command(name: str, place: dict[str, Path | str], target: Path) -> list[str]:
    if name == "contract":
        return ["export", "contract", str(place["contract"]), "--out", str(target), "--force"]
    if name == "handover":
        return [
            "export", "handover", str(place["handover"]), "--audience", "learner",
            "--out", str(target), "--force",
        ]  # fmt: skip
    return ["export", "calendar", "--out", str(target), "--force"]


@pytest.mark.parametrize("name", ["contract", "handover", "calendar"])
def test_every_export_refuses_the_vaults_own_files_even_with_force(
    place: dict[str, Path | str], name: str
) -> None:
    before = everything_of_the_vault(place)
    vault, home = Path(place["vault"]), Path(place["home"])
    for what, target in targets(place).items():
        result = run_cli("--vault", str(vault), *command(name, place, target), home=home)
        line = error_line(result, ExitCode.BAD_INPUT)
        assert "TutorDesk's own folder" in line and "nothing was written" in line, f"{what}: {line}"
        assert result.stdout == "", what
    assert everything_of_the_vault(place) == before
    assert_ok(run_cli("--vault", str(vault), "check", home=home))
    # The same command to an ordinary place works: the refusal is about the place, not the command.
    out = Path(place["root"]) / "elsewhere" / f"fine-{name}.out"
    assert_ok(run_cli("--vault", str(vault), *command(name, place, out), home=home))
    assert out.stat().st_size > 0


def test_a_folder_as_the_target_is_a_plain_error(place: dict[str, Path | str]) -> None:
    folder = Path(place["root"]) / "elsewhere"
    result = run_cli(
        "--vault", str(place["vault"]), "export", "calendar", "--out", str(folder), "--force",
        home=Path(place["home"]),
    )  # fmt: skip
    assert "is a folder" in error_line(result, ExitCode.BAD_INPUT)
