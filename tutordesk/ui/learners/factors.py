"""The pickers over taxonomies in the learner profile: risk and protective factors (with date identified,
date resolved and a note each) and beneficiary groups. Both are grouped, searchable trees of checkboxes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tutordesk.services.learners.profiles import FactorEntry, TermChoice
from tutordesk.ui.learners.fields import format_date
from tutordesk.ui.widgets.fields import (
    PROBLEM_COLOUR,
    OptionalDateEdit,
    ProblemLabel,
    mark_sensitive,
    sensitive_label,
)

_TERM_ROLE = Qt.ItemDataRole.UserRole
_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
_PROBLEM_COLOUR = QColor(PROBLEM_COLOUR)
# Combined once: Python enum flag arithmetic per row cost more than building the rows.
_TERM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable


class _CheckTree(QTreeWidget):
    """A tree whose current item's box Space ticks and unticks: Qt 6's views leave that to the mouse."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        item = self.currentItem()
        if (
            event.key() == Qt.Key.Key_Space
            and item is not None
            and item.flags() & Qt.ItemFlag.ItemIsUserCheckable
        ):
            item.setCheckState(0, _UNCHECKED if item.checkState(0) == _CHECKED else _CHECKED)
            return
        super().keyPressEvent(event)


class _TermTree(QWidget):
    """A search box, a "ticked only" switch and a tree of groups whose terms can be ticked."""

    def __init__(self, choices: Sequence[TermChoice], columns: Sequence[str], noun: str) -> None:
        super().__init__()
        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setPlaceholderText(f"Search {noun}s…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(f"Search {noun}s")
        self.filter.textChanged.connect(self._apply_filter)
        self.ticked_only = QCheckBox("Ticked only")
        self.ticked_only.toggled.connect(self._apply_filter)
        self.tree = _CheckTree()
        self.tree.setObjectName("terms")
        self.tree.setAccessibleName(f"{noun.capitalize()}s to tick")
        self.tree.setHeaderLabels(list(columns))
        self.tree.setUniformRowHeights(True)  # lets Qt skip measuring every row
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 360)
        self.items: dict[int, QTreeWidgetItem] = {}
        bold = QFont()
        bold.setBold(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for choice in choices:
            group = groups.get(choice.group_code)
            if group is None:
                group = QTreeWidgetItem(self.tree, [choice.group_label])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setFont(0, bold)
                groups[choice.group_code] = group
            label = choice.label
            if not choice.active:
                label += " (no longer offered)"
            item = QTreeWidgetItem(group, [label])
            item.setFlags(_TERM_FLAGS)
            item.setCheckState(0, _UNCHECKED)
            item.setData(0, _TERM_ROLE, choice.id)
            item.setData(0, _SEARCH_ROLE, f"{choice.label} {choice.help} {choice.group_label}".casefold())
            item.setToolTip(0, choice.help)
            if choice.sensitive:
                self._mark_sensitive(item, len(columns))
            self.items[choice.id] = item
        self.tree.expandAll()

    @staticmethod
    def _mark_sensitive(item: QTreeWidgetItem, columns: int) -> None:
        font = item.font(0)
        font.setItalic(True)
        item.setFont(0, font)
        item.setToolTip(0, f"{item.toolTip(0)}\n\nSensitive: left out of exports unless chosen.".strip())
        # Words, not a lock emoji: not every desktop has a font with it, and a box tells no one anything.
        if columns == 2:
            item.setText(1, "Sensitive")
        else:
            item.setText(0, f"{item.text(0)} (sensitive)")

    def is_ticked(self, term_id: int) -> bool:
        item = self.items.get(term_id)
        return item is not None and item.checkState(0) == _CHECKED

    def _apply_filter(self) -> None:
        words = self.filter.text().casefold().split()
        ticked_only = self.ticked_only.isChecked()
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            visible = 0
            for row in range(group.childCount()):
                item = group.child(row)
                text = item.data(0, _SEARCH_ROLE)
                show = all(word in text for word in words) and (
                    not ticked_only or item.checkState(0) == _CHECKED
                )
                item.setHidden(not show)
                visible += show
            group.setHidden(visible == 0)

    def _controls(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.filter, 1)
        row.addWidget(self.ticked_only)
        return bar


class FactorPicker(_TermTree):
    """Risk or protective factors: tick a factor, then give when it was identified, resolved and a note."""

    changed = Signal()

    def __init__(self, choices: Sequence[TermChoice], *, list_name: str, noun: str) -> None:
        super().__init__(choices, ("Factor", "Identified", "Resolved", "Note"), noun)
        self.list_name = list_name
        self._labels = {choice.id: choice.label for choice in choices}
        self._entries: dict[int, FactorEntry] = {}
        self._parked: dict[int, FactorEntry] = {}  # unticked this session: ticking again brings the note back
        self._syncing = False
        self.tree.setColumnWidth(1, 90)
        self.tree.setColumnWidth(2, 90)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(lambda *_: self._show_current())

        self.editor = QGroupBox("Tick a factor to add when it was identified and a note")
        self.editor.setObjectName("factor_editor")
        form = QFormLayout(self.editor)
        self.identified = OptionalDateEdit()
        self.identified.setObjectName("identified_on")
        self.resolved = OptionalDateEdit()
        self.resolved.setObjectName("resolved_on")
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText("What was seen or said, and by whom")
        mark_sensitive(self.note)
        form.addRow("Date identified", self.identified)
        form.addRow("Resolved on", self.resolved)
        form.addRow("Note", self.note)
        form.addRow("", sensitive_label("Notes on factors are sensitive — left out of exports unless chosen"))
        self.identified.changed.connect(self._editor_changed)
        self.resolved.changed.connect(self._editor_changed)
        self.note.textChanged.connect(self._editor_changed)
        self.editor.setEnabled(False)
        self.problem = ProblemLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(self._controls())
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.editor)

    # -- the record ---------------------------------------------------------------------------

    def set_entries(self, entries: Iterable[FactorEntry]) -> None:
        self._syncing = True
        try:
            self._entries = {entry.term_id: entry for entry in entries}
            self._parked.clear()
            for term_id, item in self.items.items():
                item.setCheckState(0, _CHECKED if term_id in self._entries else _UNCHECKED)
                self._show_row(term_id)
            self._show_current()
        finally:
            self._syncing = False
        self._apply_filter()

    def entries(self) -> tuple[FactorEntry, ...]:
        return tuple(sorted(self._entries.values(), key=lambda entry: entry.term_id))

    def count(self) -> int:
        return len(self._entries)

    def show_problems(self, problems: Mapping[str, str]) -> None:
        prefix = f"{self.list_name}."
        mine = {int(key[len(prefix) :]): text for key, text in problems.items() if key.startswith(prefix)}
        for term_id, item in self.items.items():
            item.setForeground(0, QBrush(_PROBLEM_COLOUR) if term_id in mine else QBrush())
        self.problem.show_problem(
            "\n".join(f"{self._labels.get(term_id, 'A factor')}: {text}" for term_id, text in mine.items())
            or None
        )

    # -- reacting to the user -----------------------------------------------------------------

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        term_id = item.data(0, _TERM_ROLE)
        if self._syncing or column != 0 or term_id is None:
            return
        ticked = item.checkState(0) == _CHECKED
        if ticked and term_id not in self._entries:
            self._entries[term_id] = self._parked.pop(term_id, None) or FactorEntry(
                term_id=term_id, identified_on=date.today()
            )
        elif not ticked and term_id in self._entries:
            self._parked[term_id] = self._entries.pop(term_id)
        else:
            return
        self.tree.setCurrentItem(item)
        self._syncing = True
        try:
            self._show_row(term_id)
        finally:
            self._syncing = False
        self._show_current()
        self.changed.emit()

    def _current_term(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, _TERM_ROLE) if item is not None else None

    def _show_current(self) -> None:
        term_id = self._current_term()
        entry = self._entries.get(term_id) if term_id is not None else None
        was_syncing, self._syncing = self._syncing, True
        try:
            self.editor.setEnabled(entry is not None)
            if entry is None:
                self.editor.setTitle("Tick a factor to add when it was identified and a note")
                self.identified.set_value(None)
                self.resolved.set_value(None)
                self.note.clear()
            else:
                self.editor.setTitle(self._labels.get(entry.term_id, "Factor"))
                self.identified.set_value(entry.identified_on)
                self.resolved.set_value(entry.resolved_on)
                if self.note.text() != entry.note:
                    self.note.setText(entry.note)
        finally:
            self._syncing = was_syncing

    def _editor_changed(self) -> None:
        term_id = self._current_term()
        if self._syncing or term_id is None or term_id not in self._entries:
            return
        self._entries[term_id] = replace(
            self._entries[term_id],
            identified_on=self.identified.value_if_date(),
            resolved_on=self.resolved.value_if_date(),
            note=self.note.text(),
        )
        self._syncing = True
        try:
            self._show_row(term_id)
        finally:
            self._syncing = False
        self.changed.emit()

    def _show_row(self, term_id: int) -> None:
        item = self.items.get(term_id)
        if item is None:
            return
        entry = self._entries.get(term_id)
        item.setText(1, format_date(entry.identified_on) if entry else "")
        item.setText(2, format_date(entry.resolved_on) if entry else "")
        item.setText(3, entry.note if entry else "")


class GroupPicker(_TermTree):
    """Beneficiary groups; the special-category ones are marked."""

    changed = Signal()

    def __init__(self, choices: Sequence[TermChoice]) -> None:
        super().__init__(choices, ("Group", "Special category"), "group")
        self._syncing = False
        self._unknown: frozenset[int] = frozenset()
        self.tree.itemChanged.connect(self._item_changed)
        self.problem = ProblemLabel()
        layout = QVBoxLayout(self)
        note = sensitive_label(
            "Groups marked Sensitive are special-category data — left out of exports unless chosen"
        )
        layout.addWidget(note)
        layout.addWidget(self._controls())
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.problem)
        layout.addWidget(
            QLabel("Tick every group the young person belongs to. Groups help find who needs what.")
        )

    def set_ids(self, term_ids: frozenset[int]) -> None:
        self._syncing = True
        try:
            for term_id, item in self.items.items():
                item.setCheckState(0, _CHECKED if term_id in term_ids else _UNCHECKED)
        finally:
            self._syncing = False
        self._unknown = term_ids - self.items.keys()  # kept as they are, never dropped by a save
        self._apply_filter()

    def ids(self) -> frozenset[int]:
        return frozenset(term_id for term_id in self.items if self.is_ticked(term_id)) | self._unknown

    def count(self) -> int:
        return len(self.ids())

    def show_problems(self, problems: Mapping[str, str]) -> None:
        self.problem.show_problem(problems.get("group_term_ids"))

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if not self._syncing and column == 0 and item.data(0, _TERM_ROLE) is not None:
            self.changed.emit()
