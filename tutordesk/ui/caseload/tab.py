"""The Caseload tab: search, filters, the learner table and the Due panel."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.risk import RiskLevel
from tutordesk.services.caseload.due import DueItem
from tutordesk.services.caseload.filtering import CaseloadFilter
from tutordesk.services.caseload.rows import CaseloadRow
from tutordesk.ui.caseload.due_model import DueModel
from tutordesk.ui.caseload.model import LEARNER_ID_ROLE, CaseloadModel

RISK_DOMAINS = (
    ("personal", "Personal"),
    ("social", "Social relations"),
    ("family", "Family"),
    ("institutional", "Institutional"),
    ("structural", "Structural"),
)


def _table(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # the arrow keys move between cells; Tab moves on to the next part
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class CaseloadTab(QWidget):
    """Emits `learner_selected` when the current learner changes and `learner_activated` on Enter/double-click."""

    learner_selected = Signal(object)  # int | None
    learner_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseloadModel(parent=self)
        self.due_model = DueModel(parent=self)

        self.search = QLineEdit()
        self.search.setObjectName("caseload_search")
        self.search.setPlaceholderText("Search names, settings, programmes, key workers…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the caseload")
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.status_filter.setAccessibleName("Show learners by status")
        self.status_filter.addItem("Any status", None)
        for status in LearnerStatus:
            self.status_filter.addItem(status.label, status)
        self.risk_filter = QComboBox()
        self.risk_filter.setObjectName("risk_filter")
        self.risk_filter.setAccessibleName("Show learners by risk")
        self.risk_filter.addItem("Any risk", None)
        for level in (RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW, RiskLevel.NONE):
            self.risk_filter.addItem(f"Risk: {level.label}", level)
        self.domain_filter = QComboBox()
        self.domain_filter.setObjectName("domain_filter")
        self.domain_filter.setAccessibleName("Show learners by risk domain")
        self.domain_filter.addItem("Any risk domain", None)
        for code, label in RISK_DOMAINS:
            self.domain_filter.addItem(label, code)
        self.group_filter = QComboBox()
        self.group_filter.setObjectName("group_filter")
        self.group_filter.setAccessibleName("Show learners by group")
        self.group_filter.addItem("Any group", None)
        self.overdue_only = QCheckBox("Overdue only")
        self.overdue_only.setObjectName("overdue_only")
        self.count_label = QLabel()
        self.count_label.setObjectName("caseload_count")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for widget in (self.status_filter, self.risk_filter, self.domain_filter, self.group_filter):
            filters.addWidget(widget, 1)
        filters.addWidget(self.overdue_only)

        self.table = _table(self.model)
        self.table.setObjectName("caseload_table")
        self.table.setAccessibleName("Caseload")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate((155, 90, 190, 62, 290, 95, 130)):
            self.table.setColumnWidth(column, width)

        self.due_table = _table(self.due_model)
        self.due_table.setObjectName("due_table")
        self.due_table.setAccessibleName("Due")
        for column, width in enumerate((118, 140)):
            self.due_table.setColumnWidth(column, width)
        self.due_title = QLabel()
        self.due_title.setObjectName("due_title")
        due_panel = QWidget()
        due_layout = QVBoxLayout(due_panel)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(self.due_title)
        due_layout.addWidget(self.due_table)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(due_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([940, 400])

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)

        self.search.textChanged.connect(self._apply_filter)
        for combo in (self.status_filter, self.risk_filter, self.domain_filter, self.group_filter):
            combo.currentIndexChanged.connect(self._apply_filter)
        self.overdue_only.toggled.connect(self._apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(self._activated)
        self.due_table.activated.connect(self._due_activated)
        self.due_table.clicked.connect(self._due_clicked)
        self._selected: int | None = None
        self._update_count()

    # -- data -----------------------------------------------------------------------------------

    def load(
        self, rows: Sequence[CaseloadRow], due: Sequence[DueItem], groups: Sequence[tuple[int, str]]
    ) -> None:
        """Show fresh rows, keeping the filters and the selected learner."""
        keep = self._selected
        current_group = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem("Any group", None)
        for term_id, label in groups:
            self.group_filter.addItem(label, term_id)
        index = self.group_filter.findData(current_group)
        self.group_filter.setCurrentIndex(max(0, index))
        self.group_filter.blockSignals(False)
        self.model.set_rows(rows, self.current_filter())
        self.due_model.set_items(due)
        self._show_due_title()
        self._update_count()
        if keep is not None:
            self.select_learner(keep)

    def update_learners(
        self, learner_ids: Collection[int], rows: Sequence[CaseloadRow], due: Sequence[DueItem]
    ) -> None:
        """Put the fresh rows and due items of `learner_ids` in place of theirs, keeping the filters and the
        selected learner; the other rows are not read again."""
        keep = self._selected
        reset = self.model.update_rows(learner_ids, rows)
        self.due_model.replace_learners(learner_ids, due, self._names)
        self._show_due_title()
        self._update_count()
        if reset and keep is not None:
            self.select_learner(keep)

    def _names(self, learner_id: int) -> tuple[str, str] | None:
        row = self.model.find(learner_id)
        return (row.family_name, row.given_name) if row is not None else None

    def _show_due_title(self) -> None:
        overdue, total = self.due_model.overdue_count, self.due_model.rowCount()
        self.due_title.setText(f"<b>Due</b> · {overdue} overdue, {total - overdue} this week")

    def clear(self) -> None:
        self.model.clear()
        self.due_model.clear()
        self.due_title.clear()
        self.search.clear()
        self._selected = None
        self._update_count()

    # -- filters --------------------------------------------------------------------------------

    def current_filter(self) -> CaseloadFilter:
        status = self.status_filter.currentData()
        level = self.risk_filter.currentData()
        return CaseloadFilter(
            text=self.search.text(),
            statuses=frozenset({status}) if status is not None else frozenset(),
            risk_levels=frozenset({level}) if level is not None else frozenset(),
            overdue_only=self.overdue_only.isChecked(),
            group_id=self.group_filter.currentData(),
            risk_domain=self.domain_filter.currentData(),
        )

    def _apply_filter(self) -> None:
        keep = self._selected
        self.model.set_filter(self.current_filter())
        self._update_count()
        if keep is not None:
            self.select_learner(keep)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.count_label.setText(
            f"{total} learners" if shown == total else f"Showing {shown} of {total} learners"
        )

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- selection ------------------------------------------------------------------------------

    @property
    def selected_learner(self) -> int | None:
        return self._selected

    def select_learner(self, learner_id: int) -> bool:
        row = self.model.row_of(learner_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        learner_id = current.data(LEARNER_ID_ROLE) if current.isValid() else None
        if learner_id != self._selected:
            self._selected = learner_id
            self.learner_selected.emit(learner_id)

    def _activated(self, index: QModelIndex) -> None:
        learner_id = index.data(LEARNER_ID_ROLE)
        if learner_id is not None:
            self.learner_activated.emit(int(learner_id))

    def _due_clicked(self, index: QModelIndex) -> None:
        learner_id = index.data(LEARNER_ID_ROLE)
        if learner_id is not None and not self.select_learner(int(learner_id)):
            # Hidden by the filters: clear them so the learner the tutor asked for is visible.
            self.reset_filters()
            self.select_learner(int(learner_id))

    def _due_activated(self, index: QModelIndex) -> None:
        self._due_clicked(index)
        learner_id = index.data(LEARNER_ID_ROLE)
        if learner_id is not None:
            self.learner_activated.emit(int(learner_id))

    def reset_filters(self) -> None:
        for combo in (self.status_filter, self.risk_filter, self.domain_filter, self.group_filter):
            combo.setCurrentIndex(0)
        self.overdue_only.setChecked(False)
        self.search.clear()
