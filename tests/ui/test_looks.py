"""How the window looks at a laptop's size: columns that fit, cut text readable in a tooltip, colour only for
what is overdue, a strength bar that warns, a window icon, a goal dialog that keeps still, an empty caseload
that says how to begin, and one name for one action."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from tests.conftest import make_closed_vault, open_vault
from tests.support import keys
from tutordesk.paths import AppPaths
from tutordesk.settings import Settings
from tutordesk.ui.caseload.model import COLUMNS, DUE_COLUMN
from tutordesk.ui.shell.main_window import MainWindow
from tutordesk.ui.transitions.panel import NoMoveYet
from tutordesk.ui.widgets.record_table import WARNING_COLOUR
from tutordesk.vault.passphrase_strength import assess
from tutordesk.vault.vault import BackupPolicy

TODAY = date(2026, 11, 20)


def _window(qtbot: QtBot, tmp_path: Path, learners: int) -> MainWindow:
    path = make_closed_vault(tmp_path / "tutordesk.vault", learners=learners)
    window = MainWindow(
        open_vault(path),
        Settings(),
        backups=BackupPolicy(folder=tmp_path / "backups", daily=False),
        today=lambda: TODAY,
    )
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return _window(qtbot, tmp_path, 60)


@pytest.mark.parametrize("size", [None, (1366, 768)], ids=["default size", "1366x768"])
def test_the_caseload_needs_no_horizontal_scroll_bar(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int] | None
) -> None:
    if size is not None:
        window.resize(*size)
    qtbot.wait(50)
    for table in (window.caseload.table, window.caseload.due_table):
        assert not table.horizontalScrollBar().isVisible(), table.objectName()
    table = window.caseload.table
    headers = [COLUMNS[column][0] for column in range(len(COLUMNS)) if not table.isColumnHidden(column)]
    assert headers[:2] == ["Name", "Born"]
    metrics = table.horizontalHeader().fontMetrics()
    for column in range(len(COLUMNS)):
        if not table.isColumnHidden(column):  # every title is whole ("Last contact", not "Last cont")
            assert table.columnWidth(column) > metrics.horizontalAdvance(COLUMNS[column][0]), COLUMNS[column][
                0
            ]
    # The dates and short words are never cut.
    model = table.model()
    for column in (1, 2, 4, 6):
        cells = table.fontMetrics()
        widest = max(
            cells.horizontalAdvance(model.index(row, column).data()) for row in range(model.rowCount())
        )
        assert widest < table.columnWidth(column), COLUMNS[column][0]


def test_a_cut_cell_shows_its_whole_text_as_a_tooltip(window: MainWindow, qtbot: QtBot) -> None:
    table = window.caseload.table
    model = table.model()
    setting = 3
    row = next(r for r in range(model.rowCount()) if len(model.index(r, setting).data()) > 40)
    full = model.index(row, setting).data()
    assert table.fontMetrics().horizontalAdvance(full) > table.columnWidth(setting)  # it is cut on screen

    rect = table.visualRect(model.index(row, setting))
    QApplication.sendEvent(
        table.viewport(),
        QHelpEvent(QEvent.Type.ToolTip, rect.center(), table.viewport().mapToGlobal(rect.center())),
    )
    assert QToolTip.text() == full

    short = table.visualRect(model.index(row, 2))  # "At risk": it fits, so no tooltip repeats it
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    QApplication.sendEvent(
        table.viewport(),
        QHelpEvent(QEvent.Type.ToolTip, short.center(), table.viewport().mapToGlobal(short.center())),
    )
    assert not QToolTip.isVisible() or QToolTip.text() != model.index(row, 2).data()


def test_only_overdue_items_are_in_the_warning_colour(window: MainWindow) -> None:
    model = window.caseload.model
    seen = set()
    for row in range(model.rowCount()):
        learner = model.row_at(row)
        if learner.next_due is None:
            continue
        index = model.index(row, DUE_COLUMN)
        brush = index.data(Qt.ItemDataRole.ForegroundRole)
        font = index.data(Qt.ItemDataRole.FontRole)
        if learner.overdue:
            assert brush is not None and brush.color() == QColor(WARNING_COLOUR)
            assert font is not None and font.bold()
        else:
            assert brush is None and font is None
        seen.add(learner.overdue)
        for column in range(len(COLUMNS)):  # no other cell is coloured text
            if column != DUE_COLUMN:
                assert model.index(row, column).data(Qt.ItemDataRole.ForegroundRole) is None
    assert seen == {True, False}


def test_columns_can_be_shown_from_the_view_menu(window: MainWindow) -> None:
    table = window.caseload.table
    key_worker = [header for header, _, _ in COLUMNS].index("Key worker")
    assert table.isColumnHidden(key_worker)
    action = next(a for a in window.caseload.columns_menu.actions() if a.text() == "Key worker")
    assert window.caseload.columns_menu in [a.menu() for a in window.menuBar().actions()[1].menu().actions()]
    action.trigger()
    assert not table.isColumnHidden(key_worker)


def test_an_empty_caseload_says_how_to_begin(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path, 0)
    tab = window.caseload

    assert tab.table_stack.currentIndex() == 1 and tab.empty.isVisible()
    text = tab.empty.text()
    assert "No learners yet" in text and "CSV" in text
    assert "tutordesk --vault demo.vault demo --learners 30" in text
    assert tab.add_button.isVisible() and tab.import_button.isVisible()

    opened: list[str] = []
    window.new_learner_action.triggered.disconnect()
    window.new_learner_action.triggered.connect(lambda: opened.append("new"))
    keys.click(tab.add_button)
    assert opened == ["new"]


def test_the_strength_bar_warns_while_the_passphrase_is_weak(qtbot: QtBot, tmp_path: Path) -> None:
    from tutordesk.ui.shell.first_run_dialog import FirstRunDialog

    dialog = FirstRunDialog(tmp_path / "new.vault")
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    weak = "sunshine1"
    assert assess(weak).label == "weak"

    keys.type_text(dialog.passphrase, weak)

    bar = dialog.strength_bar
    assert bar.text() == "Weak"
    image = bar.grab().toImage()
    filled = image.pixelColor(bar.width() // 10, bar.height() // 2)  # inside the first quarter: the chunk
    assert filled == QColor(WARNING_COLOUR), filled.name()

    keys.type_text(dialog.passphrase, " harbour violet teaspoon")
    assert bar.text() in ("Good", "Strong")
    assert bar.grab().toImage().pixelColor(bar.width() // 10, bar.height() // 2) != QColor(WARNING_COLOUR)


def test_the_application_has_a_window_icon(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutordesk.ui.shell import application

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() sets its own; put it back afterwards
    home = tmp_path / "home"
    monkeypatch.setenv("TUTORDESK_HOME", str(home))
    paths = AppPaths.discover()
    (home / "data").mkdir(parents=True)

    # No vault yet: the first-run window opens, and closes itself at once.
    code = application.run(
        paths=paths, settings=Settings(), vault_path=home / "data" / "t.vault", quit_after=0.0
    )

    assert code == 0
    icon = QApplication.windowIcon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} >= {16, 32, 256}


def test_the_goal_dialog_keeps_its_size_as_the_advice_changes(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutordesk.services.plans.roadmap import GoalInput
    from tutordesk.ui.widgets.goal_dialog import GoalDialog

    smart = GoalInput(
        learner_words="Be on time four days out of five",
        professional_wording="Arrive by 9:15 on 4 of 5 days",
        measure="Register marks",
        deadline=TODAY + timedelta(days=20),
    )
    dialog = GoalDialog(
        smart, today=TODAY, stage_title="Sort out mornings", stage_target=TODAY + timedelta(days=30)
    )
    monkeypatch.setattr(dialog, "_confirm_discard", lambda: True)  # closing at the end asks nothing
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    qtbot.wait(20)
    assert "Looks SMART" in dialog.smart_letters.text()
    size = dialog.size()
    advice = {dialog.smart_details.text()}

    # Taking the goal apart brings advice for one letter after another, then putting it back takes it away.
    for box, length in (
        (dialog.measure, len(smart.measure)),
        (dialog.professional, len(smart.professional_wording)),
        (dialog.learner_words, len(smart.learner_words)),
    ):
        keys.focus(box)
        qtbot.keyClick(box, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        for _ in range(length):
            qtbot.keyClick(box, Qt.Key.Key_Backspace)
        qtbot.wait(20)
        advice.add(dialog.smart_details.text())
        assert dialog.size() == size, dialog.smart_details.text()
    keys.type_text(dialog.learner_words, "Be on time")
    qtbot.wait(20)
    advice.add(dialog.smart_details.text())
    assert dialog.size() == size
    assert len(advice) >= 3  # the advice did change each time


def test_one_action_has_one_name_on_the_transitions_tab(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path, 3)
    window.tabs.setCurrentWidget(window.transitions)
    qtbot.wait(20)
    tab = window.transitions
    pages = tab.findChildren(NoMoveYet)
    assert pages  # the pages are built once the tab is shown
    names = {tab.new_button.text().replace("&", "")} | {page.button.text().replace("&", "") for page in pages}
    assert names == {"Plan a move…"}


def test_the_screen_has_the_fonts_the_printed_page_has(qapp: QApplication) -> None:
    from PySide6.QtGui import QFontDatabase

    from tutordesk.ui.widgets.look import add_document_fonts

    added = add_document_fonts()
    assert {"Noto Emoji", "Noto Sans Arabic", "Noto Sans Devanagari"} <= set(added), added
    assert "Noto Emoji" in QFontDatabase.families()
