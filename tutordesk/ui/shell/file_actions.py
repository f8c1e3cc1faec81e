"""What the File and Help menus open: the CSV import, the calendar export, the caseload's handover packs,
a backup, a new passphrase, your details and About. Each takes the window as the dialogs' parent and the
open vault, and reports back through its arguments, so the main window keeps only the wiring."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from tutordesk.errors import TutorDeskError
from tutordesk.services.backups import back_up_now
from tutordesk.vault.vault import BackupPolicy, Vault


def import_learners(parent: QWidget, vault: Vault, on_imported: Callable[[int, QDialog], None]) -> None:
    """The CSV import with its preview; `on_imported(count, dialog)` after learners were added."""
    from tutordesk.ui.caseload.import_dialog import ImportDialog

    dialog = ImportDialog(vault, parent)
    dialog.imported.connect(lambda count: on_imported(count, dialog))
    dialog.exec()


def export_calendar(parent: QWidget, vault: Vault, today: date) -> None:
    """Reviews, meetings, settling-in meetings and moves as an .ics file, first names and initials only."""
    from tutordesk.ui.caseload.calendar_export_dialog import export_calendar_interactive

    export_calendar_interactive(parent, vault, today)


def save_caseload_packs(parent: QWidget, vault: Vault, learner_ids: Sequence[int], today: date) -> None:
    """Each learner's own handover pack, for the learners shown, saved into one folder on a worker thread
    with progress and Cancel."""
    from tutordesk.ui.transitions.batch_pack_dialog import BatchPackDialog

    BatchPackDialog(parent, vault, list(learner_ids), today).exec()


def make_backup(parent: QWidget, vault: Vault, backups: BackupPolicy) -> str | None:
    """A verified backup now: the backup file's name, or None after a plain message when it failed."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = back_up_now(vault, folder=backups.folder, keep=backups.keep)
    except TutorDeskError as error:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, "Backup not made", error.message)
        return None
    QApplication.restoreOverrideCursor()
    return result.path.name


def change_passphrase(parent: QWidget, vault: Vault) -> bool:
    """The current passphrase, then the new one twice: whether it was changed."""
    from tutordesk.ui.shell.change_passphrase_dialog import ChangePassphraseDialog

    return ChangePassphraseDialog(vault, parent).exec() == QDialog.DialogCode.Accepted


def edit_my_details(parent: QWidget, vault: Vault) -> bool:
    """Your name, role, organisation and how to reach you, as documents print them: whether saved."""
    from tutordesk.ui.shell.my_details_dialog import MyDetailsDialog

    return MyDetailsDialog(vault, parent).exec() == QDialog.DialogCode.Accepted


def show_about(parent: QWidget, vault: Vault | None, vault_path: Path, backups_folder: Path) -> None:
    """Versions for a support request, the licence, and where the vault and its backups are."""
    from tutordesk.ui.shell.about_dialog import cipher_version_of
    from tutordesk.ui.shell.about_dialog import show_about as show

    show(
        parent, vault_path=vault_path, backups_folder=backups_folder, cipher_version=cipher_version_of(vault)
    )
