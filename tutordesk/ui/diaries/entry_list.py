"""What the learner's diary panel and the practice journal share: a list of entries with New…, Edit… and Delete
above it (and one more action at the right), the read-only note, the entry editor while it is open, erasing an
entry for good, and saving an entry being written before a lock or a close.

`DiaryPanel` (the Diaries tab) and `JournalPanel` (the practice journal window) derive from `EntryListPanel`
and say what differs: where the entries are listed and which is selected (`selected_entry`), what the editor
is given (`editor_options`), how a deletion is asked about (`delete_question`), and whether they may be
changed now (`can_write`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from tutordesk.services.diaries import entries as diaries
from tutordesk.services.diaries.entries import EntryView
from tutordesk.ui.diaries.entry_dialog import DiaryEntryDialog, EntryDraft
from tutordesk.ui.widgets.dialogs import confirm
from tutordesk.ui.widgets.panel import Panel, PanelContext
from tutordesk.ui.widgets.panel_parts import READ_ONLY_NOTE
from tutordesk.vault.unit_of_work import UnitOfWork

ERASED_FOR_GOOD = (
    "Its words will be erased from TutorDesk for good, along with any recording, and search will no longer "
    "find them. This cannot be undone."
)


class EntryListPanel(Panel):
    """Base of the panels that list diary entries. `noun` names the Edit… and Delete buttons: "edit_<noun>"."""

    needs_a_learner = True  # entries belong to the learner shown; False: to nobody (the practice journal)

    def __init__(self, context: PanelContext, noun: str, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.dialog: DiaryEntryDialog | None = None  # the entry editor while it is open
        self.new_buttons: Sequence[QPushButton] = ()
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName(f"edit_{noun}")
        self.edit_button.setToolTip("Change the selected entry (Enter)")
        self.edit_button.clicked.connect(lambda _=False: self.edit())
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName(f"delete_{noun}")
        self.delete_button.setToolTip("Erase the selected entry for good (Del)")
        self.delete_button.clicked.connect(lambda _=False: self.delete())
        self.read_only_note = QLabel(READ_ONLY_NOTE)
        self.read_only_note.setObjectName("read_only_note")

    def button_row(self, new_buttons: Sequence[QPushButton], extra: QPushButton) -> QHBoxLayout:
        """New… (one or more), Edit…, Delete, and `extra` at the far right; Enter is left to the list."""
        self.new_buttons = new_buttons
        buttons = QHBoxLayout()
        for button in (*new_buttons, self.edit_button, self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        extra.setAutoDefault(False)
        buttons.addWidget(extra)
        return buttons

    def list_keys(self, view: Any, insert: Callable[[], object]) -> None:
        """Ins, Enter and Del in the list (a view with insert/edit/delete_requested) act on its entries."""
        view.insert_requested.connect(insert)
        view.edit_requested.connect(self.edit)
        view.delete_requested.connect(self.delete)

    # --- what a subclass says -----------------------------------------------------------------------------

    def selected_entry(self) -> EntryView | None:
        raise NotImplementedError

    def select_entry(self, entry_id: int) -> bool:
        """Select the entry in the list (after it was saved, say); False when it is not listed."""
        raise NotImplementedError

    def can_write(self) -> bool:
        return not self.context.read_only

    def editor_options(self, entry: EntryView | None) -> dict[str, Any]:
        """More for the editor of `entry` (None: a new one): what it may link to, the journal's kind."""
        return {}

    def delete_question(self, entry: EntryView) -> str:
        raise NotImplementedError

    def update_extra(self, can_edit: bool, chosen: bool) -> None:
        """Enable the action at the right of the buttons."""

    # --- the actions --------------------------------------------------------------------------------------

    def update_actions(self) -> None:
        can_edit = self.can_write()
        chosen = self.selected_entry() is not None
        for button in self.new_buttons:
            button.setEnabled(can_edit)
        self.edit_button.setEnabled(can_edit and chosen)
        self.delete_button.setEnabled(can_edit and chosen)
        self.update_extra(can_edit, chosen)

    def open_new(self, diary: str) -> None:
        """Write a new entry in `diary` (a learner's, the practitioner's reflections, the journal)."""
        if self.new_buttons and self.new_buttons[0].isEnabled() and self.dialog is None:
            self._open_editor(diary, None)

    def edit(self) -> None:
        entry = self.selected_entry()
        if entry is not None and self.edit_button.isEnabled() and self.dialog is None:
            self._open_editor(entry.diary, entry)

    def _open_editor(self, diary: str, entry: EntryView | None) -> None:
        learner_id = self.learner_id if self.needs_a_learner else None
        if self.needs_a_learner and learner_id is None:
            return
        audio = None
        if entry is not None and entry.has_audio:
            spoken_id = entry.id
            audio = self.run(lambda uow: diaries.load_audio(uow, entry_id=spoken_id))
        entry_id = entry.id if entry is not None else None

        def on_save(draft: EntryDraft) -> bool:
            saved = self.run(lambda uow: save_draft(uow, learner_id, draft, entry_id), commit=True)
            if saved is None:
                return False
            if self.learner_id == learner_id:  # not if another learner is shown by now
                self.reload()
                self.select_entry(saved)
            return True

        dialog = DiaryEntryDialog(
            diary=diary,
            entry=entry,
            today=self.context.today(),
            on_save=on_save,
            audio=audio,
            parent=self,
            **self.editor_options(entry),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def delete(self) -> None:
        entry = self.selected_entry()
        if entry is None or not self.delete_button.isEnabled():
            return
        if not confirm(self, self.delete_question(entry), "Erase it", ERASED_FOR_GOOD):
            return
        if erase_entry(self, entry.id):
            self.reload()

    def save_pending(self) -> None:
        """An entry being written when the window locks or closes is saved, not lost."""
        if self.dialog is not None and self.dialog.has_unsaved_changes():
            self.dialog.save()


def save_draft(uow: UnitOfWork, learner_id: int | None, draft: EntryDraft, entry_id: int | None) -> int:
    """The entry and its recording in one unit of work: both are saved, or neither."""
    saved = diaries.save_entry(uow, learner_id=learner_id, entry=draft.entry, entry_id=entry_id)
    if draft.audio is not None:
        audio = draft.audio
        diaries.set_audio(
            uow, entry_id=saved, data=audio.data, mime=audio.mime, duration_ms=audio.duration_ms
        )
    elif draft.remove_audio:
        diaries.remove_audio(uow, entry_id=saved)
    return saved


def erase_entry(panel: Panel, entry_id: int) -> bool:
    """Delete an entry for good: the deletion is committed, then its words are cleared from the WAL too."""
    if not panel.operate(lambda uow: diaries.delete_entry(uow, entry_id=entry_id)):
        return False
    erase_traces(panel.context)
    return True


def erase_traces(context: PanelContext) -> None:
    """After a committed deletion: empty the write-ahead log so the erased words leave every file."""
    vault = context.vault()
    if vault is not None and not vault.read_only:
        diaries.erase_traces(vault.engine)
