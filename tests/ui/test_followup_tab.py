"""The contact log as a tutor uses it: Ctrl+Shift+K on the caseload, type a note, Enter, and the caseload's
Last contact and Due list change; a quick note from the right-click menu; the Follow-up tab lists, edits
(Enter) and deletes (Del, after saying yes) contacts; an overdue follow-up shows on the Due list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.support import builders, keys
from tests.ui.test_plan_reviews import answer_next_box
from tutordesk.domain.contact_enums import ContactChannel, ContactKind
from tutordesk.services.followup import contacts
from tutordesk.services.followup.contacts import ContactInput, FollowUpInput
from tutordesk.settings import Settings
from tutordesk.ui.caseload.model import COLUMNS
from tutordesk.ui.followup.contact_dialog import NO_CONTENT_HELP, ContactDialog
from tutordesk.ui.followup.contact_log import ContactLogPanel
from tutordesk.ui.shell.main_window import TAB_NAMES, MainWindow
from tutordesk.vault.vault import BackupPolicy, Vault

TODAY = date(2026, 11, 20)
LAST_CONTACT = next(n for n, column in enumerate(COLUMNS) if column[0] == "Last contact")
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot: QtBot, vault: Vault, tmp_path: Path) -> MainWindow:
    builders.add_learner(vault, "Ada", "Ashcombe", started_on=date(2026, 9, 1))
    builders.add_learner(vault, "Bram", "Brackenridge", started_on=date(2026, 9, 1))
    shown = MainWindow(
        vault,
        Settings(),
        backups=BackupPolicy(folder=tmp_path / "backups", daily=False),
        today=lambda: TODAY,
    )
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    return shown


def _learner(window: MainWindow, family: str) -> int:
    model = window.caseload.model
    return next(model.row_at(r).id for r in range(model.rowCount()) if model.row_at(r).family_name == family)


def _dialog(qtbot: QtBot) -> ContactDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ContactDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ContactDialog)
    return dialog


def _last_contact_cell(window: MainWindow, learner_id: int) -> str:
    model = window.caseload.model
    row = model.row_of(learner_id)
    assert row is not None
    return str(model.index(row, LAST_CONTACT).data())


def _due_texts(window: MainWindow) -> list[str]:
    model = window.caseload.due_model
    return [
        " ".join(str(model.index(r, c).data()) for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def test_ctrl_shift_k_on_the_caseload_logs_a_contact_and_enter_saves_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    ada = _learner(window, "Ashcombe")
    assert window.caseload.select_learner(ada)
    assert _last_contact_cell(window, ada) == ""
    assert any("Ada Ashcombe" in text and "No contact recorded yet" in text for text in _due_texts(window))
    window.caseload.table.setFocus()
    qtbot.keyClick(window.caseload.table, Qt.Key.Key_K, CTRL_SHIFT)
    dialog = _dialog(qtbot)
    # Sensible defaults: today, now, a one-to-one tutorial in person, about the learner chosen.
    assert dialog.held_on.value() == TODAY and dialog.at_time.text()
    assert (
        dialog.kind.currentData() == ContactKind.ONE_TO_ONE
        and dialog.channel.currentData() == ContactChannel.IN_PERSON
    )
    assert "Ada Ashcombe" in dialog.about.text() and "Ada" not in dialog.windowTitle()
    assert any(label.text() == NO_CONTENT_HELP for label in dialog.findChildren(type(dialog.about)))
    qtbot.keyClicks(dialog.note, "Talked about getting up for college")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with window.vault.unit_of_work() as uow:  # type: ignore[union-attr]
        [saved] = contacts.contact_log(uow, learner_id=ada)
    assert (saved.held_on, saved.kind, saved.note) == (
        TODAY,
        "one_to_one",
        "Talked about getting up for college",
    )
    assert _last_contact_cell(window, ada) == "20 Nov 2026"
    assert not any("Ada Ashcombe" in text and "No contact" in text for text in _due_texts(window))
    assert any(
        "Bram Brackenridge" in text and "No contact recorded yet" in text for text in _due_texts(window)
    )


def test_a_phone_call_goes_by_phone_unless_the_channel_was_chosen(window: MainWindow, qtbot: QtBot) -> None:
    assert window.caseload.select_learner(_learner(window, "Ashcombe"))
    window.log_contact_action.trigger()
    dialog = _dialog(qtbot)
    keys.pick_data(dialog.kind, ContactKind.PHONE_CALL.value)
    assert dialog.channel.currentData() == ContactChannel.PHONE
    keys.pick_data(dialog.kind, ContactKind.MESSAGE.value)
    assert dialog.channel.currentData() == ContactChannel.MESSAGE
    dialog.done(0)


def test_a_quick_note_from_the_right_click_menu_is_two_fields(window: MainWindow, qtbot: QtBot) -> None:
    bram = _learner(window, "Brackenridge")
    menu = window.caseload.row_menu(bram)
    [quick] = [action for action in menu.actions() if action.text() == "Quic&k note…"]
    quick.trigger()
    dialog = _dialog(qtbot)
    assert dialog.windowTitle() == "Quick note"
    assert [w.isVisible() for w in (dialog.kind, dialog.channel, dialog.attendees, dialog.next_on)] == [
        False
    ] * 4
    assert dialog.held_on.isVisible() and dialog.focusWidget() is dialog.note
    answer_next_box("OK")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # empty: refused with a plain message, nothing lost
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.note, "Canteen: says the bus is late again")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with window.vault.unit_of_work() as uow:  # type: ignore[union-attr]
        [saved] = contacts.contact_log(uow, learner_id=bram)
    assert (saved.kind, saved.channel, saved.note) == (
        "informal",
        "in_person",
        "Canteen: says the bus is late again",
    )
    assert _last_contact_cell(window, bram) == "20 Nov 2026"


def test_the_follow_up_tab_lists_edits_and_deletes_contacts(window: MainWindow, qtbot: QtBot) -> None:
    ada = _learner(window, "Ashcombe")
    with window.vault.unit_of_work() as uow:  # type: ignore[union-attr]
        contacts.log_contact(
            uow,
            learner_id=ada,
            data=ContactInput(held_on=date(2026, 11, 2), kind="home_visit", note="Met Gran"),
        )
        contacts.log_contact(
            uow, learner_id=ada, data=ContactInput(held_on=date(2026, 11, 9), kind="phone_call")
        )
        uow.commit()
    assert window.caseload.select_learner(ada)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == TAB_NAMES.index("Follow-up")
    panel = window.followup.contact_log
    assert isinstance(panel, ContactLogPanel)
    view = panel.section.view
    assert [row.kind for row in panel.rows] == ["phone_call", "home_visit"]  # newest first
    assert view.model().index(1, 1).data() == "Home visit"
    # Enter edits the selected contact.
    view.setFocus()
    view.selectRow(1)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    dialog = _dialog(qtbot)
    assert dialog.windowTitle() == "Edit a contact" and dialog.note.text() == "Met Gran"
    dialog.note.selectAll()
    qtbot.keyClicks(dialog.note, "Met Gran and Mum at home")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [row.note for row in panel.rows] == ["", "Met Gran and Mum at home"]
    assert _last_contact_cell(window, ada) == "9 Nov 2026"
    # Del deletes the selected contact after saying yes; the caseload's Last contact falls back.
    view.selectRow(0)
    answer_next_box("Delete")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [row.kind for row in panel.rows] == ["home_visit"]
    assert _last_contact_cell(window, ada) == "2 Nov 2026"
    with window.vault.unit_of_work() as uow:  # type: ignore[union-attr]
        assert len(contacts.contact_log(uow, learner_id=ada)) == 1


def test_a_contact_logged_from_the_caseload_shows_on_the_follow_up_tab(
    window: MainWindow, qtbot: QtBot
) -> None:
    ada = _learner(window, "Ashcombe")
    assert window.caseload.select_learner(ada)
    keys.choose_tab(window.tabs, TAB_NAMES.index("Follow-up"))
    panel = window.followup.contact_log
    assert panel is not None and panel.rows == []
    qtbot.keyClick(window.followup, Qt.Key.Key_K, CTRL_SHIFT)  # the shortcut works from any tab
    dialog = _dialog(qtbot)
    keys.pick_data(dialog.kind, ContactKind.FAMILY_MEETING.value)
    qtbot.keyClicks(dialog.attendees, "Mum, Ada")
    dialog.follow_ups.add_button.click()
    [row] = dialog.follow_ups.rows
    qtbot.keyClicks(row.what, "Ask the college about a bus pass")
    qtbot.keyClicks(row.who, "Tutor")
    keys.type_optional_date(row.due, date(2026, 11, 27))
    qtbot.keyClick(row.what, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [(r.kind, r.attendees) for r in panel.rows] == [("family_meeting", "Mum, Ada")]
    assert panel.rows[0].follow_ups[0].due_on == date(2026, 11, 27)
    assert any("Follow-up: Ask the college about a bus pass (Tutor)" in text for text in _due_texts(window))


def test_an_overdue_follow_up_is_on_the_due_list_in_red_words(
    qtbot: QtBot, vault: Vault, tmp_path: Path
) -> None:
    ada = builders.add_learner(vault, "Ada", "Ashcombe", started_on=date(2026, 9, 1))
    with vault.unit_of_work() as uow:
        contacts.log_contact(
            uow,
            learner_id=ada,
            data=ContactInput(
                held_on=date(2026, 11, 10),
                follow_ups=(FollowUpInput("Send the timetable", who="Sam", due_on=date(2026, 11, 13)),),
            ),
        )
        uow.commit()
    shown = MainWindow(
        vault, Settings(), backups=BackupPolicy(folder=tmp_path / "b", daily=False), today=lambda: TODAY
    )
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    texts = _due_texts(shown)
    assert any("Follow-up: Send the timetable (Sam)" in t and "overdue" in t for t in texts), texts
    assert shown.caseload.select_learner(ada)
    keys.choose_tab(shown.tabs, TAB_NAMES.index("Follow-up"))
    panel = shown.followup.contact_log
    assert panel is not None
    cell = panel.section.view.model().index(0, 5)
    assert "overdue" in cell.data() and cell.data(Qt.ItemDataRole.ForegroundRole) is not None


def test_a_read_only_vault_offers_no_contact_logging(qtbot: QtBot, vault: Vault, tmp_path: Path) -> None:
    builders.add_learner(vault, "Ada", "Ashcombe")
    vault.read_only = True  # as Vault.open sets it for a file or folder that cannot be written
    shown = MainWindow(vault, Settings(), backups=BackupPolicy(folder=tmp_path / "b", daily=False))
    qtbot.addWidget(shown)
    assert shown.caseload.select_learner(shown.caseload.model.row_at(0).id)
    assert not shown.log_contact_action.isEnabled() and not shown.quick_note_action.isEnabled()
