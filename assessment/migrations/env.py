"""Alembic environment: runs on the connection that ``assessment.storage.migrate`` passes."""

from __future__ import annotations

from alembic import context

from assessment.storage import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only run through assessment.storage.migrate
    raise RuntimeError("run migrations through assessment.storage.migrate(engine)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
