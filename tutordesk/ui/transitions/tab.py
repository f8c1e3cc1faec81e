"""The Transitions tab: the selected learner's moves to another setting and what travels with them.

A header chooses the move, plans a new one or edits it, and sums it up in one line; inner pages hold the
move itself (checklist and warm handover), settling in, the profile, the travel plan, the handover pack and
the disclosures. Move-level pages (`TransitionPanel`) show the chosen move; learner-level pages work with
no move at all, so a profile can be written long before a move is planned. Like the Plans tab, nothing here
is built, imported or read from the vault until the tab is first shown, and only the page on screen reads.
"""

from __future__ import annotations

from collections.abc import Callable
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
from tutordesk.ui.widgets.panel import Panel, PanelContext

if TYPE_CHECKING:
    from datetime import date

    from tutordesk.services.transitions.moves import TransitionInput, TransitionView
    from tutordesk.ui.transitions.move_dialogs import TransitionDialog
    from tutordesk.vault.unit_of_work import UnitOfWork

T = TypeVar("T")
BuildPanels = Callable[[PanelContext], list[tuple[str, Panel]]]

# Ctrl+N is a new learner, Ctrl+Shift+N a new stage, Ctrl+Shift+M a new relationship: T is for "transition".
NEW_TRANSITION_KEYS = "Ctrl+Shift+T"
PAGE_TITLES = ("The move", "Settling in", "Profile", "Travel plan", "Handover pack", "Disclosures")


def default_panels(context: PanelContext) -> list[tuple[str, Panel]]:
    """The real pages, imported only now: the transition modules stay out of start-up."""
    from tutordesk.ui.transitions.disclosures_panel import DisclosuresPanel
    from tutordesk.ui.transitions.handover_pack_panel import HandoverPackPanel
    from tutordesk.ui.transitions.move import MovePanel
    from tutordesk.ui.transitions.profile import ProfilePanel
    from tutordesk.ui.transitions.settling import SettlingInPanel
    from tutordesk.ui.transitions.travel import TravelPlanPanel

    kinds: tuple[type[Panel], ...] = (
        MovePanel,
        SettlingInPanel,
        ProfilePanel,
        TravelPlanPanel,
        HandoverPackPanel,
        DisclosuresPanel,
    )
    return [(title, kind(context)) for title, kind in zip(PAGE_TITLES, kinds, strict=True)]


def summary_text(view: TransitionView, today: date) -> str:
    """The chosen move in one line: "Mid-term move · Before the move · first day 6 Jan · contact: …"."""
    from tutordesk.domain.dates import short_date
    from tutordesk.domain.transition_enums import TransitionKind, TransitionPhase, TransitionStatus

    parts = [TransitionKind(view.kind).label]
    if not view.active:
        parts.append(TransitionStatus(view.status).label)
    parts.append(TransitionPhase(view.phase).label)
    parts.append(
        f"first day {short_date(view.starts_on, today=today)}" if view.starts_on else "first day not set yet"
    )
    if view.receiving_contact_name:
        role = f" ({view.receiving_contact_role})" if view.receiving_contact_role else ""
        parts.append(f"contact: {view.receiving_contact_name}{role}")
    else:
        parts.append("no named contact yet")
    return " · ".join(parts)


class TransitionsTab(ChooserTab):
    def __init__(self, context: PanelContext, build_panels: BuildPanels | None = None) -> None:
        super().__init__(
            context,
            name="transitions",
            no_learner_text="Choose a learner on the Caseload tab to see their moves and handover.",
        )
        self._build_panels: BuildPanels = build_panels or default_panels
        self.transitions: list[TransitionView] = []
        self.transition: TransitionView | None = None
        self.panels: list[Panel] = []  # built the first time the tab is shown (see `_build`)
        self.dialog: TransitionDialog | None = None  # the new/edit dialog while it is open
        self._move_pages: set[int] = set()  # indexes of the pages that show one move (TransitionPanel)

    # --- the window's API -----------------------------------------------------------------------------

    def show_learner(self, row: CaseloadRow | None) -> None:
        """Show `row`'s moves (None: nobody selected, or locking: forget what was shown)."""
        if row is not None and self.row is not None and row.id == self.row.id and not self._header_stale:
            self.row = row
            return
        if self.row is not None and (row is None or row.id != self.row.id):
            self.save_pending()  # typing for the learner being left is kept, not dropped
            if self.dialog is not None:
                self.dialog.done(0)
        self.row = row
        if row is None:
            self.transitions, self.transition = [], None
            self._header_stale = False
            self._stale.clear()
            for index, panel in enumerate(self.panels):
                self._show_page(index, panel, None)
            if self._built:
                self.transition_box.clear()
                self.summary.clear()
            self.pages.setCurrentWidget(self.no_learner)
            return
        self._header_stale = True
        if self.isVisible():
            self._refresh(panels=True)

    # --- building -------------------------------------------------------------------------------------

    def _build(self) -> None:
        """Make the header and pages on first sight."""
        if self._built:
            return
        self._built = True
        from tutordesk.ui.transitions.panel import TransitionPanel

        self.transition_box = QComboBox()
        self.transition_box.setObjectName("transition_chooser")
        self.transition_box.setAccessibleName("Move")
        self.transition_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.transition_box.setMinimumWidth(320)
        self.transition_box.setPlaceholderText("No move planned yet")
        self.transition_box.activated.connect(self._transition_chosen)
        chooser_label = QLabel("&Move")
        chooser_label.setBuddy(self.transition_box)
        self.new_button = QPushButton("&New transition…")
        self.new_button.setObjectName("transition_new")
        self.new_button.setToolTip(f"Plan a move to another setting ({NEW_TRANSITION_KEYS})")
        self.new_button.clicked.connect(self.new_transition)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("transition_edit")
        self.edit_button.setToolTip("Change the settings, dates, named contact and phase of this move")
        self.edit_button.clicked.connect(self.edit_transition)
        self.summary = QLabel()
        self.summary.setObjectName("transition_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(chooser_label)
        top.addWidget(self.transition_box)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addStretch(1)

        self.inner = QTabWidget()
        self.inner.setObjectName("transitions_inner_tabs")
        self.inner.setDocumentMode(True)
        pages = self._build_panels(self.context)
        for index, (title, panel) in enumerate(pages):
            self.inner.addTab(panel, title)
            panel.changed.connect(self._panel_changed)
            if isinstance(panel, TransitionPanel):
                self._move_pages.add(index)
                panel.plan_requested.connect(self.new_transition)
                panel.edit_requested.connect(self.edit_transition)
        self.panels = [panel for _, panel in pages]
        self.inner.currentChanged.connect(self._load_current)
        self.content = QWidget()
        self.content.setObjectName("transitions_content")
        content_layout = QVBoxLayout(self.content)
        content_layout.addLayout(top)
        content_layout.addWidget(self.summary)
        content_layout.addWidget(self.inner, 1)
        self.pages.addWidget(self.content)
        shortcut = QShortcut(QKeySequence(NEW_TRANSITION_KEYS), self, activated=self.new_transition)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- reading --------------------------------------------------------------------------------------

    def _refresh(self, *, panels: bool, sender: object = None) -> None:
        """Read the learner's moves and redraw the header.

        With `panels`, every page shows afresh (the one on screen now, the others when opened); otherwise
        a changed move refreshes the move-level pages, and a page that has just saved (`sender`) is left
        as it is while the others read again when opened.
        """
        learner_id = self.learner_id
        if learner_id is None or not self._built:
            return
        from tutordesk.services.transitions import moves as transitions

        found = self._run(lambda uow: transitions.transitions(uow, learner_id))
        if found is None:
            return
        self._header_stale = False
        wanted = self._chosen.get(learner_id)
        previous = self.transition
        self.transitions = found
        self.transition = next((v for v in found if v.id == wanted), found[0] if found else None)
        if self.transition is not None:
            self._chosen[learner_id] = self.transition.id
        self._show_header()
        moved = self.transition != previous
        everything = set(range(len(self.panels)))
        if panels:
            self._stale = everything
        else:
            self._stale |= {i for i, panel in enumerate(self.panels) if panel is not sender}
            if moved:
                self._stale |= self._move_pages
                if sender in self.panels:
                    index = self.panels.index(sender)  # type: ignore[arg-type]
                    self._stale.discard(index)
                    self._show_page(index, self.panels[index], learner_id)
        self._load_current()

    def _show_header(self) -> None:
        self.pages.setCurrentWidget(self.content)
        writable = not self.context.read_only
        self.new_button.setEnabled(writable)
        box = self.transition_box
        box.blockSignals(True)
        box.clear()
        for view in self.transitions:
            box.addItem(view.title, view.id)
        box.setCurrentIndex(box.findData(self.transition.id) if self.transition is not None else -1)
        box.setEnabled(bool(self.transitions))
        box.blockSignals(False)
        self.edit_button.setEnabled(self.transition is not None and writable)
        if self.transition is None:
            self.summary.setText(
                "No move is planned yet. The profile and travel plan can be written before one is."
            )
        else:
            self.summary.setText(summary_text(self.transition, self.context.today()))

    def _show_page(self, index: int, panel: Panel, learner_id: int | None) -> None:
        if index in self._move_pages:
            transition = self.transition if learner_id is not None else None
            panel.show_transition(learner_id, transition)  # type: ignore[attr-defined]
        else:
            panel.load(learner_id)

    def _load_current(self, *_: object) -> None:
        if not self._built:
            return
        index = self.inner.currentIndex()
        if index in self._stale and self.learner_id is not None and 0 <= index < len(self.panels):
            self._stale.discard(index)
            self._show_page(index, self.panels[index], self.learner_id)

    # --- actions --------------------------------------------------------------------------------------

    def choose_transition(self, transition_id: int) -> None:
        """Show another of the learner's moves, and remember the choice for this learner."""
        learner_id = self.learner_id
        if learner_id is None or (self.transition is not None and self.transition.id == transition_id):
            return
        self.save_pending()
        self._chosen[learner_id] = transition_id
        self._refresh(panels=False)

    def _transition_chosen(self, index: int) -> None:
        transition_id = self.transition_box.itemData(index)
        if transition_id is not None:
            self.choose_transition(int(transition_id))

    def new_transition(self) -> None:
        if self.row is None or not self._built or self.context.read_only or self.dialog is not None:
            return
        self._open(None)

    def edit_transition(self) -> None:
        if self.transition is None or not self.edit_button.isEnabled() or self.dialog is not None:
            return
        self._open(self.transition)

    def _open(self, transition: TransitionView | None) -> None:
        from tutordesk.ui.transitions.move_dialogs import TransitionDialog

        transition_id = transition.id if transition is not None else None
        dialog = TransitionDialog(
            transition,
            sending_setting=self.row.setting if self.row is not None else "",
            on_save=lambda value: self._save(value, transition_id),
            on_delete=(lambda: self._delete(transition_id)) if transition_id is not None else None,
            parent=self,
        )
        self._open_dialog(dialog)

    def _save(self, value: TransitionInput, transition_id: int | None) -> bool:
        learner_id = self.learner_id
        if learner_id is None:
            return False
        from tutordesk.services.transitions import moves as transitions

        def save(uow: UnitOfWork) -> int:
            if transition_id is None:
                return transitions.create_transition(uow, learner_id, value)
            transitions.update_transition(uow, transition_id, value)
            return transition_id

        saved = self._run(save, commit=True)
        if saved is None:
            return False
        self.save_pending()  # answers being typed for the move left behind are kept
        self._chosen[learner_id] = saved
        self._refresh(panels=False)
        self.changed.emit()
        return True

    def _delete(self, transition_id: int) -> bool:
        learner_id = self.learner_id
        if learner_id is None:
            return False
        from tutordesk.services.transitions import moves as transitions

        for index in self._move_pages:
            panel = self.panels[index]
            if getattr(panel, "transition_id", None) == transition_id:
                # Forgotten first, so answers typed for it are dropped with it rather than saved on the way out.
                panel.transition = None  # type: ignore[attr-defined]
                panel.show_transition(learner_id, None)  # type: ignore[attr-defined]

        def delete(uow: UnitOfWork) -> bool:
            transitions.delete_transition(uow, transition_id)
            return True

        if not self._run(delete, commit=True):
            self._refresh(panels=True)
            return False
        self._chosen.pop(learner_id, None)
        self._refresh(panels=True)
        self.changed.emit()
        return True
