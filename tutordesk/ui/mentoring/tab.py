"""The Mentoring tab: the selected learner's mentoring and coaching relationships, one at a time.

A header chooses the relationship, starts or edits one, sets its current phase and says how the
getting-started checklist stands; inner tabs hold the agreement, phases, contacts, targets, supervision,
documents and closure. Like the Plans tab, nothing here is built, imported or read from the vault until
the tab is first shown, and only the inner page on screen reads its records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.services.caseload.rows import CaseloadRow
from tutordesk.ui.widgets.chooser_tab import ChooserTab
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.panel_parts import AMBER

if TYPE_CHECKING:
    from tutordesk.services.mentoring.relationships import RelationshipInput, RelationshipView, SetupState
    from tutordesk.ui.mentoring.panel import RelationshipPanel
    from tutordesk.ui.mentoring.relationship_dialog import RelationshipDialog
    from tutordesk.vault.unit_of_work import UnitOfWork

T = TypeVar("T")

# Ctrl+Shift+N adds a stage on the Plans tab and Ctrl+N is a new learner; M is for "mentoring".
NEW_RELATIONSHIP_KEYS = "Ctrl+Shift+M"
PAGE_TITLES = ("Agreement", "Phases", "Contacts", "Targets", "Supervision", "Documents", "Closure")


class MentoringTab(ChooserTab):
    def __init__(self, context: PanelContext) -> None:
        super().__init__(
            context,
            name="mentoring",
            no_learner_text="Choose a learner on the Caseload tab to see their mentoring and coaching.",
        )
        self.relationships: list[RelationshipView] = []
        self.relationship: RelationshipView | None = None
        self.panels: list[RelationshipPanel] = []  # built the first time the tab is shown (see `_build`)
        self.dialog: RelationshipDialog | None = None  # the new/edit dialog while it is open

    # --- the window's API -----------------------------------------------------------------------------

    def show_learner(self, row: CaseloadRow | None) -> None:
        """Show `row`'s relationships (None: nobody selected, or locking: forget what was shown)."""
        if row is not None and self.row is not None and row.id == self.row.id and not self._header_stale:
            self.row = row
            return
        if self.row is not None and (row is None or row.id != self.row.id):
            self.save_pending()  # typing for the learner being left is kept, not dropped
        self.row = row
        if row is None:
            self.relationships, self.relationship = [], None
            self._header_stale = False
            self._stale.clear()
            for panel in self.panels:
                panel.show_relationship(None, None)
            if self._built:
                self.relationship_box.clear()
            self.pages.setCurrentWidget(self.no_learner)
            return
        self._header_stale = True
        if self.isVisible():
            self._refresh(panels=True)

    # --- building -------------------------------------------------------------------------------------

    def _build(self) -> None:
        """Make the header and pages on first sight: the mentoring modules stay out of start-up."""
        if self._built:
            return
        self._built = True
        from tutordesk.domain.mentoring_enums import Phase
        from tutordesk.ui.mentoring.closure import ClosurePanel
        from tutordesk.ui.mentoring.contacts import ContactsPanel
        from tutordesk.ui.mentoring.documents import DocumentsPanel
        from tutordesk.ui.mentoring.phases import PhasesPanel
        from tutordesk.ui.mentoring.supervision import SupervisionPanel
        from tutordesk.ui.mentoring.targets import TargetsPanel
        from tutordesk.ui.mentoring.terms import TermsPanel

        self.relationship_box = QComboBox()
        self.relationship_box.setObjectName("mentoring_relationship")
        self.relationship_box.setAccessibleName("Relationship")
        self.relationship_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.relationship_box.setMinimumWidth(320)
        self.relationship_box.activated.connect(self._relationship_chosen)
        chooser_label = QLabel("&Relationship")
        chooser_label.setBuddy(self.relationship_box)
        self.new_button = QPushButton("&New relationship…")
        self.new_button.setObjectName("mentoring_new")
        self.new_button.setToolTip(f"Start a mentoring or coaching relationship ({NEW_RELATIONSHIP_KEYS})")
        self.new_button.clicked.connect(self.new_relationship)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("mentoring_edit")
        self.edit_button.setToolTip("Change who mentors, how often you meet and the other details")
        self.edit_button.clicked.connect(self.edit_relationship)
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

        top = QHBoxLayout()
        top.addWidget(chooser_label)
        top.addWidget(self.relationship_box)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(phase_label)
        second.addWidget(self.phase_box)
        second.addSpacing(12)
        second.addWidget(self.setup_line, 1)
        self.inner = QTabWidget()
        self.inner.setObjectName("mentoring_inner_tabs")
        self.inner.setDocumentMode(True)
        kinds = (TermsPanel, PhasesPanel, ContactsPanel, TargetsPanel, SupervisionPanel, DocumentsPanel)
        self.panels = [kind(self.context) for kind in kinds] + [ClosurePanel(self.context)]
        for title, panel in zip(PAGE_TITLES, self.panels, strict=True):
            self.inner.addTab(panel, title)
            panel.changed.connect(self._panel_changed)
        self.inner.currentChanged.connect(self._load_current)
        self.content = QWidget()
        self.content.setObjectName("mentoring_content")
        content_layout = QVBoxLayout(self.content)
        content_layout.addLayout(top)
        content_layout.addLayout(second)
        content_layout.addWidget(self.closed_note)
        content_layout.addWidget(self.inner, 1)

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
        self.start_button.clicked.connect(self.new_relationship)
        none_layout = QVBoxLayout(self.none_yet)
        none_layout.addStretch(1)
        none_layout.addWidget(none_text)
        none_layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        none_layout.addStretch(2)
        self.pages.addWidget(self.content)
        self.pages.addWidget(self.none_yet)
        shortcut = QShortcut(QKeySequence(NEW_RELATIONSHIP_KEYS), self, activated=self.new_relationship)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- reading --------------------------------------------------------------------------------------

    def _refresh(self, *, panels: bool, sender: object = None) -> None:
        """Read the learner's relationships and the chosen one's setup; redraw the header.

        With `panels`, or when the chosen relationship changed, every page shows it afresh (the one on
        screen now, the others when opened); `sender`, a page that has just saved, is left as it is unless
        the relationship itself changed under it (closed or reopened, say).
        """
        learner_id = self.learner_id
        if learner_id is None or not self._built:
            return
        from tutordesk.services.mentoring import relationships as mentoring

        today = self.context.today()
        wanted = self._chosen.get(learner_id)

        def read(uow: UnitOfWork) -> tuple[list[RelationshipView], SetupState | None]:
            views = mentoring.relationships(uow, learner_id)
            chosen = next((v for v in views if v.id == wanted), views[0] if views else None)
            setup = mentoring.setup_state(uow, chosen.id, today=today) if chosen is not None else None
            return views, setup

        found = self._run(read)
        if found is None:
            return
        self._header_stale = False
        views, setup = found
        previous = self.relationship
        self.relationships = views
        self.relationship = next((v for v in views if v.id == wanted), views[0] if views else None)
        if self.relationship is not None:
            self._chosen[learner_id] = self.relationship.id
        self._show_header(setup)
        moved = self.relationship != previous
        if panels or moved:
            self._stale = set(range(len(self.panels)))
        else:
            self._stale |= {i for i, panel in enumerate(self.panels) if panel is not sender}
        if moved and sender is not None and sender in self.panels:
            self._stale.discard(self.panels.index(sender))  # type: ignore[arg-type]
            sender.show_relationship(learner_id, self.relationship)  # type: ignore[attr-defined]
        self._load_current()

    def _show_header(self, setup: SetupState | None) -> None:
        from tutordesk.domain.dates import long_date
        from tutordesk.domain.mentoring_enums import RelationshipStatus

        relationship = self.relationship
        self.pages.setCurrentWidget(self.content if relationship is not None else self.none_yet)
        writable = not self.context.read_only
        self.new_button.setEnabled(writable)
        self.start_button.setEnabled(writable)
        box = self.relationship_box
        box.blockSignals(True)
        box.clear()
        for view in self.relationships:
            box.addItem(f"{view.title} — {RelationshipStatus(view.status).label.lower()}", view.id)
        box.setCurrentIndex(box.findData(relationship.id) if relationship is not None else -1)
        box.blockSignals(False)
        if relationship is None:
            return
        editable = relationship.active and writable
        self.edit_button.setEnabled(editable)
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

    def _load_current(self, *_: object) -> None:
        if not self._built:
            return
        index = self.inner.currentIndex()
        if index in self._stale and self.learner_id is not None and self.relationship is not None:
            self._stale.discard(index)
            self.panels[index].show_relationship(self.learner_id, self.relationship)

    # --- actions --------------------------------------------------------------------------------------

    def choose_relationship(self, relationship_id: int) -> None:
        """Show another of the learner's relationships, and remember the choice for this learner."""
        learner_id = self.learner_id
        if learner_id is None or (self.relationship is not None and self.relationship.id == relationship_id):
            return
        self.save_pending()
        self._chosen[learner_id] = relationship_id
        self._refresh(panels=True)

    def _relationship_chosen(self, index: int) -> None:
        relationship_id = self.relationship_box.itemData(index)
        if relationship_id is not None:
            self.choose_relationship(int(relationship_id))

    def set_phase(self, phase: str) -> None:
        """Record the phase the relationship is mostly in now (the header's Phase chooser)."""
        relationship = self.relationship
        if relationship is None or not self.phase_box.isEnabled() or phase == relationship.phase:
            return
        from tutordesk.services.mentoring import relationships as mentoring

        def save(uow: UnitOfWork) -> bool:
            mentoring.set_phase(uow, relationship.id, phase)
            return True

        saved = self._run(save, commit=True)
        self._refresh(panels=True)
        if saved:
            self.changed.emit()

    def _phase_chosen(self, index: int) -> None:
        self.set_phase(str(self.phase_box.itemData(index)))

    def new_relationship(self) -> None:
        if self.row is None or not self._built or self.context.read_only or self.dialog is not None:
            return
        self._open(None)

    def edit_relationship(self) -> None:
        if self.relationship is None or not self.edit_button.isEnabled() or self.dialog is not None:
            return
        self._open(self.relationship)

    def _open(self, relationship: RelationshipView | None) -> None:
        from tutordesk.ui.mentoring.relationship_dialog import RelationshipDialog

        relationship_id = relationship.id if relationship is not None else None
        dialog = RelationshipDialog(
            relationship,
            today=self.context.today(),
            on_save=lambda value: self._save(value, relationship_id),
            on_delete=(lambda: self._delete(relationship_id)) if relationship_id is not None else None,
            parent=self,
        )
        self._open_dialog(dialog)

    def _save(self, value: RelationshipInput, relationship_id: int | None) -> bool:
        learner_id = self.learner_id
        if learner_id is None:
            return False
        from tutordesk.services.mentoring import relationships as mentoring

        def save(uow: UnitOfWork) -> int:
            if relationship_id is None:
                return mentoring.create_relationship(uow, learner_id, value)
            mentoring.update_relationship(uow, relationship_id, value)
            return relationship_id

        saved = self._run(save, commit=True)
        if saved is None:
            return False
        self.save_pending()  # an agreement being typed for the relationship left behind is kept
        self._chosen[learner_id] = saved
        self._refresh(panels=True)
        self.changed.emit()
        return True

    def _delete(self, relationship_id: int) -> bool:
        learner_id = self.learner_id
        if learner_id is None:
            return False
        from tutordesk.services.mentoring import relationships as mentoring

        for panel in self.panels:
            if panel.relationship_id == relationship_id:
                # Forgotten first, so words typed for it are dropped with it rather than saved on the way out.
                panel.relationship = None
                panel.show_relationship(learner_id, None)

        def delete(uow: UnitOfWork) -> bool:
            mentoring.delete_relationship(uow, relationship_id)
            return True

        if not self._run(delete, commit=True):
            self._refresh(panels=True)
            return False
        self._chosen.pop(learner_id, None)
        self._refresh(panels=True)
        self.changed.emit()
        return True


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
