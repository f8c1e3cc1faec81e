"""A read-only list of records, as every record page shows one: `Column` says how a column shows a record,
`RecordModel` holds rows of frozen records (views), `RecordView` is the table (Ins adds, Enter or a double
click edits, Del deletes) and `RecordSection` the titled list with its Add, Edit and Delete buttons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

_Index = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole
WARNING_COLOUR = "#a4000f"


@dataclass(frozen=True)
class Column:
    """How one column of a list of records shows a record."""

    header: str
    text: Callable[[Any], str]
    warn: Callable[[Any], bool] | None = None  # drawn in the warning colour; the text must say why as well
    whole_tip: bool = False  # long text: the tooltip shows the whole field, and nothing beyond it


class RecordModel(QAbstractTableModel):
    """Rows of frozen records (DTOs) shown through `columns`; `RECORD_ROLE` gives a row's record."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        record, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(column.text(record).split())  # one line per row; the details show the rest
        if role == Qt.ItemDataRole.ToolTipRole and column.whole_tip:
            return column.text(record) or None
        if role == Qt.ItemDataRole.ForegroundRole and column.warn is not None and column.warn(record):
            return QBrush(QColor(WARNING_COLOUR))
        if role == RECORD_ROLE:
            return record
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None


class RecordView(QTableView):
    """A read-only, one-row-at-a-time table: Ins asks to add, Enter or a double click to edit, Del to delete."""

    insert_requested = Signal()
    edit_requested = Signal()
    delete_requested = Signal()

    def __init__(
        self, model: RecordModel, name: str, *, stretch: Sequence[int] = (-1,), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        # The columns of long text, which share the spare width between them.
        self.stretch = {column % model.columnCount() for column in stretch}
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table for the buttons, as in a form
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in self.stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.doubleClicked.connect(lambda _index: self.edit_requested.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Insert:
            self.insert_requested.emit()
        elif key == Qt.Key.Key_Delete and self.selected() is not None:
            self.delete_requested.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected() is not None:
            self.edit_requested.emit()
        else:
            super().keyPressEvent(event)

    def selected(self) -> Any | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return rows[0].data(RECORD_ROLE) if rows else None

    def select_where(self, wanted: Callable[[Any], bool]) -> None:
        """Select the first row whose record passes `wanted`, else the first row."""
        model = self.model()
        rows = [model.index(row, 0).data(RECORD_ROLE) for row in range(model.rowCount())]
        found = next((row for row, record in enumerate(rows) if wanted(record)), 0 if rows else None)
        if found is not None:
            self.selectRow(found)

    def fit_columns(self) -> None:
        # The stretching column (the longest text) takes what is left, so no sideways scrolling is needed.
        for column in range(self.model().columnCount()):
            if column in self.stretch:
                continue
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, min(self.columnWidth(column), 220))


def warning_style(label: QLabel) -> None:
    label.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: bold")


class RecordSection(QGroupBox):
    """A titled list of one kind of record: the table (or an empty note), then Add, Edit and Delete."""

    def __init__(
        self, title: str, name: str, columns: Sequence[Column], empty: str, add: str, stretch: Sequence[int]
    ) -> None:
        super().__init__(title)
        self._can_edit = False
        self.model = RecordModel(columns, self)
        self.view = RecordView(self.model, name, stretch=stretch)
        self.view.setAccessibleName(title.replace("&", ""))  # a screen reader names the list by its title
        self.empty = QLabel(empty)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName(f"{name}_empty")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        self.add_button = QPushButton(add)
        self.add_button.setToolTip(f"{add.rstrip('…')} (Ins in the list)")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Change the selected one (Enter)")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected one (Del)")
        self.buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setAutoDefault(False)
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self.buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_enabled(self._can_edit))

    def set_rows(self, rows: Sequence[Any]) -> None:
        chosen = self.view.selected()
        self.model.set_rows(rows)
        self.view.fit_columns()
        self.stack.setCurrentWidget(self.view if rows else self.empty)
        self.view.select_where(lambda r: chosen is not None and r.id == chosen.id)

    def update_enabled(self, can_edit: bool) -> None:
        self._can_edit = can_edit
        self.add_button.setEnabled(can_edit)
        chosen = can_edit and self.view.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def wire(self, add: Callable[[], None], edit: Callable[[], None], delete: Callable[[], None]) -> None:
        for signal, button, slot in (
            (self.view.insert_requested, self.add_button, add),
            (self.view.edit_requested, self.edit_button, edit),
            (self.view.delete_requested, self.delete_button, delete),
        ):
            button.clicked.connect(lambda _=False, b=button, s=slot: b.isEnabled() and s())
            signal.connect(lambda b=button, s=slot: b.isEnabled() and s())
