"""Typing and clicking into real widgets as a person would, for the UI tests.

Each helper moves the focus to the widget as the Tab key would, then sends key events (or a click) through
QTest, as pytest-qt's qtbot does, so the widget's own key handling, validation and signals run as they do for
the user. Nothing here sets a value directly. The helpers need no qtbot, so a test's own shorthand (its
`choose`, say) can call them. QTest has keys for printable ASCII only, so a line break is typed as Return
and a letter such as "ë" is sent as a key event carrying that text, as an input method delivers it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QRadioButton,
    QStyle,
    QTableWidget,
    QTabWidget,
    QWidget,
)

LEFT = Qt.MouseButton.LeftButton


def _wait_for(condition: Callable[[], bool]) -> bool:
    for _ in range(200):  # up to two seconds
        if condition():
            return True
        QTest.qWait(10)
    return condition()


def focus(widget: QWidget) -> None:
    """Put the keyboard focus on `widget` as tabbing into it would (a date edit then selects its first part)."""
    # A widget just added to a shown form appears at the next turn of the event loop, as it does on screen.
    assert _wait_for(widget.isVisible), f"{widget!r} is not on screen"
    window = widget.window()
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        assert _wait_for(lambda: QApplication.activeWindow() is window), f"{window!r} did not become active"
    if widget.hasFocus():  # already in it: leave and come back, so a date edit selects its first part again
        widget.clearFocus()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    assert widget.hasFocus(), f"{widget!r} cannot take the keyboard focus"


def type_text(widget: QWidget, text: str) -> None:
    """Select what `widget` holds and type `text` over it (a line edit, text box or spin box)."""
    focus(widget)
    _type_over(widget, text)


def _type_over(widget: QWidget, text: str) -> None:
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if not text:
        QTest.keyClick(widget, Qt.Key.Key_Delete)
    for number, line in enumerate(text.split("\n")):
        if number:
            QTest.keyClick(widget, Qt.Key.Key_Return)
        _type_line(widget, line)


def _type_line(widget: QWidget, line: str) -> None:
    for character in line:
        if character.isascii():
            QTest.keyClick(widget, character)
        else:  # QTest knows keys for ASCII only; a letter like "ë" comes as a key event carrying its text
            for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
                QTest.sendKeyEvent(
                    action, widget, Qt.Key.Key_unknown, character, Qt.KeyboardModifier.NoModifier
                )


def type_number(box: QAbstractSpinBox, value: int) -> None:
    """Type `value` over what a spin box holds."""
    type_text(box, str(value))


def type_date(field: QWidget, value: date | datetime | str) -> None:
    """Type a date over what a date field holds, as people write one: "30/01/2027" for a date, or any
    text given ("3/1/2027", "30.01.2027"); for a day and time field, "18/11/2026" then "08:15"."""
    if isinstance(value, datetime):  # a day and a time: the day with slashes, then the time with a colon
        type_date(field.day, value.date())  # type: ignore[attr-defined]
        type_text(field.time, f"{value:%H:%M}")  # type: ignore[attr-defined]
        return
    edit = getattr(field, "edit", field)  # a date field, or the line it is typed into
    type_text(edit, value if isinstance(value, str) else value.strftime("%d/%m/%Y"))


def type_optional_date(field: QWidget, value: date | None) -> None:
    """Type a date into an optional date field, or empty it with its Clear button for None."""
    if value is None:
        click(field.clear_button)  # type: ignore[attr-defined]
    else:
        type_date(field, value)


def type_time(edit: QDateTimeEdit, hours_minutes: str) -> None:
    """Type a time such as "08:30" into a time edit shown as HH:mm, with its colon as people type it."""
    focus(edit)
    QTest.keyClicks(edit, hours_minutes)


def type_in_cell(table: QTableWidget, row: int, column: int, text: str) -> None:
    """Double-click a table cell to edit it, type `text` and press Return."""
    focus(table)
    centre = table.visualItemRect(table.item(row, column)).center()
    QTest.mouseClick(table.viewport(), LEFT, pos=centre)
    QTest.mouseDClick(table.viewport(), LEFT, pos=centre)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table, "the cell did not open for editing"
    _type_over(editor, text)  # the editor has the focus already; leaving it would close it
    QTest.keyClick(editor, Qt.Key.Key_Return)


def pick(combo: QComboBox, text: str) -> None:
    """Choose the item whose text is `text` with the arrow keys, as a person does in a closed list."""
    wanted = combo.findText(text)
    assert wanted >= 0, f"{text!r} is not in the list"
    focus(combo)
    # Typing would not do: a closed list jumps to the next item starting with each letter, one at a time.
    key = Qt.Key.Key_Down if wanted > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(abs(wanted - combo.currentIndex())):
        QTest.keyClick(combo, key)
    assert combo.currentText() == text, f"the arrow keys reached {combo.currentText()!r}, not {text!r}"


def pick_data(combo: QComboBox, value: object) -> None:
    """Choose the item that stands for `value` (its data) with the arrow keys."""
    index = combo.findData(value)
    assert index >= 0, value
    pick(combo, combo.itemText(index))


def tick(box: QAbstractButton, wanted: bool = True) -> None:
    """Tick (or untick) a check box with the space bar, if it is not already so."""
    if box.isChecked() != wanted:
        focus(box)
        QTest.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() == wanted


def click(button: QAbstractButton) -> None:
    """Click a button with the left mouse button, once it is on screen (a check box on its box)."""
    assert _wait_for(button.isVisible), f"{button!r} is not on screen"
    if isinstance(button, QCheckBox | QRadioButton):
        # Only the box and its words take a click; a stretched check box's middle may be empty space.
        width = button.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, button)
        QTest.mouseClick(button, LEFT, pos=QPoint(width // 2 + 1, button.height() // 2))
    else:
        QTest.mouseClick(button, LEFT)


def click_index(view: QAbstractItemView, index: QModelIndex) -> None:
    """Click the row or cell at `index` in a list, table or tree, scrolling it into sight first."""
    assert index.isValid(), "no such row"
    view.scrollTo(index)
    QTest.mouseClick(view.viewport(), LEFT, pos=view.visualRect(index).center())
    assert view.currentIndex() == index, "the click did not land on the row"


def choose_tab(tabs: QTabWidget, index: int) -> None:
    """Click the tab at `index` in the tab bar."""
    bar = tabs.tabBar()
    QTest.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index
