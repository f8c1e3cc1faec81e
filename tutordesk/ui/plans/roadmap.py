"""The Plans tab's road map: the plan's versions, its header, its stages and SMART goals, and the actions
that agree a version, change an agreed plan or throw away a draft.

Every change is one committed unit of work through `services.plans`. Header edits save after a short pause,
and always before the panel shows another learner or another version or is hidden, so nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import short_date
from tutordesk.domain.plan_enums import PlanStatus
from tutordesk.services.plans import reviews as plan_reviews
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.plans.roadmap import PlanView
from tutordesk.ui.plans.roadmap_header import AgreeDialog, PlanHeaderEditor
from tutordesk.ui.plans.roadmap_model import VERSION_ROLE, VersionListModel
from tutordesk.ui.plans.roadmap_stages import StagesEditor
from tutordesk.ui.widgets.item_dialog import READ_ONLY_VAULT
from tutordesk.ui.widgets.panel import Panel, PanelContext
from tutordesk.vault.unit_of_work import UnitOfWork

SAVE_PAUSE_MS = 800  # header edits are saved this long after the last keystroke
_BANNER_STYLE = (
    "QLabel#roadmap_banner { background: #fff6d5; color: #3b2f00; border: 1px solid #e6cf7a;"
    " border-radius: 4px; padding: 6px 8px; }"
)


class RoadmapPanel(Panel):
    """`RoadmapPanel(context)`; `load(learner_id)` shows that learner's newest plan version."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("roadmap_panel")
        self.plan: PlanView | None = None
        self.viewing: int | None = None  # a version picked in the timeline; None follows the newest
        self.notice = ""  # said after agreeing, until another learner is shown
        self.pending_dialog: QDialog | None = None  # the dialog last opened, for whoever drives the panel
        self._header_dirty = False
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_PAUSE_MS)
        self._save_timer.timeout.connect(self.save_pending)
        self.versions = VersionListModel(self)
        self._build()
        self.update_actions()

    # -- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.nobody = QLabel("")
        self.empty = self._build_empty()
        self.plan_page = QWidget()
        self.pages = QStackedWidget()
        for page in (self.nobody, self.empty, self.plan_page):
            self.pages.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        self.heading = QLabel()
        self.heading.setObjectName("roadmap_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        self.save_state = QLabel()
        self.save_state.setObjectName("save_state")
        self.agree_button = QPushButton("Agree this version…")
        self.agree_button.setObjectName("agree_button")
        self.agree_button.setToolTip("Agree this draft with the learner: it becomes the plan in force.")
        self.agree_button.clicked.connect(self.agree_clicked)
        self.change_button = QPushButton("Change the plan…")
        self.change_button.setObjectName("change_button")
        self.change_button.setToolTip("Start a new version, copied from this one; this one stays readable.")
        self.change_button.clicked.connect(self.change_clicked)
        self.discard_button = QPushButton("Discard draft")
        self.discard_button.setObjectName("discard_button")
        self.discard_button.setToolTip("Throw this draft away; the agreed version stays in force.")
        self.discard_button.clicked.connect(self.discard_clicked)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.save_state)
        top.addStretch(1)
        for button in (self.agree_button, self.change_button, self.discard_button):
            button.setAutoDefault(False)
            top.addWidget(button)

        self.banner = QLabel()
        self.banner.setObjectName("roadmap_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(_BANNER_STYLE)

        self.timeline = QListView()
        self.timeline.setObjectName("timeline")
        self.timeline.setModel(self.versions)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setWordWrap(True)  # a draft's change note wraps rather than scrolls sideways
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.timeline.setSpacing(2)
        self.timeline.setToolTip("Every version of the plan, newest first. Pick one to read it.")
        self.timeline.selectionModel().currentChanged.connect(self._version_picked)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        versions_label = QLabel("Ve&rsions")
        versions_label.setBuddy(self.timeline)
        left_layout.addWidget(versions_label)
        left_layout.addWidget(self.timeline)

        self.header = PlanHeaderEditor()
        self.header.edited.connect(self._header_edited)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.header)
        self.stages = StagesEditor(self)
        splitter.addWidget(self.stages)
        splitter.setStretchFactor(1, 1)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.setChildrenCollapsible(False)
        body.addWidget(left)
        body.addWidget(splitter)
        body.setStretchFactor(1, 1)
        body.setSizes([190, 1000])

        layout = QVBoxLayout(self.plan_page)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(body, 1)

    def _build_empty(self) -> QWidget:
        page = QWidget()
        title = QLabel("No road map yet")
        title.setObjectName("empty_title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            "A road map sets out where the learner is starting from, where they want to get to, and the steps "
            "in between, with well-being stepping stones first where they help. Build it together, in their "
            "words as much as yours."
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.start_button = QPushButton("Start a road map")
        self.start_button.setObjectName("start_button")
        self.start_button.clicked.connect(self.start_plan)
        self.empty_note = QLabel("This vault is open read-only, so a road map cannot be started here.")
        self.empty_note.setObjectName("empty_note")
        # A column of fixed width, centred: a wrapped label given an alignment of its own gets cut off.
        column = QWidget()
        column.setFixedWidth(520)
        inner = QVBoxLayout(column)
        inner.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(text)
        inner.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.empty_note, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    # -- loading ---------------------------------------------------------------------------------

    def load(self, learner_id: int | None) -> None:
        self.save_pending()  # typed text belongs to the learner shown so far: save it before switching
        if learner_id != self.learner_id:
            self.viewing, self.stages.undo, self.notice = None, None, ""
        super().load(learner_id)

    def reload(self) -> None:
        self.save_pending()
        learner_id = self.learner_id
        found = None
        if learner_id is not None and self.context.vault() is not None:
            found = self.run(lambda uow: self._read(uow, learner_id))
        if found is None:
            self.plan = None
            self.stages.model.set_plan(None, {}, self.context.today())
            self.versions.set_history([])
            self.pages.setCurrentWidget(self.nobody)
            self.update_actions()
            return
        history, plan, rag = found
        self.plan = plan
        self._show_history(history)
        self.stages.model.set_plan(plan, rag, self.context.today())
        if plan is None:
            self.pages.setCurrentWidget(self.empty)
        else:
            self.header.set_plan(plan)
            self.pages.setCurrentWidget(self.plan_page)
        self.save_state.setText("")
        self.update_actions()

    def _read(
        self, uow: UnitOfWork, learner_id: int
    ) -> tuple[list[plans.VersionSummary], PlanView | None, dict[str, plan_reviews.ProgressView]]:
        history = plans.plan_history(uow, learner_id=learner_id)
        plan = (
            plans.load_plan(uow, learner_id=learner_id, version=self.viewing)
            if self.viewing is not None
            else None
        )
        if plan is None:
            self.viewing = None  # that version is gone (a discarded draft): show the newest
            plan = plans.load_plan(uow, learner_id=learner_id)
        return history, plan, plan_reviews.latest_rag(uow, learner_id=learner_id)

    def _show_history(self, history: list[plans.VersionSummary]) -> None:
        selection = self.timeline.selectionModel()
        selection.blockSignals(True)
        try:
            self.versions.set_history(history)
            if self.plan is not None:
                self.timeline.setCurrentIndex(self.versions.index(self.versions.row_of(self.plan.version)))
        finally:
            selection.blockSignals(False)

    def _version_picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        version = current.data(VERSION_ROLE)
        if version is None or self.plan is None or version == self.plan.version:
            return
        newest = self.versions.summary_at(0)
        self.viewing = None if newest is not None and newest.version == version else version
        self.reload()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self.save_pending()
        super().hideEvent(event)

    # -- what may be done ------------------------------------------------------------------------

    def writable(self) -> bool:
        return not self.context.read_only

    def content_editable(self) -> bool:
        return self.writable() and self.plan is not None and self.plan.editable

    def progress_editable(self) -> bool:
        status = self.plan.status if self.plan is not None else ""
        return self.writable() and status in (PlanStatus.DRAFT.value, PlanStatus.AGREED.value)

    def read_only_reason(self) -> str:
        """Why nothing of the version on screen can be changed ("" when something can)."""
        if not self.writable():
            return READ_ONLY_VAULT
        if self.plan is not None and self.plan.status == PlanStatus.CLOSED.value:
            return "This plan was closed, so it can be read but not changed."
        if self.plan is not None and not self.progress_editable():
            return f"Version {self.plan.version} was replaced by a later one. It is kept as it was, so it can be read but not changed."
        return ""

    def _is_newest(self) -> bool:
        newest = self.versions.summary_at(0)
        return self.plan is not None and newest is not None and newest.version == self.plan.version

    def update_actions(self) -> None:
        plan = self.plan
        self.start_button.setEnabled(self.writable())
        self.empty_note.setVisible(not self.writable())
        self.header.set_editable(self.content_editable())
        self.stages.update_actions()
        draft = plan is not None and plan.editable
        self.agree_button.setVisible(draft)
        self.discard_button.setVisible(draft and plan is not None and plan.version > 1)
        self.change_button.setVisible(
            plan is not None and plan.status == PlanStatus.AGREED.value and self._is_newest()
        )
        for button in (self.agree_button, self.discard_button, self.change_button):
            button.setEnabled(self.writable())
        self._show_banner()

    def _show_banner(self) -> None:
        plan = self.plan
        if plan is None:
            self.heading.setText("")
            self.banner.hide()
            return
        state = PlanStatus(plan.status)
        heading = f"Road map · version {plan.version}"
        if state is PlanStatus.AGREED:
            heading += f" · agreed {short_date(plan.agreed_on)}"
        elif state is PlanStatus.DRAFT:
            heading += " · draft"
        elif state is PlanStatus.SUPERSEDED:
            heading += " · replaced"
        self.heading.setText(heading)
        lines = []
        if not self.writable():
            lines.append(
                "This vault is open read-only: you can read the road map, but nothing can be changed here."
            )
        if state is PlanStatus.SUPERSEDED:
            replaced = short_date(self.versions.replaced_on(plan.version))
            when = f", replaced on {replaced}" if replaced else ", since replaced"
            lines.append(f"You are looking at version {plan.version}{when} — read only.")
        elif state is PlanStatus.AGREED and not self._is_newest():
            lines.append(
                f"Version {plan.version} is the plan in force. A changed draft is being worked on: pick it under "
                "Versions to carry on with it."
            )
        elif state is PlanStatus.AGREED and self.writable():
            lines.append(
                f"Version {plan.version} was agreed on {short_date(plan.agreed_on)}, so what it says stays as it "
                "was. You can still mark stages and goals as under way or done. To change it, choose “Change the "
                "plan…”."
            )
        elif state is PlanStatus.DRAFT and plan.version > 1:
            lines.append(
                f"This is a draft of version {plan.version}. Version {plan.version - 1} stays in force until you "
                "agree this one."
            )
        elif state is PlanStatus.CLOSED:
            lines.append("This plan was closed, so it can be read but not changed.")
        if self.notice:
            lines.append(self.notice)
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    # -- the header ------------------------------------------------------------------------------

    def _header_edited(self) -> None:
        if not self.content_editable():
            return
        self._header_dirty = True
        self.save_state.setText("Not saved yet…")
        self._save_timer.start()

    def save_pending(self) -> None:
        """Save header edits not saved yet (called after a pause, and before anything else happens)."""
        self._save_timer.stop()
        if not self._header_dirty or self.plan is None:
            return
        self._header_dirty = False
        header, version_id = self.header.header(), self.plan.version_id
        if self.operate(lambda uow: plans.save_header(uow, version_id=version_id, header=header)):
            self.plan = replace(self.plan, **{f.name: getattr(header, f.name) for f in fields(header)})
            self.save_state.setText("Saved")

    # -- the plan as a whole ---------------------------------------------------------------------

    def show_dialog(self, dialog: QDialog) -> None:
        """Open `dialog` without blocking (its signals carry on), and remember it for whoever drives the panel."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.pending_dialog = dialog
        dialog.open()

    def start_plan(self) -> None:
        learner_id = self.learner_id
        if learner_id is None or not self.writable():
            return
        if self.run(lambda uow: plans.start_plan(uow, learner_id=learner_id), commit=True) is not None:
            self.viewing = None
            self.reload()
            self.header.starting_point.setFocus()

    def agree_clicked(self) -> None:
        self.save_pending()
        if self.plan is None or not self.content_editable():
            return
        problems = plans.agreement_problems(self.plan)
        if problems:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                "Not ready to agree yet",
                "Before this version can be agreed:\n\n" + "\n".join(f"• {problem}" for problem in problems),
                QMessageBox.StandardButton.Ok,
                self,
            )
            self.show_dialog(box)
            return
        dialog = AgreeDialog(self.plan.version, self.context.today(), self)
        dialog.accepted.connect(lambda: self.agree(dialog.value()))
        self.show_dialog(dialog)

    def agree(self, agreed_on: date) -> None:
        learner_id = self.learner_id
        if learner_id is None:
            return
        agreed = self.run(
            lambda uow: plans.agree_plan(uow, learner_id=learner_id, agreed_on=agreed_on), commit=True
        )
        if agreed is None:
            return
        self.stages.undo = None
        if agreed.version > 1:
            self.notice = (
                f"Version {agreed.version} is agreed. Because the plan has changed, the contract of participation "
                "needs signing again: you can do that on the Contract tab."
            )
        else:
            self.notice = "Version 1 is agreed. When you are both ready, the contract of participation is on the Contract tab."
        self.viewing = None
        self.reload()

    def change_clicked(self) -> None:
        if self.plan is None or not self.writable():
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Change the plan")
        dialog.setLabelText(
            "The agreed version stays as it is, and a new draft is made from it.\n"
            "In a line, what is changing? (for example, “Adding a stage for the work placement”)"
        )
        dialog.textValueSelected.connect(self.start_revision)
        self.show_dialog(dialog)

    def start_revision(self, note: str) -> None:
        learner_id = self.learner_id
        if learner_id is None:
            return
        if self.run(
            lambda uow: plans.start_revision(uow, learner_id=learner_id, change_note=note), commit=True
        ):
            self.viewing, self.stages.undo, self.notice = None, None, ""
            self.reload()

    def discard_clicked(self) -> None:
        if self.plan is None or not self.content_editable() or self.plan.version < 2:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Discard this draft?",
            f"Throw away the draft of version {self.plan.version}? Everything in it goes; version "
            f"{self.plan.version - 1} stays as the plan in force.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Discard).clicked.connect(self.discard_draft)
        self.show_dialog(box)

    def discard_draft(self) -> None:
        learner_id = self.learner_id
        if learner_id is None:
            return
        self._header_dirty = False  # the draft is going: nothing of it to save
        self._save_timer.stop()
        if self.operate(lambda uow: plans.discard_draft(uow, learner_id=learner_id)):
            self.viewing, self.stages.undo = None, None
            self.reload()
