"""The diary entry editor: one entry of the learner's diary, of the practitioner's reflections or of the practice
journal, with light formatting kept as Markdown, the learner's mood, links to the plan and a meeting, a
recording for spoken entries, and a side panel of prompts that drop a question into the text.

The diary is fixed by the button that opened the editor and never changes. The recording panel is imported
only here and only when the editor opens, so a computer without a sound system still writes entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.diary_enums import MOOD_LABELS, DiaryKind, EntryMode, JournalKind
from tutordesk.services.diaries.entries import EntryInput, EntryView
from tutordesk.services.diaries.links import LinkChoices
from tutordesk.ui.diaries.editor_parts import BodyEditor, PromptList, prompt_groups
from tutordesk.ui.diaries.timeline import PRIVATE_NOTE, PRIVATE_STYLE
from tutordesk.ui.widgets.dialogs import RecordDialog, date_edit, fixed_width, text_box, to_date
from tutordesk.ui.widgets.fields import OptionalDateEdit, dates_ready

WITH_THE_LEARNER = "Written with the learner"
BY_THE_LEARNER = "The learner"
BY_ME = "Me (tutor)"
AUTHORS = (WITH_THE_LEARNER, BY_THE_LEARNER, BY_ME)
NO_AUDIO = (
    "Recording and playing back are not available on this computer, so this entry can be written only. "
    "Everything else works as usual."
)


@dataclass(frozen=True)
class EntryDraft:
    """What the editor hands over to save: the entry, and what to do with its recording."""

    entry: EntryInput
    audio: Any | None = None  # a new `RecordedAudio` to keep with the entry
    remove_audio: bool = False


# --- the body: light formatting as Markdown ----------------------------------------------------------------


def _titles(diary: str, new: bool) -> str:
    if diary == DiaryKind.LEARNER.value:
        return "New entry in the learner's diary" if new else "Edit an entry in the learner's diary"
    if diary == DiaryKind.PRACTITIONER.value:
        return "New reflection" if new else "Edit a reflection"
    return "New practice journal entry" if new else "Edit a practice journal entry"


class DiaryEntryDialog(RecordDialog):
    """A new entry (`entry=None`) in `diary`, or an existing one. `on_save(draft)` stores an `EntryDraft`."""

    def __init__(
        self,
        *,
        diary: str,
        entry: EntryView | None,
        today: date,
        on_save: Callable[[EntryDraft], bool],
        choices: LinkChoices | None = None,
        audio: tuple[bytes, str] | None = None,
        journal_kind: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_titles(diary, entry is None), on_save, parent)  # never a name or an entry's words
        self.setObjectName("diary_entry_dialog")
        self.diary = DiaryKind(diary).value
        self.original = entry
        self.choices = choices or LinkChoices()
        self.audio_panel: Any | None = None
        self._audio_touched = False
        self._had_audio = entry is not None and entry.has_audio
        is_learner = self.diary == DiaryKind.LEARNER.value
        is_journal = self.diary == DiaryKind.JOURNAL.value

        # --- who, when, how
        self.written_on = date_edit(entry.written_on if entry else today)
        self.written_on.setObjectName("written_on")
        self.author = QComboBox()
        self.author.setObjectName("author")
        self.author.setEditable(True)
        self.author.setAccessibleName("Written by")
        self.author.setMinimumWidth(260)
        self.author.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.author.addItems(AUTHORS if not is_journal else (BY_ME,))
        self.author.setCurrentText(entry.author if entry else WITH_THE_LEARNER if is_learner else BY_ME)
        self.mode = QComboBox()
        self.mode.setObjectName("mode")
        self.mode.addItem("Written", EntryMode.WRITTEN.value)
        self.mode.addItem("Spoken", EntryMode.SPOKEN.value)
        self.mode.setCurrentIndex(
            max(0, self.mode.findData(entry.mode if entry else EntryMode.WRITTEN.value))
        )
        self.journal_kind = QComboBox()
        self.journal_kind.setObjectName("journal_kind")
        for kind in JournalKind:
            self.journal_kind.addItem(kind.label, kind.value)
        wanted_kind = entry.journal_kind if entry else journal_kind or JournalKind.REFLECTION.value
        self.journal_kind.setCurrentIndex(max(0, self.journal_kind.findData(wanted_kind)))
        top = QFormLayout()
        top.addRow("Date", fixed_width(self.written_on))
        if is_journal:
            top.addRow("Kind of entry", fixed_width(self.journal_kind))
        top.addRow("Written by", self.author)
        top.addRow("Written or spoken", fixed_width(self.mode))

        self.private_note = QLabel(PRIVATE_NOTE)
        self.private_note.setObjectName("private_note")
        self.private_note.setWordWrap(True)
        self.private_note.setStyleSheet(PRIVATE_STYLE)
        self.private_note.setVisible(not is_learner)

        # --- what was said
        placeholder = (
            "What happened, in the learner's words where you can. Choose a prompt on the right to start."
            if is_learner
            else "Your own thoughts. Choose a prompt on the right to start."
        )
        self.body = BodyEditor(placeholder)
        if entry is not None:
            self.body.text.set_markdown(entry.body)

        self.mood_buttons = QButtonGroup(self)
        mood_row = QHBoxLayout()
        not_recorded = QRadioButton("Not recorded")
        not_recorded.setObjectName("mood_0")
        self.mood_buttons.addButton(not_recorded, 0)
        mood_row.addWidget(not_recorded)
        for value, words in MOOD_LABELS.items():
            button = QRadioButton(f"{value} · {words}")
            button.setObjectName(f"mood_{value}")
            self.mood_buttons.addButton(button, value)
            mood_row.addWidget(button)
        mood_row.addStretch(1)
        self.mood_buttons.button(entry.mood if entry and entry.mood else 0).setChecked(True)
        self.mood_words = QLineEdit(entry.mood_words if entry else "")
        self.mood_words.setObjectName("mood_words")
        self.mood_words.setAccessibleName("Mood in their own words")
        self.mood_words.setPlaceholderText("In their words: “a bit nervous, but it's better than last week”")
        mood = QGroupBox("How does the learner feel about the plan?")
        mood_form = QVBoxLayout(mood)
        mood_form.addLayout(mood_row)
        mood_form.addWidget(self.mood_words)
        mood.setVisible(is_learner)

        self.progress = text_box("Steps taken, things that went well")
        self.progress.setObjectName("progress")
        self.setbacks = text_box("What got in the way")
        self.setbacks.setObjectName("setbacks")
        self.key_points = text_box(
            "Cases and points discussed (anonymous)" if is_journal else "What you talked about"
        )
        self.key_points.setObjectName("key_points")
        self.tasks = text_box("Actions and next steps" if is_journal else "Who does what before next time")
        self.tasks.setObjectName("tasks")
        self.next_meeting = OptionalDateEdit()
        self.next_meeting.setObjectName("next_meeting")
        self.next_meeting.edit.setSpecialValueText("Not set")
        if entry is not None:
            for box, text in (
                (self.progress, entry.progress),
                (self.setbacks, entry.setbacks),
                (self.key_points, entry.key_points),
                (self.tasks, entry.tasks),
            ):
                box.setPlainText(text)
            self.next_meeting.set_value(entry.next_meeting_on)
        details = QFormLayout()
        if not is_journal:
            details.addRow("Progress", self.progress)
            details.addRow("Setbacks", self.setbacks)
        details.addRow("Points discussed" if is_journal else "Key points", self.key_points)
        details.addRow("Actions" if is_journal else "Tasks", self.tasks)
        if not is_journal:
            details.addRow("Next meeting", fixed_width(self.next_meeting))

        links = self._links_box(entry)
        links.setVisible(not is_journal)

        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.addLayout(top)
        form_layout.addWidget(self.private_note)
        form_layout.addWidget(self.body, 1)
        form_layout.addWidget(mood)
        form_layout.addLayout(details)
        form_layout.addWidget(links)
        form_layout.addWidget(self._audio_box(entry, audio))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(form)

        self.prompts = PromptList(prompt_groups(self.diary))
        self.prompts.chosen.connect(self.body.text.insert_prompt)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel("<b>Prompts</b><br>Choose a question to add it to the entry.")
        hint.setWordWrap(True)
        side_layout.addWidget(hint)
        side_layout.addWidget(self.prompts, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([850, 270])
        self.finish(split)
        self.resize(1150, 800)
        self.body.setFocus()

    # --- building -----------------------------------------------------------------------------------------

    def _links_box(self, entry: EntryView | None) -> QGroupBox:
        box = QGroupBox("Links")
        form = QFormLayout(box)
        self.stage = QComboBox()
        self.stage.setObjectName("link_stage")
        self.goal = QComboBox()
        self.goal.setObjectName("link_goal")
        self.meeting = QComboBox()
        self.meeting.setObjectName("link_meeting")
        for combo in (self.stage, self.goal):
            combo.addItem("Not linked", "")
        self.meeting.addItem("Not linked", None)
        for lineage, title in self.choices.stages:
            self.stage.addItem(title, lineage)
        for lineage, text in self.choices.goals:
            self.goal.addItem(text, lineage)
        for meeting_id, label in self.choices.meetings:
            self.meeting.addItem(label, meeting_id)
        # A link to something no longer offered (an earlier plan, an older meeting) is kept, not dropped.
        if entry is not None:
            if entry.stage_lineage and self.stage.findData(entry.stage_lineage) < 0:
                self.stage.addItem("A stage of an earlier version of the plan", entry.stage_lineage)
            if entry.goal_lineage and self.goal.findData(entry.goal_lineage) < 0:
                self.goal.addItem("A goal of an earlier version of the plan", entry.goal_lineage)
            if entry.meeting_id is not None and self.meeting.findData(entry.meeting_id) < 0:
                self.meeting.addItem("An earlier meeting", entry.meeting_id)
            self.stage.setCurrentIndex(max(0, self.stage.findData(entry.stage_lineage)))
            self.goal.setCurrentIndex(max(0, self.goal.findData(entry.goal_lineage)))
            self.meeting.setCurrentIndex(max(0, self.meeting.findData(entry.meeting_id)))
        if not self.choices.has_plan:
            for combo in (self.stage, self.goal):
                combo.setToolTip("The learner has no agreed plan yet, so there is nothing to link to.")
        self.stage.setEnabled(self.stage.count() > 1)
        self.goal.setEnabled(self.goal.count() > 1)
        self.meeting.setEnabled(self.meeting.count() > 1)
        form.addRow("Plan stage", self.stage)
        form.addRow("Goal", self.goal)
        form.addRow("Meeting", self.meeting)
        return box

    def _audio_box(self, entry: EntryView | None, audio: tuple[bytes, str] | None) -> QGroupBox:
        box = QGroupBox("Recording")
        layout = QVBoxLayout(box)
        try:
            from tutordesk.ui.diaries.audio import AudioPanel
        except (ImportError, OSError, RuntimeError):
            # QtMultimedia missing or broken: say so once and let the entry be written.
            problem = QLabel(NO_AUDIO)
            problem.setObjectName("audio_problem")
            problem.setWordWrap(True)
            layout.addWidget(problem)
            return box
        panel = AudioPanel()
        panel.setObjectName("audio_panel")
        if audio is not None:
            panel.set_audio(audio[0], audio[1], entry.audio_ms if entry else None)
        panel.changed.connect(self._audio_changed)
        layout.addWidget(panel)
        self.audio_panel = panel
        return box

    # --- the record in the form ---------------------------------------------------------------------------

    def mood(self) -> int | None:
        chosen = self.mood_buttons.checkedId()
        return chosen if chosen > 0 else None

    def value(self) -> EntryInput:
        keep = self.original or EntryInput(written_on=to_date(self.written_on))
        is_learner = self.diary == DiaryKind.LEARNER.value
        is_journal = self.diary == DiaryKind.JOURNAL.value
        return EntryInput(
            written_on=to_date(self.written_on),
            diary=self.diary,
            author=self.author.currentText().strip(),
            mode=self.mode.currentData(),
            journal_kind=self.journal_kind.currentData() if is_journal else "",
            body=self.body.text.markdown(),
            # Fields this diary does not show keep what they held.
            mood=self.mood() if is_learner else keep.mood,
            mood_words=self.mood_words.text() if is_learner else keep.mood_words,
            progress=self.progress.toPlainText() if not is_journal else keep.progress,
            setbacks=self.setbacks.toPlainText() if not is_journal else keep.setbacks,
            key_points=self.key_points.toPlainText(),
            tasks=self.tasks.toPlainText(),
            next_meeting_on=self.next_meeting.value() if not is_journal else keep.next_meeting_on,
            stage_lineage=self.stage.currentData() if not is_journal else keep.stage_lineage,
            goal_lineage=self.goal.currentData() if not is_journal else keep.goal_lineage,
            meeting_id=self.meeting.currentData() if not is_journal else keep.meeting_id,
        )

    def draft(self) -> EntryDraft:
        audio = self.audio_panel.audio() if self.audio_panel is not None else None
        touched = self._audio_touched
        return EntryDraft(
            entry=self.value(),
            audio=audio if touched else None,
            remove_audio=touched and audio is None and self._had_audio,
        )

    def is_dirty(self) -> bool:
        return self._audio_touched or super().is_dirty()

    def has_unsaved_changes(self) -> bool:
        """Asked by the window before it locks: an entry being written is saved, not lost."""
        return self.is_dirty()

    def save(self) -> bool:  # type: ignore[override]
        if self.audio_panel is not None and self.audio_panel.is_busy():
            self.audio_panel.stop()  # a recording still running is kept, as Stop would
        if not dates_ready(self):
            return False
        if not self._on_save(self.draft()):
            return False
        self._initial = self.value()
        self._audio_touched = False
        self.accept()
        return True

    def insert_prompt(self, question: str) -> None:
        self.body.text.insert_prompt(question)

    def _audio_changed(self) -> None:
        self._audio_touched = True
        if self.audio_panel is not None and self.audio_panel.audio() is not None:
            self.mode.setCurrentIndex(max(0, self.mode.findData(EntryMode.SPOKEN.value)))
