"""The Mentoring tab's Phases panel: the four phases of a relationship, each with its checklist from
`forms/checklists/`. Tasks are ticked (today's date, changeable with "Details…"; unticking can be undone);
the trust phase's qualities are reflected on again and again instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tutordesk.documents.checklists import ChecklistItem
from tutordesk.domain.dates import long_date, short_date
from tutordesk.domain.mentoring_enums import Phase
from tutordesk.services.mentoring.relationships import (
    ItemState,
    PhaseRecordView,
    PhaseView,
    RelationshipView,
    SetupState,
    phase_views,
    remove_phase_record,
    setup_state,
    tick_item,
    untick_item,
)
from tutordesk.ui.mentoring.panel import RelationshipPanel
from tutordesk.ui.mentoring.phase_dialog import (
    PhaseRecordDialog,
    ReflectionHistoryDialog,
    lock_text,
)
from tutordesk.ui.widgets.fields import hint
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.panel_parts import UndoBar, gentle

INTRO = (
    "The phases often overlap and take as long as they take: tick things off in whichever phase they belong "
    "to, as they happen. The phase you are mostly in now is chosen at the top of the tab."
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
    phase: Phase
    item: ChecklistItem
    status: QLabel  # "done 3 Sep" for a task; how many reflections and the latest for a quality
    check: QCheckBox | None = None  # tasks only
    buttons: tuple[QPushButton, ...] = ()  # Details… for a task; Reflect… and History… for a quality


@dataclass(frozen=True)
class _Section:
    box: QGroupBox
    progress: QLabel
    current: QLabel


@dataclass(frozen=True)
class _Unticked:
    phase: Phase
    item: ChecklistItem
    record: PhaseRecordView


class PhasesPanel(RelationshipPanel):
    """The four phases of one relationship, built once (the checklists are the same for every
    relationship) and refreshed on every `reload`."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("phases_panel")
        self.dialog: QDialog | None = None  # the dialog while it is open
        self.unticked: _Unticked | None = None  # what Undo puts back
        self.rows: dict[tuple[Phase, str], _Row] = {}
        self.states: dict[tuple[Phase, str], ItemState] = {}
        self.sections: dict[Phase, _Section] = {}

        intro = hint(INTRO)
        intro.setObjectName("phases_intro")
        self.lock_note = QLabel()
        self.lock_note.setObjectName("lock_note")
        self.lock_note.setWordWrap(True)
        self.empty = QLabel("Choose a relationship at the top of the tab, or start one, to see its phases.")
        self.empty.setObjectName("phases_empty")
        self.empty.setWordWrap(True)
        self.undo_bar = UndoBar("phases")
        self.undo_bar.button.clicked.connect(self.undo_untick)
        self.setup_note = gentle(QLabel())
        self.setup_note.setObjectName("setup_note")
        self.setup_note.setWordWrap(True)
        self.setup_note.hide()
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.lock_note)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        shortcut = QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo_untick)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload()

    def show_relationship(self, learner_id: int | None, relationship: RelationshipView | None) -> None:
        if relationship is None or relationship.id != self.relationship_id:
            self.unticked = None  # an Undo belongs to the relationship it was offered on, while it is shown
            if self.dialog is not None:
                self.dialog.done(0)
        super().show_relationship(learner_id, relationship)

    # --- building (once) ----------------------------------------------------------------------------------

    def _build(self, views: list[PhaseView]) -> None:
        for view in views:
            self.body_layout.addWidget(self._section(view))
        self.body_layout.addStretch(1)

    def _section(self, view: PhaseView) -> QGroupBox:
        phase, checklist = view.phase, view.checklist
        box = QGroupBox(f"Phase {phase.number}: {checklist.title}")
        box.setObjectName(f"phase_{phase.value}")
        progress = QLabel()
        progress.setObjectName(f"progress_{phase.value}")
        current = QLabel("<b>● Current phase</b>")
        current.setObjectName(f"current_{phase.value}")
        current.setToolTip("The phase this relationship is mostly in now; change it at the top of the tab.")
        top = QHBoxLayout()
        top.addWidget(progress)
        top.addStretch(1)
        top.addWidget(current)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        if phase == Phase.PREPARATION:
            layout.addWidget(self.setup_note)
        if checklist.description:
            layout.addWidget(hint(checklist.description))
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        group = ""
        for item in checklist.items:
            if item.group and item.group != group:
                group = item.group
                grid.addWidget(QLabel(f"<b>{group}</b>"), grid.rowCount(), 0, 1, 4)
            row = self._quality_row(phase, item) if view.reflective else self._task_row(phase, item)
            self._place(grid, row)
        layout.addLayout(grid)
        self.sections[phase] = _Section(box, progress, current)
        return box

    def _task_row(self, phase: Phase, item: ChecklistItem) -> _Row:
        key = (phase, item.id)
        check = QCheckBox()
        check.setObjectName(f"item_{phase.value}_{item.id}")
        check.setAccessibleName(item.text)
        check.clicked.connect(lambda checked, k=key: self.set_ticked(k, checked))
        details = QPushButton("Details…")
        details.setObjectName(f"details_{phase.value}_{item.id}")
        details.setAccessibleName(f"Details: {item.text}")
        details.setToolTip("The date it was done and a note (or double-click the item)")
        details.clicked.connect(lambda _=False, k=key: self.open_details(k))
        status = QLabel()
        status.setObjectName(f"status_{phase.value}_{item.id}")
        status.setMinimumWidth(status.fontMetrics().horizontalAdvance("done 30 Sep 2026  "))
        return _Row(phase, item, status, check, (details,))

    def _quality_row(self, phase: Phase, item: ChecklistItem) -> _Row:
        key = (phase, item.id)
        reflect = QPushButton("Reflect…")
        reflect.setObjectName(f"reflect_{item.id}")
        reflect.setAccessibleName(f"Reflect: {item.text}")
        reflect.setToolTip("Note when you saw this quality, or noticed it missing")
        reflect.clicked.connect(lambda _=False, k=key: self.reflect(k))
        history = QPushButton("History…")
        history.setObjectName(f"history_{item.id}")
        history.setAccessibleName(f"Earlier reflections: {item.text}")
        history.clicked.connect(lambda _=False, k=key: self.open_history(k))
        status = QLabel()
        status.setObjectName(f"status_{phase.value}_{item.id}")
        return _Row(phase, item, status, None, (reflect, history))

    def _place(self, grid: QGridLayout, row: _Row) -> None:
        key = (row.phase, row.item.id)
        label = _ItemLabel(row.item.text)
        label.setWordWrap(True)
        for widget in (label, row.check, row.status):
            if widget is not None and row.item.help:
                widget.setToolTip(row.item.help)
        if row.check is not None:
            check = row.check
            label.clicked.connect(lambda: check.isEnabled() and check.click())
            label.setBuddy(check)
        label.double_clicked.connect(lambda k=key: self._double_clicked(k))
        line = grid.rowCount()
        if row.check is not None:
            grid.addWidget(row.check, line, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(label, line, 1)
        grid.addWidget(row.status, line, 2)
        buttons = QHBoxLayout()
        for button in row.buttons:
            button.setAutoDefault(False)
            buttons.addWidget(button)
        grid.addLayout(buttons, line, 3)
        self.rows[key] = row

    # --- reading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        relationship_id, today = self.relationship_id, self.context.today()
        found: tuple[list[PhaseView], SetupState] | None = None
        if relationship_id is not None:
            found = self.run(
                lambda uow: (
                    phase_views(uow, relationship_id=relationship_id),
                    setup_state(uow, relationship_id=relationship_id, today=today),
                )
            )
        self.lock_note.setText(lock_text(self))
        self.lock_note.setVisible(bool(self.lock_note.text()))
        self.empty.setVisible(found is None)
        if found is None:
            self.body.hide()
            self.states = {}
            self.undo_bar.offer(None)
            return
        views, setup = found
        if not self.sections:
            self.body.hide()  # built hidden, so showing the body shows the new sections at once
            self._build(views)
        self.body.show()
        self.states = {(view.phase, state.item.id): state for view in views for state in view.items}
        for view in views:
            self._show_phase(view, today)
        self._show_setup(setup)
        self._show_undo(today)

    def _show_phase(self, view: PhaseView, today: date) -> None:
        section = self.sections[view.phase]
        if view.reflective:
            count = sum(len(state.records) for state in view.items)
            section.progress.setText(
                f"{count} reflection{'' if count == 1 else 's'} so far · nothing to finish, come back to them"
                if count
                else "Not reflected on yet · nothing to finish, come back to them from time to time"
            )
        else:
            section.progress.setText(view.progress.label)
        section.current.setVisible(view.current)
        for state in view.items:
            row = self.rows.get((view.phase, state.item.id))
            if row is not None:
                self._show_row(row, state, today)

    def _show_row(self, row: _Row, state: ItemState, today: date) -> None:
        latest = state.records[0] if state.records else None
        editable = self.editable
        if row.check is not None:
            row.check.setChecked(latest is not None)
            row.check.setEnabled(editable)
            row.status.setText(f"done {short_date(latest.done_on, today=today)}" if latest else "")
            row.status.setToolTip(latest.note if latest and latest.note else row.item.help)
            row.buttons[0].setEnabled(editable)
            return
        count = len(state.records)
        if latest is None:
            row.status.setText("Not reflected on yet")
            row.status.setToolTip(row.item.help)
        else:
            note = latest.note.splitlines()[0] if latest.note else ""
            short = f": “{note[:60]}{'…' if len(note) > 60 else ''}”" if note else ""
            times = f"{count} reflection{'' if count == 1 else 's'}"
            row.status.setText(f"{times} · latest {short_date(latest.done_on, today=today)}{short}")
            row.status.setToolTip(latest.note or row.item.help)
        reflect, history = row.buttons
        reflect.setEnabled(editable)
        history.setEnabled(count > 0)  # reading the history is fine on a closed relationship too

    def _show_setup(self, setup: SetupState) -> None:
        if not setup.overdue:
            self.setup_note.hide()
            return
        left = setup.progress.total - setup.progress.done
        self.setup_note.setText(
            f"This checklist was hoped to be done by {long_date(setup.due_on)}, and {left} of "
            f"{setup.progress.total} things are still open. No rush: tick them off as they happen, or have a "
            "look at what is getting in the way."
        )
        self.setup_note.show()

    def _show_undo(self, today: date) -> None:
        unticked = self.unticked if self.editable else None
        self.undo_bar.offer(
            f"Unticked “{unticked.item.text}” (done {short_date(unticked.record.done_on, today=today)})."
            if unticked is not None
            else None
        )

    # --- changing -----------------------------------------------------------------------------------------

    def set_ticked(self, key: tuple[Phase, str], ticked: bool) -> None:
        """Tick a task with today's date, or untick it (offering Undo); nothing is asked either way."""
        relationship_id, (phase, item_id) = self.relationship_id, key
        if relationship_id is None or not self.editable:
            self.reload()
            return
        if ticked:
            today = self.context.today()
            self.run(
                lambda uow: tick_item(
                    uow, relationship_id=relationship_id, phase=phase.value, item_id=item_id, done_on=today
                ),
                commit=True,
            )
            self.unticked = None
        else:
            removed = self.run(
                lambda uow: untick_item(
                    uow, relationship_id=relationship_id, phase=phase.value, item_id=item_id
                ),
                commit=True,
            )
            row = self.rows[key]
            self.unticked = _Unticked(phase, row.item, removed) if removed is not None else None
        self.reload()

    def undo_untick(self) -> None:
        unticked, relationship_id = self.unticked, self.relationship_id
        if unticked is None or relationship_id is None or not self.editable:
            return
        record = unticked.record
        self.run(
            lambda uow: tick_item(
                uow,
                relationship_id=relationship_id,
                phase=unticked.phase.value,
                item_id=unticked.item.id,
                done_on=record.done_on,
                note=record.note,
            ),
            commit=True,
        )
        self.unticked = None
        self.reload()

    def _double_clicked(self, key: tuple[Phase, str]) -> None:
        state = self.states.get(key)
        if key[0] != Phase.TRUST:
            self.open_details(key)
        elif state is not None and state.records:
            self.open_history(key)
        else:
            self.reflect(key)

    def open_details(self, key: tuple[Phase, str]) -> None:
        """The date and note of a task (ticking it, if it was not ticked yet)."""
        state = self.states.get(key)
        if state is None or not self.editable:
            return
        record = state.records[0] if state.records else None
        self._open_record_dialog(
            key,
            title="When it was done",
            done_on=record.done_on if record else self.context.today(),
            note=record.note if record else "",
            prompt="Anything worth remembering about it (optional)",
        )

    def reflect(self, key: tuple[Phase, str]) -> None:
        if key not in self.states or not self.editable:
            return
        self._open_record_dialog(
            key,
            title="Reflect on a quality",
            done_on=self.context.today(),
            note="",
            prompt="When did you see it, or notice it missing? What happened?",
        )

    def _open_record_dialog(
        self, key: tuple[Phase, str], *, title: str, done_on: date, note: str, prompt: str
    ) -> None:
        relationship_id, (phase, item_id), item = self.relationship_id, key, self.states[key].item

        def save(value: tuple[date, str]) -> bool:
            when, text = value
            if relationship_id is None:
                return False
            saved = self.run(
                lambda uow: tick_item(
                    uow,
                    relationship_id=relationship_id,
                    phase=phase.value,
                    item_id=item_id,
                    done_on=when,
                    note=text,
                ),
                commit=True,
            )
            if saved is None:
                return False
            self.unticked = None
            self.reload()
            return True

        dialog = PhaseRecordDialog(
            title=title,
            item_text=item.text,
            help_text=item.help,
            done_on=done_on,
            note=note,
            note_prompt=prompt,
            on_save=save,
            parent=self,
        )
        self._show_dialog(dialog)

    def open_history(self, key: tuple[Phase, str]) -> None:
        state = self.states.get(key)
        if state is None:
            return

        def remove(record: PhaseRecordView) -> list[PhaseRecordView] | None:
            if not self.operate(lambda uow: remove_phase_record(uow, record_id=record.id)):
                return None
            self.reload()
            left = self.states.get(key)
            return list(left.records) if left is not None else []

        dialog = ReflectionHistoryDialog(
            item_text=state.item.text,
            records=state.records,
            can_remove=self.editable,
            on_remove=remove,
            parent=self,
        )
        self._show_dialog(dialog)

    def _show_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
