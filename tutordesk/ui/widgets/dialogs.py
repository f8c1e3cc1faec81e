"""The shape every record dialog shares, and the small pieces their forms are built from.

`RecordDialog`: Save is the default button (Enter in a one-line field saves), Ctrl+Enter saves from any field,
Escape asks before throwing typing away, and the caller saves, so a refused save keeps the dialog open. `confirm` asks before something that cannot be taken back; `date_edit`,
`to_date`, `text_box` and `fixed_width` make the fields of a record's form behave alike in every tab.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.typed_dates import NotADate
from tutordesk.ui.widgets.default_button import make_default
from tutordesk.ui.widgets.fields import DateField, dates_ready


def confirm(parent: QWidget, text: str, action: str, detail: str = "") -> bool:
    """Ask before something that cannot be taken back; the safe answer is the default."""
    box = QMessageBox(parent)
    box.setObjectName("confirm")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("TutorDesk")
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is go


def save_anyway(parent: QWidget, problem: str) -> bool:
    """Ask before saving a date that is most likely a slip but may really be so; going back is the default."""
    box = QMessageBox(parent)
    box.setObjectName("save_anyway")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("TutorDesk")
    box.setText(problem)
    box.setInformativeText("Save it anyway?")
    go = box.addButton("Save it anyway", QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton("Change the date", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is go


def date_edit(value: date) -> DateField:
    """A required date, typed as day/month/year or picked from a calendar."""
    return DateField(value, optional=False)


def to_date(edit: DateField) -> date:
    """The date a `date_edit` holds; raises `NotADate` while it holds none."""
    value = edit.value()
    if value is None:  # only an optional field is ever empty
        raise NotADate("Type a date here.")
    return value


def text_box(placeholder: str = "", height: int = 64) -> QPlainTextEdit:
    """A box for a few lines of plain text, `height` pixels tall."""
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field of the form
    box.setFixedHeight(height)  # a long form scrolls as a whole instead of one box swallowing the space
    return box


def fixed_width(widget: QWidget) -> QWidget:
    """Keep a combo or date at its natural width, so a form does not stretch it across the dialog."""
    widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return widget


class RecordDialog(QDialog):
    """A form for one record: subclasses build the body and read it in `value()`; `on_save(value)` stores it
    and returns whether it could, so a refused save (the message already shown) leaves the form open."""

    def __init__(self, title: str, on_save: Callable[[Any], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)  # never names the learner or holds what they said
        self._on_save = on_save
        self._initial: Any = None
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("save")
        self.save_button.setToolTip("Save and close (Ctrl+Enter)")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setToolTip("Close without saving (Esc)")
        self.save_button.clicked.connect(self._save_checked)
        self.cancel_button.clicked.connect(self.reject)
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        for button in (self.save_button, self.cancel_button):
            button.setAutoDefault(False)  # a button Tab reaches does not take Enter from Save
            self._buttons.addWidget(button)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self._save_checked)

    def finish(self, body: QWidget) -> None:
        """Lay out `body` above the buttons and remember the starting values, to tell when something is typed."""
        layout = QVBoxLayout(self)
        layout.addWidget(body, 1)
        layout.addLayout(self._buttons)
        make_default(self.save_button, self.cancel_button)  # Enter in a one-line field saves; never Cancel
        self._initial = self.value()

    def value(self) -> Any:
        raise NotImplementedError

    def is_dirty(self) -> bool:
        try:
            return bool(self.value() != self._initial)
        except NotADate:
            return True  # something typed in a date field, not yet a date

    def _save_checked(self) -> None:
        # Before any dialog's own save: a date that cannot be read is shown, never saved as another.
        if dates_ready(self):
            self.save()

    def save(self) -> None:
        if self._on_save(self.value()):
            self._initial = self.value()
            self.accept()

    def reject(self) -> None:  # Cancel, Esc and the window's close button all come here
        if self.is_dirty() and not confirm(
            self, "Close without saving?", "Throw it away", "What you changed in this form will be lost."
        ):
            return
        super().reject()
