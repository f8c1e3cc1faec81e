"""The check-in chart: autonomy, competence and relatedness ratings (1 to 5) across a plan's reviews."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from tutordesk.domain.dates import short_date
from tutordesk.ui.widgets.marker_chart import AXIS, BACKGROUND, BORDER, GRID, HIT, TEXT, MarkerChart

SdtPoint = tuple[date, int | None, int | None, int | None]

# Okabe-Ito colours: told apart with the common colour-vision differences. Each series also has its own
# marker shape, so the chart still reads in greyscale print or for someone who sees no colour at all.
SERIES = (
    ("Autonomy", QColor("#0072b2"), "circle"),
    ("Competence", QColor("#d55e00"), "square"),
    ("Relatedness", QColor("#009e73"), "triangle"),
)

LOW, HIGH = 1, 5
MARKER = 4.5  # marker radius in pixels
DODGE = 6.0  # sideways nudge per series, so equal ratings on one date show three markers, not one
EMPTY_TEXT = "No check-ins yet: they are asked at each review."


def _rating(value: int | None) -> str:
    return "not asked" if value is None else f"{value} out of {HIGH}"


@dataclass(frozen=True)
class _Layout:
    plot: QRectF
    legend: list[tuple[QPointF, QPointF, str]]  # marker centre, text baseline, name
    ticks: list[float]
    labels: list[tuple[QRectF, Qt.AlignmentFlag, str]]
    markers: list[list[QPointF | None]]  # one list per series, one entry per point


class SdtChart(MarkerChart):
    """Set the ratings with `set_points`; a None rating was not asked that time and leaves a gap in its line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[SdtPoint] = []
        self._layout: _Layout | None = None
        self._small = QFont()
        self.setObjectName("sdt_chart")
        self.setAccessibleName("Check-in chart: autonomy, competence and relatedness")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._update_fonts()
        self._update_description()

    # --- public API -------------------------------------------------------------------------------------

    def set_points(self, points: Sequence[SdtPoint]) -> None:
        checked: list[SdtPoint] = []
        for when, *ratings in points:
            for value in ratings:
                if value is not None and not LOW <= value <= HIGH:
                    raise ValueError(f"A check-in rating must be between {LOW} and {HIGH}, not {value}.")
            checked.append((when, ratings[0], ratings[1], ratings[2]))
        # A stable sort keeps two check-ins on one day in the order they were given.
        self._points = sorted(checked, key=lambda point: point[0])
        self._layout = None
        self._update_description()
        self.update()

    def points(self) -> list[SdtPoint]:
        return list(self._points)

    def marker_centre(self, index: int, series: int) -> QPointF | None:
        """Where the marker of `series` (0 autonomy, 1 competence, 2 relatedness) for point `index` is drawn."""
        return self._geometry().markers[series][index]

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, 220)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(260, 150)

    # --- words --------------------------------------------------------------------------------------------

    def _describe(self, index: int) -> str:
        when, *ratings = self._points[index]
        lines = [f"Check-in, {short_date(when)}"]
        lines += [f"{name}: {_rating(value)}" for (name, _, _), value in zip(SERIES, ratings, strict=True)]
        return "\n".join(lines)

    def _update_description(self) -> None:
        self.setAccessibleDescription(self.summary())

    def summary(self) -> str:
        """The latest ratings in words, with how each moved since it was last asked, for screen readers."""
        if not self._points:
            return EMPTY_TEXT
        count, first, last = len(self._points), self._points[0][0], self._points[-1]
        if count == 1:
            opening = f"1 check-in, on {short_date(first)}."
        else:
            opening = f"{count} check-ins from {short_date(first, year=first.year != last[0].year)} to {short_date(last[0])}."
        parts = []
        for series, (name, _, _) in enumerate(SERIES):
            value = last[series + 1]
            text = f"{name.lower()} {_rating(value)}"
            earlier = [p[series + 1] for p in self._points[:-1] if p[series + 1] is not None]
            if value is not None and earlier:
                before = earlier[-1]
                assert before is not None
                if value > before:
                    text += f" (up from {before})"
                elif value < before:
                    text += f" (down from {before})"
                else:
                    text += " (the same as last time)"
            parts.append(text)
        return f"{opening} Latest: {', '.join(parts)}."

    # --- geometry -----------------------------------------------------------------------------------------

    def _update_fonts(self) -> None:
        # Fonts and metrics are worked out once per font change, never inside paintEvent.
        self._small = QFont(self.font())
        if self._small.pointSizeF() > 0:
            self._small.setPointSizeF(max(7.0, self._small.pointSizeF() - 1))
        self._layout = None

    def _compute_layout(self) -> _Layout:
        metrics = QFontMetrics(self._small)
        line = metrics.height()
        frame = QRectF(self.rect()).adjusted(10, 8, -12, -6)

        # Legend along the top, left-aligned with the plot.
        left = frame.left() + metrics.horizontalAdvance("5") + 10
        legend = []
        x = left
        legend_mid = frame.top() + line / 2
        for name, _, _ in SERIES:
            width = MARKER * 2 + 6 + metrics.horizontalAdvance(name)
            if x + width > frame.right() and x > left:
                # A narrow chart wraps its legend rather than cutting a name off.
                x, legend_mid = left, legend_mid + line + 2
            centre = QPointF(x + MARKER, legend_mid)
            legend.append((centre, QPointF(x + MARKER * 2 + 6, legend_mid + metrics.ascent() / 2 - 1), name))
            x += width + 18

        plot = QRectF(left, legend_mid + line / 2 + 12, frame.right() - left, 0)
        plot.setBottom(max(plot.top() + 1, frame.bottom() - line - 8))

        def y_of(value: int) -> float:
            return plot.bottom() - (value - LOW) / (HIGH - LOW) * plot.height()

        # Dates are placed in proportion to time, so a long gap between reviews looks like one.
        pad = MARKER + DODGE + 4
        xs: list[float] = []
        if self._points:
            first, final = self._points[0][0], self._points[-1][0]
            span = (final - first).days
            for when, *_ in self._points:
                if span == 0:
                    xs.append(plot.center().x())
                else:
                    xs.append(plot.left() + pad + (when - first).days / span * (plot.width() - 2 * pad))

        markers: list[list[QPointF | None]] = []
        for series in range(len(SERIES)):
            offset = (series - 1) * DODGE
            column: list[QPointF | None] = []
            for x_pos, point in zip(xs, self._points, strict=True):
                value = point[series + 1]
                column.append(None if value is None else QPointF(x_pos + offset, y_of(value)))
            markers.append(column)

        labels: list[tuple[QRectF, Qt.AlignmentFlag, str]] = []
        top_of_labels = plot.bottom() + 6
        for value in (1, 3, 5):
            rect = QRectF(frame.left(), y_of(value) - line / 2, left - frame.left() - 8, line)
            labels.append((rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value)))

        def date_label(left_edge: float, text: str) -> tuple[QRectF, Qt.AlignmentFlag, str]:
            width = metrics.horizontalAdvance(text) + 4
            return QRectF(left_edge - 2, top_of_labels, width, line), Qt.AlignmentFlag.AlignCenter, text

        if xs:
            first, final = self._points[0][0], self._points[-1][0]
            last_text = short_date(final)
            last_width = metrics.horizontalAdvance(last_text)
            if first == final:
                labels.append(date_label(xs[0] - last_width / 2, last_text))
            else:
                first_text = short_date(first, year=first.year != final.year)
                first_width = metrics.horizontalAdvance(first_text)
                # Each date is centred under its tick but kept inside the widget; on a chart too narrow for
                # both, the latest date wins.
                first_left = max(frame.left(), xs[0] - first_width / 2)
                last_left = min(frame.right() + 8, xs[-1] + last_width / 2) - last_width
                labels.append(date_label(last_left, last_text))
                if first_left + first_width + 12 < last_left:
                    labels.append(date_label(first_left, first_text))
        return _Layout(plot=plot, legend=legend, ticks=xs, labels=labels, markers=markers)

    def _marker_centres(self) -> Iterable[tuple[int, QPointF | None]]:
        for column in self._geometry().markers:
            yield from enumerate(column)

    def _tooltip_band(self, index: int) -> tuple[float, float]:
        # A review's three markers stand side by side (DODGE apart): its band spans all of them.
        return self._geometry().ticks[index], DODGE + HIT

    # --- painting -----------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(BORDER, 1))
        painter.setBrush(BACKGROUND)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.setFont(self._small)

        if not self._points:
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(self.rect()).adjusted(16, 8, -16, -8),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                EMPTY_TEXT,
            )
            painter.end()
            return

        layout = self._geometry()
        plot = layout.plot
        for value in range(LOW, HIGH + 1):
            y = round(plot.bottom() - (value - LOW) / (HIGH - LOW) * plot.height()) + 0.5
            painter.setPen(QPen(AXIS if value == LOW else GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(QPen(AXIS, 1))
        tick_top = round(plot.bottom()) + 0.5
        for x in layout.ticks:
            painter.drawLine(QPointF(round(x) + 0.5, tick_top), QPointF(round(x) + 0.5, tick_top + 4))

        painter.setPen(TEXT)
        for rect, align, text in layout.labels:
            painter.drawText(rect, align, text)
        for (centre, baseline, name), (_, colour, shape) in zip(layout.legend, SERIES, strict=True):
            _marker(painter, centre, colour, shape)
            painter.setPen(TEXT)
            painter.drawText(baseline, name)

        for column, (_, colour, _) in zip(layout.markers, SERIES, strict=True):
            line = QPen(colour, 2)
            line.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(line)
            # A line joins only neighbouring check-ins that both asked this question; a gap marks "not asked".
            for before, after in zip(column, column[1:], strict=False):
                if before is not None and after is not None:
                    painter.drawLine(before, after)
        for column, (_, colour, shape) in zip(layout.markers, SERIES, strict=True):
            for centre in column:
                if centre is not None:
                    _marker(painter, centre, colour, shape)
        painter.end()


def _marker(painter: QPainter, centre: QPointF, colour: QColor, shape: str) -> None:
    # A white rim keeps a marker distinct where it crosses another series' line or marker.
    painter.setPen(QPen(BACKGROUND, 1.5))
    painter.setBrush(colour)
    if shape == "circle":
        painter.drawEllipse(centre, MARKER, MARKER)
    elif shape == "square":
        side = MARKER * 1.75
        painter.drawRect(QRectF(centre.x() - side / 2, centre.y() - side / 2, side, side))
    else:
        r = MARKER * 1.25
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(centre.x(), centre.y() - r),
                    QPointF(centre.x() + r * 0.9, centre.y() + r * 0.6),
                    QPointF(centre.x() - r * 0.9, centre.y() + r * 0.6),
                ]
            )
        )
