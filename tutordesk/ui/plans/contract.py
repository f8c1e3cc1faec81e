"""The Contract panel of the Plans tab: is the agreed plan's contract of participation signed, record
signatures, save it as PDF, and check a printed copy against the vault by its fingerprint.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import short_date
from tutordesk.domain.plan_enums import ContractState, SignatureMethod
from tutordesk.services.plans import contracts
from tutordesk.services.plans.contracts import ContractStatus
from tutordesk.ui.widgets.panel import Panel, PanelContext, vault_files
from tutordesk.ui.widgets.printing import ask_for_printer, go_ahead_without, print_pdf_bytes
from tutordesk.ui.widgets.save_dialog import choose_export_file
from tutordesk.ui.widgets.signature_dialog import SignatureDialog

_STATE_STYLE = {
    ContractState.SIGNED: "background:#e6f4ea; color:#1e4620",
    ContractState.NEEDS_RESIGNING: "background:#fff3cd; color:#5c4400",
    ContractState.UNSIGNED: "background:#fff3cd; color:#5c4400",
    ContractState.PARTLY_SIGNED: "background:#fff3cd; color:#5c4400",
    ContractState.NO_PLAN: "background:#eef1f5; color:#333",
}
_ROLE_TITLES = {"learner": "Learner", "tutor": "Tutor", "parent_carer": "Parent or carer", "mentor": "Mentor"}
_ROLE_WORDS = {
    "learner": "the learner",
    "tutor": "the tutor",
    "parent_carer": "a parent or carer",
    "mentor": "the mentor",
}


class ContractPanel(Panel):
    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.status: ContractStatus | None = None
        self.state = QLabel()
        self.state.setObjectName("contract_state")
        self.state.setWordWrap(True)
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("contract_fingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.include_support = QCheckBox(
            "Print the support in place for the learner (special-category data: only if the learner agrees)"
        )
        self.include_support.setObjectName("contract_include_support")
        self.include_support.toggled.connect(self._support_toggled)
        self.signatures = QTableWidget(0, 4)
        self.signatures.setObjectName("contract_signatures")
        self.signatures.setAccessibleName("Signatures")
        self.signatures.setTabKeyNavigation(False)  # the arrow keys move between rows; Tab moves on
        self.signatures.setHorizontalHeaderLabels(["Who signs", "Name", "Signed", "How"])
        self.signatures.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.signatures.verticalHeader().setVisible(False)
        self.signatures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.signatures.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.signatures.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.signatures.itemSelectionChanged.connect(self._update_buttons)
        self.signatures.doubleClicked.connect(self.record_signature)
        self.sign_button = QPushButton("Record signature…")
        self.sign_button.setObjectName("contract_sign")
        self.sign_button.setToolTip("Record that the selected person signed, on paper or on screen (Enter)")
        self.sign_button.clicked.connect(self.record_signature)
        self.unsign_button = QPushButton("Remove signature")
        self.unsign_button.clicked.connect(self.remove_signature)
        self.save_button = QPushButton("Save as PDF…")
        self.save_button.setObjectName("contract_save")
        self.save_button.setToolTip("Save the contract as a PDF to print or share (Ctrl+Shift+S)")
        self.save_button.clicked.connect(lambda: self.save_pdf())  # not clicked's `checked` as the target
        self.print_button = QPushButton("Print…")
        self.print_button.setObjectName("contract_print")
        self.print_button.setToolTip("Print the contract, the same pages as the PDF (Ctrl+P)")
        self.print_button.clicked.connect(lambda: self.print_contract())
        QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(lambda: self.print_contract())
        self.check_button = QPushButton("Check a printed copy…")
        self.check_button.setToolTip(
            "Type the fingerprint from the foot of a printed page to see which contract it is"
        )
        self.check_button.clicked.connect(self.check_printed_copy)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self, activated=self.save_pdf)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.signatures, activated=self.record_signature)
        self.history = QLabel()
        self.history.setObjectName("contract_history")
        self.history.setWordWrap(True)
        self.history.setStyleSheet("color:#555")

        buttons = QHBoxLayout()
        for button in (
            self.sign_button,
            self.unsign_button,
            self.save_button,
            self.print_button,
            self.check_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.include_support)
        layout.addWidget(self.signatures, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.history)

    # -- reading --------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.learner_id is None:
            self.status = None
            self.signatures.setRowCount(0)
            self.state.clear()
            self.fingerprint.clear()
            self.history.clear()
            return
        learner_id = self.learner_id
        found = self.run(
            lambda uow: (
                contracts.contract_status(uow, learner_id=learner_id),
                contracts.contract_history(uow, learner_id=learner_id),
            )
        )
        if found is None:
            return
        self.status, history = found
        self._show(self.status, history)

    def _show(self, status: ContractStatus, history: list[contracts.ContractRecord]) -> None:
        self.state.setText(status.message)
        self.state.setStyleSheet(
            f"{_STATE_STYLE[status.state]}; padding:8px; border-radius:4px; font-weight:bold"
        )
        self.fingerprint.setText(
            f"Fingerprint <b>{status.fingerprint}</b>, printed at the foot of every page, so a paper copy can be "
            "matched to this one."
            if status.fingerprint
            else (
                "The fingerprint is set when the contract is first saved as PDF."
                if status.plan_version
                else ""
            )
        )
        self.include_support.blockSignals(True)
        self.include_support.setChecked(status.includes_support)
        self.include_support.blockSignals(False)
        self.signatures.setRowCount(len(status.blocks))
        for row, block in enumerate(status.blocks):
            how = ""
            if block.method:
                how = SignatureMethod(block.method).label
            # Before anyone signs, the name the contract will print for them, in grey: an empty column
            # left a new tutor wondering whether the names were missing.
            expected = "" if block.name or self.context.read_only else self._default_name(block.role)
            cells = (
                # The form speaks in the learner's voice ("Me", "My tutor"); the tutor reads roles here.
                _ROLE_TITLES.get(block.role, block.label) + (" (optional)" if block.optional else ""),
                block.name or expected,
                short_date(block.signed_on) if block.signed_on else "Not yet",
                how,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, block.role)
                if column == 1 and expected:
                    item.setForeground(QColor("#6b6b6b"))
                    item.setToolTip("The name the contract prints; it is recorded when they sign")
                self.signatures.setItem(row, column, item)
        if status.blocks:
            first_unsigned = next((i for i, b in enumerate(status.blocks) if b.signed_on is None), 0)
            self.signatures.selectRow(first_unsigned)
        older = [r for r in history if r.plan_version != status.plan_version]
        self.history.setText(
            "Earlier contracts: "
            + "; ".join(
                f"plan version {r.plan_version}, {'signed' if {'learner', 'tutor'} <= set(r.signed_by) else 'not signed'}"
                f" (fingerprint {r.fingerprint})"
                for r in older
            )
            if older
            else ""
        )
        self._update_buttons()

    def _selected_block(self) -> contracts.SignatureBlock | None:
        if self.status is None:
            return None
        rows = self.signatures.selectionModel().selectedRows()
        return self.status.blocks[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        has_plan = self.status is not None and self.status.plan_version is not None
        writable = not self.context.read_only
        block = self._selected_block()
        signed_by_anyone = self.status is not None and any(b.signed_on for b in self.status.blocks)
        self.sign_button.setEnabled(has_plan and writable and block is not None)
        self.unsign_button.setEnabled(
            has_plan and writable and block is not None and block.signed_on is not None
        )
        self.save_button.setEnabled(has_plan and writable)
        self.print_button.setEnabled(has_plan and writable)  # a print is written to the audit log
        self.include_support.setEnabled(has_plan and writable and not signed_by_anyone)
        self.include_support.setToolTip(
            "Signed contracts never change, so this choice is fixed once somebody has signed."
            if signed_by_anyone
            else "Left out unless you tick it."
        )

    # -- actions --------------------------------------------------------------------------------

    def _support_toggled(self, checked: bool) -> None:
        learner_id = self.learner_id
        if learner_id is None:
            return
        self.run(
            lambda uow: contracts.prepare_contract(uow, learner_id=learner_id, include_support=checked),
            commit=True,
        )
        self.reload()

    def record_signature(self) -> None:
        block = self._selected_block()
        learner_id = self.learner_id
        if block is None or learner_id is None or not self.sign_button.isEnabled():
            return
        name = block.name or self._default_name(block.role)
        dialog = SignatureDialog(block.role, block.label, name, self.context.today(), self)
        if dialog.exec() != SignatureDialog.DialogCode.Accepted:
            return
        signature = dialog.signature()

        def sign(uow):
            document_id = contracts.prepare_contract(uow, learner_id=learner_id)
            contracts.record_signature(uow, document_id=document_id, signature=signature)

        self.run(sign, commit=True)
        self.reload()

    def _default_name(self, role: str) -> str:
        learner_id = self.learner_id
        if learner_id is None or role not in ("learner", "tutor"):
            return ""

        return self.run(lambda uow: contracts.signatory_name(uow, learner_id=learner_id, role=role)) or ""

    def remove_signature(self) -> None:
        block = self._selected_block()
        status = self.status
        if block is None or status is None or status.document_id is None or block.signed_on is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove the signature?",
            f"Remove the signature of {_ROLE_WORDS.get(block.role, block.label)}? Do this only if it was recorded by "
            "mistake; the removal is kept in the audit log.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        document_id = status.document_id
        self.run(
            lambda uow: contracts.remove_signature(uow, document_id=document_id, role=block.role), commit=True
        )
        self.reload()

    def save_pdf(self, target: Path | None = None) -> Path | None:
        learner_id = self.learner_id
        if learner_id is None or not self.save_button.isEnabled():
            return None
        if not self._drawable_or_agreed(learner_id, printing=False):
            return None
        if target is None:
            version = self.status.plan_version if self.status else ""
            chosen = choose_export_file(
                self,
                "Save the contract of participation",
                Path.home() / f"contract-plan-v{version}.pdf",  # no name in the file name: it may be shared
                "PDF files (*.pdf)",
                suffix=".pdf",
                protected=vault_files(self.context),
            )
            if chosen is None:
                return None
            target = chosen.path
        saved = target
        result = self.run(
            lambda uow: contracts.export_contract(uow, learner_id=learner_id, target=saved), commit=True
        )
        if result is None:
            return None
        self.reload()
        window = self.window()
        status_bar = getattr(window, "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(
                f"Saved the contract as {result.path.name} (fingerprint {result.fingerprint}).", 8000
            )
        return result.path

    def print_contract(self, printer: QPrinter | None = None) -> bool:
        """Print the contract through the system print dialog (a test passes its own `printer`); the print
        is recorded in the audit log like a saved PDF. Whether it was printed."""
        learner_id = self.learner_id
        if learner_id is None or not self.print_button.isEnabled():
            return False
        if not self._drawable_or_agreed(learner_id, printing=True):
            return False
        chosen = printer or ask_for_printer(
            self, "Print the contract of participation", document_name="Contract of participation"
        )
        if chosen is None:
            return False
        outcome = self.operate(
            lambda uow: contracts.print_contract(
                uow, learner_id=learner_id, send=lambda data: print_pdf_bytes(chosen, data, uow=uow)
            )
        )
        if not outcome.ok:
            return False
        self.reload()
        status_bar = getattr(self.window(), "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(
                f"The contract was sent to the printer (fingerprint {outcome.value}).", 8000
            )
        return True

    def _drawable_or_agreed(self, learner_id: int, *, printing: bool) -> bool:
        """Whether every character can be drawn, or the person chose to go ahead without some."""
        missing = self.run(
            lambda uow: contracts.contract_unprintable(uow, learner_id=learner_id), commit=True
        )
        return missing is not None and go_ahead_without(
            self, missing, document="the contract", printing=printing
        )

    def check_printed_copy(self) -> None:
        printed, ok = QInputDialog.getText(
            self, "Check a printed copy", "Fingerprint at the foot of the page (for example 3F9A-21BC-77D0):"
        )
        if not ok or not printed.strip():
            return
        found = self.run(lambda uow: contracts.find_by_fingerprint(uow, printed=printed))
        if found is None:
            return
        QMessageBox.information(self, "Check a printed copy", describe_match(found, self.learner_id))


def describe_match(found: list[contracts.FoundDocument], learner_id: int | None) -> str:
    """What a fingerprint lookup means, in a sentence (names of other learners are not shown)."""
    if not found:
        return "No document in this vault has that fingerprint: the printed copy is not one TutorDesk stored here, or it was typed differently."
    mine = [f for f in found if f.learner_id == learner_id]
    if mine:
        match = mine[0]
        return f"The printed copy matches this learner's {match.title.lower()} ({match.reference.lower()}), made on {short_date(match.created_on)}."
    return (
        "The printed copy matches a document of another learner in this vault. Select that learner to see it."
    )
