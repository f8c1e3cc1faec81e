"""The signature pad driven with real mouse, pen and touch events, and its PNG checked as a PDF would read it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tutordesk.ui.widgets.signature_pad import SignaturePad

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def pad(qtbot: QtBot) -> SignaturePad:
    shown = SignaturePad()
    qtbot.addWidget(shown)
    shown.resize(480, 160)
    with qtbot.waitExposed(shown):
        shown.show()
    return shown


def draw(qtbot: QtBot, pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def decode(data: bytes) -> QImage:
    image = QImage()
    assert image.loadFromData(data, "PNG")
    return image


def dark_pixels(image: QImage) -> int:
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = image.pixelColor(x, y)
            if colour.alpha() > 200 and colour.lightness() < 100:
                count += 1
    return count


def test_starts_empty_accessible_and_sized_like_a_form_line(pad: SignaturePad) -> None:
    assert pad.is_empty()
    assert pad.accessibleName() == "Signature pad"
    assert "Not signed yet" in pad.accessibleDescription()
    assert pad.toolTip()
    assert pad.focusPolicy() == Qt.FocusPolicy.StrongFocus
    hint = pad.minimumSizeHint()
    assert (hint.width(), hint.height()) == (360, 120)
    with pytest.raises(ValueError):
        pad.to_png()


def test_a_mouse_stroke_makes_a_png_with_ink(pad: SignaturePad, qtbot: QtBot) -> None:
    with qtbot.waitSignal(pad.strokes_changed):
        draw(qtbot, pad, [(60, 100), (90, 70), (120, 110), (150, 60), (200, 100), (260, 90)])
    assert not pad.is_empty()
    assert pad.stroke_count() == 1
    assert "Signed, 1 stroke" in pad.accessibleDescription()

    data = pad.to_png()
    assert data.startswith(PNG_SIGNATURE)
    image = decode(data)
    # Cropped to the stroke (200 x 50 pixels) plus a margin, then doubled.
    assert 400 < image.width() < 480 and 100 < image.height() < 160
    assert dark_pixels(image) > 50
    assert image.pixelColor(1, 1).name() == "#ffffff"

    see_through = decode(pad.to_png(transparent=True))
    assert see_through.size() == image.size()
    assert see_through.pixelColor(1, 1).alpha() == 0
    assert dark_pixels(see_through) > 50


def test_the_pad_itself_shows_the_ink(pad: SignaturePad, qtbot: QtBot) -> None:
    before = dark_pixels(pad.grab().toImage())
    draw(qtbot, pad, [(40, 40), (200, 60), (400, 50)])
    assert dark_pixels(pad.grab().toImage()) > before + 20


def test_undo_takes_back_the_last_stroke_and_ctrl_z_does_too(pad: SignaturePad, qtbot: QtBot) -> None:
    draw(qtbot, pad, [(40, 90), (80, 60), (120, 100)])
    draw(qtbot, pad, [(200, 40), (220, 100), (300, 100)])
    assert pad.stroke_count() == 2
    two = decode(pad.to_png())

    with qtbot.waitSignal(pad.strokes_changed):
        pad.undo_stroke()
    assert pad.stroke_count() == 1
    assert decode(pad.to_png()).width() < two.width()

    pad.setFocus()
    with qtbot.waitSignal(pad.strokes_changed):
        qtbot.keyClick(pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert pad.is_empty()

    with qtbot.assertNotEmitted(pad.strokes_changed):
        pad.undo_stroke()  # nothing left to take back


def test_clear_empties_and_signals_once(pad: SignaturePad, qtbot: QtBot) -> None:
    draw(qtbot, pad, [(40, 90), (80, 60), (120, 100)])
    draw(qtbot, pad, [(200, 40), (300, 100)])
    with qtbot.waitSignal(pad.strokes_changed):
        pad.clear()
    assert pad.is_empty()
    assert "Not signed yet" in pad.accessibleDescription()
    with qtbot.assertNotEmitted(pad.strokes_changed):
        pad.clear()


def test_a_tap_is_a_dot(pad: SignaturePad, qtbot: QtBot) -> None:
    qtbot.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(100, 60))
    assert pad.stroke_count() == 1
    assert dark_pixels(decode(pad.to_png())) > 0


def test_right_button_and_escape_are_left_to_the_parent(pad: SignaturePad, qtbot: QtBot) -> None:
    qtbot.mouseClick(pad, Qt.MouseButton.RightButton, pos=QPoint(100, 60))
    qtbot.keyClick(pad, Qt.Key.Key_Escape)
    assert pad.is_empty()


@pytest.fixture(scope="module")
def pen() -> QPointingDevice:
    # Kept for the whole module: an event holds only a raw pointer to its device, and a device Python has
    # already freed crashes the process when the event is delivered.
    return QPointingDevice(
        "test pen",
        1,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )


def tablet_event(device: QPointingDevice, kind: QEvent.Type, pos: QPointF, pressure: float) -> QTabletEvent:
    pressed = kind != QEvent.Type.TabletRelease
    return QTabletEvent(
        kind,
        device,
        pos,
        pos,
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        Qt.KeyboardModifier.NoModifier,
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton if pressed else Qt.MouseButton.NoButton,
    )


def stroke_width(pad: SignaturePad, pen: QPointingDevice, pressure: float) -> int:
    pad.clear()
    QApplication.sendEvent(pad, tablet_event(pen, QEvent.Type.TabletPress, QPointF(40, 60), pressure))
    for x in range(50, 300, 10):
        QApplication.sendEvent(pad, tablet_event(pen, QEvent.Type.TabletMove, QPointF(x, 60), pressure))
    QApplication.sendEvent(pad, tablet_event(pen, QEvent.Type.TabletRelease, QPointF(300, 60), pressure))
    image = decode(pad.to_png())
    column = image.width() // 2
    return sum(1 for y in range(image.height()) if image.pixelColor(column, y).lightness() < 160)


def test_a_pen_draws_once_and_presses_harder_for_a_thicker_line(
    pad: SignaturePad, pen: QPointingDevice
) -> None:
    light = stroke_width(pad, pen, 0.1)
    assert pad.stroke_count() == 1
    firm = stroke_width(pad, pen, 1.0)
    assert firm > light > 0


def test_a_finger_draws_too(pad: SignaturePad) -> None:
    device = QTest.createTouchDevice()
    QTest.touchEvent(pad, device).press(0, QPoint(50, 80)).commit()
    for x in range(60, 200, 15):
        QTest.touchEvent(pad, device).move(0, QPoint(x, 80 - x // 10)).commit()
    QTest.touchEvent(pad, device).release(0, QPoint(200, 60)).commit()
    assert pad.stroke_count() == 1
    assert dark_pixels(decode(pad.to_png())) > 20
