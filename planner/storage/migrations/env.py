"""Alembic environment: always driven programmatically with a connection passed in."""

from __future__ import annotations

from alembic import context

from planner.storage.models import Base
from planner.storage.search_index import include_object

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only with the alembic command line
    raise RuntimeError("Run migrations through planner.storage.migrate, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_object=include_object,  # the FTS search index is raw SQL, not a model
)
with context.begin_transaction():
    context.run_migrations()
