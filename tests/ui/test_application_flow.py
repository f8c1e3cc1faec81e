"""Whole journeys through the real windows: first run to caseload; unlock, filter, edit, restart; idle lock."""

from __future__ import annotations

import json
import re
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import FAST, PASSPHRASE, make_closed_vault, run_cli
from tests.support import keys
from tutordesk.paths import AppPaths
from tutordesk.settings import Settings
from tutordesk.ui.learners.profile import LearnerProfileDialog
from tutordesk.ui.shell.application import backup_policy, build_main_window
from tutordesk.ui.shell.first_run_dialog import FirstRunDialog
from tutordesk.ui.shell.main_window import MainWindow
from tutordesk.ui.shell.unlock_dialog import UnlockDialog
from tutordesk.vault.vault import Unlock, Vault

STRONG = "tangerine lantern orbit velvet"


def _paths(tmp_path: Path) -> AppPaths:
    return AppPaths.discover({"TUTORDESK_HOME": str(tmp_path / "home")})


def _unlock(qtbot: QtBot, vault_path: Path, settings: Settings) -> Vault:
    dialog = UnlockDialog(vault_path, backup_policy(settings, vault_path))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.field, PASSPHRASE)
    assert dialog.submit()
    assert dialog.vault is not None
    return dialog.vault


def _window(qtbot: QtBot, vault: Vault, settings: Settings, tmp_path: Path, **kwargs: object) -> MainWindow:
    paths = _paths(tmp_path)
    window = build_main_window(vault, settings, paths, backup_policy(settings, vault.path), **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window


def test_first_run_shows_the_recovery_key_then_the_caseload(qtbot: QtBot, tmp_path: Path) -> None:
    vault_path = _paths(tmp_path).default_vault
    dialog = FirstRunDialog(vault_path, cost=FAST)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.passphrase, STRONG)
    qtbot.keyClicks(dialog.confirm, STRONG)
    assert dialog.create_button.isEnabled()
    assert dialog.create_vault()
    shown_key = dialog.key_label.text()
    assert re.search(r"([0-9a-f]{8}[-\s]+){7}[0-9a-f]{8}", shown_key)
    assert not dialog.continue_button.isEnabled()
    dialog.kept_safe.setChecked(True)
    dialog.finish()
    vault = dialog.vault
    assert vault is not None and vault_path.exists()
    window = _window(qtbot, vault, Settings(), tmp_path)
    assert window.caseload.count_label.text() == "0 learners"
    assert not window.is_locked
    window.close()
    # The key shown was the real one: it opens the vault without the passphrase.
    with Vault.open(vault_path, Unlock(recovery_key=re.sub(r"\s+", "-", shown_key.strip()))) as reopened:
        assert reopened.vault_id


def test_unlock_filter_edit_save_restart_and_the_change_is_there(qtbot: QtBot, tmp_path: Path) -> None:
    vault_path = make_closed_vault(tmp_path / "data" / "tutordesk.vault", learners=40)
    settings = Settings(daily_backup=False)
    window = _window(qtbot, _unlock(qtbot, vault_path, settings), settings, tmp_path)
    target = window.caseload.model.row_at(7)
    qtbot.keyClicks(window.caseload.search, f"{target.given_name} {target.family_name}")
    assert window.caseload.model.rowCount() >= 1
    assert window.caseload.select_learner(target.id)

    def edit_in_the_open_profile() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LearnerProfileDialog)
        preferred = dialog.details_tab.lines["preferred_name"]
        preferred.clear()
        qtbot.keyClicks(preferred, "Sunny")
        assert dialog.save()
        dialog.close()

    QTimer.singleShot(0, edit_in_the_open_profile)
    window.open_selected_profile()  # modal, as a double-click opens it; the timer above drives it
    assert "Saved at" in window.last_saved.text()
    assert window.caseload.model.find(target.id).display_name == f"Sunny {target.family_name}"  # type: ignore[union-attr]
    window.close()
    assert window.vault is None

    # Restarted as a person restarts it: a new process (building a second main window in this one has
    # crashed inside Qt; see the known issue in CHANGELOG.md). The change is in the vault it opens.
    listed = run_cli("--vault", str(vault_path), "learners", "list", "--json", home=tmp_path / "again")
    assert listed.returncode == 0, listed.stderr
    again = next(row for row in json.loads(listed.stdout) if row["id"] == target.id)
    assert again["preferred_name"] == "Sunny"


def test_idle_lock_with_an_injected_clock_clears_the_views(qtbot: QtBot, tmp_path: Path) -> None:
    vault_path = make_closed_vault(tmp_path / "data" / "tutordesk.vault", learners=10)
    settings = Settings(idle_lock_minutes=5, daily_backup=False)
    now = [1000.0]
    window = _window(qtbot, _unlock(qtbot, vault_path, settings), settings, tmp_path, clock=lambda: now[0])
    idle = window.idle_lock  # type: ignore[attr-defined]
    idle.reset()
    now[0] += 4 * 60
    assert not idle.check_now()
    assert window.caseload.model.rowCount() == 10
    now[0] += 2 * 60
    assert idle.check_now()
    assert window.is_locked
    assert window.caseload.model.rowCount() == 0 and window.caseload.due_model.rowCount() == 0
    assert window.pages.currentWidget() is window.lock_screen
    assert idle.paused
    qtbot.keyClicks(window.lock_screen.passphrase, PASSPHRASE)
    keys.click(window.lock_screen.unlock_button)
    assert not window.is_locked and window.caseload.model.rowCount() == 10
    assert not idle.paused
    window.close()


def test_locking_with_a_profile_open_saves_its_changes_and_closes_it(qtbot: QtBot, tmp_path: Path) -> None:
    """Nothing stays on screen after a lock, and nothing typed is lost."""
    vault_path = make_closed_vault(tmp_path / "data" / "tutordesk.vault", learners=5)
    settings = Settings(daily_backup=False)
    window = _window(qtbot, _unlock(qtbot, vault_path, settings), settings, tmp_path)
    target = window.caseload.model.row_at(1)
    window.caseload.select_learner(target.id)
    seen: list[LearnerProfileDialog] = []

    def type_then_lock() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LearnerProfileDialog)
        seen.append(dialog)
        qtbot.keyClicks(dialog.details_tab.lines["preferred_name"], "Locky")
        window.lock()  # as the idle lock would, while the profile is open

    QTimer.singleShot(0, type_then_lock)
    window.open_selected_profile()
    assert seen and not seen[0].isVisible()
    assert window.is_locked
    qtbot.keyClicks(window.lock_screen.passphrase, PASSPHRASE)
    keys.click(window.lock_screen.unlock_button)
    assert window.caseload.model.find(target.id).preferred_name == "Locky"  # type: ignore[union-attr]
    window.close()


def test_locking_with_changes_that_cannot_be_saved_says_which_window_lost_them(
    qtbot: QtBot, tmp_path: Path
) -> None:
    vault_path = make_closed_vault(tmp_path / "data" / "tutordesk.vault", learners=5)
    settings = Settings(daily_backup=False)
    window = _window(qtbot, _unlock(qtbot, vault_path, settings), settings, tmp_path)
    target = window.caseload.model.row_at(1)
    window.caseload.select_learner(target.id)

    def break_then_lock() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LearnerProfileDialog)
        dialog.details_tab.lines["family_name"].clear()  # a profile cannot be saved without a family name
        window.lock()

    QTimer.singleShot(0, break_then_lock)
    window.open_selected_profile()
    qtbot.keyClicks(window.lock_screen.passphrase, PASSPHRASE)
    keys.click(window.lock_screen.unlock_button)
    message = window.statusBar().currentMessage()
    assert "The learner profile was closed when TutorDesk locked" in message
    assert target.family_name not in message and target.given_name not in message
    assert window.caseload.model.find(target.id).family_name == target.family_name  # type: ignore[union-attr]
    window.close()


def test_an_unexpected_error_in_the_window_is_a_plain_message(qtbot: QtBot, monkeypatch: object) -> None:
    """The window's excepthook shows the kind of error, never its text (which could quote a row)."""
    from PySide6.QtWidgets import QMessageBox

    from tutordesk.ui.shell import application

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))  # type: ignore[attr-defined]
    error = RuntimeError("Ada Ashcombe's notes")
    application.show_unexpected_error(RuntimeError, error, None)
    assert shown and "RuntimeError" in shown[0] and "Ashcombe" not in shown[0]
