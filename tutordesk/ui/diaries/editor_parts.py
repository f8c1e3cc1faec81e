"""Parts of the diary entry editor: the text box that keeps light formatting as Markdown (bold, italics,
lists, with their shortcuts only while it has focus), and the prompts panel whose questions (autonomy,
competence and relatedness; the weekly review; reflection, supervision and critical incidents) drop into
the text with a click.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextListFormat,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.diary_enums import DiaryKind
from tutordesk.domain.plan_enums import SdtNeed
from tutordesk.domain.sdt import QUESTIONS
from tutordesk.ui.diaries.timeline import MARKDOWN

WEEKLY_REVIEW = (
    "How do you feel about being back in learning?",
    "Is the plan working for you? What would you change?",
    "Is anything outside college affecting you at the moment?",
)
MY_REFLECTION = (
    "What went well in our time together, and why?",
    "What would I do differently next time?",
    "What does the learner need from me before we next meet?",
)
CRITICAL_INCIDENT = (
    "What happened that puzzled or struck me?",
    "How did I react, and why?",
    "What will I try next time?",
)
SUPERVISION = (
    "Which cases did I bring? (Say “Learner A”, not names.)",
    "What did I learn or see differently?",
    "What actions did we agree?",
)


def prompt_groups(diary: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """The prompts offered for `diary`: (group title, a line about it for the tutor, the questions)."""
    needs = [
        (need.label, QUESTIONS[need].about, (QUESTIONS[need].question,))
        for need in (SdtNeed.AUTONOMY, SdtNeed.COMPETENCE, SdtNeed.RELATEDNESS)
    ]
    weekly = ("Weekly review", "Three questions to ask each week, in the learner's words.", WEEKLY_REVIEW)
    if diary == DiaryKind.JOURNAL.value:
        return [
            ("Critical incident", "A puzzling or striking moment in your practice.", CRITICAL_INCIDENT),
            ("Supervision", "Notes from supervision or co-mentoring: keep cases anonymous.", SUPERVISION),
            ("Reflection", "Looking back on your practice.", MY_REFLECTION),
        ]
    groups = [*needs, weekly]
    if diary == DiaryKind.PRACTITIONER.value:
        groups.append(("My reflection", "Questions to ask yourself after a session.", MY_REFLECTION))
    return groups


# --- what the editor offers to link to ---------------------------------------------------------------------


class MarkdownEdit(QTextEdit):
    """Bold, italic and bullet points, kept as Markdown. Pasting brings words only, never pictures or styles."""

    formatting_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        # Only while the text has focus: elsewhere Ctrl+B is the window's "Back up now".
        for keys, slot in (("Ctrl+B", self.toggle_bold), ("Ctrl+I", self.toggle_italic)):
            shortcut = QShortcut(QKeySequence(keys), self, activated=slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.currentCharFormatChanged.connect(lambda _: self.formatting_changed.emit())
        self.cursorPositionChanged.connect(self.formatting_changed.emit)

    def markdown(self) -> str:
        return self.toMarkdown().strip() if self.toPlainText().strip() else ""

    def set_markdown(self, text: str) -> None:
        self.document().setMarkdown(text, MARKDOWN)  # typed HTML stays text, as it was typed

    def is_bold(self) -> bool:
        return self.currentCharFormat().fontWeight() >= QFont.Weight.Bold.value

    def is_in_list(self) -> bool:
        return self.textCursor().currentList() is not None

    def toggle_bold(self) -> None:
        change = QTextCharFormat()
        change.setFontWeight(QFont.Weight.Normal if self.is_bold() else QFont.Weight.Bold)
        self.mergeCurrentCharFormat(change)

    def toggle_italic(self) -> None:
        change = QTextCharFormat()
        change.setFontItalic(not self.fontItalic())
        self.mergeCurrentCharFormat(change)

    def toggle_bullets(self) -> None:
        cursor = self.textCursor()
        found = cursor.currentList()
        if found is not None:
            found.remove(cursor.block())
            plain = cursor.blockFormat()
            plain.setIndent(0)
            cursor.setBlockFormat(plain)
        else:
            cursor.createList(QTextListFormat.Style.ListDisc)
        self.formatting_changed.emit()

    def insert_prompt(self, question: str) -> None:
        """The question in bold on a line of its own, then an empty line for the answer, with the cursor on it."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        if cursor.block().text().strip() or cursor.currentList() is not None:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        cursor.insertText(question, bold)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.setCurrentCharFormat(QTextCharFormat())
        self.setFocus()


class BodyEditor(QWidget):
    """The body of an entry: a row of formatting buttons above the text."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = MarkdownEdit()
        self.text.setObjectName("body")
        self.text.setAccessibleName("Entry")
        self.text.setPlaceholderText(placeholder)
        self.text.setMinimumHeight(170)
        self.bold = self._button("B", "Bold (Ctrl+B)", self.text.toggle_bold)
        font = self.bold.font()
        font.setBold(True)
        self.bold.setFont(font)
        self.italic = self._button("I", "Italic (Ctrl+I)", self.text.toggle_italic)
        font = self.italic.font()
        font.setItalic(True)
        self.italic.setFont(font)
        self.bullets = self._button("• List", "Bullet points", self.text.toggle_bullets)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.bold, self.italic, self.bullets):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        self.text.formatting_changed.connect(self._show_state)
        self.setFocusProxy(self.text)

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setCheckable(True)
        button.setFocusPolicy(
            Qt.FocusPolicy.NoFocus
        )  # the shortcuts serve the keyboard; focus stays in the text
        button.clicked.connect(lambda _=False: (slot(), self.text.setFocus(), self._show_state()))
        return button

    def _show_state(self) -> None:
        self.bold.setChecked(self.text.is_bold())
        self.italic.setChecked(self.text.fontItalic())
        self.bullets.setChecked(self.text.is_in_list())


# --- prompts -----------------------------------------------------------------------------------------------


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped question: a tree view otherwise measures text on one line and cuts it."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        view = self.parent()
        if not isinstance(view, QTreeWidget):
            return super().sizeHint(option, index)
        depth = 1 if index.parent().isValid() else 0
        width = max(60, view.viewport().width() - view.indentation() * depth - 12)
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        bounds = options.fontMetrics.boundingRect(
            QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), options.text
        )
        return QSize(width, bounds.height() + 6)


class PromptList(QTreeWidget):
    """Guided questions in groups; a click (or Enter) on a question asks to put it in the entry."""

    chosen = Signal(str)

    def __init__(
        self, groups: Sequence[tuple[str, str, tuple[str, ...]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("prompts")
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setIndentation(12)
        self.setRootIsDecorated(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(_WrappingDelegate(self))
        self.setAccessibleName("Prompts: choose a question to add it to the entry")
        for title, about, questions in groups:
            group = QTreeWidgetItem([title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setToolTip(0, about)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(group)
            for question in questions:
                item = QTreeWidgetItem([question])
                item.setData(0, Qt.ItemDataRole.UserRole, question)
                group.addChild(item)
        self.expandAll()
        self.itemClicked.connect(self._clicked)

    def questions(self) -> list[str]:
        found = []
        for top in range(self.topLevelItemCount()):
            group = self.topLevelItem(top)
            found += [group.child(i).text(0) for i in range(group.childCount())]
        return found

    def choose(self, question: str) -> None:
        self.chosen.emit(question)

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        question = item.data(0, Qt.ItemDataRole.UserRole)
        if question:
            self.chosen.emit(str(question))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        # Row heights are worked out once; a new width must wrap the questions again, not cut them off.
        self.scheduleDelayedItemsLayout()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and item is not None:
            self._clicked(item)
        else:
            super().keyPressEvent(event)


# --- the editor --------------------------------------------------------------------------------------------
