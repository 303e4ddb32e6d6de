"""people's name keys, stored for the import matcher (derived data, kept current by triggers)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

A frozen copy of the DDL in ``planner/imports/people/name_keys.py`` at the time of writing (a
revision must not change when the application code does). ``person_search_name_key`` holds the
hashed keys of each person's names (one row per person and key, ``open`` when the person has no
e-mail or no organisation); ``person_search_name_dirty`` lists the people whose keys are not
current. Triggers on ``person``, ``person_alias`` and ``organisation`` list every person whose
name, native name, e-mail key, organisation or aliases change, on both engines.

Every person already in the file is listed as not current: the keys are computed in Python
(romanisation), so the first import after the upgrade reads everyone once, as imports did
before, and stores their keys. The triggers' names carry the keys' format (``_v1_``): the
application keys everyone again when they are not the ones it expects.

The tables are named ``person_search…``: derived data, like the search index (no model, left out
of autogenerate, of ``planner copy`` and of the upgrade's row-count check).
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SQLITE_TABLES = [
    "CREATE TABLE person_search_name_key (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL "
    "REFERENCES person (id) ON DELETE CASCADE, key BIGINT NOT NULL, open BOOLEAN NOT NULL)",
    "CREATE TABLE person_search_name_dirty (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL)",
]
PG_TABLES = [
    "CREATE TABLE person_search_name_key (id SERIAL PRIMARY KEY, person_id INTEGER NOT NULL "
    "REFERENCES person (id) ON DELETE CASCADE, key BIGINT NOT NULL, open BOOLEAN NOT NULL)",
    "CREATE TABLE person_search_name_dirty (id SERIAL PRIMARY KEY, person_id INTEGER NOT NULL)",
]
INDEXES = [
    "CREATE INDEX person_search_name_key_key ON person_search_name_key (key, open, person_id)",
    "CREATE INDEX person_search_name_key_person ON person_search_name_key (person_id)",
]
SQLITE_TRIGGERS = [
    'CREATE TRIGGER person_names_dirty_v1_person_ai AFTER INSERT ON person BEGIN INSERT INTO person_search_name_dirty(person_id) VALUES (new.id); END',
    'CREATE TRIGGER person_names_dirty_v1_person_au AFTER UPDATE OF given_name, family_name, native_name, email_key, organisation_id ON person WHEN old.given_name IS NOT new.given_name OR old.family_name IS NOT new.family_name OR old.native_name IS NOT new.native_name OR old.email_key IS NOT new.email_key OR old.organisation_id IS NOT new.organisation_id BEGIN INSERT INTO person_search_name_dirty(person_id) VALUES (new.id); END',
    'CREATE TRIGGER person_names_dirty_v1_person_ad AFTER DELETE ON person BEGIN INSERT INTO person_search_name_dirty(person_id) VALUES (old.id); END',
    'CREATE TRIGGER person_names_dirty_v1_alias_ai AFTER INSERT ON person_alias BEGIN INSERT INTO person_search_name_dirty(person_id) VALUES (new.person_id); END',
    'CREATE TRIGGER person_names_dirty_v1_alias_au AFTER UPDATE ON person_alias BEGIN INSERT INTO person_search_name_dirty(person_id) VALUES (old.person_id); INSERT INTO person_search_name_dirty(person_id) VALUES (new.person_id); END',
    'CREATE TRIGGER person_names_dirty_v1_alias_ad AFTER DELETE ON person_alias BEGIN INSERT INTO person_search_name_dirty(person_id) VALUES (old.person_id); END',
    "CREATE TRIGGER person_names_dirty_v1_organisation_au AFTER UPDATE OF name_key ON organisation WHEN (old.name_key = '') IS NOT (new.name_key = '') BEGIN INSERT INTO person_search_name_dirty(person_id) SELECT id FROM person WHERE organisation_id = new.id; END",
    'CREATE TRIGGER person_names_dirty_v1_organisation_ad AFTER DELETE ON organisation BEGIN INSERT INTO person_search_name_dirty(person_id) SELECT id FROM person WHERE organisation_id = old.id; END',
]
PG_FUNCTION = "CREATE OR REPLACE FUNCTION mission_desk_person_names_dirty() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_TABLE_NAME = 'person' THEN IF TG_OP = 'DELETE' THEN INSERT INTO person_search_name_dirty(person_id) VALUES (OLD.id); ELSE INSERT INTO person_search_name_dirty(person_id) VALUES (NEW.id); END IF; ELSIF TG_TABLE_NAME = 'person_alias' THEN IF TG_OP <> 'INSERT' THEN INSERT INTO person_search_name_dirty(person_id) VALUES (OLD.person_id); END IF; IF TG_OP <> 'DELETE' THEN INSERT INTO person_search_name_dirty(person_id) VALUES (NEW.person_id); END IF; ELSE INSERT INTO person_search_name_dirty(person_id) SELECT id FROM person WHERE organisation_id = OLD.id; END IF; RETURN NULL; END $$"
PG_TRIGGERS = [
    'CREATE TRIGGER person_names_dirty_v1_person_aid AFTER INSERT OR DELETE ON person FOR EACH ROW EXECUTE FUNCTION mission_desk_person_names_dirty()',
    'CREATE TRIGGER person_names_dirty_v1_person_au AFTER UPDATE OF given_name, family_name, native_name, email_key, organisation_id ON person FOR EACH ROW WHEN (OLD.given_name IS DISTINCT FROM NEW.given_name OR OLD.family_name IS DISTINCT FROM NEW.family_name OR OLD.native_name IS DISTINCT FROM NEW.native_name OR OLD.email_key IS DISTINCT FROM NEW.email_key OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id) EXECUTE FUNCTION mission_desk_person_names_dirty()',
    'CREATE TRIGGER person_names_dirty_v1_alias AFTER INSERT OR UPDATE OR DELETE ON person_alias FOR EACH ROW EXECUTE FUNCTION mission_desk_person_names_dirty()',
    "CREATE TRIGGER person_names_dirty_v1_organisation_au AFTER UPDATE OF name_key ON organisation FOR EACH ROW WHEN ((OLD.name_key = '') IS DISTINCT FROM (NEW.name_key = '')) EXECUTE FUNCTION mission_desk_person_names_dirty()",
    'CREATE TRIGGER person_names_dirty_v1_organisation_ad AFTER DELETE ON organisation FOR EACH ROW EXECUTE FUNCTION mission_desk_person_names_dirty()',
]
MARK_EVERYONE = "INSERT INTO person_search_name_dirty (person_id) SELECT id FROM person"


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for sql in PG_TABLES if postgres else SQLITE_TABLES:
        op.execute(sql)
    for sql in INDEXES:
        op.execute(sql)
    if postgres:
        op.execute(PG_FUNCTION)
    for sql in PG_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(sql)
    op.execute(MARK_EVERYONE)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for sql in PG_TRIGGERS if postgres else SQLITE_TRIGGERS:
        name, table = sql.split()[2], sql.split(" ON ")[1].split()[0]
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}" if postgres
                   else f"DROP TRIGGER IF EXISTS {name}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS mission_desk_person_names_dirty()")
    op.execute("DROP TABLE IF EXISTS person_search_name_dirty")
    op.execute("DROP TABLE IF EXISTS person_search_name_key")
