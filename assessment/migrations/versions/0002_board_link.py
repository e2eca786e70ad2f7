"""A read-only board link per workshop, and when the group answer was saved.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Columns are only added (never a table rebuilt: on SQLite a rebuild of ``workshops`` would
cascade-delete its participants and answers). Existing workshops get a board key here.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("workshops", sa.Column("board_key", sa.String(64), nullable=True))
    op.add_column(
        "workshops", sa.Column("consensus_saved_at", sa.DateTime(timezone=True), nullable=True)
    )
    conn = op.get_bind()
    table = sa.table("workshops", sa.column("id", sa.Integer), sa.column("board_key", sa.String))
    for (wid,) in conn.execute(sa.select(table.c.id)).all():
        conn.execute(
            sa.update(table).where(table.c.id == wid).values(board_key=secrets.token_urlsafe(24))
        )
    op.create_index("ux_workshops_board_key", "workshops", ["board_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_workshops_board_key", table_name="workshops")
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), never a batch rebuild (see above)
    op.drop_column("workshops", "consensus_saved_at")
    op.drop_column("workshops", "board_key")
