"""The signature pad: a paper-like box a learner or tutor signs with a mouse, pen or finger, saved as PNG."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor("#1b2a4a")  # a dark blue-black, like a biro: reads as ink, not as a printed line
PAPER = QColor("#ffffff")
RULE = QColor("#9aa3b2")
HINT = QColor("#8a93a3")
BORDER = QColor("#c3c8d1")
FOCUS = QColor("#2f6fd0")

BASE_WIDTH = 2.4  # stroke width in pixels for a mouse, or a pen at medium pressure
MOUSE_PRESSURE = 0.5
PNG_SCALE = 2
PNG_MARGIN = 8.0  # in widget pixels, before scaling
MIN_STEP = 0.75  # points closer than this to the previous one add nothing but noise

ACCESSIBLE_NAME = "Signature pad"
HOW_TO = "Sign with your mouse, a pen or your finger. Ctrl+Z takes back the last stroke."


@dataclass
class _Stroke:
    points: list[QPointF] = field(default_factory=list)
    pressures: list[float] = field(default_factory=list)

    def add(self, point: QPointF, pressure: float) -> bool:
        if self.points:
            last = self.points[-1]
            if abs(point.x() - last.x()) + abs(point.y() - last.y()) < MIN_STEP:
                return False
        self.points.append(QPointF(point))
        self.pressures.append(pressure)
        return True

    def bounds(self) -> QRectF:
        xs = [p.x() for p in self.points]
        ys = [p.y() for p in self.points]
        # Pad by the widest pen width so thick pen strokes are not clipped at the edge.
        pad = _width(max(self.pressures)) / 2
        return QRectF(min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad)


def _width(pressure: float) -> float:
    # A light touch still leaves a visible line; a firm one is about twice the base width.
    return BASE_WIDTH * (0.45 + 1.1 * max(0.0, min(1.0, pressure)))


def _paint_strokes(painter: QPainter, strokes: list[_Stroke]) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(INK)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for stroke in strokes:
        points, pressures = stroke.points, stroke.pressures
        if len(points) == 1:
            # A tap is a dot (the dot on an "i"), drawn as a filled circle so it has a visible size.
            radius = _width(pressures[0]) / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(INK)
            painter.drawEllipse(points[0], radius, radius)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            continue
        # Each piece runs between the midpoints of neighbouring segments, curving through the sampled point:
        # this smooths the corners of mouse sampling while still letting the width follow the pressure.
        start = points[0]
        for i in range(1, len(points)):
            end = points[i] if i == len(points) - 1 else (points[i] + points[i + 1]) / 2
            path = QPainterPath(start)
            path.quadTo(points[i], end)
            pen.setWidthF(_width((pressures[i - 1] + pressures[i]) / 2))
            painter.setPen(pen)
            painter.drawPath(path)
            start = end


class SignaturePad(QWidget):
    """Collects strokes; `strokes_changed` fires when a stroke is finished, taken back or cleared."""

    strokes_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[_Stroke] = []
        self._current: _Stroke | None = None
        self.setObjectName("signature_pad")
        self.setAccessibleName(ACCESSIBLE_NAME)
        self.setToolTip(HOW_TO)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # Accepting touch means a finger draws directly instead of arriving as a synthesised mouse drag.
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self._update_description()

    # --- public API -------------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self._strokes

    def stroke_count(self) -> int:
        return len(self._strokes)

    def clear(self) -> None:
        self._current = None
        if self._strokes:
            self._strokes.clear()
            self._changed()
        self.update()

    def undo_stroke(self) -> None:
        if self._current is not None:
            # Taking back while still drawing drops the stroke in progress, not an earlier one.
            self._current = None
            self._strokes.pop()
        elif self._strokes:
            self._strokes.pop()
        else:
            return
        self._changed()

    def to_png(self, *, transparent: bool = False) -> bytes:
        """The strokes cropped to their bounds plus a margin, at twice the on-screen size, as PNG bytes.

        Raises ValueError when nothing has been drawn: callers check `is_empty()` first. The image is built in
        memory (never a temporary file) because a signature is personal data that must stay in the vault.
        """
        if not self._strokes:
            raise ValueError("There is no signature to save.")
        bounds = self._strokes[0].bounds()
        for stroke in self._strokes[1:]:
            bounds = bounds.united(stroke.bounds())
        bounds.adjust(-PNG_MARGIN, -PNG_MARGIN, PNG_MARGIN, PNG_MARGIN)
        size = QSize(max(1, round(bounds.width() * PNG_SCALE)), max(1, round(bounds.height() * PNG_SCALE)))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent if transparent else PAPER)
        # Record the doubled density so a PDF places the image at its on-screen size, not twice as large.
        dots_per_metre = round(96 * PNG_SCALE / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        painter = QPainter(image)
        painter.scale(PNG_SCALE, PNG_SCALE)
        painter.translate(-bounds.topLeft())
        _paint_strokes(painter, self._strokes)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, 160)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 120)

    # --- stroke building --------------------------------------------------------------------------------

    def _begin(self, point: QPointF, pressure: float) -> None:
        if self._current is not None:
            self._end()
        self._current = _Stroke()
        self._current.add(point, pressure)
        self._strokes.append(self._current)
        self.update()

    def _extend(self, point: QPointF, pressure: float) -> None:
        if self._current is not None and self._current.add(point, pressure):
            self.update()

    def _end(self) -> None:
        if self._current is None:
            return
        self._current = None
        self._changed()

    def _cancel(self) -> None:
        if self._current is not None:
            self._strokes.remove(self._current)
            self._current = None
            self.update()

    def _changed(self) -> None:
        self._update_description()
        self.update()
        self.strokes_changed.emit()

    def _update_description(self) -> None:
        if self._strokes:
            count = len(self._strokes)
            state = f"Signed, {count} stroke{'s' if count != 1 else ''}."
        else:
            state = "Not signed yet."
        self.setAccessibleDescription(f"{state} {HOW_TO}")

    # --- input --------------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._begin(event.position(), MOUSE_PRESSURE)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        # Follow our own "drawing" state rather than event.buttons(): some input paths (and test drivers)
        # deliver moves without the button state, and the stroke must still continue.
        if self._current is None:
            super().mouseMoveEvent(event)
            return
        self._extend(event.position(), MOUSE_PRESSURE)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self._current is None:
            super().mouseReleaseEvent(event)
            return
        self._extend(event.position(), MOUSE_PRESSURE)
        self._end()
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        # Accepting a tablet event stops Qt synthesising a mouse event from it, so a pen draws only once.
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._extend(event.position(), event.pressure())
            self._end()
        else:
            event.ignore()
            return
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            self._touch(event)
            return True
        if kind == QEvent.Type.TouchCancel:
            self._cancel()
            event.accept()
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        points = event.points()
        if points:
            # Only the first finger draws: a palm or a second finger resting on the screen is ignored.
            point = points[0]
            # Touch screens report a pressure of 1.0 or 0.0 when they cannot sense it; neither is useful.
            pressure = point.pressure() if 0.0 < point.pressure() < 1.0 else MOUSE_PRESSURE
            kind = event.type()
            if kind == QEvent.Type.TouchBegin:
                self._begin(point.position(), pressure)
            elif kind == QEvent.Type.TouchEnd:
                self._extend(point.position(), pressure)
                self._end()
            else:
                self._extend(point.position(), pressure)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_stroke()
            event.accept()
            return
        # Escape and everything else go to the parent, so a dialog still closes on Escape.
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        # A stroke cannot continue once focus has gone elsewhere (another window popped up mid-stroke).
        self._end()
        super().focusOutEvent(event)
        self.update()

    # --- painting -----------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        box = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(FOCUS, 2) if self.hasFocus() else QPen(BORDER, 1))
        painter.setBrush(PAPER)
        painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)

        # The baseline and cross sit where a signature line sits on a paper form: low and slightly inset.
        inset = max(16.0, box.width() * 0.05)
        baseline = box.top() + box.height() * 0.72
        painter.setPen(QPen(RULE, 1))
        painter.drawLine(QPointF(box.left() + inset, baseline), QPointF(box.right() - inset, baseline))
        cross = 5.0
        cx, cy = box.left() + inset + cross, baseline - cross - 5
        painter.setPen(QPen(RULE, 1.4))
        painter.drawLine(QPointF(cx - cross, cy - cross), QPointF(cx + cross, cy + cross))
        painter.drawLine(QPointF(cx - cross, cy + cross), QPointF(cx + cross, cy - cross))

        if not self._strokes:
            painter.setPen(HINT)
            hint_box = QRectF(
                box.left() + inset, baseline + 4, box.width() - 2 * inset, box.bottom() - baseline - 6
            )
            painter.drawText(
                hint_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, "Sign above the line"
            )
        _paint_strokes(painter, self._strokes)
        painter.end()
