"""Preferences (Ctrl+,): typed values checked next to their fields, Enter saves atomically and the window
takes the new values at once; a wrong value or Cancel/Escape leaves the settings file as it was."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import make_closed_vault, open_vault
from tutordesk.domain.risk import RiskLevel
from tutordesk.settings import Settings
from tutordesk.ui.shell.main_window import MainWindow
from tutordesk.ui.shell.preferences_dialog import PreferencesDialog
from tutordesk.ui.widgets.idle_lock import IdleLock
from tutordesk.vault.vault import BackupPolicy

TODAY = date(2026, 11, 20)


@pytest.fixture
def window(qtbot: QtBot, vault_path: Path, tmp_path: Path) -> MainWindow:
    make_closed_vault(vault_path, learners=30)
    settings_file = tmp_path / "config" / "settings.json"
    Settings().save(settings_file)
    shown = MainWindow(
        open_vault(vault_path),
        Settings.load(settings_file),
        backups=BackupPolicy(folder=tmp_path / "backups", daily=False),
        today=lambda: TODAY,
    )
    shown.settings_file = settings_file
    idle = IdleLock(shown.settings.idle_lock_minutes * 60.0, parent=shown)
    shown.idle_lock = idle  # type: ignore[attr-defined]  # as build_main_window does
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    idle.stop()


def with_preferences(qtbot: QtBot, window: MainWindow, act: Callable[[PreferencesDialog], None]) -> list[str]:
    """Press Ctrl+, and do `act` in the dialog it opens (modal, so from the event loop); returns what
    went wrong inside, so a failure there shows in the test."""
    problems: list[str] = ["the dialog did not open"]

    def run() -> None:
        dialogs = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, PreferencesDialog) and w.isVisible()
        ]
        if not dialogs:
            QTimer.singleShot(20, run)
            return
        problems.clear()
        try:
            act(dialogs[0])
        except AssertionError as error:
            problems.append(str(error) or repr(error))
        finally:
            if dialogs[0].isVisible():
                dialogs[0].reject()

    QTimer.singleShot(0, run)
    qtbot.keyClick(window.caseload.table, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    return problems


def retype(qtbot: QtBot, field: object, text: str) -> None:
    field.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_a_value_typed_and_enter_saves_it_and_the_idle_lock_takes_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.settings_file is not None
    file = window.settings_file

    def act(dialog: PreferencesDialog) -> None:
        field = dialog.fields["idle_lock_minutes"]
        assert field.text() == "5"
        retype(qtbot, field, "12")
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert not dialog.isVisible()

    assert with_preferences(qtbot, window, act) == []
    assert json.loads(file.read_text("utf-8"))["idle_lock_minutes"] == 12
    assert window.settings.idle_lock_minutes == 12
    assert window.idle_lock.timeout_seconds == 720  # type: ignore[attr-defined]
    assert "Preferences saved" in window.statusBar().currentMessage()


def test_a_bad_value_says_why_next_to_it_and_nothing_is_saved(window: MainWindow, qtbot: QtBot) -> None:
    assert window.settings_file is not None
    before = window.settings_file.read_bytes()

    def act(dialog: PreferencesDialog) -> None:
        retype(qtbot, dialog.fields["no_contact_days"], "soon")
        retype(qtbot, dialog.fields["risk_high_at"], "2")  # below medium (3)
        qtbot.keyClick(dialog.fields["risk_high_at"], Qt.Key.Key_Return)
        assert dialog.isVisible()
        message = dialog.messages["no_contact_days"]
        assert (
            message.isVisible()
            and message.text() == "“soon” is not a number: type a whole number from 1 to 365."
        )
        assert (
            dialog.messages["risk_high_at"].text()
            == "High risk must start at a higher score than medium risk."
        )
        assert dialog.focusWidget() is dialog.fields["no_contact_days"]  # the first wrong value
        assert not dialog.messages["idle_lock_minutes"].isVisible()
        qtbot.keyClick(dialog.fields["no_contact_days"], Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    assert with_preferences(qtbot, window, act) == []
    assert window.settings_file.read_bytes() == before
    assert window.settings.no_contact_days == 28


def test_new_risk_thresholds_show_in_the_caseload_at_once(window: MainWindow, qtbot: QtBot) -> None:
    model = window.caseload.model

    def levels() -> list[RiskLevel | None]:
        return [model.row_at(r).risk.level if model.row_at(r).risk else None for r in range(model.rowCount())]

    before = levels()
    assert RiskLevel.LOW in before

    def act(dialog: PreferencesDialog) -> None:
        retype(qtbot, dialog.fields["risk_medium_at"], "0.1")
        retype(qtbot, dialog.fields["risk_high_at"], "0,2")  # a comma is a decimal point too
        qtbot.keyClick(dialog.fields["risk_high_at"], Qt.Key.Key_Return)

    assert with_preferences(qtbot, window, act) == []
    after = levels()
    assert after.count(RiskLevel.HIGH) > before.count(RiskLevel.HIGH)
    assert window.settings.risk_high_at == 0.2


def test_the_language_of_documents_is_shown_with_english(window: MainWindow, qtbot: QtBot) -> None:
    def act(dialog: PreferencesDialog) -> None:
        assert [dialog.language.itemText(i) for i in range(dialog.language.count())] == ["English"]
        assert dialog.my_details_button is None  # no practitioner's details in this window yet

    assert with_preferences(qtbot, window, act) == []


def test_my_details_opens_from_preferences_when_the_window_has_them(window: MainWindow, qtbot: QtBot) -> None:
    opened: list[bool] = []
    window.open_my_details = lambda: opened.append(True)  # type: ignore[attr-defined]

    def act(dialog: PreferencesDialog) -> None:
        assert dialog.my_details_button is not None
        qtbot.mouseClick(dialog.my_details_button, Qt.MouseButton.LeftButton)

    assert with_preferences(qtbot, window, act) == []
    assert opened == [True]


def test_saving_keeps_keys_this_version_does_not_know(tmp_path: Path) -> None:
    file = tmp_path / "settings.json"
    file.write_text(json.dumps({"from_a_newer_version": [1, 2], "idle_lock_minutes": 3}), "utf-8")
    settings = Settings.load(file)
    assert settings.idle_lock_minutes == 3
    Settings(idle_lock_minutes=9).save(file)
    saved = json.loads(file.read_text("utf-8"))
    assert saved["from_a_newer_version"] == [1, 2] and saved["idle_lock_minutes"] == 9
    assert saved["document_language"] == "en"


def test_early_warning_lines_are_typed_on_their_own_page_and_saved(window: MainWindow, qtbot: QtBot) -> None:
    assert window.settings_file is not None
    file = window.settings_file

    def act(dialog: PreferencesDialog) -> None:
        assert dialog.pages.currentIndex() == 0
        bar = dialog.pages.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
        assert dialog.pages.currentIndex() == 1
        retype(qtbot, dialog.fields["attendance_warning_percent"], "85")
        retype(qtbot, dialog.year_start, "31/08")
        dialog.count_excused.setFocus()
        qtbot.keyClick(dialog.count_excused, Qt.Key.Key_Space)
        assert dialog.count_excused.isChecked()
        qtbot.keyClick(dialog.year_start, Qt.Key.Key_Return)
        assert not dialog.isVisible()

    assert with_preferences(qtbot, window, act) == []
    saved = json.loads(file.read_text("utf-8"))
    assert (saved["attendance_warning_percent"], saved["school_year_starts"]) == (85.0, "08-31")
    assert saved["count_excused_absence"] is True
    rules = window.settings.warning_rules()
    assert rules.school_year_starts == (8, 31) and rules.count_excused_absence


def test_a_school_year_start_that_is_no_day_is_refused_on_its_page(window: MainWindow, qtbot: QtBot) -> None:
    assert window.settings_file is not None
    before = window.settings_file.read_bytes()

    def act(dialog: PreferencesDialog) -> None:
        bar = dialog.pages.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
        retype(qtbot, dialog.year_start, "30/02")
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
        qtbot.keyClick(dialog.fields["idle_lock_minutes"], Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.pages.currentIndex() == 1  # taken to the wrong value
        assert dialog.year_start_message.text() == "Type a day and month, like 01/09 for 1 September."
        assert dialog.focusWidget() is dialog.year_start

    assert with_preferences(qtbot, window, act) == []
    assert window.settings_file.read_bytes() == before
