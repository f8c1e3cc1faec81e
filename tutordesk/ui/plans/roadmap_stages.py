"""The road map's stages and goals: the tree, its buttons and keys, and each change to a stage or goal.

Removing a stage or goal can be undone (the inline "Undo" or Ctrl+Z) until the next change. On an agreed
version only progress changes: "Mark as" and the status in the edit dialogs stay open, the rest is locked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar, cast

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.plan_enums import GoalStatus, StageStatus
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.plans.roadmap import GoalView, PlanView, StageView
from tutordesk.ui.plans.roadmap_model import RoadmapModel
from tutordesk.ui.plans.stage_dialog import StageDialog
from tutordesk.ui.widgets.goal_dialog import GoalDialog
from tutordesk.ui.widgets.item_dialog import ItemDialog
from tutordesk.vault.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from tutordesk.ui.widgets.panel import Outcome, PanelContext

T = TypeVar("T")


class RoadmapHost(Protocol):
    """What the stages editor asks of the road-map panel that holds it. A protocol rather than an import of
    `RoadmapPanel`, so the panel and its editor do not import each other."""

    plan: PlanView | None
    context: PanelContext

    def content_editable(self) -> bool: ...
    def progress_editable(self) -> bool: ...
    def read_only_reason(self) -> str: ...
    def reload(self) -> None: ...
    def save_pending(self) -> None: ...
    def show_dialog(self, dialog: QDialog) -> None: ...
    def run(self, action: Callable[[UnitOfWork], T], *, commit: bool = False) -> T | None: ...
    def operate(self, action: Callable[[UnitOfWork], T]) -> Outcome[T]: ...


Undo = tuple[str, Callable[[UnitOfWork], int], str]  # (what was removed, how to put it back, "stage"/"goal")

# (attribute, button text, tooltip, keys on the tree, keys as the tooltip shows them)
_ACTIONS = (
    (
        "add_stage_action",
        "Add stage…",
        "Add a stage to the end of the road map",
        ("Ins",),
        "Ins or Ctrl+Shift+N",
    ),
    ("add_goal_action", "Add goal…", "Add a SMART goal to the selected stage", ("Shift+Ins",), "Shift+Ins"),
    ("edit_action", "Edit…", "Edit the selected stage or goal", ("Return", "Enter"), "Enter"),
    ("remove_action", "Remove", "Remove the selected stage or goal (you can undo it)", ("Del",), "Del"),
    ("up_action", "Move up", "Move the selected stage earlier in the road map", ("Alt+Up",), "Alt+Up"),
    ("down_action", "Move down", "Move the selected stage later in the road map", ("Alt+Down",), "Alt+Down"),
)


def _clip(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class StagesEditor(QWidget):
    """The stages-and-goals part of the road map's panel, which it asks for the plan, the vault and what is
    allowed."""

    def __init__(self, panel: RoadmapHost) -> None:
        super().__init__(cast(QWidget, panel))  # the host is the road map's panel, a widget
        self.panel = panel
        self.undo: Undo | None = None
        self.model = RoadmapModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("stages")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.doubleClicked.connect(lambda _: self.edit_selected(allow_view=True))
        self.tree.selectionModel().currentChanged.connect(lambda *_: self.update_actions())
        self.model.modelReset.connect(self.tree.expandAll)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(RoadmapModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 210), (2, 185), (3, 115), (4, 100), (5, 85), (6, 95)):
            self.tree.setColumnWidth(column, width)

        slots = {
            "add_stage_action": self.add_stage,
            "add_goal_action": self.add_goal,
            "edit_action": self.edit_selected,
            "remove_action": self.remove_selected,
            "up_action": lambda: self.move_selected(-1),
            "down_action": lambda: self.move_selected(1),
        }
        row = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        for name, text, tip, keys, shown_keys in _ACTIONS:
            action = self._action(text, tip, slots[name])
            setattr(self, name, action)
            # Keys on the tree only, so Enter, Delete and Ctrl+Z keep their usual meaning in the text boxes.
            for key in keys:
                self._key(key, self.tree, action)
            button = QPushButton(text)
            button.setObjectName(text.rstrip("…").lower().replace(" ", "_") + "_button")
            button.setToolTip(f"{tip} ({shown_keys})")
            button.setAutoDefault(False)
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            row.addWidget(button)
            self.buttons.append(button)
        self.undo_action = self._action("Undo", "Put back what was just removed", self.undo_remove)
        self._key("Ctrl+Z", self.tree, self.undo_action)
        add_anywhere = self._key("Ctrl+Shift+N", cast(QWidget, panel), self.add_stage_action)
        add_anywhere.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.status_menu = QMenu("Mark as", self)
        self.status_menu.aboutToShow.connect(lambda: self._fill_status_menu(self.status_menu))
        self.status_button = QPushButton("Mark as")
        self.status_button.setObjectName("status_button")
        self.status_button.setToolTip(
            "Record progress on the selected stage or goal (also on an agreed plan)"
        )
        self.status_button.setMenu(self.status_menu)
        self.buttons.append(self.status_button)
        row.addWidget(self.status_button)
        row.addStretch(1)

        self.undo_bar = QWidget()
        self.undo_text = QLabel()
        self.undo_text.setObjectName("undo_text")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("undo_button")
        self.undo_button.setToolTip("Put it back (Ctrl+Z)")
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self.undo_remove)
        undo_row = QHBoxLayout(self.undo_bar)
        undo_row.setContentsMargins(0, 0, 0, 0)
        undo_row.addWidget(self.undo_text)
        undo_row.addWidget(self.undo_button)
        undo_row.addStretch(1)
        self.undo_bar.hide()

        title = QLabel("Stages and &goals")
        title.setBuddy(self.tree)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.undo_bar)
        layout.addLayout(row)

    def _action(self, text: str, tip: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.triggered.connect(lambda: slot())
        return action

    @staticmethod
    def _key(key: str, owner: QWidget, action: QAction) -> QShortcut:
        shortcut = QShortcut(QKeySequence(key), owner)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(action.trigger)
        return shortcut

    # -- state -----------------------------------------------------------------------------------

    def update_actions(self) -> None:
        content, progress = self.panel.content_editable(), self.panel.progress_editable()
        plan = self.panel.plan
        stage, goal = self.selected()
        row = self.tree.currentIndex().row()
        whole_stage = stage is not None and goal is None
        self.add_stage_action.setEnabled(content)
        self.add_goal_action.setEnabled(content and stage is not None)
        self.edit_action.setEnabled((content or progress) and stage is not None)
        self.remove_action.setEnabled(content and stage is not None)
        self.up_action.setEnabled(content and whole_stage and row > 0)
        self.down_action.setEnabled(
            content and whole_stage and plan is not None and row < len(plan.stages) - 1
        )
        self.status_button.setEnabled(progress and stage is not None)
        self.undo_action.setEnabled(content and self.undo is not None)
        self.undo_bar.setVisible(content and self.undo is not None)
        self.undo_text.setText(self.undo[0] if self.undo is not None else "")

    def selected(self) -> tuple[StageView | None, GoalView | None]:
        """The selected stage (a goal's own stage when a goal is selected) and goal."""
        index = self.tree.currentIndex()
        return self.model.stage_at(index), self.model.goal_at(index)

    def select(self, kind: str, item_id: int) -> None:
        index = self.model.index_of(kind, item_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        self.update_actions()

    # -- changes ---------------------------------------------------------------------------------

    def _open(self, dialog: ItemDialog, on_accept: Callable[[], None]) -> None:
        dialog.accepted.connect(on_accept)
        self.panel.show_dialog(dialog)

    def _change(self, action: Callable[[UnitOfWork], int], kind: str, *, keep_undo: bool = False) -> None:
        """Run one change, reload, and select what it returned (an id) or else what was selected."""
        self.panel.save_pending()
        if not keep_undo:
            self.undo = None
        stage, goal = self.selected()
        current = ("goal", goal.id) if goal is not None else ("stage", stage.id) if stage else None
        done = self.panel.operate(action)
        self.panel.reload()
        if done and done.value:
            self.select(kind, done.value)
        elif current is not None:
            self.select(*current)

    def _plan_started(self) -> date | None:
        plan = self.panel.plan
        if plan is None or plan.started_on is None:
            return None
        return min(plan.started_on, self.panel.context.today())  # never after the day the tutor works in

    def add_stage(self) -> None:
        plan = self.panel.plan
        if not self.panel.content_editable() or plan is None:
            return
        dialog = StageDialog(plan_started=self._plan_started(), parent=self)
        version_id = plan.version_id
        self._open(
            dialog,
            lambda: self._change(
                lambda uow: plans.add_stage(uow, version_id=version_id, stage=dialog.value()), "stage"
            ),
        )

    def add_goal(self) -> None:
        stage, _goal = self.selected()
        if not self.panel.content_editable() or stage is None:
            return
        dialog = GoalDialog(
            today=self.panel.context.today(),
            stage_title=stage.title,
            stage_target=stage.target_on,
            plan_started=self._plan_started(),
            parent=self,
        )
        self._open(
            dialog,
            lambda: self._change(
                lambda uow: plans.add_goal(uow, stage_id=stage.id, goal=dialog.value()), "goal"
            ),
        )

    def edit_selected(self, *, allow_view: bool = False) -> None:
        """Open the selected stage or goal; `allow_view` opens it read-only when it cannot be changed."""
        stage, goal = self.selected()
        if stage is None or not (self.edit_action.isEnabled() or allow_view):
            return
        locked, read_only = not self.panel.content_editable(), not self.panel.progress_editable()
        if goal is not None:
            goal_dialog = GoalDialog(
                goal,
                today=self.panel.context.today(),
                stage_title=stage.title,
                stage_target=stage.target_on,
                plan_started=self._plan_started(),
                content_locked=locked,
                read_only=read_only,
                reason=self.panel.read_only_reason(),
                parent=self,
            )

            def save(uow: UnitOfWork) -> int:
                plans.update_goal(uow, goal_id=goal.id, goal=goal_dialog.value())
                return goal.id

            dialog: ItemDialog = goal_dialog
        else:
            stage_dialog = StageDialog(
                stage,
                plan_started=self._plan_started(),
                content_locked=locked,
                read_only=read_only,
                reason=self.panel.read_only_reason(),
                parent=self,
            )

            def save(uow: UnitOfWork) -> int:
                plans.update_stage(uow, stage_id=stage.id, stage=stage_dialog.value())
                return stage.id

            dialog = stage_dialog
        kind = "goal" if goal is not None else "stage"
        self._open(dialog, lambda: None if read_only else self._change(save, kind, keep_undo=True))

    def remove_selected(self) -> None:
        stage, goal = self.selected()
        plan = self.panel.plan
        if not self.panel.content_editable() or stage is None or plan is None:
            return
        version_id = plan.version_id
        self.panel.save_pending()
        if goal is not None:
            gone_goal = self.panel.run(lambda uow: plans.remove_goal(uow, goal_id=goal.id), commit=True)
            if gone_goal is not None:
                self.undo = (
                    f"Goal “{_clip(goal.text)}” removed.",
                    lambda uow: plans.restore_goal(uow, removed=gone_goal),
                    "goal",
                )
        else:
            gone_stage = self.panel.run(lambda uow: plans.remove_stage(uow, stage_id=stage.id), commit=True)
            if gone_stage is not None:
                goals = len(gone_stage.goals)
                with_goals = f" and its {goals} goal{'s' if goals != 1 else ''}" if goals else ""
                self.undo = (
                    f"Stage “{_clip(stage.title)}”{with_goals} removed.",
                    lambda uow: plans.restore_stage(uow, version_id=version_id, removed=gone_stage),
                    "stage",
                )
        self.panel.reload()
        self.tree.setFocus()

    def undo_remove(self) -> None:
        if self.undo is None or not self.panel.content_editable():
            return
        _text, action, kind = self.undo
        self._change(action, kind)  # clears the undo: each removal is undone once

    def move_selected(self, offset: int) -> None:
        stage, goal = self.selected()
        if not self.panel.content_editable() or stage is None or goal is not None:
            return
        self._change(
            lambda uow: plans.move_stage(uow, stage_id=stage.id, offset=offset) or stage.id,
            "stage",
            keep_undo=True,
        )

    def set_status(self, status: str) -> None:
        """Record progress on the selected stage or goal; allowed on the agreed version too."""
        stage, goal = self.selected()
        if not self.panel.progress_editable() or stage is None:
            return
        if goal is not None:
            self._change(
                lambda uow: plans.set_goal_status(uow, goal_id=goal.id, status=status) or goal.id,
                "goal",
                keep_undo=True,
            )
        else:
            self._change(
                lambda uow: plans.set_stage_status(uow, stage_id=stage.id, status=status) or stage.id,
                "stage",
                keep_undo=True,
            )

    # -- menus -----------------------------------------------------------------------------------

    def _fill_status_menu(self, menu: QMenu) -> None:
        menu.clear()
        stage, goal = self.selected()
        if stage is None or not self.panel.progress_editable():
            return
        current = goal.status if goal is not None else stage.status
        choices = list(GoalStatus) if goal is not None else list(StageStatus)
        for choice in choices:
            action = menu.addAction(choice.label)
            action.setCheckable(True)
            action.setChecked(choice.value == current)
            action.triggered.connect(lambda _=False, value=choice.value: self.set_status(value))

    def _context_menu(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a new menu per right-click
        for name, *_ in _ACTIONS:
            menu.addAction(getattr(self, name))
        if self.panel.progress_editable() and index.isValid():
            menu.addSeparator()
            self._fill_status_menu(menu.addMenu("Mark as"))
        menu.popup(self.tree.viewport().mapToGlobal(position))
