"""What a form definition is, once read and checked: the form, its sections, fields, table columns,
signature blocks and the words printed around them, and the placeholders in its wording.

`documents.forms` reads a TOML file into these and says plainly what is wrong with one that cannot be used.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

# `{key}` is a placeholder; `{{` and `}}` are literal braces (as in Python's str.format).
BRACES = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


@dataclass(frozen=True)
class FieldDefinition:
    id: str
    label: str
    type: str = "text"
    help: str = ""
    required: bool = False
    source: str | None = None
    sensitive: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnDefinition:
    id: str
    label: str
    width: float = 1.0
    first_line_bold: bool = False


@dataclass(frozen=True)
class SectionDefinition:
    id: str
    title: str
    kind: str = "fields"
    text: str = ""
    fields: tuple[FieldDefinition, ...] = ()
    source: str | None = None
    columns: tuple[ColumnDefinition, ...] = ()


@dataclass(frozen=True)
class SignatureDefinition:
    role: str
    label: str
    optional: bool = False
    statement: str = ""


_ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Words:
    """The words printed around a form's own wording: page numbers, signature captions, dates.

    A form in another language sets them in its `[words]` table; each may use only the placeholders named
    in `WORD_PLACEHOLDERS`.
    """

    page: str = "Page {page} of {pages}"
    fingerprint: str = "Fingerprint {fingerprint}"
    signatures: str = "Signatures"
    signature: str = "Signature"
    name: str = "Name"
    date: str = "Date"
    signed_on_paper: str = "Signed on paper on {date}"
    signed_on_screen: str = "Signed on screen on {date}"
    yes: str = "Yes"
    no: str = "No"
    made_with: str = (
        "Made from the form \u201c{title}\u201d, version {version}. The fingerprint at the foot of each page "
        "identifies exactly what this document says; its full form is {fingerprint}."
    )
    months: tuple[str, ...] = _ENGLISH_MONTHS

    def format_date(self, value: datetime.date) -> str:
        """A date as people write it: "12 March 2026"."""
        return f"{value.day} {self.months[value.month - 1]} {value.year}"


WORD_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "page": frozenset({"page", "pages"}),
    "fingerprint": frozenset({"fingerprint"}),
    "signed_on_paper": frozenset({"date"}),
    "signed_on_screen": frozenset({"date"}),
    "made_with": frozenset({"title", "version", "fingerprint"}),
}


@dataclass(frozen=True)
class FormDefinition:
    """One form, checked. `text` is the TOML it was read from, kept so a stored document can be re-made."""

    id: str
    version: str
    title: str
    language: str
    sections: tuple[SectionDefinition, ...]
    signatures: tuple[SignatureDefinition, ...]
    text: str
    origin: str
    intro: str = ""
    description: str = ""
    subject: str | None = None
    words: Words = Words()

    def value_keys(self) -> frozenset[str]:
        """Every value key the form reads: field sources, `subject` and placeholders in its wording."""
        keys = set(placeholders(self.intro))
        if self.subject:
            keys.add(self.subject)
        for section in self.sections:
            keys.update(placeholders(section.text))
            keys.update(f.source for f in section.fields if f.source)
        for signature in self.signatures:
            keys.update(placeholders(signature.statement))
        return frozenset(keys)

    def table_keys(self) -> frozenset[str]:
        return frozenset(s.source for s in self.sections if s.kind == "table" and s.source)

    def sensitive_fields(self) -> dict[str, FieldDefinition]:
        """The sensitive fields by their qualified id ("section_id.field_id"), as `chosen_sensitive` names them."""
        return {f"{s.id}.{f.id}": f for s in self.sections for f in s.fields if f.sensitive}

    def missing_required(self, values: Mapping[str, str]) -> list[str]:
        """Labels of required fields whose source has no text in `values` (sensitive fields included)."""
        return [
            f.label
            for s in self.sections
            for f in s.fields
            if f.required and f.source and not values.get(f.source, "").strip()
        ]


def placeholders(text: str) -> list[str]:
    """The `{key}` placeholders in a piece of wording, in order."""
    return [m.group(1) for m in BRACES.finditer(text) if m.group(1) is not None]


def fill_placeholders(text: str, values: Mapping[str, str], missing: str = "") -> str:
    """`text` with each `{key}` replaced by its value (or `missing`) and `{{`/`}}` made single braces."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        key = match.group(1)
        if key is None:
            return token
        return values.get(key, "") or missing

    return BRACES.sub(replace, text)
