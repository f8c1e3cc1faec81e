"""The passphrase strength estimate: honest about common, short and patterned passphrases, and advice only."""

from __future__ import annotations

import pytest

from tutordesk.vault.key_file import check_new_passphrase
from tutordesk.vault.passphrase_strength import LABELS, Strength, assess


@pytest.mark.parametrize("passphrase", ["", "a", "short", "Ab1!xyz"])
def test_under_eight_characters_is_too_short(passphrase: str) -> None:
    strength = assess(passphrase)
    assert (strength.score, strength.label) == (0, "too short")
    assert "8 characters" in strength.advice


@pytest.mark.parametrize(
    "passphrase",
    [
        "password",
        "Password1",
        "p@ssw0rd",
        "PASSWORD123",
        "qwertyuiop",
        "12345678",
        "tutordesk",
        "TutorDesk!",
        "tutordesk2024",
        "letmein123",
        "iloveyou",
        "correct horse battery staple",  # the comic's example is in every cracking list now
    ],
)
def test_well_known_passwords_and_words_are_weak(passphrase: str) -> None:
    strength = assess(passphrase)
    assert strength.score == 1, strength
    assert strength.label == "weak"


@pytest.mark.parametrize("passphrase", ["aaaaaaaa", "abcdefgh", "87654321", "zyxwvutsrq", "dogdogdogdog"])
def test_repeats_and_runs_are_weak_and_the_advice_says_why(passphrase: str) -> None:
    strength = assess(passphrase)
    assert strength.score == 1, strength
    assert "repeats" in strength.advice or "best-known" in strength.advice


def test_common_words_inside_are_named_in_the_advice() -> None:
    strength = assess("Summer2024!")
    assert strength.score == 1
    assert "well-known words" in strength.advice


def test_more_unrelated_words_score_higher() -> None:
    scores = [
        assess(p).score
        for p in (
            "marmalade",
            "purple marmalade",
            "purple marmalade sideways",
            "purple marmalade sideways otter",
            "purple marmalade sideways otter biscuit",
        )
    ]
    assert scores == sorted(scores)
    assert scores[0] <= 2
    assert scores[-1] == 4


def test_four_unrelated_words_are_at_least_good_and_five_are_strong() -> None:
    assert assess("purple lantern sideways otter").score >= 3
    strong = assess("purple lantern sideways otter biscuit")
    assert (strong.score, strong.label) == (4, "strong")


def test_a_short_random_mix_is_not_called_strong() -> None:
    """Eight characters of everything is still only eight characters."""
    assert assess("Gf7!kq2#").score <= 2


def test_weak_advice_suggests_words() -> None:
    assert "four or more unrelated words" in assess("bluecats").advice


def test_look_alikes_in_a_year_are_not_letters() -> None:
    # "2014" must not be read as "zoia": years are counted as years, letters next to letters only.
    assert assess("orchard 2014 lantern").score >= 2


@pytest.mark.parametrize(
    "passphrase",
    [
        "password",
        "aaaaaaaa",
        "Gf7!kq2#",
        "purple lantern sideways otter",
        "ünïcödé wörds hére",
        "😀😀😀😀😀😀😀😀",
    ],
)
def test_never_blocks_beyond_the_minimum(passphrase: str) -> None:
    """Strength is advice: whatever it says, eight characters or more is accepted."""
    check_new_passphrase(passphrase)  # does not raise
    strength = assess(passphrase)
    assert isinstance(strength, Strength)
    assert 1 <= strength.score <= 4
    assert strength.label == LABELS[strength.score]
    assert strength.advice


def test_every_label_is_reachable() -> None:
    seen = {
        assess(p).label
        for p in (
            "x",
            "password",
            "purple marmalade",
            "mary had a little lamb",
            "purple lantern sideways otter biscuit",
        )
    }
    assert seen == set(LABELS)
