"""The Mentoring tab: the selected learner's mentoring and coaching relationships, one at a time.

A header chooses the relationship, starts or edits one, sets its current phase and says how the
getting-started checklist stands; inner tabs hold the agreement, phases, contacts, targets, supervision,
documents and closure. Like the Plans tab, nothing here is built, imported or read from the vault until
the tab is first shown, and only the inner page on screen reads its records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tutordesk.ui.widgets.chooser_tab import ChooserTab, ChooserTexts
from tutordesk.ui.widgets.panel import Panel, PanelContext
from tutordesk.ui.widgets.panel_parts import AMBER

if TYPE_CHECKING:
    from tutordesk.services.mentoring.relationships import RelationshipInput, RelationshipView, SetupState
    from tutordesk.vault.unit_of_work import UnitOfWork

# Ctrl+Shift+N adds a stage on the Plans tab and Ctrl+N is a new learner; M is for "mentoring".
NEW_RELATIONSHIP_KEYS = "Ctrl+Shift+M"
PAGE_TITLES = ("Agreement", "Phases", "Contacts", "Targets", "Supervision", "Documents", "Closure")
TEXTS = ChooserTexts(
    name="mentoring",
    no_learner="Choose a learner on the Caseload tab to see their mentoring and coaching.",
    label="&Relationship",
    accessible_name="Relationship",
    chooser_name="mentoring_relationship",
    new_text="&New relationship…",
    new_name="mentoring_new",
    new_tip=f"Start a mentoring or coaching relationship ({NEW_RELATIONSHIP_KEYS})",
    edit_name="mentoring_edit",
    edit_tip="Change who mentors, how often you meet and the other details",
    new_keys=NEW_RELATIONSHIP_KEYS,
)


class MentoringTab(ChooserTab["RelationshipView"]):
    # Aliases the rest of TutorDesk and its tests know the chooser's parts by.
    choose_relationship = ChooserTab.choose
    new_relationship = ChooserTab.new_record
    edit_relationship = ChooserTab.edit_record

    def __init__(self, context: PanelContext) -> None:
        super().__init__(context, TEXTS)

    @property
    def relationships(self) -> list[RelationshipView]:
        return self.records

    @property
    def relationship(self) -> RelationshipView | None:
        return self.record

    @property
    def relationship_box(self) -> QComboBox:
        return self.chooser

    # --- building -------------------------------------------------------------------------------------

    def create_pages(self) -> list[tuple[str, Panel]]:
        from tutordesk.ui.mentoring.closure import ClosurePanel
        from tutordesk.ui.mentoring.contacts import ContactsPanel
        from tutordesk.ui.mentoring.documents import DocumentsPanel
        from tutordesk.ui.mentoring.phases import PhasesPanel
        from tutordesk.ui.mentoring.supervision import SupervisionPanel
        from tutordesk.ui.mentoring.targets import TargetsPanel
        from tutordesk.ui.mentoring.terms import TermsPanel

        kinds = (TermsPanel, PhasesPanel, ContactsPanel, TargetsPanel, SupervisionPanel, DocumentsPanel)
        panels = [kind(self.context) for kind in kinds] + [ClosurePanel(self.context)]
        return list(zip(PAGE_TITLES, panels, strict=True))

    def create_details(self, layout: QBoxLayout) -> None:
        """The phase chooser and how getting started stands, and a note while the relationship is closed."""
        from tutordesk.domain.mentoring_enums import Phase

        self.phase_box = QComboBox()
        self.phase_box.setObjectName("mentoring_phase")
        self.phase_box.setAccessibleName("Current phase")
        for phase in Phase:
            self.phase_box.addItem(f"{phase.number}. {phase.label}", phase.value)
        self.phase_box.setToolTip(
            "The phase the relationship is mostly in now. Phases can overlap; tick their checklists on the "
            "Phases page."
        )
        self.phase_box.activated.connect(self._phase_chosen)
        phase_label = QLabel("&Phase")
        phase_label.setBuddy(self.phase_box)
        self.setup_line = QLabel()
        self.setup_line.setObjectName("mentoring_setup")
        self.closed_note = QLabel()
        self.closed_note.setObjectName("mentoring_closed_note")
        self.closed_note.setWordWrap(True)
        self.closed_note.setStyleSheet("background:#eef1f5; color:#333; padding:4px 8px; border-radius:4px")
        second = QHBoxLayout()
        second.addWidget(phase_label)
        second.addWidget(self.phase_box)
        second.addSpacing(12)
        second.addWidget(self.setup_line, 1)
        layout.addLayout(second)
        layout.addWidget(self.closed_note)

    def create_widget(self) -> None:
        """The header and pages, and the page shown while the learner has no relationship yet."""
        super().create_widget()
        self.none_yet = QWidget()
        self.none_yet.setObjectName("mentoring_none_yet")
        self.none_text = none_text = QLabel(
            "This learner has no mentoring or coaching relationship yet.\n"
            "Start one when a mentor or coach has been matched with them."
        )
        none_text.setObjectName("mentoring_none_text")
        none_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        none_text.setWordWrap(True)
        self.start_button = QPushButton("&Start a mentoring or coaching relationship…")
        self.start_button.setObjectName("mentoring_start")
        self.start_button.setToolTip(f"Start a relationship ({NEW_RELATIONSHIP_KEYS})")
        self.start_button.clicked.connect(self.new_record)
        none_layout = QVBoxLayout(self.none_yet)
        none_layout.addStretch(1)
        none_layout.addWidget(none_text)
        none_layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        none_layout.addStretch(2)
        self.pages.addWidget(self.none_yet)

    # --- reading --------------------------------------------------------------------------------------

    def read_records(self, uow: UnitOfWork, learner_id: int) -> list[RelationshipView]:
        from tutordesk.services.mentoring import relationships as mentoring

        return mentoring.relationships(uow, learner_id=learner_id)

    def read_details(self, uow: UnitOfWork, record: RelationshipView | None) -> SetupState | None:
        """How the chosen relationship's getting-started checklist stands."""
        from tutordesk.services.mentoring import relationships as mentoring

        if record is None:
            return None
        return mentoring.setup_state(uow, relationship_id=record.id, today=self.context.today())

    def record_text(self, record: RelationshipView) -> str:
        from tutordesk.domain.mentoring_enums import RelationshipStatus

        return f"{record.title} — {RelationshipStatus(record.status).label.lower()}"

    def record_editable(self, record: RelationshipView) -> bool:
        return record.active  # a closed relationship is reopened on the Closure page first

    def content_page(self) -> QWidget:
        return self.content if self.record is not None else self.none_yet

    def show_details(self, details: SetupState | None) -> None:
        from tutordesk.domain.dates import long_date

        self.start_button.setEnabled(not self.context.read_only)
        relationship, setup = self.record, details
        if relationship is None:
            return
        editable = relationship.active and not self.context.read_only
        self.phase_box.setCurrentIndex(self.phase_box.findData(relationship.phase))
        self.phase_box.setEnabled(editable)
        closure = relationship.closure
        self.closed_note.setVisible(not relationship.active)
        if closure is not None:
            self.closed_note.setText(
                f"Closed on {long_date(closure.closed_on)} — reopen it on the Closure page to change anything."
            )
        elif not relationship.active:
            self.closed_note.setText("Closed — reopen it on the Closure page to change anything.")
        self.setup_line.setText(setup_text(setup, active=relationship.active) if setup is not None else "")
        self.setup_line.setStyleSheet(f"color:{AMBER}" if setup is not None and setup.overdue else "")

    def show_page(self, index: int, panel: Panel, learner_id: int | None) -> None:
        relationship = self.record if learner_id is not None else None
        panel.show_relationship(learner_id, relationship)  # type: ignore[attr-defined]

    # --- actions --------------------------------------------------------------------------------------

    def set_phase(self, phase: str) -> None:
        """Record the phase the relationship is mostly in now (the header's Phase chooser)."""
        relationship = self.record
        if relationship is None or not self.phase_box.isEnabled() or phase == relationship.phase:
            return
        from tutordesk.services.mentoring import relationships as mentoring

        def save(uow: UnitOfWork) -> bool:
            mentoring.set_phase(uow, relationship_id=relationship.id, phase=phase)
            return True

        saved = self._run(save, commit=True)
        self._refresh(panels=True)
        if saved:
            self.changed.emit()

    def _phase_chosen(self, index: int) -> None:
        self.set_phase(str(self.phase_box.itemData(index)))

    def create_dialog(
        self,
        record: RelationshipView | None,
        on_save: Callable[[RelationshipInput], bool],
        on_delete: Callable[[], bool] | None,
    ) -> QDialog:
        from tutordesk.ui.mentoring.relationship_dialog import RelationshipDialog

        return RelationshipDialog(
            record, today=self.context.today(), on_save=on_save, on_delete=on_delete, parent=self
        )

    def write_record(
        self, uow: UnitOfWork, learner_id: int, record_id: int | None, value: RelationshipInput
    ) -> int:
        from tutordesk.services.mentoring import relationships as mentoring

        if record_id is None:
            return mentoring.create_relationship(uow, learner_id=learner_id, data=value)
        mentoring.update_relationship(uow, relationship_id=record_id, data=value)
        return record_id

    def delete_record(self, uow: UnitOfWork, record_id: int) -> None:
        from tutordesk.services.mentoring import relationships as mentoring

        mentoring.delete_relationship(uow, relationship_id=record_id)

    def forget_on_pages(self, learner_id: int, record_id: int) -> None:
        from tutordesk.ui.mentoring.panel import RelationshipPanel

        for panel in self.panels:
            if isinstance(panel, RelationshipPanel) and panel.relationship_id == record_id:
                panel.relationship = None
                panel.show_relationship(learner_id, None)


def setup_text(setup: SetupState, *, active: bool) -> str:
    """How the getting-started checklist stands: "Getting started: 5 of 8 done — due 14 October 2026"."""
    from tutordesk.domain.dates import long_date

    progress = setup.progress
    if progress.finished:
        return f"Getting started: all {progress.total} done"
    text = f"Getting started: {progress.label}"
    if not active:
        return text
    if setup.overdue:
        return f"{text} — it was due on {long_date(setup.due_on)}"
    return f"{text} — due {long_date(setup.due_on)}"
