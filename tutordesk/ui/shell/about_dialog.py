"""The About dialog: versions for support requests, the licence, and where the vault and its backups are.

"Copy details" copies the versions only (TutorDesk, SQLCipher, Qt, PySide6, Python, the system, how
TutorDesk was installed): never a path, a file name or a person's name, so the text can go into an email
to whoever helps. The folders are shown in the dialog itself, selectable, each with an "Open folder" button.
"""

from __future__ import annotations

import importlib.metadata
import platform
import sys
import tomllib
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tutordesk import __version__
from tutordesk.resources import data_root
from tutordesk.vault.engine import driver
from tutordesk.vault.vault import Vault

TAGLINE = (
    "Casework for the people who keep young people in education, kept in one encrypted file on this computer."
)
NO_LICENCE = "see LICENSE"


def cipher_version_of(vault: Vault | None) -> str | None:
    """`PRAGMA cipher_version` asked of the open vault's own connection; None when no vault is open."""
    if vault is None or not vault.is_open:
        return None
    try:
        with vault.engine.connect() as connection:
            value = connection.exec_driver_sql("PRAGMA cipher_version").scalar()
    except Exception:  # noqa: BLE001 - About must open whatever state the vault is in
        return None
    return str(value) if value else None


def engine_cipher_version() -> str | None:
    """The SQLCipher version of the engine TutorDesk would use, asked of a throwaway in-memory database."""
    try:
        connection = driver().connect(":memory:")
    except Exception:  # noqa: BLE001 - the dialog says "not available" rather than failing to open
        return None
    try:
        row = connection.execute("PRAGMA cipher_version").fetchone()
    except Exception:  # noqa: BLE001
        return None
    finally:
        connection.close()
    return str(row[0]) if row and row[0] else None


def licence_from_pyproject(path: Path) -> str | None:
    """The `license` of pyproject.toml: a plain string, `{ text = ... }`, or None (absent or unreadable)."""
    try:
        project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    licence = project.get("license")
    if isinstance(licence, dict):
        licence = licence.get("text")
    return licence.strip() if isinstance(licence, str) and licence.strip() else None


def installed_licence() -> str | None:
    """The licence as installed (wheel or bundle metadata), else as the checkout's pyproject.toml says."""
    try:
        metadata = importlib.metadata.metadata("tutordesk")
    except importlib.metadata.PackageNotFoundError:
        metadata = None
    if metadata is not None:
        for field in ("License-Expression", "License"):
            value = (metadata.get(field) or "").strip()
            if value and value.upper() != "UNKNOWN":
                return value
    try:
        return licence_from_pyproject(data_root() / "pyproject.toml")
    except FileNotFoundError:  # data_root(): an installation without forms/ and resources/
        return None


def how_installed() -> str:
    if getattr(sys, "frozen", False):
        return "desktop application"
    if (Path(__file__).resolve().parents[3] / "pyproject.toml").is_file():  # tutordesk/ui/shell/ -> checkout
        return "from source"
    return "installed package"


def version_details(cipher_version: str | None) -> list[tuple[str, str]]:
    """(what, version) rows: what the dialog shows first and all that "Copy details" copies."""
    return [
        ("TutorDesk", __version__),
        ("SQLCipher", cipher_version or "not available"),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", platform.python_version()),
        ("System", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Running", how_installed()),
    ]


def details_text(cipher_version: str | None) -> str:
    """The text "Copy details" puts on the clipboard: versions only, one per line."""
    return "\n".join(f"{what}: {version}" for what, version in version_details(cipher_version)) + "\n"


class AboutDialog(QDialog):
    """Versions, licence and data folders. `cipher_version` None: asked of the SQLCipher engine itself."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        vault_path: Path | None,
        backups_folder: Path | None,
        cipher_version: str | None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("About TutorDesk")
        self.cipher_version = cipher_version or engine_cipher_version()
        heading = QLabel(f"<b>TutorDesk {__version__}</b>")
        heading.setObjectName("about_heading")
        tagline = QLabel(TAGLINE)
        tagline.setWordWrap(True)

        versions = QFormLayout()
        self.version_labels: dict[str, QLabel] = {}
        for what, version in version_details(self.cipher_version):
            label = QLabel(version)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.version_labels[what] = label
            versions.addRow(f"{what}:", label)
        licence = installed_licence()
        self.licence_label = QLabel(licence or NO_LICENCE)
        self.licence_label.setWordWrap(True)
        versions.addRow("Licence:", self.licence_label)
        versions_box = QGroupBox("Versions")
        versions_box.setLayout(versions)

        self.vault_field, self.open_vault_folder = self._folder_row(
            vault_path, vault_path.parent if vault_path else None, "No vault is open."
        )
        self.backups_field, self.open_backups_folder = self._folder_row(
            backups_folder, backups_folder, "No backups folder is set."
        )
        self.vault_field.setAccessibleName("Vault file")
        self.backups_field.setAccessibleName("Backups folder")
        self.open_vault_folder.setAccessibleName("Open the vault's folder")
        self.open_backups_folder.setAccessibleName("Open the backups folder")
        places = QFormLayout()
        places.addRow("Vault:", _row(self.vault_field, self.open_vault_folder))
        places.addRow("Backups:", _row(self.backups_field, self.open_backups_folder))
        self.folder_note = QLabel()
        self.folder_note.setObjectName("folder_note")
        self.folder_note.setWordWrap(True)
        places.addRow("", self.folder_note)
        places_box = QGroupBox("Where your data is")
        places_box.setLayout(places)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = self.buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip(
            "Copies the version numbers only, for a support request: no names or paths."
        )
        self.copy_button.clicked.connect(self.copy_details)
        self.buttons.rejected.connect(self.reject)
        self.copied_note = QLabel()
        self.copied_note.setObjectName("copied_note")

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(tagline)
        layout.addWidget(versions_box)
        layout.addWidget(places_box)
        layout.addWidget(self.copied_note)
        layout.addWidget(self.buttons)

    def _folder_row(
        self, shown: Path | None, folder: Path | None, missing: str
    ) -> tuple[QLineEdit, QPushButton]:
        field = QLineEdit(str(shown) if shown else "")
        field.setReadOnly(True)  # selectable and copyable, not editable
        field.setPlaceholderText(missing)
        field.setCursorPosition(0)
        # Wide enough for a usual path in full; a longer one scrolls inside the field.
        field.setMinimumWidth(min(field.fontMetrics().horizontalAdvance(field.text()) + 16, 460))
        button = QPushButton("Open folder")
        button.setEnabled(folder is not None)
        if folder is not None:
            button.clicked.connect(lambda: self.open_folder(folder))
        return field, button

    def open_folder(self, folder: Path) -> bool:
        """Show `folder` in the computer's file manager; a plain note when that cannot be done."""
        if not folder.is_dir():
            self.folder_note.setText(
                "That folder does not exist yet; TutorDesk creates it when it is first needed."
            )
            return False
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.folder_note.setText(
                "This computer has no file manager TutorDesk can ask to open it; the path above can be copied."
            )
            return False
        self.folder_note.setText("")
        return True

    def copy_details(self) -> None:
        QApplication.clipboard().setText(details_text(self.cipher_version))
        self.copied_note.setText("The version details are copied, ready to paste into a message.")


def show_about(
    parent: QWidget | None,
    *,
    vault_path: Path | None,
    backups_folder: Path | None,
    cipher_version: str | None,
) -> None:
    """Show the About dialog until it is closed."""
    AboutDialog(
        parent, vault_path=vault_path, backups_folder=backups_folder, cipher_version=cipher_version
    ).exec()


def _row(field: QLineEdit, button: QPushButton) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    layout.addWidget(button)
    return holder
