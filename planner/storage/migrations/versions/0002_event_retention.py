"""event retention period and anonymisation date

Recreates the ``event`` table (batch mode, ``recreate="always"``): ``event`` is the parent of
venues, delegations, slots, meetings and leads through ``ON DELETE CASCADE``, so this revision
is also the standing proof that migrations run with foreign keys OFF keep every child row.
On PostgreSQL (which alters tables in place and refuses to drop a referenced table) the columns
are simply added.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _recreate() -> str:
    """SQLite: always recreate (see above); a server alters the table in place."""
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    with op.batch_alter_table("event", recreate=_recreate()) as batch_op:
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("anonymised_at", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event", recreate=_recreate()) as batch_op:
        batch_op.drop_column("anonymised_at")
        batch_op.drop_column("retention_days")
