"""What the main window shows of the whole caseload, read in one unit of work: its rows with their
early-warning flags, the Due panel's items and the beneficiary groups of the filter, in four statements
whatever the caseload's size.

After a save, `read_learners_view` reads only the changed learners' rows, flags and due items, in three
statements kept to those learners, for the window to put in place of the old ones.

`ReadAhead` reads it on a worker thread. The window starts one as soon as the vault is open, then imports
its own modules and builds its widgets while the statements run: sqlcipher3 lets go of the interpreter
lock while SQLite works, so on a machine with two cores the caseload's queries cost the start-up little
more than fetching their rows.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from tutordesk.domain.changes import RecordKind
from tutordesk.domain.early_warning import WarningRules
from tutordesk.domain.risk import RiskWeights
from tutordesk.services.caseload.due import DueItem, due_items
from tutordesk.services.caseload.rows import CaseloadRow, list_caseload
from tutordesk.services.followup.signals import flags_with_contacts
from tutordesk.vault.unit_of_work import UnitOfWork
from tutordesk.vault.vault import Vault

if TYPE_CHECKING:
    from tutordesk.settings import Settings

_GROUPS_SQL = (
    "SELECT id, label FROM taxonomy_term WHERE taxonomy = 'beneficiary_group' AND active ORDER BY position"
)


@dataclass(frozen=True, slots=True)
class CaseloadView:
    rows: list[CaseloadRow]
    due: list[DueItem]  # up to the horizon, earliest first
    groups: list[tuple[int, str]]  # (term id, label) of the beneficiary groups, in their order


#: The kinds of record the caseload's rows and due items are read from: a change to others (a diary entry)
#: leaves them as they are.
CASELOAD_KINDS = frozenset(RecordKind) - {RecordKind.DIARY, RecordKind.SETTINGS}


@dataclass(frozen=True, slots=True)
class LearnersView:
    """Some learners' part of the caseload view: their rows (none for one no longer listed: archived or gone)
    and their due items up to the horizon, earliest first."""

    rows: list[CaseloadRow]
    due: list[DueItem]


@dataclass(frozen=True, slots=True)
class ViewRequest:
    """What to read: the day, and the settings that change what is due and how risk is scored."""

    today: date
    weights: RiskWeights
    no_contact_days: int
    horizon_days: int
    rules: WarningRules = WarningRules()

    @classmethod
    def from_settings(cls, settings: Settings, today: date) -> ViewRequest:
        return cls(
            today,
            settings.risk_weights(),
            settings.no_contact_days,
            settings.due_horizon_days,
            settings.warning_rules(),
        )


def _with_flags(
    uow: UnitOfWork, rows: list[CaseloadRow], request: ViewRequest, learner_ids: Collection[int] | None = None
) -> None:
    """Put each row's early-warning flags on it: one statement, the last contacts being on the rows already."""
    flags = flags_with_contacts(
        uow,
        last_contacts={row.id: row.last_contact for row in rows},
        learner_ids=learner_ids,
        today=request.today,
        rules=request.rules,
    )
    for row in rows:
        row.flags = tuple(flags.get(row.id, ()))


def read_caseload_view(vault: Vault, *, request: ViewRequest) -> CaseloadView:
    """The caseload, the due items up to the horizon and the groups, in one unit of work."""
    horizon = request.today + timedelta(days=request.horizon_days)
    with vault.unit_of_work() as uow:
        due = due_items(
            uow,
            today=request.today,
            no_contact_days=request.no_contact_days,
            horizon_days=request.horizon_days,
            each_earliest=True,
        )
        rows = list_caseload(
            uow,
            weights=request.weights,
            today=request.today,
            no_contact_days=request.no_contact_days,
            due=due,
        )
        _with_flags(uow, rows, request)
        groups = [(int(term_id), str(label)) for term_id, label in uow.rows(_GROUPS_SQL)]
    # Every learner's earliest item is on its row already; the panel lists only what falls before the horizon.
    return CaseloadView(rows, [item for item in due if item.due_on <= horizon], groups)


def read_learners_view(vault: Vault, *, request: ViewRequest, learner_ids: Collection[int]) -> LearnersView:
    """`read_caseload_view` for `learner_ids` only: their rows and due items, in one unit of work."""
    horizon = request.today + timedelta(days=request.horizon_days)
    with vault.unit_of_work() as uow:
        due = due_items(
            uow,
            today=request.today,
            no_contact_days=request.no_contact_days,
            horizon_days=request.horizon_days,
            each_earliest=True,
            learner_ids=learner_ids,
        )
        rows = list_caseload(
            uow,
            weights=request.weights,
            today=request.today,
            no_contact_days=request.no_contact_days,
            due=due,
            learner_ids=learner_ids,
        )
        _with_flags(uow, rows, request, learner_ids)
    return LearnersView(rows, [item for item in due if item.due_on <= horizon])


class ReadAhead:
    """`read_caseload_view` on a worker thread; `result()` waits for it and raises what it raised."""

    def __init__(self, vault: Vault, request: ViewRequest) -> None:
        self.request = request
        self._view: CaseloadView | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._read, args=(vault,), name="caseload-read-ahead", daemon=True
        )
        self._thread.start()

    def _read(self, vault: Vault) -> None:
        try:
            self._view = read_caseload_view(vault, request=self.request)
        except BaseException as error:  # noqa: BLE001 - handed to the caller of result(), on its thread
            self._error = error

    def wait(self) -> None:
        """Wait for the worker to finish, whatever it found: nothing is left reading a vault about to lock."""
        self._thread.join()

    def result(self) -> CaseloadView:
        self.wait()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        assert self._view is not None
        return self._view
