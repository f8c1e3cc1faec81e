"""The manners of an item editor that validates before it closes (a plan's stage or goal, a mentoring
target): Ctrl+Enter saves, Escape cancels but asks first when something was typed, a problem line says what
is missing, and the fields lock for an agreed version (only progress may change) or a read-only vault.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.typed_dates import NotADate
from tutordesk.ui.widgets.default_button import make_default
from tutordesk.ui.widgets.dialogs import save_anyway
from tutordesk.ui.widgets.fields import OptionalDateEdit, ProblemLabel, dates_ready

READ_ONLY_VAULT = "This vault is open read-only, so this can be read but not changed."


class ItemDialog(QDialog):
    """An editor of one item, such as a plan's stage or goal, or a mentoring target. Subclasses build their fields, then call `_finish` and `_lock`."""

    #: Tests (and anyone driving the dialog from code) may turn off the "discard what you typed?" question.
    ask_before_discarding = True

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.problem = ProblemLabel()
        self._initial: Any = None
        self._read_only = False

    def _finish(self, layout: QVBoxLayout) -> None:
        """The problem line, the buttons and the keyboard shortcuts under the subclass's fields."""
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip("Save (Ctrl+Enter)")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)

    def _lock(
        self, content: list[QWidget], *, content_locked: bool, read_only: bool, reason: str, note: QLabel
    ) -> None:
        """Lock the content fields (agreed version) or every field (read only, for `reason`), and say why."""
        self._read_only = read_only
        if read_only:
            note.setText(reason or READ_ONLY_VAULT)
            content = [
                widget
                for widget in self.findChildren(QWidget)
                if isinstance(widget, QComboBox | QLineEdit | QPlainTextEdit | QCheckBox | OptionalDateEdit)
            ]
            self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
            # Nothing to save: Escape closes, and Enter does not (Close is never the default).
            make_default(None, self.buttons.button(QDialogButtonBox.StandardButton.Close))
        elif content_locked:
            note.setText(
                "This version of the plan was agreed, so its wording stays as it was. You can still update "
                "the status. To change the rest, choose “Change the plan…”."
            )
        note.setVisible(read_only or content_locked)
        for widget in content if read_only or content_locked else ():
            # Text stays readable and copyable when read only; a disabled box greys it out.
            if isinstance(widget, OptionalDateEdit):
                widget.set_read_only(True)  # its words for "no date" stay, as they say something
            elif isinstance(widget, QLineEdit | QPlainTextEdit):
                if not isinstance(widget.parent(), OptionalDateEdit):
                    widget.setPlaceholderText("")  # an example in a box nobody can type in only confuses
                widget.setReadOnly(True)
            else:
                widget.setEnabled(False)
        self._initial = self.snapshot()

    def fit_width(self, width: int) -> None:
        """`width` wide and just tall enough: wrapped labels make the plain size hint too tall, leaving gaps."""
        layout = self.layout()
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else self.sizeHint().height()
        self.resize(width, height)

    def snapshot(self) -> Any:
        """What the fields hold now, to tell whether anything was typed."""
        raise NotImplementedError

    def problem_text(self) -> str | None:
        """Why the fields cannot be saved yet (None when they can)."""
        return None

    def date_warning(self) -> tuple[str, OptionalDateEdit] | None:
        """A date that is most likely a slip but may really be so, and its field; asked about before saving."""
        return None

    def is_changed(self) -> bool:
        try:
            return bool(self.snapshot() != self._initial)
        except NotADate:
            return True  # something typed in a date field, not yet a date

    def accept(self) -> None:
        if self._read_only:
            super().reject()
            return
        if not dates_ready(self):  # a date that cannot be read is shown, never saved as another
            return
        problem = self.problem_text()
        self.problem.show_problem(problem)
        if problem is not None:
            return
        warning = self.date_warning()
        if warning is not None and not save_anyway(self, warning[0]):
            warning[1].edit.setFocus()
            return
        super().accept()

    def reject(self) -> None:
        if self.is_changed() and self.ask_before_discarding and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Discard changes?",
            "You have typed something that is not saved yet. Close without saving it?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard
