"""Real PDFs, read back with pypdf as a reader would: names in any script, goals, plan version, page numbers,
the fingerprint on every page, signatures, and nothing sensitive or personal where it should not be."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import struct
import subprocess
import sys
import zlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import REPO
from tutordesk.documents import pdf_fonts
from tutordesk.documents.content import (
    DocumentContent,
    Signatory,
    content_from_json,
    content_to_json,
    fingerprint,
    short_fingerprint,
)
from tutordesk.documents.forms import FormDefinition, bundled_form_ids, load_form, parse_form
from tutordesk.documents.pdf import characters_without_glyphs, render_pdf
from tutordesk.documents.pdf_style import FONT

NAMES = ["Zoë Ångström-Øre", "Дмитрий", "Γιώργος", "Nguyễn"]
GOALS = [
    "Come in three days a week",
    "Finish the first unit of the carpentry course",
    "Visit a joinery workshop",
]
FINGERPRINT = re.compile(r"Fingerprint ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})")


def png(width: int = 60, height: int = 20) -> bytes:
    """A small RGBA PNG (a dark diagonal stroke), made without any imaging library."""
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            on = abs(x * height // width - y) < 2
            row += bytes((20, 30, 90, 255)) if on else bytes((255, 255, 255, 0))
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def stages(count: int) -> list[dict[str, str]]:
    rows = []
    for number in range(1, count + 1):
        goal = GOALS[(number - 1) % len(GOALS)]
        rows.append(
            {
                "number": str(number),
                "stage": f"Stage {number}\nGetting settled and finding my feet.",
                "goals": f"{goal}.\nFor the record: attendance at 60% or more.",
                "measure": "We look at the register together",
                "by_when": "2026-05-01",
            }
        )
    return rows


def contract_content(
    *, learner: str = "Zoë Ångström-Øre", stage_count: int = 3, **changes: object
) -> DocumentContent:
    content = DocumentContent(
        values={
            "learner.name": learner,
            "learner.setting": "Riverside College",
            "learner.programme": "Level 1 Construction",
            "tutor.name": "Sam Okafor",
            "plan.version": "3",
            "plan.agreed_on": "2026-03-12",
            "plan.starting_point": "I left school in Year 10.\nI like working with my hands.",
            "plan.end_goal": "Start an apprenticeship in carpentry",
            "plan.focus_areas": "Education\nWell-being",
            "plan.options_offered": "A college course\nA work taster",
            "plan.choice_made": "The work taster, because I learn by doing.",
            "plan.review_cadence": "every 4 weeks",
            "plan.next_review": "2026-04-09",
            "plan.support": "A quiet room for tests",
        },
        tables={"plan.stages": stages(stage_count)},
        signatories=(Signatory("learner", learner), Signatory("tutor", "Sam Okafor")),
        reference="Plan version 3",
    )
    return dataclasses.replace(content, **changes) if changes else content  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def contract() -> FormDefinition:
    return load_form("contract_of_participation")


def pages_text(data: bytes) -> list[str]:
    """The text of each page, with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_the_contract_prints_the_name_the_goals_and_the_plan_version(contract: FormDefinition) -> None:
    text = " ".join(pages_text(render_pdf(contract, contract_content())))
    assert "Contract of participation" in text
    assert "Zoë Ångström-Øre" in text
    for goal in GOALS:
        assert goal in text
    assert "Plan version 3" in text
    assert "Start an apprenticeship in carpentry" in text
    assert "12 March 2026" in text  # ISO dates print as people write them
    assert "1 May 2026" in text  # in table cells too


@pytest.mark.parametrize("name", [*NAMES, "Zoë Ångström-Øre Дмитрий Γιώργος Nguyễn"])
def test_names_in_any_script_print_and_read_back_intact(contract: FormDefinition, name: str) -> None:
    first_page = pages_text(render_pdf(contract, contract_content(learner=name)))[0]
    assert name in first_page


UNDRAWABLE = "\u0378"  # a code point no font has: it stands for any character no font can draw
CJK_NAME = "山田 太郎"


def _cjk_font_on_this_system() -> None:
    if not pdf_fonts._system_fonts_with(ord("山")):
        pytest.skip("no system font for Chinese characters here (fontconfig or a CJK TrueType font missing)")


def test_only_characters_no_font_can_draw_are_reported() -> None:
    assert characters_without_glyphs(contract_content(learner=" ".join(NAMES))) == []
    content = contract_content(learner=f"Zoë{UNDRAWABLE} \u200d\ufe0f{UNDRAWABLE}")
    # Reported once; the joiner and the variation selector draw nothing and miss nothing.
    assert characters_without_glyphs(content) == [UNDRAWABLE]


def test_what_no_font_draws_prints_as_a_plain_mark_and_a_symbol_by_its_name(contract: FormDefinition) -> None:
    text = pages_text(render_pdf(contract, contract_content(learner=f"Zoë{UNDRAWABLE} Ng")))[0]
    assert "Zoë\ufffd Ng" in text
    assert pdf_fonts.replacement("\U0001f642") == "[slightly smiling face]"
    assert pdf_fonts.replacement("\ufe0f") == ""
    smile = pages_text(render_pdf(contract, contract_content(learner="Zoë \U0001f642")))[0]
    assert pdf_fonts.font_for("\U0001f642") is not None  # the bundled Noto Emoji draws it
    assert "Zoë" in smile and "[slightly smiling face]" not in smile


def test_chinese_names_print_in_a_system_font_found_through_fontconfig(contract: FormDefinition) -> None:
    _cjk_font_on_this_system()
    content = contract_content(learner=f"{CJK_NAME} Zoë")
    assert characters_without_glyphs(content) == []
    data = render_pdf(contract, content)
    pages = pages_text(data)
    assert f"{CJK_NAME} Zoë" in pages[0]
    assert f"Contract of participation · {CJK_NAME} Zoë" in pages[1]  # the running header too
    reader = PdfReader(io.BytesIO(data))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[union-attr]
    }
    assert any("DejaVuSans" in font for font in fonts)  # Latin letters stay in DejaVu Sans
    assert any("DejaVuSans" not in font for font in fonts), fonts  # the name in a font that has it
    # Runs switch font only where the script changes.
    runs = pdf_fonts.runs("Zoë 山田!")
    assert [part for _, part in runs] == ["Zoë ", "山田", "!"]
    assert runs[0][0] == runs[2][0] == FONT != runs[1][0]


def test_chinese_names_look_right_on_the_page(contract: FormDefinition, tmp_path: Path) -> None:
    """Rendered as a viewer would: two different names give two different pictures. Empty boxes would
    look the same whatever the characters."""
    _cjk_font_on_this_system()
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image, ImageChops

    def subject_line(name: str) -> Image.Image:
        pdf = tmp_path / "name.pdf"
        pdf.write_bytes(render_pdf(contract, contract_content(learner=name)))
        prefix = tmp_path / name
        subprocess.run(
            ["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", str(pdf), str(prefix)], check=True
        )
        image = Image.open(next(tmp_path.glob(f"{name}*.png"))).convert("L")
        return image.crop((60, 115, 400, 145))  # the learner's name under the title

    first, second = subject_line("山山山"), subject_line("田田田")
    assert ImageChops.difference(first, second).getbbox() is not None
    assert first.getextrema()[0] < 100  # there is ink on the line


def test_the_fingerprint_on_every_page_is_the_stored_one(contract: FormDefinition) -> None:
    content = contract_content(stage_count=30)
    expected = short_fingerprint(fingerprint(contract.text, content))
    pages = pages_text(render_pdf(contract, content))
    assert len(pages) > 2
    for page in pages:
        assert FINGERPRINT.findall(page) == [expected]


def test_signing_keeps_the_fingerprint_but_changing_a_goal_does_not(contract: FormDefinition) -> None:
    content = contract_content()
    unsigned = fingerprint(contract.text, content)
    signed = content.with_signature("learner", signed_on=date(2026, 3, 12), method="drawn", image_png=png())
    signed = signed.with_signature("tutor", signed_on=date(2026, 3, 13), method="paper")
    signed = signed.with_signature(
        "parent_carer", signed_on=date(2026, 3, 14), method="paper", name="Ana Ferreira"
    )
    assert fingerprint(contract.text, signed) == unsigned
    assert FINGERPRINT.findall(pages_text(render_pdf(contract, signed))[0]) == [short_fingerprint(unsigned)]

    rows = [dict(row) for row in content.tables["plan.stages"]]
    rows[1]["goals"] = rows[1]["goals"].replace("first unit", "first two units")
    changed = dataclasses.replace(content, tables={"plan.stages": rows})
    assert fingerprint(contract.text, changed) != unsigned
    assert fingerprint(contract.text.replace("I choose", "I agree"), content) != unsigned
    assert fingerprint(contract.text, dataclasses.replace(content, reference="Plan version 4")) != unsigned


def test_short_fingerprint_is_twelve_hex_digits_in_threes() -> None:
    assert short_fingerprint("3f9a21bc77d0" + "0" * 52) == "3F9A-21BC-77D0"
    with pytest.raises(ValueError):
        short_fingerprint("not a digest")


def test_a_long_plan_spans_pages_numbered_n_of_m(contract: FormDefinition) -> None:
    pages = pages_text(render_pdf(contract, contract_content(stage_count=30)))
    total = len(pages)
    assert total >= 4
    assert f"Page 2 of {total}" in pages[1]
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {total}" in page
        assert "Plan version 3" in page
    assert "Stage 30" in " ".join(pages)
    # The table's header row is repeated on the pages it continues onto.
    continued = [page for page in pages[1:] if "Stage 2" in page or "Stage 1" in page]
    assert all("How we will know" in page for page in continued)
    # Later pages carry a running header with the title and the learner's name.
    assert "Contract of participation · Zoë Ångström-Øre" in pages[1]


def test_a_row_taller_than_a_page_still_prints(contract: FormDefinition) -> None:
    essay = " ".join(f"word{i}" for i in range(1200))
    rows = [
        {"number": "1", "stage": essay, "goals": "Come in three days a week"},
        {"number": "2", "stage": "Last"},
    ]
    pages = pages_text(render_pdf(contract, contract_content(tables={"plan.stages": rows})))
    assert len(pages) > 4
    text = " ".join(pages)
    assert "word0" in text and "word1199" in text and "Last" in text


def test_a_drawn_signature_is_embedded_as_an_image(contract: FormDefinition) -> None:
    def images(data: bytes) -> int:
        return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)

    content = contract_content()
    assert images(render_pdf(contract, content)) == 0
    signed = content.with_signature("learner", signed_on=date(2026, 3, 12), method="drawn", image_png=png())
    data = render_pdf(contract, signed)
    assert images(data) == 1
    text = " ".join(pages_text(data))
    assert "Signed on screen on 12 March 2026" in text


def test_a_paper_signature_says_so_and_unsigned_blocks_leave_lines(contract: FormDefinition) -> None:
    content = contract_content().with_signature("tutor", signed_on=date(2026, 3, 12), method="paper")
    text = " ".join(pages_text(render_pdf(contract, content)))
    assert "Signed on paper on 12 March 2026" in text
    assert "Name: Sam Okafor" in text
    assert "Name: Zoë Ångström-Øre" in text  # unsigned, but the name is printed under the line
    assert "My parent or carer" not in text  # optional and nobody named for it


def test_an_optional_block_prints_when_someone_is_named_for_it(contract: FormDefinition) -> None:
    content = contract_content()
    content = dataclasses.replace(
        content, signatories=(*content.signatories, Signatory("parent_carer", "Ana Ferreira"))
    )
    text = " ".join(pages_text(render_pdf(contract, content)))
    assert "My parent or carer" in text
    assert "I will support Zoë Ångström-Øre with it" in text
    assert "Name: Ana Ferreira" in text


def test_markup_characters_print_literally(contract: FormDefinition) -> None:
    tricky = "O'Brien & <Sons> <b>not bold</b> &amp; 5 > 3"
    content = contract_content()
    values = {**content.values, "tutor.name": tricky, "plan.end_goal": tricky}
    text = " ".join(pages_text(render_pdf(contract, dataclasses.replace(content, values=values))))
    assert text.count(tricky) >= 3  # the details grid, the goal, and the intro's placeholder


def test_control_characters_do_not_break_rendering(contract: FormDefinition) -> None:
    content = contract_content()
    values = {**content.values, "plan.end_goal": "Start\x00 an\x0b apprenticeship\r\nsoon\x1f"}
    text = " ".join(pages_text(render_pdf(contract, dataclasses.replace(content, values=values))))
    assert "Start an apprenticeship soon" in text


def test_sensitive_fields_are_left_out_unless_chosen(contract: FormDefinition) -> None:
    content = contract_content()
    left_out = " ".join(pages_text(render_pdf(contract, content)))
    assert "A quiet room for tests" not in left_out
    assert "Help that is in place for me" not in left_out  # the whole section goes when all its fields do
    chosen = dataclasses.replace(content, chosen_sensitive=frozenset({"support.support_needs"}))
    included = " ".join(pages_text(render_pdf(contract, chosen)))
    assert "A quiet room for tests" in included
    assert "Help that is in place for me" in included


def test_metadata_has_the_form_title_and_no_personal_data(contract: FormDefinition) -> None:
    content = contract_content()
    data = render_pdf(contract, content, title_suffix=" (learner's copy)")
    metadata = PdfReader(io.BytesIO(data)).metadata
    assert metadata is not None
    assert metadata.title == "Contract of participation"
    assert not metadata.author
    everything = " ".join(str(value) for value in metadata.values())
    for value in ("Zoë", "Ångström", "Sam Okafor", "Riverside"):
        assert value not in everything
    assert b"Zo\xc3\xab" not in data  # nor anywhere in the file as plain UTF-8
    assert "Contract of participation (learner's copy)" in pages_text(data)[0]


def test_empty_values_leave_room_to_write_by_hand(contract: FormDefinition) -> None:
    content = DocumentContent(values={"learner.name": "Zoë"}, reference="Plan version 1")
    text = " ".join(pages_text(render_pdf(contract, content)))
    assert "Where I would like to be when this plan is finished" in text  # the help shows when blank
    assert "worked it out with my tutor, ________________." in text


@pytest.mark.parametrize("form_id", bundled_form_ids())
def test_every_bundled_form_renders_with_sample_values(form_id: str) -> None:
    form = load_form(form_id)
    values = {key: f"Sample {key}" for key in form.value_keys()}
    tables = {
        section.source: [
            {column.id: f"{column.label} {row}" for column in section.columns} for row in range(3)
        ]
        for section in form.sections
        if section.kind == "table" and section.source
    }
    signatories = [Signatory(s.role, f"Signer {s.role}") for s in form.signatures]
    content = DocumentContent(
        values=values,
        tables=tables,
        signatories=signatories,
        reference="Sample reference",
        chosen_sensitive=frozenset(form.sensitive_fields()),
    )
    data = render_pdf(form, content)
    text = " ".join(pages_text(data))
    assert form.title in text
    for key in form.value_keys():
        assert f"Sample {key}" in text, key
    for section in form.sections:
        assert section.title in text
    for rows in tables.values():
        for cell in rows[2].values():
            assert cell in text
    expected = short_fingerprint(fingerprint(form.text, content))
    assert all(FINGERPRINT.findall(page) == [expected] for page in pages_text(data))


def test_a_stored_form_text_renders_after_the_file_changes(contract: FormDefinition) -> None:
    stored = parse_form(contract.text.replace("My road map", "The steps I chose"), origin="stored document")
    text = " ".join(pages_text(render_pdf(stored, contract_content())))
    assert "The steps I chose" in text


def test_content_survives_json_with_and_without_signatures() -> None:
    content = (
        contract_content()
        .with_signature("learner", signed_on=date(2026, 3, 12), method="drawn", image_png=png())
        .with_signature("tutor", signed_on=date(2026, 3, 12), method="paper")
    )
    content = dataclasses.replace(content, chosen_sensitive=frozenset({"support.support_needs"}))
    assert content_from_json(content_to_json(content)) == content
    unsigned = content_from_json(content_to_json(content, include_signatures=False))
    assert unsigned == content.without_signatures()
    assert [s.name for s in unsigned.signatories] == ["Zoë Ångström-Øre", "Sam Okafor"]
    with pytest.raises(ValueError, match="cannot be read"):
        content_from_json('{"format": 99}')
    with pytest.raises(ValueError, match="cannot be read"):
        content_from_json("not json")


def test_content_is_copied_and_checked() -> None:
    values = {"learner.name": "Zoë"}
    content = DocumentContent(values=values)
    values["learner.name"] = "Someone else"
    assert content.values["learner.name"] == "Zoë"
    with pytest.raises(TypeError, match="must be text"):
        DocumentContent(values={"plan.version": 3})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="more than once"):
        DocumentContent(values={}, signatories=(Signatory("tutor", "A"), Signatory("tutor", "B")))
    with pytest.raises(ValueError, match="PNG"):
        Signatory("learner", "Zoë", date(2026, 3, 12), "drawn", b"GIF89a")
    with pytest.raises(ValueError, match="date"):
        Signatory("learner", "Zoë", None, "paper")
    with pytest.raises(ValueError, match="paper or drawn"):
        Signatory("learner", "Zoë", date(2026, 3, 12), "fax")  # type: ignore[arg-type]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_the_file_well_formed(contract: FormDefinition, tmp_path: Path) -> None:
    content = contract_content(stage_count=12).with_signature(
        "learner", signed_on=date(2026, 3, 12), method="drawn", image_png=png()
    )
    path = tmp_path / "contract.pdf"
    path.write_bytes(render_pdf(contract, content))
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_importing_the_documents_package_does_not_import_reportlab() -> None:
    code = (
        "import sys, tutordesk.documents.pdf, tutordesk.documents.forms, tutordesk.documents.content;"
        "sys.exit('reportlab' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr or "reportlab was imported at start-up"


def _filled(form: FormDefinition, lines: int) -> DocumentContent:
    """Every field and table of `form` filled, the first long field `lines` paragraphs long, so that as
    `lines` grows each heading in turn comes near the foot of a page."""
    values: dict[str, str] = {}
    tables: dict[str, list[dict[str, str]]] = {}
    grown = False
    for section in form.sections:
        for field in section.fields:
            if field.source is None:
                continue
            if field.type in ("multiline", "list") and not grown:
                values[field.source] = "\n\n".join(f"Line {n} of what I wrote." for n in range(lines))
                grown = True
            else:
                values[field.source] = field.choices[0] if field.choices else "Filled in"
        if section.source:
            tables[section.source] = [{c.id: f"{c.label} {n}" for c in section.columns} for n in range(3)]
    return DocumentContent(values=values, tables=tables, reference="Ref 1")


def _last_body_line(page: Any, furniture: re.Pattern[str]) -> str:
    lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
    body = [line for line in lines if not furniture.match(line)]
    return body[-1] if body else ""


@pytest.mark.parametrize("form_id", ["contract_of_participation", "handover_pack"])
def test_no_heading_is_left_at_the_foot_of_a_page(form_id: str) -> None:
    form = load_form(form_id)
    furniture = re.compile(rf"(Ref 1|Fingerprint |Page \d+ of \d+|{re.escape(form.title)} ·)")
    # A heading, or the last line of the wording under it, must never be the last thing on a page.
    stranded = {section.title for section in form.sections}
    endings = {
        " ".join(s.text.split()).split(". ")[-1] for s in form.sections if s.text.strip() and s.kind != "text"
    }
    seen = 0
    for lines in range(0, 70, 2):
        reader = PdfReader(io.BytesIO(render_pdf(form, _filled(form, lines))))
        for number, page in enumerate(reader.pages[:-1], 1):
            last = _last_body_line(page, furniture)
            seen += 1
            assert last not in stranded, f"{lines} lines: page {number} ends with the heading {last!r}"
            assert not any(e.endswith(last) for e in endings if len(last) > 12), (
                f"{lines} lines: page {number} ends with a section's introduction: {last!r}"
            )
    assert seen > 30


def _fonts_of(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    return {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[union-attr]
    }


def test_emoji_arabic_and_indic_names_print_in_the_bundled_fonts(contract: FormDefinition) -> None:
    name = "Zoë ⚽\U0001f642 محمد علي नमस्ते ਪੰਜਾਬੀ"
    content = contract_content(learner=name)
    assert characters_without_glyphs(content) == []  # whatever fonts the computer has
    fonts = _fonts_of(render_pdf(contract, content))
    for bundled in ("NotoEmoji", "NotoSansArabic", "NotoSansDevanagari", "NotoSansGurmukhi"):
        assert any(bundled in font for font in fonts), (bundled, fonts)
    # Arabic letters come from the Arabic font even though DejaVu Sans has some: only it is shaped.
    assert pdf_fonts.font_for("م") != FONT and pdf_fonts.needs_shaping("م")


def test_arabic_is_joined_and_latin_keeps_its_letters(contract: FormDefinition) -> None:
    text = pages_text(render_pdf(contract, contract_content(learner="محمد علي profile office")))[0]
    # Shaped: the letters print in their joined forms (Arabic presentation forms), not as separate letters.
    assert any("\ufe70" <= char <= "\ufeff" for char in text), text
    # Latin text is not shaped: no ligatures, so it can be copied and searched as typed.
    assert "profile office" in text and "\ufb01" not in text and "\ufb03" not in text


def test_a_word_in_two_fonts_draws_each_part_in_its_own(contract: FormDefinition) -> None:
    # A Devanagari word with DejaVu's full stop after it: shaped a font at a time, the stop stays a stop.
    text = pages_text(render_pdf(contract, contract_content(learner="नमस्ते. Zoë")))[0]
    assert ". Zoë" in text
