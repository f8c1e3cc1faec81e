"""The Mentoring tab's Targets panel: the relationship's SMART targets (in the young person's words and in
professional wording, with the SMART letters as advice) and the young person's self-assessments, the
selected one set beside the first so the change since the start can be seen ("2 → 4").
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from tutordesk.domain.dates import short_date
from tutordesk.domain.mentoring_enums import AssessmentPoint, RelationshipMode
from tutordesk.domain.plan_enums import GoalStatus
from tutordesk.services.mentoring.progress import (
    AssessmentInput,
    AssessmentView,
    TargetInput,
    TargetView,
    assessments,
    remove_assessment,
    remove_target,
    save_assessment,
    save_target,
    targets,
)
from tutordesk.services.mentoring.relationships import RelationshipView
from tutordesk.ui.mentoring.contacts import TipColumn, TipModel, use_model
from tutordesk.ui.mentoring.panel import RelationshipPanel
from tutordesk.ui.mentoring.phase_dialog import lock_text
from tutordesk.ui.mentoring.target_dialog import (
    COACHING_NOTE,
    MENTORING_NOTE,
    PRIVATE_NOTE,
    AssessmentDialog,
    TargetDialog,
)
from tutordesk.ui.widgets.dialogs import confirm
from tutordesk.ui.widgets.fields import hint
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.panel_parts import UndoBar
from tutordesk.ui.widgets.record_table import Column, RecordSection


def _rating(value: int | None) -> str:
    return f"{value} of 5" if value is not None else "Not asked"


TARGET_COLUMNS = (
    Column("In their words", lambda t: t.learner_words, whole_tip=True),
    Column("Professional wording", lambda t: t.professional_wording, whole_tip=True),
    Column("Deadline", lambda t: short_date(t.deadline) if t.deadline else "No date"),
    Column("Status", lambda t: GoalStatus(t.status).label),
    TipColumn(
        "SMART",
        lambda t: t.smart.letters if t.smart else "",
        tip=lambda t: t.smart.tooltip() if t.smart else "",
    ),
)
ASSESSMENT_COLUMNS = (
    Column("Date", lambda a: short_date(a.assessed_on)),
    Column("When", lambda a: AssessmentPoint(a.point).label),
    Column("Confidence", lambda a: _rating(a.confidence)),
    Column("Progress", lambda a: _rating(a.progress)),
)


def _change(before: int | None, after: int | None) -> str:
    return f"{before if before is not None else 'not asked'} → {after if after is not None else 'not asked'}"


def _text(value: str) -> str:
    return "<br>".join(escape(line) for line in value.splitlines()) or "<i>Nothing written down</i>"


def comparison_html(start: AssessmentView, chosen: AssessmentView) -> str:
    """The first self-assessment beside `chosen`: the ratings as "2 → 4", the words side by side."""

    def heading(assessment: AssessmentView) -> str:
        return f"{AssessmentPoint(assessment.point).label}, {short_date(assessment.assessed_on)}"

    note = (
        f"<p><b>Your private note</b> <i>({escape(PRIVATE_NOTE)})</i><br>{_text(chosen.note)}</p>"
        if chosen.note
        else ""
    )
    if chosen.id == start.id:
        return (
            f"<h3>The starting point: {escape(heading(start))}</h3>"
            f"<p><b>Confidence</b> {_rating(start.confidence)} · <b>Progress</b> {_rating(start.progress)}</p>"
            f"<p><b>Strengths</b><br>{_text(start.strengths)}</p>"
            f"<p><b>To work on</b><br>{_text(start.to_work_on)}</p>"
            "<p><i>Later self-assessments are set beside this one.</i></p>" + note
        )
    rows = (
        f"<tr><td><b>Confidence</b></td><td colspan='2'>{_change(start.confidence, chosen.confidence)}</td></tr>"
        f"<tr><td><b>Progress</b></td><td colspan='2'>{_change(start.progress, chosen.progress)}</td></tr>"
        f"<tr><td valign='top'><b>Strengths</b></td><td valign='top'>{_text(start.strengths)}</td>"
        f"<td valign='top'>{_text(chosen.strengths)}</td></tr>"
        f"<tr><td valign='top'><b>To work on</b></td><td valign='top'>{_text(start.to_work_on)}</td>"
        f"<td valign='top'>{_text(chosen.to_work_on)}</td></tr>"
    )
    return (
        "<h3>Since the start</h3>"
        "<table cellspacing='0' cellpadding='4' width='100%'>"
        f"<tr><th></th><th align='left' width='40%'>{escape(heading(start))}</th>"
        f"<th align='left' width='40%'>{escape(heading(chosen))}</th></tr>{rows}</table>" + note
    )


class TargetsPanel(RelationshipPanel):
    """The targets and self-assessments of one relationship."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("targets_panel")
        self.dialog: QDialog | None = None  # the dialog while it is open
        self.removed: TargetInput | None = None  # what Undo puts back

        self.lock_note = QLabel()
        self.lock_note.setObjectName("lock_note")
        self.lock_note.setWordWrap(True)
        self.targets = RecordSection(
            "Targets",
            "targets",
            TARGET_COLUMNS,
            "No targets yet. Agree the first one with the young person, in their words, with “Add target…”.",
            "Add target…",
            stretch=(0, 1),
        )
        use_model(self.targets, TipModel(TARGET_COLUMNS, self.targets))
        self.targets.view.selectionModel().selectionChanged.connect(self._update_enabled)
        self.targets.delete_button.setText("Remove")
        self.targets.delete_button.setToolTip("Remove the selected target (Del); you can undo it")
        self.targets.wire(self.new_target, self.edit_target, self.remove_selected_target)
        self.mode_note = hint("")
        self.mode_note.setObjectName("mode_note")
        self.undo_bar = UndoBar("targets")
        self.undo_bar.button.clicked.connect(self.undo_remove)
        targets_layout = self.targets.layout()
        assert isinstance(targets_layout, QVBoxLayout)
        targets_layout.insertWidget(0, self.mode_note)
        targets_layout.addWidget(self.undo_bar)
        shortcut = QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo_remove)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.assessments = RecordSection(
            "Self-assessment",
            "assessments",
            ASSESSMENT_COLUMNS,
            "No self-assessment yet. Ask the young person how they see themselves today, then record it "
            "with “Add self-assessment…”; later ones are set beside it.",
            "Add self-assessment…",
            stretch=(1,),
        )
        self.assessments.delete_button.setText("Remove…")
        self.assessments.delete_button.setToolTip("Remove the selected self-assessment (Del)")
        self.assessments.wire(self.new_assessment, self.edit_assessment, self.remove_selected_assessment)
        self.assessments.view.selectionModel().selectionChanged.connect(self._show_comparison)
        self.comparison = QTextBrowser()
        self.comparison.setObjectName("comparison")
        self.comparison.setAccessibleName("How the self-assessments compare")
        self.comparison.setOpenLinks(False)
        assessments_layout = self.assessments.layout()
        assert isinstance(assessments_layout, QVBoxLayout)
        assessments_layout.addWidget(self.comparison, 2)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.targets)
        split.addWidget(self.assessments)
        split.setSizes([700, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_note)
        layout.addWidget(split, 1)
        self.reload()

    def show_relationship(self, learner_id: int | None, relationship: RelationshipView | None) -> None:
        if relationship is None or relationship.id != self.relationship_id:
            self.removed = None  # an Undo belongs to the relationship it was offered on, while it is shown
        super().show_relationship(learner_id, relationship)

    # --- reading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        relationship_id, today = self.relationship_id, self.context.today()
        found = None
        if relationship_id is not None:
            found = self.run(
                lambda uow: (
                    targets(uow, relationship_id=relationship_id, today=today),
                    assessments(uow, relationship_id=relationship_id),
                )
            )
        target_rows, assessment_rows = found or ([], [])
        self.lock_note.setText(lock_text(self))
        self.lock_note.setVisible(bool(self.lock_note.text()))
        coaching = self.relationship is not None and self.relationship.mode == RelationshipMode.COACHING
        self.mode_note.setText(COACHING_NOTE if coaching else MENTORING_NOTE)
        self.mode_note.setVisible(self.relationship is not None)
        self.targets.set_rows(target_rows)
        with QSignalBlocker(self.assessments.view.selectionModel()):
            self.assessments.set_rows(assessment_rows)
        self._show_comparison()
        self.undo_bar.offer(self._undo_text())

    def _undo_text(self) -> str | None:
        if self.removed is None or not self.editable:
            return None
        words = self.removed.learner_words or self.removed.professional_wording
        return f"Removed the target “{words[:80]}{'…' if len(words) > 80 else ''}”."

    def _show_comparison(self, *_: object) -> None:
        rows: list[AssessmentView] = self.assessments.model.rows()
        chosen = self.assessments.view.selected()
        if not rows:
            self.comparison.setHtml("")
            self.comparison.setPlaceholderText("")
        elif chosen is None:
            self.comparison.setHtml("")
            self.comparison.setPlaceholderText("Choose a self-assessment to set it beside the first one.")
        else:
            self.comparison.setHtml(comparison_html(rows[0], chosen))
        self._update_enabled()

    def _update_enabled(self, *_: object) -> None:
        self.targets.update_enabled(self.editable)
        self.assessments.update_enabled(self.editable)

    # --- targets ------------------------------------------------------------------------------------------

    def new_target(self) -> None:
        self._open_target(None)

    def edit_target(self) -> None:
        chosen: TargetView | None = self.targets.view.selected()
        if chosen is not None:
            self._open_target(chosen)

    def _open_target(self, target: TargetView | None) -> None:
        relationship = self.relationship
        if relationship is None or not self.editable:
            return
        target_id = target.id if target is not None else None

        def save(data: TargetInput) -> bool:
            saved = self.run(
                lambda uow: save_target(uow, relationship_id=relationship.id, data=data, target_id=target_id),
                commit=True,
            )
            if saved is None:
                return False
            self.removed = None
            self.reload()
            self.targets.view.select_where(lambda t: t.id == saved)
            return True

        self._show_dialog(
            TargetDialog(
                target,
                today=self.context.today(),
                coaching=relationship.mode == RelationshipMode.COACHING,
                on_save=save,
                parent=self,
            )
        )

    def remove_selected_target(self) -> None:
        """Remove the selected target at once; "Undo" (or Ctrl+Z) puts it back."""
        chosen: TargetView | None = self.targets.view.selected()
        if chosen is None or not self.editable:
            return
        removed = self.run(lambda uow: remove_target(uow, target_id=chosen.id), commit=True)
        self.removed = removed
        self.reload()

    def undo_remove(self) -> None:
        removed, relationship_id = self.removed, self.relationship_id
        if removed is None or relationship_id is None or not self.editable:
            return
        saved = self.run(
            lambda uow: save_target(uow, relationship_id=relationship_id, data=removed), commit=True
        )
        self.removed = None
        self.reload()
        if saved is not None:
            self.targets.view.select_where(lambda t: t.id == saved)

    # --- self-assessments ---------------------------------------------------------------------------------

    def new_assessment(self) -> None:
        self._open_assessment(None)

    def edit_assessment(self) -> None:
        chosen: AssessmentView | None = self.assessments.view.selected()
        if chosen is not None:
            self._open_assessment(chosen)

    def _open_assessment(self, assessment: AssessmentView | None) -> None:
        relationship_id = self.relationship_id
        if relationship_id is None or not self.editable:
            return
        assessment_id = assessment.id if assessment is not None else None

        def save(data: AssessmentInput) -> bool:
            saved = self.run(
                lambda uow: save_assessment(
                    uow, relationship_id=relationship_id, data=data, assessment_id=assessment_id
                ),
                commit=True,
            )
            if saved is None:
                return False
            self.reload()
            self.assessments.view.select_where(lambda a: a.id == saved)
            return True

        self._show_dialog(
            AssessmentDialog(
                assessment=assessment,
                first=self.assessments.model.rowCount() == 0,
                today=self.context.today(),
                on_save=save,
                parent=self,
            )
        )

    def remove_selected_assessment(self) -> None:
        chosen: AssessmentView | None = self.assessments.view.selected()
        if chosen is None or not self.editable:
            return
        if confirm(
            self,
            f"Remove the self-assessment of {short_date(chosen.assessed_on)}?",
            "Remove",
            "What the young person said goes with it. This cannot be undone.",
        ):
            self.operate(lambda uow: remove_assessment(uow, assessment_id=chosen.id))
            self.reload()

    def _show_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
