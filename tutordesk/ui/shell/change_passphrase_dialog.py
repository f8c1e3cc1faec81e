"""Choosing a new passphrase for the open vault: the current one first, the new one twice, with advice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from tutordesk.errors import TutorDeskError
from tutordesk.vault.key_file import MIN_PASSPHRASE_LENGTH, KdfCost
from tutordesk.vault.passphrase_strength import assess
from tutordesk.vault.vault import Vault


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class ChangePassphraseDialog(QDialog):
    def __init__(self, vault: Vault, parent: QWidget | None = None, *, cost: KdfCost | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change passphrase")
        self._vault = vault
        self._cost = cost
        explanation = QLabel(
            "The new passphrase replaces the current one on this computer. Your recovery key stays the same, "
            "and older backups still open with the passphrase they were made under."
        )
        explanation.setWordWrap(True)
        self.current = _password_field("current_passphrase")
        self.new = _password_field("new_passphrase")
        self.confirm = _password_field("confirm_passphrase")
        self.strength = QProgressBar()
        self.strength.setRange(0, 4)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("change_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a4000f")
        # Opened with the recovery key (passphrase forgotten, key file lost or another vault's): that key is
        # the proof, so no current passphrase is asked for, and a new key file is written for this vault.
        self._by_recovery_key = vault.opened_by == "recovery key"
        if self._by_recovery_key:
            explanation.setText(
                "You opened this vault with its recovery key. Choose a new passphrase: TutorDesk writes a new "
                "key file for this vault, and the recovery key stays the same."
            )
        form = QFormLayout()
        if not self._by_recovery_key:
            form.addRow("Current passphrase:", self.current)
        form.addRow("New passphrase:", self.new)
        form.addRow("Type it again:", self.confirm)
        form.addRow("Strength:", self.strength)
        form.addRow("", self.advice)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.change_button = self.buttons.addButton(
            "Change passphrase", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.change_button.clicked.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for field in (self.current, self.new, self.confirm):
            field.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        new, again = self.new.text(), self.confirm.text()
        verdict = assess(new)
        self.strength.setValue(verdict.score)
        self.strength.setFormat(verdict.label)
        self.advice.setText(verdict.advice if new else "")
        problem = ""
        if new and len(new) < MIN_PASSPHRASE_LENGTH:
            problem = f"Use at least {MIN_PASSPHRASE_LENGTH} characters."
        elif again and again != new:
            problem = "The two new passphrases differ."
        self.message.setText(problem)
        self.change_button.setEnabled(
            (self._by_recovery_key or bool(self.current.text()))
            and not problem
            and bool(new)
            and again == new
        )

    def change(self) -> bool:
        """Re-wrap the key; True once the new key file is written. A wrong current passphrase is said here."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # Argon2id takes about half a second
        try:
            self._vault.change_passphrase(self.current.text(), self.new.text(), cost=self._cost)
        except TutorDeskError as error:
            self.current.setText("")  # first: editing re-checks the form and would clear the message
            self.message.setText(error.message)
            self.current.setFocus()
            return False
        finally:
            QApplication.restoreOverrideCursor()
        for field in (self.current, self.new, self.confirm):
            field.setText("")  # not clear(): clear() can be undone, and undo would bring the text back
        self.accept()
        return True
