"""What the move-level pages of the Transitions tab share: they show one transition at a time.

The Transitions tab (`ui.transitions_tab`) keeps the learner's moves in a chooser at the top and hands the
chosen one to each of these pages with `show_transition`. While the learner has no move yet, a page shows
an empty state with "Plan a move…" instead of its records.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from tutordesk.services.transitions.moves import TransitionView
from tutordesk.ui.widgets.panel import Panel, PanelContext
from tutordesk.ui.widgets.panel_parts import READ_ONLY_NOTE

NO_MOVE_TEXT = (
    "No move is planned for this learner yet.\n"
    "When a move to another school, college or training provider is coming up, plan it here: its "
    "checklist, the warm handover and the settling-in meetings follow from it."
)


class NoMoveYet(QWidget):
    """The empty state of a move-level page: what to do next, and the button to do it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_no_move")
        self.text = QLabel(NO_MOVE_TEXT)
        self.text.setObjectName(f"{name}_no_move_text")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # No Alt letter: the tab's own "&Plan a move…" beside the chooser is on screen at the same time.
        self.button = QPushButton("Plan a move…")
        self.button.setObjectName(f"{name}_plan_move")
        self.button.setToolTip("Plan a move to another setting for this learner (Ctrl+Shift+T)")
        self.button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.text)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class TransitionPanel(Panel):
    """Base of the move-level pages. `transition` is None when the learner has no move yet.

    A subclass lays out its records in `body` and implements `refresh` (draw the chosen transition) and,
    when it keeps something on screen, `clear` (forget it).
    """

    plan_requested = Signal()  # "Plan a move…" was pressed: the tab opens the new-transition dialog
    edit_requested = Signal()  # a page asked to change the move's details (its first day, say)

    def __init__(self, context: PanelContext, name: str, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.transition: TransitionView | None = None
        self.no_move = NoMoveYet(name)
        self.no_move.button.clicked.connect(self.plan_requested)
        self.body = QWidget()
        self.body.setObjectName(f"{name}_body")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.no_move)
        self.stack.addWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def show_transition(self, learner_id: int | None, transition: TransitionView | None) -> None:
        """Show `transition` of `learner_id` (None: the learner has no move yet; both None: nobody shown)."""
        self.learner_id = learner_id
        self.transition = transition
        self.reload()

    def load(self, learner_id: int | None) -> None:
        # The tab chooses the transition; a bare learner change means "show nothing until told".
        self.show_transition(learner_id, None)

    @property
    def transition_id(self) -> int | None:
        return self.transition.id if self.transition is not None else None

    @property
    def editable(self) -> bool:
        return self.transition is not None and not self.context.read_only

    def reload(self) -> None:
        shown = self.transition is not None and self.learner_id is not None
        self.no_move.button.setEnabled(self.learner_id is not None and not self.context.read_only)
        self.stack.setCurrentWidget(self.body if shown else self.no_move)
        if shown:
            self.refresh()
        else:
            self.clear()

    def refresh(self) -> None:
        """Read the chosen transition's records again and redraw them."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget what was shown (no move, another learner, or the vault locked)."""

    def lock_text(self) -> str:
        return READ_ONLY_NOTE if self.context.read_only else ""
