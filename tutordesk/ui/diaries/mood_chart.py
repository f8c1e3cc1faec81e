"""The mood chart: how the learner has felt about their plan (1 very low to 5 very good) across their diary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from tutordesk.domain.dates import short_date
from tutordesk.domain.diary_enums import MOOD_LABELS
from tutordesk.ui.widgets.marker_chart import AXIS, BACKGROUND, BORDER, GRID, HIT, TEXT, MarkerChart

MoodPoint = tuple[date, int]

LINE = QColor("#0072b2")  # Okabe-Ito blue, as the check-in chart's first series
BAND = QColor("#eef4fa")  # the "okay or better" band behind the line: a calm reference, not a target
LOW, HIGH = 1, 5
MARKER = 3.5
MARKERS_UP_TO = 60  # beyond this many moods the markers would merge into a smear: the line alone reads better
TITLE = "Mood about the plan"
EMPTY_TEXT = "No moods yet. Choose one when you write in the learner's diary, and the chart starts here."


def mood_words(mood: int) -> str:
    return f"{mood} out of {HIGH}, {MOOD_LABELS[mood].lower()}"


@dataclass(frozen=True)
class _Layout:
    plot: QRectF
    title: QRectF
    labels: list[tuple[QRectF, Qt.AlignmentFlag, str]]
    markers: list[QPointF]


class MoodChart(MarkerChart):
    """Set the moods with `set_points` (any order; shown oldest to newest, placed in proportion to time)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[MoodPoint] = []
        self._layout: _Layout | None = None
        self._small = QFont()
        self.setObjectName("mood_chart")
        self.setAccessibleName("Mood chart: how the learner feels about the plan, from their diary")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._update_fonts()
        self.setAccessibleDescription(self.summary())

    # --- public API -------------------------------------------------------------------------------------

    def set_points(self, points: Sequence[MoodPoint]) -> None:
        for _, mood in points:
            if not LOW <= mood <= HIGH:
                raise ValueError(f"A mood must be between {LOW} and {HIGH}, not {mood}.")
        # A stable sort keeps two entries of one day in the order they were written.
        self._points = sorted(points, key=lambda point: point[0])
        self._layout = None
        self.setAccessibleDescription(self.summary())
        self.update()

    def points(self) -> list[MoodPoint]:
        return list(self._points)

    def summary(self) -> str:
        """The moods in words for screen readers: how many, over what time, the latest and how it moved."""
        if not self._points:
            return EMPTY_TEXT
        count, first, (last_day, last) = len(self._points), self._points[0][0], self._points[-1]
        if count == 1:
            return f"1 mood recorded, on {short_date(first)}: {mood_words(last)}."
        span = f"from {short_date(first, year=first.year != last_day.year)} to {short_date(last_day)}"
        before = self._points[-2][1]
        change = (
            f"up from {before}"
            if last > before
            else f"down from {before}"
            if last < before
            else "the same as before"
        )
        average = sum(mood for _, mood in self._points) / count
        return (
            f"{count} moods recorded {span}. Latest: {mood_words(last)} ({change}). "
            f"Average {average:.1f} out of {HIGH}."
        )

    def marker_centre(self, index: int) -> QPointF:
        return self._geometry().markers[index]

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 150)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(220, 150)

    # --- geometry -----------------------------------------------------------------------------------------

    def _describe(self, index: int) -> str:
        # Only the date and the rating: the entry's words never go into a tooltip.
        when, mood = self._points[index]
        return f"{short_date(when)}: {mood_words(mood)}"

    def _update_fonts(self) -> None:
        self._small = QFont(self.font())
        if self._small.pointSizeF() > 0:
            self._small.setPointSizeF(max(7.0, self._small.pointSizeF() - 1))
        self._layout = None

    def _compute_layout(self) -> _Layout:
        metrics = QFontMetrics(self._small)
        line = metrics.height()
        frame = QRectF(self.rect()).adjusted(10, 6, -12, -6)
        title = QRectF(frame.left(), frame.top(), frame.width(), line)
        left = frame.left() + metrics.horizontalAdvance("5") + 10
        plot = QRectF(left, title.bottom() + 10, frame.right() - left, 0)
        plot.setBottom(max(plot.top() + 1, frame.bottom() - line - 6))

        def y_of(value: float) -> float:
            return plot.bottom() - (value - LOW) / (HIGH - LOW) * plot.height()

        pad = MARKER + 4
        xs: list[float] = []
        if self._points:
            first, final = self._points[0][0], self._points[-1][0]
            span = (final - first).days
            for when, _ in self._points:
                if span == 0:
                    xs.append(plot.center().x())
                else:
                    xs.append(plot.left() + pad + (when - first).days / span * (plot.width() - 2 * pad))
        markers = [QPointF(x, y_of(mood)) for x, (_, mood) in zip(xs, self._points, strict=True)]

        labels: list[tuple[QRectF, Qt.AlignmentFlag, str]] = []
        for value in (1, 3, 5):
            rect = QRectF(frame.left(), y_of(value) - line / 2, left - frame.left() - 8, line)
            labels.append((rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value)))
        if xs:
            first, final = self._points[0][0], self._points[-1][0]
            top = plot.bottom() + 4
            last_text = short_date(final)
            last_width = metrics.horizontalAdvance(last_text) + 4
            last_left = min(frame.right() + 8, xs[-1] + last_width / 2) - last_width
            labels.append((QRectF(last_left, top, last_width, line), Qt.AlignmentFlag.AlignCenter, last_text))
            if first != final:
                first_text = short_date(first, year=first.year != final.year)
                first_width = metrics.horizontalAdvance(first_text) + 4
                first_left = max(frame.left(), xs[0] - first_width / 2)
                if first_left + first_width + 12 < last_left:  # too narrow for both: the latest date wins
                    labels.append(
                        (QRectF(first_left, top, first_width, line), Qt.AlignmentFlag.AlignCenter, first_text)
                    )
        return _Layout(plot=plot, title=title, labels=labels, markers=markers)

    def _marker_centres(self) -> Iterable[tuple[int, QPointF | None]]:
        return enumerate(self._geometry().markers)

    def _tooltip_band(self, index: int) -> tuple[float, float]:
        return self._geometry().markers[index].x(), HIT

    # --- painting -----------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(BORDER, 1))
        painter.setBrush(BACKGROUND)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.setFont(self._small)
        layout = self._geometry()
        painter.setPen(TEXT)
        painter.drawText(layout.title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, TITLE)

        if not self._points:
            painter.drawText(
                QRectF(self.rect()).adjusted(16, 8 + layout.title.height(), -16, -8),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                EMPTY_TEXT,
            )
            painter.end()
            return

        plot = layout.plot
        okay = plot.bottom() - (3 - LOW) / (HIGH - LOW) * plot.height()
        painter.fillRect(QRectF(plot.left(), plot.top(), plot.width(), okay - plot.top()), BAND)
        for value in range(LOW, HIGH + 1):
            y = round(plot.bottom() - (value - LOW) / (HIGH - LOW) * plot.height()) + 0.5
            painter.setPen(QPen(AXIS if value == LOW else GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(TEXT)
        for rect, align, text in layout.labels:
            painter.drawText(rect, align, text)

        pen = QPen(LINE, 2)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        # Separate segments, not one polyline: the stroker joins a long polyline slowly (50 ms for 400 moods).
        painter.drawLines([QLineF(a, b) for a, b in zip(layout.markers, layout.markers[1:], strict=False)])
        if len(layout.markers) <= MARKERS_UP_TO:
            painter.setPen(QPen(BACKGROUND, 1.5))  # a white rim keeps each marker distinct on the line
            painter.setBrush(LINE)
            for centre in layout.markers:
                painter.drawEllipse(centre, MARKER, MARKER)
        painter.end()
