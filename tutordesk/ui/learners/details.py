"""The Details tab of the learner profile: every Learner field, with its problem shown under it.

`left(name)` says the person has been in a field that can have a problem and left it, so the dialog knows
to show that field's problem from then on (never before it was touched).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.enums import LearnerStatus
from tutordesk.services.learners.profiles import LearnerDetails, StaffChoice
from tutordesk.ui.widgets.fields import (
    OptionalDateEdit,
    ProblemLabel,
    mark_sensitive,
    sensitive_label,
    with_problem,
)

_LINE_FIELDS = (
    ("given_name", "Given name", ""),
    ("family_name", "Family name", ""),
    ("preferred_name", "Preferred name", "What they like to be called, if different"),
    ("setting", "Setting", "School, college or training provider"),
    ("programme", "Programme or course", "e.g. Level 2 Catering"),
    ("year_or_stage", "Year or stage", "e.g. Year 11, Year 1"),
    ("languages", "Languages", "e.g. English, Polish"),
    ("school_reference", "Pupil reference", "The school's own reference (UPN, admission number), if any"),
)
_DATE_FIELDS = (("date_of_birth", "Date of birth"), ("started_on", "Started on"), ("left_on", "Left on"))
_TEXT_FIELDS = (
    ("additional_needs", "Additional needs", True),
    ("health_notes", "Health", True),
    ("notes", "Notes", False),
)
_PERSON_MOVED = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.MouseFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)
_WITH_PROBLEMS = (
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "started_on",
    "left_on",
    "key_worker_id",
    "school_reference",
)


class DetailsTab(QScrollArea):
    changed = Signal()
    left = Signal(str)  # the name of a field with a problem label, once the focus leaves it

    def __init__(self, staff: Sequence[StaffChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._watched: dict[QObject, str] = {}  # a scroll area filters its widget's events from setWidget on
        self._entered: set[str] = set()
        self._opened = False
        self.setWidgetResizable(True)
        body = QWidget()
        outer = QVBoxLayout(body)
        self.problems: dict[str, ProblemLabel] = {name: ProblemLabel() for name in _WITH_PROBLEMS}
        self.lines: dict[str, QLineEdit] = {}
        self.dates: dict[str, OptionalDateEdit] = {}
        self.texts: dict[str, QPlainTextEdit] = {}

        person = QGroupBox("The young person")
        form = QFormLayout(person)
        for name, label, hint in _LINE_FIELDS:
            line = QLineEdit()
            line.setObjectName(name)
            line.setPlaceholderText(hint)
            line.textChanged.connect(self.changed)
            self.lines[name] = line
            if name in ("setting", "languages", "school_reference"):
                continue  # placed below, with the course and the dates
            form.addRow(label, self._cell(name, line) if name in self.problems else line)
        born = self._date("date_of_birth")
        self.age = QLabel()
        self.age.setObjectName("age")
        born_row = QWidget()
        row = QHBoxLayout(born_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(born, 1)
        row.addWidget(self.age)
        form.addRow("Date of birth", self._cell("date_of_birth", born_row))
        form.addRow("Languages", self.lines["languages"])
        outer.addWidget(person)

        course = QGroupBox("Learning")
        form = QFormLayout(course)
        form.addRow("Setting", self.lines["setting"])
        self.lines["setting"].setToolTip("Where the young person learns now")
        reference = self.lines["school_reference"]
        reference.setToolTip(
            "Matches rows of the attendance files the school's system exports to this learner; unique"
        )
        form.addRow("Pupil reference", self._cell("school_reference", reference))
        self.status = QComboBox()
        self.status.setObjectName("status")
        for status in LearnerStatus:
            self.status.addItem(status.label, status.value)
        self.status.currentIndexChanged.connect(self.changed)
        form.addRow("Status", self.status)
        self.key_worker = QComboBox()
        self.key_worker.setObjectName("key_worker")
        self.key_worker.addItem("No key worker yet", None)
        for choice in staff:
            self.key_worker.addItem(choice.name, choice.id)
        self.key_worker.currentIndexChanged.connect(self.changed)
        form.addRow("Key worker", self._cell("key_worker_id", self.key_worker))
        form.addRow("Started on", self._cell("started_on", self._date("started_on")))
        form.addRow("Left on", self._cell("left_on", self._date("left_on")))
        outer.addWidget(course)

        notes = QGroupBox("Needs, health and notes")
        form = QFormLayout(notes)
        for name, label, sensitive in _TEXT_FIELDS:
            text = QPlainTextEdit()
            text.setObjectName(name)
            text.setAccessibleName(label)
            text.setTabChangesFocus(True)
            text.setFixedHeight(72)
            text.textChanged.connect(self.changed)
            self.texts[name] = text
            if sensitive:
                mark_sensitive(text)
                cell = QWidget()
                column = QVBoxLayout(cell)
                column.setContentsMargins(0, 0, 0, 0)
                column.addWidget(sensitive_label())
                column.addWidget(text)
                form.addRow(label, cell)
            else:
                form.addRow(label, text)
        outer.addWidget(notes)
        outer.addStretch(1)
        self.setWidget(body)
        self._watched = {
            self.lines["given_name"]: "given_name",
            self.lines["family_name"]: "family_name",
            self.lines["preferred_name"]: "preferred_name",
            self.key_worker: "key_worker_id",
            **{self.dates[name].edit: name for name in ("date_of_birth", "started_on", "left_on")},
        }
        for widget in self._watched:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Only a field the person went into (a key or a click in it, or Tab, Alt+letter or a click to it) and
        # then left counts as touched; the focus the form opens in does not, until something is done there.
        name = self._watched.get(watched)
        kind = event.type()
        if name is not None and kind in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self._entered.add(name)
        elif name is not None and isinstance(event, QFocusEvent) and event.reason() in _PERSON_MOVED:
            if kind == QEvent.Type.FocusIn and self._opened:
                self._entered.add(name)
            elif kind == QEvent.Type.FocusOut and name in self._entered:
                self.left.emit(name)
        if kind == QEvent.Type.FocusIn:
            self._opened = True  # the first focus is where the form opens, not a place the person chose
        return super().eventFilter(watched, event)

    def _cell(self, name: str, field: QWidget) -> QWidget:
        return with_problem(field, self.problems[name])

    def _date(self, name: str) -> OptionalDateEdit:
        edit = OptionalDateEdit()
        edit.setObjectName(name)
        edit.edit.setAccessibleName(dict(_DATE_FIELDS)[name])
        edit.changed.connect(self.changed)
        self.dates[name] = edit
        return edit

    def set_details(self, details: LearnerDetails) -> None:
        for name, line in self.lines.items():
            line.setText(getattr(details, name))
        for name, edit in self.dates.items():
            edit.set_value(getattr(details, name))
        for name, text in self.texts.items():
            text.setPlainText(getattr(details, name))
        self.status.setCurrentIndex(max(0, self.status.findData(details.status.value)))
        # Combo items with no data hold an invalid variant that findData(None) does not find: index 0.
        index = 0 if details.key_worker_id is None else self.key_worker.findData(details.key_worker_id)
        if index < 0:  # someone no longer listed as staff: show them rather than drop them silently
            self.key_worker.addItem(f"Staff member {details.key_worker_id}", details.key_worker_id)
            index = self.key_worker.count() - 1
        self.key_worker.setCurrentIndex(index)

    def apply(self, details: LearnerDetails) -> LearnerDetails:
        values: dict[str, object] = {name: line.text() for name, line in self.lines.items()}
        values.update({name: edit.value_if_date() for name, edit in self.dates.items()})
        values.update({name: text.toPlainText() for name, text in self.texts.items()})
        values["status"] = LearnerStatus(self.status.currentData())
        values["key_worker_id"] = (
            self.key_worker.currentData() if self.key_worker.currentIndex() > 0 else None
        )
        return replace(details, **values)  # type: ignore[arg-type]

    def show_problems(self, problems: Mapping[str, str], *, today: date | None = None) -> None:
        for name, label in self.problems.items():
            label.show_problem(problems.get(name))
        born = self.dates["date_of_birth"].value_if_date()
        if born is None or "date_of_birth" in problems:
            self.age.setText("")
        else:
            today = today or date.today()
            self.age.setText(
                f"Age {today.year - born.year - ((today.month, today.day) < (born.month, born.day))}"
            )
