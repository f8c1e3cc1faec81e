"""What every part of the Mentoring tab shares: it shows one relationship at a time.

The Mentoring tab (`ui.mentoring_tab`) keeps the learner's relationships in a chooser at the top and hands
the chosen one to each panel with `show_relationship`; a panel reads the vault only when it is on screen
(`reload`), runs each action as one unit of work (`run`, from `Panel`) and says when it saved
something (`changed`), so the tab can refresh the others and the caseload's due items.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QWidget

from tutordesk.services.mentoring.relationships import RelationshipView
from tutordesk.ui.widgets.panel import Panel, PanelContext


class RelationshipPanel(Panel):
    """Base of the Mentoring tab's panels. `relationship` is None when the learner has none yet."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.relationship: RelationshipView | None = None

    def show_relationship(self, learner_id: int | None, relationship: RelationshipView | None) -> None:
        """Show `relationship` of `learner_id` (both None: nobody selected, or the vault is locked)."""
        self.learner_id = learner_id
        self.relationship = relationship
        self.reload()

    def load(self, learner_id: int | None) -> None:
        # The tab chooses the relationship; a bare learner change means "show nothing until told".
        self.show_relationship(learner_id, None)

    @property
    def relationship_id(self) -> int | None:
        return self.relationship.id if self.relationship is not None else None

    @property
    def editable(self) -> bool:
        """Closed relationships and read-only vaults are shown, not changed (reopen a closed one first)."""
        return self.relationship is not None and self.relationship.active and not self.context.read_only

    def now(self) -> datetime:
        """The moment boundary flags are judged at: today's date (injectable) at the current local time."""
        return datetime.combine(self.context.today(), datetime.now().time())
