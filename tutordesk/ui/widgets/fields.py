"""Form fields every tab's dialogs share: an optional date edit, the problem line under a field, the marker
and border of special-category (sensitive) data, a combo of (value, label) pairs and a muted hint line.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

SENSITIVE_MARKER = "Sensitive — left out of exports unless chosen"
DATE_FORMAT = "dd/MM/yyyy"

SENSITIVE_COLOUR = "#b45309"  # amber: reads on light and dark themes alike
PROBLEM_COLOUR = "#c62828"


def colour_text(label: QLabel, colour: str) -> None:
    # A palette, not a style sheet: a sheet on the dialog made opening it about 20 ms slower.
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)


def sensitive_label(text: str = SENSITIVE_MARKER) -> QLabel:
    """The bold amber line above a form that holds special-category data."""
    label = QLabel(text)
    label.setProperty("sensitive", True)
    colour_text(label, SENSITIVE_COLOUR)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setObjectName("sensitive_marker")
    label.setToolTip(
        "Special-category information (health, needs and the like). Exports and handover documents leave "
        "it out unless you choose to include it."
    )
    return label


def mark_sensitive(widget: QWidget) -> None:
    """A coloured border on a field holding special-category data, and the marker for screen readers."""
    widget.setProperty("sensitive", True)
    widget.setStyleSheet(
        f"{type(widget).__name__} {{ border: 2px solid {SENSITIVE_COLOUR}; border-radius: 3px; }}"
    )
    widget.setAccessibleDescription(SENSITIVE_MARKER)


class ProblemLabel(QLabel):
    """A line of red text under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("problem", True)
        colour_text(self, PROBLEM_COLOUR)
        self.setWordWrap(True)
        self.hide()

    def show_problem(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))


def with_problem(field: QWidget, problem: ProblemLabel) -> QWidget:
    """The field with its problem label underneath, as one cell of a form."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(problem)
    box.setFocusProxy(field)  # a label pointing at the box names the field, and Alt+letter focuses it
    return box


class _DateEdit(QDateEdit):
    """A QDateEdit whose lowest date means "not recorded".

    Qt shows that date as the special value text, but typing into the special text goes nowhere, so the
    first digit typed moves to a real date first and then lands in the day section.
    """

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.date() == self.minimumDate() and event.text().isdigit():
            self.setDate(QDate.currentDate())
            self.setCurrentSection(QDateEdit.Section.DaySection)
            self.setSelectedSection(QDateEdit.Section.DaySection)
        super().keyPressEvent(event)


class OptionalDateEdit(QWidget):
    """A date that may be "Not recorded": a date edit with a calendar and a button to clear it."""

    changed = Signal()
    NOT_RECORDED = QDate(1900, 1, 1)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _DateEdit()
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(self.NOT_RECORDED)
        self.edit.setSpecialValueText("Not recorded")
        self.edit.setDate(self.NOT_RECORDED)
        self.edit.dateChanged.connect(self.changed)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Set back to not recorded")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)

    def value(self) -> date | None:
        current = self.edit.date()
        return None if current == self.NOT_RECORDED else current.toPython()  # type: ignore[return-value]

    def set_value(self, value: date | None) -> None:
        self.edit.setDate(QDate(value.year, value.month, value.day) if value else self.NOT_RECORDED)


def combo(choices: list[tuple[str, str]], current: str) -> QComboBox:
    """A combo box of (value, label) pairs with `current` chosen."""
    box = QComboBox()
    for value, label in choices:
        box.addItem(label, value)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def hint(text: str) -> QLabel:
    """A line of help under a field, smaller and in the theme's muted colour."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("hint", True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    # The theme's own muted text colour, so a hint reads as secondary on light and dark desktops alike.
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)
    return label
