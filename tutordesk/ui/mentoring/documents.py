"""The Documents page of the Mentoring tab: the agreement, the confidentiality statement, the contact
boundaries and the closure report; where each stands, signing them, saving them as PDF, and every version
made so far.

A document follows the relationship until someone signs it; after that it stays as signed, and a change
to the relationship asks for a new one to be signed (see `services.mentoring_documents`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import short_date
from tutordesk.domain.plan_enums import SignatureMethod
from tutordesk.services import documents
from tutordesk.services.documents import SignatureInput
from tutordesk.services.mentoring import documents as mentoring_documents
from tutordesk.services.mentoring.documents import MentoringDocumentStatus
from tutordesk.services.plans.contracts import SignatureBlock
from tutordesk.ui.mentoring.panel import RelationshipPanel
from tutordesk.ui.widgets.dialogs import confirm
from tutordesk.ui.widgets.panel import PanelContext, vault_files
from tutordesk.ui.widgets.printing import ask_for_printer, go_ahead_without, print_pdf_bytes
from tutordesk.ui.widgets.save_dialog import choose_export_file
from tutordesk.ui.widgets.signature_dialog import SignatureDialog
from tutordesk.vault.unit_of_work import UnitOfWork

_ROLE_TITLES = {"learner": "Young person", "mentor": "Mentor"}
_ROLE_WORDS = {"learner": "the young person", "mentor": "the mentor"}
_FILE_NAMES = {  # no names in file names: the file may be shared
    mentoring_documents.AGREEMENT_FORM: "mentoring-agreement.pdf",
    mentoring_documents.CONFIDENTIALITY_FORM: "confidentiality-statement.pdf",
    mentoring_documents.BOUNDARIES_FORM: "contact-boundaries.pdf",
    mentoring_documents.CLOSURE_FORM: "mentoring-closure-report.pdf",
}


def status_text(status: MentoringDocumentStatus) -> str:
    """Where one document stands, in a few words."""
    if not status.available:
        return "Ready once the relationship is closed"
    if status.changed_since_signed:
        return "Changed since it was signed — needs signing again"
    if status.document_id is None:
        return "Not made yet"
    if status.signed_by_all:
        dates = [b.signed_on for b in status.signatures if b.signed_on is not None]
        return f"Signed by both on {short_date(max(dates))}" if dates else "Signed"
    signed = [_ROLE_WORDS.get(b.role, b.label) for b in status.signatures if b.signed_on is not None]
    if signed:
        return f"Needs signing — signed so far by {' and '.join(signed)}"
    return "Needs signing"


class DocumentsPanel(RelationshipPanel):
    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.statuses: list[MentoringDocumentStatus] = []
        self.intro = QLabel(
            "Each document is filled in from the relationship. Save it as a PDF to print or share, and record "
            "signatures once both of you have signed."
        )
        self.intro.setWordWrap(True)
        self.documents = QTableWidget(0, 2)
        self.documents.setObjectName("mentoring_documents")
        self.documents.setAccessibleName("Documents")
        self.documents.setHorizontalHeaderLabels(["Document", "Where it stands"])
        self._table_manners(self.documents, 4)
        self.documents.itemSelectionChanged.connect(self._show_signatures)
        self.signatures = QTableWidget(0, 4)
        self.signatures.setObjectName("mentoring_signatures")
        self.signatures.setAccessibleName("Signatures")
        self.signatures.setHorizontalHeaderLabels(["Who signs", "Name", "Signed", "How"])
        self._table_manners(self.signatures, 2)
        self.signatures.itemSelectionChanged.connect(self._update_buttons)
        self.signatures.doubleClicked.connect(self.record_signature)
        self.save_button = QPushButton("Save as P&DF…")
        self.save_button.setObjectName("documents_save")
        self.save_button.setToolTip("Save the chosen document as a PDF to print or share (Ctrl+Shift+S)")
        self.save_button.clicked.connect(lambda: self.save_pdf(self.selected_form()))
        self.sign_button = QPushButton("Record a si&gnature…")
        self.sign_button.setObjectName("documents_sign")
        self.sign_button.setToolTip("Record that the chosen person signed, on paper or on screen (Enter)")
        self.sign_button.clicked.connect(self.record_signature)
        self.unsign_button = QPushButton("Remove signature")
        self.unsign_button.setObjectName("documents_unsign")
        self.unsign_button.clicked.connect(self.remove_signature)
        save_shortcut = QShortcut(
            QKeySequence("Ctrl+Shift+S"), self, activated=lambda: self.save_pdf(self.selected_form())
        )
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_button = QPushButton("Pr&int…")
        self.print_button.setObjectName("documents_print")
        self.print_button.setToolTip("Print the chosen document, the same pages as the PDF (Ctrl+P)")
        self.print_button.clicked.connect(lambda: self.print_document(self.selected_form()))
        print_shortcut = QShortcut(QKeySequence.StandardKey.Print, self)
        print_shortcut.activated.connect(lambda: self.print_document(self.selected_form()))
        print_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.signatures, activated=self.record_signature)
        self.note = QLabel()
        self.note.setObjectName("documents_note")
        self.note.setWordWrap(True)
        self.history = QLabel()
        self.history.setObjectName("documents_history")
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history.setStyleSheet("color:#555")

        buttons = QHBoxLayout()
        for button in (self.save_button, self.print_button, self.sign_button, self.unsign_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.documents)
        layout.addWidget(QLabel("Signatures of the chosen document"))
        layout.addWidget(self.signatures)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.history)
        layout.addStretch(1)

    @staticmethod
    def _table_manners(table: QTableWidget, rows: int) -> None:
        """A read-only list chosen by row, just tall enough for `rows` rows (the history takes the rest)."""
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setFixedHeight(
            table.horizontalHeader().sizeHint().height()
            + rows * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth()
            + 2
        )
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # the arrow keys move between rows; Tab moves on
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    # -- reading ------------------------------------------------------------------------------------

    def reload(self) -> None:
        relationship_id = self.relationship_id
        chosen = self.selected_form()
        if relationship_id is None:
            self.statuses = []
            self.documents.setRowCount(0)
            self.signatures.setRowCount(0)
            self.history.clear()
            self.note.clear()
            self._update_buttons()
            return
        found = self.run(
            lambda uow: (
                mentoring_documents.document_statuses(uow, relationship_id=relationship_id),
                mentoring_documents.mentoring_documents_of(uow, relationship_id=relationship_id),
            )
        )
        if found is None:
            return
        self.statuses, history = found
        self.documents.blockSignals(True)
        self.documents.setRowCount(len(self.statuses))
        for row, status in enumerate(self.statuses):
            for column, text in enumerate((status.title, status_text(status))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, status.form_id)
                if not status.available:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                self.documents.setItem(row, column, item)
        self.documents.blockSignals(False)
        forms = [s.form_id for s in self.statuses if s.available]
        self.documents.selectRow(forms.index(chosen) if chosen in forms else 0)
        self._show_signatures()
        self.history.setText(
            "Made so far, newest first:\n"
            + "\n".join(
                f"{title}, made on {short_date(made)} (fingerprint {fingerprint})"
                for _, title, made, fingerprint in history
            )
            if history
            else "No document has been made yet: saving one as a PDF or recording a signature makes it."
        )
        self.note.setText(
            "This relationship is closed: its closure report is ready to save and sign."
            if self.relationship is not None and not self.relationship.active
            else ""
        )

    def selected_form(self) -> str | None:
        rows = self.documents.selectionModel().selectedRows()
        return self.statuses[rows[0].row()].form_id if rows and self.statuses else None

    def status_of(self, form_id: str | None) -> MentoringDocumentStatus | None:
        return next((s for s in self.statuses if s.form_id == form_id), None)

    def select_form(self, form_id: str) -> None:
        forms = [s.form_id for s in self.statuses]
        if form_id in forms:
            self.documents.selectRow(forms.index(form_id))

    def _show_signatures(self) -> None:
        status = self.status_of(self.selected_form())
        blocks = status.signatures if status is not None else ()
        self.signatures.setRowCount(len(blocks))
        for row, block in enumerate(blocks):
            cells = (
                _ROLE_TITLES.get(block.role, block.label) + (" (optional)" if block.optional else ""),
                block.name,
                short_date(block.signed_on) if block.signed_on else "Not yet",
                SignatureMethod(block.method).label if block.method else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, block.role)
                self.signatures.setItem(row, column, item)
        if blocks:
            self.signatures.selectRow(next((i for i, b in enumerate(blocks) if b.signed_on is None), 0))
        self._update_buttons()

    def _selected_block(self) -> SignatureBlock | None:
        status = self.status_of(self.selected_form())
        rows = self.signatures.selectionModel().selectedRows()
        return status.signatures[rows[0].row()] if status is not None and rows else None

    def _can_sign(self, status: MentoringDocumentStatus | None) -> bool:
        """Signing changes nothing the relationship says, but a closed one only signs its closure report."""
        if status is None or not status.available or self.context.read_only or self.relationship is None:
            return False
        return self.relationship.active or status.form_id == mentoring_documents.CLOSURE_FORM

    def _update_buttons(self) -> None:
        status = self.status_of(self.selected_form())
        block = self._selected_block()
        can_sign = self._can_sign(status)
        self.save_button.setEnabled(status is not None and status.available and not self.context.read_only)
        self.print_button.setEnabled(self.save_button.isEnabled())  # a print is written to the audit log
        self.sign_button.setEnabled(can_sign and block is not None)
        # A signature on a document that has changed since belongs to the old version: it stays as signed.
        self.unsign_button.setEnabled(
            can_sign
            and block is not None
            and block.signed_on is not None
            and status is not None
            and not status.changed_since_signed
        )

    # -- actions ------------------------------------------------------------------------------------

    def save_pdf(self, form_id: str | None, target: Path | None = None) -> Path | None:
        """Save the document of `form_id` as a PDF at `target` (asked for when None); the path, or None."""
        relationship_id = self.relationship_id
        status = self.status_of(form_id)
        if relationship_id is None or form_id is None or status is None or not self.save_button.isEnabled():
            return None
        if not self._drawable_or_agreed(relationship_id, form_id, status.title.lower(), printing=False):
            return None
        if target is None:
            chosen = choose_export_file(
                self,
                f"Save the {status.title.lower()}",
                Path.home() / _FILE_NAMES.get(form_id, "mentoring-document.pdf"),
                "PDF files (*.pdf)",
                suffix=".pdf",
                protected=vault_files(self.context),
            )
            if chosen is None:
                return None
            target = chosen.path
        saved_to = target

        def export(uow: UnitOfWork) -> documents.ExportResult:
            document_id = mentoring_documents.prepare_document(
                uow, relationship_id=relationship_id, form_id=form_id
            )
            return mentoring_documents.export_mentoring_document(
                uow, document_id=document_id, target=saved_to
            )

        result = self.run(export, commit=True)
        if result is None:
            return None
        self.reload()
        self.select_form(form_id)
        window = self.window()
        status_bar = getattr(window, "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(
                f"Saved the {status.title.lower()} as {result.path.name} (fingerprint {result.fingerprint}).",
                8000,
            )
        return result.path

    def _drawable_or_agreed(self, relationship_id: int, form_id: str, title: str, *, printing: bool) -> bool:
        """Whether every character of the document can be drawn, or the person chose to go ahead."""

        def missing(uow: UnitOfWork) -> list[str]:
            document_id = mentoring_documents.prepare_document(
                uow, relationship_id=relationship_id, form_id=form_id
            )
            return documents.unprintable_characters(uow, document_id=document_id)

        found = self.run(missing, commit=True)
        return found is not None and go_ahead_without(self, found, document=f"the {title}", printing=printing)

    def print_document(self, form_id: str | None, printer: QPrinter | None = None) -> bool:
        """Print the document of `form_id` through the system print dialog (a test passes its own
        `printer`): the same pages as its PDF, recorded in the audit log. Whether it was printed."""
        relationship_id = self.relationship_id
        status = self.status_of(form_id)
        if relationship_id is None or form_id is None or status is None or not self.print_button.isEnabled():
            return False
        if not self._drawable_or_agreed(relationship_id, form_id, status.title.lower(), printing=True):
            return False
        chosen = printer or ask_for_printer(
            self, f"Print the {status.title.lower()}", document_name=status.title
        )
        if chosen is None:
            return False

        def send(uow: UnitOfWork) -> str:
            document_id = mentoring_documents.prepare_document(
                uow, relationship_id=relationship_id, form_id=form_id
            )
            return documents.print_document(
                uow, document_id=document_id, send=lambda data: print_pdf_bytes(chosen, data, uow=uow)
            )

        outcome = self.operate(send)
        if not outcome.ok:
            return False
        self.reload()
        self.select_form(form_id)
        status_bar = getattr(self.window(), "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(
                f"The {status.title.lower()} was sent to the printer (fingerprint {outcome.value}).", 8000
            )
        return True

    def record_signature(self) -> None:
        """Ask who signed the chosen document, when and how, and record it."""
        form_id, block = self.selected_form(), self._selected_block()
        if form_id is None or block is None or not self.sign_button.isEnabled():
            return
        dialog = SignatureDialog(block.role, block.label, block.name, self.context.today(), self)
        if dialog.exec() != SignatureDialog.DialogCode.Accepted:
            return
        self.sign(form_id, dialog.signature())

    def sign(self, form_id: str, signature: SignatureInput) -> bool:
        """Record `signature` on the document of `form_id` (made or brought up to date first)."""
        relationship_id = self.relationship_id
        if relationship_id is None or not self._can_sign(self.status_of(form_id)):
            return False

        def store(uow: UnitOfWork) -> bool:
            document_id = mentoring_documents.prepare_document(
                uow, relationship_id=relationship_id, form_id=form_id
            )
            documents.record_signature(uow, document_id=document_id, signature=signature)
            return True

        done = bool(self.run(store, commit=True))
        self.reload()
        self.select_form(form_id)
        return done

    def remove_signature(self) -> None:
        form_id, block = self.selected_form(), self._selected_block()
        status = self.status_of(form_id)
        if (
            form_id is None
            or block is None
            or status is None
            or status.document_id is None
            or not self.unsign_button.isEnabled()
        ):
            return
        who = _ROLE_WORDS.get(block.role, block.label)
        if not confirm(
            self,
            f"Remove the signature of {who}?",
            "Remove signature",
            "Do this only if it was recorded by mistake. The removal is kept in the audit log.",
        ):
            return
        document_id, role = status.document_id, block.role
        self.run(lambda uow: documents.remove_signature(uow, document_id=document_id, role=role), commit=True)
        self.reload()
        self.select_form(form_id)
