"""The Diaries tab's learner panel: the timeline of the learner's diary and the practitioner's reflections,
the mood chart, the entry being read, and the actions on entries (write, edit, delete for good, listen,
print an extract). `DiariesTab` imports this module the first time the tab is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import col, select

from tutordesk.domain.diary_enums import DiaryKind
from tutordesk.domain.models import Meeting, TaxonomyTerm
from tutordesk.services.diaries import entries as diaries
from tutordesk.services.diaries.entries import EntryView
from tutordesk.services.plans import roadmap as plans
from tutordesk.ui.diaries.entry_dialog import DiaryEntryDialog, EntryDraft, LinkChoices, meeting_label
from tutordesk.ui.diaries.mood_chart import MoodChart
from tutordesk.ui.diaries.tab import NEW_ENTRY_KEYS, NEW_REFLECTION_KEYS
from tutordesk.ui.diaries.timeline import DiaryTimeline, EntryReader, duration_text
from tutordesk.ui.plans.baseline_panel import READ_ONLY_NOTE
from tutordesk.ui.plans.review_dialog import confirm
from tutordesk.ui.plans.sdt_chart import format_day
from tutordesk.ui.widgets.panel import PanelContext, PlanPanel
from tutordesk.vault.unit_of_work import UnitOfWork

RECENT_MEETINGS = 30
ERASED_FOR_GOOD = (
    "Its words will be erased from TutorDesk for good, along with any recording, and search will no longer "
    "find them. This cannot be undone."
)


def link_choices(uow: UnitOfWork, learner_id: int) -> LinkChoices:
    """The agreed plan's stages and goals and the learner's recent meetings, for the editor's links."""
    plan = plans.agreed_plan(uow, learner_id)
    stages = tuple((s.lineage, s.title) for s in plan.stages) if plan else ()
    goals = tuple((g.lineage, g.text) for s in plan.stages for g in s.goals) if plan else ()
    kinds = dict(
        uow.session.exec(
            select(TaxonomyTerm.code, TaxonomyTerm.label).where(TaxonomyTerm.taxonomy == "meeting_kind")
        ).all()
    )
    meetings = uow.session.exec(
        select(Meeting.id, Meeting.held_on, Meeting.kind)
        .where(Meeting.learner_id == learner_id)
        .order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc())
        .limit(RECENT_MEETINGS)
    ).all()
    return LinkChoices(
        stages=stages,
        goals=goals,
        meetings=tuple((int(i or 0), meeting_label(held, kinds.get(kind, ""))) for i, held, kind in meetings),
        has_plan=plan is not None,
    )


class DiaryPanel(PlanPanel):
    """One learner's diaries: the timeline with its filters, the mood chart, the reader, and the actions."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("diary_panel")
        self.learner_name = ""
        self.dialog: DiaryEntryDialog | None = None
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
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("edit_entry")
        self.edit_button.setToolTip("Change the selected entry (Enter)")
        self.edit_button.clicked.connect(lambda _=False: self.edit())
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("delete_entry")
        self.delete_button.setToolTip("Erase the selected entry for good (Del)")
        self.delete_button.clicked.connect(lambda _=False: self.delete())
        self.extract_button = QPushButton("Print extract for the learner…")
        self.extract_button.setObjectName("print_extract")
        self.extract_button.setToolTip("Save the learner's own entries as a PDF, with their agreement")
        self.extract_button.clicked.connect(lambda _=False: self.print_extract())
        buttons = QHBoxLayout()
        for button in (
            self.new_entry_button,
            self.new_reflection_button,
            self.edit_button,
            self.delete_button,
        ):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.extract_button.setAutoDefault(False)
        buttons.addWidget(self.extract_button)

        self.read_only_note = QLabel(READ_ONLY_NOTE)
        self.read_only_note.setObjectName("read_only_note")
        self.read_only_note.hide()
        self.timeline = DiaryTimeline()
        self.timeline.selection_changed.connect(self._show_selected)
        self.timeline.view.insert_requested.connect(lambda: self.new_entry(DiaryKind.LEARNER.value))
        self.timeline.view.edit_requested.connect(self.edit)
        self.timeline.view.delete_requested.connect(self.delete)
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
                lambda uow: (diaries.timeline(uow, learner_id), diaries.mood_trend(uow, learner_id))
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
            self._choices = self.run(lambda uow: link_choices(uow, learner_id))
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
        has_learner = self.learner_id is not None
        can_edit = has_learner and not self.context.read_only
        chosen = self.timeline.selected() is not None
        self.read_only_note.setVisible(has_learner and self.context.read_only)
        self.new_entry_button.setEnabled(can_edit)
        self.new_reflection_button.setEnabled(can_edit)
        self.edit_button.setEnabled(can_edit and chosen)
        self.delete_button.setEnabled(can_edit and chosen)
        learner_entries = any(e.diary == DiaryKind.LEARNER.value for e in self.timeline.entries())
        self.extract_button.setEnabled(can_edit and learner_entries)

    # --- changing -----------------------------------------------------------------------------------------

    def new_entry(self, diary: str) -> None:
        if self.new_entry_button.isEnabled() and self.dialog is None:
            self._open_editor(diary, None)

    def edit(self) -> None:
        entry = self.timeline.selected()
        if entry is not None and self.edit_button.isEnabled() and self.dialog is None:
            self._open_editor(entry.diary, entry)

    def _open_editor(self, diary: str, entry: EntryView | None) -> None:
        learner_id = self.learner_id
        if learner_id is None:
            return
        audio = None
        if entry is not None and entry.has_audio:
            entry_id = entry.id
            audio = self.run(lambda uow: diaries.load_audio(uow, entry_id))
        entry_id = entry.id if entry is not None else None

        def on_save(draft: EntryDraft) -> bool:
            saved = self.run(lambda uow: save_draft(uow, learner_id, draft, entry_id), commit=True)
            if saved is None:
                return False
            if self.learner_id == learner_id:
                self.reload()
                self.timeline.select_entry(saved)
            return True

        dialog = DiaryEntryDialog(
            diary=diary,
            entry=entry,
            today=self.context.today(),
            on_save=on_save,
            choices=self.choices(),
            audio=audio,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def delete(self) -> None:
        entry = self.timeline.selected()
        if entry is None or not self.delete_button.isEnabled():
            return
        what = "reflection" if entry.diary == DiaryKind.PRACTITIONER.value else "diary entry"
        if not confirm(
            self, f"Delete the {what} of {format_day(entry.written_on)}?", "Erase it", ERASED_FOR_GOOD
        ):
            return
        if erase_entry(self, entry.id):
            self.reload()

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
        found = self.run(lambda uow: diaries.load_audio(uow, entry_id))
        if found is None:
            return
        self.player.set_audio(found[0], found[1], entry.audio_ms)
        self.player.show()
        self.listen_button.hide()
        self.player.play()

    def save_pending(self) -> None:
        """An entry being written when the window locks or closes is saved, not lost."""
        if self.dialog is not None and self.dialog.has_unsaved_changes():
            self.dialog.save()


def save_draft(uow: UnitOfWork, learner_id: int | None, draft: EntryDraft, entry_id: int | None) -> int:
    """The entry and its recording in one unit of work: both are saved, or neither."""
    saved = diaries.save_entry(uow, learner_id, draft.entry, entry_id=entry_id)
    if draft.audio is not None:
        audio = draft.audio
        diaries.set_audio(uow, saved, audio.data, mime=audio.mime, duration_ms=audio.duration_ms)
    elif draft.remove_audio:
        diaries.remove_audio(uow, saved)
    return saved


def erase_entry(panel: PlanPanel, entry_id: int) -> bool:
    """Delete an entry for good: the deletion is committed, then its words are cleared from the WAL too."""
    if not panel.operate(lambda uow: diaries.delete_entry(uow, entry_id)):
        return False
    erase_traces(panel.context)
    return True


def erase_traces(context: PanelContext) -> None:
    """After a committed deletion: empty the write-ahead log so the erased words leave every file."""
    vault = context.vault()
    if vault is not None and not vault.read_only:
        diaries.erase_traces(vault.engine)
