"""Typed preferences, declared once, stored as JSON in the user's config folder. No Qt, no learner data.

A missing or damaged settings file falls back to the defaults: preferences are never worth a failed start.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from tutordesk.vault.atomic import write_bytes_atomically


@dataclass
class Settings:
    """Every preference with its default. Add a field here and it is loaded, saved and documented."""

    #: Minutes of inactivity after which the window locks the vault.
    idle_lock_minutes: int = 5
    #: How many automatic backups of each vault to keep.
    backups_to_keep: int = 10
    #: Take an automatic backup on the first open of each day.
    daily_backup: bool = True
    #: Where backups go; empty means the `backups` folder beside the default vault.
    backup_folder: str = ""

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        defaults = cls()
        values = {}
        for field in fields(cls):
            value = raw.get(field.name, getattr(defaults, field.name))
            expected = type(getattr(defaults, field.name))
            values[field.name] = value if isinstance(value, expected) else getattr(defaults, field.name)
        return cls(**values)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(path, json.dumps(asdict(self), indent=2).encode("utf-8"))
