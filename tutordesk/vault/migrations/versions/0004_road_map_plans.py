"""Road-map plans: versions, stages, SMART goals, baseline assessments, barriers, support needs, review
cadence, reviews with progress ratings, and documents made from forms with their signatures.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "barrier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("resolve_by", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_barrier_learner_id", "barrier", ["learner_id"], unique=False)
    op.create_table(
        "baseline_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("learner_strengths", sa.String(), nullable=False),
        sa.Column("tutor_strengths", sa.String(), nullable=False),
        sa.Column("learner_needs", sa.String(), nullable=False),
        sa.Column("tutor_needs", sa.String(), nullable=False),
        sa.Column("learner_interests", sa.String(), nullable=False),
        sa.Column("tutor_interests", sa.String(), nullable=False),
        sa.Column("learner_preferences", sa.String(), nullable=False),
        sa.Column("tutor_preferences", sa.String(), nullable=False),
        sa.Column("learner_expectations", sa.String(), nullable=False),
        sa.Column("tutor_expectations", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_baseline_assessment_learner_id", "baseline_assessment", ["learner_id"], unique=False)
    op.create_table(
        "plan_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("starting_point", sa.String(), nullable=False),
        sa.Column("end_goal", sa.String(), nullable=False),
        sa.Column("focus_areas", sa.String(), nullable=False),
        sa.Column("options_offered", sa.String(), nullable=False),
        sa.Column("choice_made", sa.String(), nullable=False),
        sa.Column("change_note", sa.String(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("learner_id", "version"),
    )
    op.create_index("ix_plan_version_learner_id", "plan_version", ["learner_id"], unique=False)
    op.create_table(
        "review_schedule",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("every_days", sa.Integer(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("learner_id"),
    )
    op.create_table(
        "support_need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("need", sa.String(), nullable=False),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("in_place", sa.Boolean(), nullable=False),
        sa.Column("needed_by", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_support_need_learner_id", "support_need", ["learner_id"], unique=False)
    op.create_table(
        "plan_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("plan_version_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("ambition", sa.String(), nullable=False),
        sa.Column("adjustments", sa.String(), nullable=False),
        sa.Column("learner_voice", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("autonomy", sa.Integer(), nullable=True),
        sa.Column("competence", sa.Integer(), nullable=True),
        sa.Column("relatedness", sa.Integer(), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["plan_version_id"], ["plan_version.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_plan_review_learner_id", "plan_review", ["learner_id"], unique=False)
    op.create_table(
        "plan_stage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("target_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("stepping_stone", sa.Boolean(), nullable=False),
        sa.Column("sdt_need", sa.String(), nullable=False),
        sa.Column("lineage", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["plan_version_id"], ["plan_version.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_plan_stage_plan_version_id", "plan_stage", ["plan_version_id"], unique=False)
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.String(), nullable=False),
        sa.Column("form_version", sa.String(), nullable=False),
        sa.Column("form_text", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("plan_version_id", sa.Integer(), nullable=True),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("content_json", sa.String(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["plan_version_id"], ["plan_version.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["review_id"], ["plan_review.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_document_fingerprint", "document", ["fingerprint"], unique=False)
    op.create_index("ix_document_learner_id", "document", ["learner_id"], unique=False)
    op.create_table(
        "plan_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("learner_words", sa.String(), nullable=False),
        sa.Column("professional_wording", sa.String(), nullable=False),
        sa.Column("trajectory", sa.String(), nullable=False),
        sa.Column("set_by", sa.String(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("measure", sa.String(), nullable=False),
        sa.Column("evidence", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("evaluation_note", sa.String(), nullable=False),
        sa.Column("lineage", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["stage_id"], ["plan_stage.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_plan_goal_stage_id", "plan_goal", ["stage_id"], unique=False)
    op.create_table(
        "document_signature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("image_png", sa.LargeBinary(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "role"),
    )
    op.create_index("ix_document_signature_document_id", "document_signature", ["document_id"], unique=False)
    op.create_table(
        "review_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=True),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("rag", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["goal_id"], ["plan_goal.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["review_id"], ["plan_review.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["stage_id"], ["plan_stage.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_review_progress_review_id", "review_progress", ["review_id"], unique=False)
