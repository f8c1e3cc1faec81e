"""Reading and checking the TOML definitions in `forms/` (checklists, procedures, the measures catalogue).

Every mistake in such a file becomes one `FormError` naming the file, the place and what to change, so a
setting that edits a definition is told in plain words what is wrong instead of meeting a traceback.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tutordesk.errors import FormError

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*\Z")
VERSION_PATTERN = re.compile(r"[0-9]+(?:\.[0-9]+)*\Z")


def read_definition(path: Path, origin: str, *, folder_name: str) -> dict[str, Any]:
    """The TOML table in `path`; a missing, unreadable, non-UTF-8 or invalid file is a `FormError`."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise FormError(origin, f"there is no such file in the {folder_name} folder") from None
    except UnicodeDecodeError:
        raise FormError(origin, "the file is not saved as UTF-8 text") from None
    except OSError as exc:
        raise FormError(origin, f"the file could not be read ({exc.strerror or exc})") from None
    return parse_toml(text, origin)


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormError(origin, f"it is not valid TOML ({exc})") from None


def check_keys(
    origin: str, table: Mapping[str, Any], where: str, allowed: set[str], required: set[str]
) -> None:
    """Refuse a key that is not `allowed` (a typo would otherwise be ignored) and a missing `required` one."""
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise FormError(
            origin, f"{where} has the unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )
    missing = sorted(required - set(table))
    if missing:
        raise FormError(origin, f"{where} needs the key {missing[0]!r}")


def text_value(
    origin: str, table: Mapping[str, Any], key: str, where: str, default: str | None = None
) -> str:
    """A text value with its white space folded; without a default it must not be empty."""
    value = table.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise FormError(origin, f"{where}: {key!r} must be text in quotes")
    return " ".join(value.split())


def identifier(origin: str, table: Mapping[str, Any], key: str, where: str) -> str:
    value = text_value(origin, table, key, where)
    if not ID_PATTERN.match(value):
        raise FormError(origin, f"{where}: its {key} must be lower-case letters, digits and underscores")
    return value


def version_value(origin: str, table: Mapping[str, Any], where: str) -> str:
    value = text_value(origin, table, "version", where)
    if not VERSION_PATTERN.match(value):
        raise FormError(origin, f'{where}: its version must be numbers and dots in quotes, like "1.0"')
    return value


def table_list(origin: str, data: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    """The `[[key]]` tables of a definition: at least one."""
    raw = data.get(key)
    if not isinstance(raw, list) or not raw or not all(isinstance(item, dict) for item in raw):
        raise FormError(origin, f"it needs at least one [[{key}]] table")
    return raw


def code_value(origin: str, table: Mapping[str, Any], key: str, where: str, codes: Iterable[str]) -> str:
    """A text value that must be one of `codes` (a fixed list or a taxonomy's codes)."""
    known = list(codes)
    value = text_value(origin, table, key, where)
    if value not in known:
        raise FormError(origin, f"{where}: {key} {value!r} is not one of {', '.join(known)}")
    return value


def code_list(
    origin: str,
    table: Mapping[str, Any],
    key: str,
    where: str,
    codes: Iterable[str],
    *,
    required: bool = False,
) -> tuple[str, ...]:
    """A list of codes, each one of `codes`, none twice."""
    known = list(codes)
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FormError(origin, f'{where}: {key} must be a list of names in quotes, like ["tutor"]')
    if required and not value:
        raise FormError(origin, f"{where}: {key} needs at least one entry")
    for item in value:
        if item not in known:
            raise FormError(origin, f"{where}: {key} names {item!r}, which is not one of {', '.join(known)}")
    if len(set(value)) != len(value):
        raise FormError(origin, f"{where}: {key} names the same entry twice")
    return tuple(value)
