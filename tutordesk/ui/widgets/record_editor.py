"""The dialog for one record of a kind described in `forms/records/`: a label beside each input, in the
kind's order, the sensitive-data marker above when any field is sensitive.

It is not `FormEditor` (which lays out a printable form's sections, questions above answers, and keeps a
choice's words): a record's fields are short, sit beside their labels like every other record dialog, and a
choice keeps its stored value. Enter saves when the values pass the kind's checks (a multiline field keeps
Enter for new lines; Ctrl+Enter saves from there); a problem is named in a plain message and the dialog stays
open with everything typed; Escape asks before throwing typing away.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tutordesk.documents.record_kind_definitions import NO, YES, RecordField, RecordKind, parse_day
from tutordesk.ui.widgets.dialogs import RecordDialog, fixed_width, text_box
from tutordesk.ui.widgets.fields import OptionalDateEdit, mark_sensitive, sensitive_label

# Whole or decimal numbers, with a point or a comma: what people type for "2" or "1.5".
_NUMBER = QRegularExpression(r"-?[0-9]*([.,][0-9]*)?")


def text_height(lines: int) -> int:
    """The fixed height of a box of `lines` lines, as the record dialogs have always drawn them (3: 70 px)."""
    return 20 * lines + 10


class RecordEditor(RecordDialog):
    """A new record of `kind` (`values=None`, starting from the kind's defaults) or an existing one.
    `on_save(values)` stores the checked values and says whether it could; a refused save keeps it open."""

    def __init__(
        self,
        kind: RecordKind,
        *,
        values: Mapping[str, str] | None,
        today: Callable[[], date],
        on_save: Callable[[dict[str, str]], bool],
        parent: QWidget | None = None,
    ) -> None:
        title = kind.wording.new_title if values is None else kind.wording.edit_title
        super().__init__(title, self._check_then_save, parent)
        self.kind = kind
        self.setObjectName(f"{kind.id}_dialog")
        self._today = today
        self._store = on_save
        self._inputs: dict[str, QWidget] = {}
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        if kind.sensitive_fields():
            layout.addWidget(sensitive_label())
        form = QFormLayout()
        layout.addLayout(form)
        layout.addStretch(1)
        start = dict(values) if values is not None else kind.defaults(today())
        for field in kind.fields:
            widget = self._make_input(field)
            self._inputs[field.id] = widget
            self._set(field, start.get(field.id, ""))
            narrow = isinstance(widget, QComboBox | OptionalDateEdit)
            shown = fixed_width(widget) if narrow else widget
            # A tick box carries its own words, so its row has none.
            form.addRow("" if field.type == "bool" else field.label, shown)
        self.finish(body)
        self.resize(max(560, self.sizeHint().width()), max(300, self.sizeHint().height()))
        if kind.fields:
            self._inputs[kind.fields[0].id].setFocus()

    # -- building --------------------------------------------------------------------------------------

    def _make_input(self, field: RecordField) -> QWidget:
        widget: QWidget
        if field.type in ("multiline", "list"):
            box = text_box(
                field.help or ("One per line" if field.type == "list" else ""), text_height(field.lines)
            )
            widget = box
        elif field.type == "date":
            when = OptionalDateEdit()
            when.edit.setSpecialValueText(field.empty)
            when.edit.setAccessibleName(field.label)
            when.clear_button.setToolTip("Take the date away")
            widget = when
        elif field.type == "choice":
            combo = QComboBox()
            if not field.required:
                combo.addItem("", "")  # nothing chosen yet
            for choice in field.choices:
                combo.addItem(choice.label, choice.value)
            widget = combo
        elif field.type == "bool":
            widget = QCheckBox(field.label)
        else:
            line = QLineEdit()
            line.setPlaceholderText(field.help)
            if field.type == "number":
                line.setValidator(QRegularExpressionValidator(_NUMBER, line))
            widget = line
        widget.setObjectName(field.id)
        widget.setAccessibleName(field.label)
        if field.sensitive:
            mark_sensitive(widget)
        return widget

    # -- values ----------------------------------------------------------------------------------------

    def input(self, field_id: str) -> QWidget:
        """The input of one field, by its id."""
        return self._inputs[field_id]

    def value(self) -> dict[str, str]:
        """Every field's value as text, keyed by field id."""
        return {field.id: self._get(field) for field in self.kind.fields}

    def _get(self, field: RecordField) -> str:
        widget = self._inputs[field.id]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, OptionalDateEdit):
            chosen = widget.value()
            return chosen.isoformat() if chosen else ""
        if isinstance(widget, QComboBox):
            return str(widget.currentData() or "")
        if isinstance(widget, QCheckBox):
            return YES if widget.isChecked() else NO
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def _set(self, field: RecordField, value: str) -> None:
        widget = self._inputs[field.id]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        elif isinstance(widget, OptionalDateEdit):
            widget.set_value(parse_day(value) if value.strip() else None)
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index < 0 and value:
                # A choice the kind no longer lists: keep it visible rather than lose the answer.
                widget.addItem(value, value)
                index = widget.count() - 1
            widget.setCurrentIndex(max(0, index))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(value.strip().lower() == YES)
        elif isinstance(widget, QLineEdit):
            widget.setText(value)

    # -- saving ----------------------------------------------------------------------------------------

    def _check_then_save(self, values: dict[str, str]) -> bool:
        problems = self.kind.problems(values, self._today())
        if problems:
            field_id, message = problems[0]
            # Focus first: the message box gives the focus back to where it was when it closes.
            self._inputs[field_id].setFocus()
            QMessageBox.warning(self, "TutorDesk", message)
            return False
        return self._store(self.kind.cleaned(values))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()  # Enter on Cancel cancels, as it reads
            else:
                self._save_checked()
            return
        super().keyPressEvent(event)
