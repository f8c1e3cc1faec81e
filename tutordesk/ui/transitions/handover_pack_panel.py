"""The Handover pack page of the Transitions tab: who the pack is for, what goes in it (sensitive fields
only when ticked one by one), the young person's agreement behind a receiving-setting copy, a preview of
exactly the pages that will leave, and saving it as a PDF (encrypted, with a password shown once).

The rules — what needs agreement, what a pack holds, how it is written and recorded — live in
`services.handover`; this page offers the choice, shows the reason when the service refuses, and never
writes anything but the finished file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import long_date
from tutordesk.domain.transition_enums import Audience
from tutordesk.services.transitions import handover, handover_print
from tutordesk.services.transitions import moves as transitions
from tutordesk.services.transitions.handover import ConsentInput, ConsentView, PackChoice, PackExport
from tutordesk.ui.transitions.handover_consent_dialog import (
    ConsentDialog,
    PasswordDialog,
    SectionChecks,
    WithdrawDialog,
    giver_text,
)
from tutordesk.ui.widgets.dialogs import RecordDialog
from tutordesk.ui.widgets.panel import Panel, PanelContext, vault_files
from tutordesk.ui.widgets.panel_parts import READ_ONLY_NOTE
from tutordesk.ui.widgets.pdf_preview import PdfPreview
from tutordesk.ui.widgets.printing import ask_for_printer, go_ahead_without, print_pdf_bytes
from tutordesk.ui.widgets.save_dialog import choose_export_file

NOBODY = "Choose a learner in the caseload to prepare their handover pack."
NO_AGREEMENT = "No agreement to share recorded."
NEEDS_AGREEMENT = (
    "There is no agreement in force to share a pack with the receiving setting. Go through the pack with "
    "the young person and record what they agree to share first (“Record agreement…”)."
)
NOT_PREVIEWED = "Press “Preview” to see exactly the pages that will leave, page by page."
STALE = "The choice has changed. Press “Preview” to see the pages again."
FILE_NAMES = {  # no names in file names: the file travels
    Audience.LEARNER.value: "handover-pack-own-copy.pdf",
    Audience.RECEIVING.value: "handover-pack-for-new-setting.pdf",
}


class HandoverPackPanel(Panel):
    """Prepare, preview and save one learner's handover pack."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("handover_pack_panel")
        self.dialog: RecordDialog | None = None  # the agreement dialog while it is open
        self.consent: ConsentView | None = None
        self.moves: list[transitions.TransitionView] = []
        self._move_id: int | None = None  # the move the pack is for (from the service's default)
        self.sections = handover.pack_sections()
        self._filling = False
        self._shown: tuple[int | None, str, int | None] | None = None  # whose pack, for whom, which agreement

        self.for_learner = QRadioButton("The &young person's own copy (the usual choice)")
        self.for_learner.setObjectName("audience_learner")
        self.for_learner.setToolTip("Everything about them that is theirs, for them to keep")
        self.for_receiving = QRadioButton("The receiving se&tting")
        self.for_receiving.setObjectName("audience_receiving")
        self.for_receiving.setToolTip("Only the parts the young person agreed to share")
        self._audiences = QButtonGroup(self)
        self._audiences.addButton(self.for_learner)
        self._audiences.addButton(self.for_receiving)
        self.for_learner.setChecked(True)
        self.for_receiving.toggled.connect(lambda _on: self._audience_changed())
        audience_box = QGroupBox("Who is the pack for?")
        audience_column = QVBoxLayout(audience_box)
        audience_column.addWidget(self.for_learner)
        audience_column.addWidget(self.for_receiving)

        self.consent_text = QLabel()
        self.consent_text.setObjectName("consent_state")
        self.consent_text.setWordWrap(True)
        self.consent_text.setTextFormat(Qt.TextFormat.PlainText)
        self.record_button = QPushButton("&Record agreement…")
        self.record_button.setObjectName("record_consent")
        self.record_button.setToolTip("Record what the young person agreed the new setting may see")
        self.withdraw_button = QPushButton("With&draw…")
        self.withdraw_button.setObjectName("withdraw_consent")
        self.withdraw_button.setToolTip(
            "The young person (or their parent or carer) took their agreement back"
        )
        consent_buttons = QHBoxLayout()
        for button in (self.record_button, self.withdraw_button):
            button.setAutoDefault(False)
            consent_buttons.addWidget(button)
        consent_buttons.addStretch(1)
        self.record_button.clicked.connect(self.record_agreement)
        self.withdraw_button.clicked.connect(self.withdraw_agreement)
        self.consent_box = QGroupBox("The young person's agreement to share")
        self.consent_box.setObjectName("consent_box")
        consent_column = QVBoxLayout(self.consent_box)
        consent_column.addWidget(self.consent_text)
        consent_column.addLayout(consent_buttons)

        self.checks = SectionChecks(self.sections)
        for box in (*self.checks.sections.values(), *self.checks.fields.values()):
            box.toggled.connect(lambda _on: self._choice_changed())
        sections_box = QGroupBox("What goes in")
        sections_column = QVBoxLayout(sections_box)
        hint = QLabel("Sensitive fields are left out unless chosen one by one.")
        hint.setWordWrap(True)
        sections_column.addWidget(hint)
        sections_column.addWidget(self.checks)

        self.encrypt = QCheckBox("En&crypt the file with a password (AES-256)")
        self.encrypt.setObjectName("encrypt")
        self.encrypt.setToolTip("Anyone opening the file will need the password, which TutorDesk shows once")
        self.preview_button = QPushButton("Prev&iew")
        self.preview_button.setObjectName("preview")
        self.preview_button.setToolTip("Show the pages exactly as they will leave")
        self.save_button = QPushButton("&Save pack as PDF…")
        self.save_button.setObjectName("save_pack")
        self.print_button = QPushButton("Print…")  # Ctrl+P; every letter of it is taken on this page
        self.print_button.setObjectName("print_pack")
        self.print_button.setToolTip("Print the pack, the same pages as the preview (Ctrl+P)")
        for button in (self.preview_button, self.save_button, self.print_button):
            button.setAutoDefault(False)
        self.preview_button.clicked.connect(lambda: self.show_preview())
        self.save_button.clicked.connect(lambda: self.save_pack())
        self.print_button.clicked.connect(lambda: self.print_pack())
        print_shortcut = QShortcut(QKeySequence.StandardKey.Print, self)
        print_shortcut.activated.connect(lambda: self.print_pack())
        print_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        actions = QHBoxLayout()
        actions.addWidget(self.preview_button)
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)
        actions.addStretch(1)

        self.read_only_note = QLabel(READ_ONLY_NOTE)
        self.read_only_note.setObjectName("read_only_note")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()
        controls = QWidget()
        column = QVBoxLayout(controls)
        column.addWidget(self.read_only_note)
        column.addWidget(audience_box)
        column.addWidget(self.consent_box)
        column.addWidget(sections_box)
        column.addWidget(self.encrypt)
        column.addLayout(actions)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(controls)

        self.preview = PdfPreview()
        self.preview.clear(NOT_PREVIEWED)
        preview_box = QGroupBox("Preview: the pages that will leave")
        QVBoxLayout(preview_box).addWidget(self.preview)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(preview_box)
        split.setSizes([460, 700])
        self.nobody = QLabel(NOBODY)
        self.nobody.setObjectName("pack_nobody")
        self.nobody.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.nobody)
        self.stack.addWidget(split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.reload()

    # --- reading ------------------------------------------------------------------------------------------

    @property
    def audience(self) -> str:
        return (Audience.RECEIVING if self.for_receiving.isChecked() else Audience.LEARNER).value

    def set_audience(self, audience: str) -> None:
        (self.for_receiving if audience == Audience.RECEIVING else self.for_learner).setChecked(True)

    def load(self, learner_id: int | None) -> None:
        if learner_id != self.learner_id:
            self._filling = True  # the load below redraws once
            self.for_learner.setChecked(True)  # each learner starts from their own copy
            self._filling = False
        super().load(learner_id)

    def reload(self) -> None:
        learner_id, audience = self.learner_id, self.audience
        self.stack.setCurrentIndex(0 if learner_id is None else 1)
        found = None
        if learner_id is not None:
            found = self.run(
                lambda uow: (
                    handover.consent_in_force(uow, learner_id=learner_id),
                    handover.default_choice(uow, learner_id=learner_id, audience=audience),
                    transitions.transitions(uow, learner_id=learner_id),
                )
            )
        if found is None:
            self.consent, self.moves, self._move_id = None, [], None
            default = PackChoice(audience, frozenset(), frozenset())
        else:
            self.consent, default, self.moves = found
            self._move_id = default.transition_id
        shown = (learner_id, audience, self.consent.id if self.consent else None)
        # A redraw asked from elsewhere (after a save, say) keeps what the tutor ticked.
        keep = shown == self._shown
        self._shown = shown
        self._show_choice(default, keep=keep)

    def _show_choice(self, default: PackChoice, *, keep: bool = False) -> None:
        receiving = default.audience == Audience.RECEIVING
        sections, fields = self.checks.chosen_sections(), self.checks.chosen_fields()
        self._filling = True
        try:
            if receiving:
                agreed = self.consent
                self.checks.limit_to(
                    agreed.sections if agreed else (), agreed.sensitive_fields if agreed else ()
                )
            else:
                self.checks.limit_to(None, None)
            if keep:
                self.checks.set_chosen(sections, fields)
            else:
                # Sensitive fields start unticked for either copy: each is chosen one by one.
                self.checks.set_chosen(default.sections, ())
                self.encrypt.setChecked(receiving)
        finally:
            self._filling = False
        self.consent_box.setVisible(receiving)
        self.consent_text.setText(self._consent_words())
        if not keep:
            self.preview.clear(NOT_PREVIEWED)
        self._update_enabled()

    def _consent_words(self) -> str:
        consent = self.consent
        if consent is None:
            return NO_AGREEMENT
        titles = {s.id: s.title for s in self.sections}
        labels = {key: label for s in self.sections for key, label in s.sensitive_fields}
        shared = ", ".join(titles.get(s, s) for s in consent.sections) or "nothing"
        text = f"Agreed by {giver_text(consent)} on {long_date(consent.given_on)} to share: {shared}."
        if consent.sensitive_fields:
            fields = ", ".join(labels.get(k, k) for k in consent.sensitive_fields)
            text += f"\nSensitive fields agreed one by one: {fields}."
        if consent.transition_id is not None:
            move = next((m for m in self.moves if m.id == consent.transition_id), None)
            if move is not None:
                text += f"\nFor the move: {move.title}."
        return text

    def _update_enabled(self) -> None:
        has_learner = self.learner_id is not None
        writable = has_learner and not self.context.read_only
        self.read_only_note.setVisible(has_learner and self.context.read_only)
        self.record_button.setEnabled(writable)
        self.withdraw_button.setEnabled(writable and self.consent is not None)
        can_make = has_learner and bool(self.checks.chosen_sections())
        self.preview_button.setEnabled(can_make)
        self.save_button.setEnabled(writable)  # a refusal is explained when pressed, not hidden
        self.print_button.setEnabled(writable)  # as Save: a refusal is explained when pressed

    # --- the choice ---------------------------------------------------------------------------------------

    def choice(self) -> PackChoice:
        return PackChoice(
            self.audience,
            frozenset(self.checks.chosen_sections()),
            frozenset(self.checks.chosen_fields()),
            self._move_id,
        )

    def _audience_changed(self) -> None:
        if not self._filling:
            self.reload()

    def _choice_changed(self) -> None:
        if self._filling:
            return
        self.preview.clear(STALE)
        self._update_enabled()

    def _refusal(self) -> str | None:
        """Why nothing can be made for the receiving setting before the service is even asked."""
        if self.audience == Audience.RECEIVING and self.consent is None:
            return NEEDS_AGREEMENT
        return None

    # --- preview and save ---------------------------------------------------------------------------------

    def show_preview(self) -> int:
        """Render the pack in memory and show it; returns the number of pages shown (0 when refused)."""
        learner_id = self.learner_id
        if learner_id is None:
            return 0
        refusal = self._refusal()
        if refusal is not None:
            QMessageBox.warning(self, "TutorDesk", refusal)
            return 0
        choice, today = self.choice(), self.context.today()
        data = self.run(lambda uow: handover.pack_pdf(uow, learner_id=learner_id, choice=choice, today=today))
        if data is None:
            return 0
        return self.preview.set_pdf(data)

    def save_pack(self, target: Path | None = None, *, encrypt: bool | None = None) -> PackExport | None:
        """Save the pack as chosen (asks where when `target` is None); returns what was written, or None."""
        learner_id = self.learner_id
        if learner_id is None or self.context.read_only:
            return None
        refusal = self._refusal()
        if refusal is not None:
            QMessageBox.warning(self, "TutorDesk", refusal)
            return None
        if not self._drawable_or_agreed(printing=False):
            return None
        if target is None:
            chosen = choose_export_file(
                self,
                "Save the handover pack",
                Path.home() / FILE_NAMES[self.audience],
                "PDF files (*.pdf)",
                suffix=".pdf",
                protected=vault_files(self.context),
            )
            if chosen is None:
                return None
            target = chosen.path
        locked = self.encrypt.isChecked() if encrypt is None else encrypt
        choice, today, where = self.choice(), self.context.today(), target
        result = self.run(
            lambda uow: handover.export_pack(
                uow, learner_id=learner_id, choice=choice, target=where, today=today, encrypt=locked
            ),
            commit=True,
        )
        if result is None:
            return None
        if result.password:
            PasswordDialog(result.password, self).exec()
        self._report(result)
        return result

    def print_pack(self, printer: QPrinter | None = None) -> bool:
        """Print the pack as chosen through the system print dialog (a test passes its own `printer`); the
        print is recorded as a disclosure. Whether it was printed."""
        learner_id = self.learner_id
        if learner_id is None or not self.print_button.isEnabled():
            return False
        refusal = self._refusal()
        if refusal is not None:
            QMessageBox.warning(self, "TutorDesk", refusal)
            return False
        if not self._drawable_or_agreed(printing=True):
            return False
        chosen = printer or ask_for_printer(self, "Print the handover pack", document_name="Handover pack")
        if chosen is None:
            return False
        choice, today = self.choice(), self.context.today()
        outcome = self.operate(
            lambda uow: handover_print.print_pack(
                uow,
                learner_id=learner_id,
                choice=choice,
                today=today,
                send=lambda data: print_pdf_bytes(chosen, data, uow=uow),
            )
        )
        if not outcome.ok:
            return False
        status_bar = getattr(self.window(), "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(
                f"The handover pack was sent to the printer (fingerprint {outcome.value}).", 10000
            )
        return True

    def _report(self, result: PackExport) -> None:
        note = f"Saved the handover pack as {result.path.name} (fingerprint {result.fingerprint})."
        status_bar = getattr(self.window(), "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(note, 10000)

    def _drawable_or_agreed(self, *, printing: bool) -> bool:
        """Whether every character of the pack as chosen can be drawn, or the person chose to go ahead."""
        learner_id, choice, today = self.learner_id, self.choice(), self.context.today()
        if learner_id is None:
            return False
        missing = self.run(
            lambda uow: handover.pack_unprintable(uow, learner_id=learner_id, choice=choice, today=today)
        )
        return missing is not None and go_ahead_without(
            self, missing, document="the handover pack", printing=printing
        )

    # --- the agreement ------------------------------------------------------------------------------------

    def record_agreement(self) -> None:
        """Open the dialog to record what the young person agreed to share."""
        learner_id = self.learner_id
        if learner_id is None or self.context.read_only:
            return

        def on_save(value: ConsentInput) -> bool:
            saved = self.run(
                lambda uow: handover.record_consent(uow, learner_id=learner_id, data=value), commit=True
            )
            if saved is None:
                return False
            if self.audience == Audience.RECEIVING:
                self.reload()
            else:
                self.set_audience(Audience.RECEIVING)  # which reloads
            return True

        self._open(
            ConsentDialog(
                sections=self.sections,
                moves=self.moves,
                move_id=self._move_id,
                today=self.context.today(),
                on_save=on_save,
                parent=self,
            )
        )

    def withdraw_agreement(self) -> None:
        consent = self.consent
        if consent is None or self.context.read_only:
            return

        def on_save(on: date) -> bool:
            if not self.operate(lambda uow: handover.withdraw_consent(uow, consent_id=consent.id, on=on)):
                return False
            self.reload()
            return True

        self._open(WithdrawDialog(consent=consent, today=self.context.today(), on_save=on_save, parent=self))

    def _open(self, dialog: RecordDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
