"""The window's way back in when the key file beside the vault belongs to another vault (the unlock dialog
says so, the recovery key opens the vault, and Change passphrase without a current one writes its own), and
when the audit log no longer reaches its anchor (a backup, or the recovery key and a new passphrase)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import FAST, PASSPHRASE, make_closed_vault, open_vault
from tutordesk.ui.shell.change_passphrase_dialog import ChangePassphraseDialog
from tutordesk.ui.shell.unlock_dialog import UnlockDialog
from tutordesk.vault import audit, keys
from tutordesk.vault import engine as sql
from tutordesk.vault.key_file import key_file_path
from tutordesk.vault.vault import BackupPolicy, Unlock, Vault

NEW = "saffron kettle morning bridge"


def _type(widget: QWidget, text: str) -> None:
    widget.setFocus()
    QTest.keyClicks(widget, text)


def test_a_key_file_of_another_vault_is_named_and_the_recovery_key_gets_back_in(
    qtbot: QtBot, tmp_path: Path
) -> None:
    a, b = tmp_path / "a" / "A.vault", tmp_path / "b" / "B.vault"
    with Vault.create(a, PASSPHRASE, cost=FAST) as vault_a:
        recovery = vault_a.recovery_key()
    Vault.create(b, "the other vault's passphrase", cost=FAST).close()
    shutil.copy(key_file_path(b), key_file_path(a))

    dialog = UnlockDialog(a, BackupPolicy(folder=tmp_path / "backups"))
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    _type(dialog.field, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.vault is None
    said = dialog.outcome.text()
    assert "belongs to another vault" in said and "recovery key" in said, said
    assert dialog.recovery_button.isVisible()

    qtbot.mouseClick(dialog.recovery_button, Qt.MouseButton.LeftButton)
    _type(dialog.field, recovery)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.vault is not None and dialog.vault.is_open, dialog.outcome.text()
    assert "belongs to another vault" in dialog.notice and "Change passphrase" in dialog.notice

    change = ChangePassphraseDialog(dialog.vault, cost=FAST)
    qtbot.addWidget(change)
    with qtbot.waitExposed(change):
        change.show()
    assert not change.current.isVisible()  # the recovery key was the proof
    _type(change.new, NEW)
    _type(change.confirm, NEW)
    assert change.change_button.isEnabled()
    qtbot.mouseClick(change.change_button, Qt.MouseButton.LeftButton)
    assert change.message.text() == ""
    dialog.vault.close()
    with Vault.open(a, Unlock(passphrase=NEW, use_keychain=False)) as reopened:
        assert reopened.recovery_key() == recovery


def test_an_audit_log_cut_short_offers_a_backup_or_the_recovery_key(qtbot: QtBot, tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    with open_vault(path) as vault:
        for n in range(3):
            with vault.unit_of_work() as uow:
                audit.record(uow.session, "export.test", subject=f"learner:{n}")
                uow.commit()
        recovery = vault.recovery_key()
    connection = sql.connect(path, keys.parse_recovery_key(recovery))
    connection.execute("DROP TRIGGER audit_entry_no_delete")
    connection.execute("DELETE FROM audit_entry WHERE id = 4")
    connection.close()

    dialog = UnlockDialog(path, BackupPolicy(folder=tmp_path / "backups"))
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    _type(dialog.field, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.vault is None
    assert "cut short" in dialog.outcome.text()
    assert dialog.restore_button.isVisible() and dialog.recovery_button.isVisible()

    qtbot.mouseClick(dialog.recovery_button, Qt.MouseButton.LeftButton)
    _type(dialog.field, recovery)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.vault is not None, dialog.outcome.text()
    dialog.vault.change_passphrase("", NEW, cost=FAST)  # the dialog for this is driven in the test above
    dialog.vault.close()
    with Vault.open(path, Unlock(passphrase=NEW, use_keychain=False)) as reopened:
        assert reopened.audit_anchor is not None and reopened.audit_anchor.checked
