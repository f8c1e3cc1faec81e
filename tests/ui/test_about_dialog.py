"""The About dialog: versions for support, the licence, the data folders, and a copy that carries no paths."""

from __future__ import annotations

import platform
import re
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tutordesk import __version__
from tutordesk.ui.shell import about_dialog
from tutordesk.ui.shell.about_dialog import (
    NO_LICENCE,
    AboutDialog,
    cipher_version_of,
    details_text,
    engine_cipher_version,
    licence_from_pyproject,
    show_about,
)
from tutordesk.vault.vault import Vault

REPO = Path(__file__).resolve().parents[2]
SQLCIPHER_4 = re.compile(r"^4\.\d+\.\d+")


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A vault path and a backups folder with a person-like name in them, which must never be copied."""
    home = tmp_path / "Priya Okafor's laptop"
    vault_path = home / "data" / "tutordesk.vault"
    backups = home / "data" / "backups"
    backups.mkdir(parents=True)
    vault_path.write_bytes(b"")
    return vault_path, backups


def make_dialog(qtbot: QtBot, folders: tuple[Path, Path], cipher_version: str | None = None) -> AboutDialog:
    vault_path, backups = folders
    dialog = AboutDialog(None, vault_path=vault_path, backups_folder=backups, cipher_version=cipher_version)
    qtbot.addWidget(dialog)
    return dialog


def test_the_open_vault_reports_its_sqlcipher_version(vault: Vault) -> None:
    version = cipher_version_of(vault)
    assert version is not None and SQLCIPHER_4.match(version), version
    assert version == engine_cipher_version()


def test_no_open_vault_gives_no_vault_version(vault: Vault) -> None:
    assert cipher_version_of(None) is None
    vault.lock()
    assert cipher_version_of(vault) is None


def test_versions_are_shown(qtbot: QtBot, folders: tuple[Path, Path]) -> None:
    dialog = make_dialog(qtbot, folders, cipher_version="4.6.1 community")
    shown = {what: label.text() for what, label in dialog.version_labels.items()}
    assert shown["TutorDesk"] == __version__
    assert shown["SQLCipher"] == "4.6.1 community"
    assert shown["Qt"] == qVersion()
    assert shown["PySide6"] == PySide6.__version__
    assert shown["Python"] == platform.python_version()
    assert shown["Running"] == "from source"


def test_without_a_vault_version_the_engine_is_asked(qtbot: QtBot, folders: tuple[Path, Path]) -> None:
    dialog = make_dialog(qtbot, folders, cipher_version=None)
    assert SQLCIPHER_4.match(dialog.version_labels["SQLCipher"].text())


def test_the_licence_comes_from_the_project(qtbot: QtBot, folders: tuple[Path, Path]) -> None:
    expected = licence_from_pyproject(REPO / "pyproject.toml")
    assert expected  # pyproject.toml states one today; when it is moved to a LICENSE file, update this test
    dialog = make_dialog(qtbot, folders)
    assert dialog.licence_label.text() == expected


def test_no_stated_licence_points_to_the_licence_file(
    qtbot: QtBot, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(about_dialog, "installed_licence", lambda: None)
    dialog = make_dialog(qtbot, folders)
    assert dialog.licence_label.text() == NO_LICENCE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[project]\nlicense = "MIT"\n', "MIT"),
        ('[project]\nlicense = { text = "GPL-3.0-or-later" }\n', "GPL-3.0-or-later"),
        ('[project]\nlicense = { file = "LICENSE" }\n', None),
        ('[project]\nname = "x"\n', None),
        ("not toml at all [", None),
    ],
)
def test_licence_field_forms(tmp_path: Path, text: str, expected: str | None) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    assert licence_from_pyproject(path) == expected


def test_the_folders_are_shown_selectable_and_not_editable(qtbot: QtBot, folders: tuple[Path, Path]) -> None:
    vault_path, backups = folders
    dialog = make_dialog(qtbot, folders)
    assert dialog.vault_field.text() == str(vault_path)
    assert dialog.backups_field.text() == str(backups)
    for field in (dialog.vault_field, dialog.backups_field):
        assert field.isReadOnly()
        field.selectAll()
        assert field.selectedText() == field.text()


def test_open_folder_asks_the_file_manager_for_the_right_folders(
    qtbot: QtBot, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    vault_path, backups = folders
    dialog = make_dialog(qtbot, folders)
    dialog.open_vault_folder.click()
    dialog.open_backups_folder.click()
    assert [url.toLocalFile() for url in opened] == [str(vault_path.parent), str(backups)]
    assert dialog.folder_note.text() == ""


def test_a_file_manager_that_fails_is_said_plainly(
    qtbot: QtBot, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    dialog = make_dialog(qtbot, folders)
    dialog.open_backups_folder.click()
    assert "path above can be copied" in dialog.folder_note.text()


def test_a_backups_folder_not_made_yet_is_explained(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = AboutDialog(
        None, vault_path=tmp_path / "v.vault", backups_folder=tmp_path / "not yet", cipher_version=None
    )
    qtbot.addWidget(dialog)
    dialog.open_backups_folder.click()
    assert opened == []
    assert "does not exist yet" in dialog.folder_note.text()


def test_no_vault_and_no_backups_folder(qtbot: QtBot) -> None:
    dialog = AboutDialog(None, vault_path=None, backups_folder=None, cipher_version=None)
    qtbot.addWidget(dialog)
    assert dialog.vault_field.text() == "" and dialog.vault_field.placeholderText() == "No vault is open."
    assert not dialog.open_vault_folder.isEnabled()
    assert not dialog.open_backups_folder.isEnabled()


def test_copy_details_copies_versions_and_nothing_that_names_a_place_or_person(
    qtbot: QtBot, folders: tuple[Path, Path]
) -> None:
    vault_path, backups = folders
    QApplication.clipboard().clear()
    dialog = make_dialog(qtbot, folders, cipher_version="4.6.1 community")
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied == details_text("4.6.1 community")
    assert f"TutorDesk: {__version__}" in copied
    assert "SQLCipher: 4.6.1 community" in copied
    assert f"Qt: {qVersion()}" in copied and f"PySide6: {PySide6.__version__}" in copied
    assert f"Python: {platform.python_version()}" in copied
    for private in (str(vault_path), str(backups), vault_path.name, "Priya", "Okafor", str(Path.home())):
        assert private not in copied
    assert "/" not in copied.replace("Running: ", "")  # no path of any kind
    assert "copied" in dialog.copied_note.text()


def test_show_about_opens_the_dialog_modally(
    qtbot: QtBot, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[AboutDialog] = []

    def fake_exec(self: AboutDialog) -> int:
        shown.append(self)
        return 0

    monkeypatch.setattr(AboutDialog, "exec", fake_exec)
    vault_path, backups = folders
    show_about(None, vault_path=vault_path, backups_folder=backups, cipher_version="4.6.1 community")
    assert len(shown) == 1
    assert shown[0].windowTitle() == "About TutorDesk"
    assert shown[0].vault_field.text() == str(vault_path)
    shown[0].deleteLater()
