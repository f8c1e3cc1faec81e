"""The Due panel's model: what is overdue or due soon across the caseload, from the due items service.

After a save, `replace_learners` swaps the changed learners' items for their fresh ones and keeps the
service's order (date, then family and given name as SQLite's NOCASE compares them, then learner).
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Collection, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from tutordesk.domain import dates
from tutordesk.services.caseload.due import DueItem
from tutordesk.ui.caseload.model import LEARNER_ID_ROLE

_Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("When", "Learner", "What")
# As plain numbers: most of the roles a view asks for get None at once (see caseload_model).
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_ANSWERED = frozenset((_DISPLAY, _FOREGROUND, LEARNER_ID_ROLE))
#: SQLite's NOCASE folds A-Z alone; comparing code points then orders as it does (UTF-8 keeps their order).
_NOCASE = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class DueModel(QAbstractTableModel):
    def __init__(self, items: Sequence[DueItem] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._items = list(items)
        self._overdue = sum(item.overdue for item in self._items)

    def set_items(self, items: Sequence[DueItem], *, overdue: int | None = None) -> None:
        self.beginResetModel()
        self._items = list(items)
        # Counted once per list (a save changes it by its own items): the title asks for it after each change.
        self._overdue = sum(item.overdue for item in self._items) if overdue is None else overdue
        self.endResetModel()

    def clear(self) -> None:
        self.set_items([])

    def replace_learners(
        self,
        learner_ids: Collection[int],
        items: Sequence[DueItem],
        names: Callable[[int], tuple[str, str] | None],
    ) -> None:
        """Put `items`, read again for `learner_ids`, in place of those learners' items; `names` gives a
        learner's (family name, given name) for the order, None for one not on the caseload."""
        if not items and not any(item.learner_id in learner_ids for item in self._items):
            return  # none of them had anything due, nor has now

        def order(item: DueItem) -> tuple[object, ...]:
            family, given = names(item.learner_id) or (item.learner_name, "")
            return (item.due_on, family.translate(_NOCASE), given.translate(_NOCASE), item.learner_id)

        kept: list[DueItem] = []
        gone_overdue = 0
        for item in self._items:
            if item.learner_id in learner_ids:
                gone_overdue += item.overdue
            else:
                kept.append(item)
        # The others are in order already: each fresh item goes in by bisection (a few keys computed, not one
        # per item), after any equal, so a learner's own items keep the order the service gave them.
        for item in items:
            insort(kept, item, key=order)
        self.set_items(kept, overdue=self._overdue - gone_overdue + sum(item.overdue for item in items))

    @property
    def overdue_count(self) -> int:
        return self._overdue

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        item = self._items[index.row()]
        if role == _DISPLAY:
            if index.column() == 0:
                when = dates.short_date(item.due_on, year=False)
                return f"{when} (overdue)" if item.overdue else when
            return item.learner_name if index.column() == 1 else item.what
        if role == LEARNER_ID_ROLE:
            return item.learner_id
        if role == _FOREGROUND and item.overdue:
            return QBrush(QColor("#a4000f"))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _HEADERS[section]
        return None
