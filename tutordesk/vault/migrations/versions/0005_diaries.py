"""Diaries: entries of the learner's diary, the practitioner's reflections and the practice journal, the
audio of spoken entries, and the FTS5 search table over their text (secure-delete on, kept in step by
triggers), so a deleted entry's words leave the index too.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: The text columns searched. The FTS5 table reads them from diary_entry (external content), so the words
#: are stored once; `remove_diacritics 2` lets "Zoe" find "Zoë".
SEARCHED = ("body", "mood_words", "progress", "setbacks", "key_points", "tasks")


def upgrade() -> None:
    op.create_table(
        "diary_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=True),
        sa.Column("diary", sa.String(), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("journal_kind", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("mood", sa.Integer(), nullable=True),
        sa.Column("mood_words", sa.String(), nullable=False),
        sa.Column("progress", sa.String(), nullable=False),
        sa.Column("setbacks", sa.String(), nullable=False),
        sa.Column("key_points", sa.String(), nullable=False),
        sa.Column("tasks", sa.String(), nullable=False),
        sa.Column("next_meeting_on", sa.Date(), nullable=True),
        sa.Column("stage_lineage", sa.String(), nullable=False),
        sa.Column("goal_lineage", sa.String(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_diary_entry_diary", "diary_entry", ["diary"], unique=False)
    op.create_index("ix_diary_entry_learner_id", "diary_entry", ["learner_id"], unique=False)
    op.create_index("ix_diary_entry_timeline", "diary_entry", ["learner_id", "written_on"], unique=False)
    op.create_table(
        "diary_audio",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["diary_entry.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("entry_id"),
    )

    columns = ", ".join(SEARCHED)
    new_values = ", ".join(f"new.{c}" for c in SEARCHED)
    old_values = ", ".join(f"old.{c}" for c in SEARCHED)
    op.execute(
        f"""CREATE VIRTUAL TABLE diary_search USING fts5({columns}, content='diary_entry',
            content_rowid='id', tokenize='unicode61 remove_diacritics 2')"""
    )
    # Deleted words are overwritten in the index's pages, not just marked as gone.
    op.execute("INSERT INTO diary_search(diary_search, rank) VALUES('secure-delete', 1)")
    op.execute(
        f"""CREATE TRIGGER diary_entry_ai AFTER INSERT ON diary_entry BEGIN
              INSERT INTO diary_search(rowid, {columns}) VALUES (new.id, {new_values});
            END"""
    )
    op.execute(
        f"""CREATE TRIGGER diary_entry_ad AFTER DELETE ON diary_entry BEGIN
              INSERT INTO diary_search(diary_search, rowid, {columns}) VALUES ('delete', old.id, {old_values});
            END"""
    )
    op.execute(
        f"""CREATE TRIGGER diary_entry_au AFTER UPDATE ON diary_entry BEGIN
              INSERT INTO diary_search(diary_search, rowid, {columns}) VALUES ('delete', old.id, {old_values});
              INSERT INTO diary_search(rowid, {columns}) VALUES (new.id, {new_values});
            END"""
    )
