"""Meetings with a learner (date, kind, notes, next date) and each learner's key worker.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "learner_id", sa.Integer(), sa.ForeignKey("learner.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("attendees", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("follow_ups", sa.String(), nullable=False),
        sa.Column("next_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_meeting_learner_id", "meeting", ["learner_id"])
    with op.batch_alter_table("learner") as learner:
        learner.add_column(sa.Column("key_worker_id", sa.Integer(), nullable=True))
        learner.create_foreign_key("fk_learner_key_worker", "person", ["key_worker_id"], ["id"])
