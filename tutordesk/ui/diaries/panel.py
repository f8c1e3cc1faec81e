"""The Diaries tab's learner panel: the timeline of the learner's diary and the practitioner's reflections,
the mood chart, the entry being read, and the actions on entries (write, edit, delete for good, listen,
print an extract). `DiariesTab` imports this module the first time the tab is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import short_date
from tutordesk.domain.diary_enums import DiaryKind
from tutordesk.services.diaries import entries as diaries
from tutordesk.services.diaries.entries import EntryView
from tutordesk.services.diaries.links import LinkChoices, link_choices
from tutordesk.ui.diaries.entry_list import EntryListPanel
from tutordesk.ui.diaries.keys import NEW_ENTRY_KEYS, NEW_REFLECTION_KEYS
from tutordesk.ui.diaries.mood_chart import MoodChart
from tutordesk.ui.diaries.timeline import DiaryTimeline, EntryReader, duration_text
from tutordesk.ui.widgets.panel import PanelContext


class DiaryPanel(EntryListPanel):
    """One learner's diaries: the timeline with its filters, the mood chart, the reader, and the actions."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "entry", parent)
        self.setObjectName("diary_panel")
        self.learner_name = ""
        self.extract_dialog: Any | None = None
        self._choices: LinkChoices | None = None
        self.player: Any | None = None  # the read-only recording panel, made when first needed

        self.new_entry_button = QPushButton("New entry in the learner's diary…")
        self.new_entry_button.setObjectName("new_entry")
        self.new_entry_button.setToolTip(f"Write an entry with or for the learner ({NEW_ENTRY_KEYS})")
        self.new_entry_button.clicked.connect(lambda _=False: self.new_entry(DiaryKind.LEARNER.value))
        self.new_reflection_button = QPushButton("New reflection…")
        self.new_reflection_button.setObjectName("new_reflection")
        self.new_reflection_button.setToolTip(
            f"Note your own thoughts about this learner: private, never shared ({NEW_REFLECTION_KEYS})"
        )
        self.new_reflection_button.clicked.connect(
            lambda _=False: self.new_entry(DiaryKind.PRACTITIONER.value)
        )
        self.extract_button = QPushButton("Print extract for the learner…")
        self.extract_button.setObjectName("print_extract")
        self.extract_button.setToolTip("Save the learner's own entries as a PDF, with their agreement")
        self.extract_button.clicked.connect(lambda _=False: self.print_extract())
        buttons = self.button_row((self.new_entry_button, self.new_reflection_button), self.extract_button)

        self.read_only_note.hide()
        self.timeline = DiaryTimeline()
        self.timeline.selection_changed.connect(self._show_selected)
        self.list_keys(self.timeline.view, lambda: self.new_entry(DiaryKind.LEARNER.value))
        self.mood_chart = MoodChart()
        self.reader = EntryReader("Choose an entry to read it in full.")
        self.listen_button = QPushButton("Listen to the recording")
        self.listen_button.setObjectName("listen")
        self.listen_button.setAutoDefault(False)
        self.listen_button.clicked.connect(lambda _=False: self.listen())
        self.listen_button.hide()
        self.listen_area = QVBoxLayout()
        self.listen_area.setContentsMargins(0, 0, 0, 0)
        self.listen_area.addWidget(self.listen_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.mood_chart)
        right_layout.addWidget(self.reader, 1)
        right_layout.addLayout(self.listen_area)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.timeline)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([660, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.read_only_note)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self._update_enabled()

    # --- reading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        learner_id, found = self.learner_id, None
        self._choices = None
        if learner_id is not None:
            found = self.run(
                lambda uow: (
                    diaries.timeline(uow, learner_id=learner_id),
                    diaries.mood_trend(uow, learner_id=learner_id),
                )
            )
        entries, moods = found or ([], [])
        self.timeline.set_entries(entries)
        self.mood_chart.set_points(moods)
        if self.timeline.selected() is None and self.timeline.shown():
            self.timeline.view.selectRow(0)  # the newest entry is read first
        self._show_selected()

    def choices(self) -> LinkChoices:
        """What entries may link to, read once per learner when first needed (not to draw the timeline)."""
        learner_id = self.learner_id
        if self._choices is None and learner_id is not None:
            self._choices = self.run(lambda uow: link_choices(uow, learner_id=learner_id))
        return self._choices or LinkChoices()

    def forget_choices(self) -> None:
        """The plan or meetings may have changed elsewhere (the Plans tab): read them again when next needed."""
        self._choices = None

    def _show_selected(self) -> None:
        entry = self.timeline.selected()
        linked = entry is not None and bool(entry.stage_lineage or entry.goal_lineage or entry.meeting_id)
        self.reader.show_entry(entry, self.choices().describe(entry) if entry is not None and linked else ())
        if self.player is not None:
            self.player.set_audio(None)
            self.player.hide()
        self.listen_button.setVisible(entry is not None and entry.has_audio)
        if entry is not None and entry.has_audio:
            length = duration_text(entry.audio_ms)
            self.listen_button.setText(f"Listen to the recording{f' ({length})' if length else ''}")
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.read_only_note.setVisible(self.learner_id is not None and self.context.read_only)
        self.update_actions()

    def can_write(self) -> bool:
        return self.learner_id is not None and not self.context.read_only

    def update_extra(self, can_edit: bool, chosen: bool) -> None:
        learner_entries = any(e.diary == DiaryKind.LEARNER.value for e in self.timeline.entries())
        self.extract_button.setEnabled(can_edit and learner_entries)

    def selected_entry(self) -> EntryView | None:
        return self.timeline.selected()

    def select_entry(self, entry_id: int) -> bool:
        return self.timeline.select_entry(entry_id)

    # --- changing -----------------------------------------------------------------------------------------

    def new_entry(self, diary: str) -> None:
        """Write in the learner's diary or a reflection about them (`diary`)."""
        self.open_new(diary)

    def editor_options(self, entry: EntryView | None) -> dict[str, Any]:
        return {"choices": self.choices()}  # the plan's stages and goals and recent meetings, to link to

    def delete_question(self, entry: EntryView) -> str:
        what = "reflection" if entry.diary == DiaryKind.PRACTITIONER.value else "diary entry"
        return f"Delete the {what} of {short_date(entry.written_on)}?"

    def print_extract(self) -> None:
        learner_id = self.learner_id
        if learner_id is None or not self.extract_button.isEnabled():
            return
        from tutordesk.ui.diaries.extract_dialog import DiaryExtractDialog

        dialog = DiaryExtractDialog(
            learner_id=learner_id,
            learner_name=self.learner_name or "The learner",
            run=self.run,
            today=self.context.today(),
            read_only=self.context.read_only,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "extract_dialog", None))
        self.extract_dialog = dialog
        dialog.open()

    def listen(self) -> None:
        """Read the selected entry's recording from the vault (only now, never to draw the list) and play it."""
        entry = self.timeline.selected()
        if entry is None or not entry.has_audio:
            return
        if self.player is None:
            try:
                from tutordesk.ui.diaries.audio import AudioPanel
            except (ImportError, OSError, RuntimeError):
                self.listen_button.setText("Recordings cannot be played on this computer.")
                self.listen_button.setEnabled(False)
                return
            self.player = AudioPanel()
            self.player.setObjectName("entry_player")
            self.player.set_read_only(True)
            self.listen_area.addWidget(self.player)
        entry_id = entry.id
        found = self.run(lambda uow: diaries.load_audio(uow, entry_id=entry_id))
        if found is None:
            return
        self.player.set_audio(found[0], found[1], entry.audio_ms)
        self.player.show()
        self.listen_button.hide()
        self.player.play()
