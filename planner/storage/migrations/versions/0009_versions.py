"""versions and who changed each row; change notifications on a server

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

Several people now edit one plan (a team server). Every record table gets:

- ``version`` (integer, starts at 1): raised by every update. An editor remembers the version it
  showed; a save whose version is no longer the row's is refused ("changed by NAME at TIME"), so
  no one's update is lost silently (optimistic concurrency);
- ``changed_by``: who changed the row last — the database role on a server, the login name of
  the person using the file otherwise. Rows written before this revision say "" (unknown).

On PostgreSQL each of these tables also gets a statement-level trigger that sends
``NOTIFY mission_desk_changes, '<table>'``: open windows listening on that channel reload what
another person's committed change touched. PostgreSQL delivers notifications at commit and folds
identical ones within a transaction, so a bulk import sends one per table, not one per row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

RECORD_TABLES = (
    "audit_entry", "event", "note", "organisation", "tag", "conflict_ack", "delegation",
    "export_log", "organisation_tag", "person", "venue", "calendar_sent", "delegate",
    "delegation_organisation", "distinct_people", "event_contact", "export_log_person",
    "pack_revision", "person_alias", "person_external_id", "room", "venue_travel", "meeting",
    "slot", "lead", "meeting_attendee", "outcome", "slot_person", "follow_up", "outcome_tag",
)
CHANNEL = "mission_desk_changes"
NOTIFY_FUNCTION = "mission_desk_notify_change"


def upgrade() -> None:
    for table in RECORD_TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        op.add_column(table, sa.Column("changed_by", sa.String(length=128), nullable=False,
                                       server_default=""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE OR REPLACE FUNCTION {NOTIFY_FUNCTION}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
                RETURN NULL;
            END $$""")
        for table in RECORD_TABLES:
            op.execute(f'CREATE TRIGGER "{table}_notify" AFTER INSERT OR UPDATE OR DELETE '
                       f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {NOTIFY_FUNCTION}()')


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in RECORD_TABLES:
            op.execute(f'DROP TRIGGER IF EXISTS "{table}_notify" ON "{table}"')
        op.execute(f"DROP FUNCTION IF EXISTS {NOTIFY_FUNCTION}()")
    for table in RECORD_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("changed_by")
            batch.drop_column("version")
