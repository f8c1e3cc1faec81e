"""The entry-list panel (`EntryListPanel`) as the learner's diary and the practice journal both use it: Ins
in the list opens the editor, an entry being written is saved (not lost) before a lock, the saved entry is
listed and selected, Del asks and then erases it for good; a read-only vault changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from tests.ui.test_diaries_tab import add_learner, context_for, write
from tests.ui.test_plan_reviews import answer_next_box
from tutordesk.domain.diary_enums import DiaryKind
from tutordesk.services.diaries import entries as diaries
from tutordesk.ui.diaries.entry_list import EntryListPanel
from tutordesk.ui.diaries.panel import DiaryPanel
from tutordesk.ui.diaries.practice_journal import JournalPanel
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.vault import Vault


@dataclass(frozen=True)
class Kind:
    """One use of the entry list: how to make it for a vault, its list, and the entries it holds."""

    make: Callable[[PanelContext, int], EntryListPanel]
    view: Callable[[EntryListPanel], QAbstractItemView]
    learner: bool  # entries belong to a learner (False: to nobody, the practice journal)
    diary: str


def _diary(context: PanelContext, learner_id: int) -> EntryListPanel:
    panel = DiaryPanel(context)
    panel.load(learner_id)
    return panel


KINDS = {
    "diary": Kind(_diary, lambda p: p.timeline.view, True, DiaryKind.LEARNER.value),  # type: ignore[attr-defined]
    "journal": Kind(lambda c, _: JournalPanel(c), lambda p: p.view, False, DiaryKind.JOURNAL.value),  # type: ignore[attr-defined]
}


@pytest.fixture(params=list(KINDS))
def kind(request: pytest.FixtureRequest) -> Kind:
    return KINDS[request.param]


@pytest.fixture
def shown(qtbot: QtBot) -> Iterator[Callable[[EntryListPanel], EntryListPanel]]:
    panels: list[EntryListPanel] = []

    def show(panel: EntryListPanel) -> EntryListPanel:
        qtbot.addWidget(panel)
        panel.resize(1100, 700)
        with qtbot.waitExposed(panel):
            panel.show()
        panels.append(panel)
        return panel

    yield show
    for panel in panels:
        if panel.dialog is not None:
            panel.dialog.done(0)


def entries_of(vault: Vault, kind: Kind, learner_id: int) -> list[str]:
    with vault.unit_of_work() as uow:
        found = diaries.timeline(uow, learner_id=learner_id) if kind.learner else diaries.journal(uow)
    return [entry.body for entry in found]


def test_an_entry_typed_is_saved_before_a_lock_then_erased_for_good_with_del(
    kind: Kind, vault: Vault, qtbot: QtBot, shown: Callable[[EntryListPanel], EntryListPanel]
) -> None:
    learner_id = add_learner(vault)
    panel = shown(kind.make(context_for(vault), learner_id))
    view = kind.view(panel)
    assert not panel.edit_button.isEnabled() and not panel.delete_button.isEnabled()  # nothing chosen yet

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible() and dialog.diary == kind.diary
    qtbot.keyClicks(dialog.body.text, "Kept when the window locks.")
    with qtbot.waitSignal(panel.changed):
        panel.save_pending()  # what the window does before it locks or closes
    assert panel.dialog is None
    assert entries_of(vault, kind, learner_id) == ["Kept when the window locks."]
    chosen = panel.selected_entry()
    assert chosen is not None and chosen.body == "Kept when the window locks."  # listed and selected
    assert panel.edit_button.isEnabled() and panel.delete_button.isEnabled()

    view.setFocus()
    answer_next_box("Erase it")
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert entries_of(vault, kind, learner_id) == []
    assert panel.selected_entry() is None and not panel.delete_button.isEnabled()


def test_a_read_only_vault_lists_the_entries_and_changes_nothing(
    kind: Kind, vault: Vault, qtbot: QtBot, shown: Callable[[EntryListPanel], EntryListPanel]
) -> None:
    learner_id = add_learner(vault)
    write(vault, learner_id if kind.learner else None, diary=kind.diary, body="Readable, not changeable.")
    vault.read_only = True  # as Vault.open sets it for a file or folder that cannot be written
    panel = shown(kind.make(context_for(vault), learner_id))
    view = kind.view(panel)
    assert panel.read_only_note.isVisible()
    view.setFocus()
    if panel.selected_entry() is None:
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert panel.selected_entry() is not None
    assert not any(
        button.isEnabled() for button in (*panel.new_buttons, panel.edit_button, panel.delete_button)
    )
    for key in (Qt.Key.Key_Insert, Qt.Key.Key_Return, Qt.Key.Key_Delete):
        qtbot.keyClick(view, key)
        assert panel.dialog is None
    panel.open_new(kind.diary)
    assert panel.dialog is None
    assert entries_of(vault, kind, learner_id) == ["Readable, not changeable."]
