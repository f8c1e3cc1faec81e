"""The practice journal window: the practitioner's own journal (reflections, supervision notes, critical
incidents), which belongs to no learner, with a kind filter, a search, and a pseudonymised copy for supervision.

The pseudonymised text is shown read-only for the practitioner to check before anything leaves TutorDesk, and
it reaches the clipboard only when they press Copy: a clipboard is shared with every other program.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import short_date
from tutordesk.domain.diary_enums import DiaryKind, JournalKind
from tutordesk.services.diaries import entries as diaries
from tutordesk.services.diaries.entries import EntryView
from tutordesk.ui.diaries.entry_list import EntryListPanel
from tutordesk.ui.diaries.keys import NEW_ENTRY_KEYS
from tutordesk.ui.diaries.timeline import EntryReader, entry_summary
from tutordesk.ui.widgets.default_button import make_default
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.record_table import Column, RecordModel, RecordView

TYPING_PAUSE_MS = 250
CHECK_FIRST = (
    "Learners on your caseload are now “Learner A”, “Learner B” and so on. Read it through before you copy "
    "it: a nickname, a relative's name or a place can still point to someone, and only you can catch those."
)


def kind_label(kind: str) -> str:
    return JournalKind(kind).label if kind else DiaryKind.JOURNAL.label


def journal_columns() -> list[Column]:
    return [
        Column("Date", lambda e: short_date(e.written_on)),
        Column("Kind", lambda e: kind_label(e.journal_kind)),
        Column("Entry", entry_summary),
    ]


def entry_for_sharing(entry: EntryView) -> str:
    """The entry as plain text to share: what it is and when, the body (Markdown reads as text), the rest."""
    parts = [f"{kind_label(entry.journal_kind)}, {short_date(entry.written_on)}", entry.body.strip()]
    if entry.key_points.strip():
        parts.append(f"Points discussed:\n{entry.key_points.strip()}")
    if entry.tasks.strip():
        parts.append(f"Actions:\n{entry.tasks.strip()}")
    return "\n\n".join(part for part in parts if part)


class PseudonymPreview(QDialog):
    """The pseudonymised text, read-only, with Copy: nothing is copied until the practitioner asks."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pseudonymised for supervision")
        self.setObjectName("pseudonym_preview")
        note = QLabel(CHECK_FIRST)
        note.setWordWrap(True)
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("pseudonymised_text")
        self.text.setReadOnly(True)
        self.text.setAccessibleName("The entry, pseudonymised")
        self.copied = QLabel()
        self.copied.setObjectName("copied_note")
        self.copied.setWordWrap(True)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setObjectName("copy")
        self.copy_button.setToolTip("Put this text on the clipboard to paste into your supervision notes")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(lambda _=False: self.copy())
        close = QPushButton("Close")
        make_default(None, close)  # a text to read and copy: Escape closes it, Enter does nothing
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copied, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.resize(640, 480)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text.toPlainText())
        self.copied.setText(
            "Copied. Once you have pasted it, copy something else so it does not stay on the clipboard."
        )


class JournalPanel(EntryListPanel):
    """The journal's list, filters, reader and actions (the window around it is `PracticeJournalWindow`)."""

    needs_a_learner = False  # the practitioner's own: it belongs to no learner

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "journal_entry", parent)
        self.setObjectName("journal_panel")
        self.preview: PseudonymPreview | None = None
        self._entries: list[EntryView] = []
        self._found: list[int] | None = None  # entry ids matching the search, best first; None: no search

        self.kind = QComboBox()
        self.kind.setObjectName("journal_kind_filter")
        self.kind.setAccessibleName("Kind of entry")
        self.kind.addItem("Every kind", "")
        for kind in JournalKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.currentIndexChanged.connect(lambda _: self._apply())
        self.search = QLineEdit()
        self.search.setObjectName("journal_search")
        self.search.setPlaceholderText("Search the journal…  (Ctrl+F)")
        self.search.setAccessibleName("Search the journal")
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.search.returnPressed.connect(self.search_now)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, activated=self.search.setFocus)

        self.model = RecordModel(journal_columns(), self)
        self.view = RecordView(self.model, "journal_list", stretch=(2,))
        self.view.setAccessibleName("Practice journal entries, newest first")
        self.empty = QLabel()
        self.empty.setObjectName("journal_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        self.reader = EntryReader("Choose an entry to read it in full.")
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.list_keys(self.view, self.new_entry)

        self.new_button = QPushButton("New entry…")
        self.new_button.setObjectName("new_journal_entry")
        self.new_button.setToolTip(f"Write in your practice journal ({NEW_ENTRY_KEYS}, or Ins in the list)")
        self.new_button.clicked.connect(lambda _=False: self.new_entry())
        QShortcut(QKeySequence(NEW_ENTRY_KEYS), self, activated=self.new_entry)
        self.share_button = QPushButton("Copy pseudonymised for supervision…")
        self.share_button.setObjectName("pseudonymise")
        self.share_button.setToolTip("See the selected entry with learners' names replaced, then copy it")
        self.share_button.clicked.connect(lambda _=False: self.pseudonymise())
        self.read_only_note.setVisible(context.read_only)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        filters.addWidget(self.kind)
        filters.addWidget(self.search, 1)
        buttons = self.button_row((self.new_button,), self.share_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.stack, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.reader)
        split.setSizes([520, 460])
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_note)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self.reload()

    # --- reading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        self._entries = self.run(lambda uow: diaries.journal(uow)) or []
        if self._found is not None:
            self.search_now()
        else:
            self._apply()

    def search_now(self) -> None:
        self._timer.stop()
        typed = self.search.text()
        if not diaries.fts_query(typed):
            self._found = None
        else:
            hits = self.run(
                lambda uow: diaries.search(uow, typed=typed, diaries=[DiaryKind.JOURNAL.value], limit=1000)
            )
            self._found = [hit.entry_id for hit in hits or []]
        self._apply()

    def shown(self) -> list[EntryView]:
        return self.model.rows()

    def _apply(self) -> None:
        chosen = self.view.selected()
        kind = self.kind.currentData()
        rows = [e for e in self._entries if not kind or e.journal_kind == kind]
        if self._found is not None:
            rank = {entry_id: place for place, entry_id in enumerate(self._found)}
            rows = sorted((e for e in rows if e.id in rank), key=lambda e: rank[e.id])  # best match first
        self.model.set_rows(rows)
        self.view.fit_columns()
        self.stack.setCurrentWidget(self.view if rows else self.empty)
        self.empty.setText(
            "Your practice journal is empty. Note supervision, a critical incident or a reflection on your "
            "practice: “New entry…”."
            if not self._entries
            else "No entries match. Clear the search or choose “Every kind”."
        )
        self.view.select_where(lambda e: chosen is not None and e.id == chosen.id)
        self._show_selected()

    def select_entry(self, entry_id: int) -> bool:
        if not any(e.id == entry_id for e in self.model.rows()):
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self._found = None
            self.kind.blockSignals(True)
            self.kind.setCurrentIndex(0)
            self.kind.blockSignals(False)
            self._apply()
        for row, entry in enumerate(self.model.rows()):
            if entry.id == entry_id:
                self.view.selectRow(row)
                return True
        return False

    def selected(self) -> EntryView | None:
        chosen = self.view.selected()
        return chosen if isinstance(chosen, EntryView) else None

    def selected_entry(self) -> EntryView | None:
        return self.selected()

    def _show_selected(self) -> None:
        self.reader.show_entry(self.selected())
        self.update_actions()

    def can_write(self) -> bool:
        return not self.context.read_only and self.context.vault() is not None

    def update_extra(self, can_edit: bool, chosen: bool) -> None:
        self.share_button.setEnabled(chosen)  # reading and copying change nothing: allowed when read-only

    # --- changing -----------------------------------------------------------------------------------------

    def new_entry(self) -> None:
        self.open_new(DiaryKind.JOURNAL.value)

    def editor_options(self, entry: EntryView | None) -> dict[str, Any]:
        """A new entry is of the kind shown (a reflection when every kind is)."""
        kind = (
            entry.journal_kind
            if entry is not None
            else self.kind.currentData() or JournalKind.REFLECTION.value
        )
        return {"journal_kind": kind}

    def delete_question(self, entry: EntryView) -> str:
        return f"Delete the {kind_label(entry.journal_kind).lower()} of {short_date(entry.written_on)}?"

    def pseudonymise(self) -> PseudonymPreview | None:
        entry = self.selected()
        if entry is None:
            return None
        text = entry_for_sharing(entry)
        shared = self.run(lambda uow: diaries.pseudonymise_for_supervision(uow, text_to_share=text))
        if shared is None:
            return None
        preview = PseudonymPreview(shared, self)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.finished.connect(lambda _: setattr(self, "preview", None))
        self.preview = preview
        preview.open()
        return preview


class PracticeJournalWindow(QDialog):
    """The practice journal in a window of its own: it belongs to no learner, so it lives beside the tabs."""

    changed = Signal()

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Practice journal")  # never a learner's name
        self.setObjectName("practice_journal")
        self.setWindowFlag(Qt.WindowType.WindowMinMaxButtonsHint, True)
        self.setModal(False)
        self.panel = JournalPanel(context)
        self.panel.changed.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.panel)
        self.resize(1040, 680)
