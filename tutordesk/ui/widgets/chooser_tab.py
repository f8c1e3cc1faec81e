"""What the Mentoring and Transitions tabs share: a tab about one learner with a chooser of their records
(relationships, moves) at the top and inner pages below.

Nothing is built, imported or read from the vault until the tab is first shown (`_build`); the header is
read again when it is marked stale (`_refresh`), and only the inner page on screen reads its records
(`_load_current`). Subclasses provide those three; this base keeps the window's side of the contract:
`show_learner` (in the subclass), `save_pending`, `reload_all`, `on_changes` and the `changed` signal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QStackedWidget, QVBoxLayout, QWidget

from tutordesk.domain.changes import Changes
from tutordesk.services.caseload.rows import CaseloadRow
from tutordesk.ui.widgets.panel import PanelContext, PlanPanel, initiated_within, run_in_unit_of_work
from tutordesk.vault.unit_of_work import UnitOfWork

T = TypeVar("T")


class ChooserTab(QWidget):
    changed = Signal()  # something was saved: the caseload's due items may have moved

    def __init__(self, context: PanelContext, *, name: str, no_learner_text: str) -> None:
        super().__init__()
        self.setObjectName(f"{name}_tab")
        self.context = context
        self.row: CaseloadRow | None = None
        self.panels: Sequence[PlanPanel] = []  # built the first time the tab is shown (see `_build`)
        self.dialog: QDialog | None = None  # the new/edit dialog while it is open
        self._chosen: dict[int, int] = {}  # learner id -> the record chosen, remembered while the app runs
        self._header_stale = False  # the learner's records need reading again
        self._stale: set[int] = set()  # inner pages not yet loaded for what is chosen
        self._built = False
        self.no_learner = QLabel(no_learner_text)
        self.no_learner.setObjectName(f"{name}_no_learner")
        self.no_learner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_learner.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.no_learner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    @property
    def learner_id(self) -> int | None:
        return self.row.id if self.row is not None else None

    def save_pending(self) -> None:
        """Save what was typed but not saved (an agreement's words, a form's answers) before a lock, a close
        or a switch."""
        for panel in self.panels:
            panel.save_pending()

    def reload_all(self) -> None:
        """After a change elsewhere: read the header and the page on screen again, the other pages later."""
        if self.row is None:
            return
        self._header_stale = True
        if self.isVisible():
            self._refresh(panels=True)

    def on_changes(self, changes: Changes, initiator: object) -> None:
        """Another view changed this learner's records: read the header and pages again (on screen now, the
        rest later). A contact logged elsewhere may have moved a relationship's dates, say."""
        if self.row is None or initiated_within(self, initiator) or not changes.touches(self.learner_id):
            return
        self.save_pending()  # what was typed here is kept, not read over
        self.reload_all()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._build()
        if self._header_stale:
            self._refresh(panels=True)
        else:
            self._load_current()

    def _build(self) -> None:
        raise NotImplementedError

    def _refresh(self, *, panels: bool, sender: object = None) -> None:
        raise NotImplementedError

    def _load_current(self, *_: object) -> None:
        raise NotImplementedError

    def _open_dialog(self, dialog: QDialog) -> None:
        """Show the new/edit dialog without blocking; it is forgotten and deleted once closed."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self, *_: object) -> None:
        self.dialog = None

    def _run(self, action: Callable[[UnitOfWork], T], *, commit: bool = False) -> T | None:
        """One unit of work, as a panel runs it: None, after a plain message, when it cannot be done."""
        return run_in_unit_of_work(self, self.context, action, commit=commit)[1]

    def _panel_changed(self) -> None:
        self._refresh(panels=False, sender=self.sender())
        self.changed.emit()
