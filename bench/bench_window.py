"""Caseload window figures, in this process, offscreen (run them with bench/run.py).

- statements_caseload: the statements the main window sends to show the caseload and the Due panel
  (counted, whatever the number of learners; the budget is a count, not a ratio).
- filter_keystroke: one search keystroke over the whole caseload (filter in Python, model reset, repaint);
  floor: the same rows filtered as plain strings and pushed through a bare table model reset and repaint.
- sort_column: one click on a column header (sort every row, reset, repaint), cycling through the
  columns both ways; floor: sorting the source list of rows with the same key, then a bare reset and
  repaint.

`open_window` makes the main window the learner figures (bench_learner.py) go on to use.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import Any

from bench.floors import bare_table
from bench.scales import BuiltVault
from bench.timing import Figure, Options, ms
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

#: Typed into the search box in turn: one letter matches most rows, which is the costly keystroke.
LETTERS = "abcdefgh"


@contextmanager
def open_window(vault: Vault, today: date) -> Iterator[tuple[Any, int]]:
    """The main window over the vault, shown and painted; yields it with the statements it took."""
    from PySide6.QtWidgets import QApplication

    from tutordesk.settings import Settings
    from tutordesk.ui.shell.main_window import MainWindow
    from tutordesk.vault.vault import BackupPolicy

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as backups:
        with recorded_statements(vault.engine) as statements:
            window = MainWindow(
                vault,
                Settings(),
                backups=BackupPolicy(folder=Path(backups), daily=False),
                today=lambda: today,
            )
        window.show()
        window.grab()
        try:
            yield window, len(statements)
        finally:
            window.caseload.clear()
            window.vault = None  # the caller closes the vault; closing the window must not lock it
            window.close()
            window.deleteLater()
            app.processEvents()


def caseload_figures(built: BuiltVault, window: Any, statements: int, options: Options) -> list[Figure]:
    scale = built.scale.name
    learners = window.caseload.model.total
    figures = [
        Figure(
            "statements_caseload",
            scale,
            [float(statements)],
            unit="statements",
            note=f"main window over {learners} learners: the caseload and the Due panel",
        )
    ]
    figures.append(_filter(scale, window, options, learners))
    figures.append(_sort(scale, window, options, learners))
    return figures


def _timed(action: Any) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _filter(scale: str, window: Any, options: Options, learners: int) -> Figure:
    caseload = window.caseload
    texts = [row.search_text for row in caseload.model._all]  # noqa: SLF001 - the model's own rows
    bare, bare_view = bare_table(7)
    measured, floor = [], []

    def keystroke(word: str) -> None:
        caseload.search.setText(word)
        caseload.table.viewport().grab()

    def bare_keystroke(word: str) -> None:
        bare.show([t for t in texts if word in t])
        bare_view.viewport().grab()

    for n in range(options.repeat * 3 + 2):  # three keystrokes per pair asked for: each is short
        word = LETTERS[n % len(LETTERS)]
        a = _timed(lambda: keystroke(word))  # noqa: B023 - called at once
        f = _timed(lambda: bare_keystroke(word))  # noqa: B023
        caseload.search.clear()
        if n >= 2:  # the first two are the warm-up
            measured.append(a)
            floor.append(f)
    options.profile_action("filter_keystroke", lambda: (keystroke("a"), caseload.search.clear()), times=20)
    bare_view.close()
    return Figure("filter_keystroke", scale, ms(measured), ms(floor), note=f"{learners} learners")


def _sort(scale: str, window: Any, options: Options, learners: int) -> Figure:
    from PySide6.QtCore import Qt

    from tutordesk.services.caseload.filtering import SORT_KEYS
    from tutordesk.ui.caseload.model import COLUMNS

    caseload = window.caseload
    source = list(caseload.model._all)  # noqa: SLF001 - the model's own rows
    bare, bare_view = bare_table(len(COLUMNS))
    text = attrgetter("search_text")
    measured, floor = [], []
    orders = (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder)

    def click(column: int, order: Qt.SortOrder) -> None:
        caseload.table.sortByColumn(column, order)
        caseload.table.viewport().grab()

    def bare_sort(column: int, order: Qt.SortOrder) -> None:
        rows = sorted(
            source, key=SORT_KEYS[COLUMNS[column][1]], reverse=order == Qt.SortOrder.DescendingOrder
        )
        bare.show(rows, text)
        bare_view.viewport().grab()

    for n in range(options.repeat * 2 + 2):
        column, order = n % len(COLUMNS), orders[(n // len(COLUMNS)) % 2]
        a = _timed(lambda: click(column, order))  # noqa: B023 - called at once
        f = _timed(lambda: bare_sort(column, order))  # noqa: B023
        if n >= 2:
            measured.append(a)
            floor.append(f)
    options.profile_action(
        "sort_column", lambda: [click(c, o) for c in range(len(COLUMNS)) for o in orders], times=2
    )
    caseload.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    bare_view.close()
    return Figure(
        "sort_column", scale, ms(measured), ms(floor), note=f"{learners} learners, every column both ways"
    )
