"""The Transitions tab's "The move" page: the checklist for the kind of move (from `forms/checklists/`),
grouped as the file groups it, each item with who does it, by when, when it was done and a note; and below
it the warm handover log (who went with the young person, whom they met, where and when).

Ticking an item records today; unticking can be undone. An item past its date and not done is marked in
amber, with words that say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tutordesk.documents.checklists import Checklist, ChecklistItem
from tutordesk.domain.dates import short_date
from tutordesk.services.transitions.moves import (
    HandoverEventInput,
    HandoverEventView,
    ItemInput,
    ItemView,
    TransitionView,
    checklist_of,
    handover_events,
    remove_handover_event,
    save_handover_event,
    save_item,
)
from tutordesk.ui.transitions.move_dialogs import HandoverEventDialog, ItemDialog
from tutordesk.ui.transitions.panel import TransitionPanel
from tutordesk.ui.widgets.dialogs import confirm
from tutordesk.ui.widgets.fields import colour_text, hint
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.panel_parts import AMBER, UndoBar
from tutordesk.ui.widgets.record_table import Column, RecordSection

HANDOVER_COLUMNS = (
    Column("Date", lambda e: short_date(e.happened_on)),
    Column("Went with them", lambda e: e.accompanied_by),
    Column("Introduced to", lambda e: e.introduced_to),
    Column("Where", lambda e: e.place),
    Column("Note", lambda e: e.note, whole_tip=True),
)
HANDOVER_EMPTY = (
    "No warm handover written down yet. When a trusted adult goes with the young person to the new setting "
    "and introduces them to someone there, add it with “Add entry…”."
)


class _ItemLabel(QLabel):
    """An item's wrapped text: a click ticks it as the box would, a double click opens its details."""

    clicked = Signal()
    double_clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.double_clicked.emit()


@dataclass(frozen=True)
class _Row:
    item: ChecklistItem
    check: QCheckBox
    status: QLabel
    details: QPushButton


@dataclass(frozen=True)
class _Unticked:
    item: ChecklistItem
    done_on: date


def overdue(view: ItemView, today: date) -> bool:
    return not view.done and view.due_on is not None and view.due_on < today


def progress_text(done: int, total: int, late: int) -> str:
    """ "6 of 9 done", and how many are past their date, if any."""
    text = f"{done} of {total} done"
    if late:
        text += " · 1 past its date" if late == 1 else f" · {late} past their dates"
    return text


def status_text(view: ItemView, today: date) -> str:
    """ "Sam · due 3 Feb · done 2 Feb": who, by when and when, as far as they are known."""
    bits = [view.owner] if view.owner else []
    if view.done_on is not None:
        bits.append(f"done {short_date(view.done_on, today=today)}")
    elif view.due_on is not None:
        late = " — past its date" if view.due_on < today else ""
        bits.append(f"due {short_date(view.due_on, today=today)}{late}")
    return " · ".join(bits)


class MovePanel(TransitionPanel):
    """The checklist and warm handover of one move."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "move", parent)
        self.setObjectName("move_panel")
        self.dialog: QDialog | None = None  # the dialog while it is open
        self.unticked: _Unticked | None = None  # what Undo puts back
        self.checklist: Checklist | None = None
        self.rows: dict[str, _Row] = {}
        self.items: dict[str, ItemView] = {}

        self.lock_note = QLabel()
        self.lock_note.setObjectName("move_lock_note")
        self.lock_note.setWordWrap(True)
        self.undo_bar = UndoBar("move")
        self.undo_bar.button.clicked.connect(self.undo_untick)
        self.checklist_box = QGroupBox("Checklist")
        self.checklist_box.setObjectName("move_checklist")
        self.progress = QLabel()
        self.progress.setObjectName("move_progress")
        self.description = hint("")
        self.items_holder = QWidget()  # replaced when the kind of move (and so the checklist) changes
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll = scroll
        scroll.setWidget(self.items_holder)
        box_layout = QVBoxLayout(self.checklist_box)
        box_layout.addWidget(self.progress)
        box_layout.addWidget(self.description)
        box_layout.addWidget(scroll, 1)

        self.handover = RecordSection(
            "Warm handover", "handover_log", HANDOVER_COLUMNS, HANDOVER_EMPTY, "&Add entry…", stretch=(4,)
        )
        self.handover.setObjectName("handover_section")
        self.handover.add_button.setObjectName("handover_add")
        self.handover.edit_button.setObjectName("handover_edit")
        self.handover.delete_button.setObjectName("handover_delete")
        self.handover.delete_button.setText("Delete…")
        self.handover.view.setAccessibleName("Warm handover log, oldest first")
        self.handover.wire(self.add_event, self.edit_event, self.delete_event)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.checklist_box)
        split.addWidget(self.handover)
        split.setSizes([480, 240])
        split.setStretchFactor(0, 3)  # the checklist is the page's main work; the log is a few lines
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self.body)
        layout.addWidget(self.lock_note)
        layout.addWidget(self.undo_bar)
        layout.addWidget(split, 1)
        shortcut = QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo_untick)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload()

    def show_transition(self, learner_id: int | None, transition: TransitionView | None) -> None:
        if (transition.id if transition is not None else None) != self.transition_id:
            self.unticked = None  # an Undo belongs to the move it was offered on
            if self.dialog is not None:
                self.dialog.done(0)
        super().show_transition(learner_id, transition)

    # --- building (once per checklist) --------------------------------------------------------------------

    def _build_items(self, checklist: Checklist) -> None:
        holder = QWidget()
        holder.setObjectName("move_items")
        grid = QGridLayout(holder)
        grid.setColumnStretch(1, 1)
        self.rows = {}
        group = ""
        for item in checklist.items:
            if item.group and item.group != group:
                group = item.group
                heading = QLabel(f"<b>{escape(group)}</b>")
                heading.setContentsMargins(0, 6, 0, 0)
                grid.addWidget(heading, grid.rowCount(), 0, 1, 3)
            self._add_row(grid, item)
        grid.setRowStretch(grid.rowCount(), 1)
        self.scroll.setWidget(holder)  # the previous holder (another checklist) is deleted by the scroll area
        self.items_holder = holder
        self.checklist = checklist

    def _add_row(self, grid: QGridLayout, item: ChecklistItem) -> None:
        check = QCheckBox()
        check.setObjectName(f"item_{item.id}")
        check.setAccessibleName(item.text)
        check.clicked.connect(lambda checked, i=item.id: self.set_done(i, checked))
        label = _ItemLabel(item.text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # an item's words are shown as written, "&" and all
        label.clicked.connect(lambda: check.isEnabled() and check.click())
        label.double_clicked.connect(lambda i=item.id: self.open_details(i))
        status = QLabel()
        status.setObjectName(f"status_{item.id}")
        details = QPushButton("Details…")
        details.setObjectName(f"details_{item.id}")
        details.setAccessibleName(f"Details: {item.text}")
        details.setToolTip("Who does it, by when, when it was done, and a note (or double-click the item)")
        details.setAutoDefault(False)
        details.clicked.connect(lambda _=False, i=item.id: self.open_details(i))
        for widget in (check, label):
            if item.help:
                widget.setToolTip(item.help)
        line = grid.rowCount()
        grid.addWidget(check, line, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(label, line, 1)
        # Who and when go under the item's words: beside them, a long item would squeeze them out of sight.
        grid.addWidget(status, line + 1, 1)
        grid.addWidget(details, line, 2, 2, 1, Qt.AlignmentFlag.AlignTop)
        self.rows[item.id] = _Row(item, check, status, details)

    # --- reading ------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        transition_id = self.transition_id
        if transition_id is None:
            return
        found = self.run(
            lambda uow: (
                checklist_of(uow, transition_id=transition_id),
                handover_events(uow, transition_id=transition_id),
            )
        )
        if found is None:
            self.clear()
            return
        (checklist, views), events = found
        if self.checklist is None or self.checklist.id != checklist.id:
            self._build_items(checklist)
        today, editable = self.context.today(), self.editable
        self.checklist_box.setTitle(f"Checklist: {checklist.title}")
        self.description.setText(checklist.description)
        self.description.setVisible(bool(checklist.description))
        self.items = {view.item.id: view for view in views if view.item is not None}
        done = sum(view.done for view in self.items.values())
        late = sum(overdue(view, today) for view in self.items.values())
        self.progress.setText(progress_text(done, len(self.items), late))
        for item_id, row in self.rows.items():
            view = self.items.get(item_id)
            if view is None:
                continue
            row.check.setChecked(view.done)
            row.check.setEnabled(editable)
            row.details.setEnabled(editable)
            row.status.setText(status_text(view, today))
            row.status.setVisible(bool(row.status.text()))  # no empty line under an item nobody owns yet
            if overdue(view, today):
                colour_text(row.status, AMBER)
            else:
                row.status.setPalette(QPalette())  # back to the theme's own colours
            row.status.setToolTip(view.note or row.item.help)
        self.lock_note.setText(self.lock_text())
        self.lock_note.setVisible(bool(self.lock_note.text()))
        self.handover.set_rows(events)
        self.handover.update_enabled(editable)
        unticked = self.unticked if editable else None
        self.undo_bar.offer(
            f"Unticked “{unticked.item.text}” (done {short_date(unticked.done_on, today=today)})."
            if unticked is not None
            else None
        )

    def clear(self) -> None:
        self.items = {}
        self.unticked = None
        self.undo_bar.offer(None)
        self.handover.set_rows([])

    # --- the checklist ------------------------------------------------------------------------------------

    def set_done(self, item_id: str, done: bool) -> None:
        """Tick an item with today's date, or untick it (offering Undo); nothing is asked either way."""
        transition_id, view = self.transition_id, self.items.get(item_id)
        if transition_id is None or view is None or not self.editable:
            self.reload()
            return
        data = ItemInput(view.owner, view.due_on, self.context.today() if done else None, view.note)
        if self.operate(lambda uow: save_item(uow, transition_id=transition_id, item_id=item_id, data=data)):
            taken = not done and view.done_on is not None and view.item is not None
            self.unticked = _Unticked(view.item, view.done_on) if taken else None  # type: ignore[arg-type]
        self.reload()

    def undo_untick(self) -> None:
        unticked, transition_id = self.unticked, self.transition_id
        if unticked is None or transition_id is None or not self.editable:
            return
        view = self.items.get(unticked.item.id)
        if view is None:
            return
        data = ItemInput(view.owner, view.due_on, unticked.done_on, view.note)
        self.run(
            lambda uow: save_item(uow, transition_id=transition_id, item_id=unticked.item.id, data=data),
            commit=True,
        )
        self.unticked = None
        self.reload()

    def open_details(self, item_id: str) -> None:
        """Who does it, by when, when it was done, and a note."""
        view, transition_id = self.items.get(item_id), self.transition_id
        if view is None or view.item is None or transition_id is None or not self.editable:
            return
        if self.dialog is not None:
            return

        def save(data: ItemInput) -> bool:
            if not self.operate(
                lambda uow: save_item(uow, transition_id=transition_id, item_id=item_id, data=data)
            ):
                return False
            self.unticked = None
            self.reload()
            return True

        current = ItemInput(view.owner, view.due_on, view.done_on, view.note)
        self._show_dialog(
            ItemDialog(
                item_text=view.item.text, help_text=view.item.help, item=current, on_save=save, parent=self
            )
        )

    # --- the warm handover log ----------------------------------------------------------------------------

    def selected_event(self) -> HandoverEventView | None:
        chosen: HandoverEventView | None = self.handover.view.selected()
        return chosen

    def add_event(self) -> None:
        self._open_event(None)

    def edit_event(self) -> None:
        chosen = self.selected_event()
        if chosen is not None:
            self._open_event(chosen)

    def _open_event(self, event: HandoverEventView | None) -> None:
        transition_id = self.transition_id
        if transition_id is None or not self.editable or self.dialog is not None:
            return
        event_id = event.id if event is not None else None

        def save(data: HandoverEventInput) -> bool:
            saved = self.run(
                lambda uow: save_handover_event(
                    uow, transition_id=transition_id, data=data, event_id=event_id
                ),
                commit=True,
            )
            if saved is None:
                return False
            self.reload()
            self.handover.view.select_where(lambda e: e.id == saved)
            return True

        self._show_dialog(HandoverEventDialog(event, today=self.context.today(), on_save=save, parent=self))

    def delete_event(self) -> None:
        chosen = self.selected_event()
        if chosen is None or not self.editable:
            return
        if confirm(
            self,
            f"Delete the handover entry of {short_date(chosen.happened_on)}?",
            "Delete entry",
            "This cannot be undone.",
        ):
            self.operate(lambda uow: remove_handover_event(uow, event_id=chosen.id))
            self.reload()

    def _show_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
