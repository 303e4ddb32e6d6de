"""offline sync: server versions, tombstones, last-synced copies, review queue, erasures

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

Every engine gets ``sync_base`` and ``sync_conflict`` (used in a laptop's file: the last-synced
copy of each record, and the conflicts waiting for a person), ``erasure_log`` (a SHA-256 of the uuid of
each person erased: the erasure reaches every laptop; not the uuid itself) and ``record_redirect`` (a merged person or
organisation and the one it was merged into).

On PostgreSQL (the team server) every synced table also gets ``sync_version`` (BIGINT, indexed),
set from the sequence ``sync_version_seq`` by a row trigger in the transaction that writes the
row — versions come from the server, never from clocks. The trigger first takes an advisory lock
held to the commit, so versions become visible in the order they were given: a laptop that read
everything up to version N never misses a write numbered below N later. A delete leaves a
tombstone (``sync_tombstone``: table, uuid, version); an insert of that uuid again removes it. A
person whose uuid's hash is in ``erasure_log`` cannot be inserted again (a stale offline copy cannot bring
an erased person back). Later migrations keep these columns and tables (sync history); a table
added later calls :func:`install_sync_triggers` for itself.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SYNCED_TABLES = (
    "event", "note", "organisation", "tag", "conflict_ack", "delegation", "organisation_tag",
    "person", "venue", "calendar_sent", "delegate", "delegation_organisation", "distinct_people",
    "event_contact", "pack_revision", "person_alias", "person_external_id", "room", "venue_travel",
    "meeting", "slot", "lead", "meeting_attendee", "outcome", "slot_person", "follow_up",
    "outcome_tag", "erasure_log", "record_redirect",
)
SYNC_LOCK = 0x4D445359  # "MDSY": held by every writer of a synced table until its commit
SEQUENCE = "sync_version_seq"


def _record_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("changed_by", sa.String(128), nullable=False, server_default=""),
    ]


def install_sync_triggers(table: str) -> None:
    """The version column, its index and the two triggers of one synced table (PostgreSQL)."""
    op.execute(f'ALTER TABLE "{table}" ADD COLUMN sync_version BIGINT NOT NULL '
               f"DEFAULT nextval('{SEQUENCE}')")
    op.execute(f'CREATE INDEX "ix_{table}_sync_version" ON "{table}" (sync_version)')
    op.execute(f'CREATE TRIGGER "{table}_sync_version" BEFORE INSERT OR UPDATE ON "{table}" '
               "FOR EACH ROW EXECUTE FUNCTION mission_desk_sync_version()")
    op.execute(f'CREATE TRIGGER "{table}_sync_tombstone" AFTER DELETE ON "{table}" '
               "FOR EACH ROW EXECUTE FUNCTION mission_desk_sync_tombstone()")


def upgrade() -> None:
    op.create_table(
        "sync_base",
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("local_version", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "uuid", name="pk_sync_base"),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("record_uuid", sa.String(36), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("base", sa.Text(), nullable=False),
        sa.Column("mine", sa.Text(), nullable=False),
        sa.Column("theirs", sa.Text(), nullable=False),
        sa.Column("theirs_by", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.String(16), nullable=False),
    )
    op.create_index("ix_sync_conflict_record_uuid", "sync_conflict", ["record_uuid"])
    op.create_table("erasure_log", *_record_columns(),
                    sa.Column("person_key", sa.String(64), nullable=False),
                    sa.Column("email_keys", sa.Text(), nullable=False),
                    sa.UniqueConstraint("uuid", name="uq_erasure_log_uuid"),
                    sa.UniqueConstraint("person_key", name="uq_erasure_log_person_key"))
    op.create_table("record_redirect", *_record_columns(),
                    sa.Column("table_name", sa.String(64), nullable=False),
                    sa.Column("old_uuid", sa.String(36), nullable=False),
                    sa.Column("new_uuid", sa.String(36), nullable=False),
                    sa.UniqueConstraint("uuid", name="uq_record_redirect_uuid"),
                    sa.UniqueConstraint("table_name", "old_uuid",
                                        name="uq_record_redirect_table_name"))
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE SEQUENCE {SEQUENCE} AS BIGINT")
    op.execute("""CREATE TABLE sync_tombstone (
        table_name VARCHAR(64) NOT NULL, uuid VARCHAR(36) NOT NULL,
        sync_version BIGINT NOT NULL, PRIMARY KEY (table_name, uuid))""")
    op.execute("CREATE INDEX ix_sync_tombstone_sync_version ON sync_tombstone (sync_version)")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION mission_desk_sync_version() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock({SYNC_LOCK});
            NEW.sync_version := nextval('{SEQUENCE}');
            IF TG_OP = 'INSERT' THEN
                DELETE FROM sync_tombstone WHERE table_name = TG_TABLE_NAME AND uuid = NEW.uuid;
            END IF;
            RETURN NEW;
        END $$""")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION mission_desk_sync_tombstone() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock({SYNC_LOCK});
            INSERT INTO sync_tombstone (table_name, uuid, sync_version)
            VALUES (TG_TABLE_NAME, OLD.uuid, nextval('{SEQUENCE}'))
            ON CONFLICT (table_name, uuid) DO UPDATE SET sync_version = EXCLUDED.sync_version;
            RETURN NULL;
        END $$""")
    op.execute("""
        CREATE OR REPLACE FUNCTION mission_desk_erased_guard() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM erasure_log
                       WHERE person_key = encode(sha256(convert_to(NEW.uuid, 'UTF8')), 'hex')) THEN
                RETURN NULL;  -- an erased person never comes back
            END IF;
            RETURN NEW;
        END $$""")
    for table in SYNCED_TABLES:
        install_sync_triggers(table)
    # named so that it runs before person_sync_version (PostgreSQL fires them by name)
    op.execute('CREATE TRIGGER "person_erased_guard" BEFORE INSERT ON person '
               "FOR EACH ROW EXECUTE FUNCTION mission_desk_erased_guard()")
    # (a tombstone is written with a delete, which already notifies its own table)
    for table in ("erasure_log", "record_redirect"):
        op.execute(f'CREATE TRIGGER "{table}_notify" AFTER INSERT OR UPDATE OR DELETE '
                   f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION mission_desk_notify_change()')


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute('DROP TRIGGER IF EXISTS "person_erased_guard" ON person')
        for table in SYNCED_TABLES:
            if table in ("erasure_log", "record_redirect"):
                continue
            op.execute(f'DROP TRIGGER IF EXISTS "{table}_sync_version" ON "{table}"')
            op.execute(f'DROP TRIGGER IF EXISTS "{table}_sync_tombstone" ON "{table}"')
            op.execute(f'DROP INDEX IF EXISTS "ix_{table}_sync_version"')
            op.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS sync_version')
        op.execute("DROP TABLE IF EXISTS sync_tombstone")
        for fn in ("mission_desk_sync_version", "mission_desk_sync_tombstone",
                   "mission_desk_erased_guard"):
            op.execute(f"DROP FUNCTION IF EXISTS {fn}() CASCADE")
        op.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")
    op.drop_table("record_redirect")
    op.drop_table("erasure_log")
    op.drop_index("ix_sync_conflict_record_uuid", table_name="sync_conflict")
    op.drop_table("sync_conflict")
    op.drop_table("sync_base")
