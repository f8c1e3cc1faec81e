"""A first, minimal window: create or unlock the vault, then show the caseload read-only.

It exists so the application starts from the README today; the full main window replaces it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.errors import TutorDeskError, WrongPassphrase
from tutordesk.paths import AppPaths
from tutordesk.services.caseload import list_caseload
from tutordesk.settings import Settings
from tutordesk.ui.caseload_model import CaseloadModel
from tutordesk.vault.vault import BackupPolicy, PassphraseNeeded, Unlock, Vault

TABS = ("Caseload", "Plans", "Diaries", "Mentoring", "Transitions")


class MinimalWindow(QMainWindow):
    def __init__(self, vault: Vault) -> None:
        super().__init__()
        self.setWindowTitle("TutorDesk")  # never a learner's name: titles reach task bars and screen shares
        self._vault = vault
        self.model = CaseloadModel(parent=self)
        tabs = QTabWidget()
        caseload = QWidget()
        layout = QVBoxLayout(caseload)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        # Fixed widths rather than ResizeToContents, which measures every row and is slow on big caseloads.
        for column, width in enumerate((200, 110, 290, 270)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table)
        tabs.addTab(caseload, TABS[0])
        for name in TABS[1:]:
            tabs.addTab(QLabel(f"{name} arrive in a later version."), name)
        self.setCentralWidget(tabs)
        self.resize(1000, 640)
        self.refresh()

    def refresh(self) -> None:
        with self._vault.unit_of_work() as uow:
            rows = list_caseload(uow)
        self.model.set_rows(rows)
        self.statusBar().showMessage(f"Unlocked · {len(rows)} learners")

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def] # noqa: N802
        self.model.clear()
        self._vault.lock()
        super().closeEvent(event)


def _ask(parent: QWidget | None, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if ok else None


def _create(vault_path: Path) -> Vault | None:
    while True:
        first = _ask(None, "Create your vault", "Choose a passphrase (at least 8 characters):")
        if first is None:
            return None
        second = _ask(None, "Create your vault", "Type the passphrase again:")
        if second is None:
            return None
        if first != second:
            QMessageBox.warning(None, "TutorDesk", "The two passphrases differ. Please try again.")
            continue
        try:
            vault = Vault.create(vault_path, first)
        except TutorDeskError as error:
            QMessageBox.warning(None, "TutorDesk", error.message)
            continue
        QMessageBox.information(
            None,
            "Your recovery key",
            "Write this recovery key down and keep it somewhere safe. It opens the vault if the passphrase "
            f"is forgotten:\n\n{vault.recovery_key()}",
        )
        return vault


def _unlock(vault_path: Path, backups: BackupPolicy) -> Vault | None:
    try:
        return Vault.open(vault_path, Unlock(), backups=backups)
    except PassphraseNeeded:
        pass
    while True:
        passphrase = _ask(None, "Unlock TutorDesk", "Passphrase:")
        if passphrase is None:
            return None
        try:
            return Vault.open(vault_path, Unlock(passphrase=passphrase, use_keychain=False), backups=backups)
        except WrongPassphrase as error:
            QMessageBox.warning(None, "TutorDesk", error.message)


def run(*, paths: AppPaths, settings: Settings, vault_path: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("TutorDesk")
    backups = BackupPolicy(
        folder=Path(settings.backup_folder) if settings.backup_folder else vault_path.parent / "backups",
        keep=settings.backups_to_keep,
        daily=settings.daily_backup,
    )
    try:
        vault = _unlock(vault_path, backups) if vault_path.exists() else _create(vault_path)
    except TutorDeskError as error:
        QMessageBox.critical(None, "TutorDesk", error.message)
        return error.exit_code
    if vault is None:
        return 0
    window = MinimalWindow(vault)
    window.show()
    return int(app.exec())
