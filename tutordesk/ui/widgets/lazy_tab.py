"""The base of the window's learner tabs (Plans, Diaries, Mentoring, Transitions): a tab built the first time
it is shown, which then shows the learner chosen on the Caseload tab.

The window speaks to every learner tab through this contract alone: `show_learner(row)` (None: nobody
selected, or locking), `save_pending()` before a lock, a close or a switch, `reload_all()` after a change
made elsewhere, `on_changes(changes, initiator)` when any view's operation changed records, and the
`changed` signal when the tab saved something.

As in Frescobaldi's `Panel.createWidget`, a subclass makes its widgets in `create_widget`, which runs on the
first `showEvent`, not in `__init__`: its panel modules, and the tables they read, stay out of start-up, and
a tab never shown reads nothing. The base remembers the learner asked for and whether it has been read
since (`learner_stale`); a subclass says how to read it (`load_learner`) and how to show nobody
(`forget_learner`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from tutordesk.domain.changes import Changes
from tutordesk.services.caseload.rows import CaseloadRow
from tutordesk.ui.widgets.panel import Panel, PanelContext, initiated_within


class LazyTab(QWidget):
    changed = Signal()  # something was saved: the caseload's due items may have moved

    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.row: CaseloadRow | None = None
        self.panels: Sequence[Panel] = []  # made by `create_widget`, the first time the tab is shown
        self.built = False
        self.learner_stale = False  # the learner asked for has not been read since (or was changed elsewhere)

    @property
    def learner_id(self) -> int | None:
        return self.row.id if self.row is not None else None

    # --- the window's API ---------------------------------------------------------------------------------

    def show_learner(self, row: CaseloadRow | None) -> None:
        """Show `row` (None: nobody selected, or locking: forget everything shown). Before the tab is first
        shown, or while it is hidden, the learner is only remembered; it is read when the tab is on screen."""
        previous = self.row
        same = row is not None and previous is not None and row.id == previous.id
        if same and not self.learner_stale:
            self.row = row  # the same learner, perhaps renamed: nothing to read again
            self.same_learner_again()
            return
        if previous is not None and not same:
            self.leave_learner()
        self.row = row
        if row is None:
            self.learner_stale = False
            self.forget_learner()
            return
        self.learner_stale = True
        self.learner_chosen()
        if self.built and self.isVisible():
            self.load_learner()

    def save_pending(self) -> None:
        """Save what was typed but not saved yet (before a lock, a close or a switch)."""
        for panel in self.panels:
            panel.save_pending()

    def reload_all(self) -> None:
        """After a change elsewhere: read the learner again now if the tab is on screen, else when it is."""
        if self.row is None:
            return
        self.learner_stale = True
        if self.built and self.isVisible():
            self.load_learner()

    def on_changes(self, changes: Changes, initiator: object) -> None:
        """Another view's operation changed records (the window tells every tab): when they are this tab's
        learner's, what was typed here is saved first, then the learner is read again (now if on screen, else
        when shown). The tab whose panel made the change shows it already."""
        if self.row is None or initiated_within(self, initiator) or not changes.touches(self.learner_id):
            return
        self.save_pending()
        self.reload_all()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self.built:
            self.built = True
            self.create_widget()
        if self.row is not None and self.learner_stale:
            self.load_learner()
        else:
            self.load_current()

    # --- what a subclass provides -------------------------------------------------------------------------

    def create_widget(self) -> None:
        """Make the tab's widgets and panels (importing their modules only now). Runs once, on first show."""
        raise NotImplementedError

    def load_learner(self) -> None:
        """Read `row` for what is on screen (the tab is built and visible) and clear `learner_stale`."""
        raise NotImplementedError

    def forget_learner(self) -> None:
        """Show nobody: forget everything shown of the learner left (also before the tab is built)."""
        raise NotImplementedError

    def load_current(self) -> None:
        """Shown again with the learner read already: bring the part now on screen up to date."""

    def learner_chosen(self) -> None:
        """Another learner is to be shown (read later when hidden): switch what must switch at once."""

    def same_learner_again(self) -> None:
        """The same learner, already read, was shown again (after the caseload was read again, say)."""

    def leave_learner(self) -> None:
        """Another learner, or nobody, is about to be shown instead of `row`."""
