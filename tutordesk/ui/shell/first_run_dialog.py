"""The first-run dialog: choose a passphrase, create the vault, then show the recovery key once.

Page 1 explains the passphrase and creates the vault; page 2 shows the recovery key with Print and Save as PDF,
and lets the tutor go on only after saying it is kept safe; page 3 asks, optionally, who the tutor is. The key is never put on the clipboard, logged or
written anywhere except where the tutor chooses to print or save it.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QKeySequence,
    QPagedPaintDevice,
    QPdfWriter,
    QShortcut,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain import dates
from tutordesk.errors import TutorDeskError
from tutordesk.ui.widgets.default_button import make_default
from tutordesk.ui.widgets.printing import go_ahead_without
from tutordesk.ui.widgets.record_table import WARNING_COLOUR
from tutordesk.ui.widgets.save_dialog import choose_export_file
from tutordesk.vault import keychain
from tutordesk.vault.key_file import MIN_PASSPHRASE_LENGTH, KdfCost
from tutordesk.vault.passphrase_strength import assess
from tutordesk.vault.vault import Vault

_log = logging.getLogger(__name__)

INTRO = (
    "TutorDesk keeps everything about your learners in one encrypted file on this computer. "
    "Choose a passphrase to lock it. Without the passphrase nobody can read the file, not even you.\n\n"
    "If you forget the passphrase, only the recovery key shown on the next page can open the vault. "
    "Nobody else can recover it for you."
)
KEY_EXPLANATION = (
    "This recovery key opens your vault if you forget your passphrase. It is shown only this once.\n\n"
    "Write it down or print it, and keep it somewhere safe away from this laptop, for example locked "
    "away at home or in your organisation's safe. Anyone who has this key and the vault file can read "
    "everything in the vault, so treat it like a key to a filing cabinet."
)
NO_KEYCHAIN_TIP = (
    "This computer has no keychain that TutorDesk can use, so you will type the passphrase each time."
)
KEYCHAIN_TIP = (
    "TutorDesk will open without asking for the passphrase when you are signed in to this computer. "
    "Leave it unticked on a shared computer."
)


#: The strength bar's colour for each score: the warning colour while too short or weak, amber for fair,
#: green for good and strong.
STRENGTH_COLOURS = (WARNING_COLOUR, WARNING_COLOUR, "#d98c00", "#4a9a3a", "#2e7d32")


class FirstRunDialog(QDialog):
    """Creates a vault at `vault_path`. After `accept()`, `.vault` is the new, open vault."""

    def __init__(
        self, vault_path: Path, parent: QWidget | None = None, *, cost: KdfCost | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create your TutorDesk vault")
        self.vault_path = Path(vault_path)
        self.vault: Vault | None = None
        self._cost = cost
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_passphrase_page())
        self.pages.addWidget(self._build_key_page())
        self.pages.addWidget(self._build_details_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(560, 480)
        # Enter after typing the passphrase twice creates the vault; Cancel is pressed only on purpose.
        make_default(self.create_button, self.cancel_button)
        self._passphrase_changed()

    # -- page 1: the passphrase -------------------------------------------------------------------

    def _build_passphrase_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(INTRO)
        intro.setWordWrap(True)

        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.confirm = QLineEdit()
        self.confirm.setObjectName("confirm")
        for field in (self.passphrase, self.confirm):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._passphrase_changed)
        self.passphrase.setPlaceholderText(f"At least {MIN_PASSPHRASE_LENGTH} characters")
        self.show_passphrase = QCheckBox("Show passphrase")
        self.show_passphrase.toggled.connect(self._toggle_echo)

        self.strength_bar = QProgressBar()
        self.strength_bar.setObjectName("strength")
        self.strength_bar.setRange(0, 4)
        self.strength_bar.setTextVisible(True)
        self.advice = QLabel()
        self.advice.setObjectName("advice")
        self.advice.setWordWrap(True)
        self.mismatch = QLabel()
        self.mismatch.setObjectName("mismatch")
        self.mismatch.setWordWrap(True)

        self.remember = QCheckBox("Remember on this computer")
        has_keychain = keychain.available()
        self.remember.setEnabled(has_keychain)
        self.remember.setToolTip(KEYCHAIN_TIP if has_keychain else NO_KEYCHAIN_TIP)

        self.create_error = QLabel()
        self.create_error.setObjectName("create_error")
        self.create_error.setWordWrap(True)
        self.create_button = QPushButton("Create vault")
        self.create_button.clicked.connect(self.create_vault)
        self.cancel_button = cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow("Passphrase:", self.passphrase)
        form.addRow("Type it again:", self.confirm)
        form.addRow("", self.show_passphrase)
        form.addRow("Strength:", self.strength_bar)
        form.addRow("", self.advice)
        form.addRow("", self.mismatch)
        form.addRow("", self.remember)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.create_button)

        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.create_error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _toggle_echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.confirm.setEchoMode(mode)

    def _passphrase_changed(self) -> None:
        first, second = self.passphrase.text(), self.confirm.text()
        strength = assess(first)
        self.strength_bar.setValue(strength.score)
        # Drawn by a style sheet: some platform styles ignore a palette colour for the bar.
        self.strength_bar.setStyleSheet(
            "QProgressBar { border: 1px solid palette(mid); border-radius: 3px; text-align: center; }"
            f"QProgressBar::chunk {{ background-color: {STRENGTH_COLOURS[strength.score]}; }}"
        )
        self.strength_bar.setFormat(strength.label.capitalize() if first else "")
        self.advice.setText(strength.advice if first else "")
        # While the second copy is still being typed and agrees so far, say nothing yet.
        still_typing = len(second) < len(first) and first.startswith(second)
        differs = bool(second) and first != second and not still_typing
        self.mismatch.setText("The two passphrases are not the same." if differs else "")
        self.create_error.clear()
        # Only the length rule blocks; the strength is advice (check_new_passphrase has the same rule).
        self.create_button.setEnabled(len(first) >= MIN_PASSPHRASE_LENGTH and first == second)

    def create_vault(self) -> bool:
        """Create the vault from the typed passphrase and move to the recovery key; False if it failed."""
        if not self.create_button.isEnabled():
            return False
        passphrase = self.passphrase.text()
        # setText("") rather than clear(): clear() is undoable, so Ctrl+Z could bring the passphrase back.
        self.passphrase.setText("")
        self.confirm.setText("")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # Argon2id takes about half a second
        try:
            vault = Vault.create(self.vault_path, passphrase, remember=False, cost=self._cost)
        except Exception as error:  # noqa: BLE001 - every failure becomes a message, never a traceback
            if isinstance(error, TutorDeskError):
                self.create_error.setText(error.message)
            else:
                # Only the type is logged: nothing typed here, nor any path detail, belongs in a log.
                _log.error("Unexpected %s while creating a vault", type(error).__name__)
                self.create_error.setText("The vault could not be created because of an unexpected problem.")
            self.passphrase.setFocus()
            return False
        finally:
            del passphrase  # Python cannot wipe a str (security.md finding 8); at least drop our reference
            QApplication.restoreOverrideCursor()
        self.vault = vault
        remembered = self.remember.isEnabled() and self.remember.isChecked() and vault.remember_key()
        self.keychain_note.setText(
            ""
            if remembered or not self.remember.isChecked()
            else "The keychain did not accept the key, so TutorDesk will ask for your passphrase each time."
        )
        self.key_label.setText(_two_lines(vault.recovery_key()))
        self.pages.setCurrentIndex(1)
        make_default(self.continue_button)
        return True

    # -- page 2: the recovery key -----------------------------------------------------------------

    def _build_key_page(self) -> QWidget:
        page = QWidget()
        title = QLabel("Your recovery key")
        title_font = title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        title_font.setBold(True)
        title.setFont(title_font)

        self.key_label = QLabel()
        self.key_label.setObjectName("recovery_key")
        key_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        key_font.setPointSizeF(max(key_font.pointSizeF(), 10.0) * 1.5)
        key_font.setStyleHint(QFont.StyleHint.Monospace)
        self.key_label.setFont(key_font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Selectable so it can be copied by hand if the tutor wants; it is never copied for them.
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        explanation = QLabel(KEY_EXPLANATION)
        explanation.setWordWrap(True)
        self.keychain_note = QLabel()
        self.keychain_note.setWordWrap(True)
        self.save_note = QLabel()
        self.save_note.setObjectName("save_note")
        self.save_note.setWordWrap(True)

        self.print_button = QPushButton("Print\u2026")
        self.print_button.clicked.connect(self.print_key)
        self.print_button.setToolTip("Print the recovery key page (Ctrl+P)")
        QShortcut(QKeySequence.StandardKey.Print, page).activated.connect(self.print_key)
        self.pdf_button = QPushButton("Save as PDF\u2026")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.kept_safe = QCheckBox("I have written down or saved the recovery key")
        self.continue_button = QPushButton("Continue")
        self.continue_button.setEnabled(False)
        self.kept_safe.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self.finish)

        outputs = QHBoxLayout()
        outputs.addWidget(self.print_button)
        outputs.addWidget(self.pdf_button)
        outputs.addStretch(1)
        finish = QHBoxLayout()
        finish.addWidget(self.kept_safe)
        finish.addStretch(1)
        finish.addWidget(self.continue_button)

        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(self.key_label)
        layout.addWidget(explanation)
        layout.addWidget(self.keychain_note)
        layout.addLayout(outputs)
        layout.addWidget(self.save_note)
        layout.addStretch(1)
        layout.addLayout(finish)
        return page

    def _key_document(self) -> QTextDocument:
        """The printed page: a title, the key and the explanation. Nothing about any learner."""
        key = "<br>".join(html.escape(line) for line in self.key_label.text().splitlines())
        paragraphs = "".join(f"<p>{html.escape(part)}</p>" for part in KEY_EXPLANATION.split("\n\n"))
        vault_id = html.escape(self.vault.vault_id[:8]) if self.vault else ""
        today = date.today()
        document = QTextDocument()
        document.setHtml(
            "<h1>TutorDesk recovery key</h1>"
            f'<p style="font-family: monospace; font-size: 18pt; font-weight: bold">{key}</p>'
            f"{paragraphs}"
            # The short vault id matches the start of its backups' names, so the right key can be found.
            f"<p>Vault {vault_id}, created on {dates.long_date(today)}.</p>"
        )
        return document

    def _drawable_or_agreed(self, *, printing: bool) -> bool:
        """The key page is TutorDesk's own words and the key, so every character can be drawn; checked the
        same way as every other document all the same."""
        from tutordesk.services.documents import characters_no_font_draws

        missing = characters_no_font_draws(texts=[self._key_document().toPlainText()])
        return go_ahead_without(self, missing, document="the recovery key page", printing=printing)

    def render_key(self, device: QPagedPaintDevice) -> None:
        """Draw the recovery key page onto a printer or PDF writer."""
        self._key_document().print_(device)

    def print_key(self) -> bool:
        """Ask for a printer and print the key page; True if it was sent."""
        if not self.key_label.text() or not self._drawable_or_agreed(printing=True):
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("TutorDesk recovery key")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the recovery key")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.render_key(printer)
        self.save_note.setText("The recovery key was sent to the printer.")
        if self.vault is not None:  # the log says when the key was printed, never what it is
            from tutordesk.services.documents import record_recovery_key_printed

            with contextlib.suppress(TutorDeskError), self.vault.unit_of_work() as uow:
                record_recovery_key_printed(uow)
                uow.commit()
        return True

    def save_pdf(self) -> Path | None:
        """Ask where to save, and write the key page there as a PDF; the path written, or None."""
        if not self.key_label.text() or not self._drawable_or_agreed(printing=False):
            return None
        chosen = choose_export_file(
            self,
            "Save the recovery key as a PDF",
            Path.home() / "TutorDesk recovery key.pdf",
            "PDF files (*.pdf)",
            suffix=".pdf",
            protected=self.vault.files if self.vault is not None else None,
        )
        if chosen is None:
            return None
        path = chosen.path
        try:
            _write_private(path, self._pdf_bytes())
        except OSError as error:
            self.save_note.setText(f"The PDF could not be saved in {path.parent}: {error.strerror or error}.")
            return None
        self.save_note.setText(f"Saved as {path}. Keep that file away from this laptop once you have it.")
        return path

    def _pdf_bytes(self) -> bytes:
        # Rendered in memory, so no temporary copy of the key lands on disk anywhere but the chosen file.
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        writer.setTitle("TutorDesk recovery key")
        writer.setCreator("TutorDesk")
        self.render_key(writer)  # ending the painter finishes the PDF
        del writer
        buffer.close()
        return bytes(data.data())

    def finish(self) -> None:
        """Continue: forget the key on screen, then ask (optionally) who you are."""
        if not self.kept_safe.isChecked() or self.vault is None:
            return
        self.key_label.setText("")  # never shown again from this dialog
        self.pages.setCurrentIndex(2)
        self.details_save.setDefault(True)
        self.details.name.setFocus()

    # -- page 3: about you (optional) ---------------------------------------------------------------

    def _build_details_page(self) -> QWidget:
        from tutordesk.ui.shell.my_details_dialog import EXPLANATION, DetailsForm

        page = QWidget()
        title = QLabel("About you (you can skip this)")
        title_font = title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        title_font.setBold(True)
        title.setFont(title_font)
        explanation = QLabel(EXPLANATION + " You can change them at any time from File > My details.")
        explanation.setWordWrap(True)
        self.details = DetailsForm()
        self.details_skip = QPushButton("S&kip")
        self.details_skip.setAutoDefault(False)
        self.details_skip.clicked.connect(self.accept)
        self.details_save = QPushButton("&Save and continue")
        self.details_save.clicked.connect(self.save_details)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.details_skip)
        buttons.addWidget(self.details_save)
        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(explanation)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def save_details(self) -> None:
        """Keep what was typed about you (nothing typed: the same as Skip) and hand over the vault."""
        from tutordesk.ui.shell.my_details_dialog import save_details

        profile = self.details.profile()
        if self.vault is not None and not profile.is_empty and not save_details(self, self.vault, profile):
            return
        self.accept()

    def reject(self) -> None:
        # Once the vault exists, closing must not lose the only showing of its recovery key: Escape and the
        # window's close button do nothing on page 2; Continue is the way out. On the last, optional page
        # they skip it: the vault is made and kept.
        if self.vault is not None and self.pages.currentIndex() == 1:
            return
        if self.vault is not None and self.pages.currentIndex() == 2:
            self.accept()
            return
        super().reject()


def _two_lines(recovery_key: str) -> str:
    """Four groups a line, easier to copy out by hand than one long line (typing it back ignores the break)."""
    groups = recovery_key.split("-")
    return "-".join(groups[:4]) + "\n" + "-".join(groups[4:])


def _write_private(path: Path, data: bytes) -> None:
    """Write straight to the chosen file, readable only by the tutor; nothing is left behind on failure."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
