"""The road map's item models: stages with their goals as a two-level tree, and the list of plan versions.

Both are read-only views over the plans service's frozen DTOs; every change goes through the service and the
panel hands the models a fresh `PlanView`. A goal's index carries its stage's row (plus one) as the internal
id, so no Python object has to outlive a reset behind Qt's back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from tutordesk.domain import dates
from tutordesk.domain.plan_enums import GoalStatus, PlanStatus, Rag, SdtNeed, StageStatus, Trajectory
from tutordesk.domain.smart import SmartReport
from tutordesk.services.plans.reviews import ProgressView
from tutordesk.services.plans.roadmap import GoalView, PlanView, StageView, VersionSummary
from tutordesk.ui.widgets.goal_dialog import goal_report

_Index = QModelIndex | QPersistentModelIndex
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "stage" or "goal"
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the stage's or goal's id in the vault
VERSION_ROLE = Qt.ItemDataRole.UserRole + 3  # a version's number, in the version list

RAG_COLOURS = {Rag.RED: "#c62828", Rag.AMBER: "#e0a100", Rag.GREEN: "#2e7d32"}
_DONE_COLOUR = "#6b6b6b"  # finished or dropped items step back, but stay readable

SDT_HINTS = {
    "": "No particular need picked out for this stage.",
    SdtNeed.AUTONOMY.value: "Autonomy: the learner has real choices and a say in how this stage goes.",
    SdtNeed.COMPETENCE.value: "Competence: the learner gets to feel capable and see their progress.",
    SdtNeed.RELATEDNESS.value: "Relatedness: the learner feels connected to people who are on their side.",
}


def rag_short(rag: str) -> str:
    """ "Green" from "Green: on track": the colour's name is the text that goes beside the dot."""
    return Rag(rag).label.split(":", 1)[0]


class RoadmapModel(QAbstractItemModel):
    """Stages (top level, in road-map order) and each stage's goals (children)."""

    COLUMNS = (
        "Stage or goal",
        "Professional wording",
        "Tags",
        "Target / deadline",
        "Status",
        "Last review",
        "SMART",
    )
    TITLE, WORDING, TAGS, DATE, STATUS, RAG, SMART = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stages: tuple[StageView, ...] = ()
        self._rag: Mapping[str, ProgressView] = {}
        self._reports: dict[int, SmartReport] = {}  # by goal id
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._icons: dict[str, QIcon] = {}

    # -- data in --------------------------------------------------------------------------------

    def set_plan(self, plan: PlanView | None, rag: Mapping[str, ProgressView], today: date) -> None:
        self.beginResetModel()
        self._stages = plan.stages if plan is not None else ()
        self._rag = dict(rag)
        self._reports = {
            goal.id: goal_report(goal, stage.target_on, today)
            for stage in self._stages
            for goal in stage.goals
        }
        self.endResetModel()

    # -- looking up -----------------------------------------------------------------------------

    def stage_at(self, index: _Index) -> StageView | None:
        """The stage of a stage row, or the stage a goal row belongs to."""
        if not index.isValid():
            return None
        row = index.internalId() - 1 if index.internalId() else index.row()
        return self._stages[row] if 0 <= row < len(self._stages) else None

    def goal_at(self, index: _Index) -> GoalView | None:
        if not index.isValid() or not index.internalId():
            return None
        stage = self._stages[index.internalId() - 1]
        return stage.goals[index.row()] if index.row() < len(stage.goals) else None

    def report(self, goal_id: int) -> SmartReport | None:
        return self._reports.get(goal_id)

    def index_of(self, kind: str, item_id: int) -> QModelIndex:
        for row, stage in enumerate(self._stages):
            if kind == "stage" and stage.id == item_id:
                return self.index(row, 0)
            for goal_row, goal in enumerate(stage.goals):
                if kind == "goal" and goal.id == item_id:
                    return self.index(goal_row, 0, self.index(row, 0))
        return QModelIndex()

    def index_of_lineage(self, lineage: str) -> QModelIndex:
        for row, stage in enumerate(self._stages):
            if stage.lineage == lineage:
                return self.index(row, 0)
            for goal_row, goal in enumerate(stage.goals):
                if goal.lineage == lineage:
                    return self.index(goal_row, 0, self.index(row, 0))
        return QModelIndex()

    # -- Qt structure -----------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: _Index | None = None) -> Any:
        if child is None:  # QObject.parent(), which shares the name
            return QObject.parent(self)
        if not child.isValid() or not child.internalId():
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        if not parent.isValid():
            return len(self._stages)
        if parent.internalId() or parent.column() != 0:
            return 0
        return len(self._stages[parent.row()].goals)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(self.COLUMNS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    # -- Qt data ---------------------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        goal = self.goal_at(index)
        if goal is not None:
            return self._goal_data(goal, index.column(), role)
        stage = self.stage_at(index)
        return None if stage is None else self._stage_data(stage, index.row(), index.column(), role)

    def _stage_data(self, stage: StageView, row: int, column: int, role: int) -> Any:
        if role == KIND_ROLE:
            return "stage"
        if role == ID_ROLE:
            return stage.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                return f"{row + 1}. {stage.title}"
            if column == self.TAGS:
                tags = ["Stepping stone"] if stage.stepping_stone else []
                tags += [SdtNeed(stage.sdt_need).label] if stage.sdt_need else []
                return " · ".join(tags)
            if column == self.DATE:
                return dates.short_date(stage.target_on)
            if column == self.STATUS:
                return StageStatus(stage.status).label
            return self._rag_text(stage.lineage) if column == self.RAG else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.TITLE:
                return stage.description or "No description yet."
            if column == self.TAGS:
                lines = []
                if stage.stepping_stone:
                    lines.append("Stepping stone: a well-being step that comes before the academic goals.")
                if stage.sdt_need:
                    lines.append(SDT_HINTS[stage.sdt_need])
                return "\n".join(lines) or None
            return self._rag_tooltip(stage.lineage) if column == self.RAG else None
        if role == Qt.ItemDataRole.FontRole and column == self.TITLE:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and stage.status in (StageStatus.DONE, StageStatus.DROPPED):
            return QBrush(QColor(_DONE_COLOUR))
        if role == Qt.ItemDataRole.DecorationRole and column == self.RAG:
            return self._rag_icon(stage.lineage)
        return None

    def _goal_data(self, goal: GoalView, column: int, role: int) -> Any:
        report = self._reports.get(goal.id)
        if role == KIND_ROLE:
            return "goal"
        if role == ID_ROLE:
            return goal.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                return goal.learner_words or goal.professional_wording
            if column == self.WORDING:
                return goal.professional_wording if goal.learner_words else ""
            if column == self.TAGS:
                return Trajectory(goal.trajectory).label if goal.trajectory else ""
            if column == self.DATE:
                return dates.short_date(goal.deadline)
            if column == self.STATUS:
                return GoalStatus(goal.status).label
            if column == self.RAG:
                return self._rag_text(goal.lineage)
            return report.letters if column == self.SMART and report is not None else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.SMART and report is not None:
                return report.tooltip()
            if column == self.RAG:
                return self._rag_tooltip(goal.lineage)
            if column in (self.TITLE, self.WORDING):
                return self._goal_tooltip(goal)
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.SMART and report is not None:
            return report.summary()
        if role == Qt.ItemDataRole.DecorationRole:
            if column == self.SMART and report is not None and not report.ok:
                return self._warning_icon()
            return self._rag_icon(goal.lineage) if column == self.RAG else None
        if role == Qt.ItemDataRole.FontRole and column == self.TITLE and not goal.learner_words:
            return self._italic  # professional wording standing in for the learner's own words
        if role == Qt.ItemDataRole.ForegroundRole and goal.status in (
            GoalStatus.ACHIEVED,
            GoalStatus.DROPPED,
        ):
            return QBrush(QColor(_DONE_COLOUR))
        return None

    @staticmethod
    def _goal_tooltip(goal: GoalView) -> str:
        lines = [f"In the learner's words: {goal.learner_words or '(not written yet)'}"]
        if goal.professional_wording:
            lines.append(f"Professional wording: {goal.professional_wording}")
        if goal.measure:
            lines.append(f"How we will know: {goal.measure}")
        if goal.evidence:
            lines.append(f"Evidence: {goal.evidence}")
        return "\n".join(lines)

    def _rag_text(self, lineage: str) -> str:
        progress = self._rag.get(lineage)
        return rag_short(progress.rag) if progress is not None else ""

    def _rag_tooltip(self, lineage: str) -> str | None:
        progress = self._rag.get(lineage)
        if progress is None:
            return "Not rated at a review yet."
        text = f"At the last review: {Rag(progress.rag).label}"
        return f"{text}\n{progress.note}" if progress.note else text

    def _rag_icon(self, lineage: str) -> QIcon | None:
        progress = self._rag.get(lineage)
        if progress is None:
            return None
        icon = self._icons.get(progress.rag)
        if icon is None:
            pixmap = QPixmap(12, 12)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(RAG_COLOURS[Rag(progress.rag)]))
            painter.drawEllipse(1, 1, 10, 10)
            painter.end()
            icon = self._icons[progress.rag] = QIcon(pixmap)
        return icon

    def _warning_icon(self) -> QIcon:
        icon = self._icons.get("warning")
        if icon is None:
            style = QApplication.style()
            icon = self._icons["warning"] = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return icon


def version_text(summary: VersionSummary, replaced_on: date | None) -> str:
    """One line of the timeline: "v3 · Agreed 12 Mar 2026", "v2 · Replaced 3 Apr 2026", "Draft v4 · …"."""
    if summary.status == PlanStatus.DRAFT.value:
        note = summary.change_note
        if len(note) > 28:
            note = note[:27].rstrip() + "…"
        return f"Draft v{summary.version}" + (f" · {note}" if note else "")
    if summary.status == PlanStatus.SUPERSEDED.value:
        return f"v{summary.version} · Replaced" + (f" {dates.short_date(replaced_on)}" if replaced_on else "")
    if summary.status == PlanStatus.AGREED.value:
        return f"v{summary.version} · Agreed {dates.short_date(summary.agreed_on)}".rstrip()
    return f"v{summary.version} · {PlanStatus(summary.status).label}"


def replaced_dates(history: Sequence[VersionSummary]) -> dict[int, date | None]:
    """For each version, the day the next agreed version replaced it (None if it has not been replaced)."""
    oldest_first = sorted(history, key=lambda summary: summary.version)
    result: dict[int, date | None] = {}
    for position, summary in enumerate(oldest_first):
        later = [s.agreed_on for s in oldest_first[position + 1 :] if s.agreed_on is not None]
        result[summary.version] = (
            later[0] if later and summary.status == PlanStatus.SUPERSEDED.value else None
        )
    return result


class VersionListModel(QAbstractListModel):
    """The plan's versions, newest first, for the timeline on the left of the road map."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[VersionSummary, ...] = ()
        self._replaced: dict[int, date | None] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_history(self, history: Sequence[VersionSummary]) -> None:
        self.beginResetModel()
        self._rows = tuple(history)
        self._replaced = replaced_dates(history)
        self.endResetModel()

    def summary_at(self, row: int) -> VersionSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, version: int) -> int:
        return next((row for row, summary in enumerate(self._rows) if summary.version == version), -1)

    def replaced_on(self, version: int) -> date | None:
        return self._replaced.get(version)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return version_text(summary, self._replaced.get(summary.version))
        if role == VERSION_ROLE:
            return summary.version
        if role == Qt.ItemDataRole.ToolTipRole:
            stages = f"{summary.stage_count} stage" + ("" if summary.stage_count == 1 else "s")
            lines = [f"Version {summary.version}: {PlanStatus(summary.status).label}, {stages}."]
            if summary.change_note:
                lines.append(f"What changed: {summary.change_note}")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.FontRole and summary.status == PlanStatus.AGREED.value:
            return self._bold  # the version in force
        return None
