"""Consent records: who agreed to what purpose, on which lawful basis and wording, and any withdrawal.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consent_record",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "learner_id", sa.Integer(), sa.ForeignKey("learner.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("purpose_term_id", sa.Integer(), sa.ForeignKey("taxonomy_term.id"), nullable=False),
        sa.Column("lawful_basis", sa.String(), nullable=False),
        sa.Column("given_by", sa.String(), nullable=False),
        sa.Column("given_by_person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("wording_version", sa.String(), nullable=False),
        sa.Column("given_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
    )
    op.create_index("ix_consent_record_learner_id", "consent_record", ["learner_id"])
