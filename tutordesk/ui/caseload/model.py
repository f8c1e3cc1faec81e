"""The caseload as a Qt table model over `CaseloadRow`s; filtering and sorting happen in the service layer.

The model keeps every row and shows a filtered, sorted view of them; a keystroke in the search box
re-filters in Python and resets the model (faster than a proxy model over every column at 10,000 rows).
After a save, `update_rows` puts the changed learners' fresh rows in place of the old ones: `dataChanged`
for a row that stays where it was (as Anki's browser table does), a re-sort of the rows in memory when one
moves, a reset only when rows come or go.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from tutordesk.domain import dates
from tutordesk.domain.early_warning import WarningFlag
from tutordesk.domain.risk import RiskLevel
from tutordesk.services.caseload.filtering import SORT_KEYS, CaseloadFilter, filter_rows, sort_rows
from tutordesk.services.caseload.rows import CaseloadRow
from tutordesk.ui.widgets.record_table import WARNING_COLOUR

_Index = QModelIndex | QPersistentModelIndex
LEARNER_ID_ROLE = Qt.ItemDataRole.UserRole + 1

# The roles as plain numbers: a view asks for about ten roles per cell it paints, and most get None at once.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_FONT = Qt.ItemDataRole.FontRole.value
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole.value
_ANSWERED = frozenset((_DISPLAY, _TOOLTIP, _BACKGROUND, _FOREGROUND, _FONT, _ACCESSIBLE, LEARNER_ID_ROLE))

RISK_COLOURS = {
    RiskLevel.HIGH: QColor("#f8d7da"),
    RiskLevel.MEDIUM: QColor("#fff3cd"),
    RiskLevel.LOW: QColor("#e2f0d9"),
}


def _due_text(row: CaseloadRow) -> str:
    if row.next_due is None:
        return ""
    return f"{dates.short_date(row.next_due.due_on)} · {row.next_due.what}"


def _open_flags(row: CaseloadRow) -> list[WarningFlag]:
    return [flag for flag in row.flags if not flag.followed_up]


def _risk_text(row: CaseloadRow) -> str:
    """The risk level, and how many early-warning flags nobody has followed up yet ("High · 2 flags")."""
    level = row.risk.level.label if row.risk else ""
    count = len(_open_flags(row))
    if not count:
        return level
    return f"{level} · {count} flag{'' if count == 1 else 's'}"


def _mentoring_text(row: CaseloadRow) -> str:
    phase = row.mentoring_phase
    return f"{phase.value} · {phase.label}" if phase else ""


# (header, sort key in caseload_filter.SORT_KEYS, display text)
COLUMNS: tuple[tuple[str, str, Callable[[CaseloadRow], str]], ...] = (
    ("Name", "name", lambda r: r.display_name),
    ("Born", "born", lambda r: dates.short_date(r.date_of_birth)),  # tells two people of one name apart
    ("Status", "status", lambda r: r.status.label),
    (
        "Setting / programme",
        "setting",
        lambda r: f"{r.setting} · {r.programme}" if r.programme else r.setting,
    ),
    ("Risk", "risk", lambda r: _risk_text(r)),
    ("Next due", "next_due", _due_text),
    ("Last contact", "last_contact", lambda r: dates.short_date(r.last_contact)),
    ("Key worker", "key_worker", lambda r: r.key_worker),
    ("Mentoring", "mentoring", _mentoring_text),
)
RISK_COLUMN = 4
DUE_COLUMN = 5


class CaseloadModel(QAbstractTableModel):
    def __init__(self, rows: Sequence[CaseloadRow] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._criteria = CaseloadFilter()
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
        self._all: list[CaseloadRow] = self._sorted(rows)
        self._by_id = {row.id: row for row in self._all}
        self._shown: list[CaseloadRow] = list(self._all)
        self._bold = QFont()
        self._bold.setBold(True)
        self._warning = QBrush(QColor(WARNING_COLOUR))  # only what is overdue; what is due soon stays plain

    # -- data in --------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[CaseloadRow], criteria: CaseloadFilter | None = None) -> None:
        """New rows (and, optionally, new criteria at the same time: one filter pass, one reset)."""
        self._all = self._sorted(rows)
        self._by_id = {row.id: row for row in self._all}
        if criteria is not None:
            self._criteria = criteria
        self._refresh()

    def set_filter(self, criteria: CaseloadFilter) -> None:
        self._criteria = criteria
        self._refresh()

    def update_rows(self, learner_ids: Collection[int], rows: Sequence[CaseloadRow]) -> bool:
        """Put `rows`, read again for `learner_ids`, in place of those learners' rows (a learner with no row
        any more, archived say, leaves the list; a new one joins it). True when the model was reset."""
        fresh = {row.id: row for row in rows}
        changed = {i for i in learner_ids if i in self._by_id or i in fresh}
        if not changed:
            return False
        if any((i in self._by_id) != (i in fresh) for i in changed):
            kept = [row for row in self._all if row.id not in changed]
            self.set_rows(kept + [fresh[i] for i in changed if i in fresh])  # rows come or go: a reset
            return True
        key, descending = SORT_KEYS[COLUMNS[self._sort[0]][1]], self._sort[1] == Qt.SortOrder.DescendingOrder
        in_place = True
        for number, row in enumerate(self._all):
            if row.id in changed:
                self._all[number] = fresh[row.id]
                in_place = in_place and _in_order(self._all, number, key, descending)
        was_shown = {row.id for row in self._shown if row.id in changed}
        now_shown = {row.id for row in filter_rows([fresh[i] for i in changed], self._criteria)}
        self._by_id.update((i, fresh[i]) for i in changed)
        if was_shown != now_shown:
            self._all = self._sorted(self._all)
            self._refresh()  # a row joins or leaves what the filters show
            return True
        if not in_place:
            self._all = self._sorted(self._all)
            self._relayout()
        else:
            last = len(COLUMNS) - 1
            for number, row in enumerate(self._shown):
                if row.id in changed:
                    self._shown[number] = fresh[row.id]
                    self.dataChanged.emit(self.index(number, 0), self.index(number, last))
        return False

    def _relayout(self) -> None:
        """Show the rows in their new order, keeping selections and the current row on the same learners."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        learners = [self._shown[index.row()].id for index in before]
        self._shown = filter_rows(self._all, self._criteria)
        place = {row.id: number for number, row in enumerate(self._shown)}
        self.changePersistentIndexList(
            before, [self.index(place[i], index.column()) for i, index in zip(learners, before, strict=True)]
        )
        self.layoutChanged.emit()

    def clear(self) -> None:
        """Forget every row (locking): nothing of the caseload may stay in memory for the view to paint."""
        self.beginResetModel()
        self._all = []
        self._by_id = {}
        self._shown = []
        self.endResetModel()

    def _sorted(self, rows: Sequence[CaseloadRow]) -> list[CaseloadRow]:
        column, order = self._sort
        return sort_rows(list(rows), COLUMNS[column][1], order == Qt.SortOrder.DescendingOrder)

    def _refresh(self) -> None:
        # Rows are kept sorted, and filtering keeps their order: a keystroke filters and never sorts.
        self.beginResetModel()
        self._shown = filter_rows(self._all, self._criteria)
        self.endResetModel()

    # -- looking up -----------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self._all)

    def row_at(self, row: int) -> CaseloadRow:
        return self._shown[row]

    def row_of(self, learner_id: int) -> int | None:
        for number, row in enumerate(self._shown):
            if row.id == learner_id:
                return number
        return None

    def find(self, learner_id: int) -> CaseloadRow | None:
        return self._by_id.get(learner_id)

    # -- Qt -------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        row = self._shown[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return COLUMNS[column][2](row)
        if role == LEARNER_ID_ROLE:
            return row.id
        if role == _TOOLTIP:
            if column == RISK_COLUMN and row.risk is not None:
                why = f"Why {row.risk.level.label.lower()}:\n{row.risk.explanation()}"
                flags = "\n".join(f"{flag.label}: {flag.reason}" for flag in _open_flags(row))
                return f"{why}\n\nEarly-warning flags, no contact since:\n{flags}" if flags else why
            if column == DUE_COLUMN and row.next_due is not None:
                return ("Overdue: " if row.next_due.overdue else "Due: ") + _due_text(row)
            return None
        if role == _BACKGROUND and column == RISK_COLUMN and row.risk is not None:
            colour = RISK_COLOURS.get(row.risk.level)
            return QBrush(colour) if colour is not None else None
        if role == _FOREGROUND and column == DUE_COLUMN and row.overdue:
            return self._warning
        if role == _FONT and column == DUE_COLUMN and row.overdue:
            return self._bold
        if role == _ACCESSIBLE and column == DUE_COLUMN and row.overdue:
            return "Overdue: " + _due_text(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self._all = self._sorted(self._all)
        self._refresh()


def _in_order(
    rows: Sequence[CaseloadRow], number: int, key: Callable[[CaseloadRow], Any], descending: bool
) -> bool:
    """Whether the row at `number` still sorts between its neighbours (so a full sort would leave it there)."""
    here = key(rows[number])
    if number > 0:
        before = key(rows[number - 1])
        if (here > before) if descending else (here < before):
            return False
    if number + 1 < len(rows):
        after = key(rows[number + 1])
        if (here < after) if descending else (here > after):
            return False
    return True
