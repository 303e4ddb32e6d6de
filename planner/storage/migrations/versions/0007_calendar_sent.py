"""calendar memory: what each exported calendar last sent

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

- ``calendar_sent``: per calendar (an event and one delegate, or the event's whole delegation
  when ``person_id`` is NULL) each entry the last export wrote: item UUID, SEQUENCE, a
  fingerprint of what it showed, and the DTSTART/DTEND, zone, summary and location needed to
  send it as CANCELLED once it leaves the calendar.

No data moves: a calendar exported before this revision has no memory, and its first export
after it sends cancelled meetings by the old rule (those changed since they were added).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_sent",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("item_uuid", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("start_utc", sa.DateTime(), nullable=False),
        sa.Column("end_utc", sa.DateTime(), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("people", sa.Text(), nullable=False),
        sa.Column("cancel_sends", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"],
                                name=op.f("fk_calendar_sent_event_id_event"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_calendar_sent_person_id_person"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_sent")),
        sa.UniqueConstraint("event_id", "person_id", "item_uuid",
                            name="uq_calendar_sent_event_person_item"),
        sa.UniqueConstraint("uuid", name=op.f("uq_calendar_sent_uuid")),
    )
    with op.batch_alter_table("calendar_sent", schema=None) as batch_op:
        batch_op.create_index("ix_calendar_sent_event_person", ["event_id", "person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_calendar_sent_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_table("calendar_sent")
