"""What every panel of a learner's records shares (the Plans, Diaries, Mentoring and Transitions tabs' pages):
how it reaches the vault, what today is, and how it reports.

A panel shows one learner at a time (`load`), runs each user action as one unit of work (`run`), shows a
plain message instead of a traceback when an action cannot be done, and says when it changed something
(`changed`), so the window can refresh the caseload's due items and the "Saved" note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from tutordesk.errors import TutorDeskError
from tutordesk.vault.unit_of_work import UnitOfWork
from tutordesk.vault.vault import Vault

T = TypeVar("T")


@dataclass(frozen=True)
class PanelContext:
    """How a panel reaches the open vault (None while locked) and today's date (injected in tests)."""

    vault: Callable[[], Vault | None]
    today: Callable[[], date] = date.today

    @property
    def read_only(self) -> bool:
        vault = self.vault()
        return vault is None or vault.read_only


class Panel(QWidget):
    """Base of every panel that shows one learner's records: the plan's road map, baseline, reviews and
    contract, the diary, the practice journal and the diary search, a mentoring relationship's pages and a
    transition's pages."""

    changed = Signal()  # something was saved

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.learner_id: int | None = None

    def load(self, learner_id: int | None) -> None:
        """Show `learner_id` (None: nobody selected, or the vault is locked: show nothing)."""
        self.learner_id = learner_id
        self.reload()

    def reload(self) -> None:
        """Read the current learner's records again and redraw. Subclasses implement it."""
        raise NotImplementedError

    def save_pending(self) -> None:
        """Save anything typed but not saved yet (before a lock or close); most panels save at once."""

    def run(self, action: Callable[[UnitOfWork], T], *, commit: bool = False) -> T | None:
        """Run `action` in one unit of work (committed when `commit`); None, after a message, on failure."""
        done, result = run_in_unit_of_work(self, self.context, action, commit=commit)
        if done and commit:
            self.changed.emit()
        return result


def run_in_unit_of_work(
    parent: QWidget, context: PanelContext, action: Callable[[UnitOfWork], T], *, commit: bool = False
) -> tuple[bool, T | None]:
    """Run `action` in one unit of work of the open vault (committed when `commit`): (True, its result), or
    (False, None) when the vault is locked or, after a plain message to the person, when it failed."""
    vault = context.vault()
    if vault is None:
        return False, None
    try:
        with vault.unit_of_work() as uow:
            result = action(uow)
            if commit:
                uow.commit()
    except TutorDeskError as error:
        QMessageBox.warning(parent, "TutorDesk", error.message)
        return False, None
    return True, result
