"""Print a filled form as a PDF: the document, its fonts, and on every page the reference, the page number
and the content's fingerprint. The body (title block, sections, tables, signature blocks) is `pdf_layout`;
the font, palette, geometry and styles are `pdf_style`.

reportlab is imported inside the functions, never at module level: the window must start without it, and
only making a document pays for it.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tutordesk.documents.content import DocumentContent, fingerprint, short_fingerprint
from tutordesk.documents.forms import (
    FormDefinition,
    fill_placeholders,
)
from tutordesk.documents.pdf_layout import Layout
from tutordesk.documents.pdf_style import (
    FONT,
    FONT_BOLD,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MM,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    clean,
    colours,
    fit,
)
from tutordesk.resources import resource

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

_fonts_lock = threading.Lock()
_fonts_ready = False


def render_pdf(form: FormDefinition, content: DocumentContent, *, title_suffix: str = "") -> bytes:
    """The filled form as PDF bytes. `title_suffix` is appended to the printed title as given, e.g.
    " (learner's copy)"; the PDF's own title metadata is the form title alone, so no name leaks there."""
    from reportlab.platypus.doctemplate import LayoutError

    _register_fonts()
    digest = fingerprint(form.text, content)
    try:
        return _build(form, content, title_suffix, digest, split_rows=False)
    except LayoutError:
        # A table row taller than a whole page (a very long stage description) cannot move to the next
        # page in one piece. Only then let rows split across pages: reportlab's in-row splitting also
        # repeats the header row in the middle of a page, which looks wrong in ordinary documents.
        return _build(form, content, title_suffix, digest, split_rows=True)


def characters_without_glyphs(content: DocumentContent) -> list[str]:
    """The characters in `content` the bundled font cannot draw (they would print as empty boxes), in
    order of first appearance. DejaVu Sans covers Latin, Greek, Cyrillic, Vietnamese and more, but not
    Chinese, Japanese, Korean or Indian scripts, nor emoji. Arabic and Hebrew letters are drawn, but
    unjoined and left to right, because reportlab does no text shaping."""
    _register_fonts()
    from reportlab.pdfbase import pdfmetrics

    known = pdfmetrics.getFont(FONT).face.charToGlyph
    texts = [*content.values.values(), content.reference]
    texts += [cell for rows in content.tables.values() for row in rows for cell in row.values()]
    texts += [signatory.name for signatory in content.signatories]
    missing: dict[str, None] = {}
    for text in texts:
        for char in clean(text):
            if char not in missing and char not in "\n\t" and ord(char) not in known:
                missing[char] = None
    return list(missing)


def _build(
    form: FormDefinition, content: DocumentContent, title_suffix: str, digest: str, *, split_rows: bool
) -> bytes:
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    layout = Layout(form, content, title_suffix, split_rows=split_rows)
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageTemplates=[PageTemplate(id="page", frames=[frame])],
        title=form.title,
        author="",
        subject="",
        keywords=[],
        creator="TutorDesk",
        lang=form.language,
        displayDocTitle=True,
        initialFontName=FONT,
    )
    decorate = _page_decoration(layout, short_fingerprint(digest))
    document.build(layout.story(digest), canvasmaker=_numbered_canvas(decorate))
    return buffer.getvalue()


def _register_fonts() -> None:
    """Register DejaVu Sans once per process: it covers Latin, Greek, Cyrillic and Vietnamese letters."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
        # No italic face is bundled; <i> falls back to the upright one rather than to a Latin-1-only font.
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
        _fonts_ready = True


def _numbered_canvas(decorate: Callable[[Canvas, int, int], None]) -> type:
    """A canvas that holds every page back until the end, so each can say "Page N of M"."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                decorate(self, self.getPageNumber(), total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _page_decoration(layout: Layout, short: str) -> Callable[[Canvas, int, int], None]:
    words = layout.words
    running_title = layout.title
    if layout.subject_name:
        running_title += f" \u00b7 {layout.subject_name}"
    fingerprint_text = fill_placeholders(words.fingerprint, {"fingerprint": short})

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(colours().rule)
        canvas.setLineWidth(0.5)
        canvas.setFillColor(colours().muted)
        right = PAGE_WIDTH - MARGIN_X
        footer_line = 15 * MM
        canvas.line(MARGIN_X, footer_line, right, footer_line)
        canvas.setFont(FONT, 8)
        baseline = footer_line - 4.2 * MM
        third = FRAME_WIDTH / 3 - 4 * MM
        canvas.drawString(MARGIN_X, baseline, fit(layout.reference, FONT, 8, third))
        canvas.drawCentredString(PAGE_WIDTH / 2, baseline, fingerprint_text)
        page_text = fill_placeholders(words.page, {"page": str(page), "pages": str(pages)})
        canvas.drawRightString(right, baseline, page_text)
        if page > 1:
            header_line = PAGE_HEIGHT - MARGIN_TOP + 5 * MM
            canvas.drawString(MARGIN_X, header_line + 2 * MM, fit(running_title, FONT, 8, FRAME_WIDTH))
            canvas.line(MARGIN_X, header_line, right, header_line)
        canvas.restoreState()

    return decorate
