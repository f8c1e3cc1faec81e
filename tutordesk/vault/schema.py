"""The vault schema version and the Alembic upgrade that brings an older vault to it.

`PRAGMA user_version` mirrors the Alembic revision number, so a newer vault is recognised from the header
alone, before anything is written (security.md R22).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from tutordesk.errors import VaultDamaged

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


#: The schema version this TutorDesk writes; vaults with a higher user_version are refused.
SCHEMA_VERSION = int(head_revision())


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


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
    command.upgrade(_config(connection), target)
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    connection.exec_driver_sql(f"PRAGMA user_version = {int(revision)}")
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise VaultDamaged("After the upgrade some records point at records that do not exist; nothing was changed.")
