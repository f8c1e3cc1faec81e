"""Regression guard for the installed PySide6: returning None from data() must not leak references to None.

PySide6 6.12.0 on CPython 3.11 drops one reference to None each time a Python data() override returns None,
and the process aborts once the count runs out after enough repaints. pyproject.toml keeps 3.11 below 6.12;
this test proves whatever combination is installed is clean (it would fail on the bad one).
"""

from __future__ import annotations

import sys
from typing import Any

import PySide6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot


class _MostlyNoneModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 40

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 8

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        self.calls += 1
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            return f"row {index.row()}"
        return None


def test_repaints_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    model = _MostlyNoneModel()
    view = QTableView()
    view.setModel(model)
    view.resize(900, 700)
    qtbot.addWidget(view)
    with qtbot.waitExposed(view):
        view.show()
    view.grab()  # warm up caches before measuring; grab() paints even on the offscreen platform
    before_calls = model.calls
    before = sys.getrefcount(None)
    for _ in range(30):
        view.grab()
    none_returns = model.calls - before_calls
    drift = sys.getrefcount(None) - before
    assert none_returns > 5_000, "the view did not repaint; the test would prove nothing"
    assert abs(drift) < none_returns // 10, (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} lost {-drift} references to None "
        f"over {none_returns} data() calls"
    )


def test_reading_none_through_qt_does_not_leak_references_to_none() -> None:
    """The path that aborts under 6.12.0 on 3.11: Python asks Qt for data() and gets None back.

    Measured with that combination: every call below lost one reference to None, and the interpreter
    aborted with "deallocating None" after some tens of thousands. 2,000 calls stay far from the abort.
    """
    model = _MostlyNoneModel()
    index = model.index(0, 1)
    before = sys.getrefcount(None)
    for _ in range(2_000):
        assert index.data() is None
    drift = sys.getrefcount(None) - before
    assert abs(drift) < 200, (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} lost {-drift} references to None "
        "over 2,000 reads: pin PySide6 below 6.12 on this Python"
    )
