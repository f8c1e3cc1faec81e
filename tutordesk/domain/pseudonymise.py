"""Pseudonymising text for supervision: the learners a practice-journal entry names become "Learner A",
"Learner B", and so on, in the order they first appear, so cases can be discussed without identifying anyone.

Whole words only, case-insensitive, longest names first (so "Ada Ashcombe" goes before "Ada"). It catches the
names it is given; a nickname or a sibling's name it was not given stays, which is why the result is shown
to the practitioner to read before it is used.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence


def pseudonym(index: int) -> str:
    letters = string.ascii_uppercase
    tag = letters[index % 26] * (index // 26 + 1)
    return f"Learner {tag}"


def pseudonymise(text: str, people: Iterable[Sequence[str]]) -> str:
    """`people`: each learner's names (given, preferred, family); the full name is tried before the parts."""
    patterns: list[tuple[str, int]] = []
    for number, names in enumerate(people):
        parts = [n.strip() for n in names if n and len(n.strip()) > 1]
        given = [n for n in parts[:-1]] if len(parts) > 1 else parts
        family = parts[-1] if len(parts) > 1 else ""
        variants = {f"{g} {family}".strip() for g in given} | set(parts)
        patterns += [(variant, number) for variant in variants]
    if not patterns:
        return text
    patterns.sort(key=lambda item: len(item[0]), reverse=True)
    by_name = {name.casefold(): number for name, number in patterns}
    regex = re.compile(r"\b(" + "|".join(re.escape(name) for name, _ in patterns) + r")\b", re.IGNORECASE)
    order: dict[int, int] = {}

    def replace(match: re.Match[str]) -> str:
        person = by_name[match.group(0).casefold()]
        order.setdefault(person, len(order))
        return pseudonym(order[person])

    return regex.sub(replace, text)
