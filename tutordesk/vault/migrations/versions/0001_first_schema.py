"""First schema: vault facts, taxonomies, learners with factors and groups, people, contacts, audit log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "vault_info",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "taxonomy_term",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("taxonomy", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("group_code", sa.String(), nullable=False),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.Column("help", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("taxonomy", "code"),
    )
    op.create_index("ix_taxonomy_term_taxonomy", "taxonomy_term", ["taxonomy"])
    op.create_table(
        "learner",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("given_name", sa.String(), nullable=False),
        sa.Column("family_name", sa.String(), nullable=False),
        sa.Column("preferred_name", sa.String(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("setting", sa.String(), nullable=False),
        sa.Column("programme", sa.String(), nullable=False),
        sa.Column("year_or_stage", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("languages", sa.String(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("additional_needs", sa.String(), nullable=False),
        sa.Column("health_notes", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        *_timestamps(),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_learner_status", "learner", ["status"])
    op.create_table(
        "learner_factor",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "learner_id", sa.Integer(), sa.ForeignKey("learner.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("term_id", sa.Integer(), sa.ForeignKey("taxonomy_term.id"), nullable=False),
        sa.Column("identified_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.UniqueConstraint("learner_id", "term_id"),
    )
    op.create_index("ix_learner_factor_learner_id", "learner_factor", ["learner_id"])
    op.create_table(
        "learner_group",
        sa.Column(
            "learner_id", sa.Integer(), sa.ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("term_id", sa.Integer(), sa.ForeignKey("taxonomy_term.id"), primary_key=True),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("given_name", sa.String(), nullable=False),
        sa.Column("family_name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("role_term_id", sa.Integer(), sa.ForeignKey("taxonomy_term.id"), nullable=True),
        sa.Column("organisation", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("preferred_channel", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        *_timestamps(),
    )
    op.create_table(
        "learner_contact",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "learner_id", sa.Integer(), sa.ForeignKey("learner.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
        sa.Column("relationship", sa.String(), nullable=False),
        sa.Column("channels", sa.String(), nullable=False),
        sa.Column("consent_to_contact", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.UniqueConstraint("learner_id", "person_id"),
    )
    op.create_index("ix_learner_contact_learner_id", "learner_contact", ["learner_id"])
    op.create_index("ix_learner_contact_person_id", "learner_contact", ["person_id"])
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("lawful_basis", sa.String(), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.Column("artifact_sha256", sa.String(), nullable=False),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
    )
    op.create_index("ix_audit_entry_hash", "audit_entry", ["hash"])
    # The audit log is append-only: the database itself refuses edits and deletions.
    op.execute(
        "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
