"""What every panel shares: how it reaches the vault, what today is, and how it reports what it changed.

A panel shows one learner at a time (`load`), reads in one unit of work (`run`) and writes as an operation
(`operate`): one committed unit of work whose `Outcome` says whether it was done, what the action returned
and what it changed. It shows a plain message instead of a traceback when an action cannot be done. A done
operation emits `changed` (for the panel's own tab) and reports its `Changes` to the window through the
context, which hands them to every view (`on_changes`), as Anki's `CollectionOp` and `OpChanges` do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from tutordesk.domain.changes import NO_CHANGES, Changes, RecordKind
from tutordesk.errors import TutorDeskError
from tutordesk.vault.export_guard import VaultFiles
from tutordesk.vault.unit_of_work import UnitOfWork
from tutordesk.vault.vault import Vault

T = TypeVar("T")


def _nobody_listens(_changes: Changes, _initiator: object) -> None:
    """Where changes go when no window listens (a panel made on its own, in a test)."""


@dataclass(frozen=True)
class PanelContext:
    """How a panel reaches the open vault (None while locked), today's date (injected in tests), and the
    window's ear for what an operation changed (`report(changes, initiator)`)."""

    vault: Callable[[], Vault | None]
    today: Callable[[], date] = date.today
    report: Callable[[Changes, object], None] = _nobody_listens

    @property
    def read_only(self) -> bool:
        vault = self.vault()
        return vault is None or vault.read_only


def vault_files(context: PanelContext) -> VaultFiles | None:
    """The open vault's own files, which no export may be saved over (None while locked)."""
    vault = context.vault()
    return vault.files if vault is not None else None


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """How an operation went: `ok` (committed), what the action returned, and what it changed.

    `ok` is its truth, whatever the action returned: a service that returns None did its work all the same.
    """

    ok: bool
    value: T | None = None
    changes: Changes = NO_CHANGES

    def __bool__(self) -> bool:
        return self.ok


class Panel(QWidget):
    """Base of every panel that shows one learner's records: the plan's road map, baseline, reviews and
    contract, the diary, the practice journal and the diary search, a mentoring relationship's pages and a
    transition's pages."""

    changed = Signal()  # an operation of this panel was committed
    #: The kinds of record the panel shows, for `on_changes` (None: any kind of its learner's records).
    shows: frozenset[RecordKind] | None = None

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

    def on_changes(self, changes: Changes, initiator: object) -> bool:
        """Whether another view's operation changed what this panel shows, so it must read again (its tab
        reads it at once when on screen, else when next shown). The panel that made a change shows it already.
        """
        return initiator is not self and changes.touches(self.learner_id, self.shows)

    def run(self, action: Callable[[UnitOfWork], T], *, commit: bool = False) -> T | None:
        """Read with `action` in one unit of work: its result, or None after a message when it failed.

        With `commit`, the same as `operate(action).value`: prefer `operate` for writes, whose outcome says
        whether the write was done even when the action returns None.
        """
        if commit:
            return self.operate(action).value
        return run_operation(self, self.context, action, commit=False).value

    def operate(self, action: Callable[[UnitOfWork], T]) -> Outcome[T]:
        """Write with `action` in one unit of work, committed; tell this panel's tab, then the window."""
        outcome = run_operation(self, self.context, action, commit=True, report=False)
        if outcome.ok:
            self.changed.emit()
            if outcome.changes:
                self.context.report(outcome.changes, self)
        return outcome


def run_operation(
    parent: QWidget,
    context: PanelContext,
    action: Callable[[UnitOfWork], T],
    *,
    commit: bool = True,
    report: bool = True,
) -> Outcome[T]:
    """Run `action` in one unit of work of the open vault (committed when `commit`, and then, with `report`,
    what it changed is reported to the window with `parent` as its initiator). Not done when the vault is
    locked or, after a plain message to the person, when it failed: nothing of it is kept then."""
    vault = context.vault()
    if vault is None:
        return Outcome(False)
    try:
        with vault.unit_of_work() as uow:
            result = action(uow)
            if commit:
                uow.commit()
    except TutorDeskError as error:
        QMessageBox.warning(parent, "TutorDesk", error.message)
        return Outcome(False)
    if commit and report and uow.changes:
        context.report(uow.changes, parent)
    return Outcome(True, result, uow.changes)


def initiated_within(widget: QWidget, initiator: object) -> bool:
    """Whether `initiator` (of an operation) is `widget` or one of its parts: then it shows the change."""
    return initiator is widget or (isinstance(initiator, QWidget) and widget.isAncestorOf(initiator))


def run_in_unit_of_work(
    parent: QWidget, context: PanelContext, action: Callable[[UnitOfWork], T], *, commit: bool = False
) -> tuple[bool, T | None]:
    """`run_operation` as a pair (done, result), for the tabs that run their own units of work."""
    outcome = run_operation(parent, context, action, commit=commit)
    return outcome.ok, outcome.value
