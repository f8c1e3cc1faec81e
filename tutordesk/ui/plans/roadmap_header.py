"""The road map's plan-level parts: the header (where the learner starts, where they want to get to, the
focus areas, the options talked through and the choice made, and from version 2 on what changed) and the
dialog that agrees a version.

The editor only holds and shows the fields; `RoadmapPanel` decides when they are saved.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.plan_enums import FocusArea
from tutordesk.services.plans.roadmap import PlanHeader, PlanView
from tutordesk.ui.widgets.dialogs import to_date
from tutordesk.ui.widgets.fields import DateField, dates_ready

_FOCUS_COLUMNS = 5


def _box(name: str, placeholder: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab moves on, as in a form; Enter still starts a new line
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class PlanHeaderEditor(QWidget):
    """The plan's own fields; `edited` fires on every change the tutor makes (not on `set_plan`)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_header")
        self.starting_point = _box(
            "starting_point",
            "Where the learner is now, in their words and yours: “Out of college since May”",
            3,
        )
        self.end_goal = _box(
            "end_goal", "Where they want to get to: “Start a plumbing apprenticeship next September”", 3
        )
        self.options_offered = _box(
            "options_offered", "The few options you talked through together (keep them few and real)", 2
        )
        self.choice_made = _box("choice_made", "What the learner chose, and why it suits them", 2)
        self.change_note = QLineEdit()
        self.change_note.setObjectName("change_note")
        self.change_note.setPlaceholderText("In a line: what is different from the version before")
        self.focus: dict[str, QCheckBox] = {}
        self.focus_boxes = QWidget()
        focus_grid = QGridLayout(self.focus_boxes)
        focus_grid.setContentsMargins(0, 0, 0, 0)
        focus_grid.setVerticalSpacing(2)
        for number, area in enumerate(FocusArea):
            box = QCheckBox(area.label)
            box.setObjectName(f"focus_{area.value}")
            box.toggled.connect(self._changed)
            box.toggled.connect(self._show_focus_summary)
            focus_grid.addWidget(box, number // _FOCUS_COLUMNS, number % _FOCUS_COLUMNS)
            self.focus[area.value] = box
        self.focus_label = _label("Focus areas", next(iter(self.focus.values())))
        # A locked plan lists its focus areas as words: a grid of greyed-out boxes is hard to read.
        self.focus_summary = QLabel()
        self.focus_summary.setObjectName("focus_summary")
        self.focus_summary.setWordWrap(True)
        self.focus_summary.hide()

        for box in (self.starting_point, self.end_goal, self.options_offered, self.choice_made):
            box.textChanged.connect(self._changed)
        self.change_note.textChanged.connect(self._changed)
        self._filling = False

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(3)
        grid.addWidget(_label("&Starting point", self.starting_point), 0, 0)
        grid.addWidget(_label("&End goal", self.end_goal), 0, 1)
        grid.addWidget(self.starting_point, 1, 0)
        grid.addWidget(self.end_goal, 1, 1)
        grid.addWidget(_label("&Options talked through", self.options_offered), 2, 0)
        grid.addWidget(_label("Choice &made", self.choice_made), 2, 1)
        grid.addWidget(self.options_offered, 3, 0)
        grid.addWidget(self.choice_made, 3, 1)
        self.change_label = _label("&What changed in this version", self.change_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(grid)
        layout.addWidget(self.focus_label)
        layout.addWidget(self.focus_boxes)
        layout.addWidget(self.focus_summary)
        layout.addWidget(self.change_label)
        layout.addWidget(self.change_note)

    def set_plan(self, plan: PlanView) -> None:
        """Show `plan`'s header without counting it as an edit."""
        self._filling = True
        try:
            for box, text in (
                (self.starting_point, plan.starting_point),
                (self.end_goal, plan.end_goal),
                (self.options_offered, plan.options_offered),
                (self.choice_made, plan.choice_made),
            ):
                if box.toPlainText() != text:
                    box.setPlainText(text)
            self.change_note.setText(plan.change_note)
            for value, box in self.focus.items():
                box.setChecked(value in plan.focus_areas)
            self._show_focus_summary()
            self.change_label.setVisible(plan.version > 1)
            self.change_note.setVisible(plan.version > 1)
        finally:
            self._filling = False

    def header(self) -> PlanHeader:
        return PlanHeader(
            starting_point=self.starting_point.toPlainText(),
            end_goal=self.end_goal.toPlainText(),
            focus_areas=frozenset(value for value, box in self.focus.items() if box.isChecked()),
            options_offered=self.options_offered.toPlainText(),
            choice_made=self.choice_made.toPlainText(),
            change_note=self.change_note.text(),
        )

    def set_editable(self, editable: bool) -> None:
        # Read-only rather than disabled for the text, so an agreed plan stays easy to read and copy from.
        for box in (self.starting_point, self.end_goal, self.options_offered, self.choice_made):
            box.setReadOnly(not editable)
        self.change_note.setReadOnly(not editable)
        self.focus_boxes.setVisible(editable)
        self.focus_summary.setVisible(not editable)

    def _show_focus_summary(self) -> None:
        chosen = [box.text() for box in self.focus.values() if box.isChecked()]
        self.focus_summary.setText(", ".join(chosen) or "None chosen")

    def _changed(self) -> None:
        if not self._filling:
            self.edited.emit()


class AgreeDialog(QDialog):
    """Confirms agreeing a version and asks on which day it was agreed (today unless changed)."""

    def __init__(self, version: int, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agree this version")
        self.setObjectName("agree_dialog")
        text = QLabel(
            f"Agree version {version} of the road map with the learner?\n\nOnce agreed, what it says stays as "
            "it is, so you can always look back at it. Progress can still be updated, and if the plan needs "
            "to change later, “Change the plan…” makes a new version."
        )
        text.setWordWrap(True)
        self.agreed_on = DateField(today, optional=False)
        self.agreed_on.setObjectName("agreed_on")
        self.agreed_on.set_latest(today, "A plan is agreed once it was talked over, so not after today.")
        self.agreed_on.setAccessibleName("Agreed on")
        row = QHBoxLayout()
        row.addWidget(QLabel("Agreed on"))
        row.addWidget(self.agreed_on)
        row.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Agree")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(440, self.sizeHint().height())

    def value(self) -> date:
        return to_date(self.agreed_on)

    def accept(self) -> None:
        if dates_ready(self):
            super().accept()
