"""The review dialog: progress per stage and goal as red, amber or green, whether the plan is pitched right,
the learner's voice, the autonomy-competence-relatedness check-in with a live reading, and the next date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.date_rules import review_warning
from tutordesk.domain.dates import short_date
from tutordesk.domain.plan_enums import Ambition, PlanStatus, Rag, ReviewKind, SdtNeed
from tutordesk.domain.sdt import QUESTIONS, RATING_LABELS, motivation_reading
from tutordesk.services.plans.reviews import ProgressInput, ReviewInput, ReviewView
from tutordesk.services.plans.roadmap import PlanView
from tutordesk.ui.widgets.dialogs import RecordDialog, date_edit, fixed_width, save_anyway, text_box, to_date
from tutordesk.ui.widgets.fields import OptionalDateEdit

RAG_COLOURS = {Rag.RED: "#c62828", Rag.AMBER: "#b36200", Rag.GREEN: "#2e7d32"}
RAG_WORDS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.GREEN: "Green"}
VOICE_PROMPTS = (
    "In their own words, for example:\n"
    "· How do you feel about being back in learning?\n"
    "· Is the plan working for you? What would you change?\n"
    "· Is anything outside college affecting you at the moment?"
)
NEEDS = (SdtNeed.AUTONOMY, SdtNeed.COMPETENCE, SdtNeed.RELATEDNESS)


def rag_icon(rag: Rag) -> QIcon:
    """A filled dot in the rating's colour; always shown beside the rating's word, never instead of it."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(RAG_COLOURS[rag]))
    painter.drawEllipse(1, 1, 12, 12)
    painter.end()
    return QIcon(pixmap)


def reading_html(autonomy: int | None, competence: int | None, relatedness: int | None) -> str:
    """The motivation reading in plain words, as rich text: the headline, the kind, then the explanation."""
    if autonomy is None and competence is None and relatedness is None:
        return "<i>The check-in was not asked this time.</i>"
    reading = motivation_reading(autonomy, competence, relatedness)
    return f"<b>{reading.headline}</b> · {reading.kind.label}<br>{escape(reading.explanation)}"


def version_text(plan: PlanView | None) -> str:
    if plan is None:
        return (
            "There is no plan to rate yet. You can still write down the learner's voice and do the check-in."
        )
    if plan.status == PlanStatus.AGREED.value:
        agreed = f", agreed on {short_date(plan.agreed_on)}" if plan.agreed_on else ""
        return f"Reviewing version {plan.version} of the plan{agreed}."
    if plan.status == PlanStatus.DRAFT.value:
        return f"Reviewing version {plan.version}, a draft that has not been agreed yet."
    return f"This review looked at version {plan.version} of the plan, since {PlanStatus(plan.status).label.lower()}."


@dataclass(frozen=True)
class _ProgressRow:
    stage_id: int | None
    goal_id: int | None
    rag: QComboBox
    note: QLineEdit


class ReviewDialog(RecordDialog):
    """A new review (`review=None`) or an existing one, of `plan` (None when the learner has no plan yet)."""

    def __init__(
        self,
        *,
        plan: PlanView | None,
        review: ReviewView | None,
        every_days: int,
        today: date,
        on_save: Callable[[ReviewInput], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit plan review" if review else "New plan review", on_save, parent)
        self.setObjectName("review_dialog")
        self.every_days = every_days
        self.rows: list[_ProgressRow] = []
        self._kept: tuple[ProgressInput, ...] = ()  # ratings of stages not shown here, saved unchanged
        self._next_touched = review is not None
        self._syncing = False

        held = review.held_on if review else today
        self.held_on = date_edit(held)
        self.held_on.setObjectName("held_on")
        self.held_on.set_latest(today, "A review is recorded once it has been held, so not after today.")
        self._plan_agreed_on = plan.agreed_on if plan is not None else None
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in ReviewKind:
            self.kind.addItem(kind.label, kind.value)
        self.version_label = QLabel(version_text(plan))
        self.version_label.setObjectName("version")
        self.version_label.setWordWrap(True)
        top = QFormLayout()
        top.addRow("Held on", fixed_width(self.held_on))
        top.addRow("Kind of review", fixed_width(self.kind))
        top.addRow(self.version_label)

        self.ambition = QComboBox()
        self.ambition.setObjectName("ambition")
        self.ambition.addItem("Not discussed", "")
        for ambition in Ambition:
            self.ambition.addItem(ambition.label, ambition.value)
        self.adjustments = text_box(
            "What will change? A smaller step, more time, a different way of doing it…"
        )
        self.adjustments.setObjectName("adjustments")
        pitch = QGroupBox("Is the plan pitched right?")
        pitch_form = QFormLayout(pitch)
        pitch_form.addRow("The plan is", fixed_width(self.ambition))
        pitch_form.addRow("Adjustments", self.adjustments)

        self.voice = text_box(VOICE_PROMPTS, 120)
        self.voice.setObjectName("learner_voice")
        self.note = text_box("Anything else you noticed, for your own record")
        self.note.setObjectName("note")
        voice = QGroupBox("The learner's voice")
        voice_form = QFormLayout(voice)
        voice_form.addRow("In their words", self.voice)
        voice_form.addRow("Your note", self.note)

        self.next_review = OptionalDateEdit()
        self.next_review.setObjectName("next_review")
        self.next_review.edit.setSpecialValueText("Follow the cadence")
        self.next_review.clear_button.setToolTip("No set date: the next review follows the cadence")
        self.next_review.changed.connect(self._next_changed)
        next_form = QFormLayout()
        next_form.addRow("Next review", fixed_width(self.next_review))
        hint = QLabel(f"Suggested from the cadence: {_cadence_words(every_days)} after this review.")
        hint.setWordWrap(True)
        next_form.addRow("", hint)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self._progress_box(plan))
        layout.addWidget(pitch)
        layout.addWidget(voice)
        layout.addWidget(self._checkin_box())
        layout.addLayout(next_form)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        if review is not None:
            self._fill(review)
        else:
            self._set_next(held + timedelta(days=every_days))
        self.held_on.changed.connect(self._held_changed)
        self._update_reading()
        self.finish(scroll)
        self.resize(860, 760)
        self.held_on.setFocus()

    # --- building -----------------------------------------------------------------------------------------

    def _progress_box(self, plan: PlanView | None) -> QGroupBox:
        box = QGroupBox("Progress on each stage and goal")
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 3)
        if plan is None or not plan.stages:
            empty = QLabel("Nothing to rate yet: the plan has no stages.")
            grid.addWidget(empty, 0, 0, 1, 3)
            return box
        for column, heading in enumerate(("Stage or goal", "How it is going", "Note")):
            label = QLabel(f"<b>{heading}</b>")
            grid.addWidget(label, 0, column)
        for stage in plan.stages:
            self._add_row(grid, stage.title, stage_id=stage.id, goal_id=None)
            for goal in stage.goals:
                self._add_row(grid, goal.text, stage_id=None, goal_id=goal.id)
        return box

    def _add_row(self, grid: QGridLayout, text: str, *, stage_id: int | None, goal_id: int | None) -> None:
        row = grid.rowCount()
        label = QLabel(f"<b>{escape(text)}</b>" if stage_id else f"Goal: {escape(text)}")
        label.setWordWrap(True)
        if goal_id:
            label.setContentsMargins(18, 0, 0, 0)  # goals sit under their stage
        rag = QComboBox()
        rag.setObjectName(f"rag_{'stage' if stage_id else 'goal'}_{stage_id or goal_id}")
        rag.addItem("Not rated", "")
        for value in Rag:
            rag.addItem(rag_icon(value), value.label, value.value)
        rag.setAccessibleName(f"Progress: {text}")
        note = QLineEdit()
        note.setAccessibleName(f"Note: {text}")
        entry = _ProgressRow(stage_id, goal_id, rag, note)
        rag.currentIndexChanged.connect(lambda _=0, e=entry: self._rag_changed(e))
        self._rag_changed(entry)
        grid.addWidget(label, row, 0)
        grid.addWidget(rag, row, 1)
        grid.addWidget(note, row, 2)
        self.rows.append(entry)

    def _checkin_box(self) -> QGroupBox:
        box = QGroupBox("Check-in: three quick questions")
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 1)
        self.ratings: dict[SdtNeed, QComboBox] = {}
        for row, need in enumerate(NEEDS):
            question = QUESTIONS[need]
            label = QLabel(f"<b>{need.label}</b>: {escape(question.question)}")
            label.setWordWrap(True)
            label.setToolTip(question.about)
            combo = QComboBox()
            combo.setObjectName(f"rating_{need.value}")
            combo.setToolTip(question.about)
            combo.setAccessibleName(need.label)
            combo.addItem("Not asked", None)
            for number, words in RATING_LABELS.items():
                combo.addItem(f"{number} · {words}", number)
            combo.currentIndexChanged.connect(self._update_reading)
            grid.addWidget(label, row, 0)
            grid.addWidget(fixed_width(combo), row, 1)
            self.ratings[need] = combo
        self.reading = QLabel()
        self.reading.setObjectName("reading")
        self.reading.setWordWrap(True)
        self.reading.setTextFormat(Qt.TextFormat.RichText)
        grid.addWidget(self.reading, len(NEEDS), 0, 1, 2)
        return box

    # --- the record in the form ---------------------------------------------------------------------------

    def _fill(self, review: ReviewView) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(review.kind)))
        self.ambition.setCurrentIndex(max(0, self.ambition.findData(review.ambition)))
        self.adjustments.setPlainText(review.adjustments)
        self.voice.setPlainText(review.learner_voice)
        self.note.setPlainText(review.note)
        for need, value in zip(NEEDS, (review.autonomy, review.competence, review.relatedness), strict=True):
            self.ratings[need].setCurrentIndex(max(0, self.ratings[need].findData(value)))
        self._set_next(review.next_review_on)
        found = {(p.stage_id, p.goal_id): p for p in review.progress}
        for row in self.rows:
            item = found.pop((row.stage_id, row.goal_id), None)
            if item is not None:
                row.rag.setCurrentIndex(max(0, row.rag.findData(item.rag)))
                row.note.setText(item.note)
        self._kept = tuple(ProgressInput(p.rag, p.stage_id, p.goal_id, p.note) for p in found.values())

    def rating(self, need: SdtNeed) -> int | None:
        value = self.ratings[need].currentData()
        return None if value is None else int(value)

    def save(self) -> None:
        warning = review_warning(to_date(self.held_on), plan_agreed_on=self._plan_agreed_on)
        if warning is None or save_anyway(self, warning):
            super().save()
        else:
            self.held_on.setFocus()

    def value(self) -> ReviewInput:
        progress = tuple(
            ProgressInput(row.rag.currentData(), row.stage_id, row.goal_id, row.note.text())
            for row in self.rows
            if row.rag.currentData()
        )
        return ReviewInput(
            held_on=to_date(self.held_on),
            kind=self.kind.currentData(),
            ambition=self.ambition.currentData(),
            adjustments=self.adjustments.toPlainText(),
            learner_voice=self.voice.toPlainText(),
            note=self.note.toPlainText(),
            autonomy=self.rating(SdtNeed.AUTONOMY),
            competence=self.rating(SdtNeed.COMPETENCE),
            relatedness=self.rating(SdtNeed.RELATEDNESS),
            next_review_on=self.next_review.value(),
            progress=progress + self._kept,
        )

    # --- reacting -----------------------------------------------------------------------------------------

    def _rag_changed(self, row: _ProgressRow) -> None:
        # A note belongs to a rating: without one it would not be saved, so it waits until one is chosen.
        rated = bool(row.rag.currentData())
        row.note.setEnabled(rated)
        row.note.setPlaceholderText("What is behind this rating?" if rated else "Choose a rating first")

    def _update_reading(self, *_: object) -> None:
        self.reading.setText(reading_html(*(self.rating(need) for need in NEEDS)))

    def _set_next(self, value: date | None) -> None:
        self._syncing = True
        self.next_review.set_value(value)
        self._syncing = False

    def _next_changed(self) -> None:
        if not self._syncing:
            self._next_touched = True

    def _held_changed(self) -> None:
        # Until the tutor picks a next date themselves, it follows the review date plus the cadence.
        held = self.held_on.value_if_date()
        if not self._next_touched and held is not None:
            self._set_next(held + timedelta(days=self.every_days))


def _cadence_words(every_days: int) -> str:
    if every_days % 7 == 0:
        weeks = every_days // 7
        return "one week" if weeks == 1 else f"{weeks} weeks"
    return "one day" if every_days == 1 else f"{every_days} days"
