"""The change-passphrase dialog as a tutor uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import FAST, PASSPHRASE, open_vault
from tutordesk.errors import WrongPassphrase
from tutordesk.ui.shell.change_passphrase_dialog import ChangePassphraseDialog
from tutordesk.vault.vault import Unlock, Vault

NEW = "marmalade cobalt harbour kite"


def test_change_enabled_only_when_the_new_passphrase_is_typed_twice(qtbot: QtBot, vault: Vault) -> None:
    dialog = ChangePassphraseDialog(vault, cost=FAST)
    qtbot.addWidget(dialog)
    assert not dialog.change_button.isEnabled()
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    qtbot.keyClicks(dialog.new, NEW)
    qtbot.keyClicks(dialog.confirm, NEW[:-1])
    assert not dialog.change_button.isEnabled() and "differ" in dialog.message.text()
    qtbot.keyClicks(dialog.confirm, NEW[-1])
    assert dialog.change_button.isEnabled()


def test_a_wrong_current_passphrase_is_said_and_nothing_changes(qtbot: QtBot, vault: Vault) -> None:
    dialog = ChangePassphraseDialog(vault, cost=FAST)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.current, "not the passphrase")
    qtbot.keyClicks(dialog.new, NEW)
    qtbot.keyClicks(dialog.confirm, NEW)
    assert not dialog.change()
    assert "does not unlock" in dialog.message.text()
    assert dialog.current.text() == ""


def test_changing_works_and_the_old_passphrase_stops_working(
    qtbot: QtBot, vault: Vault, vault_path: Path
) -> None:
    dialog = ChangePassphraseDialog(vault, cost=FAST)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    qtbot.keyClicks(dialog.new, NEW)
    qtbot.keyClicks(dialog.confirm, NEW)
    assert dialog.change()
    assert dialog.new.text() == "" and dialog.confirm.text() == ""
    vault.close()
    with pytest.raises(WrongPassphrase):
        open_vault(vault_path)
    with Vault.open(vault_path, Unlock(passphrase=NEW)):
        pass
