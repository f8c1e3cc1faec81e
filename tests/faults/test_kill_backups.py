"""Issue 18, items 3 and 7: `tutordesk backup`, the day's backup that opening makes, and `tutordesk restore`,
each SIGKILLed just before every one of its file operations in turn (`tests/faults/kill_at.py`).

After each kill the command line is run again, and then: the vault opens with all its acknowledged data
(for a restore: wholly the old vault or wholly the restored one, with its audit row once finished), no
`.part`, `.tmp` or staged file is left, no half of a backup lies around, and every backup listed restores.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.conftest import PASSPHRASE, make_closed_vault, open_vault, run_cli
from tests.faults.kill_at import kill_points, run_killed_at
from tutordesk.domain.models import AuditEntry, Learner
from tutordesk.vault.backup import backups_of
from tutordesk.vault.key_file import key_file_path
from tutordesk.vault.restore import restore_backup
from tutordesk.vault.vault import Unlock

pytestmark = pytest.mark.slow

AT_BACKUP = 20  # learners in the vault when the backup to restore was made
AFTER_BACKUP = 5  # learners added after it
LEFTOVER_ENDINGS = (".part", ".tmp", ".restoring", ".restore", ".restore-staged")


@dataclass(frozen=True)
class Scene:
    """A home, a vault and its backups folder, all under `root` (what the hook watches)."""

    root: Path

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def vault(self) -> Path:
        return self.root / "v" / "x.vault"

    @property
    def backups(self) -> Path:
        return self.root / "v" / "backups"  # the default: `backups` beside the vault

    @property
    def saved(self) -> Path:
        return self.root / "saved"

    def copy_to(self, root: Path) -> Scene:
        shutil.copytree(self.root, root, symlinks=True)
        return Scene(root)

    def cli(self, *args: str) -> tuple[str, ...]:
        return ("--vault", str(self.vault), *args)


def _ok(result: object) -> None:
    returncode = getattr(result, "returncode")  # noqa: B009 - CompletedProcess and KilledRun alike
    assert returncode == 0, f"exit {returncode}: {getattr(result, 'stderr')}"  # noqa: B009


def _counts(vault_path: Path) -> tuple[int, int]:
    """(learners, `vault.restored` audit rows), read in this process; the vault must open."""
    with open_vault(vault_path) as vault:
        assert vault.integrity_problems() == ([], [])
        with vault.unit_of_work() as uow:
            learners = uow.session.exec(select(func.count()).select_from(Learner)).one()
            restored = uow.session.exec(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "vault.restored")
            ).one()
    return int(learners), int(restored)


def _vault_id(vault_path: Path) -> str:
    with open_vault(vault_path) as vault:
        return vault.vault_id


def _assert_no_leftovers(scene: Scene, what: str) -> None:
    left = [
        p.relative_to(scene.root).as_posix()
        for p in scene.root.rglob("*")
        if p.name.endswith(LEFTOVER_ENDINGS) or ".restoring" in p.name
    ]
    assert not left, f"{what}: left behind {left}"
    for folder in (scene.backups, scene.saved):
        if not folder.is_dir():
            continue
        databases = {p.name for p in folder.glob("*.tdbackup")}
        keys = {p.name.removesuffix(".keys") for p in folder.glob("*.tdbackup.keys")}
        assert databases == keys, f"{what}: halves of backups in {folder.name}: {databases ^ keys}"


def _assert_every_backup_restores(scene: Scene, vault_id: str, expected: set[int], scratch: Path) -> int:
    """Restore every listed backup into a scratch place and count its learners; return how many."""
    listed = backups_of(scene.backups, vault_id)
    for n, backup in enumerate(listed):
        target = scratch / f"restored-{n}" / "r.vault"
        assert restore_backup(backup, target, Unlock(passphrase=PASSPHRASE)) is None
        learners, _ = _counts(target)
        assert learners in expected, f"{backup.name} holds {learners} learners"
    return len(listed)


@pytest.fixture(scope="module")
def backup_scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    """A vault of 20 learners whose day's backup is already taken (so `backup` makes only its own)."""
    scene = Scene(tmp_path_factory.mktemp("backup-scene"))
    make_closed_vault(scene.vault, learners=AT_BACKUP)
    _ok(run_cli(*scene.cli("learners", "list"), home=scene.home))
    assert len(list(scene.backups.glob("*.tdbackup"))) == 1
    return scene


@pytest.fixture(scope="module")
def fresh_scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    """A vault of 20 learners with no backup yet: its first opening today takes one."""
    scene = Scene(tmp_path_factory.mktemp("fresh-scene"))
    make_closed_vault(scene.vault, learners=AT_BACKUP)
    return scene


@pytest.fixture(scope="module")
def restore_scene(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scene, Path]:
    """A vault of 25 learners and a backup of it (in `saved`) from when it held 20."""
    scene = Scene(tmp_path_factory.mktemp("restore-scene"))
    make_closed_vault(scene.vault, learners=AT_BACKUP)
    _ok(run_cli(*scene.cli("backup", "--to", str(scene.saved)), home=scene.home))
    _ok(run_cli(*scene.cli("demo", "--learners", str(AFTER_BACKUP)), home=scene.home))
    (backup_file,) = scene.saved.glob("*.tdbackup")
    assert _counts(scene.vault) == (AT_BACKUP + AFTER_BACKUP, 0)
    return scene, backup_file.relative_to(scene.root)


def _kill_every_point_then_rerun(scene: Scene, tmp_path: Path, args: tuple[str, ...]) -> int:
    points = kill_points(*scene.copy_to(tmp_path / "count").cli(*args), home=tmp_path / "count" / "home")
    assert points >= 5, points
    vault_id = _vault_id(scene.vault)
    for k in range(1, points + 1):
        trial = scene.copy_to(tmp_path / f"k{k}")
        killed = run_killed_at(k, *trial.cli(*args), home=trial.home)
        assert killed.killed, f"k={k}: not killed (exit {killed.returncode}): {killed.stderr}"
        _ok(run_cli(*trial.cli(*args), home=trial.home))  # the command line again
        assert _counts(trial.vault) == (AT_BACKUP, 0), f"k={k}"
        _assert_no_leftovers(trial, f"k={k}")
        listed = _assert_every_backup_restores(trial, vault_id, {AT_BACKUP}, tmp_path / f"k{k}-scratch")
        assert listed >= 1, f"k={k}: no backup listed"
        shutil.rmtree(trial.root)
        shutil.rmtree(tmp_path / f"k{k}-scratch")
    return points


def test_backup_killed_before_each_file_operation(backup_scene: Scene, tmp_path: Path) -> None:
    points = _kill_every_point_then_rerun(backup_scene, tmp_path, ("backup",))
    print(f"tutordesk backup: {points} kill points, {points} trials")


def test_the_days_backup_killed_before_each_file_operation(fresh_scene: Scene, tmp_path: Path) -> None:
    """`learners list` on the day's first opening takes the daily backup; kill it at every point."""
    points = _kill_every_point_then_rerun(fresh_scene, tmp_path, ("learners", "list"))
    print(f"daily backup (learners list): {points} kill points, {points} trials")


def _aside_vaults(scene: Scene) -> list[Path]:
    return sorted(
        p
        for p in scene.vault.parent.glob(f"{scene.vault.name}.replaced-*")
        if not p.name.endswith((".keys", "-wal", "-shm"))
    )


def _assert_old_or_restored_wholly(scene: Scene, what: str) -> bool:
    """The vault is the old one (25, no restore recorded) or the restored one (20, restore recorded once),
    and then the old one is kept aside, whole. Returns True when it is the restored one."""
    learners, restored = _counts(scene.vault)
    assert (learners, restored) in ((AT_BACKUP + AFTER_BACKUP, 0), (AT_BACKUP, 1)), (
        f"{what}: {learners}, {restored}"
    )
    if learners == AT_BACKUP:
        kept = [_counts(aside)[0] for aside in _aside_vaults(scene)]
        assert AT_BACKUP + AFTER_BACKUP in kept, f"{what}: the replaced vault was not kept whole: {kept}"
    assert key_file_path(scene.vault).is_file()
    return learners == AT_BACKUP


def test_restore_killed_before_each_file_operation(restore_scene: tuple[Scene, Path], tmp_path: Path) -> None:
    """After each kill: (a) opening the vault finds it whole (old or restored); (b) running the same restore
    again finishes with the restored vault, the old one kept aside and the restore recorded."""
    scene, backup_name = restore_scene
    args = ("restore", str(backup_name))
    count = scene.copy_to(tmp_path / "count")
    points = kill_points(*count.cli("restore", str(count.root / backup_name)), home=count.home)
    assert points >= 5, points
    finished_on_open = 0
    for k in range(1, points + 1):
        for rerun in (False, True):
            trial = scene.copy_to(tmp_path / f"k{k}-{rerun}")
            restore_args = trial.cli(args[0], str(trial.root / backup_name))
            killed = run_killed_at(k, *restore_args, home=trial.home)
            assert killed.killed, f"k={k}: not killed (exit {killed.returncode}): {killed.stderr}"
            what = f"k={k}, then {'restore again' if rerun else 'open'}"
            if rerun:
                _ok(run_cli(*restore_args, home=trial.home))
                assert _counts(trial.vault) == (AT_BACKUP, 1), what
                assert _assert_old_or_restored_wholly(trial, what)
            else:
                opened = run_cli(*trial.cli("learners", "list"), home=trial.home)
                _ok(opened)
                assert "init" not in opened.stderr, what
                finished_on_open += _assert_old_or_restored_wholly(trial, what)
            _assert_no_leftovers(trial, what)
            _assert_every_backup_restores(
                trial,
                _vault_id(trial.vault),
                {AT_BACKUP, AT_BACKUP + AFTER_BACKUP},
                tmp_path / f"k{k}-{rerun}-scratch",
            )
            shutil.rmtree(trial.root)
    print(
        f"tutordesk restore: {points} kill points, {2 * points} trials; "
        f"{finished_on_open} of {points} kills were finished (rolled forward) by the next opening"
    )
