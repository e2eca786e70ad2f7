"""Workshops, participants, their answers and the agreed group answers.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(12), nullable=False, unique=True),
        sa.Column("facilitator_key", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("parts", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("parts in ('phases', 'questions', 'both')", name="ck_workshops_parts"),
        sa.CheckConstraint("status in ('open', 'closed')", name="ck_workshops_status"),
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "workshop_id",
            sa.Integer,
            sa.ForeignKey("workshops.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_participants_workshop_id", "participants", ["workshop_id"])
    op.create_table(
        "answers",
        sa.Column(
            "participant_id",
            sa.Integer,
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("value", sa.SmallInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("participant_id", "item_id", name="pk_answers"),
        sa.CheckConstraint("value between -1 and 4", name="ck_answers_value"),
    )
    op.create_table(
        "consensus",
        sa.Column(
            "workshop_id",
            sa.Integer,
            sa.ForeignKey("workshops.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("value", sa.SmallInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workshop_id", "item_id", name="pk_consensus"),
        sa.CheckConstraint("value between -1 and 4", name="ck_consensus_value"),
    )


def downgrade() -> None:
    op.drop_table("consensus")
    op.drop_table("answers")
    op.drop_index("ix_participants_workshop_id", table_name="participants")
    op.drop_table("participants")
    op.drop_table("workshops")
