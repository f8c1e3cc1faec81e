"""Fonts for every script a name may be written in. DejaVu Sans (bundled) draws Latin, Greek, Cyrillic,
Vietnamese and more; for any other character a fallback font is found, one character at a time: first
among the fallback fonts bundled in `resources/fonts/fallback/` (Noto Emoji, in black and white, and Noto
Sans for Arabic, Hebrew, Devanagari, Bengali, Gurmukhi, Gujarati, Tamil, Thai and Ethiopic; see the
README there), then among the system's fonts through fontconfig (`fc-list`), when it is installed (for
Chinese, Japanese and Korean, too large to bundle). Each fallback is registered with reportlab as a TrueType
font, and text is split into runs of characters drawn by the same font.

Scripts whose letters join or reorder (Arabic, Indic) are shaped by HarfBuzz (`uharfbuzz`, which reportlab
uses when a paragraph style asks for shaping), and right-to-left text is laid out right to left. Only the
fallback fonts are shaped: DejaVu Sans text prints exactly as it always has (shaping it would add
ligatures such as "ﬁ" that break copying and searching the text), so Arabic and Hebrew letters always
come from a fallback font, even though DejaVu Sans has some of them. reportlab shapes a word in the font
of its first character; a word of two fonts (a Devanagari word and DejaVu's full stop) is shaped a font at
a time instead (`_shape_font_by_font`).

reportlab can only embed TrueType outlines: fonts with CFF outlines and colour emoji fonts are skipped,
so an emoji prints in black and white. A character no font can draw is printed as a plain replacement (a
symbol's name in brackets, else U+FFFD) and reported by `undrawable`, so the person saving is told before
the file is written. Invisible joiners and variation selectors that no font draws are left out without a
word: they change nothing a reader sees. Text drawn straight on the canvas (the page's header and footer
lines) is not shaped.

reportlab is imported inside the functions (see `pdf.py`).
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tutordesk.resources import resource

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

FONT = "TutorDeskSans"  # DejaVu Sans, bundled
FONT_BOLD = "TutorDeskSans-Bold"
FALLBACK_PREFIX = "TutorDeskFallback"
REPLACEMENT = "\ufffd"
_FC_TIMEOUT = 10  # seconds; fontconfig answers in milliseconds once its cache is built

_lock = threading.Lock()
_ready = False
_primary: frozenset[int] = frozenset()
_fallbacks: list[tuple[str, frozenset[int]]] = []  # registered fallback fonts, in the order found
_tried: set[tuple[str, int]] = set()  # font files already tried (registered, or unusable)
_by_char: dict[str, str | None] = {}


#: Right-to-left and joining scripts: never drawn by DejaVu Sans, whose words are not shaped.
_SHAPED_ONLY = (
    (0x0590, 0x08FF),  # Hebrew, Arabic, Syriac, Arabic Supplement, Thaana, NKo, Samaritan, Arabic Extended
    (0xFB1D, 0xFDFF),  # Hebrew and Arabic presentation forms
    (0xFE70, 0xFEFF),  # Arabic presentation forms B
)


def needs_shaping(char: str) -> bool:
    """A letter of a right-to-left or joining script, which must come from a font that is shaped."""
    code = ord(char)
    return any(low <= code <= high for low, high in _SHAPED_ONLY)


def _unshaped_font(name: str, path: str) -> object:
    """DejaVu Sans as a reportlab font that paragraphs may shape (so fallback runs are), while its own
    words are left as they are: reportlab leaves a word alone when its font has no HarfBuzz font."""
    from reportlab.pdfbase.ttfonts import TTFont

    class UnshapedTTFont(TTFont):
        def hbFont(self, fontSize: float = 10) -> object:  # noqa: N802, N803 - reportlab's names
            raise AttributeError("DejaVu Sans is not shaped")

    return UnshapedTTFont(name, path)


def _shape_font_by_font(word: list, features: dict | None = None, force: bool = False) -> list:
    """reportlab's `shapeFragWord` for a word whose parts are in more than one font: each run of one font
    shaped on its own, then put back together (reportlab would shape it all with the first part's font,
    and draw the others' characters as the wrong glyphs)."""
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.pdfmetrics import stringWidth

    shape = _REPORTLAB_SHAPE[0]
    fonts = {frag.fontName for frag, _ in word[1:] if not hasattr(frag, "cbDefn")}
    if len(fonts) <= 1 or isinstance(word, ttfonts.ShapedFragWord):
        return shape(word, features, force) if features is not None else shape(word, force=force)
    groups: list[list[tuple[object, str]]] = []
    for frag, text in word[1:]:
        name = getattr(frag, "fontName", None)
        if groups and (hasattr(frag, "cbDefn") or getattr(groups[-1][-1][0], "fontName", None) == name):
            groups[-1].append((frag, text))
        else:
            groups.append([(frag, text)])
    width, parts, changed = 0.0, [], False
    for group in groups:
        measured = sum(
            stringWidth(text, frag.fontName, frag.fontSize)  # type: ignore[attr-defined]
            for frag, text in group
            if not hasattr(frag, "cbDefn")
        )
        alone = word.__class__([measured, *group])
        shaped = shape(alone, features, force) if features is not None else shape(alone, force=force)
        changed = changed or shaped is not alone
        width += shaped[0]
        parts.extend(shaped[1:])
    if not changed:
        return word
    return ttfonts.makeShapedFragWord(word)([width, *parts])


_REPORTLAB_SHAPE: list = []  # reportlab's own shapeFragWord, wrapped once


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) once per process."""
    global _ready, _primary
    if _ready:
        return
    with _lock:
        if _ready:
            return
        from reportlab.pdfbase import pdfmetrics

        regular = _unshaped_font(FONT, str(resource("fonts", "DejaVuSans.ttf")))
        pdfmetrics.registerFont(regular)
        pdfmetrics.registerFont(_unshaped_font(FONT_BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
        # No italic face is bundled; <i> falls back to the upright one rather than to a Latin-1-only font.
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
        from reportlab.platypus import paragraph

        if not _REPORTLAB_SHAPE:
            _REPORTLAB_SHAPE.append(paragraph.shapeFragWord)
            paragraph.shapeFragWord = _shape_font_by_font
        _primary = frozenset(code for code in regular.face.charToGlyph if not needs_shaping(chr(code)))  # type: ignore[attr-defined]
        _ready = True


def font_for(char: str) -> str | None:
    """The registered font that draws `char` (DejaVu Sans when it can), or None when no font can."""
    register_fonts()
    if ord(char) in _primary or char in "\n\t":
        return FONT
    with _lock:
        if char in _by_char:
            return _by_char[char]
        found = _find_fallback(char)
        _by_char[char] = found
        return found


def invisible(char: str) -> bool:
    """A joiner, direction mark or variation selector: nothing to draw, nothing a reader misses."""
    code = ord(char)
    return unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def replacement(char: str) -> str:
    """What prints instead of a character no font can draw: a symbol's name, so an emoji still says
    something ("[slightly smiling face]"), else the replacement character."""
    if invisible(char):
        return ""
    name = unicodedata.name(char, "")
    if name and unicodedata.category(char) in ("So", "Sk", "Sm"):
        return f"[{name.lower()}]"
    return REPLACEMENT


def width(text: str, font: str, size: float) -> float:
    """The width of `text` in points as printed, each run in its own font."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(part, name, size) for name, part in runs(text, font))


def draw(
    canvas: Canvas, x: float, y: float, text: str, *, font: str, size: float, align: str = "left"
) -> None:
    """Draw one line of `text` on the canvas, run by run; `align` is where `x` is: left, centre or right."""
    offset = {"left": 0.0, "centre": width(text, font, size) / 2, "right": width(text, font, size)}[align]
    x -= offset
    for name, part in runs(text, font):
        canvas.setFont(name, size)
        canvas.drawString(x, y, part)
        x += canvas.stringWidth(part, name, size)


def runs(text: str, font: str = FONT) -> list[tuple[str, str]]:
    """`text` as runs of (font, characters): `font` for what DejaVu draws, a fallback font's name for the
    rest, and what no font draws replaced (see `replacement`)."""
    result: list[tuple[str, str]] = []
    for char in text:
        found = font_for(char)
        if found is None:
            shown, use = replacement(char), font
        else:
            shown, use = char, (font if found == FONT else found)
        if not shown:
            continue
        if result and result[-1][0] == use:
            result[-1] = (use, result[-1][1] + shown)
        else:
            result.append((use, shown))
    return result


def undrawable(texts: Iterable[str]) -> list[str]:
    """The characters in `texts` no font can draw, in order of first appearance (invisible ones aside)."""
    missing: dict[str, None] = {}
    for text in texts:
        for char in text:
            if char not in missing and not invisible(char) and font_for(char) is None:
                missing[char] = None
    return list(missing)


# --- finding a fallback ---------------------------------------------------------------------------------


def _find_fallback(char: str) -> str | None:
    """Called with the lock held: a registered fallback that has `char`, else a new one, else None."""
    code = ord(char)
    for name, glyphs in _fallbacks:
        if code in glyphs:
            return name
    for path, index in [*_bundled_fallbacks(), *_system_fonts_with(code)]:
        if (str(path), index) in _tried:
            continue
        registered = _register(path, index)
        if registered is not None and code in registered[1]:
            return registered[0]
    return None


def _bundled_fallbacks() -> list[tuple[Path, int]]:
    folder = resource("fonts") / "fallback"
    if not folder.is_dir():
        return []
    return [(path, 0) for path in sorted(folder.iterdir()) if path.suffix.lower() == ".ttf"]


def _system_fonts_with(code: int) -> list[tuple[Path, int]]:
    """The system's TrueType, non-colour fonts that have the character, best first (sans before serif,
    regular before other styles, monospaced last), through fontconfig when it is installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    layout = "%{file}\t%{index}\t%{fontformat}\t%{color}\t%{family[0]}\t%{style[0]}\n"
    try:
        listed = subprocess.run(
            [fc_list, "--format", layout, f":charset={code:x}"],
            capture_output=True,
            text=True,
            timeout=_FC_TIMEOUT,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    candidates = []
    for line in listed.splitlines():
        parts = line.split("\t")
        if len(parts) != 6:
            continue
        file, index, kind, colour, family, style = parts
        if kind != "TrueType" or colour.lower() == "true" or not index.isdigit():
            continue
        rank = (
            "mono" in family.lower(),
            "sans" not in family.lower(),
            style.lower() not in ("regular", "book", "normal"),
            family,
        )
        candidates.append((rank, Path(file), int(index)))
    return [(path, index) for _, path, index in sorted(candidates)]


def _register(path: Path, index: int) -> tuple[str, frozenset[int]] | None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    _tried.add((str(path), index))
    name = f"{FALLBACK_PREFIX}{len(_fallbacks) + 1}"
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except Exception:  # noqa: BLE001 - CFF outlines, a damaged file: this font cannot be used, try the next
        return None
    pdfmetrics.registerFont(font)
    # No bold face: bold text in another script prints in the regular weight rather than not at all.
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    entry = (name, frozenset(font.face.charToGlyph))
    _fallbacks.append(entry)
    return entry
