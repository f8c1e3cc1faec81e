"""Building the inside of a new vault file: its identity, schema, taxonomies and first audit entry."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session

import tutordesk
from tutordesk.vault import audit, file_format
from tutordesk.vault import engine as sql
from tutordesk.vault.schema import SCHEMA_VERSION, upgrade
from tutordesk.vault.seed import seed_taxonomies


def build_new_vault(path: Path, key: bytes, vault_id: str) -> str:
    """Make the schema and the first audit entry in a new file; return that entry's hash (the first anchor)."""
    from tutordesk.domain.models import VaultInfo  # the table classes stay out of opening a vault

    engine = sql.make_engine(path, key)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA application_id = {file_format.TUTORDESK_APPLICATION_ID}")
            upgrade(connection)
            with Session(bind=connection) as session:
                session.add(VaultInfo(key="vault_id", value=vault_id))
                session.add(
                    VaultInfo(key="created_at", value=datetime.now(UTC).isoformat(timespec="seconds"))
                )
                session.add(VaultInfo(key="created_by", value=f"TutorDesk {tutordesk.__version__}"))
                seed_taxonomies(session)
                first = audit.record(session, "vault.created", detail={"schema_version": SCHEMA_VERSION})
                session.flush()
                first_hash = first.hash
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return first_hash
