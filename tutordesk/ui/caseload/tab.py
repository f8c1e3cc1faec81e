"""The Caseload tab: search, filters, the learner table and the Due panel."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
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
from tutordesk.ui.caseload.model import COLUMNS, LEARNER_ID_ROLE, CaseloadModel
from tutordesk.ui.widgets.elided import ElidedTooltips

if TYPE_CHECKING:
    from tutordesk.services.followup.overview import Overview
    from tutordesk.ui.caseload.overview_panel import OverviewPanel

RISK_DOMAINS = (
    ("personal", "Personal"),
    ("social", "Social relations"),
    ("family", "Family"),
    ("institutional", "Institutional"),
    ("structural", "Structural"),
)

#: Columns hidden until chosen in View → Caseload columns: key worker and mentoring.
HIDDEN_AT_FIRST = frozenset((7, 8))

#: What an empty caseload says: the three ways to begin.
EMPTY_CASELOAD = (
    "<p><b>No learners yet.</b></p>"
    "<p>Add the young people you support one by one, or bring in a list you already keep "
    "as a CSV file (a spreadsheet can save one).</p>"
    "<p>Just looking around first? Try TutorDesk with made-up learners in a vault of their own: "
    "close TutorDesk, run <code>tutordesk --vault demo.vault demo --learners 30</code>, then "
    "<code>tutordesk --vault demo.vault</code>.</p>"
)


def _table(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setItemDelegate(ElidedTooltips(view))  # a cut cell shows its whole text as a tooltip
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
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


def fit_columns(view: QTableView, samples: Sequence[str | None]) -> None:
    """Size each column to its header and to `samples[column]`, the widest text it usually holds; a column
    whose sample is None shares what is left of the width (so the table needs no horizontal scroll bar),
    and its cut text shows whole in a tooltip."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    cells = view.fontMetrics()
    titles = header.fontMetrics()
    style = view.style()
    # Room for the cell's margins, and in the header for the sort arrow beside the title.
    padding = 2 * style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 8
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, view) + 2 * (
        style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, view)
    )
    model = view.model()
    for column, sample in enumerate(samples):
        title = str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        if sample is None:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        width = max(
            cells.horizontalAdvance(sample) + padding, titles.horizontalAdvance(title) + padding + arrow
        )
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(column, width)


_TITLES = "|".join(title for title, _, _ in COLUMNS)  # a kept header fits only the columns it was made for


class CaseloadTab(QWidget):
    """Emits `learner_selected` when the current learner changes and `learner_activated` on Enter/double-click."""

    learner_selected = Signal(object)  # int | None
    learner_activated = Signal(int)
    add_requested = Signal()  # the empty caseload's "Add a learner…"
    import_requested = Signal()  # the empty caseload's "Import from CSV…"
    contact_requested = Signal(int, bool)  # learner id, quick note: the right-click menu's "Log a contact…"
    overview_requested = Signal()  # the Overview button: the window reads the counts and calls show_overview

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
        self.overview_button = QPushButton("&Overview")
        self.overview_button.setObjectName("overview_button")
        self.overview_button.setCheckable(True)
        self.overview_button.setToolTip("The whole caseload in counts; choose a bar to see its learners")
        filters.addWidget(self.overview_button)
        # A count of the overview chosen: which learners the table shows, and the way back to them all.
        self._only: tuple[str, frozenset[int]] | None = None
        self.only_label = QLabel()
        self.only_label.setObjectName("caseload_only")
        self.show_all_button = QPushButton("Show &all learners")
        self.show_all_button.setObjectName("caseload_show_all")
        self.show_all_button.clicked.connect(self.show_all)
        only_row = QHBoxLayout()
        only_row.addWidget(self.only_label, 1)
        only_row.addWidget(self.show_all_button)
        self.only_bar = QWidget()
        self.only_bar.setLayout(only_row)
        self.only_bar.hide()

        self.table = _table(self.model)
        self.table.setObjectName("caseload_table")
        self.table.setAccessibleName("Caseload")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        longest_status = max((status.label for status in LearnerStatus), key=len)
        # "None recorded", the longest level; a level with a flag ("Medium · 1 flag") is about as wide.
        longest_risk = max((level.label for level in RiskLevel), key=len)
        # Name, born, status, setting (shares the rest), risk, next due (shares the rest), last contact,
        # key worker, mentoring.
        fit_columns(
            self.table,
            ("Tilly Thistlecombe", "30 Sep 2010", longest_status, None, longest_risk, None, "30 Sep 2026",
             "Morgan Tutorwell", "4 · Closure"),
        )  # fmt: skip
        self.columns_menu = self._build_columns_menu()
        self.empty = QLabel(EMPTY_CASELOAD)
        self.empty.setObjectName("caseload_empty")
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.add_button = QPushButton("Add a learner…")
        self.add_button.setObjectName("caseload_empty_add")
        self.add_button.clicked.connect(self.add_requested)
        self.import_button = QPushButton("Import from CSV…")
        self.import_button.setObjectName("caseload_empty_import")
        self.import_button.clicked.connect(self.import_requested)
        empty_buttons = QHBoxLayout()
        empty_buttons.addStretch(1)
        empty_buttons.addWidget(self.add_button)
        empty_buttons.addWidget(self.import_button)
        empty_buttons.addStretch(1)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty)
        empty_layout.addLayout(empty_buttons)
        empty_layout.addStretch(2)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(empty_page)
        self.overview: OverviewPanel | None = None  # made when first asked for: it stays out of start-up
        self.overview_button.toggled.connect(self._overview_toggled)

        self.due_table = _table(self.due_model)
        self.due_table.setObjectName("due_table")
        self.due_table.setAccessibleName("Due")
        fit_columns(self.due_table, ("30 Sep (overdue)", "Tilly Thistlecombe", None))
        self.due_title = QLabel()
        self.due_title.setObjectName("due_title")
        due_panel = QWidget()
        due_layout = QVBoxLayout(due_panel)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(self.due_title)
        due_layout.addWidget(self.due_table)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table_stack)
        splitter.addWidget(due_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 420])

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.only_bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)

        self.search.textChanged.connect(self._apply_filter)
        for combo in (self.status_filter, self.risk_filter, self.domain_filter, self.group_filter):
            combo.currentIndexChanged.connect(self._apply_filter)
        self.overdue_only.toggled.connect(self._apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(self._activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.due_table.activated.connect(self._due_activated)
        self.due_table.clicked.connect(self._due_clicked)
        self._selected: int | None = None
        self._update_count()

    def _build_columns_menu(self) -> QMenu:
        """Show or hide the table's columns (View → Caseload columns, or a right click on the header).
        The key worker and mentoring columns start hidden, so the rest fit a laptop's screen."""
        menu = QMenu("Caseload &columns", self)
        menu.setObjectName("caseload_columns")
        header = self.table.horizontalHeader()
        for column in range(1, self.model.columnCount()):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            action = menu.addAction(title)
            action.setData(column)
            action.setCheckable(True)
            shown = column not in HIDDEN_AT_FIRST
            action.setChecked(shown)
            header.setSectionHidden(column, not shown)
            action.toggled.connect(lambda on, column=column: header.setSectionHidden(column, not on))
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda point: menu.exec(header.mapToGlobal(point)))
        header.setSectionsMovable(True)  # drag a column's title to put it elsewhere
        header.setFirstSectionMovable(False)  # the name stays first: it says whose row it is
        return menu

    # -- the columns as the person left them ------------------------------------------------------

    def header_state(self) -> tuple[str, bytes]:
        """The columns' widths, order, hidden ones and sort, with the titles they belong to: what the
        window keeps in its settings between sessions (the header's shape only, never a learner's data)."""
        return _TITLES, bytes(self.table.horizontalHeader().saveState().data())

    def restore_header(self, titles: str, state: bytes) -> bool:
        """Put back the columns as kept by `header_state`; ignored when the columns have changed since."""
        header = self.table.horizontalHeader()
        if titles != _TITLES or not state or not header.restoreState(QByteArray(state)):
            return False
        for action in self.columns_menu.actions():
            action.setChecked(not header.isSectionHidden(action.data()))
        self.table.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
        return True

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
            learner_ids=self._only[1] if self._only is not None else None,
        )

    def _apply_filter(self) -> None:
        keep = self._selected
        self.model.set_filter(self.current_filter())
        self._update_count()
        if keep is not None:
            self.select_learner(keep)

    # -- the overview ---------------------------------------------------------------------------

    def _overview_toggled(self, shown: bool) -> None:
        if shown and self.overview is None:
            from tutordesk.ui.caseload.overview_panel import OverviewPanel

            self.overview = OverviewPanel()
            self.table_stack.addWidget(self.overview)
            self.overview.learners_chosen.connect(self.show_only)
        if shown:
            self.overview_requested.emit()
        self._update_count()

    def show_overview(self, overview: Overview) -> None:
        """Draw the counts the window read (`overview_requested`)."""
        if self.overview is not None:
            self.overview.show_overview(overview)

    def show_only(self, label: str, learner_ids: Collection[int]) -> None:
        """Show the learners behind one count of the overview, with the way back to all of them."""
        self._only = (label, frozenset(learner_ids))
        count = len(self._only[1])
        self.only_label.setText(f"Showing the {count} learner{'' if count == 1 else 's'} behind “{label}”.")
        self.only_bar.show()
        self.overview_button.setChecked(False)
        self._apply_filter()
        self.table.setFocus()

    def show_all(self) -> None:
        self._only = None
        self.only_bar.hide()
        self._apply_filter()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        page = 2 if self.overview_button.isChecked() else 1 if total == 0 else 0
        self.table_stack.setCurrentIndex(page)
        noun = "learner" if total == 1 else "learners"
        self.count_label.setText(
            f"{total} {noun}" if shown == total else f"Showing {shown} of {total} {noun}"
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

    def row_menu(self, learner_id: int) -> QMenu:
        """What a right click on a learner offers: log a contact or a quick note, open the profile."""
        menu = QMenu(self)
        menu.setObjectName("caseload_row_menu")
        menu.addAction("Log a con&tact…", lambda: self.contact_requested.emit(learner_id, False))
        menu.addAction("Quic&k note…", lambda: self.contact_requested.emit(learner_id, True))
        menu.addSeparator()
        menu.addAction("&Open learner profile", lambda: self.learner_activated.emit(learner_id))
        return menu

    def _row_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        learner_id = index.data(LEARNER_ID_ROLE) if index.isValid() else None
        if learner_id is None:
            return
        self.select_learner(int(learner_id))
        menu = self.row_menu(int(learner_id))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(position))

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
