"""domain.control_text: which characters are controls, how names are refused, how other fields are
cleaned, and how text is escaped for a terminal or a preview."""

from __future__ import annotations

import pytest

from tutordesk.domain.control_text import (
    control_problem,
    first_control,
    is_control,
    multi_line,
    printable,
    single_line,
)

CONTROLS = [
    "\x00", "\x07", "\x08", "\t", "\n", "\r", "\x1b", "\x1f", "\x7f", "\x85", "\x9b", "\x9f",
    "\u061c", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\u2028", "\u2029", "\udcff",
]  # fmt: skip
# Letters and marks that look unusual but are text: they must pass untouched.
TEXT = ["a", " ", "é", "Å", "\u00a0", "\u200d", "ß", "語", "😀", "\u0301", "'", "=", "\\", "\u00ad"]


@pytest.mark.parametrize("char", CONTROLS)
def test_every_kind_of_control_is_found_escaped_and_removed(char: str) -> None:
    assert is_control(char)
    assert first_control(f"Ada{char}x") == char
    shown = printable(f"Ada{char}x")
    assert char not in shown and shown.startswith("Ada\\") and shown.endswith("x")
    assert first_control(shown) is None
    assert first_control(single_line(f"Ada{char}x")) is None


@pytest.mark.parametrize("char", TEXT)
def test_text_that_only_looks_unusual_is_left_alone(char: str) -> None:
    assert not is_control(char)
    assert printable(f"a{char}b") == single_line(f"a{char}b") == multi_line(f"a{char}b") == f"a{char}b"
    assert control_problem(f"a{char}b", "The given name") is None


def test_escapes_are_short_and_readable() -> None:
    assert printable("a\x1b[31mb\u202ec\td\ne\rf\x00") == "a\\x1b[31mb\\u202ec\\td\\ne\\rf\\x00"


def test_single_line_fields_keep_words_apart() -> None:
    assert single_line("Year\t11\r\nLevel\u20282\x07") == "Year 11 Level 2"


def test_notes_keep_tabs_and_line_breaks_and_nothing_else() -> None:
    assert multi_line("one\r\ntwo\rthree\u2028four\tfive\x1b[2J\x07") == "one\ntwo\nthree\nfour\tfive[2J"


def test_a_name_is_refused_with_the_character_named() -> None:
    assert control_problem("Ada\x1b", "The given name") == (
        "The given name holds an invisible control character (U+001B, escape); remove it"
    )
    assert control_problem("Ok\u202eafor", "the family name (column 2)") == (
        "the family name (column 2) holds an invisible control character (U+202E, right-to-left override); "
        "remove it"
    )
    assert "(U+0085)" in (control_problem("A\x85", "x") or "")
