"""What the hand-painted charts share (the check-in chart and the mood chart): a layout worked out once per
size, font and set of points, a tooltip for the marker under the pointer, and the palette.

A subclass computes its layout (`_compute_layout`), lists where its markers are (`_marker_centres`), says
how wide a band of the chart belongs to one point (`_tooltip_band`), and describes a point (`_describe`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect
from PySide6.QtGui import QColor, QHelpEvent, QResizeEvent
from PySide6.QtWidgets import QToolTip, QWidget

HIT = 8.0  # how near (in pixels) the pointer must be to a marker for its tooltip

# The charts' shared palette: one look for every chart, whichever tab draws it.
BACKGROUND = QColor("#ffffff")
BORDER = QColor("#d5d9e0")
GRID = QColor("#e6e9ee")
AXIS = QColor("#9aa3b2")
TEXT = QColor("#4a5263")


class MarkerChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout: Any = None

    # --- for subclasses -----------------------------------------------------------------------------------

    def _compute_layout(self) -> Any:
        raise NotImplementedError

    def _marker_centres(self) -> Iterable[tuple[int, QPointF | None]]:
        """(point index, centre) of every marker drawn."""
        raise NotImplementedError

    def _tooltip_band(self, index: int) -> tuple[float, float]:
        """The x of point `index` and half the width of the band in which its tooltip stays open."""
        raise NotImplementedError

    def _describe(self, index: int) -> str:
        raise NotImplementedError

    def _update_fonts(self) -> None:
        self._layout = None

    # --- shared -------------------------------------------------------------------------------------------

    def _geometry(self) -> Any:
        if self._layout is None:
            self._layout = self._compute_layout()
        return self._layout

    def tooltip_at(self, pos: QPointF | QPoint) -> str | None:
        """The tooltip for the marker under `pos` (widget coordinates), or None when no marker is near."""
        found = self._marker_at(QPointF(pos))
        return None if found is None else self._describe(found)

    def _marker_at(self, pos: QPointF) -> int | None:
        best, best_distance = None, HIT * HIT
        for index, centre in self._marker_centres():
            if centre is None:
                continue
            dx, dy = centre.x() - pos.x(), centre.y() - pos.y()
            if dx * dx + dy * dy <= best_distance:
                best, best_distance = index, dx * dx + dy * dy
        return best

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._layout = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._update_fonts()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self._marker_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
                event.ignore()
            else:
                # The tooltip closes by itself once the pointer leaves this point's band of the chart.
                x, half = self._tooltip_band(index)
                area = QRect(round(x - half), 0, round(2 * half), self.height())
                QToolTip.showText(event.globalPos(), self._describe(index), self, area)
            return True
        return super().event(event)
