"""event retention period and anonymisation date

Recreates the ``event`` table (batch mode, ``recreate="always"``): ``event`` is the parent of
venues, delegations, slots, meetings and leads through ``ON DELETE CASCADE``, so this revision
is also the standing proof that migrations run with foreign keys OFF keep every child row.

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


def upgrade() -> None:
    with op.batch_alter_table("event", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("anonymised_at", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event", recreate="always") as batch_op:
        batch_op.drop_column("anonymised_at")
        batch_op.drop_column("retention_days")
