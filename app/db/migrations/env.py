"""Alembic's environment: runs on the connection ``app.db.schema`` hands over."""

from __future__ import annotations

from alembic import context

import models.tables

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - Steward always passes its own connection
    raise RuntimeError("Run migrations through `steward init`, which passes the connection.")

context.configure(
    connection=connection,
    target_metadata=models.tables.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
