"""The window's way back in when the key file beside the vault belongs to another vault: the unlock dialog
says so, the recovery key opens the vault, and Change passphrase (without a current one) writes its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import FAST, PASSPHRASE
from tutordesk.ui.shell.change_passphrase_dialog import ChangePassphraseDialog
from tutordesk.ui.shell.unlock_dialog import UnlockDialog
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
