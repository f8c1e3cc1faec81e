"""An on-screen editor for a form definition: one titled group per "fields" section, one input per field.

The form's TOML decides what is asked (an institution can add a question without touching code); this
module only decides how each kind of field is typed in, and turns the inputs into text values keyed by the
field's `source` ("travel.route"), the same keys the PDF renderer and the services read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tutordesk.documents.forms import FieldDefinition, FormDefinition
from tutordesk.domain.typed_dates import NotADate
from tutordesk.ui.widgets.fields import SENSITIVE_COLOUR, OptionalDateEdit, colour_text

SENSITIVE_TEXT = "Sensitive"
SENSITIVE_TIP = "Left out of handover packs unless chosen one by one."
REQUIRED_TIP = "Needed before this can be shared."
LIST_HINT = "One per line"
YES, NO = "yes", "no"
_TRUE = {"yes", "true", "1", "y"}
# Whole or decimal numbers, with a point or a comma: what people type for "2" or "1.5".
_NUMBER = QRegularExpression(r"-?[0-9]*([.,][0-9]*)?")


def field_object_name(source: str) -> str:
    return f"field_{source.replace('.', '_')}"


def _sensitive_marker() -> QLabel:
    marker = QLabel(SENSITIVE_TEXT)
    marker.setObjectName("sensitive_marker")
    marker.setToolTip(SENSITIVE_TIP)
    marker.setAccessibleDescription(SENSITIVE_TIP)
    colour_text(marker, SENSITIVE_COLOUR)
    font = marker.font()
    font.setBold(True)
    font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
    marker.setFont(font)
    return marker


def _label_text(field: FieldDefinition) -> str:
    return f"{field.label} *" if field.required else field.label


class FormEditor(QWidget):
    """Inputs for every field of `form` that has a `source`; values are text keyed by that source."""

    changed = Signal()  # any edit by the user (not while `set_values` fills the inputs)

    def __init__(
        self, form: FormDefinition, parent: QWidget | None = None, *, scrollable: bool = True
    ) -> None:
        super().__init__(parent)
        self.form = form
        self.setObjectName(f"form_editor_{form.id}")
        self._fields: dict[str, FieldDefinition] = {}
        self._widgets: dict[str, QWidget] = {}
        self._setting = False
        self._read_only = False

        body = QWidget()
        column = QVBoxLayout(body)
        for section in form.sections:
            if section.kind != "fields" or not any(f.source for f in section.fields):
                continue
            group = QGroupBox(section.title)
            group.setObjectName(f"section_{section.id}")
            # Each question above its answer: the labels are whole questions, too long to sit beside a
            # field, and a plain column wraps them properly where a form layout would clip them.
            rows = QVBoxLayout(group)
            for field in section.fields:
                if not field.source or field.source in self._widgets:
                    continue
                widget = self._make_input(field)
                self._fields[field.source] = field
                self._widgets[field.source] = widget
                if not isinstance(widget, QCheckBox):  # a tick box carries its own words
                    rows.addWidget(self._with_marker(field, self._make_label(field, widget)))
                    # Dates and choices keep their natural width; text fills the row.
                    narrow = isinstance(widget, OptionalDateEdit | QComboBox)
                    rows.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft if narrow else Qt.AlignmentFlag(0))
                else:
                    rows.addWidget(self._with_marker(field, widget))
                rows.addSpacing(6)
            column.addWidget(group)
        column.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if scrollable:
            scroll = QScrollArea()
            scroll.setObjectName("form_editor_scroll")
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(body)
            layout.addWidget(scroll)
        else:
            column.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(body)

    # -- building ------------------------------------------------------------------------------------

    def _make_label(self, field: FieldDefinition, widget: QWidget) -> QLabel:
        label = QLabel(_label_text(field))
        label.setWordWrap(True)
        label.setBuddy(widget)
        if field.required:
            label.setToolTip(REQUIRED_TIP)
        return label

    @staticmethod
    def _with_marker(field: FieldDefinition, widget: QWidget) -> QWidget:
        """`widget` (a label, or a tick box) with the "Sensitive" marker beside it, for a sensitive field."""
        if not field.sensitive:
            return widget
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget, 1)
        row.addWidget(_sensitive_marker())
        return box

    def _make_input(self, field: FieldDefinition) -> QWidget:
        widget: QWidget
        if field.type in ("multiline", "list"):
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)  # Tab moves on, as in every other input of the form
            lines = 3 if field.type == "list" else 4
            text.setFixedHeight(text.fontMetrics().lineSpacing() * lines + 14)
            hint = field.help
            if field.type == "list":
                hint = f"{LIST_HINT}. {field.help}" if field.help else f"{LIST_HINT}."
            text.setPlaceholderText(hint)
            text.textChanged.connect(self._edited)
            widget = text
        elif field.type == "date":
            when = OptionalDateEdit()
            when.changed.connect(self._edited)
            widget = when
        elif field.type == "choice":
            combo = QComboBox()
            combo.addItem("")  # nothing chosen yet
            combo.addItems(list(field.choices))
            combo.currentIndexChanged.connect(self._edited)
            widget = combo
        elif field.type == "bool":
            box = QCheckBox(_label_text(field))
            box.toggled.connect(self._edited)
            widget = box
        else:
            line = QLineEdit()
            if field.type == "number":
                line.setValidator(QRegularExpressionValidator(_NUMBER, line))
            line.setPlaceholderText(field.help)
            line.textChanged.connect(self._edited)
            widget = line
        widget.setObjectName(field_object_name(field.source or field.id))
        widget.setAccessibleName(field.label)
        tip = field.help
        if field.sensitive:
            tip = (
                f"{tip}\n\n{SENSITIVE_TEXT}: {SENSITIVE_TIP}" if tip else f"{SENSITIVE_TEXT}: {SENSITIVE_TIP}"
            )
            widget.setAccessibleDescription(f"{SENSITIVE_TEXT}. {SENSITIVE_TIP}")
        if tip:
            widget.setToolTip(tip)
        return widget

    def _edited(self) -> None:
        if not self._setting:
            self.changed.emit()

    # -- values --------------------------------------------------------------------------------------

    def sources(self) -> list[str]:
        """The value keys this editor shows, in form order."""
        return list(self._widgets)

    def field_widget(self, source: str) -> QWidget:
        return self._widgets[source]

    def values(self) -> dict[str, str]:
        """Every field's value as text: dates in ISO form, ticks as "yes"/"no", unanswered as ""."""
        return {source: self._value_of(source) for source in self._widgets}

    def _value_of(self, source: str) -> str:
        widget = self._widgets[source]
        if isinstance(widget, QPlainTextEdit):
            if self._fields[source].type == "list":
                # Blank lines and stray spaces are typing, not content.
                lines = [line.strip() for line in widget.toPlainText().splitlines()]
                return "\n".join(line for line in lines if line)
            return widget.toPlainText().strip()
        if isinstance(widget, OptionalDateEdit):
            try:
                chosen = widget.value()
            except NotADate:  # kept as typed, so it counts as a change; saving waits until it is a date
                return widget.edit.text().strip()
            return chosen.isoformat() if chosen else ""
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QCheckBox):
            return YES if widget.isChecked() else NO
        assert isinstance(widget, QLineEdit)
        return widget.text().strip()

    def set_values(self, values: Mapping[str, str]) -> None:
        """Fill every input from `values` (a missing key empties it) without emitting `changed`."""
        self._setting = True
        try:
            for source, widget in self._widgets.items():
                self._set_value(widget, values.get(source, "") or "")
        finally:
            self._setting = False

    def _set_value(self, widget: QWidget, value: str) -> None:
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        elif isinstance(widget, OptionalDateEdit):
            try:
                widget.set_value(date.fromisoformat(value.strip()) if value.strip() else None)
            except ValueError:
                widget.set_value(None)  # not a date this editor wrote; shown as not recorded
        elif isinstance(widget, QComboBox):
            index = widget.findText(value)
            if index < 0:
                # A choice the form no longer lists: keep it visible rather than lose the answer.
                widget.addItem(value)
                index = widget.count() - 1
            widget.setCurrentIndex(index)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(value.strip().lower() in _TRUE)
        elif isinstance(widget, QLineEdit):
            widget.setText(value)

    def missing_required(self) -> list[str]:
        """Labels of required fields left empty, as `FormDefinition.missing_required` counts them."""
        return self.form.missing_required(self.values())

    # -- read-only -----------------------------------------------------------------------------------

    def is_read_only(self) -> bool:
        return self._read_only

    def set_read_only(self, read_only: bool) -> None:
        """Show the answers without letting them change (a locked vault opened read-only)."""
        self._read_only = read_only
        for widget in self._widgets.values():
            if isinstance(widget, QPlainTextEdit | QLineEdit):
                widget.setReadOnly(read_only)
            elif isinstance(widget, OptionalDateEdit):
                widget.set_read_only(read_only)
            else:
                # Combo boxes and check boxes have no read-only state of their own.
                widget.setEnabled(not read_only)
