"""Indexes for the caseload's Due list, which reads each learner's newest meeting and newest review and
each agreed plan's contract: at 10,000 learners the due statement took about 1.5 s without them and about
0.9 s with them (bench/README.md).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_meeting_newest", "meeting", ["learner_id", "held_on", "id"], unique=False)
    op.create_index("ix_plan_review_newest", "plan_review", ["learner_id", "held_on", "id"], unique=False)
    op.create_index("ix_document_plan_form", "document", ["plan_version_id", "form_id"], unique=False)
