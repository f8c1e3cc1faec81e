"""The body of a printed form: title block, sections of fields, tables, free text and signature blocks, as
reportlab flowables. reportlab is imported inside the functions (see `pdf.py`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tutordesk.documents.content import DocumentContent, Signatory
from tutordesk.documents.forms import (
    ColumnDefinition,
    FieldDefinition,
    FormDefinition,
    SectionDefinition,
    SignatureDefinition,
    Words,
    fill_placeholders,
)

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

from tutordesk.documents.pdf_style import (
    FRAME_WIDTH,
    MM,
    PAGE_HEIGHT,
    clean,
    colours,
    markup,
    styles,
)

_BLANK = "\u00a0"  # keeps an otherwise empty cell one line tall
_WRITE_HERE = "_" * 16  # printed for a placeholder with no value, so it can be filled in by hand
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}
_SHORT_TYPES = {"text", "date", "number", "bool", "choice"}
_BLANK_LINES = {"multiline": 4, "list": 3}


class Layout:
    """Turns one form and its content into reportlab flowables."""

    def __init__(
        self, form: FormDefinition, content: DocumentContent, title_suffix: str, *, split_rows: bool
    ) -> None:
        self.form = form
        self.split_rows = split_rows
        self.content = content
        self.words: Words = form.words
        self.styles = styles()
        self.title = clean(form.title + title_suffix)
        self.reference = clean(content.reference)
        # Placeholders and fields print dates the same way, so convert every value once.
        self.values = {key: self.display(value) for key, value in content.values.items()}
        self.subject_name = clean(self.values.get(form.subject, "")) if form.subject else ""

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
        story += [Spacer(1, 6 * MM), Paragraph(markup(made_with), self.styles.small)]
        return story

    def title_block(self) -> list[Flowable]:
        from reportlab.platypus import HRFlowable, Paragraph, Spacer

        s = self.styles
        block: list[Flowable] = [Paragraph(markup(self.title), s.title)]
        if self.subject_name:
            block.append(Paragraph(markup(self.subject_name), s.subject))
        if self.reference:
            block.append(Paragraph(markup(self.reference), s.reference))
        block += [
            Spacer(1, 2 * MM),
            HRFlowable(width="100%", thickness=1.2, color=colours().accent),
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
        return markup(fill_placeholders(wording, self.values, missing=_WRITE_HERE))

    def section(self, section: SectionDefinition) -> list[Flowable]:
        from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph

        if not self.content.shows_section(section.id):
            return []  # not chosen for this copy (a handover pack's audience): left out, heading and all
        fields = [f for f in section.fields if self.shown(section, f)]
        if section.kind == "fields" and not fields:
            # Every field is sensitive and not chosen: leave the whole section out, title and all.
            return []
        flowables: list[Flowable] = [Paragraph(markup(section.title), self.styles.heading)]
        flowables += self.wording(section.text)
        if section.kind == "text" or (
            section.kind == "fields" and all(f.type in _SHORT_TYPES for f in fields)
        ):
            # Short sections stay on one page rather than leave a heading or one row at the foot of a page.
            return [KeepTogether(flowables + self.fields(fields))]
        rest = self.fields(fields) if section.kind == "fields" else [self.table(section)]
        if section.kind == "table":
            # The break below keeps the heading with the table's first rows; keepWithNext would instead bind
            # the heading to the whole table and carry all of it to the next page, leaving a blank half page.
            flowables[-1].keepWithNext = 0
        # Keep the heading (and the section's own wording) with the start of what follows: when the
        # heading, the wording and a first row or line would not fit, the section starts on a new page.
        return [CondPageBreak(_start_height(flowables, rest)), *flowables, *rest]

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
        return clean(self.values.get(field.source, "")) if field.source else ""

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
            label = Paragraph(markup(field.label), s.label)
            rows.append([label, Paragraph(self.short_value(field, value) or _BLANK, s.body)])
            if not value and not (field.type == "choice" and field.choices):
                # Nothing recorded: leave a line to write on.
                commands += [
                    ("LINEBELOW", (1, number), (1, number), 0.5, colours().rule),
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
                box = markup(("\u2611 " if choice == value else "\u2610 ") + choice).replace(" ", _BLANK)
                boxes.append(f"<b>{box}</b>" if choice == value else box)
            # Three non-breaking spaces set the choices apart; the plain space after them lets the line wrap.
            return f"{_BLANK * 3} ".join(boxes)
        if field.type == "bool" and value.strip().lower() in _TRUE | _FALSE:
            return markup(self.words.yes if value.strip().lower() in _TRUE else self.words.no)
        return markup(value)

    def long_field(self, field: FieldDefinition) -> list[Flowable]:
        from reportlab.platypus import Paragraph

        s = self.styles
        # The gap above is the label's own spaceBefore, not a Spacer: a Spacer between a heading and the
        # label would let keepWithNext hold the heading to the gap and strand it at the foot of a page.
        flowables: list[Flowable] = [Paragraph(markup(field.label), s.label_above)]
        value = self.value_of(field)
        if not value.strip():
            if field.help:
                flowables.append(Paragraph(markup(field.help), s.help))
            flowables.append(_writing_lines(_BLANK_LINES.get(field.type, 1)))
            return flowables
        if field.type == "list":
            items = [line.strip() for line in value.splitlines() if line.strip()]
            flowables += [Paragraph(markup(item), s.bullet, bulletText="\u2022") for item in items]
        else:
            for paragraph in re.split(r"\n[ \t]*\n", value.strip()):
                flowables.append(Paragraph(markup(paragraph.strip("\n")), s.body))
        return flowables

    def table(self, section: SectionDefinition) -> Flowable:
        from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

        s = self.styles
        columns = section.columns
        rows = self.content.tables.get(section.source or "", ())
        total = sum(c.width for c in columns)
        widths = [FRAME_WIDTH * c.width / total for c in columns]
        data: list[list[Any]] = [[Paragraph(markup(c.label), s.header_cell) for c in columns]]
        for row in rows:
            data.append([self.cell(column, row.get(column.id, "")) for column in columns])
        if not rows:
            # Nothing recorded yet: three empty rows to fill in by hand.
            data += [[Spacer(1, 9 * MM)] + [""] * (len(columns) - 1) for _ in range(3)]
        table = Table(data, colWidths=widths, repeatRows=1, splitInRow=int(self.split_rows), hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colours().rule),
                    ("BACKGROUND", (0, 0), (-1, 0), colours().tint),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colours().white, colours().zebra]),
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

        text = clean(self.display(text)).strip("\n")
        if column.first_line_bold and text:
            first, _, rest = text.partition("\n")
            shown = f"<b>{markup(first)}</b>" + (f"<br/>{markup(rest)}" if rest else "")
        else:
            shown = markup(text)
        return Paragraph(shown or _BLANK, self.styles.cell)

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
        heading = Paragraph(markup(self.words.signatures), self.styles.heading)
        # All signatures on one page where they fit. The blocks must not be KeepTogethers themselves:
        # a nested KeepTogether reports an endless height, and the outer one would always start a new page.
        return [KeepTogether([heading, *blocks])]

    def signature_block(self, signature: SignatureDefinition, signatory: Signatory | None) -> list[Flowable]:
        from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

        s = self.styles
        name = clean(signatory.name) if signatory else ""
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
            mark = Paragraph(markup(note), s.help)
        rows = [
            [mark, "", Paragraph(markup(signed_on) or _BLANK, s.body)],
            [
                Paragraph(markup(caption), s.caption),
                "",
                Paragraph(markup(self.words.date), s.caption),
            ],
            [
                Paragraph(f"{markup(self.words.name)}: <b>{markup(name)}</b>" if name else _BLANK, s.body),
                "",
                "",
            ],
        ]
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("LINEBELOW", (0, 0), (0, 0), 0.8, colours().ink),
            ("LINEBELOW", (2, 0), (2, 0), 0.8, colours().ink),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 1), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("SPAN", (0, 2), (-1, 2)),
        ]
        if not name:
            # No name known: a captioned line to print it by hand.
            rows[2] = [Paragraph(_BLANK, s.body), "", ""]
            rows.append([Paragraph(markup(self.words.name), s.caption), "", ""])
            commands[-1] = ("LINEBELOW", (0, 2), (0, 2), 0.8, colours().ink)
            commands += [("TOPPADDING", (0, 2), (-1, 2), 12)]
        grid = Table(
            rows,
            colWidths=[FRAME_WIDTH * 0.6, FRAME_WIDTH * 0.08, FRAME_WIDTH * 0.32],
            rowHeights=[22 * MM] + [None] * (len(rows) - 1),
            hAlign="LEFT",
        )
        grid.setStyle(TableStyle(commands))
        parts: list[Flowable] = [Paragraph(markup(signature.label), s.signer)]
        parts += self.wording(signature.statement)
        parts += [grid, Spacer(1, 7 * MM)]
        return parts


_START_CAP = 40 * MM  # of a long first field, only this much needs to fit below its heading


def _start_height(heading: Sequence[Flowable], rest: Sequence[Flowable]) -> float:
    """The height a section's heading and wording need, with the start of what follows them: a table's
    header and first row, or a field's label and the first part of its value."""
    from reportlab.platypus import Table

    def height(flowable: Flowable) -> float:
        _, tall = flowable.wrap(FRAME_WIDTH, PAGE_HEIGHT)
        return float(tall + flowable.getSpaceBefore() + flowable.getSpaceAfter())

    needed = sum(height(flowable) for flowable in heading)
    for flowable in rest[:2]:
        if isinstance(flowable, Table):
            height(flowable)  # wrapping measures every row
            rows = flowable._rowHeights[: 2 if flowable.repeatRows else 1]
            return needed + float(sum(rows))
        needed += min(height(flowable), _START_CAP)
    return needed


def _writing_lines(count: int) -> Flowable:
    """Ruled lines to write on by hand, for a field printed with nothing recorded."""
    from reportlab.platypus import Table, TableStyle

    table = Table(
        [[""] for _ in range(count)], colWidths=[FRAME_WIDTH], rowHeights=[8 * MM] * count, hAlign="LEFT"
    )
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, colours().rule)]))
    return table


def _signature_image(png: bytes, max_width: float, max_height: float) -> Flowable:
    """The drawn signature, scaled to fit above the line without distortion."""
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    width, height = ImageReader(io.BytesIO(png)).getSize()
    scale = min(max_width / width, max_height / height)
    image = Image(io.BytesIO(png), width=width * scale, height=height * scale, hAlign="LEFT")
    return image
