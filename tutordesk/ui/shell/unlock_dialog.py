"""The unlock dialog: open an existing vault by passphrase or recovery key, and explain every failure.

Each outcome of `Vault.open` (wrong passphrase, damaged, not a vault, newer version, in use, key file problem)
gets its own plain message and a way forward (try again, restore a backup, choose another file, use the
recovery key), never a traceback (security.md R4, R5). The passphrase is read from the field and the field
emptied at once (R15); nothing typed here is logged or stored.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tutordesk.errors import (
    BadInput,
    KeyFileProblem,
    NewerVault,
    NotAVault,
    TutorDeskError,
    VaultDamaged,
    VaultInUse,
    VaultNotFound,
    WrongPassphrase,
)
from tutordesk.ui.widgets.default_button import make_default
from tutordesk.vault import engine as sql
from tutordesk.vault.audit_anchor import AuditLogMismatch
from tutordesk.vault.backup import SUFFIX as BACKUP_SUFFIX
from tutordesk.vault.diagnose import describe_pages
from tutordesk.vault.restore import restore_backup
from tutordesk.vault.vault import BackupPolicy, PassphraseNeeded, Unlock, Vault

_log = logging.getLogger(__name__)

WRONG_PASSPHRASE = "That passphrase does not unlock this vault."  # noqa: S105 - a message, not a secret
WRONG_RECOVERY_KEY = "That recovery key does not belong to this vault."
FORGOTTEN_HINT = " If you have forgotten it, choose \u2018Use recovery key instead\u2019."
IN_USE = (
    "This vault is open in another TutorDesk window (or a TutorDesk command). Close it there, then choose "
    "Try again."
)
NEWER = (
    "This vault was saved by a newer version of TutorDesk, so this version cannot open it. Install the newer "
    "version to open it. The file has not been changed."
)
RESTORE_HOW = (
    " To restore, type the passphrase (or recovery key) that was in use when the backup was made, then choose "
    "Restore a backup\u2026. The damaged file is kept, not deleted."
)
FOREIGN_KEY_FILE_NOTICE = (
    "The recovery key opened this vault, but the key file beside it belongs to another vault, so your "
    "passphrase cannot open it. Choose File \u2192 Change passphrase\u2026 now to set a passphrase: TutorDesk "
    "then writes this vault's own key file. (The other vault's key file is replaced here; that vault keeps "
    "its own copy in its folder and in its backups.)"
)
# Shown after this many wrong passphrases in a row, so a tutor who has forgotten it learns the other way in.
HINT_AFTER_ATTEMPTS = 3


@contextlib.contextmanager
def _busy() -> Iterator[None]:
    # Unwrapping runs Argon2id (about half a second) in the GUI thread; say so with the cursor.
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class UnlockDialog(QDialog):
    """Unlock the vault at `vault_path`. After `accept()`, `.vault` is open and `.vault_path` is its file.

    Tests (and callers that do not want a modal loop) drive it with `submit()`, `retry()`,
    `restore_from_backup()`, `choose_another_file()` and `use_recovery_key()`; each returns True once the
    vault is open. `report(error)` shows the outcome of an open attempted elsewhere (e.g. `try_keychain`).
    """

    def __init__(self, vault_path: Path, backups: BackupPolicy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unlock TutorDesk")  # never a learner's name, and not the file name either
        self.vault_path = Path(vault_path)
        self.backups = backups
        self.vault: Vault | None = None
        self.failed_attempts = 0
        #: After a restore: where the damaged vault was set aside, and a sentence the caller can show.
        self.restored_aside: Path | None = None
        self.notice = ""
        self._recovery_mode = False

        self.prompt = QLabel()
        self.prompt.setObjectName("prompt")
        self.prompt.setWordWrap(True)
        self.file_label = QLabel()
        self.file_label.setObjectName("vault_file")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.field = QLineEdit()
        self.field.setObjectName("passphrase")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        # Enter in the field presses Unlock, the default button: connecting returnPressed too submitted twice.
        self.show_typed = QCheckBox("Show what I type")
        self.show_typed.toggled.connect(self._toggle_echo)
        self.mode_button = QPushButton()
        self.mode_button.setObjectName("mode")
        self.mode_button.setFlat(True)
        # Looks like a link: it is a quieter way in, not an action equal to Unlock.
        self.mode_button.setStyleSheet(
            "QPushButton { color: palette(link); text-decoration: underline; border: none; }"
        )
        self.mode_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.mode_button.clicked.connect(lambda: self.use_recovery_key(not self._recovery_mode))

        self.outcome = QLabel()
        self.outcome.setObjectName("outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.restore_button = QPushButton("Restore a backup\u2026")
        self.restore_button.clicked.connect(self.restore_from_backup)
        self.choose_button = QPushButton("Choose another file\u2026")
        self.choose_button.clicked.connect(self.choose_another_file)
        self.recovery_button = QPushButton("Use recovery key")
        self.recovery_button.clicked.connect(lambda: self.use_recovery_key(True))
        self.retry_button = QPushButton("Try again")
        self.retry_button.clicked.connect(self.retry)
        self._actions = (self.restore_button, self.choose_button, self.recovery_button, self.retry_button)

        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.clicked.connect(self.submit)
        self.cancel_button = cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)

        actions = QHBoxLayout()
        for button in self._actions:
            actions.addWidget(button)
        actions.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mode_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.unlock_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.file_label)
        layout.addWidget(self.field)
        layout.addWidget(self.show_typed)
        layout.addWidget(self.outcome)
        layout.addLayout(actions)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(520, 260)
        make_default(self.unlock_button, cancel, self.mode_button, *self._actions)

        self._show_file()
        self._show_actions()
        self.use_recovery_key(False)

    # -- the keychain -----------------------------------------------------------------------------

    @staticmethod
    def try_keychain(vault_path: Path, backups: BackupPolicy) -> Vault | None:
        """Open with the key remembered in the keychain, or None when a passphrase is needed.

        Every other outcome (damaged, in use...) is raised; show it with `report()` on a new dialog.
        """
        return Vault.open_remembered(Path(vault_path), backups=backups)

    # -- what the tutor does ----------------------------------------------------------------------

    def use_recovery_key(self, on: bool = True) -> None:
        """Switch the field between the passphrase and the recovery key."""
        self._recovery_mode = on
        self._clear_field()
        if on:
            self.prompt.setText(
                "Type the recovery key you wrote down or saved when the vault was made: 8 groups of 8 "
                "letters and digits. Spaces and dashes do not matter."
            )
            self.field.setPlaceholderText("xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx-\u2026")
            self.field.setAccessibleName("Recovery key")
            self.mode_button.setText("Use passphrase instead")
        else:
            self.prompt.setText("Type your passphrase to unlock TutorDesk.")
            self.field.setPlaceholderText("Passphrase")
            self.field.setAccessibleName("Passphrase")
            self.mode_button.setText("Use recovery key instead")
        self.recovery_button.setVisible(False)
        self.field.setFocus()

    def submit(self) -> bool:
        """Unlock with what is typed in the field; True when the vault opened."""
        if not self.unlock_button.isEnabled():
            return False
        unlock = self._take_secret()
        if unlock is None:
            self._say(
                "Type your recovery key first." if self._recovery_mode else "Type your passphrase first."
            )
            self.field.setFocus()
            return False
        return self._open(unlock)

    def retry(self) -> bool:
        """Try again after the vault was in use elsewhere: with what is typed, else the keychain."""
        if self.field.text():
            return self.submit()
        try:
            with _busy():
                vault = self.try_keychain(self.vault_path, self.backups)
        except Exception as error:  # noqa: BLE001 - every failure becomes a message, never a traceback
            self.report(error)
            return False
        if vault is None:
            self._say("Type your passphrase, then choose Try again.")
            self.retry_button.setVisible(True)
            self.field.setFocus()
            return False
        self._unlocked(vault)
        return True

    def restore_from_backup(self) -> bool:
        """Pick a backup, put it in place of the damaged vault (kept aside), and open it; True when open."""
        if not self.field.text():
            self._say(
                "Type the passphrase (or recovery key) first, then choose Restore a backup\u2026 again."
            )
            self.field.setFocus()
            return False
        folder = self.backups.folder if self.backups.folder.is_dir() else self.vault_path.parent
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose a backup to restore", str(folder), f"TutorDesk backups (*{BACKUP_SUFFIX})"
        )
        if not chosen:
            return False
        unlock = self._take_secret()
        if unlock is None:
            return False
        backup_file = Path(chosen)
        try:
            with _busy():
                aside = restore_backup(backup_file, self.vault_path, unlock)
        except WrongPassphrase:
            self._say(
                "That does not unlock this backup. If you changed your passphrase after the backup was made, "
                "type the earlier one, or use your recovery key."
            )
            self._show_actions(self.restore_button, self.choose_button)
            return False
        except Exception as error:  # noqa: BLE001 - every failure becomes a message, never a traceback
            if isinstance(error, VaultDamaged):
                self._say("That backup is damaged too. Choose another backup.")
            else:
                self._say(self._message_for(error))
            self._show_actions(self.restore_button, self.choose_button)
            return False
        self.restored_aside = aside
        kept = f" The damaged vault was kept beside it as {aside.name}." if aside else ""
        self.notice = f"The backup {backup_file.name} was restored.{kept}"
        return self._open(unlock)

    def choose_another_file(self) -> bool:
        """Pick another vault file to unlock; True if the keychain opened it straight away."""
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a TutorDesk vault",
            str(self.vault_path.parent),
            "TutorDesk vaults (*.vault);;All files (*)",
        )
        if not chosen:
            return False
        self.vault_path = Path(chosen)
        self.failed_attempts = 0
        self._show_file()
        self._say("")
        self._show_actions()
        self._enable_entry(True)
        try:
            with _busy():
                vault = self.try_keychain(self.vault_path, self.backups)
        except Exception as error:  # noqa: BLE001 - every failure becomes a message, never a traceback
            self.report(error)
            return False
        if vault is None:
            what = "recovery key" if self._recovery_mode else "passphrase"
            self._say(f"Type the {what} for {self.vault_path.name}.")
            self.field.setFocus()
            return False
        self._unlocked(vault)
        return True

    # -- outcomes ---------------------------------------------------------------------------------

    def report(self, error: BaseException) -> None:
        """Show one outcome of opening: a plain message and the ways forward that fit it."""
        self._show_actions()
        self._enable_entry(True)
        if isinstance(error, WrongPassphrase):
            self.failed_attempts += 1
            text = WRONG_RECOVERY_KEY if self._recovery_mode else WRONG_PASSPHRASE
            if not self._recovery_mode and self.failed_attempts >= HINT_AFTER_ATTEMPTS:
                text += FORGOTTEN_HINT
            self._say(text)
            self.field.setFocus()
        elif isinstance(error, AuditLogMismatch) and not self._recovery_mode:
            # Restore a backup, or accept the vault as it is: the recovery key, then a new passphrase.
            self._say(self._message_for(error))
            self._show_actions(self.restore_button, self.recovery_button, self.choose_button)
        elif isinstance(error, VaultDamaged | sql.DatabaseError):
            self._say(self._message_for(error) + RESTORE_HOW)
            self._show_actions(self.restore_button, self.choose_button)
        elif isinstance(error, KeyFileProblem):
            self._say(self._message_for(error))
            if self._recovery_mode:
                self._show_actions(self.choose_button)
            else:
                self._show_actions(self.choose_button, self.recovery_button)
        elif isinstance(error, NewerVault):
            self._say(NEWER)
            self._enable_entry(False)  # no passphrase will help; only another file or a newer TutorDesk
            self._show_actions(self.choose_button)
        elif isinstance(error, NotAVault | VaultNotFound):
            self._say(self._message_for(error))
            self._show_actions(self.choose_button)
        elif isinstance(error, VaultInUse):
            self._say(IN_USE)
            self._show_actions(self.retry_button)
        else:
            self._say(self._message_for(error))
            if not isinstance(error, TutorDeskError):
                self._show_actions(self.retry_button, self.choose_button)

    def _message_for(self, error: BaseException) -> str:
        if isinstance(error, VaultDamaged):
            if error.pages:
                return (
                    f"This vault is damaged: {describe_pages(list(error.pages))} failed the integrity check, "
                    "so TutorDesk will not open it."
                )
            return error.message
        if isinstance(error, sql.DatabaseError):
            # The driver's own words ("database disk image is malformed") name the problem, never any data.
            return f"TutorDesk could not read this vault ({error}); it may be damaged."
        if isinstance(error, NotAVault):
            return f"{error.message} Choose another file."
        if isinstance(error, VaultNotFound):
            return f"There is no vault at {self.vault_path}. Choose another file."
        if isinstance(error, TutorDeskError):
            return error.message
        # Only the type is logged: an SQLAlchemy message can quote row values, and rows are learners' data.
        _log.error("Unexpected %s while opening a vault", type(error).__name__)
        return "TutorDesk could not open the vault because of an unexpected problem. Try again."

    # -- helpers ----------------------------------------------------------------------------------

    def _take_secret(self) -> Unlock | None:
        """Read the field and empty it at once; the secret then lives only in the returned Unlock."""
        secret = self.field.text()
        self._clear_field()
        if not secret:
            return None
        if self._recovery_mode:
            return Unlock(recovery_key=secret, use_keychain=False)
        return Unlock(passphrase=secret, use_keychain=False)

    def _open(self, unlock: Unlock) -> bool:
        self._say("")
        try:
            with _busy():
                vault = Vault.open(self.vault_path, unlock, backups=self.backups)
        except Exception as error:  # noqa: BLE001 - every failure becomes a message, never a traceback
            if isinstance(error, BadInput) and not isinstance(error, VaultNotFound | PassphraseNeeded):
                self._say(error.message)  # e.g. a recovery key that is not 64 hex digits
                self.field.setFocus()
                return False
            self.report(error)
            return False
        finally:
            del unlock  # Python cannot wipe a str (security.md finding 8); at least drop our reference
        self._unlocked(vault)
        return True

    def _unlocked(self, vault: Vault) -> None:
        self.vault = vault
        self.vault_path = vault.path
        if vault.foreign_key_file:
            self.notice = FOREIGN_KEY_FILE_NOTICE
        self._say("")
        self.accept()

    def _clear_field(self) -> None:
        # setText("") rather than clear(): clear() is undoable, so Ctrl+Z could bring the passphrase back.
        self.field.setText("")

    def _toggle_echo(self, shown: bool) -> None:
        self.field.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def _enable_entry(self, enabled: bool) -> None:
        self.field.setEnabled(enabled)
        self.unlock_button.setEnabled(enabled)
        self.mode_button.setEnabled(enabled)

    def _show_actions(self, *shown: QPushButton) -> None:
        for button in self._actions:
            button.setVisible(button in shown)

    def _show_file(self) -> None:
        self.file_label.setText(f"Vault: {self.vault_path.name}")
        self.file_label.setToolTip(str(self.vault_path))

    def _say(self, text: str) -> None:
        self.outcome.setText(text)
