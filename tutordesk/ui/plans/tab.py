"""The Plans tab: the selected learner's road map, baseline and barriers, reviews, and contract.

Each part is a `PlanPanel` on an inner tab. The panels are made the first time the Plans tab is shown, and
only the part on screen reads the vault, so start-up and choosing a learner on the caseload cost nothing
here until the tab is used.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from tutordesk.domain.changes import Changes
from tutordesk.services.caseload.rows import CaseloadRow
from tutordesk.ui.widgets.panel import PanelContext, PlanPanel, initiated_within


class PlansTab(QWidget):
    changed = Signal()  # a panel saved something: the caseload's due items may have moved

    def __init__(
        self,
        context: PanelContext,
        build_panels: Callable[[PanelContext], list[tuple[str, PlanPanel]]] | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self._build_panels: Callable[[PanelContext], list[tuple[str, PlanPanel]]] | None = (
            build_panels or default_panels
        )
        self.empty = QLabel("Choose a learner on the Caseload tab to see their plan.")
        self.empty.setObjectName("plans_empty")
        self.inner = QTabWidget()
        self.inner.setObjectName("plans_inner_tabs")
        self.inner.setDocumentMode(True)
        self.panels: list[PlanPanel] = []  # built the first time the tab is shown (see `_build`)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.learner_id: int | None = None
        self._stale: set[int] = set()  # indexes of panels not yet loaded for the current learner
        self.inner.currentChanged.connect(self._load_current)

    def show_learner(self, row: CaseloadRow | None) -> None:
        learner_id = row.id if row is not None else None
        if learner_id == self.learner_id and learner_id is not None:
            return
        self.learner_id = learner_id
        self.pages.setCurrentWidget(self.inner if learner_id is not None else self.empty)
        self._stale = set(range(len(self.panels)))
        if learner_id is None:
            for panel in self.panels:
                panel.load(None)  # forget what was shown (also on lock)
            self._stale.clear()
        elif self.isVisible():
            self._load_current()

    def save_pending(self) -> None:
        for panel in self.panels:
            panel.save_pending()

    def reload_all(self) -> None:
        """After a change elsewhere (another panel, a dialog): reload what is on screen, the rest later."""
        self._stale = set(range(len(self.panels)))
        if self.isVisible():
            self._load_current()

    def on_changes(self, changes: Changes, initiator: object) -> None:
        """Another view changed records: the panels that show them read again (on screen now, the rest later)."""
        if initiated_within(self, initiator):
            return  # the panel that saved shows it, and `_panel_changed` marked the others
        touched = {i for i, panel in enumerate(self.panels) if panel.on_changes(changes, initiator)}
        if touched:
            self.save_pending()  # what was typed here is kept, not read over
            self._stale |= touched
            if self.isVisible():
                self._load_current()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._build()
        self._load_current()

    def _build(self) -> None:
        """Make the panels on first sight: their modules (and the plan tables) stay out of start-up."""
        if self._build_panels is None:
            return
        panels, self._build_panels = self._build_panels(self.context), None
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

    def _panel_changed(self) -> None:
        sender = self.sender()
        self._stale = {i for i, panel in enumerate(self.panels) if panel is not sender}
        self.changed.emit()


def default_panels(context: PanelContext) -> list[tuple[str, PlanPanel]]:
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
