"""Control characters in text that people type or import: which characters they are, the sentence that
refuses them in a name, removing them from other fields, and `printable`, the one function that escapes
them wherever text is printed to a terminal or shown in a preview.

A control character is invisible in a form but not harmless: an escape sequence in a learner's name
printed by `learners list` can recolour, move or clear the terminal, a bell rings, a carriage return
overwrites the start of the line, and a bidirectional override (U+202E) shows "exe.txt" as "txt.exe".
Counted as control characters here: C0 (U+0000-U+001F, tab and line feed too), DEL, C1 (U+0080-U+009F),
the bidirectional marks, embeddings, overrides and isolates, the Unicode line and paragraph separators,
and lone surrogates (what Python makes of undecodable bytes in a file name or an argument).
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL_CLASS = (
    "\x00-\x1f\x7f-\x9f"  # C0, DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, overrides, isolates
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff"  # lone surrogates
)
_CONTROL = re.compile(f"[{_CONTROL_CLASS}]")
# What a single-line field keeps of a line break or tab: a space, so "Year\t11" stays two words.
_SPACING = re.compile("[\t\n\v\f\r\x85\u2028\u2029]+")
# Multi-line notes keep tabs and line feeds; every other line ending becomes a line feed.
_NEWLINES = re.compile("\r\n|[\r\v\f\x85\u2028\u2029]")
_NOTE_CONTROL = re.compile(f"(?![\t\n])[{_CONTROL_CLASS}]")

_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_NAMES = {
    "\x00": "NUL",
    "\x07": "bell",
    "\x08": "backspace",
    "\t": "tab",
    "\n": "line break",
    "\r": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
}


def is_control(char: str) -> bool:
    """Whether the one character `char` is a control character in the sense of this module."""
    return _CONTROL.fullmatch(char) is not None


def first_control(text: str) -> str | None:
    """The first control character in `text`, or None when it has none."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def describe_control(char: str) -> str:
    """'U+001B, escape': the code point and, where it has one, a plain name."""
    name = _NAMES.get(char) or unicodedata.name(char, "").lower()
    code = f"U+{ord(char):04X}"
    return f"{code}, {name}" if name else code


def control_problem(text: str, what: str) -> str | None:
    """The sentence refusing a name (`what`, e.g. "the given name") that holds a control character; None
    when `text` has none."""
    char = first_control(text)
    if char is None:
        return None
    return f"{what} holds an invisible control character ({describe_control(char)}); remove it"


def single_line(text: str) -> str:
    """`text` for a one-line field: tabs and line breaks become one space, other controls are removed."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub("", _SPACING.sub(" ", text))


def multi_line(text: str) -> str:
    """`text` for a multi-line note: line endings become line feeds; tabs and line feeds are kept, other
    controls are removed."""
    if _CONTROL.search(text) is None:
        return text
    return _NOTE_CONTROL.sub("", _NEWLINES.sub("\n", text))


def printable(text: str) -> str:
    """`text` safe to print to a terminal or show in a preview: each control character is written out as
    an escape (`\\x1b`, `\\u202e`, `\\n`), so it is seen rather than obeyed. The result is one line."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
