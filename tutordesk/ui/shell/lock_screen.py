"""What the window shows while locked: nothing of the caseload, only a way back in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


class LockScreen(QWidget):
    """Emits `unlock_requested(passphrase)`; the window tries it and calls `show_message` on failure."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h2>TutorDesk is locked</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(
            "Nothing of the caseload is held on screen or in memory while locked.\nType the passphrase to carry on where you were."
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("lock_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("Passphrase")
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setMinimumWidth(320)
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        self.message = QLabel()
        self.message.setObjectName("lock_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: #a4000f")

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addSpacing(12)
        layout.addWidget(self.passphrase, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.message)
        layout.addStretch(3)

        self.unlock_button.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        passphrase = self.passphrase.text()
        # Not kept in the widget longer than needed; setText("") rather than clear(), which Ctrl+Z undoes.
        self.passphrase.setText("")
        if not passphrase:  # a stray second Enter must not replace what the last try said
            if not self.message.text():
                self.show_message("Type your passphrase first.")
            self.passphrase.setFocus()
            return
        self.unlock_requested.emit(passphrase)

    def reset(self) -> None:
        self.passphrase.setText("")
        self.message.clear()
        self.passphrase.setFocus()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.passphrase.setFocus()
