"""The user guide inside TutorDesk (Help → User guide, F1): `docs/user-guide.md` in a window of its own.

The guide ships with TutorDesk (`resources.user_guide()`), so it opens offline. It is shown by Qt's own
Markdown reader in a `QTextBrowser`, with its contents beside it (the guide's headings, Enter or a click to
go there) and a find field (Ctrl+F; Enter for the next match, Shift+Enter for the one before, with "n of m"
or "Not found"). `open_guide(parent, section=…)` opens it at a heading: each tab's "What is this?" uses it.
Links to other pages are not followed: nothing here reaches the network.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QImageReader, QKeySequence, QShortcut, QTextBlock, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tutordesk.resources import user_guide

#: The guide's heading for each tab of the main window, for the tabs' "What is this?".
TAB_SECTIONS = {
    "Caseload": "The caseload",
    "Plans": "Plans: the road map, reviews and the contract",
    "Diaries": "Diaries",
    "Mentoring": "Mentoring",
    "Transitions": "Transitions",
    "Follow-up": "Follow-up: contacts, signals, the case and measures",
}
NOT_FOUND = "Not found"
MISSING = (
    "The user guide is missing from this installation of TutorDesk. "
    "Installing TutorDesk again puts it back; nothing in your vault is affected."
)
#: Pictures in the guide are shown no wider than this, so the text beside them stays readable.
PICTURE_WIDTH = 640


class HelpWindow(QWidget):
    """The guide, its contents and a find field. One per main window; closing it only hides it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("help_window")
        self.setWindowTitle("TutorDesk user guide")
        self.browser = QTextBrowser()
        self.browser.setObjectName("help_text")
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenLinks(False)  # offline: a link to another page is not followed
        self.browser.anchorClicked.connect(self._link)
        self.contents = QTreeWidget()
        self.contents.setObjectName("help_contents")
        self.contents.setAccessibleName("Contents of the user guide")
        self.contents.setHeaderHidden(True)
        self.contents.itemActivated.connect(lambda item, _column: self.go_to(item.text(0)))
        self.contents.itemClicked.connect(lambda item, _column: self.go_to(item.text(0)))
        self.find_field = QLineEdit()
        self.find_field.setObjectName("help_find")
        self.find_field.setPlaceholderText("Find in the guide")
        self.find_field.setClearButtonEnabled(True)
        self.find_field.textChanged.connect(lambda _text: self.find_word(from_start=True))
        self.find_field.returnPressed.connect(lambda: self.find_word())
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.find_field)
        self.find_state = QLabel()
        self.find_state.setObjectName("help_find_state")
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.focus_find)
        for keys, action in (("Shift+Return", lambda: self.find_word(back=True)), ("Escape", self._escape)):
            shortcut = QShortcut(QKeySequence(keys), self.find_field)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(action)

        find_row = QHBoxLayout()
        find_row.addWidget(find_label)
        find_row.addWidget(self.find_field, 1)
        find_row.addWidget(self.find_state)
        split = QSplitter()
        split.addWidget(self.contents)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 3)
        split.setSizes([240, 720])
        layout = QVBoxLayout(self)
        layout.addLayout(find_row)
        layout.addWidget(split, 1)
        self.resize(1000, 720)
        self._load()

    # -- the guide ------------------------------------------------------------------------------------

    def _load(self) -> None:
        path = user_guide()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            self.browser.setPlainText(MISSING)
            return
        document = self.browser.document()
        document.setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        self.browser.setSearchPaths([str(path.parent)])
        document.setMarkdown(text, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        self._fit_pictures(path.parent)
        self._fill_contents()

    def _fit_pictures(self, folder: object) -> None:
        block = self.browser.document().begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                if fragment.isValid() and fragment.charFormat().isImageFormat():
                    picture = fragment.charFormat().toImageFormat()
                    size = QImageReader(f"{folder}/{picture.name()}").size()
                    if size.isValid() and size.width() > PICTURE_WIDTH:
                        picture.setWidth(PICTURE_WIDTH)
                        picture.setHeight(size.height() * PICTURE_WIDTH / size.width())
                        cursor = QTextCursor(self.browser.document())
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(
                            fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                        )
                        cursor.setCharFormat(picture)
                iterator += 1
            block = block.next()

    def headings(self) -> list[tuple[int, str]]:
        """The guide's headings as (level, text), in order."""
        found = []
        block = self.browser.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level > 0:
                found.append((level, block.text()))
            block = block.next()
        return found

    def _fill_contents(self) -> None:
        self.contents.clear()
        parent: QTreeWidgetItem | None = None
        for level, text in self.headings():
            if level == 1:
                continue  # the guide's title
            if level == 2 or parent is None:
                parent = QTreeWidgetItem(self.contents, [text])
            else:
                QTreeWidgetItem(parent, [text])
        self.contents.expandAll()

    def go_to(self, heading: str) -> bool:
        """Show `heading` at the top of the page; False when the guide has no such heading."""
        layout = self.layout()
        if layout is not None:
            layout.activate()  # a window shown a moment ago: the page's width is final before measuring
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0 and block.text() == heading:
                self.browser.setTextCursor(QTextCursor(block))
                self._scroll_to(block)
                # Once more when the window has settled: a window shown a moment ago may still change width.
                QTimer.singleShot(0, lambda b=block: self._scroll_to(b))
                return True
            block = block.next()
        return False

    def _scroll_to(self, block: QTextBlock) -> None:
        top = self.browser.document().documentLayout().blockBoundingRect(block).top()
        self.browser.verticalScrollBar().setValue(round(top))

    def heading_at_top(self) -> str:
        """The heading of the part of the guide shown at the top of the page."""
        layout = self.browser.document().documentLayout()
        top = self.browser.verticalScrollBar().value() + 2
        found = ""
        block = self.browser.document().begin()
        while block.isValid() and layout.blockBoundingRect(block).top() <= top:
            if block.blockFormat().headingLevel() > 0:
                found = block.text()
            block = block.next()
        return found

    def _link(self, url: QUrl) -> None:
        if url.hasFragment() and not url.path():
            anchor = url.fragment()
            self.browser.scrollToAnchor(anchor)

    # -- finding --------------------------------------------------------------------------------------

    def focus_find(self) -> None:
        self.find_field.setFocus()
        self.find_field.selectAll()

    def _escape(self) -> None:
        if self.find_field.text():
            self.find_field.clear()
        else:
            self.close()

    def find_word(self, *, back: bool = False, from_start: bool = False) -> int:
        """Select the next (or previous) match of the find field's words; returns its number, 0 if none."""
        words = self.find_field.text().strip()
        if not words:
            self.find_state.setText("")
            return 0
        document = self.browser.document()
        matches = []
        cursor = document.find(words, 0)
        while not cursor.isNull():
            matches.append(cursor)
            cursor = document.find(words, cursor)
        if not matches:
            self.find_state.setText(NOT_FOUND)
            self.browser.setTextCursor(QTextCursor(document))
            return 0
        here = self.browser.textCursor().selectionStart()
        if from_start:
            index = 0
        elif back:
            before = [i for i, match in enumerate(matches) if match.selectionStart() < here]
            index = before[-1] if before else len(matches) - 1
        else:
            after = [i for i, match in enumerate(matches) if match.selectionStart() > here]
            index = after[0] if after else 0
        self.browser.setTextCursor(matches[index])
        self.browser.ensureCursorVisible()
        self.find_state.setText(f"{index + 1} of {len(matches)}")
        return index + 1


def open_guide(parent: QWidget, *, section: str | None = None) -> HelpWindow:
    """Show the guide (made once per `parent`), at `section` when given, and bring it to the front."""
    window = parent.findChild(HelpWindow, "help_window")
    if window is None:
        window = HelpWindow(parent)
    window.show()
    if section is not None:
        window.go_to(section)
    window.raise_()
    window.activateWindow()
    return window
