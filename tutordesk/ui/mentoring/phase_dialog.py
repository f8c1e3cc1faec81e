"""The small dialogs of the Phases panel: the date and note of a ticked task or of a reflection on a trust
quality (`PhaseRecordDialog`), and the history of one quality's reflections, each removable
(`ReflectionHistoryDialog`).

It also owns the note on a read-only vault the Mentoring panels share (`lock_text`); the Undo line, the
gentle amber and how a day is shown come from `ui.panel_parts`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import short_date
from tutordesk.services.mentoring.relationships import PhaseRecordView
from tutordesk.ui.mentoring.panel import RelationshipPanel
from tutordesk.ui.widgets.dialogs import RecordDialog, confirm, date_edit, fixed_width, text_box, to_date
from tutordesk.ui.widgets.fields import hint
from tutordesk.ui.widgets.panel_parts import READ_ONLY_NOTE
from tutordesk.ui.widgets.record_table import Column, RecordModel, RecordView


def lock_text(panel: RelationshipPanel) -> str:
    """Why nothing can be changed here, or "" when it can or the tab already says why: the tab's header
    says a relationship is closed ("Closed on … — reopen it on the Closure page"), so only a read-only
    vault is explained here."""
    if panel.relationship is None or not panel.context.read_only:
        return ""
    return READ_ONLY_NOTE


class PhaseRecordDialog(RecordDialog):
    """When a task was done, or when a quality was seen (or missed), with a note; `value()` is (date, note)."""

    def __init__(
        self,
        *,
        title: str,
        item_text: str,
        help_text: str,
        done_on: date,
        note: str,
        note_prompt: str,
        on_save: Callable[[tuple[date, str]], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, on_save, parent)
        self.setObjectName("phase_record_dialog")
        heading = QLabel(f"<b>{escape(item_text)}</b>")
        heading.setObjectName("item_text")
        heading.setWordWrap(True)
        self.done_on = date_edit(done_on)
        self.done_on.setObjectName("done_on")
        self.done_on.setAccessibleName("Date")
        self.note = text_box(note_prompt, 96)
        self.note.setObjectName("note")
        self.note.setAccessibleName("Note")
        self.note.setPlainText(note)
        form = QFormLayout()
        form.addRow("&Date", fixed_width(self.done_on))
        form.addRow("&Note", self.note)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        if help_text:
            layout.addWidget(hint(help_text))
        layout.addLayout(form)
        self.finish(body)
        self.resize(520, self.sizeHint().height())
        self.done_on.setFocus()

    def value(self) -> tuple[date, str]:
        return to_date(self.done_on), self.note.toPlainText().strip()


_COLUMNS = (
    Column("Date", lambda r: short_date(r.done_on)),
    Column("Note", lambda r: r.note or "No note", whole_tip=True),
)


class ReflectionHistoryDialog(QDialog):
    """Every reflection on one quality, newest first. `on_remove` removes one and returns what is left
    (None when it could not, the message already shown)."""

    def __init__(
        self,
        *,
        item_text: str,
        records: Sequence[PhaseRecordView],
        can_remove: bool,
        on_remove: Callable[[PhaseRecordView], Sequence[PhaseRecordView] | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reflections on a quality")
        self.setObjectName("reflection_history")
        self._on_remove = on_remove
        self._can_remove = can_remove
        heading = QLabel(f"<b>{escape(item_text)}</b>")
        heading.setWordWrap(True)
        self.model = RecordModel(_COLUMNS, self)
        self.view = RecordView(self.model, "reflections", stretch=(1,))
        self.view.setAccessibleName("Reflections, newest first")
        self.view.delete_requested.connect(self.remove_selected)
        self.empty = QLabel("No reflections on this quality yet. Add one with “Reflect…”.")
        self.empty.setObjectName("reflections_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        self.remove_button = QPushButton("&Remove…")
        self.remove_button.setObjectName("remove_reflection")
        self.remove_button.setToolTip("Remove the selected reflection (Del)")
        self.remove_button.clicked.connect(self.remove_selected)
        close = QPushButton("Close")
        close.setObjectName("close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.remove_button, close):
            button.setAutoDefault(False)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(self._update_enabled)
        self.set_records(records)
        self.resize(560, 360)

    def set_records(self, records: Sequence[PhaseRecordView]) -> None:
        self.model.set_rows(records)
        self.view.fit_columns()
        self.stack.setCurrentWidget(self.view if records else self.empty)
        if records:
            self.view.selectRow(0)
        self._update_enabled()

    def _update_enabled(self, *_: object) -> None:
        self.remove_button.setEnabled(self._can_remove and self.view.selected() is not None)

    def remove_selected(self) -> None:
        chosen = self.view.selected()
        if chosen is None or not self.remove_button.isEnabled():
            return
        if not confirm(
            self,
            f"Remove the reflection of {short_date(chosen.done_on)}?",
            "Remove",
            "Its note goes with it. This cannot be undone.",
        ):
            return
        left = self._on_remove(chosen)
        if left is not None:
            self.set_records(left)
