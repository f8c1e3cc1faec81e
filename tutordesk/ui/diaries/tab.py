"""The Diaries tab: the selected learner's diary and the practitioner's reflections about them on one timeline,
the mood chart, the entry being read, search across every learner's diaries, and the way to the practice
journal and to a printed extract for the learner.

Like the Plans tab, its inner widgets are made the first time it is shown, and the timeline is read only when
it is on screen: one statement for the entries (never their recordings) and one for the moods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from tutordesk.domain.changes import Changes
from tutordesk.domain.diary_enums import DiaryKind
from tutordesk.ui.diaries.keys import NEW_ENTRY_KEYS, NEW_REFLECTION_KEYS
from tutordesk.ui.widgets.lazy_tab import LazyTab
from tutordesk.ui.widgets.panel import PanelContext, initiated_within

if TYPE_CHECKING:
    from tutordesk.ui.diaries.panel import DiaryPanel


class DiariesTab(LazyTab):
    # `changed` (from LazyTab): an entry was saved or deleted
    open_entry = Signal(int, int)  # learner id, entry id: select this learner; the tab then shows the entry

    def __init__(self, context: PanelContext) -> None:
        super().__init__(context)
        self.setObjectName("diaries_tab")
        self.panel: DiaryPanel | None = None  # built the first time the tab is shown (see `create_widget`)
        self.search: Any | None = None
        self.journal_window: Any | None = None
        self._pending: tuple[int, int] | None = None  # an entry asked for from search, of another learner
        self.empty = QLabel(
            "Choose a learner on the Caseload tab to see their diary and your reflections.\n"
            "You can search every learner's diary on the left."
        )
        self.empty.setObjectName("diaries_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        for keys, diary in (
            (NEW_ENTRY_KEYS, DiaryKind.LEARNER.value),
            (NEW_REFLECTION_KEYS, DiaryKind.PRACTITIONER.value),
        ):
            shortcut = QShortcut(QKeySequence(keys), self, activated=lambda d=diary: self.new_entry(d))
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- the window's API ---------------------------------------------------------------------------------

    def forget_learner(self) -> None:
        """Nobody selected, or locking: forget everything shown, search too."""
        if self.search is not None:
            self.search.clear()  # results name learners and quote diaries: gone on lock
        if self.panel is None:
            return
        self.panel.learner_name = ""
        self.pages.setCurrentWidget(self.empty)
        self.panel.load(None)

    def learner_chosen(self) -> None:
        if self.panel is not None and self.row is not None:
            self.panel.learner_name = self.row.display_name
            self.pages.setCurrentWidget(self.panel)

    def same_learner_again(self) -> None:
        self.learner_chosen()  # the name may have changed (it goes on a printed extract)
        self._open_pending()

    def save_pending(self) -> None:
        """Save an entry being written (in the tab or the practice journal) before a lock or close."""
        if self.panel is not None:
            self.panel.save_pending()
        if self.journal_window is not None:
            self.journal_window.panel.save_pending()

    def open_practice_journal(self, entry_id: int | None = None) -> Any:
        """Open (or bring forward) the practice journal window, showing `entry_id` when given."""
        from tutordesk.ui.diaries.practice_journal import PracticeJournalWindow

        window = self.journal_window
        if window is None:
            window = PracticeJournalWindow(self.context, self.window())
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.changed.connect(self._changed)
            window.destroyed.connect(lambda *_: setattr(self, "journal_window", None))
            self.journal_window = window
        window.show()
        window.raise_()
        window.activateWindow()
        if entry_id is not None:
            window.panel.select_entry(entry_id)
        return window

    def new_entry(self, diary: str) -> None:
        if self.panel is not None and self.row is not None and self.panel.learner_id is not None:
            self.panel.new_entry(diary)

    def on_changes(self, changes: Changes, initiator: object) -> None:
        """Another view changed this learner's records (a meeting an entry can be linked to, say): read the
        diary again, now when on screen, else when next shown."""
        if self.panel is None or self.row is None or initiated_within(self, initiator):
            return
        if self.panel.on_changes(changes, initiator):
            self.save_pending()  # an entry being written is kept, not read over
            self.reload_all()

    # --- building and loading -----------------------------------------------------------------------------

    def create_widget(self) -> None:
        """Make the widgets on first sight: the diary modules stay out of start-up."""
        from tutordesk.ui.diaries.panel import DiaryPanel
        from tutordesk.ui.diaries.search import DiarySearch

        self.panel = DiaryPanel(self.context)
        self.panel.changed.connect(self._changed)
        self.pages.addWidget(self.panel)
        self.search = DiarySearch(self.context)
        self.search.open_entry.connect(self.show_entry)
        self.search.open_journal_entry.connect(self.open_practice_journal)
        self.journal_button = QPushButton("Practice journal…")
        self.journal_button.setObjectName("open_journal")
        self.journal_button.setToolTip(
            "Your own practice journal: supervision notes, critical incidents and reflections (private)"
        )
        self.journal_button.setAutoDefault(False)
        self.journal_button.clicked.connect(lambda _=False: self.open_practice_journal())
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search, 1)
        left_layout.addWidget(self.journal_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("diaries_split")
        split.addWidget(left)
        split.addWidget(self.pages)
        split.setStretchFactor(1, 1)
        split.setSizes([270, 1010])
        self.layout_.addWidget(split)
        if self.row is not None:
            self.learner_chosen()
        else:
            self.forget_learner()

    def load_current(self) -> None:
        if self.panel is not None:
            self.panel.forget_choices()  # the plan or meetings may have changed on another tab

    def load_learner(self) -> None:
        if self.panel is None or self.row is None:
            return
        self.learner_stale = False
        self.panel.load(self.row.id)  # reads the links (plan, meetings) afresh too
        self._open_pending()

    # --- search results -----------------------------------------------------------------------------------

    def show_entry(self, learner_id: int, entry_id: int) -> None:
        """Show an entry found by search: here if it is this learner's, else ask the window for the learner."""
        self._pending = (learner_id, entry_id)
        if self.row is not None and self.row.id == learner_id and self.panel is not None:
            if self.learner_stale:
                self.load_learner()
            else:
                self._open_pending()
        else:
            self.open_entry.emit(learner_id, entry_id)

    def _open_pending(self) -> None:
        if self._pending is None or self.panel is None or self.row is None:
            return
        learner_id, entry_id = self._pending
        if learner_id == self.row.id:
            self._pending = None
            if self.panel.timeline.select_entry(entry_id):
                self.panel.timeline.view.setFocus()

    def _changed(self) -> None:
        if self.search is not None:
            self.search.reload()  # a deleted entry's words must not stay in the results
        self.changed.emit()
