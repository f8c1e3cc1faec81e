"""The Plans tab's Reviews panel: when the next review is due and how often, the reviews held (newest first)
with their details, and the check-in chart with the latest motivation reading in plain words.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import short_date
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.plan_enums import Ambition, Rag, ReviewKind
from tutordesk.domain.review_schedule import CADENCE_CHOICES, ReviewState, cadence_label, suggested_cadence
from tutordesk.services.learners.records import learner_status
from tutordesk.services.plans import reviews as plan_reviews
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.plans.review_records import export_review_record, review_record_unprintable
from tutordesk.services.plans.reviews import (
    ReviewInput,
    ReviewView,
    ScheduleView,
    checkin_history,
    list_reviews,
    record_review,
    review_schedule,
    set_review_cadence,
)
from tutordesk.ui.plans.review_dialog import RAG_COLOURS, RAG_WORDS, ReviewDialog, reading_html
from tutordesk.ui.plans.sdt_chart import SdtChart
from tutordesk.ui.widgets.dialogs import confirm
from tutordesk.ui.widgets.panel import Panel, PanelContext, vault_files
from tutordesk.ui.widgets.panel_parts import READ_ONLY_NOTE
from tutordesk.ui.widgets.printing import go_ahead_without
from tutordesk.ui.widgets.record_table import Column, RecordSection, warning_style
from tutordesk.ui.widgets.save_dialog import choose_export_file
from tutordesk.vault.unit_of_work import UnitOfWork

# --- words -------------------------------------------------------------------------------------------------


def days_text(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def schedule_text(schedule: ScheduleView, today: date) -> str:
    cadence = cadence_label(schedule.every_days)
    opening = f"Reviews {cadence[0].lower()}{cadence[1:]}"
    due = schedule.next_due
    if due is None or schedule.state == ReviewState.NONE:
        return f"{opening} · the first review falls due once the plan is agreed"
    if schedule.state == ReviewState.OVERDUE:
        return f"{opening} · Overdue by {days_text((today - due).days)}: the next review was due {short_date(due)}"
    if due == today:
        return f"{opening} · next due today, {short_date(due)}"
    when = "tomorrow" if (due - today).days == 1 else f"in {days_text((due - today).days)}"
    return f"{opening} · next due {short_date(due)} ({when})"


def rag_counts(review: ReviewView) -> str:
    counts = {rag: sum(item.rag == rag.value for item in review.progress) for rag in Rag}
    parts = [
        f"{counts[rag]} {RAG_WORDS[rag].lower()}" for rag in (Rag.GREEN, Rag.AMBER, Rag.RED) if counts[rag]
    ]
    return " · ".join(parts) if parts else "Not rated"


def _ambition(review: ReviewView) -> str:
    return Ambition(review.ambition).label if review.ambition else "Not discussed"


REVIEW_COLUMNS = (
    Column("Held on", lambda r: short_date(r.held_on)),
    Column("Kind", lambda r: ReviewKind(r.kind).label),
    Column("Plan", lambda r: f"Version {r.plan_version}" if r.plan_version is not None else "No plan"),
    Column("Progress", rag_counts),
    Column("Pitched", _ambition),
    Column("Learner's words", lambda r: r.learner_voice, whole_tip=True),
)


def _paragraphs(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines())


def review_html(review: ReviewView) -> str:
    """Everything about one review, as rich text for the details pane."""
    version = f"version {review.plan_version} of the plan" if review.plan_version is not None else "no plan"
    parts = [
        f"<h3>{ReviewKind(review.kind).label}, {short_date(review.held_on)}</h3>",
        f"<p>Reviewed {version}."
        + (f" Next review set for {short_date(review.next_review_on)}." if review.next_review_on else "")
        + "</p>",
        "<p><b>Progress</b></p>",
    ]
    if review.progress:
        rows = []
        for item in review.progress:
            rag = Rag(item.rag)
            what = f"Goal: {escape(item.label)}" if item.goal_id else f"<b>{escape(item.label)}</b>"
            note = f" — {escape(item.note)}" if item.note else ""
            rows.append(
                f"<tr><td style='color:{RAG_COLOURS[rag]}; padding-right:8px'><b>● {RAG_WORDS[rag]}</b></td>"
                f"<td>{what}{note}</td></tr>"
            )
        parts.append(f"<table cellspacing='2'>{''.join(rows)}</table>")
    else:
        parts.append("<p>No stage or goal was rated.</p>")
    parts.append(f"<p><b>Is the plan pitched right?</b> {_ambition(review)}.</p>")
    if review.adjustments:
        parts.append(f"<p><b>Adjustments</b><br>{_paragraphs(review.adjustments)}</p>")
    voice = _paragraphs(review.learner_voice) if review.learner_voice else "<i>Nothing written down.</i>"
    parts.append(f"<p><b>In the learner's words</b><br>{voice}</p>")
    if review.note:
        parts.append(f"<p><b>Your note</b><br>{_paragraphs(review.note)}</p>")
    ratings = (
        ("Autonomy", review.autonomy),
        ("Competence", review.competence),
        ("Relatedness", review.relatedness),
    )
    asked = " · ".join(f"{name} {value if value is not None else 'not asked'}" for name, value in ratings)
    parts.append(f"<p><b>Check-in</b> (1 to 5): {asked}<br>")
    parts.append(reading_html(review.autonomy, review.competence, review.relatedness) + "</p>")
    return "".join(parts)


# --- the panel ---------------------------------------------------------------------------------------------


class ReviewsPanel(Panel):
    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("reviews_panel")
        self.schedule: ScheduleView | None = None
        self.dialog: ReviewDialog | None = None  # the review dialog while it is open

        self.schedule_label = QLabel()
        self.schedule_label.setObjectName("schedule")
        self.schedule_label.setWordWrap(True)
        font = self.schedule_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.schedule_label.setFont(font)
        self.cadence = QComboBox()
        self.cadence.setObjectName("cadence")
        self.cadence.setAccessibleName("How often to review")
        self.cadence.activated.connect(self._cadence_chosen)  # the user's choice only, not our own filling
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+R"), self, activated=self.new_review)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.read_only_note = QLabel(READ_ONLY_NOTE)
        self.read_only_note.setObjectName("read_only_note")
        self.read_only_note.hide()

        self.reviews = RecordSection(
            "Reviews",
            "reviews",
            REVIEW_COLUMNS,
            "No reviews yet. Once you have sat down with the learner to look at how the plan is going, "
            "record it here with “New review…”.",
            "New review…",
            stretch=(-1,),
        )
        self.model, self.table = self.reviews.model, self.reviews.view
        self.new_button, self.edit_button = self.reviews.add_button, self.reviews.edit_button
        self.delete_button = self.reviews.delete_button
        self.new_button.setObjectName("new_review")
        self.new_button.setToolTip("Record a review with the learner (Ctrl+Shift+R, or Ins in the list)")
        self.reviews.wire(self.new_review, self.edit_review, self.delete_review)
        self.record_button = QPushButton("Save record as PDF…")
        self.record_button.setObjectName("save_review_record")
        self.record_button.setToolTip("The review record to print, sign and give the learner a copy")
        self.record_button.setAutoDefault(False)
        self.record_button.clicked.connect(lambda: self.save_record())
        self.reviews.buttons.insertWidget(self.reviews.buttons.count() - 1, self.record_button)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.details = QTextBrowser()
        self.details.setObjectName("review_details")
        self.details.setAccessibleName("The chosen review")
        self.details.setOpenLinks(False)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.reviews)
        left.addWidget(self.details)
        left.setSizes([260, 400])
        top = QHBoxLayout()
        top.addWidget(self.schedule_label, 1)
        top.addWidget(QLabel("Review"))
        top.addWidget(self.cadence)
        top.addSpacing(12)
        top.addWidget(self.new_button)  # taken from the list's buttons: a new review is the main action here

        self.chart = SdtChart()
        self.reading_title = QLabel()
        self.reading_title.setObjectName("reading_title")
        self.reading = QLabel()
        self.reading.setObjectName("reading")
        self.reading.setWordWrap(True)
        self.reading.setTextFormat(Qt.TextFormat.RichText)
        self.reading.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        right = QGroupBox("Check-ins: autonomy, competence and relatedness")
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.chart, 3)
        right_layout.addWidget(self.reading_title)
        right_layout.addWidget(self.reading, 2)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([800, 460])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.read_only_note)
        layout.addWidget(split, 1)
        self.reload()

    # --- reading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        learner_id, today = self.learner_id, self.context.today()
        found = None
        if learner_id is not None:

            def read(uow: UnitOfWork) -> tuple[Any, ...]:
                return (
                    list_reviews(uow, learner_id=learner_id),
                    review_schedule(uow, learner_id=learner_id, today=today),
                    checkin_history(uow, learner_id=learner_id),
                    learner_status(uow, learner_id=learner_id),
                )

            found = self.run(read)
        reviews, self.schedule, history, status = found or ([], None, [], "")
        self.reviews.set_rows(reviews)
        self._show_selected()
        self._show_schedule(status, today)
        self.chart.set_points(history)
        if history:
            when, *ratings = history[-1]
            self.reading_title.setText(f"<b>Latest check-in, {short_date(when)}</b>")
            self.reading.setText(reading_html(*ratings))
        else:
            self.reading_title.setText("")
            self.reading.setText(
                "A reading of the learner's motivation appears here after the first check-in."
            )
        self._update_enabled()

    def _show_schedule(self, status: str, today: date) -> None:
        self.cadence.clear()
        if self.schedule is None:
            self.schedule_label.setText("")
            return
        text = schedule_text(self.schedule, today)
        self.schedule_label.setText(text)
        self.schedule_label.setStyleSheet("")
        if self.schedule.state == ReviewState.OVERDUE:
            warning_style(self.schedule_label)
        suggested = suggested_cadence(status) if status else None
        choices = dict(CADENCE_CHOICES)
        choices.setdefault(self.schedule.every_days, cadence_label(self.schedule.every_days))
        for days in sorted(choices):
            self.cadence.addItem(choices[days] + (" (suggested)" if days == suggested else ""), days)
        self.cadence.setCurrentIndex(self.cadence.findData(self.schedule.every_days))
        tip = "How often this learner's plan is reviewed."
        if suggested is not None:
            why = " while they are re-engaging" if status == LearnerStatus.RE_ENGAGING.value else ""
            tip += f" Suggested{why}: {cadence_label(suggested).lower()}."
        self.cadence.setToolTip(tip)

    def _show_selected(self, *_: object) -> None:
        review = self.table.selected()
        self.details.setHtml(review_html(review) if review is not None else "")
        rows = self.model.rowCount()
        self.details.setPlaceholderText("Choose a review to see everything recorded at it." if rows else "")
        self._update_enabled()

    def _update_enabled(self) -> None:
        can_edit = self.learner_id is not None and not self.context.read_only
        self.read_only_note.setVisible(self.learner_id is not None and self.context.read_only)
        self.cadence.setEnabled(can_edit and self.schedule is not None)
        self.reviews.update_enabled(can_edit)
        self.record_button.setEnabled(can_edit and self.table.selected() is not None)

    # --- changing -----------------------------------------------------------------------------------------

    def _cadence_chosen(self, index: int) -> None:
        days, learner_id, today = self.cadence.itemData(index), self.learner_id, self.context.today()
        if learner_id is None or self.schedule is None or days == self.schedule.every_days:
            return
        self.run(
            lambda uow: set_review_cadence(uow, learner_id=learner_id, every_days=int(days), today=today),
            commit=True,
        )
        self.reload()

    def save_record(self, target: Path | None = None) -> Path | None:
        """Save the selected review's record as a PDF (asks where unless `target` is given)."""
        review = self.table.selected()
        if review is None or not self.record_button.isEnabled():
            return None
        missing = self.run(lambda uow: review_record_unprintable(uow, review_id=review.id), commit=True)
        if missing is None or not go_ahead_without(
            self, missing, document="the review record", printing=False
        ):
            return None
        if target is None:
            chosen = choose_export_file(
                self,
                "Save the review record",
                Path.home() / f"review-{review.held_on.isoformat()}.pdf",  # no name: the file may be shared
                "PDF files (*.pdf)",
                suffix=".pdf",
                protected=vault_files(self.context),
            )
            if chosen is None:
                return None
            target = chosen.path
        saved_to = target
        result = self.run(
            lambda uow: export_review_record(uow, review_id=review.id, target=saved_to), commit=True
        )
        return result.path if result is not None else None

    def set_cadence(self, every_days: int) -> None:
        """Choose a cadence as the tutor would from the list."""
        self.cadence.setCurrentIndex(self.cadence.findData(every_days))
        self._cadence_chosen(self.cadence.currentIndex())

    def new_review(self) -> None:
        learner_id = self.learner_id
        if learner_id is None or not self.new_button.isEnabled():
            return  # also reached by Ctrl+Shift+R
        found = self.run(
            lambda uow: (
                plans.agreed_plan(uow, learner_id=learner_id) or plans.load_plan(uow, learner_id=learner_id),
            )
        )
        if found is not None:
            self._open(found[0], None)

    def edit_review(self) -> None:
        review, learner_id = self.table.selected(), self.learner_id
        if review is None or learner_id is None or not self.edit_button.isEnabled():
            return
        version = review.plan_version
        found = self.run(
            lambda uow: (
                plans.load_plan(uow, learner_id=learner_id, version=version) if version is not None else None,
            )
        )
        if found is not None:
            self._open(found[0], review)

    def _open(self, plan: plans.PlanView | None, review: ReviewView | None) -> None:
        assert self.schedule is not None
        review_id = review.id if review is not None else None
        dialog = ReviewDialog(
            plan=plan,
            review=review,
            every_days=self.schedule.every_days,
            today=self.context.today(),
            on_save=lambda value: self._save(value, review_id),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self) -> None:
        self.dialog = None

    def _save(self, value: ReviewInput, review_id: int | None) -> bool:
        learner_id = self.learner_id
        if learner_id is None:
            return False
        today = self.context.today()
        saved = self.run(
            lambda uow: record_review(
                uow, learner_id=learner_id, review=value, review_id=review_id, today=today
            ),
            commit=True,
        )
        if saved is None:
            return False
        self.reload()
        self.table.select_where(lambda r: r.id == saved)
        return True

    def delete_review(self) -> None:
        review = self.table.selected()
        if review is None or not self.delete_button.isEnabled():
            return
        if not confirm(
            self,
            f"Delete the review held on {short_date(review.held_on)}?",
            "Delete review",
            "Its progress ratings, the learner's words and the check-in go with it. This cannot be undone.",
        ):
            return
        self.run(lambda uow: plan_reviews.delete_review(uow, review_id=review.id), commit=True)
        self.reload()
