"""Checklist definitions: read a TOML file from `forms/checklists/` and check every key.

A checklist is a list of items to tick with a date and a note (the tasks of a mentoring phase, the steps
of a transition), or of qualities to reflect on again and again (the trust phase). Like a form, it is data:
an institution can reword or add items without touching code. Records keep only an item's id, so rewording
an item keeps its ticks; removing an item leaves its old ticks unshown.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutordesk.documents.definition_checks import (
    ID_PATTERN,
    VERSION_PATTERN,
    check_keys,
    parse_toml,
    read_definition,
    text_value,
)
from tutordesk.errors import FormError  # not from documents.forms: the due list reads checklists at start-up
from tutordesk.resources import forms_folder

CHECKLIST_KINDS = ("tasks", "qualities")


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
    if not ID_PATTERN.match(checklist_id):
        raise FormError(repr(checklist_id), "a checklist id is lower-case letters, digits and underscores")
    path = checklists_folder() / f"{checklist_id}.toml"
    origin = f"checklists/{path.name}"
    checklist = _checked(read_definition(path, origin, folder_name="checklists"), origin)
    if checklist.id != checklist_id:
        raise FormError(
            origin, f'its id is "{checklist.id}" but the file name says "{checklist_id}"; make them the same'
        )
    return checklist


def parse_checklist(text: str, *, origin: str) -> Checklist:
    return _checked(parse_toml(text, origin), origin)


def _checked(data: dict[str, Any], origin: str) -> Checklist:
    check_keys(
        origin,
        data,
        "the checklist",
        {"id", "version", "title", "kind", "description", "items"},
        {"id", "version", "title", "items"},
    )
    ident = text_value(origin, data, "id", "the checklist")
    if not ID_PATTERN.match(ident):
        raise FormError(origin, "its id must be lower-case letters, digits and underscores")
    version = text_value(origin, data, "version", "the checklist")
    if not VERSION_PATTERN.match(version):
        raise FormError(origin, 'its version must be numbers and dots in quotes, like "1.0"')
    kind = text_value(origin, data, "kind", "the checklist", default="tasks")
    if kind not in CHECKLIST_KINDS:
        raise FormError(origin, f"its kind must be one of {', '.join(CHECKLIST_KINDS)}, not {kind!r}")
    raw_items = data["items"]
    if not isinstance(raw_items, list) or not raw_items or not all(isinstance(i, dict) for i in raw_items):
        raise FormError(origin, "it needs at least one [[items]] table")
    items: list[ChecklistItem] = []
    for number, raw in enumerate(raw_items, start=1):
        where = f"item {number}"
        check_keys(origin, raw, where, {"id", "text", "help", "group"}, {"id", "text"})
        item_id = text_value(origin, raw, "id", where)
        if not ID_PATTERN.match(item_id):
            raise FormError(origin, f"{where}: its id must be lower-case letters, digits and underscores")
        if any(item.id == item_id for item in items):
            raise FormError(origin, f"{where}: the id {item_id!r} is used twice")
        items.append(
            ChecklistItem(
                id=item_id,
                text=text_value(origin, raw, "text", where),
                help=text_value(origin, raw, "help", where, default=""),
                group=text_value(origin, raw, "group", where, default=""),
            )
        )
    return Checklist(
        id=ident,
        version=version,
        title=text_value(origin, data, "title", "the checklist"),
        kind=kind,
        description=text_value(origin, data, "description", "the checklist", default=""),
        items=tuple(items),
    )
