"""An honest, simple estimate of how hard a new passphrase is to guess, with advice in plain words.

No Qt and no network. It only advises: the one hard rule stays `key_file.check_new_passphrase` (8 characters).
The estimate is deliberately conservative (in the spirit of zxcvbn, much smaller): a run of letters counts
as a word rather than random letters, well-known passwords and words count as one guess among a few hundred,
and repeats and runs like "abc" or "123" count as almost nothing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tutordesk.vault.key_file import MIN_PASSPHRASE_LENGTH

LABELS = ("too short", "weak", "fair", "good", "strong")

# Bits of guessing work needed for each score. Every guess at a vault costs the attacker one Argon2id run
# (about 0.45 s on the tutor's laptop, far less on a graphics card), so "strong" is set where even a
# well-equipped attacker would need centuries.
_FAIR_BITS = 35.0
_GOOD_BITS = 50.0
_STRONG_BITS = 65.0

# Passwords and words tried first by anyone guessing, plus the app's own name and its users' vocabulary.
# Compared after lower-casing and undoing look-alike swaps ("p@ssw0rd" is "password").
_COMMON_WORDS = frozenset(
    """
    password passwd passphrase secret letmein welcome admin administrator login changeme default
    qwerty qwertyuiop qwertz azerty asdf asdfgh asdfghjkl zxcv zxcvbn zxcvbnm qazwsx
    iloveyou loveme monkey dragon master shadow sunshine princess superman batman football baseball
    soccer hockey freedom whatever trustno computer internet starwars pokemon hello charlie michael
    jessica ashley jordan hunter ranger buster tigger ginger pepper summer winter spring autumn
    january february march april june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    london england britain liverpool arsenal chelsea manchester
    tutordesk tutor mentor school college student teacher learner pupil education counsellor
    vault laptop office desktop
    """.split()
)
# Whole phrases so well known that they are in every cracking list (including the comic's own example).
_COMMON_PHRASES = frozenset(
    {
        "correcthorsebatterystaple",
        "iloveyou",
        "letmein",
        "trustno1",
        "passw0rd",
        "password1",
        "password123",
        "qwerty123",
        "1q2w3e4r",
        "abc12345",
        "12345678",
        "123456789",
        "1234567890",
        "87654321",
        "11111111",
        "00000000",
    }
)
_LOOK_ALIKES = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
_SEPARATORS = frozenset(" -_.,/+")
_COMMON_WORD_BITS = 8.0  # one of a few hundred well-known words
_SEPARATOR_BITS = 1.0  # a space or hyphen between words adds almost nothing
_SYMBOL_BITS = math.log2(33)
_DIGIT_BITS = math.log2(10)
_LETTER_BITS = math.log2(26)


@dataclass(frozen=True)
class Strength:
    """`score` 0 (too short) to 4 (strong), its `label`, and one sentence of `advice`."""

    score: int
    label: str
    advice: str
    bits: float = 0.0


def assess(passphrase: str) -> Strength:
    """Estimate how hard `passphrase` is to guess. Never refuses anything beyond the 8-character minimum."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return Strength(
            0,
            LABELS[0],
            f"Use at least {MIN_PASSPHRASE_LENGTH} characters. Four or more unrelated words are long and "
            "easy to remember.",
        )
    squashed = _undo_look_alikes("".join(ch for ch in passphrase.lower() if ch not in _SEPARATORS))
    if squashed in _COMMON_PHRASES or squashed in _COMMON_WORDS or passphrase.lower() in _COMMON_PHRASES:
        return Strength(
            1,
            LABELS[1],
            "This is one of the best-known passwords, so it is among the first tried. Choose another.",
        )
    bits, found_common, found_pattern = _estimate(passphrase)
    score = 1 if bits < _FAIR_BITS else 2 if bits < _GOOD_BITS else 3 if bits < _STRONG_BITS else 4
    return Strength(score, LABELS[score], _advice(score, found_common, found_pattern), round(bits, 1))


def _advice(score: int, found_common: bool, found_pattern: bool) -> str:
    if score == 4:
        return "A strong passphrase. Keep it in your head, not on a note by the laptop."
    if found_common:
        return "Avoid well-known words such as \u2018password\u2019 or \u2018tutordesk\u2019: they are tried first. Add unrelated words."
    if found_pattern:
        return "Avoid repeats and runs such as \u2018aaa\u2019, \u2018abc\u2019 or \u2018123\u2019. Add unrelated words."
    if score == 3:
        return "Good. One more unrelated word would make it strong."
    return "Use four or more unrelated words, or add another word."


def _undo_look_alikes(text: str) -> str:
    return "".join(_LOOK_ALIKES.get(ch, ch) for ch in text)


def _repeating_unit(text: str) -> str:
    """The shortest piece that `text` repeats ("abcabcabc" gives "abc"); the text itself if none."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return text


def _estimate(passphrase: str) -> tuple[float, bool, bool]:
    """Bits of guessing work, and whether a well-known word or a repeat/run was found."""
    unit = _repeating_unit(passphrase)
    repeated = unit != passphrase
    # Repeating a piece adds only the guess "how many times": a couple of bits.
    extra = math.log2(len(passphrase) // len(unit)) + 1 if repeated else 0.0
    normal, swaps = _normalise(unit)
    covered = _common_word_spans(normal)
    bits = extra + swaps * 1.0  # each look-alike swap is one more small guess
    found_pattern = repeated
    position = 0
    for start, end in covered:
        bits += _tokens_bits(unit[position:start], normal[position:start])
        bits += _COMMON_WORD_BITS + (1.0 if unit[start:end] != unit[start:end].lower() else 0.0)
        position = end
    bits += _tokens_bits(unit[position:], normal[position:])
    for token in _tokens(normal):
        if len(token) >= 3 and _is_run(token):
            found_pattern = True
    return bits, bool(covered), found_pattern


def _normalise(text: str) -> tuple[str, int]:
    """Lower-case, with a look-alike swapped back only where it touches a letter ("p@ss" but not "2024")."""
    out: list[str] = []
    swaps = 0
    for index, ch in enumerate(text):
        lower = ch.lower()
        if lower in _LOOK_ALIKES:
            before = text[index - 1] if index > 0 else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if before.isalpha() or after.isalpha():
                out.append(_LOOK_ALIKES[lower])
                swaps += 1
                continue
        out.append(lower)
    return "".join(out), swaps


def _common_word_spans(normal: str) -> list[tuple[int, int]]:
    """Non-overlapping spans of well-known words (four letters or more), longest words first."""
    taken = [False] * len(normal)
    spans: list[tuple[int, int]] = []
    for word in sorted((w for w in _COMMON_WORDS if len(w) >= 4), key=len, reverse=True):
        for match in re.finditer(re.escape(word), normal):
            start, end = match.span()
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                spans.append((start, end))
    return sorted(spans)


def _tokens(normal: str) -> list[str]:
    """Runs of letters, of digits, and single other characters."""
    return re.findall(r"[^\W\d_]+|\d+|.", normal, flags=re.DOTALL)


def _tokens_bits(original: str, normal: str) -> float:
    bits = 0.0
    position = 0
    for token in _tokens(normal):
        source = original[position : position + len(token)]
        position += len(token)
        if token.isalpha():
            bits += _letters_bits(token, source)
        elif token.isdigit():
            bits += _digits_bits(token)
        elif token in _SEPARATORS:
            bits += _SEPARATOR_BITS
        elif token.isascii():
            bits += _SYMBOL_BITS
        else:
            bits += 7.0  # a character outside ASCII: a larger alphabet, but rarely a random one
    return bits


def _is_run(token: str) -> bool:
    """All one character, or each character one step up or down from the last ("aaa", "abc", "321")."""
    steps = {ord(b) - ord(a) for a, b in zip(token, token[1:], strict=False)}
    return len(steps) == 1 and steps <= {-1, 0, 1}


def _letters_bits(token: str, source: str) -> float:
    if len(token) >= 3 and _is_run(token):
        return 4.0 + math.log2(len(token))
    if source[1:] != source[1:].lower() and source[1:] != source[1:].upper():
        # Mixed case inside a run looks random rather than a word: count every letter in full.
        return len(token) * math.log2(52)
    # Otherwise assume a word, not random letters: a rough 1.5 bits a letter, never more than random.
    word = min(len(token) * _LETTER_BITS, 6.0 + 1.5 * len(token))
    capitals = 1.0 if source != source.lower() else 0.0
    return word + capitals


def _digits_bits(token: str) -> float:
    if len(token) >= 3 and _is_run(token):
        return _DIGIT_BITS + math.log2(len(token))
    if len(token) == 4 and token[:2] in ("19", "20"):
        return 7.0  # a year
    return len(token) * _DIGIT_BITS
