"""Print a filled form as a PDF: title block, sections, tables, signature blocks, and on every page the
reference, the page number and the content's fingerprint.

reportlab is imported inside the functions, never at module level: the window must start without it, and
only making a document pays for it.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from tutordesk.documents.content import DocumentContent, Signatory, fingerprint, short_fingerprint
from tutordesk.documents.forms import (
    ColumnDefinition,
    FieldDefinition,
    FormDefinition,
    SectionDefinition,
    SignatureDefinition,
    Words,
    fill_placeholders,
)
from tutordesk.resources import resource

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

FONT = "TutorDeskSans"
FONT_BOLD = "TutorDeskSans-Bold"

_PALETTE = {
    "ink": "#1d2733",  # body text
    "accent": "#1f4e79",  # title and headings
    "muted": "#5b6673",  # labels, captions, page furniture
    "rule": "#b8c1cc",  # table grid and writing lines
    "tint": "#e8eef5",  # table header row
    "zebra": "#f6f8fb",  # every other table row
    "white": "#ffffff",
}

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 595.2756, 841.8898  # A4 in points
MARGIN_X = 18 * MM
MARGIN_TOP = 20 * MM
MARGIN_BOTTOM = 22 * MM
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

_BLANK = "\u00a0"  # keeps an otherwise empty cell one line tall
_WRITE_HERE = "_" * 16  # printed for a placeholder with no value, so it can be filled in by hand
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# C0 controls (other than tab and newline) are not allowed in PDF text and break reportlab's parser.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}
_SHORT_TYPES = {"text", "date", "number", "bool", "choice"}
_BLANK_LINES = {"multiline": 4, "list": 3}

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
        for char in _clean(text):
            if char not in missing and char not in "\n\t" and ord(char) not in known:
                missing[char] = None
    return list(missing)


def _build(
    form: FormDefinition, content: DocumentContent, title_suffix: str, digest: str, *, split_rows: bool
) -> bytes:
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    layout = _Layout(form, content, title_suffix, split_rows=split_rows)
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


@cache
def _colours() -> SimpleNamespace:
    """The palette as reportlab colours, made once: reportlab parses a hex string again at every use,
    which cost about 14 ms of a 4-page contract."""
    from reportlab.lib.colors import HexColor

    return SimpleNamespace(**{name: HexColor(value) for name, value in _PALETTE.items()})


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


def _page_decoration(layout: _Layout, short: str) -> Callable[[Canvas, int, int], None]:
    words = layout.words
    running_title = layout.title
    if layout.subject_name:
        running_title += f" \u00b7 {layout.subject_name}"
    fingerprint_text = fill_placeholders(words.fingerprint, {"fingerprint": short})

    def decorate(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(_colours().rule)
        canvas.setLineWidth(0.5)
        canvas.setFillColor(_colours().muted)
        right = PAGE_WIDTH - MARGIN_X
        footer_line = 15 * MM
        canvas.line(MARGIN_X, footer_line, right, footer_line)
        canvas.setFont(FONT, 8)
        baseline = footer_line - 4.2 * MM
        third = FRAME_WIDTH / 3 - 4 * MM
        canvas.drawString(MARGIN_X, baseline, _fit(layout.reference, FONT, 8, third))
        canvas.drawCentredString(PAGE_WIDTH / 2, baseline, fingerprint_text)
        page_text = fill_placeholders(words.page, {"page": str(page), "pages": str(pages)})
        canvas.drawRightString(right, baseline, page_text)
        if page > 1:
            header_line = PAGE_HEIGHT - MARGIN_TOP + 5 * MM
            canvas.drawString(MARGIN_X, header_line + 2 * MM, _fit(running_title, FONT, 8, FRAME_WIDTH))
            canvas.line(MARGIN_X, header_line, right, header_line)
        canvas.restoreState()

    return decorate


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text`, shortened with an ellipsis if it would run past `width` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def _clean(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _markup(text: str) -> str:
    """User or form text made safe for a reportlab Paragraph: printed literally, line breaks kept."""
    # Escaped by hand: xml.sax.saxutils would pull in urllib and the email package, 50 ms at start-up.
    escaped = _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\n", "<br/>")


def _styles() -> SimpleNamespace:
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle(
        "body",
        fontName=FONT,
        bulletFontName=FONT,
        fontSize=10,
        leading=14,
        textColor=_colours().ink,
        alignment=TA_LEFT,
    )
    return SimpleNamespace(
        body=ParagraphStyle("body_spaced", parent=body, spaceAfter=5),
        cell=ParagraphStyle("cell", parent=body, fontSize=9, leading=12),
        header_cell=ParagraphStyle("header_cell", parent=body, fontName=FONT_BOLD, fontSize=9, leading=12),
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=3),
        title=ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=21, leading=26, textColor=_colours().accent
        ),
        subject=ParagraphStyle(
            "subject", parent=body, fontName=FONT_BOLD, fontSize=14, leading=19, spaceBefore=4
        ),
        reference=ParagraphStyle(
            "reference", parent=body, fontSize=10, textColor=_colours().muted, spaceAfter=2
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            textColor=_colours().accent,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        label=ParagraphStyle(
            "label", parent=body, fontName=FONT_BOLD, fontSize=9, leading=12, textColor=_colours().muted
        ),
        label_above=ParagraphStyle(
            "label_above",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=9,
            leading=12,
            textColor=_colours().muted,
            keepWithNext=1,
        ),
        help=ParagraphStyle(
            "help", parent=body, fontSize=8.5, leading=11, textColor=_colours().muted, spaceAfter=2
        ),
        signer=ParagraphStyle(
            "signer", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceAfter=2
        ),
        caption=ParagraphStyle("caption", parent=body, fontSize=8, leading=10, textColor=_colours().muted),
        small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=10, textColor=_colours().muted),
    )


class _Layout:
    """Turns one form and its content into reportlab flowables."""

    def __init__(
        self, form: FormDefinition, content: DocumentContent, title_suffix: str, *, split_rows: bool
    ) -> None:
        self.form = form
        self.split_rows = split_rows
        self.content = content
        self.words: Words = form.words
        self.styles = _styles()
        self.title = _clean(form.title + title_suffix)
        self.reference = _clean(content.reference)
        # Placeholders and fields print dates the same way, so convert every value once.
        self.values = {key: self.display(value) for key, value in content.values.items()}
        self.subject_name = _clean(self.values.get(form.subject, "")) if form.subject else ""

    def display(self, value: str) -> str:
        """A value as printed: an ISO date ("2026-03-12") becomes "12 March 2026"; anything else is kept."""
        stripped = value.strip()
        if _ISO_DATE.match(stripped):
            try:
                return self.words.format_date(date.fromisoformat(stripped))
            except ValueError:
                return value
        return value

    def story(self, digest: str) -> list[Flowable]:
        from reportlab.platypus import Paragraph, Spacer

        story = self.title_block()
        for section in self.form.sections:
            story += self.section(section)
        story += self.signatures()
        made_with = fill_placeholders(
            self.words.made_with,
            {"title": self.form.title, "version": self.form.version, "fingerprint": digest},
        )
        story += [Spacer(1, 6 * MM), Paragraph(_markup(made_with), self.styles.small)]
        return story

    def title_block(self) -> list[Flowable]:
        from reportlab.platypus import HRFlowable, Paragraph, Spacer

        s = self.styles
        block: list[Flowable] = [Paragraph(_markup(self.title), s.title)]
        if self.subject_name:
            block.append(Paragraph(_markup(self.subject_name), s.subject))
        if self.reference:
            block.append(Paragraph(_markup(self.reference), s.reference))
        block += [
            Spacer(1, 2 * MM),
            HRFlowable(width="100%", thickness=1.2, color=_colours().accent),
            Spacer(1, 4 * MM),
        ]
        return block + self.wording(self.form.intro)

    def wording(self, text: str) -> list[Flowable]:
        """The form's own wording: paragraphs split by blank lines; a paragraph of "- " lines is a list.

        Single line breaks inside a paragraph are spaces, so authors can wrap lines in the TOML file.
        """
        from reportlab.platypus import Paragraph

        flowables: list[Flowable] = []
        for chunk in re.split(r"\n[ \t]*\n", text.strip()):
            lines = [line.strip() for line in chunk.splitlines() if line.strip()]
            if not lines:
                continue
            if lines[0].startswith("- "):
                items: list[str] = []
                for line in lines:
                    if line.startswith("- "):
                        items.append(line[2:].strip())
                    else:  # a wrapped line continues the item above it
                        items[-1] += " " + line
                for item in items:
                    flowables.append(Paragraph(self.fill(item), self.styles.bullet, bulletText="\u2022"))
            else:
                flowables.append(Paragraph(self.fill(" ".join(lines)), self.styles.body))
        return flowables

    def fill(self, wording: str) -> str:
        return _markup(fill_placeholders(wording, self.values, missing=_WRITE_HERE))

    def section(self, section: SectionDefinition) -> list[Flowable]:
        from reportlab.platypus import KeepTogether, Paragraph

        fields = [f for f in section.fields if self.shown(section, f)]
        if section.kind == "fields" and not fields:
            # Every field is sensitive and not chosen: leave the whole section out, title and all.
            return []
        flowables: list[Flowable] = [Paragraph(_markup(section.title), self.styles.heading)]
        flowables += self.wording(section.text)
        if section.kind == "text" or (
            section.kind == "fields" and all(f.type in _SHORT_TYPES for f in fields)
        ):
            # Short sections stay on one page rather than leave a heading or one row at the foot of a page.
            return [KeepTogether(flowables + self.fields(fields))]
        if section.kind == "fields":
            flowables += self.fields(fields)
        else:
            flowables.append(self.table(section))
        return flowables

    def shown(self, section: SectionDefinition, field: FieldDefinition) -> bool:
        return not field.sensitive or f"{section.id}.{field.id}" in self.content.chosen_sensitive

    def fields(self, fields: Sequence[FieldDefinition]) -> list[Flowable]:
        """Short fields go in a label/value grid; multi-line and list fields get the full width."""
        flowables: list[Flowable] = []
        run: list[FieldDefinition] = []
        for field in fields:
            if field.type in _SHORT_TYPES:
                run.append(field)
                continue
            if run:
                flowables.append(self.grid(run))
                run = []
            flowables += self.long_field(field)
        if run:
            flowables.append(self.grid(run))
        return flowables

    def value_of(self, field: FieldDefinition) -> str:
        return _clean(self.values.get(field.source, "")) if field.source else ""

    def grid(self, fields: Sequence[FieldDefinition]) -> Flowable:
        from reportlab.platypus import Paragraph, Table, TableStyle

        s = self.styles
        rows = []
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        for number, field in enumerate(fields):
            value = self.value_of(field)
            label = Paragraph(_markup(field.label), s.label)
            rows.append([label, Paragraph(self.short_value(field, value) or _BLANK, s.body)])
            if not value and not (field.type == "choice" and field.choices):
                # Nothing recorded: leave a line to write on.
                commands += [
                    ("LINEBELOW", (1, number), (1, number), 0.5, _colours().rule),
                    ("TOPPADDING", (1, number), (1, number), 8),
                ]
        table = Table(
            rows,
            colWidths=[FRAME_WIDTH * 0.36, FRAME_WIDTH * 0.64],
            hAlign="LEFT",
            splitInRow=int(self.split_rows),
        )
        table.setStyle(TableStyle(commands))
        return table

    def short_value(self, field: FieldDefinition, value: str) -> str:
        if field.type == "choice" and field.choices and (not value or value in field.choices):
            # Show every choice with the chosen one ticked, so a blank copy can be ticked by hand.
            # Non-breaking spaces inside each choice, so a line never breaks between a box and its words.
            boxes = []
            for choice in field.choices:
                box = _markup(("\u2611 " if choice == value else "\u2610 ") + choice).replace(" ", _BLANK)
                boxes.append(f"<b>{box}</b>" if choice == value else box)
            # Three non-breaking spaces set the choices apart; the plain space after them lets the line wrap.
            return f"{_BLANK * 3} ".join(boxes)
        if field.type == "bool" and value.strip().lower() in _TRUE | _FALSE:
            return _markup(self.words.yes if value.strip().lower() in _TRUE else self.words.no)
        return _markup(value)

    def long_field(self, field: FieldDefinition) -> list[Flowable]:
        from reportlab.platypus import Paragraph, Spacer

        s = self.styles
        flowables: list[Flowable] = [Spacer(1, 1.5 * MM), Paragraph(_markup(field.label), s.label_above)]
        value = self.value_of(field)
        if not value.strip():
            if field.help:
                flowables.append(Paragraph(_markup(field.help), s.help))
            flowables.append(_writing_lines(_BLANK_LINES.get(field.type, 1)))
            return flowables
        if field.type == "list":
            items = [line.strip() for line in value.splitlines() if line.strip()]
            flowables += [Paragraph(_markup(item), s.bullet, bulletText="\u2022") for item in items]
        else:
            for paragraph in re.split(r"\n[ \t]*\n", value.strip()):
                flowables.append(Paragraph(_markup(paragraph.strip("\n")), s.body))
        return flowables

    def table(self, section: SectionDefinition) -> Flowable:
        from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

        s = self.styles
        columns = section.columns
        rows = self.content.tables.get(section.source or "", ())
        total = sum(c.width for c in columns)
        widths = [FRAME_WIDTH * c.width / total for c in columns]
        data: list[list[Any]] = [[Paragraph(_markup(c.label), s.header_cell) for c in columns]]
        for row in rows:
            data.append([self.cell(column, row.get(column.id, "")) for column in columns])
        if not rows:
            # Nothing recorded yet: three empty rows to fill in by hand.
            data += [[Spacer(1, 9 * MM)] + [""] * (len(columns) - 1) for _ in range(3)]
        table = Table(data, colWidths=widths, repeatRows=1, splitInRow=int(self.split_rows), hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, _colours().rule),
                    ("BACKGROUND", (0, 0), (-1, 0), _colours().tint),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [_colours().white, _colours().zebra]),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return table

    def cell(self, column: ColumnDefinition, text: str) -> Flowable:
        from reportlab.platypus import Paragraph

        text = _clean(self.display(text)).strip("\n")
        if column.first_line_bold and text:
            first, _, rest = text.partition("\n")
            markup = f"<b>{_markup(first)}</b>" + (f"<br/>{_markup(rest)}" if rest else "")
        else:
            markup = _markup(text)
        return Paragraph(markup or _BLANK, self.styles.cell)

    def signatures(self) -> list[Flowable]:
        from reportlab.platypus import KeepTogether, Paragraph

        blocks: list[Flowable] = []
        for signature in self.form.signatures:
            signatory = self.content.signatory(signature.role)
            if signature.optional and signatory is None:
                continue  # an optional block prints only when the content names someone for it
            blocks += self.signature_block(signature, signatory)
        if not blocks:
            return []
        heading = Paragraph(_markup(self.words.signatures), self.styles.heading)
        # All signatures on one page where they fit. The blocks must not be KeepTogethers themselves:
        # a nested KeepTogether reports an endless height, and the outer one would always start a new page.
        return [KeepTogether([heading, *blocks])]

    def signature_block(self, signature: SignatureDefinition, signatory: Signatory | None) -> list[Flowable]:
        from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

        s = self.styles
        name = _clean(signatory.name) if signatory else ""
        mark: Any = ""
        caption = self.words.signature
        signed_on = ""
        if signatory is not None and signatory.signed_on is not None:
            signed_on = self.words.format_date(signatory.signed_on)
        if signatory is not None and signatory.method == "drawn" and signatory.image_png:
            mark = _signature_image(signatory.image_png, FRAME_WIDTH * 0.58, 20 * MM)
            caption = fill_placeholders(self.words.signed_on_screen, {"date": signed_on})
        elif signatory is not None and signatory.method == "paper":
            note = fill_placeholders(self.words.signed_on_paper, {"date": signed_on})
            mark = Paragraph(_markup(note), s.help)
        rows = [
            [mark, "", Paragraph(_markup(signed_on) or _BLANK, s.body)],
            [
                Paragraph(_markup(caption), s.caption),
                "",
                Paragraph(_markup(self.words.date), s.caption),
            ],
            [
                Paragraph(f"{_markup(self.words.name)}: <b>{_markup(name)}</b>" if name else _BLANK, s.body),
                "",
                "",
            ],
        ]
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("LINEBELOW", (0, 0), (0, 0), 0.8, _colours().ink),
            ("LINEBELOW", (2, 0), (2, 0), 0.8, _colours().ink),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 1), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("SPAN", (0, 2), (-1, 2)),
        ]
        if not name:
            # No name known: a captioned line to print it by hand.
            rows[2] = [Paragraph(_BLANK, s.body), "", ""]
            rows.append([Paragraph(_markup(self.words.name), s.caption), "", ""])
            commands[-1] = ("LINEBELOW", (0, 2), (0, 2), 0.8, _colours().ink)
            commands += [("TOPPADDING", (0, 2), (-1, 2), 12)]
        grid = Table(
            rows,
            colWidths=[FRAME_WIDTH * 0.6, FRAME_WIDTH * 0.08, FRAME_WIDTH * 0.32],
            rowHeights=[22 * MM] + [None] * (len(rows) - 1),
            hAlign="LEFT",
        )
        grid.setStyle(TableStyle(commands))
        parts: list[Flowable] = [Paragraph(_markup(signature.label), s.signer)]
        parts += self.wording(signature.statement)
        parts += [grid, Spacer(1, 7 * MM)]
        return parts


def _writing_lines(count: int) -> Flowable:
    """Ruled lines to write on by hand, for a field printed with nothing recorded."""
    from reportlab.platypus import Table, TableStyle

    table = Table(
        [[""] for _ in range(count)], colWidths=[FRAME_WIDTH], rowHeights=[8 * MM] * count, hAlign="LEFT"
    )
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, _colours().rule)]))
    return table


def _signature_image(png: bytes, max_width: float, max_height: float) -> Flowable:
    """The drawn signature, scaled to fit above the line without distortion."""
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    width, height = ImageReader(io.BytesIO(png)).getSize()
    scale = min(max_width / width, max_height / height)
    image = Image(io.BytesIO(png), width=width * scale, height=height * scale, hAlign="LEFT")
    return image
