"""Help → User guide (F1): the guide in its own window, its contents, finding words with Enter, and each
tab's "What is this?" landing on that tab's heading."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import make_closed_vault, open_vault
from tutordesk.resources import user_guide
from tutordesk.settings import Settings
from tutordesk.ui.shell.help_window import NOT_FOUND, TAB_SECTIONS, HelpWindow
from tutordesk.ui.shell.main_window import TAB_NAMES, MainWindow
from tutordesk.vault.vault import BackupPolicy

TODAY = date(2026, 11, 20)


@pytest.fixture
def window(qtbot: QtBot, vault_path: Path, tmp_path: Path) -> MainWindow:
    make_closed_vault(vault_path, learners=3)
    shown = MainWindow(
        open_vault(vault_path),
        Settings(),
        backups=BackupPolicy(folder=tmp_path / "backups", daily=False),
        today=lambda: TODAY,
    )
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    return shown


def the_guide() -> HelpWindow:
    [guide] = [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpWindow) and w.isVisible()]
    return guide


def test_f1_opens_the_guide_rendered_with_its_contents(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.keyClick(window.caseload.table, Qt.Key.Key_F1)
    guide = the_guide()
    assert guide.windowTitle() == "TutorDesk user guide"
    assert guide.isWindow() and guide is not window
    text = guide.browser.toPlainText()
    assert "Using TutorDesk" in text and "## " not in text  # rendered, not the Markdown source
    tops = [guide.contents.topLevelItem(i).text(0) for i in range(guide.contents.topLevelItemCount())]
    assert tops[0] == "First start" and "Mentoring" in tops
    # A heading chosen in the contents with the keyboard comes to the top of the page.
    guide.contents.setFocus()
    guide.contents.setCurrentItem(guide.contents.topLevelItem(tops.index("Diaries")))
    qtbot.keyClick(guide.contents, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: guide.heading_at_top() == "Diaries", timeout=2000)


def test_typing_a_word_finds_it_and_enter_goes_to_the_next(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window.caseload.table, Qt.Key.Key_F1)
    guide = the_guide()
    qtbot.waitUntil(guide.isActiveWindow, timeout=2000)
    qtbot.keyClick(guide.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert guide.focusWidget() is guide.find_field
    qtbot.keyClicks(guide.find_field, "passphrase")
    count = guide.browser.toPlainText().lower().count("passphrase")
    assert count > 2
    assert guide.find_state.text() == f"1 of {count}"
    assert guide.browser.textCursor().selectedText().lower() == "passphrase"
    first = guide.browser.textCursor().selectionStart()
    qtbot.keyClick(guide.find_field, Qt.Key.Key_Return)
    assert guide.find_state.text() == f"2 of {count}"
    assert guide.browser.textCursor().selectionStart() > first
    qtbot.keyClick(guide.find_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert guide.find_state.text() == f"1 of {count}"
    guide.find_field.selectAll()
    qtbot.keyClicks(guide.find_field, "zqxjv")
    assert guide.find_state.text() == NOT_FOUND


@pytest.mark.parametrize("tab", TAB_NAMES)
def test_what_is_this_opens_the_guide_at_the_tabs_heading(window: MainWindow, qtbot: QtBot, tab: str) -> None:
    window.tabs.setCurrentIndex(TAB_NAMES.index(tab))
    qtbot.mouseClick(window.what_is_this, Qt.MouseButton.LeftButton)
    guide = the_guide()
    qtbot.waitUntil(lambda: guide.heading_at_top() == TAB_SECTIONS[tab], timeout=2000)


def test_every_tab_has_its_heading_in_the_guide() -> None:
    headings = {
        line.lstrip("#").strip()
        for line in user_guide().read_text("utf-8").splitlines()
        if line.startswith("## ")
    }
    assert set(TAB_SECTIONS) == set(TAB_NAMES)
    assert set(TAB_SECTIONS.values()) <= headings
