"""The Transitions tab's "Travel plan" page: how the young person gets to the new setting (the form in
`forms/travel_plan.toml`, saved with Save or Ctrl+S, and when the window locks or another learner is
chosen), and the practice runs that build their confidence, with the trend of that confidence in words.

The travel plan belongs to the learner, not to one move: it can be written before any move is planned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tutordesk.documents.forms import load_form
from tutordesk.domain.dates import short_date
from tutordesk.services.transitions.handover_material import (
    TRAVEL_FORM,
    PracticeRunInput,
    PracticeRunView,
    form_answers,
    practice_runs,
    remove_practice_run,
    save_form_answers,
    save_practice_run,
)
from tutordesk.ui.widgets.dialogs import RecordDialog, confirm, date_edit, fixed_width, text_box, to_date
from tutordesk.ui.widgets.fields import dates_ready, hint
from tutordesk.ui.widgets.form_editor import FormEditor
from tutordesk.ui.widgets.panel import Panel, PanelContext
from tutordesk.ui.widgets.panel_parts import READ_ONLY_NOTE
from tutordesk.ui.widgets.record_table import Column, RecordSection
from tutordesk.vault.unit_of_work import UnitOfWork

CONFIDENCE_WORDS = {
    1: "Very unsure",
    2: "A bit unsure",
    3: "Getting there",
    4: "Fairly confident",
    5: "Confident on my own",
}
RUN_COLUMNS = (
    Column("Date", lambda r: short_date(r.practised_on)),
    Column("With whom", lambda r: r.with_whom),
    Column(
        "Confidence", lambda r: f"{r.confidence} · {CONFIDENCE_WORDS[r.confidence]}" if r.confidence else ""
    ),
    Column("Note", lambda r: r.note, whole_tip=True),
)
RUNS_EMPTY = (
    "No practice runs yet. Doing the journey together a few times, then alone, builds confidence: add each "
    "one with “Add practice run…”."
)


def confidence_trend(runs: Sequence[PracticeRunView]) -> str:
    """The confidence of the rated runs in date order, as "2 → 3 → 5"; "" when none was rated."""
    return " → ".join(str(run.confidence) for run in runs if run.confidence is not None)


class PracticeRunDialog(RecordDialog):
    """One practice run of the journey: when, with whom, how confident the young person felt, a note."""

    def __init__(
        self,
        run: PracticeRunView | None,
        *,
        today: date,
        on_save: Callable[[PracticeRunInput], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit practice run" if run else "New practice run", on_save, parent)
        self.setObjectName("practice_run_dialog")
        data = run or PracticeRunInput(practised_on=today)
        self.practised_on = date_edit(data.practised_on)
        self.practised_on.setObjectName("practised_on")
        self.with_whom = QLineEdit(data.with_whom)
        self.with_whom.setObjectName("with_whom")
        self.with_whom.setPlaceholderText("Who came along, or “on my own”")
        self.confidence = QComboBox()
        self.confidence.setObjectName("confidence")
        self.confidence.addItem("Not asked", None)
        for number, words in CONFIDENCE_WORDS.items():
            self.confidence.addItem(f"{number} · {words}", number)
        self.confidence.setCurrentIndex(max(0, self.confidence.findData(data.confidence)))
        self.note = text_box("What went well, and what to practise next time", 96)
        self.note.setObjectName("note")
        self.note.setPlainText(data.note)
        form = QFormLayout()
        form.addRow("&Date", fixed_width(self.practised_on))
        form.addRow("&With whom", self.with_whom)
        form.addRow("&Confidence", fixed_width(self.confidence))
        form.addRow("", hint("In the young person's own words: how sure they felt doing the journey."))
        form.addRow("&Note", self.note)
        for label, field in (
            ("Date", self.practised_on),
            ("With whom", self.with_whom),
            ("Confidence, 1 to 5", self.confidence),
            ("Note", self.note),
        ):
            field.setAccessibleName(label)
        body = QWidget()
        QVBoxLayout(body).addLayout(form)
        self.finish(body)
        self.resize(520, 320)
        self.with_whom.setFocus(Qt.FocusReason.OtherFocusReason)

    def value(self) -> PracticeRunInput:
        confidence = self.confidence.currentData()
        return PracticeRunInput(
            practised_on=to_date(self.practised_on),
            with_whom=self.with_whom.text().strip(),
            confidence=int(confidence) if confidence is not None else None,
            note=self.note.toPlainText().strip(),
        )


class TravelPlanPanel(Panel):
    """The learner's travel plan and practice runs."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("travel_panel")
        self.dialog: QDialog | None = None  # the dialog while it is open
        self._saved: dict[str, str] | None = None  # the answers as last read or saved

        self.lock_note = QLabel(READ_ONLY_NOTE)
        self.lock_note.setObjectName("travel_lock_note")
        self.lock_note.setWordWrap(True)
        self.editor = FormEditor(load_form(TRAVEL_FORM))
        self.editor.setObjectName("travel_editor")
        self.editor.changed.connect(self._show_save_state)
        self.save_button = QPushButton("&Save")
        self.save_button.setObjectName("travel_save")
        self.save_button.setToolTip("Save the travel plan (Ctrl+S)")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.save_state = QLabel()
        self.save_state.setObjectName("travel_save_state")
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.save_state, 1)
        plan = QGroupBox("Travel plan")
        plan.setObjectName("travel_plan")
        plan_layout = QVBoxLayout(plan)
        plan_layout.addWidget(self.editor, 1)
        plan_layout.addLayout(bottom)

        self.runs = RecordSection(
            "Practice runs", "practice_runs", RUN_COLUMNS, RUNS_EMPTY, "&Add practice run…", stretch=(3,)
        )
        self.runs.add_button.setObjectName("run_add")
        self.runs.edit_button.setObjectName("run_edit")
        self.runs.delete_button.setObjectName("run_delete")
        self.runs.delete_button.setText("Delete…")
        self.runs.view.setAccessibleName("Practice runs, oldest first")
        self.runs.wire(self.add_run, self.edit_run, self.delete_run)
        self.trend = QLabel()
        self.trend.setObjectName("confidence_trend")
        self.trend.setWordWrap(True)
        self.runs.layout().insertWidget(1, self.trend)  # type: ignore[union-attr]

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(plan)
        split.addWidget(self.runs)
        split.setSizes([520, 240])
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_note)
        layout.addWidget(split, 1)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, activated=self.save)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload()

    @property
    def editable(self) -> bool:
        return self.learner_id is not None and not self.context.read_only

    def load(self, learner_id: int | None) -> None:
        if learner_id != self.learner_id:
            self.save_pending()  # answers typed for the learner being left are kept
            if self.dialog is not None:
                self.dialog.done(0)
        super().load(learner_id)

    # --- reading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        learner_id = self.learner_id
        found = None
        if learner_id is not None:
            found = self.run(
                lambda uow: (
                    form_answers(uow, learner_id=learner_id, form_id=TRAVEL_FORM),
                    practice_runs(uow, learner_id=learner_id),
                )
            )
        answers, runs = found or ({}, [])
        self.editor.set_values(answers)
        self._saved = self.editor.values() if found is not None else None
        editable = self.editable and found is not None
        self.editor.set_read_only(not editable)
        self.lock_note.setVisible(self.context.read_only and learner_id is not None)
        self.runs.set_rows(runs)
        self.runs.update_enabled(editable)
        trend = confidence_trend(runs)
        self.trend.setText(
            f"Confidence over the practice runs: {trend}"
            if trend
            else "Confidence shows here once a practice run has a rating."
            if runs
            else ""
        )
        self.trend.setVisible(bool(runs))
        self._show_save_state()

    # --- the travel plan ----------------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self._saved is not None and self.editor.values() != self._saved

    def _show_save_state(self, saved: bool = False) -> None:
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(self.editable and dirty)
        if dirty:
            self.save_state.setText("Unsaved changes — Save keeps them (Ctrl+S)")
        else:
            self.save_state.setText("Saved" if saved else "")

    def save(self) -> bool:
        """Save the travel plan; False (after a plain message) when it could not be saved."""
        learner_id, answers = self.learner_id, self.editor.values()
        if learner_id is None or not self.editable or not dates_ready(self.editor):
            return False

        def store(uow: UnitOfWork) -> bool:
            save_form_answers(uow, learner_id=learner_id, form_id=TRAVEL_FORM, values=answers)
            return True

        if not self.run(store, commit=True):
            return False
        self._saved = answers
        self._show_save_state(saved=True)
        return True

    def save_pending(self) -> None:
        """Before a lock, a close or a switch: keep what was typed."""
        if self.editable and self.has_unsaved_changes():
            self.save()

    # --- practice runs ------------------------------------------------------------------------------------

    def selected_run(self) -> PracticeRunView | None:
        chosen: PracticeRunView | None = self.runs.view.selected()
        return chosen

    def add_run(self) -> None:
        self._open_run(None)

    def edit_run(self) -> None:
        chosen = self.selected_run()
        if chosen is not None:
            self._open_run(chosen)

    def _open_run(self, run: PracticeRunView | None) -> None:
        learner_id = self.learner_id
        if learner_id is None or not self.editable or self.dialog is not None:
            return
        run_id = run.id if run is not None else None

        def save(data: PracticeRunInput) -> bool:
            saved = self.run(
                lambda uow: save_practice_run(uow, learner_id=learner_id, data=data, run_id=run_id),
                commit=True,
            )
            if saved is None:
                return False
            self._reload_runs(saved)
            return True

        dialog = PracticeRunDialog(run, today=self.context.today(), on_save=save, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def delete_run(self) -> None:
        chosen = self.selected_run()
        if chosen is None or not self.editable:
            return
        if confirm(
            self,
            f"Delete the practice run of {short_date(chosen.practised_on)}?",
            "Delete practice run",
            "This cannot be undone.",
        ):
            self.operate(lambda uow: remove_practice_run(uow, run_id=chosen.id))
            self._reload_runs(None)

    def _reload_runs(self, select_id: int | None) -> None:
        """Read the runs again, keeping answers typed in the travel plan but not saved yet on screen."""
        typed, saved = self.editor.values(), self._saved
        self.reload()
        self.editor.set_values(typed)
        self._saved = saved
        self._show_save_state()
        if select_id is not None:
            self.runs.view.select_where(lambda r: r.id == select_id)
