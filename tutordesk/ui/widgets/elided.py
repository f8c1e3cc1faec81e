"""Tables whose cut text can still be read: a cell whose text does not fit shows it whole in a tooltip.

Qt draws a long cell with "…" at the end; `ElidedTooltips` (an item delegate) answers a tooltip request
on such a cell with the whole text. A cell whose model gives its own tooltip keeps it, and a cell whose
text fits shows none, so a tooltip only appears when it adds something.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

_Index = QModelIndex | QPersistentModelIndex


class ElidedTooltips(QStyledItemDelegate):
    """Shows the whole text of a cut cell as its tooltip."""

    def text_is_cut(self, option: QStyleOptionViewItem, index: _Index) -> bool:
        """Whether the cell at `index`, drawn in `option.rect`, is too narrow for its text."""
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text:
            return False
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if isinstance(widget, QWidget) else None
        if style is None:
            return option.fontMetrics.horizontalAdvance(text) > option.rect.width()
        room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget).width()
        # The style keeps a margin of a few pixels either side of the text inside that rectangle.
        margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1)
        return option.fontMetrics.horizontalAdvance(text) > room - margin

    def helpEvent(  # noqa: N802 - Qt's name
        self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: _Index
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            if not index.data(Qt.ItemDataRole.ToolTipRole) and self.text_is_cut(
                QStyleOptionViewItem(option), index
            ):
                QToolTip.showText(event.globalPos(), str(index.data(Qt.ItemDataRole.DisplayRole)), view)
                return True
        return super().helpEvent(event, view, option, index)
