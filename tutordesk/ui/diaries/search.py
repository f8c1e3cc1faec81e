"""Search every diary: a search box, which diaries to include, and the entries found across all learners with
the matched words highlighted. Activating a result asks for that learner's entry (or the journal's) to open.

Every search is one FTS5 statement (`diaries.search`); the typed words are never read as query syntax. The
snippets are escaped before the match marks become bold, so nothing typed in an entry is read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import short_date
from tutordesk.domain.diary_enums import DiaryKind
from tutordesk.services.diaries import entries as diaries
from tutordesk.services.diaries.entries import MATCH_END, MATCH_START, SearchHit
from tutordesk.ui.diaries.timeline import diary_name, plain
from tutordesk.ui.widgets.panel import Panel, PanelContext

_Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
LIMIT = 200
TYPING_PAUSE_MS = 250  # search once the typing pauses, not on every key
MATCH_STYLE = "b { background-color: #fff0a0; }"
SELECTED_MATCH_STYLE = "b { text-decoration: underline; }"


def snippet_html(snippet: str) -> str:
    """The snippet as safe rich text: escaped first, then the match marks become bold."""
    words = " ".join(plain(line) for line in snippet.splitlines())
    return escape(words).replace(MATCH_START, "<b>").replace(MATCH_END, "</b>")


def snippet_text(snippet: str) -> str:
    return (
        " ".join(plain(line) for line in snippet.splitlines()).replace(MATCH_START, "").replace(MATCH_END, "")
    )


def whose(hit: SearchHit) -> str:
    return hit.learner_name if hit.learner_id is not None else DiaryKind.JOURNAL.label


def hit_heading(hit: SearchHit) -> str:
    return f"{whose(hit)} · {hit_where(hit)}"


def hit_where(hit: SearchHit) -> str:
    diary = "" if hit.diary == DiaryKind.JOURNAL.value else f"{diary_name(hit.diary)} · "
    return f"{diary}{short_date(hit.written_on)}"


class SearchResultsModel(QAbstractListModel):
    """The entries found, best first. `HIT_ROLE` gives the `SearchHit`, `HTML_ROLE` its highlighted text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._html: list[str] = []

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self._html = [
            f"<div><span style='font-weight:bold'>{escape(whose(hit))}</span>"
            f"<span style='color:#555'> · {escape(hit_where(hit))}</span></div>"
            f"<div>{snippet_html(hit.snippet)}</div>"
            for hit in self._hits
        ]
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{hit_heading(hit)}: {snippet_text(hit.snippet)}"
        if role == HTML_ROLE:
            return self._html[index.row()]
        if role == HIT_ROLE:
            return hit
        return None


class HitDelegate(QStyledItemDelegate):
    """Draws a result as rich text: who, which diary and when, then the snippet with the matches marked."""

    def _document(self, html: str, width: int, selected: bool) -> QTextDocument:
        document = QTextDocument()
        document.setDocumentMargin(4)
        document.setDefaultStyleSheet(SELECTED_MATCH_STYLE if selected else MATCH_STYLE)
        document.setHtml(html)
        document.setTextWidth(max(80, width))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        selected = bool(options.state & QStyle.StateFlag.State_Selected)
        document = self._document(str(index.data(HTML_ROLE) or ""), options.rect.width(), selected)
        document.setDefaultFont(options.font)
        options.text = ""
        widget = options.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        colour = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, options.palette.color(colour))
        painter.save()
        painter.translate(options.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, options.rect.width(), options.rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else option.rect.width()
        document = self._document(str(index.data(HTML_ROLE) or ""), width, False)
        document.setDefaultFont(option.font)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 2)


class _SearchBox(QLineEdit):
    """Down moves to the results, Escape clears: the keyboard never has to leave for the mouse."""

    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
        elif event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)


class _ResultsView(QListView):
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # Enter opens the result on every platform (`activated` alone depends on the style).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.clicked.emit(self.currentIndex())
        else:
            super().keyPressEvent(event)


class DiarySearch(Panel):
    """Search across every learner's diary (and, when ticked, my reflections and the practice journal)."""

    open_entry = Signal(int, int)  # learner id, entry id: a learner's diary entry was chosen
    open_journal_entry = Signal(int)  # entry id: a practice journal entry was chosen

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("diary_search")
        self.box = _SearchBox()
        self.box.setObjectName("diary_search_box")
        self.box.setPlaceholderText("Search every diary…")
        self.box.setAccessibleName("Search every diary")
        self.box.setClearButtonEnabled(True)
        self.include_reflections = QCheckBox("My reflections")
        self.include_reflections.setObjectName("search_reflections")
        self.include_reflections.setChecked(True)
        self.include_reflections.setToolTip("Search your private reflections about learners as well")
        self.include_journal = QCheckBox("Practice journal")
        self.include_journal.setObjectName("search_journal")
        self.include_journal.setToolTip("Search your practice journal as well")
        self.model = SearchResultsModel(self)
        self.results = _ResultsView()
        self.results.setObjectName("diary_search_results")
        self.results.setAccessibleName("Entries found")
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setAlternatingRowColors(True)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.status = QLabel("Type a word to find it in every learner's diary.")
        self.status.setObjectName("diary_search_status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #555")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.search_now)

        include = QHBoxLayout()
        include.setContentsMargins(0, 0, 0, 0)
        include.addWidget(QLabel("Also:"))
        include.addWidget(self.include_reflections)
        include.addWidget(self.include_journal)
        include.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addLayout(include)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

        self.box.textChanged.connect(lambda _: self._timer.start())
        self.box.returnPressed.connect(self.search_now)
        self.box.down.connect(self._into_results)
        self.include_reflections.toggled.connect(lambda _: self.search_now())
        self.include_journal.toggled.connect(lambda _: self.search_now())
        self.results.clicked.connect(self.activate)

    # --- searching ----------------------------------------------------------------------------------------

    def diaries(self) -> list[str]:
        wanted = [DiaryKind.LEARNER.value]
        if self.include_reflections.isChecked():
            wanted.append(DiaryKind.PRACTITIONER.value)
        if self.include_journal.isChecked():
            wanted.append(DiaryKind.JOURNAL.value)
        return wanted

    def search_now(self) -> None:
        self._timer.stop()
        typed = self.box.text()
        if not diaries.fts_query(typed):
            self.model.set_hits([])
            self.status.setText(
                "Type a word to find it in every learner's diary." if not typed.strip() else ""
            )
            return
        wanted = self.diaries()
        hits = self.run(lambda uow: diaries.search(uow, typed=typed, diaries=wanted, limit=LIMIT))
        self.model.set_hits(hits or [])
        self.status.setText(self._found_text(len(hits or []), typed))

    def reload(self) -> None:
        """After a change (an entry saved or deleted): search again, so no deleted words stay on screen."""
        if self.box.text().strip():
            self.search_now()

    def clear(self) -> None:
        """Forget the search and its results (on lock: they hold names and words)."""
        self._timer.stop()
        self.box.blockSignals(True)
        self.box.clear()
        self.box.blockSignals(False)
        self.model.set_hits([])
        self.status.setText("Type a word to find it in every learner's diary.")

    def hits(self) -> list[SearchHit]:
        return self.model.hits()

    @staticmethod
    def _found_text(count: int, typed: str) -> str:
        if count == 0:
            return f"Nothing found for “{' '.join(typed.split())}”."
        if count >= LIMIT:
            return f"The best {LIMIT} entries are shown. Add a word to narrow the search."
        return "1 entry found." if count == 1 else f"{count} entries found."

    # --- choosing -----------------------------------------------------------------------------------------

    def activate(self, index: _Index) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if not isinstance(hit, SearchHit):
            return
        if hit.learner_id is None:
            self.open_journal_entry.emit(hit.entry_id)
        else:
            self.open_entry.emit(hit.learner_id, hit.entry_id)

    def _into_results(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.results.setFocus()
        if not self.results.currentIndex().isValid():
            self.results.setCurrentIndex(self.model.index(0, 0))
