"""Checklist definitions: read a TOML file from `forms/checklists/` and check every key.

A checklist is a list of items to tick with a date and a note (the tasks of a mentoring phase, the steps
of a transition), or of qualities to reflect on again and again (the trust phase). Like a form, it is data:
an institution can reword or add items without touching code. Records keep only an item's id, so rewording
an item keeps its ticks; removing an item leaves its old ticks unshown.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutordesk.errors import FormError  # not from documents.forms: the due list reads checklists at start-up
from tutordesk.resources import forms_folder

CHECKLIST_KINDS = ("tasks", "qualities")

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*\Z")


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    help: str = ""
    # Items with the same group print and show under one sub-heading (e.g. "Before the move").
    group: str = ""


@dataclass(frozen=True)
class Checklist:
    id: str
    version: str
    title: str
    kind: str  # "tasks": each item ticked once; "qualities": reflected on as often as wanted
    description: str
    items: tuple[ChecklistItem, ...]

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def item(self, item_id: str) -> ChecklistItem | None:
        return next((item for item in self.items if item.id == item_id), None)


def checklists_folder() -> Path:
    return forms_folder() / "checklists"


def bundled_checklist_ids() -> list[str]:
    return sorted(path.stem for path in checklists_folder().glob("*.toml"))


@functools.lru_cache(maxsize=32)
def load_checklist(checklist_id: str) -> Checklist:
    """Read and check `forms/checklists/<checklist_id>.toml` (once per run: the files do not change)."""
    if not _ID.match(checklist_id):
        raise FormError(repr(checklist_id), "a checklist id is lower-case letters, digits and underscores")
    path = checklists_folder() / f"{checklist_id}.toml"
    origin = f"checklists/{path.name}"
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise FormError(origin, "there is no such file in the checklists folder") from None
    except UnicodeDecodeError:
        raise FormError(origin, "the file is not saved as UTF-8 text") from None
    except OSError as exc:
        raise FormError(origin, f"the file could not be read ({exc.strerror or exc})") from None
    checklist = parse_checklist(text, origin=origin)
    if checklist.id != checklist_id:
        raise FormError(
            origin, f'its id is "{checklist.id}" but the file name says "{checklist_id}"; make them the same'
        )
    return checklist


def parse_checklist(text: str, *, origin: str) -> Checklist:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormError(origin, f"it is not valid TOML ({exc})") from None
    _keys(
        origin,
        data,
        "the checklist",
        {"id", "version", "title", "kind", "description", "items"},
        {"id", "version", "title", "items"},
    )
    ident = _text(origin, data, "id", "the checklist")
    if not _ID.match(ident):
        raise FormError(origin, "its id must be lower-case letters, digits and underscores")
    version = _text(origin, data, "version", "the checklist")
    if not _VERSION.match(version):
        raise FormError(origin, 'its version must be numbers and dots in quotes, like "1.0"')
    kind = _text(origin, data, "kind", "the checklist", default="tasks")
    if kind not in CHECKLIST_KINDS:
        raise FormError(origin, f"its kind must be one of {', '.join(CHECKLIST_KINDS)}, not {kind!r}")
    raw_items = data["items"]
    if not isinstance(raw_items, list) or not raw_items or not all(isinstance(i, dict) for i in raw_items):
        raise FormError(origin, "it needs at least one [[items]] table")
    items: list[ChecklistItem] = []
    for number, raw in enumerate(raw_items, start=1):
        where = f"item {number}"
        _keys(origin, raw, where, {"id", "text", "help", "group"}, {"id", "text"})
        item_id = _text(origin, raw, "id", where)
        if not _ID.match(item_id):
            raise FormError(origin, f"{where}: its id must be lower-case letters, digits and underscores")
        if any(item.id == item_id for item in items):
            raise FormError(origin, f"{where}: the id {item_id!r} is used twice")
        items.append(
            ChecklistItem(
                id=item_id,
                text=_text(origin, raw, "text", where),
                help=_text(origin, raw, "help", where, default=""),
                group=_text(origin, raw, "group", where, default=""),
            )
        )
    return Checklist(
        id=ident,
        version=version,
        title=_text(origin, data, "title", "the checklist"),
        kind=kind,
        description=_text(origin, data, "description", "the checklist", default=""),
        items=tuple(items),
    )


def _keys(origin: str, table: Mapping[str, Any], where: str, allowed: set[str], required: set[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise FormError(
            origin, f"{where} has the unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )
    missing = sorted(required - set(table))
    if missing:
        raise FormError(origin, f"{where} needs the key {missing[0]!r}")


def _text(origin: str, table: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise FormError(origin, f"{where}: {key!r} must be text in quotes")
    return " ".join(value.split())
