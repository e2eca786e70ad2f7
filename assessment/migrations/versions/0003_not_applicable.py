"""Answers and group answers may be "not applicable" (stored as -2).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Only the CHECK constraints of ``answers`` and ``consensus`` widen from "between -1 and 4" to
"between -2 and 4"; every participant and every answer stays as it was (answers to statements
that the content has since retired stay too: the app does not use them, nothing deletes them).

PostgreSQL alters the constraints in place. SQLite cannot alter a CHECK constraint, so the two
tables are rebuilt: both are leaves (no table refers to them), so the rebuild cascades nowhere,
and every row is copied. ``workshops`` and ``participants`` are never rebuilt (a rebuild of those
would cascade-delete their children, see 0002).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = {"answers": "participant_id", "consensus": "workshop_id"}
PARENTS = {"answers": "participants", "consensus": "workshops"}


def _table(name: str, low: int) -> sa.Table:
    """The table as it is after this revision (``low`` = -2) or before it (-1)."""
    meta = sa.MetaData()
    parent = PARENTS[name]
    sa.Table(parent, meta, sa.Column("id", sa.Integer, primary_key=True))
    owner = TABLES[name]
    return sa.Table(
        name,
        meta,
        sa.Column(
            owner, sa.Integer, sa.ForeignKey(f"{parent}.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("value", sa.SmallInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(owner, "item_id", name=f"pk_{name}"),
        sa.CheckConstraint(f"value between {low} and 4", name=f"ck_{name}_value"),
    )


def _set_range(low: int) -> None:
    bind = op.get_bind()
    for name in TABLES:
        if bind.dialect.name == "sqlite":
            # copy_from: the exact new definition (SQLite does not report CHECK constraints)
            with op.batch_alter_table(name, copy_from=_table(name, low), recreate="always"):
                pass
        else:
            op.drop_constraint(f"ck_{name}_value", name, type_="check")
            op.create_check_constraint(f"ck_{name}_value", name, f"value between {low} and 4")


def upgrade() -> None:
    _set_range(-2)


def downgrade() -> None:
    bind = op.get_bind()
    for name in TABLES:  # "not applicable" did not exist before: such an answer is open again
        bind.execute(sa.text(f"DELETE FROM {name} WHERE value = -2"))
    _set_range(-1)
