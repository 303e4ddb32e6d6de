"""the dashboard's conflict counts, kept in the file with the stamp of the schedule they count

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

Counting open conflicts means the full check (every meeting, slot and attendee loaded and
compared): about a second at ``demo --scale 100``. ``schedule_check_count`` keeps each event's
last counts with the **schedule stamp** they were counted at, so a dashboard opened later shows
them at once — and only while the stamp still reads the same (never a stale figure):

* SQLite: ``schedule_check_stamp`` holds one number, moved by triggers on every insert, update
  and delete of the tables the check reads (event, venue, room, venue_travel, slot, slot_person,
  meeting, meeting_attendee, conflict_ack), whoever writes: the app, the command line, a sync,
  undo, another program. A cascade (a person deleted) fires them too.
* PostgreSQL: no new trigger; every synced table already carries ``sync_version`` from one
  sequence and a delete leaves a tombstone (revision 0011), so the stamp is the highest of those.

A frozen copy of the DDL in ``planner/storage/schedule_stamp.py`` at the time of
writing. The tables are derived data (named ``schedule_check…``): no model, left out of
autogenerate, of ``planner copy``, of the upgrade's row-count check and of the backup fingerprint.
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

STAMPED_TABLES = ("event", "venue", "room", "venue_travel", "slot", "slot_person", "meeting",
                  "meeting_attendee", "conflict_ack")
COUNT_TABLE = ("CREATE TABLE schedule_check_count (event_uuid VARCHAR(36) NOT NULL PRIMARY KEY, "
               "stamp VARCHAR(64) NOT NULL, counts TEXT NOT NULL)")
STAMP_TABLE = "CREATE TABLE schedule_check_stamp (id INTEGER NOT NULL PRIMARY KEY, n INTEGER NOT NULL)"
STAMP_ROW = "INSERT INTO schedule_check_stamp (id, n) VALUES (1, 0)"
BUMP = "UPDATE schedule_check_stamp SET n = n + 1 WHERE id = 1"
OPS = (("ai", "INSERT"), ("au", "UPDATE"), ("ad", "DELETE"))


def sqlite_triggers() -> list[str]:
    return [f"CREATE TRIGGER IF NOT EXISTS schedule_check_v1_{table}_{suffix} AFTER {op_} ON {table} "
            f"BEGIN {BUMP}; END"
            for table in STAMPED_TABLES for suffix, op_ in OPS]


def upgrade() -> None:
    op.execute(COUNT_TABLE)
    if op.get_bind().dialect.name == "postgresql":
        return
    op.execute(STAMP_TABLE)
    op.execute(STAMP_ROW)
    for sql in sqlite_triggers():
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        for sql in sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {sql.split()[5]}")
        op.execute("DROP TABLE IF EXISTS schedule_check_stamp")
    op.execute("DROP TABLE IF EXISTS schedule_check_count")
