"""A PDF shown from bytes in memory, page by page: `PdfPreview` (a widget) and `PdfPreviewDialog`.

The bytes go to Qt's PDF module through a `QBuffer`, never through a file, so a handover pack or an
example of work can be looked at before it leaves without a copy of it landing on the disk. Qt's PDF module
comes with PySide6's add-ons; where it is missing the widget says so plainly instead of failing.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

try:  # Qt's PDF module is an add-on: a trimmed install may lack it.
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - only on installs without the add-ons
    QPdfDocument = None  # type: ignore[assignment,misc]
    QPdfView = None  # type: ignore[assignment,misc]

UNAVAILABLE = (
    "TutorDesk can't show a preview on this computer, because Qt's PDF viewer is not installed. "
    "The saved file will still be made in the same way."
)
UNREADABLE = "TutorDesk couldn't read this PDF to show it."
EMPTY = "Nothing to show yet."


def preview_available() -> bool:
    """Whether this install can show PDFs (PySide6's QtPdf add-on is present)."""
    return QPdfDocument is not None


class PdfPreview(QWidget):
    """Shows PDF bytes one page at a time, fitted to the width, with Previous and Next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_preview")
        self._buffer: QBuffer | None = None
        self.document: Any = None
        self.view: Any = None

        self.message = QLabel(EMPTY if preview_available() else UNAVAILABLE)
        self.message.setObjectName("pdf_preview_message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)

        self.previous_button = QPushButton("Previous pa&ge")
        self.previous_button.setObjectName("pdf_previous")
        self.previous_button.setToolTip("Go back a page (Alt+G, or Page Up)")
        self.next_button = QPushButton("Ne&xt page")
        self.next_button.setObjectName("pdf_next")
        self.next_button.setToolTip("Go on to the next page (Alt+X, or Page Down)")
        self.page_label = QLabel()
        self.page_label.setObjectName("pdf_page_label")
        self.zoom_button = QPushButton("Show &whole page")
        self.zoom_button.setObjectName("pdf_zoom")
        self.zoom_button.setCheckable(True)
        self.zoom_button.setToolTip("Switch between fitting the page's width and showing the whole page")
        for button in (self.previous_button, self.next_button, self.zoom_button):
            button.setAutoDefault(False)
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page + 1))
        self.zoom_button.toggled.connect(self._set_zoom)
        for keys, step in (("PgUp", -1), ("PgDown", 1)):
            shortcut = QShortcut(
                QKeySequence(keys), self, activated=lambda s=step: self.go_to(self.current_page + s)
            )
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        if preview_available():
            self.document = QPdfDocument(self)
            self.view = QPdfView(self)
            self.view.setObjectName("pdf_view")
            self.view.setAccessibleName("Page preview")
            self.view.setPageMode(QPdfView.PageMode.SinglePage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.view.setDocument(self.document)
            self.view.pageNavigator().currentPageChanged.connect(lambda _page: self._update())
            self.stack.addWidget(self.view)

        controls = QHBoxLayout()
        controls.addWidget(self.previous_button)
        controls.addWidget(self.page_label)
        controls.addWidget(self.next_button)
        controls.addStretch(1)
        controls.addWidget(self.zoom_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack, 1)
        layout.addLayout(controls)
        self._update()

    # --- what is shown ----------------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount()) if self._loaded() else 0

    @property
    def current_page(self) -> int:
        """The page on screen, counted from 0."""
        return int(self.view.pageNavigator().currentPage()) if self._loaded() else 0

    def set_pdf(self, data: bytes) -> int:
        """Show `data` from its first page; returns how many pages it has (0 if it can't be shown)."""
        self.clear()
        if not preview_available():
            return 0
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer  # the document reads from it for as long as it is shown
        self.document.load(buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() == 0:
            log.info("The PDF preview could not load a document: %s", self.document.error().name)
            self.clear()
            self.message.setText(UNREADABLE)
            return 0
        self.stack.setCurrentWidget(self.view)
        self.go_to(0)
        self._update()
        return self.page_count

    def clear(self, message: str = EMPTY) -> None:
        """Drop the document and its bytes (a preview of a pack must not outlive the need for it)."""
        if self.document is not None:
            self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.setData(QByteArray())
            self._buffer.deleteLater()
            self._buffer = None
        self.message.setText(message if preview_available() else UNAVAILABLE)
        self.stack.setCurrentWidget(self.message)
        self._update()

    def go_to(self, page: int) -> None:
        if not self._loaded():
            return
        page = max(0, min(page, self.page_count - 1))
        self.view.pageNavigator().jump(page, QPointF(), 0)
        self._update()

    def _loaded(self) -> bool:
        return (
            self.document is not None
            and self._buffer is not None
            and self.document.status() == QPdfDocument.Status.Ready
        )

    def _set_zoom(self, whole_page: bool) -> None:
        if self.view is None:
            return
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView if whole_page else QPdfView.ZoomMode.FitToWidth)
        self.zoom_button.setText("Fit to &width" if whole_page else "Show &whole page")

    def _update(self) -> None:
        count, current = self.page_count, self.current_page
        self.page_label.setText(f"Page {current + 1} of {count}" if count else "")
        self.previous_button.setEnabled(count > 0 and current > 0)
        self.next_button.setEnabled(count > 0 and current < count - 1)
        self.zoom_button.setEnabled(count > 0)


class PdfPreviewDialog(QDialog):
    """A PDF in a window of its own, from memory; closing it drops the bytes."""

    def __init__(self, title: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_preview_dialog")
        self.setWindowTitle(title)  # never a learner's name: callers pass a plain description
        self.preview = PdfPreview(self)
        self.preview.set_pdf(data)
        close = QPushButton("Close")
        close.setObjectName("close")
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(row)
        self.finished.connect(lambda _result: self.preview.clear())
        self.resize(720, 860)
