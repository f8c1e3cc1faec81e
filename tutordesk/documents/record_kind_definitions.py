"""What a record kind is, once read and checked: a list of dated records with fields (a family interaction,
an incident, an adjustment, a visit), how its list shows them, and the rules the list and the Due list read.

Values are text keyed by field id, as the on-screen form editor keeps them: dates as `2026-03-12`, yes/no as
`yes`/`no`, a choice as its stored value. `documents.record_kinds` reads a TOML file into these.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from tutordesk.domain.dates import short_date

YES, NO = "yes", "no"
_TRUE = frozenset({"yes", "true", "1", "y"})
_FALSE = frozenset({"no", "false", "0", "n", ""})


@dataclass(frozen=True)
class Choice:
    """One option of a choice field: the value kept in the vault and the words shown for it."""

    value: str
    label: str


@dataclass(frozen=True)
class RecordField:
    id: str
    label: str
    type: str = "text"  # one of documents.forms.FIELD_TYPES
    help: str = ""
    required: bool = False
    required_message: str = ""  # what to say when it is left empty; a plain default when not given
    sensitive: bool = False
    choices: tuple[Choice, ...] = ()
    lines: int = 3  # how tall a multiline or list field is on screen
    default: str = ""
    not_future: bool = False  # a date that cannot be after today (something that has happened)
    empty: str = "Not recorded"  # what a date field says while it has no date

    def choice_label(self, value: str) -> str:
        """The words shown for a stored choice; a value the definition no longer lists is shown as kept."""
        return next((c.label for c in self.choices if c.value == value), value)

    def shown(self, value: str) -> str:
        """A value as a list shows it: a choice's words, a date as "12 Mar 2026", yes/no as "Yes"/"No"."""
        value = value.strip()
        if self.type == "choice":
            return self.choice_label(value)
        if self.type == "bool":
            return "Yes" if value.lower() in _TRUE else "No"
        if self.type == "date" and value:
            day = parse_day(value)
            return short_date(day) if day is not None else value
        return value

    def empty_message(self) -> str:
        return self.required_message or f"Fill in “{self.label}” before saving."


@dataclass(frozen=True)
class RecordColumn:
    """One column of the list: which field it shows, its heading, and the text of an empty cell."""

    field: str
    label: str
    wide: bool = False  # long text: takes the spare width, and its tooltip shows the whole field
    empty: str = ""


@dataclass(frozen=True)
class DueRule:
    """The date a record falls due (the Due list can read it), the word a late one gets in the list, and
    when a record counts as done, so it is no longer late."""

    field: str
    late_word: str = "overdue"
    done_field: str | None = None
    done_value: str = YES


@dataclass(frozen=True)
class Wording:
    empty: str
    add: str
    new_title: str
    edit_title: str
    delete_question: str
    delete_detail: str = "This cannot be undone."


@dataclass(frozen=True)
class RecordRow:
    """One stored record as a list and an editor need it: its id and its values by field id."""

    id: int
    values: Mapping[str, str] = field(default_factory=dict)


R = TypeVar("R", bound=RecordRow)


def parse_day(value: str) -> date | None:
    """`2026-03-12` as a date; None for text that is not a real date (30 February, "soon")."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class RecordKind:
    """One kind of record, checked. `text` is the TOML it was read from."""

    id: str
    version: str
    title: str  # one record: "Family interaction"
    plural: str  # the list: "Family interactions"
    fields: tuple[RecordField, ...]
    columns: tuple[RecordColumn, ...]
    sort: tuple[tuple[str, bool], ...]  # (field id, newest or largest first)
    wording: Wording
    origin: str
    text: str = ""
    description: str = ""
    date_field: str | None = None
    due: DueRule | None = None

    def field(self, field_id: str) -> RecordField:
        return next(f for f in self.fields if f.id == field_id)

    def sensitive_fields(self) -> tuple[RecordField, ...]:
        return tuple(f for f in self.fields if f.sensitive)

    # -- values ----------------------------------------------------------------------------------------

    def defaults(self, today: date) -> dict[str, str]:
        """The values a new record starts with: each field's default ("today" for a date field means the day
        it is typed), a required choice's first option, an unticked box."""
        values = {f.id: f.default for f in self.fields}
        for f in self.fields:
            if f.type == "date" and f.default == "today":
                values[f.id] = today.isoformat()
            if f.type == "choice" and f.required and not f.default and f.choices:
                values[f.id] = f.choices[0].value
            if f.type == "bool" and not f.default:
                values[f.id] = NO
        return values

    def cleaned(self, values: Mapping[str, str]) -> dict[str, str]:
        """Every field's value, trimmed, list lines without blanks, yes/no written one way; no other keys."""
        result: dict[str, str] = {}
        for f in self.fields:
            value = str(values.get(f.id, "") or "").strip()
            if f.type == "list":
                value = "\n".join(line.strip() for line in value.splitlines() if line.strip())
            elif f.type == "bool":
                value = YES if value.lower() in _TRUE else NO
            elif f.type == "number":
                value = value.replace(",", ".")
            result[f.id] = value
        return result

    def problems(self, values: Mapping[str, str], today: date) -> list[tuple[str, str]]:
        """What stops `values` being saved: (field id, one plain sentence), in the order of the fields."""
        found: list[tuple[str, str]] = []
        cleaned = self.cleaned(values)
        for f in self.fields:
            value = cleaned[f.id]
            if not value:
                if f.required and f.type != "bool":
                    found.append((f.id, f.empty_message()))
                continue
            if f.type == "date":
                day = parse_day(value)
                if day is None:
                    found.append((f.id, f"“{f.label}” is not a real date: write it as 2026-03-12."))
                elif f.not_future and day > today:
                    found.append((f.id, f"“{f.label}” cannot be after today."))
            elif f.type == "number":
                try:
                    float(value)
                except ValueError:
                    found.append((f.id, f"“{f.label}” must be a number."))
            elif f.type == "choice" and f.choices and value not in {c.value for c in f.choices}:
                found.append((f.id, f"“{value}” is not one of the choices for “{f.label}”."))
            elif f.type == "bool" and value.lower() not in _TRUE | _FALSE:
                found.append((f.id, f"“{f.label}” must be yes or no."))
        return found

    def record_date(self, values: Mapping[str, str]) -> date | None:
        """The record's own date (when it happened), if the kind has one and it is filled in."""
        return parse_day(values.get(self.date_field, "")) if self.date_field else None

    def due_on(self, values: Mapping[str, str]) -> date | None:
        """The date the record falls due, if the kind has one and it is filled in."""
        return parse_day(values.get(self.due.field, "")) if self.due else None

    def is_done(self, values: Mapping[str, str]) -> bool:
        """Whether the due rule's "done" field says the record needs nothing more."""
        if self.due is None or self.due.done_field is None:
            return False
        return self.cleaned(values)[self.due.done_field] == self.due.done_value

    def is_late(self, values: Mapping[str, str], today: date) -> bool:
        """Due before today and not done: the list shows it in the warning colour, with the late word."""
        due = self.due_on(values)
        return due is not None and due < today and not self.is_done(values)

    # -- the list --------------------------------------------------------------------------------------

    def cell(self, row: RecordRow, column: RecordColumn, today: date) -> str:
        """The text of one cell: the field as shown, the column's empty text, and the late word when due."""
        shown = self.field(column.field).shown(str(row.values.get(column.field, "") or ""))
        if not shown:
            return column.empty
        if self.due is not None and column.field == self.due.field and self.is_late(row.values, today):
            return f"{shown} ({self.due.late_word})"
        return shown

    def late_column(self, column: RecordColumn) -> bool:
        return self.due is not None and column.field == self.due.field

    def sorted_rows(self, rows: Iterable[R]) -> list[R]:
        """`rows` in the kind's order; empty values go last whichever way a key runs, then by id."""
        keys = self.sort
        newest_first = bool(keys) and keys[0][1]

        def compare(a: R, b: R) -> int:
            for field_id, descending in keys:
                left, right = self._sort_value(field_id, a), self._sort_value(field_id, b)
                if left == right:
                    continue
                if left is None or right is None:
                    return 1 if left is None else -1
                order = -1 if left < right else 1  # type: ignore[operator]
                return -order if descending else order
            return (b.id - a.id) if newest_first else (a.id - b.id)

        return sorted(rows, key=functools.cmp_to_key(compare))

    def _sort_value(self, field_id: str, row: RecordRow) -> object:
        f = self.field(field_id)
        value = str(row.values.get(field_id, "") or "").strip()
        if f.type == "choice" and f.choices:
            order = [c.value for c in f.choices]
            return order.index(value) if value in order else len(order)
        if f.type == "bool":
            return 1 if value.lower() in _TRUE else 0
        if not value:
            return None
        if f.type == "number":
            try:
                return float(value.replace(",", "."))
            except ValueError:
                return None
        if f.type == "date":
            return value  # ISO dates sort as text
        return value.casefold()
