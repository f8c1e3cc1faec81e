"""The main window driven as a tutor would: filter the caseload, pick a learner, lock and unlock."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tests.conftest import PASSPHRASE, make_closed_vault, open_vault
from tests.support import keys
from tutordesk.domain.risk import RiskLevel
from tutordesk.services.caseload.view import ReadAhead, ViewRequest, read_caseload_view
from tutordesk.settings import Settings
from tutordesk.ui.caseload.model import RISK_COLUMN
from tutordesk.ui.shell.main_window import TAB_NAMES, MainWindow
from tutordesk.ui.widgets.secret_clipboard import copy_secret
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import BackupPolicy

TODAY = date(2026, 11, 20)


@pytest.fixture
def window(qtbot: QtBot, vault_path: Path, tmp_path: Path) -> MainWindow:
    make_closed_vault(vault_path, learners=60)
    vault = open_vault(vault_path)
    shown = MainWindow(
        vault,
        Settings(),
        backups=BackupPolicy(folder=tmp_path / "backups", daily=False),
        geometry_file=tmp_path / "config" / "window.ini",
        today=lambda: TODAY,
    )
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    return shown


def test_models_pass_qt_model_tests(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.caseload.model)
    qtmodeltester.check(window.caseload.due_model)
    keys.type_text(window.caseload.search, "a")
    qtmodeltester.check(window.caseload.model)


def test_tabs_title_and_caseload(window: MainWindow) -> None:
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == list(TAB_NAMES)
    assert window.windowTitle() == "TutorDesk"
    assert window.caseload.model.rowCount() == 60
    assert window.caseload.count_label.text() == "60 learners"
    assert window.caseload.due_model.rowCount() > 0
    assert "overdue" in window.caseload.due_title.text()


def test_typing_in_search_filters_and_counts(window: MainWindow, qtbot: QtBot) -> None:
    model = window.caseload.model
    first = model.row_at(0)
    window.caseload.focus_search()
    qtbot.keyClicks(window.caseload.search, first.family_name)
    assert 0 < model.rowCount() < 60
    assert all(first.family_name.lower() in model.row_at(r).search_text for r in range(model.rowCount()))
    assert window.caseload.count_label.text().startswith("Showing ")
    window.caseload.search.clear()
    assert model.rowCount() == 60


def test_filters_by_risk_status_and_overdue(window: MainWindow) -> None:
    tab, model = window.caseload, window.caseload.model
    keys.pick_data(tab.risk_filter, RiskLevel.HIGH)
    assert all(model.row_at(r).risk.level is RiskLevel.HIGH for r in range(model.rowCount()))  # type: ignore[union-attr]
    tab.reset_filters()
    keys.tick(tab.overdue_only)
    overdue = model.rowCount()
    assert overdue > 0 and all(model.row_at(r).overdue for r in range(overdue))
    keys.tick(tab.overdue_only, False)
    assert model.rowCount() == 60


def test_risk_tooltip_explains_the_level(window: MainWindow) -> None:
    model = window.caseload.model
    index = model.index(0, RISK_COLUMN)
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Why ") and "Score" in tooltip or "No open risk factors" in tooltip


def test_selecting_a_learner_fills_the_header_and_every_tab(window: MainWindow) -> None:
    row = window.caseload.model.row_at(3)
    assert window.caseload.select_learner(row.id)
    assert window.selected_learner == row.id
    assert row.display_name in window.header.text()
    assert row.status.label in window.header.text()
    assert window.plans.learner_id == row.id
    assert window.mentoring.learner_id == row.id
    assert window.transitions.learner_id == row.id
    assert row.display_name not in window.windowTitle()


def test_sorting_by_a_column(window: MainWindow) -> None:
    model = window.caseload.model
    window.caseload.table.sortByColumn(RISK_COLUMN, Qt.SortOrder.DescendingOrder)
    ranks = [model.row_at(r).risk.level.rank for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert ranks == sorted(ranks, reverse=True)


def test_lock_clears_everything_and_unlock_returns_to_the_same_place(
    window: MainWindow, qtbot: QtBot
) -> None:
    row = window.caseload.model.row_at(5)
    keys.type_text(window.caseload.search, row.family_name)
    window.caseload.select_learner(row.id)
    keys.choose_tab(window.tabs, 2)
    vault = window.vault
    assert vault is not None
    copy_secret("a-pack-password-copied-just-before")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked and not vault.is_open
    assert QApplication.clipboard().text() == ""  # the password did not outlive the lock
    assert window.caseload.model.rowCount() == 0 and window.caseload.due_model.rowCount() == 0
    assert window.caseload.search.text() == ""  # it held a name
    assert window.header.text() == ""
    assert window.pages.currentWidget() is window.lock_screen
    assert not window.new_learner_action.isEnabled()
    assert not window.export_calendar_action.isEnabled() and not window.batch_packs_action.isEnabled()
    assert "Locked" in window.lock_state.text()

    qtbot.keyClicks(window.lock_screen.passphrase, "not the passphrase")
    qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)
    assert window.is_locked
    assert "does not unlock" in window.lock_screen.message.text()
    assert window.lock_screen.passphrase.text() == ""
    assert not window.lock_screen.passphrase.isUndoAvailable()  # Ctrl+Z cannot bring it back
    qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)  # Enter again, with nothing typed
    assert "does not unlock" in window.lock_screen.message.text()  # what the last try said stays

    qtbot.keyClicks(window.lock_screen.passphrase, PASSPHRASE)
    qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)
    assert not window.is_locked
    assert window.caseload.search.text() == row.family_name
    assert 0 < window.caseload.model.rowCount() < 60
    assert window.tabs.currentIndex() == 2
    assert window.selected_learner == row.id
    assert row.display_name in window.header.text()


def test_geometry_is_remembered_without_learner_data(window: MainWindow, tmp_path: Path) -> None:
    names = [window.caseload.model.row_at(r).family_name for r in range(10)]
    window.close()
    ini = (tmp_path / "config" / "window.ini").read_bytes()
    assert b"geometry" in ini
    assert not any(name.encode() in ini for name in names)


def test_a_read_only_vault_shows_a_banner_and_offers_no_edits(
    qtbot: QtBot, vault_path: Path, tmp_path: Path
) -> None:
    make_closed_vault(vault_path, learners=3)
    vault = open_vault(vault_path)
    vault.read_only = True  # as Vault.open sets it for a file or folder that cannot be written
    shown = MainWindow(vault, Settings(), backups=BackupPolicy(folder=tmp_path / "b", daily=False))
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    assert shown.read_only_banner.isVisible()
    assert not shown.new_learner_action.isEnabled() and not shown.import_action.isEnabled()
    assert shown.lock_state.text() == "Unlocked, read-only"
    shown.close()


def test_a_writable_vault_has_no_banner(window: MainWindow) -> None:
    assert not window.read_only_banner.isVisible()
    assert window.new_learner_action.isEnabled()


def test_keyboard_shortcuts_reach_their_actions(window: MainWindow, qtbot: QtBot) -> None:
    """Each shortcut is bound once (two bindings of one key make Qt ignore both)."""
    window.activateWindow()
    window.caseload.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.caseload.search.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0
    shortcuts = [a.shortcut().toString() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert len(shortcuts) == len(set(shortcuts)), shortcuts


def test_the_plans_tab_follows_the_learner_and_keeps_words_typed_just_before_a_lock(
    window: MainWindow, qtbot: QtBot
) -> None:
    from tutordesk.services.plans import roadmap as plans
    from tutordesk.ui.plans.roadmap import RoadmapPanel

    with window.vault.unit_of_work() as uow:  # type: ignore[union-attr]
        with_plan = [v.learner_id for v in uow.session.exec(select(plans.PlanVersion)).all()]
    row = window.caseload.model.find(with_plan[0])
    assert row is not None
    window.caseload.select_learner(row.id)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    roadmap = window.plans.panels[0]
    assert isinstance(roadmap, RoadmapPanel)
    assert window.tabs.currentWidget() is window.plans and roadmap.learner_id == row.id
    assert roadmap.plan is not None and roadmap.plan.learner_id == row.id
    assert row.display_name not in window.windowTitle()

    # A new version, typed into and locked before the pause that saves it: the words are kept.
    roadmap.start_revision("Trying a shorter week")
    keys.type_text(roadmap.header.end_goal, "Finish the year, then a Level 3 course")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked and roadmap.learner_id is None
    qtbot.keyClicks(window.lock_screen.passphrase, PASSPHRASE)
    qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)
    assert not window.is_locked
    with window.vault.unit_of_work() as uow:  # type: ignore[union-attr]
        newest = plans.load_plan(uow, learner_id=row.id)
    assert newest is not None and newest.end_goal == "Finish the year, then a Level 3 course"
    assert roadmap.plan is not None and roadmap.plan.end_goal == newest.end_goal


def _loaded_by_importing(modules: str, watched: tuple[str, ...]) -> list[str]:
    """The watched modules (or their beginnings) that a fresh interpreter has loaded after importing `modules`."""
    import json
    import subprocess
    import sys

    code = f"import sys, json, {modules}; print(json.dumps(sorted(m for m in sys.modules if m.startswith({watched!r}))))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_start_up_leaves_the_plans_tab_and_pdf_libraries_for_later() -> None:
    """The main window imports none of the plan or diary panels, their tables, reportlab or QtMultimedia until
    they are used."""
    watched = (
        "reportlab",
        "tutordesk.domain.plan_models",
        "tutordesk.ui.plans.roadmap",
        "tutordesk.services.plans.contracts",
        "tutordesk.domain.diary_models",
        "tutordesk.ui.diaries.panel",
        "PySide6.QtMultimedia",
        "tutordesk.services.mentoring.relationships",
        "tutordesk.domain.mentoring_models",
        "tutordesk.ui.mentoring.panel",
        "tutordesk.ui.mentoring.terms",
        "tutordesk.services.transitions.moves",
        "tutordesk.domain.transition_models",
        "tutordesk.ui.transitions.move",
        "tutordesk.ui.transitions.panel",
        "tutordesk.ui.transitions.profile",
        "tutordesk.services.transitions.handover",
        "pikepdf",
        "PySide6.QtPdf",
    )
    assert _loaded_by_importing("tutordesk.ui.shell.main_window", watched) == []


@pytest.mark.parametrize(("read_for", "statements"), [(TODAY, 0), (TODAY - timedelta(days=1), 4)])
def test_the_window_shows_the_caseload_read_ahead_for_its_day(
    qtbot: QtBot, vault_path: Path, tmp_path: Path, read_for: date, statements: int
) -> None:
    """A caseload read ahead (while the window's modules imported) is shown as it is; one read for another
    day, or other settings, is read again."""
    make_closed_vault(vault_path, learners=12)
    vault = open_vault(vault_path)
    settings = Settings()
    ahead = ReadAhead(vault, ViewRequest.from_settings(settings, read_for))
    ahead_rows = len(read_caseload_view(vault, request=ahead.request).rows)
    ahead.result()  # finished before counting: only the window's own statements are counted
    with recorded_statements(vault.engine) as sent:
        shown = MainWindow(
            vault,
            settings,
            backups=BackupPolicy(folder=tmp_path / "backups", daily=False),
            today=lambda: TODAY,
            read_ahead=ahead,
        )
    qtbot.addWidget(shown)
    assert len(sent) == statements
    assert shown.caseload.model.rowCount() == ahead_rows == 12


def test_starting_imports_the_window_only_once_the_vault_is_open() -> None:
    """Importing the start-up code loads neither the main window (imported while the caseload is read ahead),
    nor the first-run or unlock dialogs (imported when needed), nor the table classes."""
    watched = (
        "tutordesk.ui.shell.main_window",
        "tutordesk.ui.shell.first_run_dialog",
        "tutordesk.ui.shell.unlock_dialog",
        "tutordesk.domain.models",
        "tutordesk.domain.taxonomies",
        "PySide6.QtPrintSupport",
    )
    assert _loaded_by_importing("tutordesk.ui.shell.application, tutordesk.vault.vault", watched) == []


def test_one_learner_is_counted_in_the_singular(qtbot: QtBot, vault_path: Path, tmp_path: Path) -> None:
    """Found by trying TutorDesk as a new tutor: the first learner added read "1 learners"."""
    make_closed_vault(vault_path, learners=1)
    shown = MainWindow(
        open_vault(vault_path),
        Settings(),
        backups=BackupPolicy(folder=tmp_path / "backups", daily=False),
        today=lambda: TODAY,
    )
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    assert shown.caseload.count_label.text() == "1 learner"
    keys.type_text(shown.caseload.search, "zzz")
    assert shown.caseload.count_label.text() == "Showing 0 of 1 learner"
