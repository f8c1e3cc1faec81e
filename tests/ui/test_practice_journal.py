"""The practice journal window: entries that belong to no learner, filtered by kind and searched, written and
erased, and copied for supervision only after the practitioner has read the pseudonymised text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tests.support import keys
from tests.ui.test_diaries_tab import TODAY, context_for, write
from tests.ui.test_plan_reviews import answer_next_box, choose
from tutordesk.demo.caseload import fill_demo
from tutordesk.domain.diary_enums import DiaryKind, JournalKind
from tutordesk.domain.models import Learner
from tutordesk.services.diaries import entries as diaries
from tutordesk.ui.diaries.practice_journal import PracticeJournalWindow
from tutordesk.ui.diaries.tab import DiariesTab
from tutordesk.ui.diaries.timeline import PRIVATE
from tutordesk.vault.vault import Vault

JOURNAL = DiaryKind.JOURNAL.value


@pytest.fixture
def window(qtbot: QtBot, vault: Vault) -> Iterator[PracticeJournalWindow]:
    shown = PracticeJournalWindow(context_for(vault))
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    for dialog in (shown.panel.dialog, shown.panel.preview):
        if dialog is not None:
            dialog.done(0)


def demo_learner(vault: Vault) -> Learner:
    with vault.unit_of_work() as uow:
        fill_demo(uow, learners=4, seed=3, today=TODAY)
        uow.commit()
        learner = uow.session.exec(select(Learner).order_by(Learner.id)).first()  # type: ignore[arg-type]
        assert learner is not None
        uow.session.expunge(learner)
        return learner


def test_a_journal_entry_naming_a_demo_learner_is_pseudonymised_and_copied_only_on_request(
    window: PracticeJournalWindow, qtbot: QtBot, vault: Vault
) -> None:
    learner = demo_learner(vault)
    name = f"{learner.given_name} {learner.family_name}"
    entry_id = write(
        vault,
        None,
        diary=JOURNAL,
        journal_kind=JournalKind.SUPERVISION.value,
        written_on=TODAY + timedelta(days=1),  # newer than every demo entry
        body=f"Brought {name}'s case. {learner.given_name} is finding the mornings hard.",
        tasks=f"Ask {learner.given_name} about the bus pass.",
    )
    panel = window.panel
    panel.reload()
    assert window.windowTitle() == "Practice journal"
    assert panel.select_entry(entry_id)
    assert panel.reader.private.isVisible() and PRIVATE in panel.reader.private.text()

    QApplication.clipboard().setText("something else")
    preview = panel.pseudonymise()
    assert preview is not None and preview.isVisible()
    shared = preview.text.toPlainText()
    assert preview.text.isReadOnly()
    assert learner.given_name not in shared and learner.family_name not in shared
    assert "Brought Learner A's case. Learner A is finding the mornings hard." in shared
    assert "Ask Learner A about the bus pass." in shared and shared.startswith(
        "Supervision notes, 21 Nov 2026"
    )
    assert QApplication.clipboard().text() == "something else"  # nothing copied until asked

    qtbot.mouseClick(preview.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == shared
    assert "Copied" in preview.copied.text()
    QApplication.clipboard().clear()


def test_journal_entries_are_written_filtered_searched_and_erased(
    window: PracticeJournalWindow, qtbot: QtBot, vault: Vault, qtmodeltester: ModelTester
) -> None:
    panel = window.panel
    assert panel.model.rowCount() == 0 and "empty" in panel.empty.text()
    choose(panel.kind, JournalKind.CRITICAL_INCIDENT.value)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Insert)
    dialog = panel.dialog
    assert dialog is not None and dialog.windowTitle() == "New practice journal entry"
    assert dialog.journal_kind.currentData() == JournalKind.CRITICAL_INCIDENT.value  # from the filter
    assert dialog.private_note.isVisible() and not dialog.mood_words.isVisibleTo(dialog)
    assert "What happened that puzzled or struck me?" in dialog.prompts.questions()
    dialog.prompts.choose("What happened that puzzled or struck me?")
    dialog.body.text.insertPlainText("A quiet learner shouted in the workshop; the kettle incident.")
    keys.type_text(dialog.tasks, "Talk it through at supervision.")
    with qtbot.waitSignal(window.changed):
        assert dialog.save()
    write(vault, None, diary=JOURNAL, journal_kind=JournalKind.REFLECTION.value, body="A calm week.")
    write(vault, None, diary=JOURNAL, journal_kind=JournalKind.SUPERVISION.value, body="Cadence.")
    panel.reload()
    assert panel.model.rowCount() == 1  # still showing critical incidents only
    qtmodeltester.check(panel.model)
    choose(panel.kind, "")
    assert panel.model.rowCount() == 3
    kinds = {panel.model.index(row, 1).data() for row in range(3)}
    assert kinds == {"Critical incident", "Reflection", "Supervision notes"}

    keys.type_text(panel.search, "kettle")
    panel.search_now()
    assert [entry.body for entry in panel.shown()][0].startswith("**What happened that puzzled")
    assert panel.model.rowCount() == 1
    assert "Talk it through" in panel.reader.text()

    panel.view.selectRow(0)
    panel.view.setFocus()
    answer_next_box("Erase it")
    with qtbot.waitSignal(window.changed):
        qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert panel.model.rowCount() == 0
    with vault.unit_of_work() as uow:
        assert diaries.search(uow, typed="kettle", diaries=[JOURNAL]) == []
        assert len(diaries.journal(uow)) == 2
    panel.search.clear()
    panel.search_now()
    assert panel.model.rowCount() == 2


def test_the_journal_opens_from_the_diaries_tab_at_the_entry_search_found(qtbot: QtBot, vault: Vault) -> None:
    wanted = write(
        vault, None, diary=JOURNAL, journal_kind=JournalKind.REFLECTION.value, body="The albatross idea."
    )
    write(vault, None, diary=JOURNAL, journal_kind=JournalKind.SUPERVISION.value, body="Something newer.")
    tab = DiariesTab(context_for(vault))
    qtbot.addWidget(tab)
    with qtbot.waitExposed(tab):
        tab.show()
    search = tab.search
    assert search is not None
    keys.type_text(search.box, "albatross")
    search.search_now()
    assert search.hits() == []  # the journal is searched only when asked for
    keys.tick(search.include_journal)
    assert [hit.entry_id for hit in search.hits()] == [wanted]
    search.activate(search.model.index(0, 0))
    window = tab.journal_window
    assert isinstance(window, PracticeJournalWindow) and window.isVisible()
    chosen = window.panel.selected()
    assert chosen is not None and chosen.id == wanted
    window.done(0)


def test_a_read_only_vault_lets_the_journal_be_read_and_shared_but_not_changed(
    qtbot: QtBot, vault: Vault
) -> None:
    write(vault, None, diary=JOURNAL, body="Read me.")
    vault.read_only = True
    window = PracticeJournalWindow(context_for(vault))
    qtbot.addWidget(window)
    panel = window.panel
    panel.view.selectRow(0)
    assert panel.read_only_note.isVisibleTo(window)
    assert not panel.new_button.isEnabled() and not panel.edit_button.isEnabled()
    assert not panel.delete_button.isEnabled() and panel.share_button.isEnabled()
    for key in (Qt.Key.Key_Insert, Qt.Key.Key_Return, Qt.Key.Key_Delete):
        qtbot.keyClick(panel.view, key)
        assert panel.dialog is None
    assert panel.model.rowCount() == 1
