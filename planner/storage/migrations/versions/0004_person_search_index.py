"""people search index: FTS5 trigram + word-prefix tables kept in sync by triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

A frozen copy of the DDL in ``planner/storage/search_index.py`` at the time of writing (a
revision must not change when the application code does). The objects are raw SQL: FTS5
virtual tables and triggers have no SQLAlchemy model, and ``include_object`` keeps Alembic's
autogenerate away from them.

FTS5 is SQLite's: on PostgreSQL this revision does nothing, and the people search uses
``pg_trgm`` indexes that ``planner.storage.search_index`` keeps (derived data, not schema).
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STATEMENTS = [
    'CREATE TABLE person_search_text (id INTEGER PRIMARY KEY, text TEXT NOT NULL)',
    "CREATE VIRTUAL TABLE person_search USING fts5(text, content='person_search_text', content_rowid='id', tokenize='trigram')",
    "CREATE VIRTUAL TABLE person_search_words USING fts5(text, content='person_search_text', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2', detail='none')",
    'CREATE TRIGGER person_search_text_ai AFTER INSERT ON person_search_text BEGIN INSERT INTO person_search(rowid, text) VALUES (new.id, new.text); INSERT INTO person_search_words(rowid, text) VALUES (new.id, new.text); END',
    "CREATE TRIGGER person_search_text_ad AFTER DELETE ON person_search_text BEGIN INSERT INTO person_search(person_search, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO person_search_words(person_search_words, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER person_search_text_au AFTER UPDATE ON person_search_text BEGIN INSERT INTO person_search(person_search, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO person_search_words(person_search_words, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO person_search(rowid, text) VALUES (new.id, new.text); INSERT INTO person_search_words(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER person_search_person_ai AFTER INSERT ON person BEGIN INSERT INTO person_search_text(id, text) VALUES (new.id, new.given_name || ' ' || new.family_name || char(10) || new.native_name || char(10) || new.native_reading || char(10) || new.email_key || char(10) || coalesce((SELECT o.name FROM organisation o WHERE o.id = new.organisation_id), '')); END",
    "CREATE TRIGGER person_search_person_au AFTER UPDATE OF given_name, family_name, native_name, native_reading, email_key, organisation_id ON person BEGIN UPDATE person_search_text SET text = new.given_name || ' ' || new.family_name || char(10) || new.native_name || char(10) || new.native_reading || char(10) || new.email_key || char(10) || coalesce((SELECT o.name FROM organisation o WHERE o.id = new.organisation_id), '') WHERE id = new.id; END",
    'CREATE TRIGGER person_search_person_ad AFTER DELETE ON person BEGIN DELETE FROM person_search_text WHERE id = old.id; END',
    "CREATE TRIGGER person_search_organisation_au AFTER UPDATE OF name ON organisation BEGIN UPDATE person_search_text SET text = (SELECT p.given_name || ' ' || p.family_name || char(10) || p.native_name || char(10) || p.native_reading || char(10) || p.email_key || char(10) || coalesce((SELECT o.name FROM organisation o WHERE o.id = p.organisation_id), '') FROM person p WHERE p.id = person_search_text.id) WHERE id IN (SELECT id FROM person WHERE organisation_id = new.id); END",
]
FILL = "INSERT INTO person_search_text(id, text) SELECT p.id, p.given_name || ' ' || p.family_name || char(10) || p.native_name || char(10) || p.native_reading || char(10) || p.email_key || char(10) || coalesce((SELECT o.name FROM organisation o WHERE o.id = p.organisation_id), '') FROM person p"
TRIGGERS = ['person_search_text_ai', 'person_search_text_ad', 'person_search_text_au', 'person_search_person_ai', 'person_search_person_au', 'person_search_person_ad', 'person_search_organisation_au']


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for sql in STATEMENTS:
        op.execute(sql)
    op.execute(FILL)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in ("person_search_words", "person_search", "person_search_text"):
        op.execute(f"DROP TABLE IF EXISTS {name}")
