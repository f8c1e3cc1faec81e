"""Preferences fall back to defaults on damage; folders come from TUTORDESK_HOME and are private."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tutordesk.paths import AppPaths, ensure_private_dir
from tutordesk.settings import Settings


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    Settings(idle_lock_minutes=9, backups_to_keep=4).save(path)
    loaded = Settings.load(path)
    assert (loaded.idle_lock_minutes, loaded.backups_to_keep, loaded.daily_backup) == (9, 4, True)


@pytest.mark.parametrize("content", ["", "{not json", "[1, 2]", json.dumps({"idle_lock_minutes": "soon"})])
def test_damaged_settings_fall_back_to_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    assert Settings.load(path) == Settings()


def test_missing_settings_are_the_defaults(tmp_path: Path) -> None:
    assert Settings.load(tmp_path / "nothing.json") == Settings()


def test_tutordesk_home_overrides_every_folder(tmp_path: Path) -> None:
    paths = AppPaths.discover({"TUTORDESK_HOME": str(tmp_path)})
    assert all(
        folder.is_relative_to(tmp_path) for folder in (paths.data, paths.config, paths.cache, paths.logs)
    )
    assert paths.default_vault == tmp_path / "data" / "tutordesk.vault"


def test_without_tutordesk_home_the_platform_folders_are_used() -> None:
    paths = AppPaths.discover({})
    assert "TutorDesk" in str(paths.data)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_private_folders_are_0700(tmp_path: Path) -> None:
    folder = ensure_private_dir(tmp_path / "a" / "b")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
