"""Filtering and sorting caseload rows in Python: fast enough per keystroke at 10,000 learners.

The design measured a Python filter plus a model reset at about a quarter of the cost of a
QSortFilterProxyModel over every column, so the rules live here, testable without Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.risk import RiskLevel
from tutordesk.services.caseload.rows import CaseloadRow


@dataclass(frozen=True)
class CaseloadFilter:
    """Every criterion is optional; an empty filter keeps every row."""

    text: str = ""
    statuses: frozenset[LearnerStatus] = field(default_factory=frozenset)
    risk_levels: frozenset[RiskLevel] = field(default_factory=frozenset)
    overdue_only: bool = False
    group_id: int | None = None
    risk_domain: str | None = None
    learner_ids: frozenset[int] | None = None  # the learners behind a count of the overview

    @property
    def is_empty(self) -> bool:
        return self == CaseloadFilter()


def filter_rows(rows: Sequence[CaseloadRow], criteria: CaseloadFilter) -> list[CaseloadRow]:
    """The rows that match every word typed and every filter chosen, in their order."""
    if criteria.is_empty:
        return list(rows)
    words = criteria.text.lower().split()
    kept = []
    for row in rows:
        if criteria.learner_ids is not None and row.id not in criteria.learner_ids:
            continue
        if criteria.statuses and row.status not in criteria.statuses:
            continue
        if criteria.risk_levels and (row.risk is None or row.risk.level not in criteria.risk_levels):
            continue
        if criteria.overdue_only and not row.overdue:
            continue
        if criteria.group_id is not None and criteria.group_id not in row.group_ids:
            continue
        if criteria.risk_domain is not None and criteria.risk_domain not in row.risk_domains:
            continue
        if words and not all(word in row.search_text for word in words):
            continue
        kept.append(row)
    return kept


_FAR_FUTURE = date.max


def _risk_rank(row: CaseloadRow) -> tuple[int, float]:
    return (row.risk.level.rank, row.risk.score) if row.risk else (0, 0.0)


#: Sort keys by column name; None values sort last in ascending order.
SORT_KEYS: dict[str, Callable[[CaseloadRow], Any]] = {
    "name": lambda r: (r.family_name.lower(), r.given_name.lower(), r.id),
    "born": lambda r: (r.date_of_birth or date.max, r.family_name.lower()),
    "status": lambda r: (r.status.label, r.family_name.lower()),
    "setting": lambda r: (r.setting.lower(), r.programme.lower()),
    "risk": _risk_rank,
    "next_due": lambda r: (r.next_due.due_on if r.next_due else _FAR_FUTURE, r.family_name.lower()),
    "last_contact": lambda r: (r.last_contact or date.min, r.family_name.lower()),
    "key_worker": lambda r: (r.key_worker == "", r.key_worker.lower()),
    "mentoring": lambda r: (r.mentoring_phase is None, r.mentoring_phase or "", r.family_name.lower()),
}


def sort_rows(rows: list[CaseloadRow], column: str, descending: bool = False) -> list[CaseloadRow]:
    """The rows sorted by a column of the caseload table (a key of `SORT_KEYS`)."""
    return sorted(rows, key=SORT_KEYS[column], reverse=descending)
