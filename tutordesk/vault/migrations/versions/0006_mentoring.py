"""Mentoring and coaching: relationships, their terms (agreement, confidentiality, contact boundaries),
phase checklists, contacts (beside their `meeting` rows) with agreed actions, SMART targets, self-assessments
and supervision; documents may now belong to a relationship.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "mentoring_relationship",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("mentor_name", sa.String(), nullable=False),
        sa.Column("mentor_kind", sa.String(), nullable=False),
        sa.Column("mentor_role", sa.String(), nullable=False),
        sa.Column("external", sa.Boolean(), nullable=False),
        sa.Column("peer", sa.Boolean(), nullable=False),
        sa.Column("paid", sa.Boolean(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("planned_weeks", sa.Integer(), nullable=True),
        sa.Column("intensity", sa.String(), nullable=False),
        sa.Column("check_in_every_days", sa.Integer(), nullable=False),
        sa.Column("line_manager", sa.String(), nullable=False),
        sa.Column("escalation_route", sa.String(), nullable=False),
        sa.Column("phase", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("setup_weeks", sa.Integer(), nullable=False),
        sa.Column("next_evaluation_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closure_reason", sa.String(), nullable=False),
        sa.Column("closure_planned", sa.Boolean(), nullable=True),
        sa.Column("closure_target_check", sa.String(), nullable=False),
        sa.Column("feedback_from_learner", sa.String(), nullable=False),
        sa.Column("feedback_from_mentor", sa.String(), nullable=False),
        sa.Column("takes_forward", sa.String(), nullable=False),
        sa.Column("after_closure_contact", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_mentoring_relationship_learner_id", "mentoring_relationship", ["learner_id"], unique=False
    )
    op.create_table(
        "meeting_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_meeting_action_meeting_id", "meeting_action", ["meeting_id"], unique=False)
    op.create_table(
        "mentoring_contact",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("start_time", sa.String(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("initiated_by", sa.String(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["relationship_id"], ["mentoring_relationship.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id"),
    )
    op.create_index(
        "ix_mentoring_contact_relationship_id", "mentoring_contact", ["relationship_id"], unique=False
    )
    op.create_table(
        "mentoring_target",
        sa.Column("learner_words", sa.String(), nullable=False),
        sa.Column("professional_wording", sa.String(), nullable=False),
        sa.Column("trajectory", sa.String(), nullable=False),
        sa.Column("set_by", sa.String(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("measure", sa.String(), nullable=False),
        sa.Column("evidence", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("evaluation_note", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["relationship_id"], ["mentoring_relationship.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_mentoring_target_relationship_id", "mentoring_target", ["relationship_id"], unique=False
    )
    op.create_table(
        "mentoring_terms",
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("objectives", sa.String(), nullable=False),
        sa.Column("roles_and_tasks", sa.String(), nullable=False),
        sa.Column("expectations", sa.String(), nullable=False),
        sa.Column("support_type", sa.String(), nullable=False),
        sa.Column("meeting_arrangements", sa.String(), nullable=False),
        sa.Column("working_rules", sa.String(), nullable=False),
        sa.Column("confidentiality_limits", sa.String(), nullable=False),
        sa.Column("confidentiality_explained_on", sa.Date(), nullable=True),
        sa.Column("confidentiality_acknowledged_on", sa.Date(), nullable=True),
        sa.Column("allowed_channels", sa.String(), nullable=False),
        sa.Column("allowed_days", sa.String(), nullable=False),
        sa.Column("hours_from", sa.String(), nullable=False),
        sa.Column("hours_to", sa.String(), nullable=False),
        sa.Column("mentor_reply_hours", sa.Integer(), nullable=True),
        sa.Column("learner_reply_hours", sa.Integer(), nullable=True),
        sa.Column("contact_focus", sa.String(), nullable=False),
        sa.Column("out_of_hours_note", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["relationship_id"], ["mentoring_relationship.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("relationship_id"),
    )
    op.create_table(
        "phase_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("checklist_id", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["relationship_id"], ["mentoring_relationship.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_phase_record_relationship_id", "phase_record", ["relationship_id"], unique=False)
    op.create_table(
        "safeguarding_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["relationship_id"], ["mentoring_relationship.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_safeguarding_contact_relationship_id", "safeguarding_contact", ["relationship_id"], unique=False
    )
    op.create_table(
        "self_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("point", sa.String(), nullable=False),
        sa.Column("confidence", sa.Integer(), nullable=True),
        sa.Column("progress", sa.Integer(), nullable=True),
        sa.Column("strengths", sa.String(), nullable=False),
        sa.Column("to_work_on", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["relationship_id"], ["mentoring_relationship.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_self_assessment_relationship_id", "self_assessment", ["relationship_id"], unique=False
    )
    op.create_table(
        "supervision_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("supervisor", sa.String(), nullable=False),
        sa.Column("cases", sa.String(), nullable=False),
        sa.Column("reflections", sa.String(), nullable=False),
        sa.Column("actions", sa.String(), nullable=False),
        sa.Column("next_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["relationship_id"], ["mentoring_relationship.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_supervision_session_relationship_id", "supervision_session", ["relationship_id"], unique=False
    )
    op.add_column("document", sa.Column("relationship_id", sa.Integer(), nullable=True))
    op.create_index("ix_document_relationship_id", "document", ["relationship_id"], unique=False)
