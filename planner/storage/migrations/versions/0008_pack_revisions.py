"""pack revisions: what each exported briefing pack held

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-09

- ``pack_revision``: per delegate pack written (an event and one delegate), when and where it
  was written, a fingerprint of what it held and a JSON summary of its items (UUID, reference,
  start and end, zone, place, people met, status), so ``planner packs outdated`` can say whose
  printed pack no longer matches the plan and what changed.

No data moves: packs exported before this revision are unknown, so nobody is listed as outdated
until their pack is exported again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pack_revision",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"],
                                name=op.f("fk_pack_revision_event_id_event"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_pack_revision_person_id_person"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pack_revision")),
        sa.UniqueConstraint("uuid", name=op.f("uq_pack_revision_uuid")),
    )
    with op.batch_alter_table("pack_revision", schema=None) as batch_op:
        batch_op.create_index("ix_pack_revision_event_person", ["event_id", "person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pack_revision_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_table("pack_revision")
