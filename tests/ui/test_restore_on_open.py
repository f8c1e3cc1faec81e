"""Issue 18, item 3, in the window: a restore cut short leaves no vault file for a moment; starting the window
then finishes the restore (and records it) instead of offering to create a new vault."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlmodel import func, select

from tests.conftest import make_closed_vault, open_vault
from tests.integration.test_restore_journal import counts, start_restore
from tutordesk.domain.models import Learner
from tutordesk.ui.shell.application import open_or_create
from tutordesk.vault import keychain, restore_journal
from tutordesk.vault.vault import BackupPolicy


def _dismiss_dialogs() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()


def test_the_window_finishes_a_restore_cut_short_instead_of_offering_a_new_vault(
    qtbot: QtBot, memory_keyring: object, vault_path: Path, tmp_path: Path
) -> None:
    make_closed_vault(vault_path, learners=4)
    with open_vault(vault_path) as vault:
        backup_file = vault.backup(tmp_path / "backups").path
        with vault.unit_of_work() as uow:
            uow.session.add(Learner(given_name="After", family_name="Backup"))
            uow.commit()
        vault.remember_key()  # so the window opens without a dialog
    journal = start_restore(vault_path, backup_file, switch=False)
    assert journal.aside is not None
    vault_path.rename(journal.aside)  # no vault file in its place: before, the first-run dialog came up
    # Should a dialog come up (the first run's, as before), dismiss it so that the test fails, not hangs.
    QTimer.singleShot(3000, _dismiss_dialogs)
    opened = open_or_create(vault_path, BackupPolicy(folder=tmp_path / "backups", daily=False))
    assert opened is not None
    with opened, opened.unit_of_work() as uow:
        assert uow.session.exec(select(func.count()).select_from(Learner)).one() == 4
    assert not restore_journal.pending(vault_path)
    assert counts(vault_path) == (4, 1)
    assert counts(journal.aside) == (5, 0)
    keychain.forget(opened.vault_id)
