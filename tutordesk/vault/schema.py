"""The vault schema version and the Alembic upgrade that brings an older vault to it.

`PRAGMA user_version` mirrors the Alembic revision number, so a newer vault is recognised from the header
alone, before anything is written (security.md R22). Alembic itself is imported only when a migration
runs: it costs a third of a second at start-up and most opens need none.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from tutordesk.errors import VaultDamaged

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")

#: The schema version this TutorDesk writes (the newest migration's number); newer vaults are refused.
#: tests/integration/test_migrations.py checks it against Alembic's own idea of the head.
SCHEMA_VERSION = 12


def revision_name(version: int) -> str:
    return f"{version:04d}"


def known_revisions() -> set[str]:
    """Every revision this TutorDesk ships, read from the file names (no Alembic import)."""
    return {m[1] for p in (MIGRATIONS / "versions").iterdir() if (m := _REVISION_FILE.match(p.name))}


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def stored_revision(dbapi_connection: Any) -> str | None:
    """The Alembic revision recorded in the vault, read with a plain DB-API connection."""
    has_table = dbapi_connection.execute(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = dbapi_connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def upgrade(connection: Connection, target: str = "head") -> None:
    """Run every pending migration on `connection` inside the caller's transaction, then check the result."""
    from alembic import command

    command.upgrade(_config(connection), target)
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    connection.exec_driver_sql(f"PRAGMA user_version = {int(revision)}")
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise VaultDamaged(
            "After the upgrade some records point at records that do not exist; nothing was changed."
        )
