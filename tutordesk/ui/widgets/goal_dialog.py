"""The dialog for one SMART goal: the learner's words beside the professional wording, and a live SMART check.

The check (`domain.smart.check_goal`) runs on every keystroke and only advises: the goal saves as it is. The
Plans tab's road map edits its goals with it, and the Mentoring tab's targets are the same form reworded.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.date_rules import before_plan_warning
from tutordesk.domain.dates import short_date
from tutordesk.domain.plan_enums import GoalSetBy, GoalStatus, Trajectory
from tutordesk.domain.smart import LETTER_NAMES, LETTERS, GoalFacts, SmartReport, check_goal
from tutordesk.domain.typed_dates import NotADate
from tutordesk.services.plans.roadmap import GoalInput
from tutordesk.ui.widgets.fields import OptionalDateEdit, colour_text, combo, hint
from tutordesk.ui.widgets.item_dialog import ItemDialog
from tutordesk.ui.widgets.panel_parts import AMBER

_GOOD_COLOUR = "#2e7d32"


def goal_report(goal: GoalInput, stage_target: date | None, today: date) -> SmartReport:
    """The SMART check of a goal, advice only, against its stage's target date."""
    return check_goal(
        GoalFacts(
            learner_words=goal.learner_words,
            professional_wording=goal.professional_wording,
            measure=goal.measure,
            evidence=goal.evidence,
            deadline=goal.deadline,
            status=goal.status,
            stage_target_on=stage_target,
        ),
        today=today,
    )


def _text_box(text: str, placeholder: str, name: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


#: Lines of text kept for the SMART advice: every letter's advice at once, a few of them on two lines.
ADVICE_LINES = 8


class GoalDialog(ItemDialog):
    """Add or edit a goal in a stage; `value()` is the `GoalInput` to save."""

    def __init__(
        self,
        goal: GoalInput | None = None,
        *,
        today: date,
        stage_title: str = "",
        stage_target: date | None = None,
        plan_started: date | None = None,
        content_locked: bool = False,
        read_only: bool = False,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit goal" if goal is not None else "Add a goal", parent)
        self.setObjectName("goal_dialog")
        self._today = today
        self._stage_target = stage_target
        self._plan_started = plan_started
        goal = goal or GoalInput()
        self._deadline_was = goal.deadline
        where = f"In the stage “{stage_title}”" if stage_title else ""
        if stage_target is not None:
            where += f", aiming for {short_date(stage_target)}"
        self.stage_note = hint(where)
        self.lock_note = QLabel()
        self.lock_note.setWordWrap(True)
        self.lock_note.setObjectName("lock_note")

        self.learner_words = _text_box(
            goal.learner_words, "As the learner says it: “Get here on time most days”", "learner_words", 4
        )
        self.professional = _text_box(
            goal.professional_wording,
            "For the record: “Arrive by 9:15 on 4 of 5 days”",
            "professional_wording",
            4,
        )
        words = QGridLayout()
        words.addWidget(QLabel("In the &learner's own words"), 0, 0)
        words.addWidget(QLabel("&Professional wording"), 0, 1)
        words.addWidget(self.learner_words, 1, 0)
        words.addWidget(self.professional, 1, 1)
        words.itemAtPosition(0, 0).widget().setBuddy(self.learner_words)  # type: ignore[union-attr]
        words.itemAtPosition(0, 1).widget().setBuddy(self.professional)  # type: ignore[union-attr]

        self.trajectory = combo(
            [("", "Not chosen")] + [(t.value, t.label) for t in Trajectory], goal.trajectory
        )
        self.trajectory.setObjectName("trajectory")
        self.trajectory.setToolTip("Which part of the learner's life this goal moves forward.")
        self.set_by = combo([(s.value, s.label) for s in GoalSetBy], goal.set_by)
        self.set_by.setObjectName("set_by")
        self.deadline = OptionalDateEdit()
        self.deadline.setObjectName("deadline")
        self.deadline.edit.setSpecialValueText("No date yet")
        self.deadline.clear_button.setToolTip("No date yet")
        self.deadline.set_value(goal.deadline)
        self.measure = QLineEdit(goal.measure)
        self.measure.setObjectName("measure")
        self.measure.setPlaceholderText(
            "How you will both know it is done: a number, how often, something seen"
        )
        self.evidence = QLineEdit(goal.evidence)
        self.evidence.setObjectName("evidence")
        self.evidence.setPlaceholderText("What shows it: register marks, a certificate, a photo of the work")
        self.status = combo([(s.value, s.label) for s in GoalStatus], goal.status)
        self.status.setObjectName("status")
        self.evaluation = _text_box(
            goal.evaluation_note,
            "How it went, looking back: what helped, what got in the way",
            "evaluation_note",
            2,
        )

        form = QFormLayout()
        form.addRow("&Trajectory", self.trajectory)
        form.addRow("Set &by", self.set_by)
        form.addRow("&Deadline", self.deadline)
        form.addRow("&Measure", self.measure)
        form.addRow("&Evidence", self.evidence)
        form.addRow("&Status", self.status)
        form.addRow("E&valuation", self.evaluation)

        self.smart_box = QGroupBox("SMART check — advice only, you can save the goal as it is")
        self.smart_box.setObjectName("smart_box")
        self.smart_letters = QLabel()
        self.smart_letters.setObjectName("smart_letters")
        self.smart_letters.setTextFormat(Qt.TextFormat.RichText)
        self.smart_details = QLabel()
        self.smart_details.setObjectName("smart_details")
        self.smart_details.setWordWrap(True)
        # Room for the most advice the check gives, so the dialog keeps its size while the advice changes.
        self.smart_details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.smart_details.setMinimumHeight(self.smart_details.fontMetrics().lineSpacing() * ADVICE_LINES)
        smart = QVBoxLayout(self.smart_box)
        smart.addWidget(self.smart_letters)
        smart.addWidget(self.smart_details)

        layout = QVBoxLayout(self)
        layout.addWidget(self.stage_note)
        layout.addWidget(self.lock_note)
        layout.addLayout(words)
        layout.addLayout(form)
        layout.addWidget(self.smart_box)
        self._finish(layout)
        self._lock(
            [
                self.learner_words,
                self.professional,
                self.trajectory,
                self.set_by,
                self.deadline,
                self.measure,
                self.evidence,
            ],
            content_locked=content_locked,
            read_only=read_only,
            reason=reason,
            note=self.lock_note,
        )
        for box in (self.learner_words, self.professional):
            box.textChanged.connect(self._check)
        for line in (self.measure, self.evidence):
            line.textChanged.connect(self._check)
        self.deadline.changed.connect(self._check)
        self.status.currentIndexChanged.connect(self._check)
        self._check()
        self.fit_width(720)
        (self.status if content_locked else self.learner_words).setFocus(Qt.FocusReason.OtherFocusReason)

    def value(self) -> GoalInput:
        return GoalInput(
            learner_words=self.learner_words.toPlainText().strip(),
            professional_wording=self.professional.toPlainText().strip(),
            trajectory=self.trajectory.currentData(),
            set_by=self.set_by.currentData(),
            deadline=self.deadline.value(),
            measure=self.measure.text().strip(),
            evidence=self.evidence.text().strip(),
            status=self.status.currentData(),
            evaluation_note=self.evaluation.toPlainText().strip(),
        )

    def snapshot(self) -> GoalInput:
        return self.value()

    def problem_text(self) -> str | None:
        goal = self.value()
        if goal.learner_words or goal.professional_wording:
            return None
        return "Write the goal, in the learner's own words or in professional wording."

    def date_warning(self) -> tuple[str, OptionalDateEdit] | None:
        deadline = self.deadline.value()
        if deadline == self._deadline_was:  # asked about when it was typed; not again for each later change
            return None
        said = before_plan_warning(deadline, what="The goal's deadline", plan_started_on=self._plan_started)
        return None if said is None else (said, self.deadline)

    def report(self) -> SmartReport:
        return goal_report(self.value(), self._stage_target, self._today)

    def _check(self) -> None:
        try:
            report = self.report()
        except NotADate:
            return  # the advice waits until the deadline is a date; the field says what is wrong
        failing = set(report.failing)
        # Each letter in words as well as colour: a letter still needing thought is struck through and grey.
        cells = []
        for letter in LETTERS:
            if letter in failing:
                cells.append(f"<span style='color:#9e9e9e'><s>{letter}</s></span>")
            else:
                cells.append(f"<b style='color:{_GOOD_COLOUR}'>{letter}</b>")
        headline = "Looks SMART" if report.ok else report.summary()
        self.smart_letters.setText(
            f"<span style='font-size:large'>{'&nbsp;'.join(cells)}</span>&nbsp;&nbsp; {headline}"
        )
        self.smart_letters.setToolTip(
            ", ".join(
                f"{LETTER_NAMES[letter]}: {'needs a look' if letter in failing else 'fine'}"
                for letter in LETTERS
            )
        )
        lines = [f"{LETTER_NAMES[flag.letter]}: {flag.message}" for flag in report.flags]
        self.smart_details.setText(
            "\n".join(lines) or "This goal is clear, can be checked and has a date to aim for."
        )
        colour_text(self.smart_details, AMBER if lines else _GOOD_COLOUR)
        self.smart_box.setToolTip(report.tooltip())
