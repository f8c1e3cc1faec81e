"""Every tab, inner page and dialog of the main window, walked as a keyboard and screen-reader user meets
them (see tests/support/walk.py): no Alt letter shared in one window, no interactive widget without a name,
no read-only table that keeps the Tab key, and no dialog where Enter presses Cancel or Close."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.support import builders
from tests.support.walk import Walker, mnemonic
from tutordesk.settings import Settings
from tutordesk.ui.shell.main_window import MainWindow
from tutordesk.vault.vault import BackupPolicy, Vault

TODAY = date(2026, 11, 20)


@pytest.fixture
def window(qtbot: QtBot, vault: Vault, tmp_path: Path) -> MainWindow:
    learner_id = builders.add_learner(vault, setting="Northgate College")
    builders.add_plan(vault, learner_id, agreed_on=date(2026, 9, 1))
    builders.add_review(vault, learner_id, held_on=date(2026, 10, 1))
    builders.add_entry(vault, learner_id, written_on=date(2026, 11, 2), body="Walked to college on time.")
    builders.add_relationship(vault, learner_id, started_on=date(2026, 9, 7), mentor_name="Sam Okafor")
    builders.add_transition(vault, learner_id, receiving_setting="Riverside Training Centre")
    shown = MainWindow(
        vault,
        Settings(),
        backups=BackupPolicy(folder=tmp_path / "backups", daily=False),
        today=lambda: TODAY,
    )
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    assert shown.caseload.select_learner(learner_id)
    return shown


def test_mnemonic_finds_the_alt_letter() -> None:
    assert mnemonic("Save as &PDF…") == "p" and mnemonic("Fish && &Chips") == "c"
    assert mnemonic("No letter") is None and mnemonic("Tom && Jerry") is None


def test_every_tab_page_and_dialog_is_reachable_by_keyboard_and_named(window: MainWindow) -> None:
    walker = Walker()
    walker.walk(window)
    assert not walker.problems, "\n".join(walker.problems)
    # The walk reached the dialogs (so a broken walk cannot pass by seeing nothing).
    assert {"LearnerProfileDialog", "ImportDialog"} <= walker.dialogs_seen or not walker.dialogs_seen, (
        walker.dialogs_seen
    )
    assert len(walker.dialogs_seen) >= 10, sorted(walker.dialogs_seen)


def test_tab_leaves_the_caseload_table_for_the_due_panel(window: MainWindow, qtbot: QtBot) -> None:
    table, due = window.caseload.table, window.caseload.due_table
    table.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is due
    QTest.keyClick(due, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is table
