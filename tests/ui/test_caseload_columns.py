"""The caseload's columns as the tutor leaves them: widths, order, hidden columns and sort, changed through the
header with the mouse and its right-click menu, are there again after the window is closed and opened; the
window's settings file keeps the header's shape only, no learner's data. And the Risk column shows its
longest word, "None recorded", whole at the default size and at 1366×768."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QHeaderView, QMenu, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from tests.conftest import make_closed_vault, open_vault
from tests.support import builders
from tutordesk.settings import Settings
from tutordesk.ui.caseload.model import COLUMNS, RISK_COLUMN
from tutordesk.ui.shell.main_window import MainWindow
from tutordesk.ui.widgets.elided import ElidedTooltips
from tutordesk.vault.vault import BackupPolicy

TODAY = date(2026, 11, 20)
BORN, STATUS, LAST_CONTACT = 1, 2, 6


def _open(qtbot: QtBot, vault_path: Path, tmp_path: Path) -> MainWindow:
    window = MainWindow(
        open_vault(vault_path),
        Settings(),
        backups=BackupPolicy(folder=tmp_path / "backups", daily=False),
        geometry_file=tmp_path / "config" / "window.ini",
        today=lambda: TODAY,
    )
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    path = make_closed_vault(tmp_path / "tutordesk.vault", learners=12)
    vault = open_vault(path)
    builders.add_learner(vault, "Quinn", "Nothing-Recorded")  # nothing recorded about risk
    vault.lock()
    return path


def _drag(header: QHeaderView, start: QPoint, end: QPoint) -> None:
    viewport = header.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 11):  # in steps, as a hand moves
        QTest.mouseMove(viewport, start + (end - start) * step / 10)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def _middle(header: QHeaderView, column: int) -> QPoint:
    return QPoint(
        header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2
    )


def _hide_from_the_header_menu(header: QHeaderView, title: str) -> None:
    """Right-click the header and click `title` in the menu it opens."""

    def click_in_menu() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(10, click_in_menu)
            return
        action = next(a for a in menu.actions() if a.text() == title)
        QTest.mouseClick(
            menu,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            menu.actionGeometry(action).center(),
        )

    QTimer.singleShot(0, click_in_menu)
    point = _middle(header, 0)
    QApplication.sendEvent(
        header.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, header.viewport().mapToGlobal(point)),
    )


def test_the_columns_are_as_the_tutor_left_them(qtbot: QtBot, vault_path: Path, tmp_path: Path) -> None:
    window = _open(qtbot, vault_path, tmp_path)
    table = window.caseload.table
    header = table.horizontalHeader()

    born = header.sectionSize(BORN)  # wider, by its right edge
    edge = header.sectionViewportPosition(BORN) + born - 1
    _drag(header, QPoint(edge, header.height() // 2), QPoint(edge + 60, header.height() // 2))
    assert header.sectionSize(BORN) > born + 40
    widened = header.sectionSize(BORN)

    _drag(
        header, _middle(header, RISK_COLUMN), _middle(header, BORN) - QPoint(header.sectionSize(BORN) // 4, 0)
    )
    assert header.visualIndex(RISK_COLUMN) < header.visualIndex(BORN)  # Risk now comes before Born
    moved = [header.logicalIndex(visual) for visual in range(header.count())]

    for _ in range(2):  # sorted by last contact, newest first
        QTest.mouseClick(
            header.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            _middle(header, LAST_CONTACT),
        )
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        LAST_CONTACT,
        Qt.SortOrder.DescendingOrder,
    )
    order = [table.model().index(row, 0).data() for row in range(table.model().rowCount())]

    _hide_from_the_header_menu(header, "Status")
    qtbot.waitUntil(lambda: header.isSectionHidden(STATUS))
    window.close()

    kept = (tmp_path / "config" / "window.ini").read_bytes()
    for name in order:  # the header's shape only: no learner is named in the settings file
        assert name.encode() not in kept and name.split()[-1].encode() not in kept

    again = _open(qtbot, vault_path, tmp_path)
    table = again.caseload.table
    header = table.horizontalHeader()
    assert header.sectionSize(BORN) == widened
    assert [header.logicalIndex(visual) for visual in range(header.count())] == moved
    assert header.isSectionHidden(STATUS) and not header.isSectionHidden(BORN)
    status_action = next(a for a in again.caseload.columns_menu.actions() if a.text() == "Status")
    assert not status_action.isChecked()  # the menu says what the table shows
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        LAST_CONTACT,
        Qt.SortOrder.DescendingOrder,
    )
    assert [table.model().index(row, 0).data() for row in range(table.model().rowCount())] == order


def test_a_kept_header_from_other_columns_is_left_alone(
    qtbot: QtBot, vault_path: Path, tmp_path: Path
) -> None:
    window = _open(qtbot, vault_path, tmp_path)
    titles, state = window.caseload.header_state()
    assert titles == "|".join(title for title, _, _ in COLUMNS)
    assert not window.caseload.restore_header("Name|Born", state)  # a column added or taken away since
    assert not window.caseload.restore_header(titles, b"not a header")


@pytest.mark.parametrize("size", [None, (1366, 768)], ids=["default size", "1366x768"])
def test_none_recorded_is_whole_in_the_risk_column(
    qtbot: QtBot, vault_path: Path, tmp_path: Path, size: tuple[int, int] | None
) -> None:
    window = _open(qtbot, vault_path, tmp_path)
    if size is not None:
        window.resize(*size)
    qtbot.wait(50)
    table = window.caseload.table
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, RISK_COLUMN).data() == "None recorded")
    index = model.index(row, RISK_COLUMN)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.widget = table
    option.rect = table.visualRect(index)
    delegate = table.itemDelegate()
    assert isinstance(delegate, ElidedTooltips)
    assert not delegate.text_is_cut(option, index)
