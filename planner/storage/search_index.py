"""The people search index: two SQLite FTS5 tables kept in sync by triggers.

``person_search_text`` holds one line of searchable text per person (given and family name,
native name, reading, e-mail key, organisation name, separated by newlines). Two external-content
FTS5 indexes read it:

* ``person_search`` (``trigram`` tokenizer): substring matches for queries of 3 characters or
  more, case-insensitive for any script ("müller" finds "Müller", "山田太" finds "山田太郎");
* ``person_search_words`` (``unicode61``, diacritics removed, prefix indexes of 1 and 2
  characters): word-prefix matches for 1–2 character queries ("ya" finds Yamada, "山" finds
  山田 太郎), where a trigram index cannot help.

Triggers on ``person`` and ``organisation`` keep the text current for every write path (ORM,
Core bulk inserts, imports, merges, undo), and triggers on the text table feed both indexes the
way the SQLite documentation prescribes for external content. The objects are not SQLAlchemy
models: Alembic's autogenerate ignores them through :func:`include_object`.

A batch migration that recreates ``person`` or ``organisation`` drops their triggers;
:func:`ensure_search_index` (run after every upgrade and cheap to call) puts them back and
rebuilds the index when anything was missing. Revision 0004 holds a frozen copy of this DDL.

On PostgreSQL there is no FTS5: the same searchable text is an expression over ``person``
(:data:`PG_PERSON_TEXT`) matched with ``ILIKE`` (3+ characters: anywhere) or a word-start
regular expression (1–2 characters), plus the organisation's name. With the ``pg_trgm``
extension, GIN trigram indexes on that expression and on ``organisation.name`` make those
matches fast (:func:`ensure_server_index`); without it the search still works, scanning the
tables, and the open report carries a warning naming the one SQL line that fixes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

TEXT_TABLE = "person_search_text"
TRIGRAM = "person_search"
WORDS = "person_search_words"
PREFIX = "person_search"  # every object of the index is named person_search…
# Derived data kept in the file (no model; rebuilt or recounted, never copied or "lost"): the search
# index and name keys, and the dashboard's stored conflict counts (revision 0013).
DERIVED_PREFIXES = (PREFIX, "schedule_check")
MIN_TRIGRAM = 3


def _person_text(p: str) -> str:
    return (f"{p}.given_name || ' ' || {p}.family_name || char(10) || {p}.native_name || char(10) || "
            f"{p}.native_reading || char(10) || {p}.email_key || char(10) || "
            f"coalesce((SELECT o.name FROM organisation o WHERE o.id = {p}.organisation_id), '')")


PERSON_COLUMNS = "given_name, family_name, native_name, native_reading, email_key, organisation_id"

TABLES: list[str] = [
    f"CREATE TABLE {TEXT_TABLE} (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    f"CREATE VIRTUAL TABLE {TRIGRAM} USING fts5(text, content='{TEXT_TABLE}', content_rowid='id', "
    f"tokenize='trigram')",
    f"CREATE VIRTUAL TABLE {WORDS} USING fts5(text, content='{TEXT_TABLE}', content_rowid='id', "
    f"tokenize='unicode61 remove_diacritics 2', prefix='1 2', detail='none')",
]

TRIGGERS: list[str] = [
    # the text table feeds both indexes (external content: 'delete' needs the old text)
    f"CREATE TRIGGER {PREFIX}_text_ai AFTER INSERT ON {TEXT_TABLE} BEGIN "
    f"INSERT INTO {TRIGRAM}(rowid, text) VALUES (new.id, new.text); "
    f"INSERT INTO {WORDS}(rowid, text) VALUES (new.id, new.text); END",
    f"CREATE TRIGGER {PREFIX}_text_ad AFTER DELETE ON {TEXT_TABLE} BEGIN "
    f"INSERT INTO {TRIGRAM}({TRIGRAM}, rowid, text) VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {WORDS}({WORDS}, rowid, text) VALUES ('delete', old.id, old.text); END",
    f"CREATE TRIGGER {PREFIX}_text_au AFTER UPDATE ON {TEXT_TABLE} BEGIN "
    f"INSERT INTO {TRIGRAM}({TRIGRAM}, rowid, text) VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {WORDS}({WORDS}, rowid, text) VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {TRIGRAM}(rowid, text) VALUES (new.id, new.text); "
    f"INSERT INTO {WORDS}(rowid, text) VALUES (new.id, new.text); END",
    # people and organisations feed the text table
    f"CREATE TRIGGER {PREFIX}_person_ai AFTER INSERT ON person BEGIN "
    f"INSERT INTO {TEXT_TABLE}(id, text) VALUES (new.id, {_person_text('new')}); END",
    f"CREATE TRIGGER {PREFIX}_person_au AFTER UPDATE OF {PERSON_COLUMNS} ON person BEGIN "
    f"UPDATE {TEXT_TABLE} SET text = {_person_text('new')} WHERE id = new.id; END",
    f"CREATE TRIGGER {PREFIX}_person_ad AFTER DELETE ON person BEGIN "
    f"DELETE FROM {TEXT_TABLE} WHERE id = old.id; END",
    f"CREATE TRIGGER {PREFIX}_organisation_au AFTER UPDATE OF name ON organisation BEGIN "
    f"UPDATE {TEXT_TABLE} SET text = (SELECT {_person_text('p')} FROM person p "
    f"WHERE p.id = {TEXT_TABLE}.id) "
    f"WHERE id IN (SELECT id FROM person WHERE organisation_id = new.id); END",
]

FILL = (f"INSERT INTO {TEXT_TABLE}(id, text) SELECT p.id, {_person_text('p')} FROM person p")


TABLE_NAMES = [TEXT_TABLE, TRIGRAM, WORDS]
TRIGGER_NAMES = [sql.split()[2] for sql in TRIGGERS]


def install(execute: Any) -> None:
    """Create the tables and triggers and index every person (``execute(sql)`` runs one statement)."""
    for sql in TABLES + TRIGGERS:
        execute(sql)
    execute(FILL)


def missing_objects(names_in_file: set[str]) -> list[str]:
    return [n for n in TABLE_NAMES + TRIGGER_NAMES if n not in names_in_file]


def ensure_search_index(execute: Any, names_in_file: set[str]) -> bool:
    """Re-create what a table rebuild dropped and re-index everyone; False when all was there.

    ``names_in_file``: the names in ``sqlite_master``. Dropped triggers mean the index may have
    missed writes, so the text table is refilled and both indexes rebuilt.
    """
    missing = missing_objects(names_in_file)
    if not missing:
        return False
    if TEXT_TABLE not in names_in_file or TRIGRAM not in names_in_file or WORDS not in names_in_file:
        for name in (WORDS, TRIGRAM, TEXT_TABLE):
            execute(f"DROP TABLE IF EXISTS {name}")
        for name in TRIGGER_NAMES:
            execute(f"DROP TRIGGER IF EXISTS {name}")
        install(execute)
        return True
    for name in TRIGGER_NAMES:
        execute(f"DROP TRIGGER IF EXISTS {name}")
    execute(f"DELETE FROM {TEXT_TABLE}")
    execute(FILL)
    for sql in TRIGGERS:
        execute(sql)
    rebuild(execute)
    return True


# The two per-row triggers an insert of people fires: person -> text row -> both indexes.
BULK_SUSPENDED = [TRIGGERS[3], TRIGGERS[0]]


@contextmanager
def people_indexed_in_bulk(execute: Any, after_id: int) -> Iterator[None]:
    """Index the people inserted inside the block in bulk, not row by row (SQLite only).

    FTS5 flushes its pending terms at every statement that writes to it, so a multi-row
    ``executemany`` of people, each row firing the triggers, writes one index segment per row
    (and merges them); 50,000 rows took 5× the plain inserts. Inside the block the insert
    triggers of ``person`` and of the text table are dropped; at its end one ``INSERT … SELECT``
    fills the text rows of the people with ``id > after_id`` (every row inserted in the block:
    SQLite gives a new row a higher id than any before) and one per index feeds both indexes,
    then the triggers are put back. DDL is transactional in SQLite: call this inside the
    transaction that writes the people, so a failure or a crash rolls the rows, the index and
    the triggers back together (and :func:`ensure_search_index` would put back any trigger
    still missing at the next open). Updates and deletes in the block stay indexed by their
    own triggers.
    """
    after = int(after_id)
    for sql in BULK_SUSPENDED:
        execute(f"DROP TRIGGER IF EXISTS {sql.split()[2]}")
    try:
        yield
    except BaseException:
        # The caller rolls back (which restores the triggers); if SQLite already rolled the
        # whole transaction back by itself, they are back already. Never hide the error.
        for sql in BULK_SUSPENDED:
            with suppress(Exception):
                execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
        raise
    execute(f"{FILL} WHERE p.id > {after}")
    for name in (TRIGRAM, WORDS):
        execute(f"INSERT INTO {name}(rowid, text) SELECT id, text FROM {TEXT_TABLE} "
                f"WHERE id > {after}")
    for sql in BULK_SUSPENDED:
        execute(sql)


def rebuild(execute: Any) -> None:
    """Rebuild both indexes from the text table."""
    for name in (TRIGRAM, WORDS):
        execute(f"INSERT INTO {name}({name}) VALUES ('rebuild')")


def optimize(execute: Any) -> None:
    """Merge each index into one segment, dropping what deleted rows left behind (erasure)."""
    for name in (TRIGRAM, WORDS):
        execute(f"INSERT INTO {name}({name}) VALUES ('optimize')")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic ``include_object``: leave the search index and the server's sync bookkeeping
    (revision 0011: ``sync_version`` columns and their indexes, ``sync_tombstone``; not models)
    out of autogenerate."""
    if not reflected or name is None:
        return True
    if type_ in ("table", "index") and name.startswith(DERIVED_PREFIXES):
        return False
    return not (name in ("sync_version", "sync_tombstone") or name.endswith("_sync_version"))


def match_query(text: str) -> tuple[str, str] | None:
    """(table, FTS5 MATCH expression) for the typed ``text``; None when there is nothing to search.

    3+ characters: a trigram phrase (substring anywhere). 1–2 characters: a word-prefix query
    on the unicode61 index. The text is always quoted, so FTS5 syntax in it means nothing.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    quoted = '"' + cleaned.replace('"', '""') + '"'
    if len(cleaned) >= MIN_TRIGRAM:
        return TRIGRAM, quoted
    return WORDS, quoted + "*"


# ------------------------------------------------------------------------------- PostgreSQL
PG_PERSON_TEXT = ("(person.given_name || ' ' || person.family_name || chr(10) || person.native_name"
                  " || chr(10) || person.native_reading || chr(10) || person.email_key)")
PG_PERSON_INDEX = f"{PREFIX}_trgm"
PG_ORGANISATION_INDEX = f"{PREFIX}_organisation_trgm"
PG_EXTENSION_SQL = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
PG_INDEXES = {
    PG_PERSON_INDEX: f"CREATE INDEX IF NOT EXISTS {PG_PERSON_INDEX} ON person "
                     f"USING gin ({PG_PERSON_TEXT} gin_trgm_ops)",
    PG_ORGANISATION_INDEX: f"CREATE INDEX IF NOT EXISTS {PG_ORGANISATION_INDEX} ON organisation "
                           f"USING gin (name gin_trgm_ops)",
}
PG_MISSING_TRGM = ("The people search on this server scans every row: the pg_trgm extension is "
                   "missing. An administrator can add it with: CREATE EXTENSION pg_trgm;")


def ensure_server_index(conn: Any) -> str | None:
    """Make sure the trigram indexes exist on a PostgreSQL database (creating ``pg_trgm`` when
    this role may); None when they do, else the warning to show (the search then scans).

    ``conn`` is a SQLAlchemy connection inside a transaction; a refused ``CREATE EXTENSION``
    is rolled back to a savepoint, so the transaction goes on."""
    from sqlalchemy import text

    def has_extension() -> bool:
        return conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first() \
            is not None

    if not has_extension():
        try:
            with conn.begin_nested():
                conn.execute(text(PG_EXTENSION_SQL))
        except Exception:  # not allowed (no CREATE privilege on the database): scan instead
            return PG_MISSING_TRGM
    present = {r[0] for r in conn.execute(text(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
        "AND indexname LIKE :prefix"), {"prefix": PREFIX + "%"})}
    for name, sql in PG_INDEXES.items():
        if name not in present:
            conn.execute(text(sql))
    return None


def server_word_pattern(text: str) -> str:
    """A PostgreSQL regular expression for "a word starting with ``text``" (1–2 characters):
    every character that is not a letter or digit is escaped, so the text means itself."""
    escaped = "".join(c if c.isalnum() else "\\" + c for c in text)
    return "\\m" + escaped
