"""lead values as 64-bit integers on every engine

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

A lead's value is a whole amount in its currency, up to 999,999,999,999,999 (the lead sheet's
limit: yen and won run to large figures). SQLite's INTEGER already holds 64 bits; PostgreSQL's
INTEGER holds 32, so a large value failed there. The column becomes BIGINT on PostgreSQL; a file
is unchanged (its type name is only a hint to SQLite).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("lead", "value", type_=sa.BigInteger(), existing_type=sa.Integer(),
                        existing_nullable=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("lead", "value", type_=sa.Integer(), existing_type=sa.BigInteger(),
                        existing_nullable=True)
