"""Record kinds: read a TOML file from `forms/records/` and check every key.

A record kind describes a list of dated records kept for each learner (a family interaction, an incident,
an adjustment, a visit): its fields, the list's columns and order, which field is the record's date and
which one falls due. Like a form it is data, so an institution can reword a label or add a field without
touching code; a mistake in the file is reported with its name and one plain sentence saying what to fix.
What a checked kind holds is in `documents.record_kind_definitions`.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tutordesk.documents.forms import _ID, _VERSION, FIELD_TYPES, _place, _Reader
from tutordesk.documents.record_kind_definitions import (
    NO,
    YES,
    Choice,
    DueRule,
    RecordColumn,
    RecordField,
    RecordKind,
    Wording,
    parse_day,
)
from tutordesk.domain.taxonomies import TAXONOMIES
from tutordesk.errors import FormError
from tutordesk.resources import forms_folder

_KIND_KEYS = {"id", "version", "title", "plural", "description", "date", "sort", "wording", "due"}
_FIELD_KEYS = {
    "id", "label", "type", "help", "required", "sensitive", "choices", "taxonomy", "lines", "default",
    "not_future", "empty",
}  # fmt: skip
_WORDING_KEYS = {"empty", "add", "new", "edit", "delete", "delete_detail"}


def records_folder() -> Path:
    return forms_folder() / "records"


def bundled_record_kinds() -> list[str]:
    """The ids of the record kinds shipped in `forms/records/`."""
    return sorted(path.stem for path in records_folder().glob("*.toml"))


def load_record_kind(kind_id: str) -> RecordKind:
    """Read and check `forms/records/<kind_id>.toml`."""
    if not _ID.match(kind_id):
        raise FormError(repr(kind_id), "a record kind's id is lower-case letters, digits and underscores")
    path = records_folder() / f"{kind_id}.toml"
    origin = f"records/{path.name}"
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise FormError(origin, "there is no such file in the records folder") from None
    except UnicodeDecodeError:
        raise FormError(origin, "the file is not saved as UTF-8 text") from None
    except OSError as exc:
        raise FormError(origin, f"the file could not be read ({exc.strerror or exc})") from None
    kind = _parse_once(text, origin)
    if kind.id != kind_id:
        raise FormError(
            origin, f'its id is "{kind.id}" but the file name says "{kind_id}"; make them the same'
        )
    return kind


@functools.lru_cache(maxsize=32)
def _parse_once(text: str, origin: str) -> RecordKind:
    """A kind is immutable once checked, and lists are opened often: the same text is checked once."""
    return parse_record_kind(text, origin=origin)


def parse_record_kind(text: str, *, origin: str) -> RecordKind:
    """Check a record kind given as TOML text; `origin` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormError(origin, f"it is not valid TOML ({exc})") from None
    return _KindReader(origin).kind(data, text)


class _KindReader(_Reader):
    """The form reader's checks (known keys, ids, text, flags), plus those a record kind needs."""

    def kind(self, data: Mapping[str, Any], text: str) -> RecordKind:
        where = "the record kind"
        self.keys(
            data, where, _KIND_KEYS | {"fields", "columns"}, {"id", "version", "title", "plural", "fields"}
        )
        kind_id = self.identifier(data, "id", where)
        version = self.string(data, "version", where)
        if not _VERSION.match(version):
            raise self.fail(f'the version {version!r} must be numbers with dots, like "1.0"')
        title, plural = self.title(data, "title", where), self.title(data, "plural", where)
        raw_fields = self.tables(data, "fields", where)
        if not raw_fields:
            raise self.fail("it needs at least one [[fields]]")
        fields = tuple(self.record_field(raw, _place("field", n, raw)) for n, raw in enumerate(raw_fields, 1))
        self.unique([f.id for f in fields], "the field id", where)
        by_id = {f.id: f for f in fields}

        date_field = None
        if "date" in data:
            date_field = self.field_of(data, "date", where, by_id, "date")
        raw_columns = self.tables(data, "columns", where)
        if not raw_columns:
            raise self.fail("it needs at least one [[columns]] saying what the list shows")
        columns = tuple(
            self.column_of(raw, _place("column", n, raw), by_id) for n, raw in enumerate(raw_columns, 1)
        )
        self.unique([c.field for c in columns], "the column of field", where)
        sort = self.sort(data, by_id, date_field)
        due = self.due(data.get("due"), by_id) if "due" in data else None
        return RecordKind(
            id=kind_id,
            version=version,
            title=title,
            plural=plural,
            fields=fields,
            columns=columns,
            sort=sort,
            wording=self.wording_of(data.get("wording", {}), title, plural),
            origin=self.origin,
            text=text,
            description=self.string(data, "description", where, "").strip(),
            date_field=date_field,
            due=due,
        )

    def field_of(
        self, table: Mapping[str, Any], key: str, where: str, by_id: Mapping[str, RecordField], type_: str
    ) -> str:
        """A key naming a field of the kind, which must be of type `type_`."""
        name = self.string(table, key, where)
        if name not in by_id:
            raise self.fail(f"{where}: {key} {name!r} is not one of the fields ({', '.join(by_id)})")
        if by_id[name].type != type_:
            raise self.fail(f'{where}: {key} {name!r} must be a field of type "{type_}"')
        return name

    def record_field(self, raw: Mapping[str, Any], where: str) -> RecordField:
        self.keys(raw, where, _FIELD_KEYS, {"id", "label"})
        field_type = self.string(raw, "type", where, "text")
        if field_type not in FIELD_TYPES:
            raise self.fail(f"{where}: the type {field_type!r} is not one of {', '.join(FIELD_TYPES)}")
        required = raw.get("required", False)
        if not isinstance(required, bool | str) or (isinstance(required, str) and not required.strip()):
            raise self.fail(
                f"{where}: 'required' must be true, false, or the sentence to show when it is empty"
            )
        choices = self.choices(raw, where, field_type)
        lines = raw.get("lines", 3)
        if isinstance(lines, bool) or not isinstance(lines, int) or not 1 <= lines <= 20:
            raise self.fail(f"{where}: 'lines' must be a whole number from 1 to 20")
        if "lines" in raw and field_type not in ("multiline", "list"):
            raise self.fail(f'{where}: only a "multiline" or "list" field has lines')
        if "not_future" in raw and field_type != "date":
            raise self.fail(f'{where}: only a "date" field can be kept from being after today')
        if "empty" in raw and field_type != "date":
            raise self.fail(f"{where}: only a \"date\" field has an 'empty' text")
        default = self.string(raw, "default", where, "").strip()
        if default and field_type == "choice" and choices and default not in {c.value for c in choices}:
            raise self.fail(f"{where}: the default {default!r} is not one of its choices")
        if default and field_type == "date" and default != "today" and parse_day(default) is None:
            raise self.fail(f'{where}: the default of a date field is "today" or a date such as "2026-03-12"')
        if default and field_type == "bool" and default not in (YES, NO):
            raise self.fail(f'{where}: the default of a yes/no field is "yes" or "no"')
        return RecordField(
            id=self.identifier(raw, "id", where),
            label=self.title(raw, "label", where),
            type=field_type,
            help=self.string(raw, "help", where, "").strip(),
            required=bool(required),
            required_message=required.strip() if isinstance(required, str) else "",
            sensitive=self.flag(raw, "sensitive", where),
            choices=choices,
            lines=lines,
            default=default,
            not_future=self.flag(raw, "not_future", where),
            empty=self.title(raw, "empty", where) if "empty" in raw else "Not recorded",
        )

    def choices(self, raw: Mapping[str, Any], where: str, field_type: str) -> tuple[Choice, ...]:
        """Options written in the file (texts, or tables of value and label), or a seeded taxonomy's terms."""
        if "choices" not in raw and "taxonomy" not in raw:
            return ()
        if field_type != "choice":
            raise self.fail(f'{where}: only a field of type "choice" has choices or a taxonomy')
        if "choices" in raw and "taxonomy" in raw:
            raise self.fail(f"{where}: give either 'choices' or 'taxonomy', not both")
        if "taxonomy" in raw:
            name = self.string(raw, "taxonomy", where)
            if name not in TAXONOMIES:
                raise self.fail(
                    f"{where}: there is no taxonomy {name!r} (there are: {', '.join(sorted(TAXONOMIES))})"
                )
            return tuple(Choice(term.code, term.label) for term in TAXONOMIES[name])
        value = raw["choices"]
        if not isinstance(value, list) or not value:
            raise self.fail(f"{where}: 'choices' must be a list of texts, or of {{ value, label }} tables")
        choices: list[Choice] = []
        for item in value:
            if isinstance(item, str) and item.strip():
                choices.append(Choice(item.strip(), item.strip()))
            elif (
                isinstance(item, dict)
                and set(item) == {"value", "label"}
                and all(isinstance(v, str) and v.strip() for v in item.values())
            ):
                choices.append(Choice(item["value"].strip(), item["label"].strip()))
            else:
                raise self.fail(
                    f"{where}: 'choices' must be a list of texts, or of {{ value, label }} tables"
                )
        if len({c.value for c in choices}) != len(choices):
            raise self.fail(f"{where}: a choice is listed twice")
        return tuple(choices)

    def column_of(self, raw: Mapping[str, Any], where: str, by_id: Mapping[str, RecordField]) -> RecordColumn:
        self.keys(raw, where, {"field", "label", "wide", "empty"}, {"field"})
        name = self.string(raw, "field", where)
        if name not in by_id:
            raise self.fail(f"{where}: the field {name!r} is not one of the fields ({', '.join(by_id)})")
        label = self.title(raw, "label", where) if "label" in raw else by_id[name].label
        return RecordColumn(
            field=name,
            label=label,
            wide=self.flag(raw, "wide", where),
            empty=self.string(raw, "empty", where, ""),
        )

    def sort(
        self, data: Mapping[str, Any], by_id: Mapping[str, RecordField], date_field: str | None
    ) -> tuple[tuple[str, bool], ...]:
        """`sort = ["-held_on"]`: fields in order, a leading "-" for newest (or largest) first. Without it,
        newest first by the record's date."""
        if "sort" not in data:
            return ((date_field, True),) if date_field else ()
        value = data["sort"]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.fail("'sort' must be a list of field ids, like sort = [\"-held_on\"]")
        keys: list[tuple[str, bool]] = []
        for item in value:
            name = item.removeprefix("-")
            if name not in by_id:
                raise self.fail(f"'sort' names {name!r}, which is not one of the fields ({', '.join(by_id)})")
            keys.append((name, item.startswith("-")))
        return tuple(keys)

    def due(self, raw: object, by_id: Mapping[str, RecordField]) -> DueRule:
        where = "the [due] table"
        if not isinstance(raw, dict):
            raise self.fail("'due' must be written as a [due] table")
        self.keys(raw, where, {"field", "late", "done_field", "done_value"}, {"field"})
        name = self.field_of(raw, "field", where, by_id, "date")
        done_field = None
        if "done_field" in raw:
            done_field = self.string(raw, "done_field", where)
            if done_field not in by_id:
                raise self.fail(
                    f"{where}: done_field {done_field!r} is not one of the fields ({', '.join(by_id)})"
                )
        done = by_id[done_field] if done_field else None
        done_value = self.string(raw, "done_value", where, YES if done and done.type == "bool" else "")
        if done is None and "done_value" in raw:
            raise self.fail(f"{where}: 'done_value' needs a 'done_field'")
        if done is not None and done.type == "choice" and done_value not in {c.value for c in done.choices}:
            raise self.fail(f"{where}: done_value {done_value!r} is not one of the choices of {done.id!r}")
        if done is not None and not done_value:
            raise self.fail(f"{where}: say which value of {done.id!r} means done, with 'done_value'")
        return DueRule(
            field=name,
            late_word=self.title(raw, "late", where) if "late" in raw else "overdue",
            done_field=done_field,
            done_value=done_value,
        )

    def wording_of(self, raw: object, title: str, plural: str) -> Wording:
        where = "the [wording] table"
        if not isinstance(raw, dict):
            raise self.fail("'wording' must be written as a [wording] table")
        self.keys(raw, where, _WORDING_KEYS, set())
        given = {key: self.title(raw, key, where) for key in raw}
        lower = title[0].lower() + title[1:]
        return Wording(
            empty=given.get("empty", f"No {plural[0].lower() + plural[1:]} recorded yet."),
            add=given.get("add", f"Add {lower}…"),
            new_title=given.get("new", f"New {lower}"),
            edit_title=given.get("edit", f"Edit {lower}"),
            delete_question=given.get("delete", f"Delete the selected {lower}?"),
            delete_detail=given.get("delete_detail", "This cannot be undone."),
        )
