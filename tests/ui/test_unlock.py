"""First run and unlock, driven through the real dialogs offscreen: what the tutor sees for each outcome.

Covers issue 3's dialogs and security.md R3 (no keychain means the passphrase), R4 (a failed open changes
nothing), R5 (each outcome its own message and a way forward) and R15 (fields emptied after use).
"""

from __future__ import annotations

import logging
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import FAST, PASSPHRASE, listing, make_closed_vault, open_vault, sha256
from tests.faults._support import Child
from tests.support import keys
from tutordesk.errors import NotAVault, VaultDamaged
from tutordesk.services import practitioner
from tutordesk.ui.shell import first_run_dialog as first_run_module
from tutordesk.ui.shell import unlock_dialog as unlock_module
from tutordesk.ui.shell.first_run_dialog import FirstRunDialog
from tutordesk.ui.shell.unlock_dialog import IN_USE, WRONG_PASSPHRASE, UnlockDialog
from tutordesk.vault import engine as sql
from tutordesk.vault.file_format import PAGE_SIZE
from tutordesk.vault.schema import SCHEMA_VERSION
from tutordesk.vault.vault import BackupPolicy, Unlock, Vault

STRONG = "purple lantern sideways otter biscuit"
RECOVERY_KEY = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{8}){7}")
MakeDialog = Callable[[Path], UnlockDialog]


@pytest.fixture
def backups(tmp_path: Path) -> BackupPolicy:
    return BackupPolicy(folder=tmp_path / "backups")


def _type(widget: QWidget, text: str) -> None:
    widget.setFocus()
    QTest.keyClicks(widget, text)


def _choose_file(monkeypatch: pytest.MonkeyPatch, name: str, path: Path | None) -> None:
    """Answer the next QFileDialog.<name> as if the tutor had picked `path` (None: cancelled)."""
    answer = (str(path) if path else "", "")
    monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *args, **kwargs: answer))


# -- first run ------------------------------------------------------------------------------------


@pytest.fixture
def first_run(qtbot: QtBot, vault_path: Path) -> Iterator[FirstRunDialog]:
    dialog = FirstRunDialog(vault_path, cost=FAST)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    yield dialog
    if dialog.vault is not None:
        dialog.vault.close()


def _create(qtbot: QtBot, dialog: FirstRunDialog, passphrase: str = STRONG) -> str:
    _type(dialog.passphrase, passphrase)
    _type(dialog.confirm, passphrase)
    assert dialog.create_button.isEnabled()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1, dialog.create_error.text()
    return dialog.key_label.text().replace("\n", "-")  # shown as two lines of four groups


def test_first_run_fields_hide_what_is_typed_until_shown(first_run: FirstRunDialog) -> None:
    assert first_run.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert first_run.confirm.echoMode() == QLineEdit.EchoMode.Password
    keys.tick(first_run.show_passphrase)
    assert first_run.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    assert first_run.confirm.echoMode() == QLineEdit.EchoMode.Normal


def test_mismatched_passphrases_keep_create_disabled_and_say_so(
    qtbot: QtBot, first_run: FirstRunDialog
) -> None:
    _type(first_run.passphrase, STRONG)
    _type(first_run.confirm, STRONG[:-1] + "X")
    assert not first_run.create_button.isEnabled()
    assert first_run.mismatch.text() == "The two passphrases are not the same."
    assert not first_run.create_vault()
    keys.type_text(first_run.confirm, STRONG)
    assert first_run.mismatch.text() == ""
    assert first_run.create_button.isEnabled()


def test_too_short_keeps_create_disabled_but_weak_is_allowed(qtbot: QtBot, first_run: FirstRunDialog) -> None:
    keys.type_text(first_run.passphrase, "abc123")
    keys.type_text(first_run.confirm, "abc123")
    assert not first_run.create_button.isEnabled()
    assert first_run.strength_bar.value() == 0
    assert "8 characters" in first_run.advice.text()
    keys.type_text(first_run.passphrase, "password")
    keys.type_text(first_run.confirm, "password")
    assert first_run.create_button.isEnabled(), "strength is advice; only the 8-character rule blocks"
    assert first_run.strength_bar.value() == 1
    assert first_run.strength_bar.format() == "Weak"


def test_strength_bar_and_advice_follow_the_typing(qtbot: QtBot, first_run: FirstRunDialog) -> None:
    _type(first_run.passphrase, "purple")
    assert first_run.strength_bar.value() == 0
    _type(first_run.passphrase, " lantern sideways otter biscuit")
    assert first_run.strength_bar.value() == 4
    assert first_run.strength_bar.format() == "Strong"
    assert first_run.advice.text()


def test_create_shows_a_recovery_key_that_opens_the_vault(
    qtbot: QtBot, first_run: FirstRunDialog, vault_path: Path
) -> None:
    key = _create(qtbot, first_run)
    assert RECOVERY_KEY.fullmatch(key), key
    assert first_run.passphrase.text() == "" and first_run.confirm.text() == ""
    assert not first_run.passphrase.isUndoAvailable(), "Ctrl+Z must not bring the passphrase back"
    assert key not in QApplication.clipboard().text(), "the key is never copied for the tutor"
    assert first_run.vault is not None and first_run.vault.is_open

    assert not first_run.continue_button.isEnabled()
    first_run.finish()  # nothing happens before the tickbox
    assert first_run.result() != QDialog.DialogCode.Accepted
    keys.tick(first_run.kept_safe)
    assert first_run.continue_button.isEnabled()
    qtbot.mouseClick(first_run.continue_button, Qt.MouseButton.LeftButton)
    assert first_run.key_label.text() == "", "the key is not shown again from this dialog"
    assert first_run.pages.currentIndex() == 2  # who you are: optional
    qtbot.mouseClick(first_run.details_skip, Qt.MouseButton.LeftButton)
    assert first_run.result() == QDialog.DialogCode.Accepted

    vault = first_run.vault
    assert vault is not None and vault.is_open
    vault.close()
    with Vault.open(vault_path, Unlock(recovery_key=key, use_keychain=False)) as reopened:
        assert reopened.vault_id == vault.vault_id
    with Vault.open(vault_path, Unlock(passphrase=STRONG, use_keychain=False)) as by_passphrase:
        assert by_passphrase.is_open


def test_enter_after_typing_the_passphrase_twice_creates_the_vault(
    first_run: FirstRunDialog, vault_path: Path
) -> None:
    keys.type_text(first_run.passphrase, STRONG)
    QTest.keyClick(first_run.passphrase, Qt.Key.Key_Tab)
    assert first_run.focusWidget() is first_run.confirm
    QTest.keyClicks(first_run.confirm, STRONG)
    QTest.keyClick(first_run.confirm, Qt.Key.Key_Return)
    assert first_run.isVisible()  # not closed by Cancel
    assert first_run.pages.currentIndex() == 1, first_run.create_error.text()
    assert first_run.vault is not None and vault_path.exists()


def test_escape_on_the_key_page_does_not_lose_the_key(qtbot: QtBot, first_run: FirstRunDialog) -> None:
    key = _create(qtbot, first_run)
    first_run.reject()
    QTest.keyClick(first_run, Qt.Key.Key_Escape)
    assert first_run.isVisible()
    assert first_run.pages.currentIndex() == 1
    assert first_run.key_label.text().replace("\n", "-") == key


def test_save_as_pdf_writes_a_private_pdf_and_nothing_else(
    qtbot: QtBot, first_run: FirstRunDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create(qtbot, first_run)
    folder = tmp_path / "out"
    folder.mkdir()
    _choose_file(monkeypatch, "getSaveFileName", folder / "recovery")  # the .pdf is added
    qtbot.mouseClick(first_run.pdf_button, Qt.MouseButton.LeftButton)
    pdf = folder / "recovery.pdf"
    assert listing(folder) == ["recovery.pdf"], "no temporary copy of the key is left behind"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1000
    assert b"%%EOF" in data[-64:], "the PDF was finished"
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    assert str(pdf) in first_run.save_note.text()


def test_save_as_pdf_cancelled_writes_nothing(
    qtbot: QtBot, first_run: FirstRunDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create(qtbot, first_run)
    before = listing(tmp_path)
    _choose_file(monkeypatch, "getSaveFileName", None)
    assert first_run.save_pdf() is None
    assert listing(tmp_path) == before


def test_print_renders_the_key_page_on_the_chosen_printer(
    qtbot: QtBot, first_run: FirstRunDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed = tmp_path / "printed.pdf"

    class AcceptingPrintDialog:
        """Stands in for QPrintDialog: the tutor picks a printer (here, print to a PDF file) and OK."""

        def __init__(self, printer: QPrinter, parent: QWidget | None = None) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(printed))

        def setWindowTitle(self, title: str) -> None:  # noqa: N802
            pass

        def exec(self) -> int:
            return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(first_run_module, "QPrintDialog", AcceptingPrintDialog)
    _create(qtbot, first_run)
    assert first_run.print_key()
    assert printed.read_bytes().startswith(b"%PDF")


def test_ctrl_p_prints_the_key_page_and_the_audit_log_notes_it(
    qtbot: QtBot, first_run: FirstRunDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed = tmp_path / "printed.pdf"

    class AcceptingPrintDialog:
        """Stands in for QPrintDialog: print to a PDF file, and OK."""

        def __init__(self, printer: QPrinter, parent: QWidget | None = None) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(printed))

        def setWindowTitle(self, title: str) -> None:  # noqa: N802
            pass

        def exec(self) -> int:
            return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(first_run_module, "QPrintDialog", AcceptingPrintDialog)
    _create(qtbot, first_run)
    qtbot.keyClick(first_run.kept_safe, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed.read_bytes().startswith(b"%PDF")
    assert first_run.vault is not None
    with first_run.vault.unit_of_work() as uow:
        rows = uow.rows(
            "SELECT action, detail FROM audit_entry WHERE action = 'vault.recovery_key_printed'", ()
        )
    assert [row[0] for row in rows] == ["vault.recovery_key_printed"]
    key = first_run.key_label.text().replace(" ", "").replace("\n", "")
    assert key and all(key not in str(row) for row in rows)


def test_remember_is_disabled_without_a_keychain_and_says_why(first_run: FirstRunDialog) -> None:
    assert not first_run.remember.isEnabled()
    assert "no keychain" in first_run.remember.toolTip()


def test_remember_on_this_computer_opens_from_the_keychain_next_time(
    qtbot: QtBot, vault_path: Path, backups: BackupPolicy, memory_keyring: object
) -> None:
    dialog = FirstRunDialog(vault_path, cost=FAST)
    qtbot.addWidget(dialog)
    assert dialog.remember.isEnabled()
    dialog.remember.setChecked(True)
    _create(qtbot, dialog)
    assert dialog.keychain_note.text() == ""
    dialog.kept_safe.setChecked(True)
    dialog.finish()
    assert dialog.vault is not None
    dialog.vault.close()
    vault = UnlockDialog.try_keychain(vault_path, backups)
    assert vault is not None and vault.is_open
    vault.close()


def test_create_refuses_an_existing_file_and_says_so(
    qtbot: QtBot, first_run: FirstRunDialog, vault_path: Path
) -> None:
    vault_path.parent.mkdir(parents=True)
    vault_path.write_bytes(b"")
    _type(first_run.passphrase, STRONG)
    _type(first_run.confirm, STRONG)
    assert not first_run.create_vault()
    assert first_run.pages.currentIndex() == 0
    assert "already exists" in first_run.create_error.text()
    assert first_run.vault is None
    assert vault_path.read_bytes() == b""


# -- unlock ---------------------------------------------------------------------------------------


@pytest.fixture
def make_dialog(qtbot: QtBot, backups: BackupPolicy) -> Iterator[MakeDialog]:
    made: list[UnlockDialog] = []

    def make(path: Path) -> UnlockDialog:
        dialog = UnlockDialog(path, backups)
        qtbot.addWidget(dialog)
        with qtbot.waitExposed(dialog):
            dialog.show()
        made.append(dialog)
        return dialog

    yield make
    for dialog in made:
        if dialog.vault is not None:
            dialog.vault.close()


def _visible_actions(dialog: UnlockDialog) -> set[str]:
    return {button.text() for button in dialog._actions if button.isVisible()}


def test_wrong_passphrase_is_said_plainly_and_the_field_is_emptied(
    qtbot: QtBot, make_dialog: MakeDialog, vault_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    make_closed_vault(vault_path)
    before = sha256(vault_path)
    dialog = make_dialog(vault_path)
    caplog.set_level(logging.DEBUG)
    for attempt in (1, 2):
        _type(dialog.field, "not the passphrase")
        dialog.unlock_button.setFocus()  # as if the tutor clicked Unlock
        assert not dialog.submit()
        assert dialog.outcome.text() == WRONG_PASSPHRASE
        assert dialog.field.text() == ""
        assert not dialog.field.isUndoAvailable()
        assert dialog.focusWidget() is dialog.field
        assert dialog.failed_attempts == attempt
    assert _visible_actions(dialog) == set()
    _type(dialog.field, "still not the passphrase")
    dialog.submit()
    assert dialog.outcome.text().startswith(WRONG_PASSPHRASE)
    assert "recovery key" in dialog.outcome.text()
    assert dialog.vault is None
    assert sha256(vault_path) == before
    assert "not the passphrase" not in caplog.text


def test_right_passphrase_opens_the_vault(qtbot: QtBot, make_dialog: MakeDialog, vault_path: Path) -> None:
    make_closed_vault(vault_path, learners=2)
    dialog = make_dialog(vault_path)
    _type(dialog.field, PASSPHRASE)
    QTest.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.vault is not None and dialog.vault.is_open
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.vault_path == vault_path
    assert dialog.field.text() == ""


def test_enter_with_a_wrong_passphrase_says_so_once(make_dialog: MakeDialog, vault_path: Path) -> None:
    make_closed_vault(vault_path)
    dialog = make_dialog(vault_path)
    keys.type_text(dialog.field, "not the passphrase")
    QTest.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.outcome.text() == WRONG_PASSPHRASE  # not replaced by a second, empty submit
    assert dialog.failed_attempts == 1 and dialog.isVisible()
    QTest.keyClick(dialog.field, Qt.Key.Key_Enter)  # the keypad's Enter, with nothing typed
    assert dialog.outcome.text() == "Type your passphrase first."


def test_empty_field_asks_for_the_passphrase(make_dialog: MakeDialog, vault_path: Path) -> None:
    make_closed_vault(vault_path)
    dialog = make_dialog(vault_path)
    assert not dialog.submit()
    assert dialog.outcome.text() == "Type your passphrase first."


def _damage_a_middle_page(path: Path) -> int:
    """Flip one byte in a middle page that opening reads (see tests/integration/test_vault_open.py)."""
    pages = path.stat().st_size // PAGE_SIZE
    original = path.read_bytes()
    for page in [*range(pages // 2 + 1, pages + 1), *range(2, pages // 2 + 1)]:
        data = bytearray(original)
        data[(page - 1) * PAGE_SIZE + 1000] ^= 0xFF
        path.write_bytes(bytes(data))
        try:
            open_vault(path).close()  # this page is not read on open; try the next one
        except VaultDamaged as refused:
            if refused.pages == (page,):
                return page
        path.write_bytes(original)
    raise AssertionError("no single damaged page stopped the vault opening")


def test_damaged_vault_names_the_page_and_offers_a_restore(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    vault_path: Path,
    backups: BackupPolicy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_closed_vault(vault_path, learners=30)
    with open_vault(vault_path, backups=backups) as first_open:  # the day's first open takes a backup
        assert first_open.backup_taken is not None
        backup_file = first_open.backup_taken.path
    page = _damage_a_middle_page(vault_path)
    damaged = sha256(vault_path)

    dialog = make_dialog(vault_path)
    _type(dialog.field, PASSPHRASE)
    assert not dialog.submit()
    assert f"page {page}" in dialog.outcome.text()
    assert "damaged" in dialog.outcome.text()
    assert dialog.restore_button.isVisible()
    assert _visible_actions(dialog) == {"Restore a backup\u2026", "Choose another file\u2026"}
    assert sha256(vault_path) == damaged

    # Restoring needs the passphrase typed again: the field was emptied after the failed open.
    _choose_file(monkeypatch, "getOpenFileName", backup_file)
    assert not dialog.restore_from_backup()
    assert "Type the passphrase" in dialog.outcome.text()
    _type(dialog.field, PASSPHRASE)
    assert dialog.restore_from_backup(), dialog.outcome.text()
    assert dialog.vault is not None and dialog.vault.is_open
    assert dialog.field.text() == ""
    assert dialog.restored_aside is not None and sha256(dialog.restored_aside) == damaged
    assert backup_file.name in dialog.notice and dialog.restored_aside.name in dialog.notice
    assert dialog.vault.integrity_problems() == ([], [])


def test_restore_with_the_wrong_passphrase_keeps_the_damaged_vault(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    vault_path: Path,
    backups: BackupPolicy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_closed_vault(vault_path, learners=30)
    with open_vault(vault_path, backups=backups) as first_open:
        assert first_open.backup_taken is not None
        backup_file = first_open.backup_taken.path
    _damage_a_middle_page(vault_path)
    damaged = sha256(vault_path)
    dialog = make_dialog(vault_path)
    _type(dialog.field, PASSPHRASE)
    dialog.submit()
    _choose_file(monkeypatch, "getOpenFileName", backup_file)
    _type(dialog.field, "not the passphrase")
    assert not dialog.restore_from_backup()
    assert "does not unlock this backup" in dialog.outcome.text()
    assert dialog.restore_button.isVisible()
    assert sha256(vault_path) == damaged


def test_empty_file_is_not_a_vault_and_another_file_can_be_chosen(
    qtbot: QtBot, make_dialog: MakeDialog, tmp_path: Path, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty.vault"
    empty.touch()
    files = listing(tmp_path)
    dialog = make_dialog(empty)
    _type(dialog.field, PASSPHRASE)
    assert not dialog.submit()
    assert "empty file" in dialog.outcome.text() and "not a TutorDesk vault" in dialog.outcome.text()
    assert _visible_actions(dialog) == {"Choose another file\u2026"}
    assert empty.read_bytes() == b"" and listing(tmp_path) == files, "nothing created over it (R4)"

    make_closed_vault(vault_path)
    _choose_file(monkeypatch, "getOpenFileName", vault_path)
    assert not dialog.choose_another_file()  # no keychain: the passphrase is needed
    assert dialog.outcome.text() == f"Type the passphrase for {vault_path.name}."
    assert vault_path.name in dialog.file_label.text()
    _type(dialog.field, PASSPHRASE)
    assert dialog.submit()
    assert dialog.vault_path == vault_path


def test_vault_open_in_this_process_is_in_use_then_try_again_works(
    qtbot: QtBot, make_dialog: MakeDialog, vault_path: Path
) -> None:
    make_closed_vault(vault_path)
    holder = open_vault(vault_path)
    try:
        dialog = make_dialog(vault_path)
        _type(dialog.field, PASSPHRASE)
        assert not dialog.submit()
        assert dialog.outcome.text() == IN_USE
        assert "another TutorDesk window" in dialog.outcome.text()
        assert _visible_actions(dialog) == {"Try again"}
    finally:
        holder.close()
    assert not dialog.retry()  # nothing typed and no keychain: asks for the passphrase
    assert "Type your passphrase" in dialog.outcome.text()
    _type(dialog.field, PASSPHRASE)
    qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    assert dialog.vault is not None and dialog.vault.is_open


def test_vault_held_by_another_process_is_in_use(
    qtbot: QtBot, make_dialog: MakeDialog, tmp_path: Path
) -> None:
    path = make_closed_vault(tmp_path / "data" / "test.vault", learners=2)
    holder = Child("holder", str(path))
    try:
        assert holder.next_line() == "ready"
        dialog = make_dialog(path)
        _type(dialog.field, PASSPHRASE)
        assert not dialog.submit()
        assert dialog.outcome.text() == IN_USE
    finally:
        holder.finish()


def test_newer_vault_is_refused_without_a_retry(qtbot: QtBot, make_dialog: MakeDialog, vault: Vault) -> None:
    path = vault.path
    with vault.engine.connect() as connection:
        connection.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        connection.commit()
    vault.close()
    before = sha256(path)
    dialog = make_dialog(path)
    _type(dialog.field, PASSPHRASE)
    assert not dialog.submit()
    assert "newer version of TutorDesk" in dialog.outcome.text()
    assert not dialog.unlock_button.isEnabled() and not dialog.field.isEnabled()
    assert _visible_actions(dialog) == {"Choose another file\u2026"}
    assert not dialog.submit()
    assert sha256(path) == before


def test_missing_key_file_offers_the_recovery_key(
    qtbot: QtBot, make_dialog: MakeDialog, vault_path: Path
) -> None:
    with Vault.create(vault_path, PASSPHRASE, cost=FAST) as created:
        recovery = created.recovery_key()
    vault_path.with_name(vault_path.name + ".keys").unlink()
    dialog = make_dialog(vault_path)
    _type(dialog.field, PASSPHRASE)
    assert not dialog.submit()
    assert "recovery key" in dialog.outcome.text()
    assert _visible_actions(dialog) == {"Choose another file\u2026", "Use recovery key"}
    qtbot.mouseClick(dialog.recovery_button, Qt.MouseButton.LeftButton)
    assert dialog.mode_button.text() == "Use passphrase instead"

    _type(dialog.field, "not-a-key")
    assert not dialog.submit()
    assert "64 hexadecimal characters" in dialog.outcome.text()
    _type(dialog.field, recovery.upper().replace("-", " "))  # any case and spacing is accepted
    assert dialog.submit(), dialog.outcome.text()
    assert dialog.vault is not None and dialog.vault.is_open


def test_wrong_recovery_key_is_said_plainly(qtbot: QtBot, make_dialog: MakeDialog, tmp_path: Path) -> None:
    with Vault.create(tmp_path / "other.vault", PASSPHRASE, cost=FAST) as other:
        foreign = other.recovery_key()
    path = make_closed_vault(tmp_path / "mine.vault")
    dialog = make_dialog(path)
    dialog.use_recovery_key(True)
    _type(dialog.field, foreign)
    assert not dialog.submit()
    assert dialog.outcome.text() == "That recovery key does not belong to this vault."


def test_try_keychain_without_a_keychain_needs_the_passphrase(
    vault_path: Path, backups: BackupPolicy
) -> None:
    make_closed_vault(vault_path)
    assert UnlockDialog.try_keychain(vault_path, backups) is None


def test_keychain_outcomes_are_reported_in_the_dialog(
    make_dialog: MakeDialog, tmp_path: Path, backups: BackupPolicy
) -> None:
    empty = tmp_path / "empty.vault"
    empty.touch()
    with pytest.raises(NotAVault) as refused:
        UnlockDialog.try_keychain(empty, backups)
    dialog = make_dialog(empty)
    dialog.report(refused.value)
    assert "empty file" in dialog.outcome.text()
    assert _visible_actions(dialog) == {"Choose another file\u2026"}


def test_an_unexpected_failure_is_a_plain_message_not_a_traceback(
    qtbot: QtBot,
    make_dialog: MakeDialog,
    vault_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    make_closed_vault(vault_path)

    def broken_open(*args: object, **kwargs: object) -> Vault:
        raise RuntimeError("row ('Alice Example', ...) could not be read")

    monkeypatch.setattr(unlock_module.Vault, "open", broken_open)
    dialog = make_dialog(vault_path)
    _type(dialog.field, PASSPHRASE)
    assert not dialog.submit()
    assert "unexpected problem" in dialog.outcome.text()
    assert "Alice" not in dialog.outcome.text() and "Traceback" not in dialog.outcome.text()
    assert "RuntimeError" in caplog.text and "Alice" not in caplog.text
    assert PASSPHRASE not in caplog.text


def test_an_unreadable_page_met_after_unlocking_offers_a_restore(
    qtbot: QtBot, make_dialog: MakeDialog, vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The driver's own error (met, say, while the day's backup reads a damaged page) is not a traceback."""
    make_closed_vault(vault_path)

    def unreadable(*args: object, **kwargs: object) -> Vault:
        raise sql.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(unlock_module.Vault, "open", unreadable)
    dialog = make_dialog(vault_path)
    _type(dialog.field, PASSPHRASE)
    assert not dialog.submit()
    assert "could not read this vault (database disk image is malformed)" in dialog.outcome.text()
    assert _visible_actions(dialog) == {"Restore a backup\u2026", "Choose another file\u2026"}


def test_the_first_run_asks_who_you_are_and_keeps_it_in_the_vault(
    qtbot: QtBot, first_run: FirstRunDialog, vault_path: Path
) -> None:
    _create(qtbot, first_run)
    keys.tick(first_run.kept_safe)
    keys.focus(first_run.continue_button)
    QTest.keyClick(first_run.continue_button, Qt.Key.Key_Space)
    assert first_run.pages.currentIndex() == 2
    assert first_run.details.name.hasFocus()
    QTest.keyClicks(first_run.details.name, "Priya Natarajan")
    QTest.keyClick(first_run.details.name, Qt.Key.Key_Tab)
    QTest.keyClicks(first_run.focusWidget(), "Re-engagement tutor")
    QTest.keyClick(first_run.focusWidget(), Qt.Key.Key_Return)  # Enter: Save and continue
    assert first_run.result() == QDialog.DialogCode.Accepted
    vault = first_run.vault
    assert vault is not None
    with vault.unit_of_work() as uow:
        profile = practitioner.read_profile(uow)
    assert (profile.name, profile.role, profile.organisation) == (
        "Priya Natarajan",
        "Re-engagement tutor",
        "",
    )


def test_escape_on_the_details_page_skips_it_and_keeps_the_vault(
    qtbot: QtBot, first_run: FirstRunDialog
) -> None:
    _create(qtbot, first_run)
    keys.tick(first_run.kept_safe)
    qtbot.mouseClick(first_run.continue_button, Qt.MouseButton.LeftButton)
    QTest.keyClicks(first_run.details.name, "Not kept")
    QTest.keyClick(first_run, Qt.Key.Key_Escape)
    assert first_run.result() == QDialog.DialogCode.Accepted
    assert first_run.vault is not None and first_run.vault.is_open
    with first_run.vault.unit_of_work() as uow:
        assert practitioner.read_profile(uow).is_empty
