"""Starting the window: first run or unlock, then the main window with its idle lock.

The composition root (`tutordesk.app`) hands over paths and settings; everything Qt starts here.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from tutordesk.errors import ExitCode, TutorDeskError
from tutordesk.paths import AppPaths, ensure_private_dir
from tutordesk.settings import Settings
from tutordesk.ui.widgets.idle_lock import IdleLock
from tutordesk.ui.widgets.look import add_document_fonts, apply_look
from tutordesk.vault import restore_journal
from tutordesk.vault.vault import BackupPolicy, Vault

if TYPE_CHECKING:
    from tutordesk.ui.shell.main_window import MainWindow


def backup_policy(settings: Settings, vault_path: Path) -> BackupPolicy:
    folder = Path(settings.backup_folder) if settings.backup_folder else vault_path.parent / "backups"
    return BackupPolicy(folder=folder, keep=settings.backups_to_keep, daily=settings.daily_backup)


def open_or_create(vault_path: Path, backups: BackupPolicy) -> Vault | None:
    """The first-run dialog when there is no vault yet; otherwise the keychain, then the unlock dialog."""
    # Each dialog is imported only when it is needed: a start-up with a vault never builds the first-run one.
    # A restore cut short may have left no vault file for a moment: opening finishes it, never the first run.
    if not vault_path.exists() and not restore_journal.pending(vault_path):
        from tutordesk.ui.shell.first_run_dialog import FirstRunDialog

        creating = FirstRunDialog(vault_path)
        if creating.exec() != QDialog.DialogCode.Accepted or creating.vault is None:
            return None
        creating.vault.backup_folder = backups.folder  # no export goes there either, from the first day
        return creating.vault
    problem: Exception | None = None
    try:
        remembered = Vault.open_remembered(vault_path, backups=backups)
    except Exception as error:  # noqa: BLE001 - every outcome goes to the dialog, which explains it
        remembered, problem = None, error
    if remembered is not None:
        return remembered
    from tutordesk.ui.shell.unlock_dialog import UnlockDialog

    unlocking = UnlockDialog(vault_path, backups)
    if problem is not None:
        unlocking.report(problem)
    if unlocking.exec() != QDialog.DialogCode.Accepted:
        return None
    if unlocking.notice:  # e.g. where a damaged vault was set aside after a restore
        QMessageBox.information(None, "TutorDesk", unlocking.notice)
    return unlocking.vault


def build_main_window(
    vault: Vault,
    settings: Settings,
    paths: AppPaths,
    backups: BackupPolicy,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> MainWindow:
    """The main window with its idle lock wired in (`clock` is injectable for tests).

    The caseload is read on a worker thread while the window's modules import and its widgets are built.
    """
    from tutordesk.services.caseload.view import ReadAhead, ViewRequest

    read_ahead = ReadAhead(vault, ViewRequest.from_settings(settings, date.today()))
    from tutordesk.ui.shell.main_window import MainWindow  # imported here so that the reading runs meanwhile

    ensure_private_dir(paths.config)
    window = MainWindow(
        vault, settings, backups=backups, geometry_file=paths.config / "window.ini", read_ahead=read_ahead
    )
    idle = IdleLock(settings.idle_lock_minutes * 60.0, clock=clock, parent=window)
    idle.lock_requested.connect(window.lock)
    window.vault_locked.connect(idle.pause)
    window.vault_unlocked.connect(idle.resume)
    window.idle_lock = idle  # type: ignore[attr-defined]  # kept alive with the window
    window.settings_file = paths.settings_file  # where Preferences saves
    return window


def show_unexpected_error(kind: type[BaseException], error: BaseException, _traceback: object) -> None:
    """sys.excepthook for the window: a plain message instead of a traceback on the terminal.

    Only the kind of error is shown: a database error's text can quote the values of a row.
    """
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    if isinstance(error, TutorDeskError):
        QMessageBox.warning(QApplication.activeWindow(), "TutorDesk", error.message)
        return
    QMessageBox.critical(
        QApplication.activeWindow(),
        "TutorDesk",
        f"Something unexpected went wrong ({kind.__name__}). Everything saved before is safe in the vault; "
        "if the last change does not show, make it again.",
    )


def window_icon() -> QIcon:
    """TutorDesk's icon (resources/icons), at every size drawn; a null icon if the files are missing."""
    from tutordesk.resources import resource

    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        path = resource("icons", f"tutordesk-{size}.png")
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))
    return icon


def run(*, paths: AppPaths, settings: Settings, vault_path: Path, quit_after: float | None = None) -> int:
    sys.excepthook = show_unexpected_error
    app = QApplication.instance() or QApplication(sys.argv)
    if isinstance(app, QApplication):  # instance() is typed as QCoreApplication
        apply_look(app)
    add_document_fonts()
    app.setApplicationName("TutorDesk")
    app.setApplicationDisplayName("TutorDesk")
    app.setDesktopFileName("tutordesk")  # matches packaging/linux/tutordesk.desktop, for docks and task bars
    QApplication.setWindowIcon(
        window_icon()
    )  # every window and dialog takes it: title bars, task bar, Alt+Tab
    if quit_after is not None:
        # Close every window as a person would (a dialog is rejected); quit() alone would not end a dialog's
        # own event loop, only app.exec().
        QTimer.singleShot(round(quit_after * 1000), lambda: (app.closeAllWindows(), app.quit()))
    backups = backup_policy(settings, vault_path)
    try:
        vault = open_or_create(vault_path, backups)
    except TutorDeskError as error:
        QMessageBox.critical(None, "TutorDesk", error.message)
        return error.exit_code
    if vault is None:
        return ExitCode.OK
    window = build_main_window(vault, settings, paths, backups)
    window.show()
    # The unlock dialog had the focus; hand it to the caseload so the keyboard works at once.
    window.raise_()
    window.activateWindow()
    window.caseload.table.setFocus()
    return int(app.exec())
