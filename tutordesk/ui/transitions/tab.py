"""The Transitions tab: the selected learner's moves to another setting and what travels with them.

A header chooses the move, plans a new one or edits it, and sums it up in one line; inner pages hold the
move itself (checklist and warm handover), settling in, the profile, the travel plan, the handover pack and
the disclosures. Move-level pages (`TransitionPanel`) show the chosen move; learner-level pages work with
no move at all, so a profile can be written long before a move is planned. Like the Plans tab, nothing here
is built, imported or read from the vault until the tab is first shown, and only the page on screen reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QComboBox, QDialog, QLabel

from tutordesk.ui.widgets.chooser_tab import ChooserTab, ChooserTexts
from tutordesk.ui.widgets.panel import Panel, PanelContext

if TYPE_CHECKING:
    from datetime import date

    from tutordesk.services.transitions.moves import TransitionInput, TransitionView
    from tutordesk.vault.unit_of_work import UnitOfWork

BuildPanels = Callable[[PanelContext], list[tuple[str, Panel]]]

# Ctrl+N is a new learner, Ctrl+Shift+N a new stage, Ctrl+Shift+M a new relationship: T is for "transition".
NEW_TRANSITION_KEYS = "Ctrl+Shift+T"
PAGE_TITLES = ("The move", "Settling in", "Profile", "Travel plan", "Handover pack", "Disclosures")
TEXTS = ChooserTexts(
    name="transitions",
    no_learner="Choose a learner on the Caseload tab to see their moves and handover.",
    label="&Move",
    accessible_name="Move",
    chooser_name="transition_chooser",
    new_text="&Plan a move…",  # the same words as the empty page's button and the dialog's title
    new_name="transition_new",
    new_tip=f"Plan a move to another setting ({NEW_TRANSITION_KEYS})",
    edit_name="transition_edit",
    edit_tip="Change the settings, dates, named contact and phase of this move",
    new_keys=NEW_TRANSITION_KEYS,
    placeholder="No move planned yet",
)


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


class TransitionsTab(ChooserTab["TransitionView"]):
    pages_need_a_record = False  # a profile and a travel plan can be written before any move is planned
    # Aliases the rest of TutorDesk and its tests know the chooser's parts by.
    choose_transition = ChooserTab.choose
    new_transition = ChooserTab.new_record
    edit_transition = ChooserTab.edit_record

    def __init__(self, context: PanelContext, build_panels: BuildPanels | None = None) -> None:
        super().__init__(context, TEXTS)
        self._build_panels: BuildPanels = build_panels or default_panels
        self._move_pages: set[int] = set()  # indexes of the pages that show one move (TransitionPanel)

    @property
    def transitions(self) -> list[TransitionView]:
        return self.records

    @property
    def transition(self) -> TransitionView | None:
        return self.record

    @property
    def transition_box(self) -> QComboBox:
        return self.chooser

    # --- building -------------------------------------------------------------------------------------

    def create_pages(self) -> list[tuple[str, Panel]]:
        return self._build_panels(self.context)

    def page_added(self, index: int, panel: Panel) -> None:
        from tutordesk.ui.transitions.panel import TransitionPanel

        if isinstance(panel, TransitionPanel):
            self._move_pages.add(index)
            panel.plan_requested.connect(self.new_record)
            panel.edit_requested.connect(self.edit_record)

    def create_details(self, layout: QBoxLayout) -> None:
        """The chosen move in one line."""
        self.summary = QLabel()
        self.summary.setObjectName("transition_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)

    # --- reading --------------------------------------------------------------------------------------

    def read_records(self, uow: UnitOfWork, learner_id: int) -> list[TransitionView]:
        from tutordesk.services.transitions import moves as transitions

        return transitions.transitions(uow, learner_id=learner_id)

    def show_details(self, details: object) -> None:
        if self.record is None:
            self.summary.setText(
                "No move is planned yet. The profile and travel plan can be written before one is."
            )
        else:
            self.summary.setText(summary_text(self.record, self.context.today()))

    def clear_details(self) -> None:
        self.summary.clear()

    def show_page(self, index: int, panel: Panel, learner_id: int | None) -> None:
        if index in self._move_pages:
            transition = self.record if learner_id is not None else None
            panel.show_transition(learner_id, transition)  # type: ignore[attr-defined]
        else:
            panel.load(learner_id)

    # --- actions --------------------------------------------------------------------------------------

    def create_dialog(
        self,
        record: TransitionView | None,
        on_save: Callable[[TransitionInput], bool],
        on_delete: Callable[[], bool] | None,
    ) -> QDialog:
        from tutordesk.ui.transitions.move_dialogs import TransitionDialog

        return TransitionDialog(
            record,
            sending_setting=self.row.setting if self.row is not None else "",
            on_save=on_save,
            on_delete=on_delete,
            parent=self,
        )

    def write_record(
        self, uow: UnitOfWork, learner_id: int, record_id: int | None, value: TransitionInput
    ) -> int:
        from tutordesk.services.transitions import moves as transitions

        if record_id is None:
            return transitions.create_transition(uow, learner_id=learner_id, data=value)
        transitions.update_transition(uow, transition_id=record_id, data=value)
        return record_id

    def delete_record(self, uow: UnitOfWork, record_id: int) -> None:
        from tutordesk.services.transitions import moves as transitions

        transitions.delete_transition(uow, transition_id=record_id)

    def forget_on_pages(self, learner_id: int, record_id: int) -> None:
        for index in self._move_pages:
            panel = self.panels[index]
            if getattr(panel, "transition_id", None) == record_id:
                panel.transition = None  # type: ignore[attr-defined]
                panel.show_transition(learner_id, None)  # type: ignore[attr-defined]
