"""The baseline's dialogs: a strengths-and-needs assessment asked from both sides, and two assessments set side
by side to show what changed; and how each shows in its list (`Column`, shared with the Reviews panel).

Barriers and additional support needs are records described in `forms/records/`, shown and edited by the
generic record list and editor (`ui/widgets/record_list.py`, `record_editor.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import short_date
from tutordesk.services.plans.baseline import (
    ASSESSMENT_TOPICS,
    AssessmentInput,
    AssessmentView,
)
from tutordesk.ui.widgets.default_button import make_default
from tutordesk.ui.widgets.dialogs import RecordDialog, date_edit, fixed_width, text_box, to_date
from tutordesk.ui.widgets.record_table import Column

_Index = QModelIndex | QPersistentModelIndex
SIDES = (("learner", "In the learner's words"), ("tutor", "The tutor's view"))
SIDE_NAMES = {"learner": "The learner", "tutor": "The tutor"}
LEARNER_PROMPTS = {
    "strengths": "What are you good at? What do other people say you are good at?",
    "needs": "What do you find hard? What gets in the way?",
    "interests": "What do you enjoy, in college or outside it?",
    "preferences": "How do you learn best: seeing, hearing or doing? On your own or in a group?",
    "expectations": "What do you hope to get out of this? Where would you like to be?",
}
TUTOR_PROMPTS = {
    "strengths": "Strengths you have seen, and skills they already have",
    "needs": "Needs, gaps and what seems to get in the way",
    "interests": "Interests you have noticed that the plan could build on",
    "preferences": "How they seem to learn best, and what to avoid",
    "expectations": "What you and the setting expect, and how it fits with their hopes",
}


def answered(assessment: AssessmentInput, side: str) -> str:
    count = sum(bool(assessment.answer(side, topic)) for topic, _ in ASSESSMENT_TOPICS)
    return f"{count} of {len(ASSESSMENT_TOPICS)} topics"


def assessment_columns() -> tuple[Column, ...]:
    return (
        Column("Assessed on", lambda a: short_date(a.assessed_on)),
        Column("Learner's answers", lambda a: answered(a, "learner")),
        Column("Tutor's answers", lambda a: answered(a, "tutor")),
    )


class AssessmentDialog(RecordDialog):
    """Each topic asked from both sides, in two columns; `assessment=None` starts a new one dated today."""

    def __init__(
        self,
        *,
        assessment: AssessmentView | None,
        today: date,
        on_save: Callable[[AssessmentInput], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit assessment" if assessment else "New assessment", on_save, parent)
        self.setObjectName("assessment_dialog")
        self.assessed_on = date_edit(assessment.assessed_on if assessment else today)
        self.assessed_on.setObjectName("assessed_on")
        self.assessed_on.setAccessibleName("Assessed on")
        intro = QLabel(
            "Ask the learner first and write their answers in their own words, then add what you see. "
            "Repeat the assessment later on to see what has changed."
        )
        intro.setWordWrap(True)
        self.boxes: dict[tuple[str, str], Any] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel("Assessed on"), 0, 0)
        grid.addWidget(fixed_width(self.assessed_on), 0, 1)
        for column, (_, title) in enumerate(SIDES, start=1):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 1, column)
        for row, (topic, label) in enumerate(ASSESSMENT_TOPICS, start=2):
            name = QLabel(f"<b>{label}</b>")
            name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(name, row, 0)
            for column, (side, title) in enumerate(SIDES, start=1):
                prompts = LEARNER_PROMPTS if side == "learner" else TUTOR_PROMPTS
                box = text_box(prompts[topic], 76)
                box.setObjectName(f"{side}_{topic}")
                box.setAccessibleName(f"{label}: {title.lower()}")
                if assessment is not None:
                    box.setPlainText(assessment.answer(side, topic))
                grid.addWidget(box, row, column)
                self.boxes[(side, topic)] = box
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.finish(body)
        self.resize(940, 600)
        self.boxes[("learner", ASSESSMENT_TOPICS[0][0])].setFocus()

    def value(self) -> AssessmentInput:
        answers = {f"{side}_{topic}": box.toPlainText() for (side, topic), box in self.boxes.items()}
        return AssessmentInput(assessed_on=to_date(self.assessed_on), **answers)


# --- comparing two assessments -----------------------------------------------------------------------------


def change_word(earlier: str, later: str) -> str:
    before, after = " ".join(earlier.split()), " ".join(later.split())
    if not before and not after:
        return "Not answered"
    if not before:
        return "New answer"
    if not after:
        return "Not answered this time"
    return "The same" if before.casefold() == after.casefold() else "Changed"


class CompareModel(QAbstractTableModel):
    """Two assessments side by side: one row per topic and side, with what changed in words."""

    HEADERS = ("Topic", "Whose view", "Earlier", "Later", "Change")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pair: tuple[AssessmentView, AssessmentView] | None = None
        self._rows = [
            (topic, label, side, SIDE_NAMES[side]) for topic, label in ASSESSMENT_TOPICS for side, _ in SIDES
        ]

    def set_pair(self, first: AssessmentView, second: AssessmentView) -> None:
        """Show two assessments, the older one as "Earlier" whichever order they come in."""
        self.beginResetModel()
        earlier, later = sorted((first, second), key=lambda a: (a.assessed_on, a.id))
        self.pair = (earlier, later)
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.pair is None else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.pair is None or index.row() >= len(self._rows):
            return None
        topic, label, side, title = self._rows[index.row()]
        earlier, later = (a.answer(side, topic) for a in self.pair)
        change = change_word(earlier, later)
        if role == Qt.ItemDataRole.DisplayRole:
            # The topic is named once, on its first row, so each topic reads as one block of two rows.
            return (label if side == SIDES[0][0] else "", title, earlier, later, change)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        if role == Qt.ItemDataRole.FontRole and index.column() == 4 and change in ("Changed", "New answer"):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if self.pair is not None and section in (2, 3):
            return f"{self.HEADERS[section]}: {short_date(self.pair[section - 2].assessed_on)}"
        return self.HEADERS[section]


class CompareDialog(QDialog):
    """Pick two assessments and read them side by side; read-only, so open in a read-only vault too."""

    def __init__(
        self, assessments: Sequence[AssessmentView], first: int, second: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare assessments")
        self.setObjectName("compare_dialog")
        self.assessments = list(assessments)
        self.pickers = (QComboBox(), QComboBox())
        for picker, chosen, name in zip(self.pickers, (first, second), ("first", "second"), strict=True):
            picker.setObjectName(name)
            picker.setAccessibleName(f"The {name} assessment to compare")
            for assessment in self.assessments:
                picker.addItem(short_date(assessment.assessed_on), assessment.id)
            picker.setCurrentIndex(max(0, picker.findData(chosen)))
            picker.currentIndexChanged.connect(self._show)
        self.model = CompareModel(self)
        self.table = QTableView()
        self.table.setObjectName("comparison")
        self.table.setAccessibleName("The two assessments side by side")
        self.table.setTabKeyNavigation(False)  # the arrow keys move between cells; Tab moves on
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setStyleSheet(
            "QTableView::item { padding: 3px 4px; }"
        )  # wrapped lines need air between rows
        header = self.table.horizontalHeader()
        for column, mode in enumerate((0, 0, 1, 1, 0)):
            header.setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch if mode else QHeaderView.ResizeMode.ResizeToContents
            )
        # Wrapped text needs the rows measured again whenever a column's width changes.
        header.sectionResized.connect(self._fit_rows)
        choose = QHBoxLayout()
        choose.addWidget(QLabel("Compare the assessment of"))
        choose.addWidget(self.pickers[0])
        choose.addWidget(QLabel("with the one of"))
        choose.addWidget(self.pickers[1])
        choose.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        make_default(
            None, buttons.button(QDialogButtonBox.StandardButton.Close)
        )  # Escape closes; Enter does not
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(1000, 640)
        self._show()

    def choose(self, first: int, second: int) -> None:
        for picker, chosen in zip(self.pickers, (first, second), strict=True):
            picker.setCurrentIndex(max(0, picker.findData(chosen)))

    def _show(self, *_: object) -> None:
        by_id = {a.id: a for a in self.assessments}
        first, second = (by_id[picker.currentData()] for picker in self.pickers)
        self.model.set_pair(first, second)
        self._fit_rows()

    def _fit_rows(self, *_: object) -> None:
        self.table.resizeRowsToContents()
        for row in range(self.model.rowCount()):
            self.table.setRowHeight(row, self.table.rowHeight(row) + 6)  # a little air between wrapped rows
