"""Recording one signature on a document: signed on paper on a date, or drawn here with a mouse, pen or finger."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.plan_enums import SignatureMethod
from tutordesk.services.plans.contracts import SignatureInput
from tutordesk.ui.widgets.dialogs import to_date
from tutordesk.ui.widgets.fields import DateField, dates_ready
from tutordesk.ui.widgets.signature_pad import SignaturePad


class SignatureDialog(QDialog):
    """Ask who signed, when, and how; `signature()` gives the answer once accepted."""

    def __init__(self, role: str, label: str, name: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a signature")
        self._role = role
        self.name = QLineEdit(name)
        self.name.setObjectName("signature_name")
        self.signed_on = DateField(today, optional=False)
        self.signed_on.setObjectName("signed_on")
        self.signed_on.set_latest(today, "A signature is recorded once it is made, so not after today.")
        self.on_paper = QRadioButton("Signed on paper (keep the paper copy on file)")
        self.drawn = QRadioButton("Sign here on the screen")
        methods = QButtonGroup(self)
        methods.addButton(self.on_paper)
        methods.addButton(self.drawn)
        self.on_paper.setChecked(True)
        self.pad = SignaturePad()
        self.pad.setObjectName("signature_pad")
        self.clear = QPushButton("Clear")
        self.clear.clicked.connect(self.pad.clear)
        pad_row = QWidget()
        pad_layout = QHBoxLayout(pad_row)
        pad_layout.setContentsMargins(0, 0, 0, 0)
        pad_layout.addWidget(self.pad, 1)
        pad_layout.addWidget(self.clear, 0, Qt.AlignmentFlag.AlignBottom)
        self.pad_row = pad_row
        self.problem = QLabel()
        self.problem.setObjectName("signature_problem")
        self.problem.setStyleSheet("color: #a40000")
        self.problem.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Who signs", QLabel(f"<b>{escape(label)}</b>"))
        form.addRow("&Name", self.name)
        form.addRow("Signed &on", self.signed_on)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.on_paper)
        layout.addWidget(self.drawn)
        layout.addWidget(pad_row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.on_paper.toggled.connect(self._method_changed)
        self.pad.strokes_changed.connect(
            lambda: self.drawn.setChecked(True) if not self.pad.is_empty() else None
        )
        self._method_changed()

    def _method_changed(self) -> None:
        self.pad_row.setEnabled(self.drawn.isChecked())

    def signature(self) -> SignatureInput:
        drawn = self.drawn.isChecked()
        return SignatureInput(
            role=self._role,
            name=self.name.text().strip(),
            signed_on=to_date(self.signed_on),
            method=(SignatureMethod.DRAWN if drawn else SignatureMethod.PAPER).value,
            image_png=self.pad.to_png() if drawn and not self.pad.is_empty() else None,
        )

    def accept(self) -> None:
        if not dates_ready(self):
            return
        if not self.name.text().strip():
            self.problem.setText("Write the name of the person signing.")
            self.name.setFocus()
            return
        if self.drawn.isChecked() and self.pad.is_empty():
            self.problem.setText("Sign in the box first, or choose “Signed on paper”.")
            self.pad.setFocus()
            return
        super().accept()
