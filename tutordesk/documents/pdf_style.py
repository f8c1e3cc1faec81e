"""The look of TutorDesk's PDFs: the font, the palette, the page geometry and the paragraph styles, and
making text safe to print. Shared by the page furniture (`pdf.py`) and the body (`pdf_layout.py`).
"""

from __future__ import annotations

import re
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from tutordesk.documents.pdf_fonts import FONT as FONT  # the font names, importable from here too
from tutordesk.documents.pdf_fonts import FONT_BOLD as FONT_BOLD
from tutordesk.documents.pdf_fonts import runs
from tutordesk.documents.pdf_fonts import width as printed_width

PALETTE = {
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

# C0 controls (other than tab and newline) are not allowed in PDF text and break reportlab's parser.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@cache
def colours() -> SimpleNamespace:
    """The palette as reportlab colours, made once: reportlab parses a hex string again at every use,
    which cost about 14 ms of a 4-page contract."""
    from reportlab.lib.colors import HexColor

    return SimpleNamespace(**{name: HexColor(value) for name, value in PALETTE.items()})


def fit(text: str, font: str, size: float, width: float) -> str:
    """`text`, shortened with an ellipsis if it would run past `width` points (each script in its font)."""
    if printed_width(text, font, size) <= width:
        return text
    while text and printed_width(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def clean(text: str) -> str:
    return CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def markup(text: str) -> str:
    """User or form text made safe for a reportlab Paragraph: printed literally, line breaks kept, and each
    run of characters DejaVu Sans cannot draw set in a font that can (`pdf_fonts`)."""
    parts = []
    for font, part in runs(clean(text)):
        # Escaped by hand: xml.sax.saxutils would pull in urllib and the email package, 50 ms at start-up.
        escaped = part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        parts.append(escaped if font == FONT else f'<font name="{font}">{escaped}</font>')
    return "".join(parts).replace("\n", "<br/>")


def styles() -> SimpleNamespace:
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle(
        "body",
        fontName=FONT,
        shaping=1,  # joined Arabic letters and Indic conjuncts, through HarfBuzz (`pdf_fonts`)
        bulletFontName=FONT,
        fontSize=10,
        leading=14,
        textColor=colours().ink,
        alignment=TA_LEFT,
    )
    return SimpleNamespace(
        body=ParagraphStyle("body_spaced", parent=body, spaceAfter=5),
        cell=ParagraphStyle("cell", parent=body, fontSize=9, leading=12),
        header_cell=ParagraphStyle("header_cell", parent=body, fontName=FONT_BOLD, fontSize=9, leading=12),
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=3),
        title=ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=21, leading=26, textColor=colours().accent
        ),
        subject=ParagraphStyle(
            "subject", parent=body, fontName=FONT_BOLD, fontSize=14, leading=19, spaceBefore=4
        ),
        reference=ParagraphStyle(
            "reference", parent=body, fontSize=10, textColor=colours().muted, spaceAfter=2
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            textColor=colours().accent,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        label=ParagraphStyle(
            "label", parent=body, fontName=FONT_BOLD, fontSize=9, leading=12, textColor=colours().muted
        ),
        label_above=ParagraphStyle(
            "label_above",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=9,
            leading=12,
            textColor=colours().muted,
            spaceBefore=4.25,  # 1.5 mm
            keepWithNext=1,
        ),
        help=ParagraphStyle(
            "help", parent=body, fontSize=8.5, leading=11, textColor=colours().muted, spaceAfter=2
        ),
        signer=ParagraphStyle(
            "signer", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceAfter=2
        ),
        caption=ParagraphStyle("caption", parent=body, fontSize=8, leading=10, textColor=colours().muted),
        small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=10, textColor=colours().muted),
    )
