"""TutorDesk's own files and folders are private on POSIX (0600, 0700), also when they already existed looser:
the window's `window.ini` (Qt's QSettings), the preferences, TUTORDESK_HOME and the folders in it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import make_closed_vault, open_vault, run_cli
from tutordesk.settings import Settings
from tutordesk.ui.shell.main_window import MainWindow
from tutordesk.vault.vault import BackupPolicy

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _close_a_window(qtbot: QtBot, vault_path: Path, config: Path) -> Path:
    """Open the main window with its geometry kept in `config`, move it, close it: the window.ini path."""
    window = MainWindow(
        open_vault(vault_path),
        Settings(),
        backups=BackupPolicy(folder=vault_path.parent / "backups", daily=False),
        geometry_file=config / "window.ini",
    )
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.resize(700, 500)
    window.close()
    return config / "window.ini"


@pytest.mark.parametrize("existing", [False, True], ids=["new", "already-there-0644"])
def test_the_window_keeps_its_geometry_in_a_file_only_the_tutor_can_read(
    qtbot: QtBot, tmp_path: Path, existing: bool
) -> None:
    vault_path = make_closed_vault(tmp_path / "data" / "x.vault")
    config = tmp_path / "home" / "config"
    old_umask = os.umask(0o022)  # a usual desktop umask: what Qt writes would be 0644
    try:
        if existing:
            config.mkdir(parents=True, mode=0o755)
            os.chmod(config, 0o755)  # noqa: S103 - the loose mode under test
            (config / "window.ini").write_text("[window]\n")
            os.chmod(config / "window.ini", 0o644)
        ini = _close_a_window(qtbot, vault_path, config)
    finally:
        os.umask(old_umask)
    assert b"geometry" in ini.read_bytes()  # it was written
    assert mode(ini) == 0o600
    assert mode(config) == 0o700
    if not existing:
        assert mode(config.parent) == 0o700  # a folder made for it is private too


def test_the_command_line_tightens_tutordesk_home_and_its_folders(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for folder in (home, home / "data", home / "config"):
        folder.mkdir(mode=0o755)
        os.chmod(folder, 0o755)  # noqa: S103 - the loose mode under test
    make_closed_vault(home / "data" / "tutordesk.vault")
    result = run_cli("learners", "list", home=home)
    assert result.returncode == 0, result.stderr
    assert [mode(f) for f in (home, home / "data", home / "config")] == [0o700, 0o700, 0o700]


def test_preferences_are_saved_0600_in_folders_made_0700(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        target = tmp_path / "made" / "config" / "settings.json"
        Settings().save(target)
    finally:
        os.umask(old_umask)
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700 and mode(target.parent.parent) == 0o700
