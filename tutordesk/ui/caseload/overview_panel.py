"""The caseload overview on screen: each group of counts as a small bar chart, every bar a button that
opens the learners behind it (`learners_chosen`), reachable with Tab and read out by a screen reader as
"Contact overdue: 3 learners".

Bars are drawn here rather than with Qt Charts: a handful of labelled bars needs no chart engine, and a
button per bar gives keyboard use and an accessible name for free.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tutordesk.services.followup.overview import Bucket, Overview

#: Bars needing attention are drawn in the warning colour; the rest in the palette's highlight.
ATTENTION_SECTIONS = frozenset({"Early-warning flags not yet followed up", "Needs attention"})
WARNING = QColor("#b54708")


def learners_text(count: int) -> str:
    return f"{count} learner{'' if count == 1 else 's'}"


class BarButton(QAbstractButton):
    """One bar: its label, a bar as long as its share of the largest count, and the count."""

    def __init__(
        self, bucket: Bucket, largest: int, colour: QColor | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.bucket = bucket
        self._share = bucket.count / largest if largest else 0.0
        self._colour = colour
        self.setText(bucket.label)
        self.setAccessibleName(f"{bucket.label}: {learners_text(bucket.count)}")
        self.setToolTip(
            f"Show the {learners_text(bucket.count)} behind this count"
            if bucket.count
            else "Nobody at present"
        )
        self.setEnabled(bucket.count > 0)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(360, line + 10)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: ARG002 - Qt's signature
        painter = QPainter(self)
        palette = self.palette()
        metrics = self.fontMetrics()
        rect = self.rect().adjusted(2, 2, -2, -2)
        label_width = int(rect.width() * 0.5)
        count_width = metrics.horizontalAdvance("0000")
        text_colour = palette.color(
            QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled,
            QPalette.ColorRole.WindowText,
        )
        painter.setPen(text_colour)
        label = metrics.elidedText(self.bucket.label, Qt.TextElideMode.ElideRight, label_width - 8)
        painter.drawText(
            rect.adjusted(0, 0, -(rect.width() - label_width), 0), Qt.AlignmentFlag.AlignVCenter, label
        )
        bar_room = rect.width() - label_width - count_width - 8
        if self.bucket.count:
            bar = QRectF(
                rect.left() + label_width, rect.top() + 3, max(3.0, bar_room * self._share), rect.height() - 6
            )
            painter.fillRect(bar, self._colour or palette.color(QPalette.ColorRole.Highlight))
        painter.drawText(
            rect.adjusted(rect.width() - count_width, 0, 0, 0),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            str(self.bucket.count),
        )
        if self.hasFocus():
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()


class OverviewPanel(QScrollArea):
    """Every group of the overview in a grid of boxes; `learners_chosen(label, learner_ids)` on a bar."""

    learners_chosen = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseload_overview")
        self.setAccessibleName("Caseload overview")
        self.setWidgetResizable(True)
        self.bars: list[BarButton] = []
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self.heading = QLabel()
        self.heading.setObjectName("overview_heading")
        self.heading.setWordWrap(True)
        self._layout.addWidget(self.heading)
        self._grid = QGridLayout()
        self._layout.addLayout(self._grid)
        self._layout.addStretch(1)
        self.setWidget(self._body)

    def show_overview(self, overview: Overview) -> None:
        """Draw `overview`, replacing what was shown."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        self.bars = []
        self.heading.setText(
            f"<b>{learners_text(overview.learners)} on the caseload.</b> "
            "Choose a bar to see the learners behind it."
        )
        for index, (title, buckets) in enumerate(overview.sections().items()):
            self._grid.addWidget(self._box(title, buckets), index // 2, index % 2)

    def _box(self, title: str, buckets: Sequence[Bucket]) -> QGroupBox:
        box = QGroupBox(title)
        box.setAccessibleName(title)
        column = QVBoxLayout(box)
        largest = max((bucket.count for bucket in buckets), default=0)
        colour = WARNING if title in ATTENTION_SECTIONS else None
        for bucket in buckets:
            bar = BarButton(bucket, largest, colour)
            bar.clicked.connect(
                lambda _checked=False, b=bucket: self.learners_chosen.emit(b.label, b.learner_ids)
            )
            column.addWidget(bar)
            self.bars.append(bar)
        if not buckets:
            column.addWidget(QLabel("Nothing to count yet."))
        column.addStretch(1)  # bars from the top, whatever the height the row of boxes gives this one
        return box

    def bar(self, label: str) -> BarButton:
        """The bar labelled `label` (for the window and its tests)."""
        return next(bar for bar in self.bars if bar.bucket.label == label)
