"""Writing matched people: bulk inserts for new rows, ORM updates for existing people.

New organisations, people, delegates and event contacts go in with one ``executemany`` per
batch (no per-row queries; on SQLite straight through the driver, see
:mod:`~planner.imports.people.fast_insert`), the people's name keys last; the caller's
transaction (and a savepoint around the whole write) makes the import all or nothing. ``cancel()`` is checked between batches.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from planner.domain.enums import DelegateRole, LawfulBasis
from planner.domain.timezones import utc_now
from planner.errors import Cancelled
from planner.identity.forms import IdentityForms
from planner.imports.people import name_keys
from planner.imports.people.collector import collector_paused
from planner.imports.people.fast_insert import insert_many
from planner.imports.people.index import read_forms
from planner.imports.people.plan import PeopleMatch
from planner.imports.table import CancelFn, ProgressFn
from planner.services.events.delegations import event_delegation
from planner.storage import search_index
from planner.storage.models import (
    Delegate,
    Event,
    EventContact,
    Organisation,
    Person,
    PersonAlias,
    PersonExternalId,
    new_uuid,
)

BATCH = 2000
T = TypeVar("T")


def _batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _check(cancel: CancelFn | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled("Import cancelled: nothing was changed.")


def write_people(session: Session, event: Event, match: PeopleMatch, source: str, *,
                 progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> int:
    """Write ``match``; returns the number of organisations added.

    On disk trouble (a full disk, an I/O error) the error raised is the storage layer's
    :class:`~planner.storage.engine.SaveError`, whose message says what happened; the caller's
    savepoint and transaction roll back and the file is unchanged.
    """
    try:
        with collector_paused():
            return _write_people(session, event, match, source, progress=progress, cancel=cancel)
    except BaseException:
        _reopen_lost_savepoints(session)
        raise


def _reopen_lost_savepoints(session: Session) -> None:
    """After some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM) SQLite rolls the whole
    transaction back by itself, and its savepoints go with it. The caller's savepoint block
    would then fail on ``ROLLBACK TO SAVEPOINT`` ("no such savepoint"), and that error would
    hide the disk's message. When the connection is no longer in a transaction, open the
    savepoints SQLAlchemy still counts on again (empty: everything was already undone), so
    each rollback runs as written and the original error reaches the user."""
    try:
        conn = session.connection()
        raw: Any = conn.connection.dbapi_connection
        if raw is None or raw.in_transaction:
            return
        names: list[str] = []
        nested: Any = conn.get_nested_transaction()
        while nested is not None:
            name = getattr(nested, "_savepoint", None)
            if isinstance(name, str) and name.isidentifier():
                names.append(name)
            nested = getattr(nested, "_previous_nested", None)
        for name in reversed(names):  # outermost first
            raw.execute(f"SAVEPOINT {name}")
    except Exception:  # never replace the error being raised
        return


def _write_people(session: Session, event: Event, match: PeopleMatch, source: str, *,
                  progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> int:
    conn = session.connection()
    now = utc_now()
    total = len(match.writes) + len(match.new_organisations)
    done = 0
    org_ids = dict(match.organisation_ids)
    first_org = _max_id(conn, Organisation.__table__)
    first_person = _max_id(conn, Person.__table__)
    new_orgs: list[dict[str, Any]] = [{"uuid": new_uuid(), "created_at": now, "updated_at": now, "name": name,
                 "name_key": key, "native_name": "", "kind": "company", "country": "", "city": "",
                 "website": "", "profile": ""} for key, name in match.new_organisations.items()]
    org_table = Organisation.__table__
    for batch in _batches(new_orgs):
        _check(cancel)
        insert_many(conn, org_table, batch)  # type: ignore[arg-type]
        done += len(batch)
        if progress is not None:
            progress(done, total)
    if new_orgs:
        wanted = {row["uuid"]: row["name_key"] for row in new_orgs}
        for oid, ouuid in _ids_since(conn, org_table, first_org):
            if ouuid in wanted:
                org_ids[wanted[ouuid]] = oid
    new_people = [w for w in match.writes if w.existing is None]
    person_rows: list[dict[str, Any]] = []
    for w in new_people:
        r = w.record
        person_rows.append({
            "uuid": new_uuid(), "created_at": now, "updated_at": now,
            "given_name": r.given_name, "family_name": r.family_name,
            "name_order": r.name_order.value, "native_name": r.native_name, "native_reading": "",
            "title": "", "job_title": r.job_title,
            "organisation_id": org_ids.get(r.organisation_key) if r.organisation_key else None,
            "email": r.email, "email_key": r.email_key, "phone": r.phone, "mobile": "",
            "country": r.country, "language": "", "notes": r.notes,
            "lawful_basis": (r.lawful_basis or LawfulBasis.UNKNOWN).value,
            "lead_sharing_consent": bool(r.consent),
        })
    table = Person.__table__
    with _indexed_in_bulk(conn, first_person, bool(person_rows)), _keyed_in_bulk(conn, person_rows):
        for batch in _batches(person_rows):
            _check(cancel)
            insert_many(conn, table, batch)  # type: ignore[arg-type]
            done += len(batch)
            if progress is not None:
                progress(done, total)
    ids_by_uuid = dict((u, i) for i, u in _ids_since(conn, table, first_person)) \
        if person_rows else {}
    person_ids = {n: ids_by_uuid[row["uuid"]] for n, row in enumerate(person_rows)}
    existing_writes = [w for w in match.writes if w.existing is not None]
    if existing_writes:
        _check(cancel)
        _update_existing(session, existing_writes, org_ids)
    delegates: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    index_of = {id(w): i for i, w in enumerate(new_people)}
    delegation_id: int | None = None
    for w in match.writes:
        pid = w.existing.id if w.existing is not None else person_ids[index_of[id(w)]]
        if w.link == "delegate":
            if delegation_id is None:
                delegation_id = event_delegation(session, event, create=True).id
            delegates.append({
                "uuid": new_uuid(), "created_at": now, "updated_at": now,
                "delegation_id": delegation_id, "person_id": pid,
                "role": (w.record.role or DelegateRole.DELEGATE).value,
                "arrival": None, "arrival_flight": "", "departure": None, "departure_flight": "",
                "hotel": "", "dietary": w.record.dietary, "access_needs": "",
                "interpreter_language": "", "emergency_contact": "", "notes": "",
            })
        elif w.link == "contact":
            contacts.append({"uuid": new_uuid(), "created_at": now, "updated_at": now,
                             "event_id": event.id, "person_id": pid, "source": source[:100]})
    aliases: list[dict[str, Any]] = []
    external_ids: list[dict[str, Any]] = []
    for w in match.writes:
        pid = w.existing.id if w.existing is not None else person_ids[index_of[id(w)]]
        for kind, value, given, family, key in w.aliases:
            aliases.append({"uuid": new_uuid(), "created_at": now, "updated_at": now,
                            "person_id": pid, "kind": kind.value, "value": value[:320],
                            "given_name": given[:200], "family_name": family[:200],
                            "key": key[:320], "source": f"import: {source}"[:100]})
        for value in sorted(w.external_ids):
            external_ids.append({"uuid": new_uuid(), "created_at": now, "updated_at": now,
                                 "person_id": pid, "source": match.source[:50],
                                 "event_id": event.id, "value": value[:200]})
    for rows, model in ((delegates, Delegate), (contacts, EventContact),
                        (aliases, PersonAlias), (external_ids, PersonExternalId)):
        for batch in _batches(rows, 5000):
            _check(cancel)
            insert_many(conn, model.__table__, batch)  # type: ignore[arg-type]
    _check(cancel)
    _store_name_keys(conn, match, {person_ids[n]: w.stored_keys() for n, w in enumerate(new_people)},
                     {w.existing.id for w in existing_writes if w.existing is not None})
    if progress is not None:
        progress(total, total)
    return len(new_orgs)


def _indexed_in_bulk(conn: Connection, after_id: int, any_rows: bool) -> AbstractContextManager[None]:
    """On SQLite, the new people go into the search index in one statement per index at the
    end, not row by row (:func:`planner.storage.search_index.people_indexed_in_bulk`); on
    PostgreSQL the trigram indexes are the server's own and need nothing."""
    if not any_rows or conn.dialect.name != "sqlite":
        return nullcontext()
    return search_index.people_indexed_in_bulk(conn.exec_driver_sql, after_id)


def _store_name_keys(conn: Connection, match: PeopleMatch, new_keys: dict[int, name_keys.Keyed],
                     touched: set[int]) -> None:
    """Keep the stored name keys current: the new people's from their rows, the others' listed
    as changed (this import's updates among them) read again. On SQLite the forms the match read
    in this transaction are reused for people it did not touch (a snapshot: nobody else wrote
    since); on PostgreSQL another session may have, so they are read again."""
    cached = None
    if conn.dialect.name == "sqlite":
        def cached(pid: int) -> IdentityForms | None:
            person = match.read.get(pid)
            return person.forms if person is not None and pid not in touched else None
    name_keys.store_keys(conn, new_keys, read=read_forms, cached=cached)


def _keyed_in_bulk(conn: Connection, any_rows: Any) -> AbstractContextManager[None]:
    """The new people's name keys are stored from their rows at the end
    (:func:`_store_name_keys`): no need to list them one by one as they go in."""
    return name_keys.people_keyed_in_bulk(conn) if any_rows else nullcontext()


def _max_id(conn: Connection, table: Any) -> int:
    return int(conn.execute(select(func.max(table.c.id))).scalar() or 0)


def _ids_since(conn: Connection, table: Any, after: int) -> list[tuple[int, str]]:
    """``(id, uuid)`` of the rows inserted after id ``after`` (portable: no RETURNING, and
    the uuids say which rows are ours)."""
    return [(i, u) for i, u in conn.execute(select(table.c.id, table.c.uuid)
                                            .where(table.c.id > after))]


def _update_existing(session: Session, writes: list[Any], org_ids: dict[str, int]) -> None:
    ids = [w.existing.id for w in writes]
    people: dict[int, Person] = {}
    for batch in _batches(ids, 500):
        for person in session.scalars(select(Person).where(Person.id.in_(batch))):
            people[person.id] = person
    for w in writes:
        person = people[w.existing.id]
        changes = dict(w.changes)
        if w.new_organisation and person.organisation_id is None:
            changes["organisation_id"] = org_ids[w.new_organisation]
        for name, value in changes.items():
            if getattr(person, name) != value:
                setattr(person, name, value)
    session.flush()
