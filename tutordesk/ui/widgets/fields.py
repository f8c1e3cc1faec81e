"""Form fields every tab's dialogs share: the date field, the problem line under a field, the marker and
border of special-category (sensitive) data, a combo of (value, label) pairs and a muted hint line.

The date field (`DateField`, also known as `OptionalDateEdit`) is a line of text read by
`domain.typed_dates`, day first as in the UK: "30/01/2027", "3/1/2027", "30.01.2027", "2027-01-30" and
"30012027" all mean that day, and what cannot be read says so under the field; `value()` refuses it, so a
form never saves a date other than the one typed. Emptying an optional date (or its Clear button, reached
by Tab while there is a date) means "not recorded". Up and Down move the date by a day; Alt+Down or F4
opens the calendar. `DateTimeField` adds a time typed like 16:30. `dates_ready` checks every date of a form
before it is saved.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.typed_dates import EXAMPLE, NotADate, read_typed_date, read_typed_time, typed_text

SENSITIVE_MARKER = "Sensitive — left out of exports unless chosen"

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


class DateText(QLineEdit):
    """The typing part of a `DateField`: its words for "no date" show greyed while it is empty."""

    def __init__(self, field: DateField) -> None:
        super().__init__()
        self._field = field
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(20)

    def setSpecialValueText(self, text: str) -> None:  # noqa: N802 (the name QDateEdit gave it)
        """What the field says while it holds no date ("Not recorded", "No target date")."""
        self.setPlaceholderText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, modifiers = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and modifiers & Qt.KeyboardModifier.AltModifier):
            self._field.open_calendar()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not self.isReadOnly():
            self._field.step(1 if key == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date typed or picked from a calendar; optional ones may be empty ("not recorded")."""

    changed = Signal()

    def __init__(self, value: date | None = None, *, optional: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.optional = optional
        self._latest: tuple[date, str] | None = None
        self._earliest: tuple[date, str] | None = None
        self._last: date | None = value
        self.edit = DateText(self)
        self.edit.setToolTip(f"Type the date as day/month/year, like {EXAMPLE}. Alt+Down opens a calendar.")
        if optional:
            self.edit.setSpecialValueText("Not recorded")
        self.calendar_button = QToolButton()
        self.calendar_button.setText("…")
        self.calendar_button.setToolTip("Pick the date from a calendar (Alt+Down)")
        self.calendar_button.setAccessibleName("Pick the date from a calendar")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down in the field does the same
        self.calendar_button.clicked.connect(self.open_calendar)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Take the date away")
        self.clear_button.setAccessibleName("Clear the date")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reached by Tab while there is a date
        self.clear_button.clicked.connect(self._clear)
        self.clear_button.setVisible(optional)
        self.problem = ProblemLabel()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.setFocusProxy(self.edit)
        self._calendar: QCalendarWidget | None = None
        self.set_value(value)
        self.edit.textChanged.connect(self._typed)
        self.edit.editingFinished.connect(self.check)

    # reading and writing

    def value(self) -> date | None:
        """The date typed, or None for an empty optional field; raises `NotADate` for anything else."""
        typed = read_typed_date(self.edit.text())
        if typed is None and not self.optional:
            raise NotADate(f"Type a date here, like {EXAMPLE}.")
        if typed is not None:
            for bound, too_far in ((self._latest, typed.__gt__), (self._earliest, typed.__lt__)):
                if bound is not None and too_far(bound[0]):
                    raise NotADate(bound[1])
        return typed

    def value_if_date(self) -> date | None:
        """The date typed, or None while the field holds none or something that is not a date."""
        try:
            return self.value()
        except NotADate:
            return None

    def set_value(self, value: date | None) -> None:
        self.edit.setText(typed_text(value) if value else "")
        self.problem.show_problem(None)
        self._last = value
        self.clear_button.setEnabled(value is not None and not self.edit.isReadOnly())

    def problem_text(self) -> str | None:
        """What is wrong with what was typed, or None when it is a date (or empty and optional)."""
        try:
            self.value()
        except NotADate as refused:
            return refused.message
        return None

    def check(self) -> bool:
        """Say under the field what is wrong with it, if anything; whether it holds a usable date."""
        problem = self.problem_text()
        self.problem.show_problem(problem)
        return problem is None

    def set_latest(self, day: date, why: str) -> None:
        """Refuse a date after `day`, saying `why`."""
        self._latest = (day, why)

    def set_earliest(self, day: date, why: str) -> None:
        """Refuse a date before `day`, saying `why`."""
        self._earliest = (day, why)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.calendar_button.setVisible(not read_only)
        self.clear_button.setVisible(self.optional and not read_only)
        self.clear_button.setEnabled(self._last is not None and not read_only)

    # typing, stepping, the calendar

    def _typed(self, _text: str) -> None:
        if self.problem.isVisible():
            self.check()  # a problem goes away as soon as it is put right
        self.clear_button.setEnabled(bool(self.edit.text().strip()) and not self.edit.isReadOnly())
        try:
            typed = self.value()
        except NotADate:
            return  # half typed, not a date, or one the field refuses: nothing has changed yet
        if typed != self._last:
            self._last = typed
            self.changed.emit()

    def _clear(self) -> None:
        self.edit.clear()
        self.problem.show_problem(None)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def step(self, days: int) -> None:
        """Move the date typed by `days` (today, if there is none yet)."""
        current = self.value_if_date()
        if current is None and self.edit.text().strip():
            self.check()
            return
        self._put(current + timedelta(days=days) if current else date.today())

    def _put(self, day: date) -> None:
        self.edit.setText(typed_text(day))
        self.edit.selectAll()
        self.check()

    def open_calendar(self) -> None:
        """Show the calendar under the field; a day chosen with Enter or a click is put in the field."""
        if self.edit.isReadOnly():
            return
        if self._calendar is None:  # made once and kept: it closes by hiding
            self._calendar = QCalendarWidget(self)
            self._calendar.setWindowFlags(Qt.WindowType.Popup)
            self._calendar.setObjectName("date_calendar")
            self._calendar.setGridVisible(True)
            self._calendar.setAccessibleName("Calendar")
            self._calendar.activated.connect(self._picked)
            self._calendar.clicked.connect(self._picked)
        shown = self.value_if_date() or date.today()
        self._calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self._calendar.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self._calendar.show()
        self._calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _picked(self, day: QDate) -> None:
        if self._calendar is not None:
            self._calendar.hide()
        self._put(date(day.year(), day.month(), day.day()))
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)


class DateTimeField(QWidget):
    """A day and a time of day: a `DateField` and the time typed like 16:30."""

    changed = Signal()

    def __init__(self, value: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = DateField(value.date(), optional=False)
        self.time = QLineEdit(f"{value:%H:%M}")
        self.time.setObjectName("time")
        self.time.setPlaceholderText("16:30")
        self.time.setAccessibleName("Time")
        self.time.setToolTip("The time, like 16:30")
        self.time.setMaxLength(5)
        self.time.setFixedWidth(self.time.fontMetrics().horizontalAdvance("00:000") + 16)
        self.problem = ProblemLabel()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.day, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.time, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.setFocusProxy(self.day)
        self._last: datetime | None = value.replace(second=0, microsecond=0)
        self.day.changed.connect(self._typed)
        self.time.textChanged.connect(self._typed)
        self.time.editingFinished.connect(self.check)

    def value(self) -> datetime:
        """The day and time typed (local time, to the minute); raises `NotADate` for anything else."""
        day = self.day.value()
        if day is None:
            raise NotADate(f"Type a date here, like {EXAMPLE}.")
        return datetime.combine(day, read_typed_time(self.time.text()))

    def check(self) -> bool:
        """Say under the field what is wrong with the day or the time; whether both can be saved."""
        day_ready = self.day.check()
        try:
            read_typed_time(self.time.text())
        except NotADate as refused:
            self.problem.show_problem(refused.message)
            return False
        self.problem.show_problem(None)
        return day_ready

    def _typed(self, *_: object) -> None:
        if self.problem.isVisible():
            self.check()
        try:
            typed = self.value()
        except NotADate:
            return
        if typed != self._last:
            self._last = typed
            self.changed.emit()


def dates_ready(form: QWidget) -> bool:
    """Whether every date (and time) field of `form` holds what it can save; the first that does not says
    why under itself and takes the focus, so nothing is saved with a date other than the one typed."""
    ready = True
    fields: list[DateField | DateTimeField] = [
        *form.findChildren(DateField),
        *form.findChildren(DateTimeField),
    ]
    for field in fields:
        if not field.isVisibleTo(form) or not field.isEnabledTo(form):
            continue
        if isinstance(field, DateField) and field.edit.isReadOnly():
            continue
        if not field.check() and ready:
            ready = False
            line: QLineEdit = field.edit if isinstance(field, DateField) else field.time
            if isinstance(field, DateTimeField) and field.day.problem_text() is not None:
                line = field.day.edit
            line.setFocus(Qt.FocusReason.OtherFocusReason)
            line.selectAll()
    return ready


OptionalDateEdit = DateField  # the name most forms know it by; `date_edit` makes the required kind


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
