"""The Plans tab's Baseline and barriers panel: dated strengths-and-needs assessments from both sides (and a
side-by-side comparison of two), the barriers in the learner's way, and the additional support they need.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tutordesk.documents.record_kind_definitions import RecordRow
from tutordesk.documents.record_kinds import load_record_kind
from tutordesk.domain.dates import short_date
from tutordesk.services.plans import baseline as plan_baseline
from tutordesk.services.plans import baseline_records
from tutordesk.services.plans.baseline import ASSESSMENT_TOPICS, AssessmentView, save_assessment
from tutordesk.ui.plans.baseline_dialogs import (
    SIDES,
    AssessmentDialog,
    CompareDialog,
    assessment_columns,
)
from tutordesk.ui.widgets.dialogs import RecordDialog, confirm
from tutordesk.ui.widgets.panel import Panel, PanelContext
from tutordesk.ui.widgets.panel_parts import READ_ONLY_NOTE
from tutordesk.ui.widgets.record_list import RecordList, ServiceStore
from tutordesk.ui.widgets.record_table import RecordSection
from tutordesk.vault.unit_of_work import UnitOfWork

# --- the panel ---------------------------------------------------------------------------------------------


def assessment_html(assessment: AssessmentView) -> str:
    """One assessment as a read-only grid: each topic with the learner's and the tutor's answer."""
    head = "".join(f"<th align='left' width='39%'>{title}</th>" for _, title in SIDES)
    rows = "".join(
        f"<tr><td valign='top' width='22%'><b>{label}</b></td>"
        + "".join(
            f"<td valign='top'>{_lines(assessment.answer(side, topic)) or '<i>Not answered</i>'}</td>"
            for side, _ in SIDES
        )
        + "</tr>"
        for topic, label in ASSESSMENT_TOPICS
    )
    return (
        f"<h3>Assessment of {short_date(assessment.assessed_on)}</h3>"
        f"<table cellspacing='0' cellpadding='4' width='100%'><tr><th></th>{head}</tr>{rows}</table>"
    )


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines())


class BaselinePanel(Panel):
    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("baseline_panel")
        self._assessment_dialog: RecordDialog | None = None  # while it is open
        self.compare_dialog: CompareDialog | None = None
        today = context.today
        self.assessments = RecordSection(
            "Strengths and needs, seen from both sides",
            "assessments",
            assessment_columns(),
            "No assessment yet. Ask the learner what they are good at, what they find hard and what they "
            "hope for, then add your own view: “New assessment…”.",
            "New assessment…",
            stretch=(2,),
        )
        self.assessments.add_button.setToolTip("Record a new assessment (Ctrl+Shift+A)")
        self.compare_button = QPushButton("Compare with…")
        self.compare_button.setObjectName("compare")
        self.compare_button.setToolTip("Set two assessments side by side to see what has changed")
        self.compare_button.clicked.connect(self.compare)
        self.assessments.buttons.insertWidget(3, self.compare_button)
        self.preview = QTextBrowser()
        self.preview.setObjectName("assessment_preview")
        self.preview.setAccessibleName("The chosen assessment")
        self.preview.setOpenLinks(False)
        self.assessments.layout().addWidget(self.preview)
        self.assessments.layout().setStretch(0, 1)
        self.assessments.layout().setStretch(2, 3)
        self.assessments.view.selectionModel().selectionChanged.connect(self._show_assessment)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+A"), self, activated=self.new_assessment)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        # Barriers and support needs are lists of records described in forms/records/, kept in their own
        # tables: the generic record list and editor show them through the baseline's services.
        learner = lambda: self.learner_id  # noqa: E731 - read when the list reads or writes
        barrier = baseline_records.check_kind(load_record_kind("barrier"), baseline_records.BARRIER_FIELDS)
        self.barriers = RecordList(
            barrier,
            ServiceStore(
                self.run,
                learner,
                load=baseline_records.barrier_rows,
                save=baseline_records.save_barrier_values,
                delete=baseline_records.delete_barrier,
            ),
            today=today,
            name="barriers",
            editor_size=QSize(620, 400),
            delete_question=lambda row: (
                f"Delete the selected {barrier.field('domain').choice_label(row.values['domain']).lower()} barrier?"
            ),
        )
        need = baseline_records.check_kind(
            load_record_kind("support_need"), baseline_records.SUPPORT_NEED_FIELDS
        )
        self.needs = RecordList(
            need,
            ServiceStore(
                self.run,
                learner,
                load=baseline_records.support_need_rows,
                save=baseline_records.save_support_need_values,
                delete=baseline_records.delete_support_need,
            ),
            today=today,
            name="support_needs",
            editor_size=QSize(600, 330),
        )
        self.assessments.wire(self.new_assessment, lambda: self.edit("assessment"), self.delete_assessment)

        self.read_only_note = QLabel(READ_ONLY_NOTE)
        self.read_only_note.setObjectName("read_only_note")
        self.read_only_note.hide()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.barriers)
        right.addWidget(self.needs)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.assessments)
        split.addWidget(right)
        split.setSizes([560, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_note)
        layout.addWidget(split, 1)
        self.reload()

    @property
    def dialog(self) -> RecordDialog | None:
        """The record dialog open over the panel, if any: an assessment, a barrier or a support need."""
        return self._assessment_dialog or self.barriers.dialog or self.needs.dialog

    # --- reading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        learner_id, found = self.learner_id, None
        if learner_id is not None:
            found = self.run(
                lambda uow: (
                    plan_baseline.list_assessments(uow, learner_id=learner_id),
                    baseline_records.barrier_rows(uow, learner_id=learner_id),
                    baseline_records.support_need_rows(uow, learner_id=learner_id),
                )
            )
        assessments: list[AssessmentView]
        barriers: list[RecordRow]
        needs: list[RecordRow]
        assessments, barriers, needs = found or ([], [], [])
        self.assessments.set_rows(assessments)
        self.barriers.show_rows(barriers)
        self.needs.show_rows(needs)
        self._show_assessment()

    def _show_assessment(self, *_: object) -> None:
        chosen = self.assessments.view.selected()
        self.preview.setHtml(assessment_html(chosen) if chosen is not None else "")
        rows = self.assessments.model.rowCount()
        self.preview.setPlaceholderText("Choose an assessment to read both sides of it." if rows else "")
        self._update_enabled()

    def _update_enabled(self) -> None:
        can_edit = self.learner_id is not None and not self.context.read_only
        self.read_only_note.setVisible(self.learner_id is not None and self.context.read_only)
        for section in (self.assessments, self.barriers, self.needs):
            section.update_enabled(can_edit)
        self.compare_button.setEnabled(self.assessments.model.rowCount() >= 2)

    # --- changing -----------------------------------------------------------------------------------------

    def new_assessment(self) -> None:
        self.edit("assessment", new=True)  # also reached by Ctrl+Shift+A

    def edit(self, kind: str, *, new: bool = False) -> None:
        """Open the dialog for a new record of `kind`, or for the selected one."""
        if kind in ("barrier", "need"):
            records = self.barriers if kind == "barrier" else self.needs
            records.new_record() if new else records.edit_selected()
            return
        section = self.assessments
        chosen = None if new else self._chosen(section)
        if not section.add_button.isEnabled() or (chosen is None and not new):
            return
        on_save = self._saver(section, chosen.id if chosen is not None else None)
        dialog = AssessmentDialog(assessment=chosen, today=self.context.today(), on_save=on_save, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "_assessment_dialog", None))
        self._assessment_dialog = dialog
        dialog.open()

    def delete_assessment(self) -> None:
        if (chosen := self._chosen(self.assessments)) is None:
            return
        question = f"Delete the assessment of {short_date(chosen.assessed_on)}?"
        self._delete(chosen, "assessment", question, "Both sides' answers go with it. This cannot be undone.")

    def delete_barrier(self) -> None:
        self.barriers.delete_selected()

    def delete_need(self) -> None:
        self.needs.delete_selected()

    def compare(self) -> None:
        rows: list[AssessmentView] = self.assessments.model.rows()
        if len(rows) < 2:
            return
        chosen = self.assessments.view.selected() or rows[0]
        index = rows.index(chosen)
        other = rows[index + 1] if index + 1 < len(rows) else rows[index - 1]  # the one before it, if any
        dialog = CompareDialog(rows, other.id, chosen.id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "compare_dialog", None))
        self.compare_dialog = dialog
        dialog.open()

    def _saver(self, section: RecordSection, record_id: int | None) -> Callable[[Any], bool]:
        """What the assessment dialog calls to save: one committed unit of work, then the lists read again
        with the saved assessment selected."""

        def save(uow: UnitOfWork, learner_id: int, value: Any) -> int:
            return save_assessment(uow, learner_id=learner_id, assessment=value, assessment_id=record_id)

        def on_save(value: Any) -> bool:
            learner_id = self.learner_id
            saved = (
                None
                if learner_id is None
                else self.run(lambda uow: save(uow, learner_id, value), commit=True)
            )
            if saved is None:
                return False
            self.reload()
            section.view.select_where(lambda r: r.id == saved)
            return True

        return on_save

    @staticmethod
    def _chosen(section: RecordSection) -> Any | None:
        """The selected record, when it may be changed."""
        return section.view.selected() if section.delete_button.isEnabled() else None

    def _delete(self, chosen: Any, kind: str, question: str, detail: str) -> None:
        if confirm(self, question, "Delete", detail):
            self.run(
                lambda uow: plan_baseline.delete_record(uow, kind=kind, record_id=chosen.id), commit=True
            )
            self.reload()
