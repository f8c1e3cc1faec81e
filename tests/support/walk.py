"""Walking every window of TutorDesk as a keyboard and screen-reader user meets it, for the UI tests.

`Walker` shows each tab and inner page of a window, opens the dialogs its "…" buttons and menu items open
(closing each without saving), and notes in plain words what such a user would trip over:

- two visible widgets of one window sharing an Alt letter (buttons, labels with buddies, group boxes, tabs,
  menu titles): Alt+letter then reaches only one of them, or neither;
- an interactive widget (input, button, list, table, combo box, check box, date edit) with no accessible
  name and no label pointing at it: a screen reader reads it as "edit" or "table" and nothing more;
- a read-only table whose Tab moves between cells, so Tab never leaves it;
- a dialog whose default button (what Enter presses) is Cancel or Close, or a form with Cancel and no
  default button at all;
- a dialog's button (one in a button row, or Save, Cancel, Close, OK and their like) with an icon: every
  dialog's buttons are words only, whatever the desktop's theme (tutordesk/ui/widgets/look.py).

Dialogs are found as the application's active modal window after the click (or a new top-level dialog, for
those opened without blocking), and closed with the base `QDialog.done`, so an "unsaved changes?" question
never appears and nothing typed is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (
    QLineEdit,
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
)
CANCEL_WORDS = {"cancel", "close", "keep it", "no"}
DIALOG_WORDS = {
    "save",
    "cancel",
    "close",
    "ok",
    "yes",
    "no",
    "discard",
    "apply",
    "open",
    "done",
    "delete",
    "remove",
}
# Buttons whose "…" opens a window of the system (the printer's), not one of TutorDesk's: "Print…" itself.
# "Print extract for the learner…" opens TutorDesk's own dialog, so it is opened.
NOT_OPENED = re.compile(r"^print\W*$", re.IGNORECASE)


def mnemonic(text: str) -> str | None:
    """The Alt letter in a widget's text ("Save as &PDF…" gives "p"), or None."""
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ").strip()


def _describe(widget: QWidget) -> str:
    name = widget.objectName() or ""
    text = ""
    if isinstance(widget, QAbstractButton):
        text = widget.text()
    parent = widget.parentWidget()
    owner = type(parent).__name__ if parent is not None else ""
    return f"{type(widget).__name__}{' ' + repr(name) if name else ''}{' ' + repr(text) if text else ''} in {owner}"


def _labelled(window: QWidget) -> set[int]:
    """Ids of the widgets a visible label points at, through the focus proxies they hand on to."""
    ids: set[int] = set()
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        while buddy is not None:
            ids.add(id(buddy))
            buddy = buddy.focusProxy()
    return ids


def _named(widget: QWidget, labelled: set[int]) -> bool:
    candidate: QWidget | None = widget
    while candidate is not None:
        if candidate.accessibleName().strip() or id(candidate) in labelled:
            return True
        if isinstance(candidate, QAbstractButton) and plain(candidate.text()):
            return True
        # A composite (an optional date and its Clear) hands its focus to its input, and its name with it.
        parent = candidate.parentWidget()
        candidate = parent if parent is not None and parent.focusProxy() is candidate else None
    return False


def _is_inner_part(widget: QWidget) -> bool:
    """Parts Qt builds inside other widgets (a spin box's line edit, a tab bar's scroll arrows, headers)."""
    if isinstance(widget, QHeaderView):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QTabBar | QLineEdit | QFileDialog):
            return True
        if isinstance(parent, QAbstractItemView) and widget is not parent:
            return True  # a cell's editor or index widget
        parent = parent.parentWidget()
    return False


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and window.isVisible()


class Walker:
    """Collects problems as it walks; `problems` names each one with the window it is in."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.dialogs_seen: set[str] = set()
        self._clicked: set[int] = set()
        self._depth = 0

    # -- checks ----------------------------------------------------------------------------------------

    def check(self, window: QWidget) -> None:
        """Look at what `window` shows now."""
        title = window.windowTitle() or type(window).__name__
        where = f"{type(window).__name__} ({title!r})"
        letters: dict[str, list[str]] = {}

        def note(letter: str | None, what: str) -> None:
            if letter:
                letters.setdefault(letter, []).append(what)

        if isinstance(window, QMainWindow):
            for action in window.menuBar().actions():
                if action.isVisible():
                    note(mnemonic(action.text()), f"the {plain(action.text())} menu")
        labelled = _labelled(window)
        for widget in window.findChildren(QWidget):
            if not _shown(widget, window) or widget.window() is not window:
                continue
            if isinstance(widget, QAbstractButton) and not _is_inner_part(widget):
                note(mnemonic(widget.text()), f"the button {plain(widget.text())!r}")
            elif isinstance(widget, QLabel) and widget.buddy() is not None:
                note(mnemonic(widget.text()), f"the label {plain(widget.text())!r}")
            elif isinstance(widget, QGroupBox):
                note(mnemonic(widget.title()), f"the group {plain(widget.title())!r}")
            elif isinstance(widget, QTabBar):
                for index in range(widget.count()):
                    if widget.isTabVisible(index):
                        note(mnemonic(widget.tabText(index)), f"the tab {plain(widget.tabText(index))!r}")
            if (
                isinstance(widget, INTERACTIVE)
                and not _is_inner_part(widget)
                and not _named(widget, labelled)
            ):
                self._add(f"{where}: {_describe(widget)} has no accessible name and no label")
            if (
                isinstance(widget, QAbstractItemView)
                and not isinstance(widget, QHeaderView)
                and not _is_inner_part(widget)
                and widget.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
                and widget.tabKeyNavigation()
            ):
                self._add(f"{where}: Tab cannot leave {_describe(widget)}")
        for letter, whats in letters.items():
            if len(whats) > 1:
                self._add(f"{where}: Alt+{letter.upper()} is shared by {', '.join(sorted(whats))}")
        if isinstance(window, QDialog) and not isinstance(window, QMessageBox | QFileDialog):
            self._check_default(window, where)
        self._check_icons(window, where)

    def _check_icons(self, window: QWidget, where: str) -> None:
        in_rows = {id(b) for box in window.findChildren(QDialogButtonBox) for b in box.buttons()}
        for button in window.findChildren(QPushButton):
            if button.icon().isNull() or not _shown(button, window) or button.window() is not window:
                continue
            if id(button) in in_rows or plain(button.text()).lower() in DIALOG_WORDS:
                self._add(f"{where}: the button {plain(button.text())!r} has an icon, unlike other dialogs'")

    def _check_default(self, dialog: QDialog, where: str) -> None:
        buttons = [b for b in dialog.findChildren(QPushButton) if _shown(b, dialog)]
        box_roles = {}
        for box in dialog.findChildren(QDialogButtonBox):
            for button in box.buttons():
                box_roles[id(button)] = box.buttonRole(button)
        default = [b for b in buttons if b.isDefault()]
        for button in default:
            role = box_roles.get(id(button))
            if plain(button.text()).lower() in CANCEL_WORDS or role == QDialogButtonBox.ButtonRole.RejectRole:
                self._add(f"{where}: Enter presses {plain(button.text())!r}")
        has_cancel = any(plain(b.text()).lower() == "cancel" for b in buttons)
        if has_cancel and not default:
            self._add(f"{where}: Enter presses no button, though the form has Cancel")

    def _add(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    # -- walking ---------------------------------------------------------------------------------------

    def walk(self, window: QWidget, *, open_dialogs: bool = True) -> None:
        """Check `window` with each page of each of its tab widgets shown in turn, opening dialogs."""
        if window.window() is window and not isinstance(window, QDialog):
            self._clicked.clear()  # the window again (another learner): its buttons may open other dialogs
        self.check(window)
        if open_dialogs:
            self._open_from(window)
        for tabs in self._tab_widgets(window):
            start = tabs.currentIndex()
            for index in range(tabs.count()):
                if not tabs.isTabEnabled(index) or not tabs.isTabVisible(index):
                    continue
                tabs.setCurrentIndex(index)
                QTest.qWait(20)
                self.check(window)
                if open_dialogs:
                    self._open_from(window)
                for inner in self._tab_widgets(tabs.widget(index)):
                    for inner_index in range(inner.count()):
                        inner.setCurrentIndex(inner_index)
                        QTest.qWait(20)
                        self.check(window)
                        if open_dialogs:
                            self._open_from(window)
            tabs.setCurrentIndex(start)

    def look(self, window: QWidget) -> None:
        """Check what `window` shows now and open the dialogs it offers, as it is (a page someone chose)."""
        self._clicked.clear()
        self.check(window)
        self._open_from(window)

    @staticmethod
    def _tab_widgets(root: QWidget) -> Iterator[QTabWidget]:
        for tabs in root.findChildren(QTabWidget):
            if tabs.isVisible() and tabs.parentWidget() is not None:
                # only the outermost here: inner ones are walked page by page of their outer one
                outer = tabs.parentWidget()
                while outer is not None and outer is not root and not isinstance(outer, QTabWidget):
                    outer = outer.parentWidget()
                if outer is root or outer is None or outer is root.window():
                    yield tabs

    def _open_from(self, window: QWidget) -> None:
        if self._depth >= 2:
            return
        for button in window.findChildren(QAbstractButton):
            if not shiboken6.isValid(button):
                continue  # deleted while an earlier dialog was open (a page read again)
            text = plain(button.text()) if button.text() else ""
            if (
                not text.rstrip("…. ")  # a date field's calendar button ("…") opens a calendar, not a window
                or id(button) in self._clicked
                or not button.text().rstrip().endswith(("…", "..."))
                or NOT_OPENED.search(text)
                or not button.isEnabled()
                or not _shown(button, window)
                or button.window() is not window
            ):
                continue
            self._clicked.add(id(button))
            self.open(button.click)
        if isinstance(window, QMainWindow):
            for menu_action in window.menuBar().actions():
                menu = menu_action.menu()
                helps = plain(menu_action.text()) == "Help"  # About and the guide open windows without "…"
                for action in menu.actions() if menu is not None else []:
                    if (
                        id(action) not in self._clicked
                        and isinstance(action, QAction)
                        and (action.text().endswith("…") or (helps and action.text()))
                        and action.isEnabled()
                        and not NOT_OPENED.search(plain(action.text()))
                    ):
                        self._clicked.add(id(action))
                        self.open(action.trigger)

    def open(self, trigger: Callable[[], object]) -> None:
        """Run `trigger`; walk and close each modal window it opens (and what those open, one level down)."""
        seen: list[QWidget] = []
        waiting = [True]
        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}

        def look() -> None:
            if not waiting[0]:
                return
            modal = QApplication.activeModalWidget()
            if modal is None or modal in seen:
                QTimer.singleShot(10, look)
                return
            seen.append(modal)
            self._visit(modal)

        QTimer.singleShot(0, look)
        trigger()
        QTest.qWait(30)
        waiting[0] = False
        # A window opened without blocking (the practice journal, a chooser tab's dialog) is walked too.
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and id(widget) not in before and isinstance(widget, QDialog):
                self._visit(widget)

    def _visit(self, window: QWidget) -> None:
        self.dialogs_seen.add(f"{type(window).__module__}.{type(window).__name__}")
        self._depth += 1
        try:
            if not isinstance(window, QMessageBox | QFileDialog):
                self.walk(window, open_dialogs=True)
            else:
                self.check(window)
        finally:
            self._depth -= 1
        if isinstance(window, QDialog):
            QDialog.done(window, QDialog.DialogCode.Rejected)
        else:
            window.close()
