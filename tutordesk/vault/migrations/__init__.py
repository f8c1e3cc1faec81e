"""Alembic migrations of the vault schema; `tutordesk.vault.schema` runs them."""
