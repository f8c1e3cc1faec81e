"""The Due list's newest-meeting and newest-review indexes carry the columns it reads (the next date, the
kind of meeting), so each learner's newest one is read from the index alone instead of one table page per
learner. At 1,000 learners the first reading of the due statement after unlocking went from about 27 ms to
9 ms for meetings and from 20 ms to 9 ms for reviews (bench/README.md).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_meeting_newest", table_name="meeting")
    op.create_index(
        "ix_meeting_newest", "meeting", ["learner_id", "held_on", "id", "next_on", "kind"], unique=False
    )
    op.drop_index("ix_plan_review_newest", table_name="plan_review")
    op.create_index(
        "ix_plan_review_newest",
        "plan_review",
        ["learner_id", "held_on", "id", "next_review_on"],
        unique=False,
    )
