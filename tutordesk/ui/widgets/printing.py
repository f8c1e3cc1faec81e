"""Print… for the documents TutorDesk saves as PDF: the system print dialog, then the same pages as the PDF.

`ask_for_printer` shows Qt's print dialog (a test hands its own `QPrinter` instead, and no dialog is shown).
`print_pdf_bytes` sends PDF bytes from memory to that printer: when the person chose to print to a PDF file,
the file gets the document's own bytes (the very pages and text of a saved PDF); otherwise each page is
drawn by Qt's PDF module (`QPdfDocument`, as `pdf_preview` shows it) onto the printer's pages. The bytes
never pass through a temporary file of TutorDesk's own. Recording the print in the audit log is the service's part: callers
run `print_pdf_bytes` as the `send` of a service's print function, inside its unit of work.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from tutordesk.errors import TutorDeskError
from tutordesk.ui.widgets.pdf_preview import preview_available
from tutordesk.vault.unit_of_work import UnitOfWork

try:
    from PySide6.QtPdf import QPdfDocument
except ImportError:  # pragma: no cover - only on installs without the add-ons
    QPdfDocument = None  # type: ignore[assignment,misc]

#: Pages are drawn at no more than this many dots per inch: sharp on paper, and a page of A4 stays a few
#: megabytes in memory rather than hundreds at a printer's 1200.
MAX_DPI = 300

NO_PDF_MODULE = (
    "TutorDesk can't print on this computer, because Qt's PDF module is not installed. "
    "Save the document as a PDF and print it from your PDF reader instead."
)
UNREADABLE = "TutorDesk couldn't prepare this document for the printer. Nothing was printed."


def go_ahead_without(parent: QWidget, missing: Sequence[str], *, document: str, printing: bool) -> bool:
    """Before a PDF is saved or printed, say which characters no font on this computer can draw (they would
    print as a plain mark); whether to go ahead. True at once when nothing is missing. Every Save as PDF and
    Print path asks through here, before anything is written or sent. `document` names it: "the contract"."""
    if not missing:
        return True
    verb = "print" if printing else "save"
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Some characters cannot be printed",
        "No font on this computer can draw these characters: "
        + " ".join(missing)
        + f"\n\n{document[:1].upper()}{document[1:]} would show a plain mark in their place. Installing a font "
        f"for that script and trying again fixes it. {verb.capitalize()} it anyway?",
        parent=parent,
    )
    go = box.addButton(f"&{verb.capitalize()} anyway", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(f"&Don't {verb}", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go)
    box.setObjectName("unprintable_warning")
    box.exec()
    return box.clickedButton() is go


def ask_for_printer(parent: QWidget, title: str, *, document_name: str) -> QPrinter | None:
    """The system print dialog for a new printer named `document_name` (never a learner's name, it shows
    in print queues); the printer chosen, or None when the person cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document_name)
    printer.setFullPage(True)  # the PDF's pages carry their own margins
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def prints_to_file(printer: QPrinter) -> bool:
    """Whether the printer writes a PDF file (the dialog's "Print to File") rather than paper."""
    return printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and bool(printer.outputFileName())


def print_pdf_bytes(
    printer: QPrinter, data: bytes, *, uow: UnitOfWork | None = None, draw_pages: bool = False
) -> int:
    """Send the PDF `data` to `printer`; returns the number of pages sent. Raises `TutorDeskError` with a
    plain message when it cannot (so the caller's unit of work records nothing).

    A printer that writes a PDF file gets the bytes themselves, unless `draw_pages` asks for the pages to be
    drawn as they are for paper. That file is an export like a saved PDF: written through `write_export`
    in the service's unit of work `uow` (never over the vault's own files; known to the audit log even if
    TutorDesk is stopped half way), while the service records the print itself."""
    if prints_to_file(printer) and not draw_pages:
        from pathlib import Path

        from tutordesk.vault.export_journal import write_export

        if uow is None:
            raise TutorDeskError("This printed copy cannot be saved to a file here. Nothing was printed.")
        try:
            write_export(uow, target=Path(printer.outputFileName()), data=data, record=None)
        except OSError as error:
            raise TutorDeskError(
                f"The printed copy could not be written: {error.strerror or error}."
            ) from error
        return _page_count(data)
    return _draw_pages(printer, data)


def _open(data: bytes) -> tuple[QPdfDocument, QBuffer]:
    if not preview_available():
        raise TutorDeskError(NO_PDF_MODULE)
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        document.close()
        buffer.close()
        raise TutorDeskError(UNREADABLE)
    return document, buffer


def _page_count(data: bytes) -> int:
    document, buffer = _open(data)
    try:
        return int(document.pageCount())
    finally:
        document.close()
        buffer.close()


def _draw_pages(printer: QPrinter, data: bytes) -> int:
    """Each page drawn from memory at up to `MAX_DPI`, scaled to fit the paper and centred on it."""
    document, buffer = _open(data)
    painter = QPainter()
    try:
        count = int(document.pageCount())
        for page in range(count):
            points = document.pagePointSize(page)
            printer.setPageOrientation(
                QPageLayout.Orientation.Landscape
                if points.width() > points.height()
                else QPageLayout.Orientation.Portrait
            )
            if page == 0:
                if not painter.begin(printer):
                    raise TutorDeskError("The printer could not be started. Nothing was printed.")
            elif not printer.newPage():
                raise TutorDeskError("The printer stopped part of the way through.")
            dpi = min(printer.resolution(), MAX_DPI)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(page, size)
            target = QRectF(painter.viewport())
            scale = min(target.width() / size.width(), target.height() / size.height())
            width, height = size.width() * scale, size.height() * scale
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(
                QRectF(
                    target.x() + (target.width() - width) / 2,
                    target.y() + (target.height() - height) / 2,
                    width,
                    height,
                ),
                image,
            )
        return count
    finally:
        if painter.isActive():
            painter.end()
        document.close()
        buffer.close()
        buffer.setData(QByteArray())
