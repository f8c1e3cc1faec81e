"""Form definitions: read a TOML file from `forms/` (or the stored text of one) and check every key.

A definition is data, so an institution can adapt wording without touching code; this module is where a
mistake in such a file is caught, with the file name and one plain sentence saying what to fix. What a checked
definition holds is in `documents.form_definitions`; its names can be imported from here too.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from collections.abc import Mapping
from typing import Any

from tutordesk.documents.form_definitions import (  # noqa: F401 - the definitions are read from here too
    BRACES,
    WORD_PLACEHOLDERS,
    ColumnDefinition,
    FieldDefinition,
    FormDefinition,
    SectionDefinition,
    SignatureDefinition,
    Words,
    fill_placeholders,
    placeholders,
)
from tutordesk.errors import BadInput, FormError  # noqa: F401 - FormError is read from here too
from tutordesk.resources import forms_folder

FIELD_TYPES = ("text", "multiline", "date", "choice", "list", "bool", "number")
SECTION_KINDS = ("fields", "table", "text")
SIGNATURE_ROLES = ("learner", "tutor", "parent_carer", "mentor")

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_KEY = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*\Z")
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*\Z")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")


def bundled_form_ids() -> list[str]:
    """The ids of the forms shipped in `forms/`."""
    return sorted(path.stem for path in forms_folder().glob("*.toml"))


def load_form(form_id: str) -> FormDefinition:
    """Read and check `forms/<form_id>.toml`."""
    if not _ID.match(form_id):
        raise FormError(repr(form_id), "a form id is lower-case letters, digits and underscores")
    path = forms_folder() / f"{form_id}.toml"
    origin = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FormError(origin, "there is no such file in the forms folder") from None
    except OSError as exc:
        raise FormError(origin, f"the file could not be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FormError(origin, "the file is not saved as UTF-8 text") from None
    form = parse_form_once(text, origin)
    if form.id != form_id:
        raise FormError(
            origin, f'its id is "{form.id}" but the file name says "{form_id}"; make them the same'
        )
    return form


@functools.lru_cache(maxsize=32)
def parse_form_once(text: str, origin: str) -> FormDefinition:
    """Checking a form costs milliseconds and a form is immutable: the same text is checked once."""
    return parse_form(text, origin=origin)


def parse_form(text: str, *, origin: str) -> FormDefinition:
    """Check a form definition given as TOML text; `origin` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormError(origin, f"it is not valid TOML ({exc})") from None
    return _Reader(origin).form(data, text)


def _place(what: str, number: int, raw: Mapping[str, Any]) -> str:
    """Where a table sits in the file, by position and by id when it has one: "section 2 ('road_map')"."""
    ident = raw.get("id")
    return f"{what} {number}" + (f" ({ident!r})" if isinstance(ident, str) else "")


class _Reader:
    """Walks the parsed TOML, turning each mistake into a FormError that says where it is."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, problem: str) -> FormError:
        return FormError(self.origin, problem)

    def keys(self, table: Mapping[str, Any], where: str, allowed: set[str], required: set[str]) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise self.fail(
                f"{where} has the unknown key {unknown[0]!r} (allowed here: {', '.join(sorted(allowed))})"
            )
        missing = sorted(required - set(table))
        if missing:
            raise self.fail(f"{where} needs the key {missing[0]!r}")

    def string(self, table: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            hint = ' (write it in quotes, like version = "1.0")' if key == "version" else ""
            raise self.fail(f"{where}: {key!r} must be text{hint}")
        return value

    def title(self, table: Mapping[str, Any], key: str, where: str) -> str:
        value = self.string(table, key, where).strip()
        if not value:
            raise self.fail(f"{where}: {key!r} must not be empty")
        return value

    def flag(self, table: Mapping[str, Any], key: str, where: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{where}: {key!r} must be true or false")
        return value

    def identifier(self, table: Mapping[str, Any], key: str, where: str) -> str:
        value = self.string(table, key, where)
        if not _ID.match(value):
            raise self.fail(
                f"{where}: {key} {value!r} must start with a letter and use only "
                "lower-case letters, digits and underscores"
            )
        return value

    def value_key(self, table: Mapping[str, Any], key: str, where: str) -> str | None:
        if key not in table:
            return None
        value = self.string(table, key, where)
        if not _KEY.match(value):
            raise self.fail(f'{where}: {key} {value!r} must be a key such as "plan.end_goal"')
        return value

    def wording(self, table: Mapping[str, Any], key: str, where: str) -> str:
        """Wording is text or a list of paragraphs; kept as text with paragraphs split by blank lines."""
        value = table.get(key, "")
        if isinstance(value, list):
            if not all(isinstance(part, str) for part in value):
                raise self.fail(f"{where}: {key!r} must be text or a list of texts")
            value = "\n\n".join(part.strip() for part in value)
        if not isinstance(value, str):
            raise self.fail(f"{where}: {key!r} must be text or a list of texts")
        for match in BRACES.finditer(value):
            token, inner = match.group(0), match.group(1)
            if token in ("{{", "}}"):
                continue
            if inner is None or not _KEY.match(inner):
                raise self.fail(
                    f"{where}: {key!r} has {token!r}, which is not a placeholder such as "
                    "{learner.name}; write {{ and }} for a brace on its own"
                )
        return value.strip()

    def tables(self, table: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(f"{where}: {key!r} must be written as [[{key}]] tables")
        return value

    def form(self, data: Mapping[str, Any], text: str) -> FormDefinition:
        where = "the form"
        self.keys(
            data,
            where,
            {
                "id",
                "version",
                "title",
                "language",
                "intro",
                "description",
                "subject",
                "sections",
                "signatures",
                "words",
            },
            {"id", "version", "title", "language", "sections"},
        )
        form_id = self.identifier(data, "id", where)
        version = self.string(data, "version", where)
        if not _VERSION.match(version):
            raise self.fail(f'the version {version!r} must be numbers with dots, like "1.0"')
        language = self.string(data, "language", where)
        if not _LANGUAGE.match(language):
            raise self.fail(f'the language {language!r} must be a language code such as "en" or "cy"')
        raw_sections = self.tables(data, "sections", where)
        if not raw_sections:
            raise self.fail("it needs at least one [[sections]]")
        sections = tuple(self.section(raw, number) for number, raw in enumerate(raw_sections, 1))
        self.unique([s.id for s in sections], "the section id", "the form")
        signatures = tuple(
            self.signature(raw, number)
            for number, raw in enumerate(self.tables(data, "signatures", where), 1)
        )
        self.unique([s.role for s in signatures], "the signature role", "the form")
        return FormDefinition(
            id=form_id,
            version=version,
            title=self.title(data, "title", where),
            language=language,
            sections=sections,
            signatures=signatures,
            text=text,
            origin=self.origin,
            intro=self.wording(data, "intro", where),
            description=self.string(data, "description", where, "").strip(),
            subject=self.value_key(data, "subject", where),
            words=self.words(data.get("words", {})),
        )

    def words(self, raw: object) -> Words:
        where = "the [words] table"
        if not isinstance(raw, dict):
            raise self.fail("'words' must be written as a [words] table")
        self.keys(raw, where, {f.name for f in dataclasses.fields(Words)}, set())
        chosen: dict[str, Any] = {}
        for key, value in raw.items():
            if key == "months":
                if not (
                    isinstance(value, list)
                    and len(value) == 12
                    and all(isinstance(m, str) and m.strip() for m in value)
                ):
                    raise self.fail(f"{where}: 'months' must list the twelve month names, January first")
                chosen[key] = tuple(m.strip() for m in value)
                continue
            text = self.title(raw, key, where)
            allowed = WORD_PLACEHOLDERS.get(key, frozenset())
            for match in BRACES.finditer(text):
                inner = match.group(1)
                if match.group(0) in ("{{", "}}"):
                    continue
                if inner not in allowed:
                    names = ", ".join("{" + name + "}" for name in sorted(allowed)) or "none"
                    raise self.fail(
                        f"{where}: {key!r} has {match.group(0)!r}; the placeholders it may use: {names}"
                    )
            chosen[key] = text
        return Words(**chosen)

    def unique(self, ids: list[str], what: str, where: str) -> None:
        seen: set[str] = set()
        for item in ids:
            if item in seen:
                raise self.fail(f"{where}: {what} {item!r} is used twice; each must be different")
            seen.add(item)

    def section(self, raw: Mapping[str, Any], number: int) -> SectionDefinition:
        where = _place("section", number, raw)
        kind = raw.get("kind", "fields")
        if kind not in SECTION_KINDS:
            raise self.fail(f"{where}: the kind {kind!r} is not one of {', '.join(SECTION_KINDS)}")
        allowed = {"id", "title", "text", "kind"} | {
            "fields": {"fields"},
            "table": {"source", "columns"},
        }.get(kind, set())
        required = {"id", "title"} | {"table": {"source", "columns"}, "text": {"text"}}.get(kind, set())
        self.keys(raw, where, allowed, required)
        section_id = self.identifier(raw, "id", where)
        fields: tuple[FieldDefinition, ...] = ()
        columns: tuple[ColumnDefinition, ...] = ()
        if kind == "fields":
            raw_fields = self.tables(raw, "fields", where)
            if not raw_fields:
                raise self.fail(f'{where} has no [[sections.fields]]; give it some, or set kind = "text"')
            fields = tuple(
                self.field(item, f"{where}, {_place('field', n, item)}")
                for n, item in enumerate(raw_fields, 1)
            )
            self.unique([f.id for f in fields], "the field id", where)
        if kind == "table":
            raw_columns = self.tables(raw, "columns", where)
            if not raw_columns:
                raise self.fail(f"{where} is a table with no [[sections.columns]]")
            columns = tuple(
                self.column(item, f"{where}, {_place('column', n, item)}")
                for n, item in enumerate(raw_columns, 1)
            )
            self.unique([c.id for c in columns], "the column id", where)
        text = self.wording(raw, "text", where)
        if kind == "text" and not text:
            raise self.fail(f"{where} is a text section with no text")
        return SectionDefinition(
            id=section_id,
            title=self.title(raw, "title", where),
            kind=kind,
            text=text,
            fields=fields,
            source=self.value_key(raw, "source", where),
            columns=columns,
        )

    def field(self, raw: Mapping[str, Any], where: str) -> FieldDefinition:
        self.keys(
            raw,
            where,
            {"id", "label", "type", "help", "required", "source", "sensitive", "choices"},
            {"id", "label"},
        )
        field_type = self.string(raw, "type", where, "text")
        if field_type not in FIELD_TYPES:
            raise self.fail(f"{where}: the type {field_type!r} is not one of {', '.join(FIELD_TYPES)}")
        choices: tuple[str, ...] = ()
        if "choices" in raw:
            if field_type != "choice":
                raise self.fail(f'{where}: only a field of type "choice" has choices')
            value = raw["choices"]
            if (
                not isinstance(value, list)
                or not value
                or not all(isinstance(c, str) and c.strip() for c in value)
            ):
                raise self.fail(f"{where}: 'choices' must be a list of texts")
            choices = tuple(c.strip() for c in value)
            if len(set(choices)) != len(choices):
                raise self.fail(f"{where}: a choice is listed twice")
        return FieldDefinition(
            id=self.identifier(raw, "id", where),
            label=self.title(raw, "label", where),
            type=field_type,
            help=self.string(raw, "help", where, "").strip(),
            required=self.flag(raw, "required", where),
            source=self.value_key(raw, "source", where),
            sensitive=self.flag(raw, "sensitive", where),
            choices=choices,
        )

    def column(self, raw: Mapping[str, Any], where: str) -> ColumnDefinition:
        self.keys(raw, where, {"id", "label", "width", "first_line_bold"}, {"id", "label"})
        width = raw.get("width", 1)
        if isinstance(width, bool) or not isinstance(width, int | float) or not 0 < width <= 100:
            raise self.fail(f"{where}: 'width' must be a number above 0 (its share of the table's width)")
        return ColumnDefinition(
            id=self.identifier(raw, "id", where),
            label=self.title(raw, "label", where),
            width=float(width),
            first_line_bold=self.flag(raw, "first_line_bold", where),
        )

    def signature(self, raw: Mapping[str, Any], number: int) -> SignatureDefinition:
        where = f"signature {number}"
        self.keys(raw, where, {"role", "label", "optional", "statement"}, {"role", "label"})
        role = self.string(raw, "role", where)
        if role not in SIGNATURE_ROLES:
            raise self.fail(f"{where}: the role {role!r} is not one of {', '.join(SIGNATURE_ROLES)}")
        return SignatureDefinition(
            role=role,
            label=self.title(raw, "label", where),
            optional=self.flag(raw, "optional", where),
            statement=self.wording(raw, "statement", where),
        )
