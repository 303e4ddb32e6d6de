"""acknowledged schedule conflicts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conflict_ack",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_conflict_ack_event_id_event"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_ack")),
        sa.UniqueConstraint("event_id", "key", name=op.f("uq_conflict_ack_event_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_conflict_ack_uuid")),
    )
    with op.batch_alter_table("conflict_ack", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_ack_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("conflict_ack", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_ack_event_id"))
    op.drop_table("conflict_ack")
