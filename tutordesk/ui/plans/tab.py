"""The Plans tab: the selected learner's road map, baseline and barriers, reviews, and contract.

Each part is a `Panel` on an inner tab. The panels are made the first time the Plans tab is shown, and
only the part on screen reads the vault, so start-up and choosing a learner on the caseload cost nothing
here until the tab is used.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout

from tutordesk.domain.changes import Changes
from tutordesk.ui.widgets.lazy_tab import LazyTab
from tutordesk.ui.widgets.panel import Panel, PanelContext, initiated_within


class PlansTab(LazyTab):
    def __init__(
        self,
        context: PanelContext,
        build_panels: Callable[[PanelContext], list[tuple[str, Panel]]] | None = None,
    ) -> None:
        super().__init__(context)
        self._build_panels = build_panels or default_panels
        self.empty = QLabel("Choose a learner on the Caseload tab to see their plan.")
        self.empty.setObjectName("plans_empty")
        self.inner = QTabWidget()
        self.inner.setObjectName("plans_inner_tabs")
        self.inner.setDocumentMode(True)
        self.panels: list[Panel] = []  # built the first time the tab is shown (see `create_widget`)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._stale: set[int] = set()  # indexes of panels not yet loaded for the current learner
        self.inner.currentChanged.connect(self._load_current)

    def learner_chosen(self) -> None:
        self.pages.setCurrentWidget(self.inner)
        self._stale = set(range(len(self.panels)))

    def forget_learner(self) -> None:
        self.pages.setCurrentWidget(self.empty)
        for panel in self.panels:
            panel.load(None)  # forget what was shown (also on lock)
        self._stale.clear()

    def load_learner(self) -> None:
        """Reload what is on screen, the other panels when they are opened."""
        self.learner_stale = False
        self._stale = set(range(len(self.panels)))
        self._load_current()

    def load_current(self) -> None:
        self._load_current()

    def create_widget(self) -> None:
        """Make the panels on first sight: their modules (and the plan tables) stay out of start-up."""
        panels = self._build_panels(self.context)
        self.inner.blockSignals(True)
        for title, panel in panels:
            self.inner.addTab(panel, title)
            panel.changed.connect(self._panel_changed)
        self.inner.blockSignals(False)
        self.panels = [panel for _, panel in panels]
        self._stale = set(range(len(self.panels))) if self.learner_id is not None else set()

    def _load_current(self, *_: object) -> None:
        index = self.inner.currentIndex()
        if index in self._stale and self.learner_id is not None and index < len(self.panels):
            self._stale.discard(index)
            self.panels[index].load(self.learner_id)

    def on_changes(self, changes: Changes, initiator: object) -> None:
        """Another view changed records: the panels that show them read again (on screen now, the rest later)."""
        if self.row is None or initiated_within(self, initiator):
            return  # the panel that saved shows it, and `_panel_changed` marked the others
        touched = {i for i, panel in enumerate(self.panels) if panel.on_changes(changes, initiator)}
        if not self.built and changes.touches(self.learner_id):
            self.learner_stale = True  # not built yet: read whole when first shown
        if touched:
            self.save_pending()  # what was typed here is kept, not read over
            self._stale |= touched
            if self.isVisible():
                self._load_current()

    def _panel_changed(self) -> None:
        sender = self.sender()
        self._stale = {i for i, panel in enumerate(self.panels) if panel is not sender}
        self.changed.emit()


def default_panels(context: PanelContext) -> list[tuple[str, Panel]]:
    """The Plans tab's panels, imported when the tab is first shown (they are not needed at start-up)."""
    from tutordesk.ui.plans.baseline_panel import BaselinePanel
    from tutordesk.ui.plans.contract import ContractPanel
    from tutordesk.ui.plans.reviews_panel import ReviewsPanel
    from tutordesk.ui.plans.roadmap import RoadmapPanel

    return [
        ("Road map", RoadmapPanel(context)),
        ("Baseline and barriers", BaselinePanel(context)),
        ("Reviews", ReviewsPanel(context)),
        ("Contract", ContractPanel(context)),
    ]
