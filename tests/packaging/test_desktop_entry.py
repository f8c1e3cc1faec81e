"""The Linux desktop entry, and the script that puts the unpacked application in a person's menu."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.support import PACKAGING

ENTRY = PACKAGING / "linux" / "tutordesk.desktop"
INSTALLER = PACKAGING / "linux" / "install-desktop-entry.sh"
VALIDATOR = shutil.which("desktop-file-validate")


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign] - keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_entry_names_the_program_and_icon() -> None:
    entry = read_entry(ENTRY)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "TutorDesk"
    assert entry["Exec"] == "tutordesk"
    assert entry["Icon"] == "tutordesk"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


@pytest.mark.skipif(VALIDATOR is None, reason="desktop-file-validate is not installed (desktop-file-utils)")
def test_the_entry_validates() -> None:
    result = subprocess.run([VALIDATOR, str(ENTRY)], capture_output=True, text=True)  # type: ignore[list-item]
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.fixture
def unpacked(tmp_path: Path) -> Path:
    """What the archive's top folder holds for the menu, under a name with a space in it."""
    folder = tmp_path / "My Apps" / "TutorDesk"
    folder.mkdir(parents=True)
    for source, name in (
        (ENTRY, "tutordesk.desktop"),
        (INSTALLER, "install-desktop-entry.sh"),
        (PACKAGING / "icons" / "tutordesk-256.png", "tutordesk.png"),
        (PACKAGING / "icons" / "tutordesk.svg", "tutordesk.svg"),
    ):
        shutil.copy2(source, folder / name)
    program = folder / "tutordesk"
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    return folder


def run_installer(folder: Path, data_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "HOME": str(data_home.parent)}
    return subprocess.run(
        ["sh", str(folder / "install-desktop-entry.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="a Linux menu")
def test_installing_points_the_menu_at_this_folder_and_removing_undoes_it(
    unpacked: Path, tmp_path: Path
) -> None:
    data_home = tmp_path / "home" / ".local" / "share"
    result = run_installer(unpacked, data_home)
    assert result.returncode == 0, result.stderr
    written = data_home / "applications" / "tutordesk.desktop"
    entry = read_entry(written)
    assert entry["Exec"] == f'"{unpacked / "tutordesk"}"'
    assert entry["TryExec"] == str(unpacked / "tutordesk")
    assert (data_home / "icons" / "hicolor" / "256x256" / "apps" / "tutordesk.png").is_file()
    assert (data_home / "icons" / "hicolor" / "scalable" / "apps" / "tutordesk.svg").is_file()
    if VALIDATOR:
        check = subprocess.run([VALIDATOR, str(written)], capture_output=True, text=True)
        assert check.returncode == 0 and not check.stdout.strip(), check.stdout
    removed = run_installer(unpacked, data_home, "--remove")
    assert removed.returncode == 0, removed.stderr
    assert not written.exists()
    assert "not touched" in removed.stdout
