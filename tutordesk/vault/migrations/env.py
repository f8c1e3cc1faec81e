"""Alembic environment: migrate the already-open, already-keyed connection handed in by schema.py."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import tutordesk.domain.contact_models  # noqa: F401
import tutordesk.domain.diary_models  # noqa: F401
import tutordesk.domain.followup_models  # noqa: F401
import tutordesk.domain.mentoring_models  # noqa: F401
import tutordesk.domain.models  # noqa: F401 - registers the tables on SQLModel.metadata
import tutordesk.domain.plan_models  # noqa: F401
import tutordesk.domain.record_models  # noqa: F401
import tutordesk.domain.transition_models  # noqa: F401

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them; batch mode does that for us
    transactional_ddl=True,
)
# The caller already holds the transaction, so every pending step commits or rolls back together.
with context.begin_transaction():
    context.run_migrations()
