"""The Transitions tab's "Settling in" page: the four meetings after a move (one week, one month, three
months and six months after the first day at the new setting), each due, overdue or held, and the short
review of the one chosen (`forms/settling_in_review.toml`) with when it was held and who ran it.

The answers are saved with Save (Ctrl+S), and also when another meeting is chosen, the move changes, or
the window locks or closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.documents.forms import load_form
from tutordesk.domain.dates import short_date
from tutordesk.services.transitions.moves import (
    SettlingInView,
    TransitionView,
    record_settling_in,
    settling_in_meetings,
)
from tutordesk.ui.transitions.panel import TransitionPanel
from tutordesk.ui.widgets.fields import OptionalDateEdit, dates_ready, hint
from tutordesk.ui.widgets.form_editor import FormEditor
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.record_table import Column, RecordModel, RecordView
from tutordesk.vault.unit_of_work import UnitOfWork

REVIEW_FORM = "settling_in_review"
FOLLOW_UP_KEY = "settling.closer_follow_up"
FOLLOW_UP_TEXT = "Needs closer follow-up"
NO_FIRST_DAY = (
    "The settling-in meetings appear here once the first day at the new setting is set: one week, one "
    "month, three months and six months after it."
)


def needs_follow_up(meeting: SettlingInView) -> bool:
    return meeting.values.get(FOLLOW_UP_KEY, "").strip().lower() in ("yes", "true", "1")


def state_text(meeting: SettlingInView, today: date) -> str:
    """ "Held on 3 Feb", "Overdue since 3 Feb", "Due today" or "Due 3 Feb"."""
    if meeting.held_on is not None:
        return f"Held on {short_date(meeting.held_on, today=today)}"
    if meeting.due_on < today:
        return f"Overdue since {short_date(meeting.due_on, today=today)}"
    if meeting.due_on == today:
        return "Due today"
    return f"Due {short_date(meeting.due_on, today=today)}"


@dataclass(frozen=True)
class _Record:
    """What the editor holds for one meeting, to tell when something was typed."""

    held_on: date | None
    run_by: str
    values: tuple[tuple[str, str], ...]


class SettlingInPanel(TransitionPanel):
    """The settling-in meetings of one move."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "settling", parent)
        self.setObjectName("settling_panel")
        self.meetings: list[SettlingInView] = []
        self.meeting_id: int | None = None  # the meeting in the editor
        self._saved: _Record | None = None  # what the editor held when it was filled or saved
        self._filling = False

        self.lock_note = QLabel()
        self.lock_note.setObjectName("settling_lock_note")
        self.lock_note.setWordWrap(True)
        self.waiting = QWidget()
        self.waiting.setObjectName("settling_waiting")
        waiting_text = QLabel(NO_FIRST_DAY)
        waiting_text.setObjectName("settling_waiting_text")
        waiting_text.setWordWrap(True)
        waiting_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.edit_move_button = QPushButton("E&dit the move…")
        self.edit_move_button.setObjectName("settling_edit_move")
        self.edit_move_button.setAutoDefault(False)
        self.edit_move_button.clicked.connect(self.edit_requested)
        waiting_layout = QVBoxLayout(self.waiting)
        waiting_layout.addStretch(1)
        waiting_layout.addWidget(waiting_text)
        waiting_layout.addWidget(self.edit_move_button, 0, Qt.AlignmentFlag.AlignHCenter)
        waiting_layout.addStretch(2)

        columns = (
            Column("Meeting", lambda m: m.label),
            Column("Due", lambda m: short_date(m.due_on, today=self.context.today())),
            Column(
                "State",
                lambda m: state_text(m, self.context.today()),
                warn=lambda m: m.held_on is None and m.due_on < self.context.today(),
            ),
            Column("Follow-up", lambda m: FOLLOW_UP_TEXT if needs_follow_up(m) else ""),
        )
        self.model = RecordModel(columns, self)
        self.table = RecordView(self.model, "settling_meetings", stretch=(2,))
        self.table.setAccessibleName("Settling-in meetings")
        self.table.edit_requested.connect(lambda: self.held_on.setFocus())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.held_on = OptionalDateEdit()
        self.held_on.setObjectName("settling_held_on")
        self.held_on.edit.setSpecialValueText("Not held yet")
        self.held_on.edit.setAccessibleName("Held on")
        self.run_by = QLineEdit()
        self.run_by.setObjectName("settling_run_by")
        self.run_by.setAccessibleName("Run by")
        self.run_by.setPlaceholderText("Usually a pastoral lead or counsellor at the new setting")
        self.editor = FormEditor(load_form(REVIEW_FORM))
        self.editor.setObjectName("settling_editor")
        self.save_button = QPushButton("&Save")
        self.save_button.setObjectName("settling_save")
        self.save_button.setToolTip("Save this meeting's review (Ctrl+S)")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.save_state = QLabel()
        self.save_state.setObjectName("settling_save_state")
        top = QFormLayout()
        top.addRow("&Held on", self.held_on)
        top.addRow("", hint("Leave it empty until the meeting has happened; answers can be saved before."))
        top.addRow("&Run by", self.run_by)
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.save_state, 1)
        self.review = QGroupBox("Review")
        self.review.setObjectName("settling_review")
        review_layout = QVBoxLayout(self.review)
        review_layout.addLayout(top)
        review_layout.addWidget(self.editor, 1)
        review_layout.addLayout(bottom)
        self.held_on.changed.connect(self._edited)
        self.run_by.textChanged.connect(self._edited)
        self.editor.changed.connect(self._edited)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.review)
        split.setSizes([420, 560])
        self.states = QStackedWidget()
        self.states.addWidget(self.waiting)
        self.states.addWidget(split)
        self.meetings_page = split
        layout = QVBoxLayout(self.body)
        layout.addWidget(self.lock_note)
        layout.addWidget(self.states, 1)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, activated=self.save)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload()

    def show_transition(self, learner_id: int | None, transition: TransitionView | None) -> None:
        if (transition.id if transition is not None else None) != self.transition_id:
            self.save_pending()  # answers typed for the move being left are kept
            self.meeting_id, self._saved = None, None
        super().show_transition(learner_id, transition)

    # --- reading ------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        transition_id = self.transition_id
        if transition_id is None:
            return
        found = self.run(lambda uow: settling_in_meetings(uow, transition_id=transition_id))
        self.meetings = found or []
        self.lock_note.setText(self.lock_text())
        self.lock_note.setVisible(bool(self.lock_note.text()))
        self.edit_move_button.setEnabled(self.editable)
        self.states.setCurrentWidget(self.meetings_page if self.meetings else self.waiting)
        wanted = self.meeting_id
        if all(m.id != wanted for m in self.meetings):
            # The next meeting to hold, else the last one.
            upcoming = [m for m in self.meetings if m.held_on is None] or self.meetings[-1:]
            wanted = upcoming[0].id if upcoming else None
        with QSignalBlocker(self.table.selectionModel()):
            self.model.set_rows(self.meetings)
            self.table.fit_columns()
            self.table.clearSelection()
            self.table.select_where(lambda m: m.id == wanted)
        self._fill(self.selected())

    def clear(self) -> None:
        self.meetings = []
        self.model.set_rows([])
        self._fill(None)

    def selected(self) -> SettlingInView | None:
        chosen: SettlingInView | None = self.table.selected()
        return chosen

    def _selection_changed(self, *_: object) -> None:
        chosen = self.selected()
        if chosen is None or chosen.id == self.meeting_id:
            return
        if self.editable and self.has_unsaved_changes():
            # The review being left is kept; if it cannot be, stay on it so nothing typed is lost.
            if not self._store():
                with QSignalBlocker(self.table.selectionModel()):
                    self.table.select_where(lambda m: m.id == self.meeting_id)
                return
            self.meeting_id = chosen.id
            self.refresh()
            return
        self._fill(chosen)

    def _fill(self, meeting: SettlingInView | None) -> None:
        self._filling = True
        try:
            self.meeting_id = meeting.id if meeting is not None else None
            self.held_on.set_value(meeting.held_on if meeting is not None else None)
            self.run_by.setText(meeting.run_by if meeting is not None else "")
            self.editor.set_values(meeting.values if meeting is not None else {})
        finally:
            self._filling = False
        self._saved = self._current() if meeting is not None else None
        editable = self.editable and meeting is not None
        self.review.setTitle(f"Review: {meeting.label.lower()}" if meeting is not None else "Review")
        self.held_on.setEnabled(editable)
        self.run_by.setReadOnly(not editable)
        self.editor.set_read_only(not editable)
        self._show_save_state()

    # --- editing ------------------------------------------------------------------------------------------

    def _current(self) -> _Record:
        values = tuple(sorted(self.editor.values().items()))
        return _Record(self.held_on.value_if_date(), self.run_by.text().strip(), values)

    def has_unsaved_changes(self) -> bool:
        return self._saved is not None and self._current() != self._saved

    def _edited(self, *_: object) -> None:
        if not self._filling:
            self._show_save_state()

    def _show_save_state(self, saved: bool = False) -> None:
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(self.editable and self.meeting_id is not None and dirty)
        if self.meeting_id is None:
            self.save_state.setText("Choose a meeting to write down how it went." if self.meetings else "")
        elif dirty:
            self.save_state.setText("Unsaved changes — Save keeps them (Ctrl+S)")
        else:
            self.save_state.setText("Saved" if saved else "")

    def save(self) -> bool:
        """Save the chosen meeting's review (Ctrl+S); False (after a plain message) when it could not be."""
        if not self._store():
            return False
        self.refresh()
        self._show_save_state(saved=True)
        return True

    def save_pending(self) -> None:
        """Before a lock, a close or a switch: keep what was typed."""
        if self.editable and self.has_unsaved_changes():
            self._store()

    def _store(self) -> bool:
        meeting_id, record = self.meeting_id, self._current()
        if meeting_id is None or not self.editable or not dates_ready(self):
            return False

        def store(uow: UnitOfWork) -> bool:
            held_on, run_by, values = record.held_on, record.run_by, dict(record.values)
            record_settling_in(uow, settling_id=meeting_id, held_on=held_on, run_by=run_by, values=values)
            return True

        if not self.run(store, commit=True):
            return False
        self._saved = record
        self._show_save_state(saved=True)
        return True
