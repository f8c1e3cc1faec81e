"""Print a filled form as a PDF: the document, its fonts, and on every page the reference, the page number
and the content's fingerprint. The body (title block, sections, tables, signature blocks) is `pdf_layout`;
the font, palette, geometry and styles are `pdf_style`.

reportlab is imported inside the functions, never at module level: the window must start without it, and
only making a document pays for it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tutordesk.documents.content import DocumentContent, fingerprint, short_fingerprint
from tutordesk.documents.forms import (
    FormDefinition,
    fill_placeholders,
)
from tutordesk.documents.pdf_fonts import draw, register_fonts, undrawable
from tutordesk.documents.pdf_layout import Layout
from tutordesk.documents.pdf_style import (
    FONT,
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

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas


def render_pdf(form: FormDefinition, content: DocumentContent, *, title_suffix: str = "") -> bytes:
    """The filled form as PDF bytes. `title_suffix` is appended to the printed title as given, e.g.
    " (learner's copy)"; the PDF's own title metadata is the form title alone, so no name leaks there."""
    from reportlab.platypus.doctemplate import LayoutError

    register_fonts()
    digest = fingerprint(form.text, content)
    try:
        return _build(form, content, title_suffix, digest, split_rows=False)
    except LayoutError:
        # A table row taller than a whole page (a very long stage description) cannot move to the next
        # page in one piece. Only then let rows split across pages: reportlab's in-row splitting also
        # repeats the header row in the middle of a page, which looks wrong in ordinary documents.
        return _build(form, content, title_suffix, digest, split_rows=True)


def characters_without_glyphs(content: DocumentContent) -> list[str]:
    """The characters in `content` that no font can draw, neither DejaVu Sans (bundled) nor a fallback
    font (bundled or the system's), in order of first appearance: they print as a plain replacement.
    Arabic and Hebrew letters are drawn, but unjoined and left to right, because reportlab does no text
    shaping."""
    texts = [*content.values.values(), content.reference]
    texts += [cell for rows in content.tables.values() for row in rows for cell in row.values()]
    texts += [signatory.name for signatory in content.signatories]
    return undrawable(clean(text) for text in texts)


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
        baseline = footer_line - 4.2 * MM
        third = FRAME_WIDTH / 3 - 4 * MM
        draw(canvas, MARGIN_X, baseline, fit(layout.reference, FONT, 8, third), font=FONT, size=8)
        draw(canvas, PAGE_WIDTH / 2, baseline, fingerprint_text, font=FONT, size=8, align="centre")
        page_text = fill_placeholders(words.page, {"page": str(page), "pages": str(pages)})
        draw(canvas, right, baseline, page_text, font=FONT, size=8, align="right")
        if page > 1:
            header_line = PAGE_HEIGHT - MARGIN_TOP + 5 * MM
            title = fit(running_title, FONT, 8, FRAME_WIDTH)
            draw(canvas, MARGIN_X, header_line + 2 * MM, title, font=FONT, size=8)
            canvas.line(MARGIN_X, header_line, right, header_line)
        canvas.restoreState()

    return decorate
