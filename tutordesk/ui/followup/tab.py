"""The Follow-up tab: following up the learner chosen on the Caseload tab, in four pages: the contact log,
the early-warning signals, the follow-up case under the setting's procedure, and the measures in place.
Each page is a section (`FollowUpSection`, a `Panel`) made by `default_sections`.

Like the other learner tabs, nothing is built, imported or read until the tab is first shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout

from tutordesk.domain.changes import Changes
from tutordesk.domain.early_warning import WarningRules
from tutordesk.ui.followup.section import FollowUpSection
from tutordesk.ui.widgets.lazy_tab import LazyTab
from tutordesk.ui.widgets.panel import PanelContext, initiated_within

if TYPE_CHECKING:
    from tutordesk.ui.followup.contact_log import ContactLogPanel

BuildSections = Callable[[PanelContext, Callable[[], WarningRules]], list[FollowUpSection]]
NO_LEARNER = "Choose a learner on the Caseload tab to see the contacts with them and about them."


def default_sections(context: PanelContext, rules: Callable[[], WarningRules]) -> list[FollowUpSection]:
    """The sections, imported only now: the follow-up modules stay out of start-up."""
    from tutordesk.ui.followup.case_panel import CasePanel
    from tutordesk.ui.followup.contact_log import ContactLogPanel
    from tutordesk.ui.followup.measures_panel import MeasuresPanel
    from tutordesk.ui.followup.signals_panel import SignalsPanel

    return [
        ContactLogPanel(context),
        SignalsPanel(context, rules),
        CasePanel(context),
        MeasuresPanel(context),
    ]


class FollowUpTab(LazyTab):
    def __init__(
        self,
        context: PanelContext,
        build_sections: BuildSections | None = None,
        *,
        rules: Callable[[], WarningRules] = WarningRules,
    ) -> None:
        super().__init__(context)
        self.setObjectName("followup_tab")
        self._build_sections: BuildSections = build_sections or default_sections
        self._rules = rules
        self.empty = QLabel(NO_LEARNER)
        self.empty.setObjectName("followup_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.panels: Sequence[FollowUpSection] = []
        self.sections = QTabWidget()
        self.sections.setObjectName("followup_sections")
        self.sections.setAccessibleName("Follow-up pages")
        self.sections.setDocumentMode(True)
        self.pages.addWidget(self.sections)

    @property
    def contact_log(self) -> ContactLogPanel | None:
        from tutordesk.ui.followup.contact_log import ContactLogPanel

        return next((panel for panel in self.panels if isinstance(panel, ContactLogPanel)), None)

    def section(self, kind: type[FollowUpSection]) -> FollowUpSection | None:
        """The page of one kind (for the window and its tests)."""
        return next((panel for panel in self.panels if isinstance(panel, kind)), None)

    def create_widget(self) -> None:
        self.panels = self._build_sections(self.context, self._rules)
        for panel in self.panels:
            self.sections.addTab(panel, panel.title)
        if self.row is None:
            self.forget_learner()

    def load_learner(self) -> None:
        if self.row is None:
            return
        self.learner_stale = False
        self.pages.setCurrentWidget(self.sections)
        for panel in self.panels:
            panel.learner_name = self.row.display_name  # said in the dialogs, never in a title
            panel.load(self.row.id)

    def forget_learner(self) -> None:
        self.pages.setCurrentWidget(self.empty)
        for panel in self.panels:
            panel.learner_name = ""
            panel.load(None)

    def same_learner_again(self) -> None:
        for panel in self.panels:
            if self.row is not None:
                panel.learner_name = self.row.display_name

    def on_changes(self, changes: Changes, initiator: object) -> None:
        """A section's learner's records changed elsewhere (a contact logged from the caseload, say): read
        the sections again, now when on screen, else when next shown."""
        if self.row is None or initiated_within(self, initiator):
            return
        if any(panel.on_changes(changes, initiator) for panel in self.panels) or (
            not self.panels and changes.touches(self.learner_id)
        ):
            self.reload_all()
