"""A small trend chart for one learner's signals: attendance week by week (as a percentage) with the
setting's line drawn across, or a subject's marks. Points are placed in proportion to time; a point at or
below the line is drawn in the warning colour and named so in its tooltip, so colour is never the only sign.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from tutordesk.domain.dates import short_date
from tutordesk.ui.widgets.marker_chart import AXIS, BACKGROUND, BORDER, GRID, HIT, TEXT, MarkerChart

LINE = QColor("#0072b2")  # Okabe-Ito blue, as the other charts
WARN = QColor("#b54708")
MARKER = 3.5

TrendPoint = tuple[date, float]


@dataclass(frozen=True)
class _Layout:
    plot: QRectF
    title: QRectF
    markers: list[QPointF]
    line_y: float | None
    labels: list[tuple[QRectF, str]]


class TrendChart(MarkerChart):
    """`set_points(points, low=, high=, line=)`: values between `low` and `high`; `line` is the setting's
    threshold (drawn across; points at or below it are marked)."""

    def __init__(self, title: str, empty_text: str, unit: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title, self._empty, self._unit = title, empty_text, unit
        self._points: list[TrendPoint] = []
        self._low, self._high = 0.0, 100.0
        self._line: float | None = None
        self._layout: _Layout | None = None
        self._small = QFont()
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._update_fonts()
        self.setAccessibleDescription(self.summary())

    def set_points(
        self, points: Sequence[TrendPoint], *, low: float, high: float, line: float | None = None
    ) -> None:
        self._points = sorted(points, key=lambda point: point[0])
        self._low, self._high, self._line = low, high, line
        self._layout = None
        self.setAccessibleDescription(self.summary())
        self.update()

    def points(self) -> list[TrendPoint]:
        return list(self._points)

    def summary(self) -> str:
        """The trend in words, for screen readers."""
        if not self._points:
            return self._empty
        last_day, last = self._points[-1]
        text = f"{len(self._points)} recorded; latest {self._value(last)} on {short_date(last_day)}"
        below = sum(1 for _, value in self._points if self._line is not None and value <= self._line)
        if self._line is not None:
            text += f"; {below} at or below the line of {self._value(self._line)}"
        return text + "."

    def _value(self, value: float) -> str:
        return f"{value:.0f}{self._unit}" if self._unit == "%" else f"{value:g}{self._unit}"

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 140)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(220, 140)

    # --- geometry -----------------------------------------------------------------------------------------

    def _describe(self, index: int) -> str:
        when, value = self._points[index]
        note = " (at or below the line)" if self._line is not None and value <= self._line else ""
        return f"{short_date(when)}: {self._value(value)}{note}"

    def _update_fonts(self) -> None:
        self._small = QFont(self.font())
        if self._small.pointSizeF() > 0:
            self._small.setPointSizeF(max(7.0, self._small.pointSizeF() - 1))
        self._layout = None

    def _y(self, plot: QRectF, value: float) -> float:
        span = (self._high - self._low) or 1.0
        share = (min(max(value, self._low), self._high) - self._low) / span
        return plot.bottom() - share * plot.height()

    def _compute_layout(self) -> _Layout:
        metrics = QFontMetrics(self._small)
        line = metrics.height()
        frame = QRectF(self.rect()).adjusted(10, 6, -12, -6)
        title = QRectF(frame.left(), frame.top(), frame.width(), line)
        left = frame.left() + metrics.horizontalAdvance(self._value(self._high)) + 10
        plot = QRectF(left, title.bottom() + 8, frame.right() - left, 0)
        plot.setBottom(max(plot.top() + 1, frame.bottom() - line - 6))
        pad = MARKER + 4
        markers: list[QPointF] = []
        if self._points:
            first, final = self._points[0][0], self._points[-1][0]
            span = (final - first).days
            for when, value in self._points:
                x = (
                    plot.center().x()
                    if span == 0
                    else plot.left() + pad + (when - first).days / span * (plot.width() - 2 * pad)
                )
                markers.append(QPointF(x, self._y(plot, value)))
        labels = [
            (QRectF(frame.left(), self._y(plot, v) - line / 2, left - frame.left() - 8, line), self._value(v))
            for v in (self._low, self._high)
        ]
        if self._points:
            last = short_date(self._points[-1][0])
            width = metrics.horizontalAdvance(last) + 4
            labels.append((QRectF(plot.right() - width, plot.bottom() + 4, width, line), last))
        line_y = self._y(plot, self._line) if self._line is not None else None
        return _Layout(plot=plot, title=title, markers=markers, line_y=line_y, labels=labels)

    def _marker_centres(self) -> Iterable[tuple[int, QPointF | None]]:
        return enumerate(self._geometry().markers)

    def _tooltip_band(self, index: int) -> tuple[float, float]:
        return self._geometry().markers[index].x(), HIT

    def marker_centre(self, index: int) -> QPointF:
        return self._geometry().markers[index]

    # --- painting -----------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802, ARG002 - Qt's signature
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(BORDER, 1))
        painter.setBrush(BACKGROUND)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.setFont(self._small)
        layout = self._geometry()
        painter.setPen(TEXT)
        painter.drawText(
            layout.title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._title
        )
        if not self._points:
            painter.drawText(
                QRectF(self.rect()).adjusted(16, 8 + layout.title.height(), -16, -8),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._empty,
            )
            painter.end()
            return
        plot = layout.plot
        for value in (self._low, self._high):
            y = round(self._y(plot, value)) + 0.5
            painter.setPen(QPen(AXIS if value == self._low else GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        if layout.line_y is not None:
            pen = QPen(WARN, 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QLineF(plot.left(), layout.line_y, plot.right(), layout.line_y))
        painter.setPen(TEXT)
        for rect, text in layout.labels:
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.setPen(QPen(LINE, 1.6))
        for start, end in zip(layout.markers, layout.markers[1:], strict=False):
            painter.drawLine(QLineF(start, end))
        for (_, value), centre in zip(self._points, layout.markers, strict=True):
            below = self._line is not None and value <= self._line
            painter.setPen(QPen(WARN if below else LINE, 1.4))
            painter.setBrush(WARN if below else BACKGROUND)
            painter.drawEllipse(centre, MARKER, MARKER)
        painter.end()
