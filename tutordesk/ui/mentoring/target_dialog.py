"""The dialogs of the Targets panel: one SMART target of a relationship (`TargetDialog`, the plan goal
dialog with its live SMART check, worded for a young person's mentoring) and one self-assessment
(`AssessmentDialog`: how the young person sees themselves, with a note private to the practitioner).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from tutordesk.domain.mentoring_enums import AssessmentPoint
from tutordesk.domain.smart import SmartReport
from tutordesk.services.mentoring.progress import AssessmentInput, AssessmentView, TargetInput, smart_check
from tutordesk.services.plans.roadmap import GoalInput
from tutordesk.ui.widgets.dialogs import RecordDialog, date_edit, fixed_width, text_box, to_date
from tutordesk.ui.widgets.fields import combo, hint
from tutordesk.ui.widgets.goal_dialog import GoalDialog

CONFIDENCE_WORDS = {1: "Not at all", 2: "A little", 3: "Somewhat", 4: "Quite", 5: "Very"}
PROGRESS_WORDS = {1: "Not going well", 2: "Slowly", 3: "Getting there", 4: "Going well", 5: "Really well"}
PRIVATE_NOTE = "Private to you: it stays in TutorDesk and is never printed or shared."
COACHING_NOTE = (
    "Coaching: the targets are agreed at the start and stay as they are; the relationship ends when they "
    "are met."
)
MENTORING_NOTE = "Mentoring: targets can grow and change as the relationship goes on."

_TARGET_FIELDS = tuple(f.name for f in fields(TargetInput))


class TargetDialog(GoalDialog):
    """Add or edit a target. `on_save(target)` stores it and says whether it could; a refused save leaves
    the dialog open with what was typed."""

    def __init__(
        self,
        target: TargetInput | None = None,
        *,
        today: date,
        coaching: bool,
        on_save: Callable[[TargetInput], bool],
        parent: QWidget | None = None,
    ) -> None:
        goal = GoalInput(**{name: getattr(target, name) for name in _TARGET_FIELDS}) if target else None
        super().__init__(goal, today=today, parent=parent)
        self._on_save = on_save
        self.setWindowTitle("Edit target" if target is not None else "Add a target")
        self.setObjectName("target_dialog")
        self.stage_note.setText(COACHING_NOTE if coaching else MENTORING_NOTE)
        self.stage_note.setObjectName("mode_note")
        # The goal dialog speaks of a learner and a goal; here it is a young person's target.
        for label in self.findChildren(QLabel):
            if label.buddy() is self.learner_words:
                label.setText("In the &young person's own words")
        self.learner_words.setPlaceholderText("As they say it: “Get to college on time most days”")
        self.smart_box.setTitle("SMART check — advice only, you can save the target as it is")
        self._check()

    def target(self) -> TargetInput:
        goal = self.value()
        return TargetInput(**{name: getattr(goal, name) for name in _TARGET_FIELDS})

    def report(self) -> SmartReport:
        return smart_check(self.target(), today=self._today)

    def problem_text(self) -> str | None:
        if super().problem_text() is None:
            return None
        return "Write the target, in the young person's own words or in your own."

    def _check(self) -> None:
        super()._check()
        if self.report().ok:
            self.smart_details.setText("This target is clear, can be checked and has a date to aim for.")

    def accept(self) -> None:
        if self._read_only or self.problem_text() is not None:
            super().accept()  # closes a read-only dialog, or shows what is missing
        elif self._on_save(self.target()):
            super().accept()


def _rating_combo(words: dict[int, str], current: int | None, name: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.addItem("Not asked", None)
    for number, text in words.items():
        box.addItem(f"{number} · {text}", number)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


class AssessmentDialog(RecordDialog):
    """The young person's view of themselves on one day; `value()` is the `AssessmentInput` to save."""

    def __init__(
        self,
        *,
        assessment: AssessmentView | None,
        first: bool,
        today: date,
        on_save: Callable[[AssessmentInput], bool],
        parent: QWidget | None = None,
    ) -> None:
        title = "Edit self-assessment" if assessment is not None else "New self-assessment"
        super().__init__(title, on_save, parent)
        self.setObjectName("assessment_dialog")
        default_point = AssessmentPoint.START if first else AssessmentPoint.EVALUATION
        data = assessment or AssessmentInput(assessed_on=today, point=default_point.value)
        self.assessed_on = date_edit(data.assessed_on)
        self.assessed_on.setObjectName("assessed_on")
        self.point = combo([(p.value, p.label) for p in AssessmentPoint], data.point)
        self.point.setObjectName("point")
        self.confidence = _rating_combo(CONFIDENCE_WORDS, data.confidence, "confidence")
        self.confidence.setToolTip("How confident do you feel about what you are working towards? 1 to 5")
        self.progress = _rating_combo(PROGRESS_WORDS, data.progress, "progress")
        self.progress.setToolTip("How do your targets feel to be going? 1 to 5")
        self.strengths = text_box("In their words: what they are good at, what went well", 76)
        self.strengths.setObjectName("strengths")
        self.strengths.setPlainText(data.strengths)
        self.to_work_on = text_box("In their words: what they want to get better at", 76)
        self.to_work_on.setObjectName("to_work_on")
        self.to_work_on.setPlainText(data.to_work_on)
        self.note = text_box("Anything you noticed, for yourself", 64)
        self.note.setObjectName("note")
        self.note.setAccessibleName("Private note")
        self.note.setAccessibleDescription(PRIVATE_NOTE)
        self.note.setPlainText(data.note)
        form = QFormLayout()
        form.addRow("&Date", fixed_width(self.assessed_on))
        form.addRow("&When", fixed_width(self.point))
        form.addRow("&Confidence", fixed_width(self.confidence))
        form.addRow("How targets are &going", fixed_width(self.progress))
        form.addRow("&Strengths", self.strengths)
        form.addRow("To work &on", self.to_work_on)
        form.addRow("Your &private note", self.note)
        private = hint(PRIVATE_NOTE)
        private.setObjectName("private_hint")
        form.addRow("", private)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint("How the young person sees themselves today. Ask; write down their answers."))
        layout.addLayout(form)
        self.finish(body)
        self.resize(620, self.sizeHint().height())
        self.assessed_on.setFocus()

    def value(self) -> AssessmentInput:
        return AssessmentInput(
            assessed_on=to_date(self.assessed_on),
            point=self.point.currentData(),
            confidence=self.confidence.currentData(),
            progress=self.progress.currentData(),
            strengths=self.strengths.toPlainText().strip(),
            to_work_on=self.to_work_on.toPlainText().strip(),
            note=self.note.toPlainText().strip(),
        )
