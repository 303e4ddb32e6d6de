"""Everyone's name keys, stored, so an import reads only the people a row could be.

The import matcher compares a row with the people already in the file by their *identity forms*
(:class:`~planner.identity.forms.IdentityForms`: names, native names, spelling forms,
romanisations). Computing those for every person in a 100,000-person file cost seconds at every
import, however small. So each person's forms are kept as **keys** in
``person_search_name_key``: one row per (person, key), the key a 64-bit hash of one name, native
name or spelling form (two different forms sharing a hash only make a person a candidate once too
often: the matcher still compares the forms themselves). An import looks its rows' keys up there
and reads only those people, the people sharing an e-mail or a registration key with a row, the
people at a row's organisation and those whose keys are not current (below).

``open`` is true when the person has no e-mail or no organisation (key): only such a person (or
one at the row's own organisation, or sharing its e-mail) can be proposed for a row that has
both, because the rules give a name alone at another organisation, with other e-mails, less than
the proposing score (see :func:`planner.identity.rules.best_score`). The index ``(key, open,
person_id)`` answers both questions without reading ``person``.

**Never stale.** Triggers (SQL, so every writer is covered: the services, Core bulk inserts, the
offline sync, undo) put the id of every person whose name, native name, e-mail key or
organisation changes — or one of whose aliases is added, changed or removed, or whose
organisation loses or gains its key — into ``person_search_name_dirty``. The matcher reads every
person listed there in full (their stored keys may be old); the import's write claims the list
(``DELETE … RETURNING``) and stores their current keys. When the triggers are missing (a batch
migration that rebuilt ``person`` drops them) or :data:`FORMAT` moved on (the keys of a name
changed: the triggers' names carry the format), the cache is not trusted: the matcher reads everyone, as before, and the write puts the
triggers back and keys everyone again (on a team server that needs the schema's owner: raise
:data:`FORMAT` together with a migration that installs the new triggers).

The tables are derived data, not records: no uuid, not synced between laptops, not copied by
``planner copy`` (named ``person_search…`` like the search index, whose exclusions they share).
Revision 0012 holds a frozen copy of this DDL.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from planner.identity.forms import IdentityForms
from planner.identity.rules import best_score
from planner.imports.people.fast_insert import insert_many

KEY_TABLE = "person_search_name_key"
DIRTY_TABLE = "person_search_name_dirty"
log = logging.getLogger(__name__)

FORMAT = 1  # raise when the keys computed from a name change: every person is keyed again
BATCH = 500  # values per IN (...) list
_FAMILY = "person_names_dirty"  # every trigger's name, of any format, starts so
_TRIGGER = f"{_FAMILY}_v{FORMAT}"  # the triggers of this format (their names say it)

_meta = sa.MetaData()
# Quoted in the SQL sent: statements that begin ``INSERT INTO person_search`` (unquoted) are the
# search index's own (tests/planner/speed/test_import_search_index.py tells its fills so).
keys_table = sa.Table(
    sa.sql.quoted_name(KEY_TABLE, quote=True), _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, nullable=False),
    sa.Column("key", sa.BigInteger, nullable=False),
    sa.Column("open", sa.Boolean, nullable=False),
)
dirty_table = sa.Table(
    sa.sql.quoted_name(DIRTY_TABLE, quote=True), _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, nullable=False),
)

_PERSON_COLUMNS = ("given_name", "family_name", "native_name", "email_key", "organisation_id")


def _mark(who: str) -> str:
    return f"INSERT INTO {DIRTY_TABLE}(person_id) VALUES ({who}); "


SQLITE_TRIGGERS: list[str] = [
    f"CREATE TRIGGER {_TRIGGER}_person_ai AFTER INSERT ON person BEGIN {_mark('new.id')}END",
    f"CREATE TRIGGER {_TRIGGER}_person_au AFTER UPDATE OF {', '.join(_PERSON_COLUMNS)} ON person "
    f"WHEN {' OR '.join(f'old.{c} IS NOT new.{c}' for c in _PERSON_COLUMNS)} "
    f"BEGIN {_mark('new.id')}END",
    f"CREATE TRIGGER {_TRIGGER}_person_ad AFTER DELETE ON person BEGIN {_mark('old.id')}END",
    f"CREATE TRIGGER {_TRIGGER}_alias_ai AFTER INSERT ON person_alias "
    f"BEGIN {_mark('new.person_id')}END",
    f"CREATE TRIGGER {_TRIGGER}_alias_au AFTER UPDATE ON person_alias "
    f"BEGIN {_mark('old.person_id')}{_mark('new.person_id')}END",
    f"CREATE TRIGGER {_TRIGGER}_alias_ad AFTER DELETE ON person_alias "
    f"BEGIN {_mark('old.person_id')}END",
    f"CREATE TRIGGER {_TRIGGER}_organisation_au AFTER UPDATE OF name_key ON organisation "
    f"WHEN (old.name_key = '') IS NOT (new.name_key = '') BEGIN INSERT INTO {DIRTY_TABLE}(person_id) "
    f"SELECT id FROM person WHERE organisation_id = new.id; END",
    f"CREATE TRIGGER {_TRIGGER}_organisation_ad AFTER DELETE ON organisation BEGIN "
    f"INSERT INTO {DIRTY_TABLE}(person_id) SELECT id FROM person WHERE organisation_id = old.id; END",
]

PG_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION mission_desk_{_FAMILY}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF TG_TABLE_NAME = 'person' THEN "
    f"IF TG_OP = 'DELETE' THEN {_mark('OLD.id')}ELSE {_mark('NEW.id')}END IF; "
    "ELSIF TG_TABLE_NAME = 'person_alias' THEN "
    f"IF TG_OP <> 'INSERT' THEN {_mark('OLD.person_id')}END IF; "
    f"IF TG_OP <> 'DELETE' THEN {_mark('NEW.person_id')}END IF; "
    f"ELSE INSERT INTO {DIRTY_TABLE}(person_id) SELECT id FROM person WHERE organisation_id = OLD.id; "
    "END IF; RETURN NULL; END $$"
)
_PG_RUN = f"FOR EACH ROW EXECUTE FUNCTION mission_desk_{_FAMILY}()"
PG_TRIGGERS: list[str] = [
    f"CREATE TRIGGER {_TRIGGER}_person_aid AFTER INSERT OR DELETE ON person {_PG_RUN}",
    f"CREATE TRIGGER {_TRIGGER}_person_au AFTER UPDATE OF {', '.join(_PERSON_COLUMNS)} ON person "
    f"FOR EACH ROW WHEN ({' OR '.join(f'OLD.{c} IS DISTINCT FROM NEW.{c}' for c in _PERSON_COLUMNS)}) "
    f"EXECUTE FUNCTION mission_desk_{_FAMILY}()",
    f"CREATE TRIGGER {_TRIGGER}_alias AFTER INSERT OR UPDATE OR DELETE ON person_alias {_PG_RUN}",
    f"CREATE TRIGGER {_TRIGGER}_organisation_au AFTER UPDATE OF name_key ON organisation "
    "FOR EACH ROW WHEN ((OLD.name_key = '') IS DISTINCT FROM (NEW.name_key = '')) "
    f"EXECUTE FUNCTION mission_desk_{_FAMILY}()",
    f"CREATE TRIGGER {_TRIGGER}_organisation_ad AFTER DELETE ON organisation {_PG_RUN}",
]


# The trigger an insert of people fires row by row (SQLite): suspended by a bulk insert whose
# people are keyed, or listed, in one statement after it (:func:`people_keyed_in_bulk`).
BULK_SUSPENDED = SQLITE_TRIGGERS[0]


@contextmanager
def people_keyed_in_bulk(conn: Connection) -> Iterator[None]:
    """On SQLite, people inserted inside the block are not listed one by one: the caller stores
    their keys itself (:func:`store_keys` with them in ``known``). Call inside the transaction
    that inserts them: DDL is transactional in SQLite, so a failure puts the trigger back with
    the rows (and :func:`is_sound` sees a trigger still missing: everyone is read, then keyed).
    Elsewhere (PostgreSQL) the trigger stays."""
    if conn.dialect.name != "sqlite":
        yield
        return
    name = BULK_SUSPENDED.split()[2]
    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
    except BaseException:
        with suppress(Exception):
            conn.exec_driver_sql(BULK_SUSPENDED.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
        raise
    conn.exec_driver_sql(BULK_SUSPENDED)


def trigger_names(dialect: str) -> list[str]:
    return [sql.split()[2] for sql in (PG_TRIGGERS if dialect == "postgresql" else SQLITE_TRIGGERS)]


# ----------------------------------------------------------------------------- keys of one person

def _code(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8)
                          .digest(), "big", signed=True)


def key_codes(forms: IdentityForms) -> set[int]:
    """The hashed keys under which ``forms`` is found: every ``(family, given)`` name, native
    name and spelling form (romanised or romanisation) — what ``PeopleIndex.same_name`` and
    ``look_alike`` look up."""
    texts = [f"n\x1f{family}\x1f{given}" for family, given in forms.names]
    texts += [f"j\x1f{native}" for native in forms.natives]
    texts += [f"f\x1f{form}" for form in forms.latin | forms.romanised]
    return {_code(t) for t in texts}


Keyed = tuple[set[int], bool]  # a person's key codes, and whether they are open


def keyed(forms: IdentityForms) -> Keyed:
    return key_codes(forms), is_open(forms)


def is_open(forms: IdentityForms) -> bool:
    """Without an e-mail or an organisation: a candidate for every row with this name."""
    return not forms.emails or not forms.organisation


def prune_at_other_organisations(threshold: int) -> bool:
    """True when nobody at another organisation, with other e-mails, can reach ``threshold``
    on a name alone: a row with an e-mail and an organisation then needs only the ``open``
    people of its keys (the others it can neither update nor propose)."""
    return best_score(organisation="different", emails_differ=True) < threshold


# ----------------------------------------------------------------------------- reading

T = TypeVar("T")


def batches(values: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _objects(conn: Connection) -> dict[str, str]:
    """Our triggers of any format (name → table) and our tables (name → name) in the database."""
    if conn.dialect.name == "postgresql":
        found = {r[0]: r[1] for r in conn.execute(sa.text(
            "SELECT tgname, tgrelid::regclass::text FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgname LIKE :p"), {"p": f"{_FAMILY}%"})}
        found.update((r[0], r[0]) for r in conn.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename IN (:k, :d)"), {"k": KEY_TABLE, "d": DIRTY_TABLE}))
        return found
    return {r[0]: r[1] for r in conn.execute(sa.text(
        "SELECT name, tbl_name FROM sqlite_master WHERE name LIKE :p OR name IN (:k, :d)"),
        {"p": f"{_FAMILY}%", "k": KEY_TABLE, "d": DIRTY_TABLE})}


def is_sound(conn: Connection) -> bool:
    """The stored keys can be trusted: the tables and every trigger of this :data:`FORMAT`
    are there (a trigger's name carries its format: older keys mean other names)."""
    return {KEY_TABLE, DIRTY_TABLE, *trigger_names(conn.dialect.name)} <= set(_objects(conn))


@dataclass
class Wanted:
    """What the rows of an import can match by (each a set of values from the rows)."""

    emails: set[str] = field(default_factory=set)
    externals: set[str] = field(default_factory=set)
    organisations: set[str] = field(default_factory=set)  # organisation keys
    uuids: set[str] = field(default_factory=set)  # people chosen in the preview
    keys: set[int] = field(default_factory=set)  # every person with one of these
    open_keys: set[int] = field(default_factory=set)  # the open people with one of these


def people_to_read(conn: Connection, wanted: Wanted, event_id: int, source: str) -> set[int]:
    """The ids of everyone an import with rows like ``wanted`` may match, update or propose:
    the same e-mail (primary or alias), registration key, organisation or chosen uuid, one of
    the keys (open people only for ``open_keys``), and every person whose keys are not current.
    Call only when :func:`is_sound`."""
    from planner.storage.models import Organisation, Person, PersonAlias, PersonExternalId

    if conn.execute(sa.select(Person.id).limit(1)).first() is None:
        return set()  # nobody in the file yet
    ids: set[int] = {r[0] for r in conn.execute(sa.select(dirty_table.c.person_id).distinct())}

    def collect(query: Any, column: Any, values: Iterable[Any]) -> None:
        for batch in batches(sorted(values)):
            ids.update(r[0] for r in conn.execute(query.where(column.in_(batch))))

    collect(sa.select(Person.id), Person.email_key, wanted.emails)
    collect(sa.select(PersonAlias.person_id).where(PersonAlias.kind == "email"), PersonAlias.key,
            wanted.emails)
    if source:
        collect(sa.select(PersonExternalId.person_id).where(
            PersonExternalId.source == source, PersonExternalId.event_id == event_id),
            PersonExternalId.value, wanted.externals)
    collect(sa.select(Person.id).join(Organisation, Organisation.id == Person.organisation_id),
            Organisation.name_key, wanted.organisations)
    collect(sa.select(Person.id), Person.uuid, wanted.uuids)
    collect(sa.select(keys_table.c.person_id), keys_table.c.key, wanted.keys)
    collect(sa.select(keys_table.c.person_id).where(keys_table.c.open.is_(True)),
            keys_table.c.key, wanted.open_keys - wanted.keys)
    return ids


# ----------------------------------------------------------------------------- writing

def _install(conn: Connection) -> None:
    """Put this format's triggers in place of any, forget every key, list everyone as dirty."""
    postgres = conn.dialect.name == "postgresql"
    for name, table in _objects(conn).items():
        if name.startswith(_FAMILY):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}" if postgres
                                 else f"DROP TRIGGER IF EXISTS {name}")
    if postgres:
        conn.exec_driver_sql(PG_FUNCTION)
    for sql in PG_TRIGGERS if postgres else SQLITE_TRIGGERS:
        conn.exec_driver_sql(sql)
    conn.execute(keys_table.delete())
    conn.execute(dirty_table.delete())
    conn.execute(dirty_table.insert().from_select(
        ["person_id"], sa.select(sa.table("person", sa.column("id")).c.id)))


def store_keys(conn: Connection, known: dict[int, Keyed], *,
               read: Callable[[Connection, list[int]], dict[int, IdentityForms]],
               cached: Callable[[int], IdentityForms | None] | None = None) -> int:
    """Store the current keys of everyone listed as dirty, and of the people in ``known``
    (person id → their keys as now written: the people an import just added).

    Claims the dirty list (``DELETE … RETURNING``: a write that lands meanwhile lists its person
    again). A claimed person's forms come from ``cached(id)`` when it has them (forms read in
    this same transaction, the person unchanged since), else from ``read(conn, ids)``; people no
    longer in the file just lose their keys. When the cache was not sound, puts the triggers
    back and keys everyone. Returns how many people were keyed."""
    if not is_sound(conn):
        try:
            with conn.begin_nested():
                _install(conn)
        except DBAPIError:  # a team editor may not create triggers: reading everyone goes on
            log.warning("The people's name keys cannot be rebuilt by this database role: "
                        "imports read everyone until the owner upgrades the schema")
            return 0
    listed = sa.select(dirty_table.c.person_id)
    conn.execute(keys_table.delete().where(keys_table.c.person_id.in_(listed)))
    claimed = {r[0] for r in conn.execute(
        dirty_table.delete().returning(dirty_table.c.person_id))}
    unlisted = sorted(set(known) - claimed)  # (only when a trigger was not there)
    for batch in batches(unlisted, 900):
        conn.execute(keys_table.delete().where(keys_table.c.person_id.in_(batch)))
    todo = dict(known)
    unread: list[int] = []
    for pid in sorted(claimed - set(known)):
        found = cached(pid) if cached is not None else None
        if found is None:
            unread.append(pid)
        else:
            todo[pid] = keyed(found)
    if unread:
        todo.update((pid, keyed(forms)) for pid, forms in read(conn, unread).items())
    rows: list[dict[str, Any]] = [{"person_id": pid, "key": code, "open": open_}
                                  for pid, (codes, open_) in todo.items() for code in codes]
    for start in range(0, len(rows), 20_000):
        insert_many(conn, keys_table, rows[start:start + 20_000])
    return len(todo)
