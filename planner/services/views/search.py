"""Queries behind the big tables and the global search: ids first, rows by page, SQL does the work.

A table of 100,000 people cannot be loaded row by row as ORM objects. The GUI asks for the ids
matching a filter in a sort order (one narrow query), then fetches the rows it is about to show,
a page at a time, as plain :class:`PersonRow` / :class:`OrganisationRow` values.

People are filtered through the FTS5 search index (:mod:`planner.storage.search_index`): a
typed string of 3 or more characters matches anywhere in a name, native name, reading, e-mail
or organisation name (case-insensitive in every script); 1–2 characters match the start of a
word ("ya" finds Yamada, "山" finds 山田 太郎). On a PostgreSQL server the same text is matched
with ``ILIKE`` / a word-start pattern over ``pg_trgm`` indexes (one interface: the dialect of the
session picks the SQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any

from sqlalchemy import Select, Text, cast, column, func, literal, literal_column, or_, select, table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.functions import GenericFunction

from planner.domain.names import display_name
from planner.domain.rows import OrganisationRow, PersonRow
from planner.services.people.people import event_person_ids
from planner.storage.models import (
    Meeting,
    MeetingAttendee,
    Organisation,
    OrganisationTag,
    Person,
    Room,
    Tag,
)
from planner.storage.search_index import PG_PERSON_TEXT, match_query, server_word_pattern


class _NoCase(GenericFunction[str]):
    """A sort key that ignores case: ``COLLATE NOCASE`` on SQLite; on PostgreSQL ``lower()`` in
    the "C" collation (code-point order, as SQLite sorts)."""

    name = "md_nocase"
    type = Text()
    inherit_cache = True


@compiles(_NoCase)
def _nocase_sqlite(element: _NoCase, compiler: Any, **kw: Any) -> str:
    return f"{compiler.process(next(iter(element.clauses)), **kw)} COLLATE NOCASE"


@compiles(_NoCase, "postgresql")
def _nocase_postgresql(element: _NoCase, compiler: Any, **kw: Any) -> str:
    return f'lower({compiler.process(next(iter(element.clauses)), **kw)}) COLLATE "C"'


def _nocase(column: Any) -> Any:
    return _NoCase(column)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


PERSON_SORTS: dict[str, Sequence[Any]] = {
    "name": (_nocase(Person.family_name), _nocase(Person.given_name)),
    "native_name": (Person.native_name,),
    "organisation": (_nocase(func.coalesce(Organisation.name, "")),),
    "job_title": (_nocase(Person.job_title),),
    "email": (Person.email_key,),
    "country": (Person.country,),
}
ORGANISATION_SORTS: dict[str, Sequence[Any]] = {
    "name": (Organisation.name_key,),
    "native_name": (Organisation.native_name,),
    "kind": (Organisation.kind,),
    "country": (Organisation.country,),
    "city": (_nocase(Organisation.city),),
}


def _contains(col: Any, like: str, dialect: str) -> ColumnElement[bool]:
    """``col LIKE like`` on SQLite (case-insensitive for ASCII); ``ILIKE`` on a server, whose
    ``LIKE`` is case-sensitive."""
    if dialect == "sqlite":
        return col.like(like, escape="\\")
    return col.ilike(like, escape="\\")


def _like(text: str) -> str:
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def person_search_ids(text: str, dialect: str = "sqlite") -> Select[Any] | None:
    """The ids of the people whose searchable text matches ``text`` (None: no filter)."""
    if dialect != "sqlite":
        return _server_search_ids(text)
    query = match_query(text)
    if query is None:
        return None
    name, expression = query
    index = table(name, column("rowid"))
    return select(index.c.rowid).where(literal_column(name).op("MATCH")(expression))


def _server_search_ids(text: str) -> Select[Any] | None:
    """PostgreSQL: the FTS5 rules with ``ILIKE`` (3+ characters: anywhere in the text or the
    organisation's name) and a word-start pattern (1–2 characters), both served by ``pg_trgm``."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    person_text: ColumnElement[str] = literal_column(PG_PERSON_TEXT)
    if len(cleaned) >= 3:
        like = _like(cleaned)
        return select(Person.id).where(or_(
            person_text.ilike(like, escape="\\"),
            Person.organisation_id.in_(select(Organisation.id)
                                       .where(Organisation.name.ilike(like, escape="\\")))))
    pattern = server_word_pattern(cleaned)
    return select(Person.id).where(or_(
        person_text.regexp_match(pattern, flags="i"),
        Person.organisation_id.in_(select(Organisation.id)
                                   .where(Organisation.name.regexp_match(pattern, flags="i")))))


def _person_filter(stmt: Select[Any], text: str, dialect: str) -> Select[Any]:
    matching = person_search_ids(text, dialect)
    return stmt if matching is None else stmt.where(Person.id.in_(matching))


def person_order(session: Session, *, sort: str = "name", descending: bool = False) -> list[int]:
    """Every person id in the order of ``sort`` (the unfiltered table)."""
    return person_ids(session, sort=sort, descending=descending)


def _id_set(session: Session, stmt: Select[Any]) -> set[int]:
    """The ids ``stmt`` selects, as one comma-separated string: tens of thousands of ids without
    a row object each (the allocations would also wake the garbage collector mid-keystroke)."""
    ids = stmt.subquery()
    if _dialect(session) == "sqlite":
        joined = session.scalar(select(func.group_concat(ids.c[0])))
    else:
        joined = session.scalar(select(func.string_agg(cast(ids.c[0], Text), ",")))
    return set(map(int, joined.split(","))) if joined else set()


def person_matches(session: Session, text: str, *, event_id: int | None = None) -> set[int]:
    """The ids of the people matching ``text``, unordered (straight from the index, no sort)."""
    matching = person_search_ids(text, _dialect(session))
    found = _id_set(session, select(Person.id) if matching is None else matching)
    if event_id is not None:
        found &= set(event_person_ids(session, event_id))
    return found


def person_ids(session: Session, *, text: str = "", sort: str = "name", descending: bool = False,
               event_id: int | None = None) -> list[int]:
    """Ids of the people matching ``text`` in the order of ``sort`` (one query, no rows)."""
    stmt = select(Person.id)
    if sort == "organisation":
        stmt = stmt.outerjoin(Organisation, Person.organisation_id == Organisation.id)
    stmt = _person_filter(stmt, text, _dialect(session))
    if event_id is not None:
        stmt = stmt.where(Person.id.in_(list(event_person_ids(session, event_id))))
    keys = [k.desc() if descending else k for k in PERSON_SORTS.get(sort, PERSON_SORTS["name"])]
    stmt = stmt.order_by(*keys, Person.id.desc() if descending else Person.id)
    return list(session.scalars(stmt))


def person_rows(session: Session, ids: Sequence[int]) -> dict[int, PersonRow]:
    """The rows for ``ids`` (any order), built straight from columns, not ORM objects."""
    result: dict[int, PersonRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        stmt = (select(Person.id, Person.uuid, Person.given_name, Person.family_name, Person.name_order,
                       Person.native_name, Person.email, func.coalesce(Organisation.name, ""),
                       Person.job_title, Person.country)
                .outerjoin(Organisation, Person.organisation_id == Organisation.id)
                .where(Person.id.in_(chunk)))
        for pid, uuid, given, family, order, native, email, org, job, country in session.execute(stmt):
            name = display_name(given, family, order) or native
            result[pid] = PersonRow(pid, uuid, given, family, order.value, native, email, org, job,
                                    country, name)
    return result


def organisation_ids(session: Session, *, text: str = "", sort: str = "name",
                     descending: bool = False) -> list[int]:
    stmt = select(Organisation.id)
    if text.strip():
        like, dialect = _like(text), _dialect(session)
        stmt = stmt.where(or_(_contains(Organisation.name_key, like, dialect),
                              _contains(Organisation.name, like, dialect),
                              _contains(Organisation.native_name, like, dialect),
                              _contains(Organisation.city, like, dialect)))
    keys = [k.desc() if descending else k for k in ORGANISATION_SORTS.get(sort, ORGANISATION_SORTS["name"])]
    stmt = stmt.order_by(*keys, Organisation.id.desc() if descending else Organisation.id)
    return list(session.scalars(stmt))


def organisation_rows(session: Session, ids: Sequence[int]) -> dict[int, OrganisationRow]:
    result: dict[int, OrganisationRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        counts = dict(session.execute(
            select(Person.organisation_id, func.count()).where(Person.organisation_id.in_(chunk))
            .group_by(Person.organisation_id)).all())
        tags: dict[int, list[str]] = {}
        for oid, name in session.execute(select(OrganisationTag.organisation_id, Tag.name).join(Tag)
                                         .where(OrganisationTag.organisation_id.in_(chunk))):
            tags.setdefault(oid, []).append(name)
        stmt = select(Organisation.id, Organisation.uuid, Organisation.name, Organisation.native_name,
                      Organisation.kind, Organisation.country).where(Organisation.id.in_(chunk))
        for oid, uuid, name, native, kind, country in session.execute(stmt):
            result[oid] = OrganisationRow(oid, uuid, name, native, kind.value, country,
                                          tuple(sorted(tags.get(oid, ()))), counts.get(oid, 0))
    return result


class FilteredIds:
    """Ids for a big table: the full order is sorted in SQL once per sort key and kept; a filter
    runs as one narrow SQL scan (no ORDER BY) and keeps the cached order. Call :meth:`forget`
    whenever the data changes."""

    def __init__(self, order: Any, matches: Any) -> None:
        self._order = order  # (session, sort, descending) -> list[int]
        self._matches = matches  # (session, text) -> set[int]
        self._orders: dict[tuple[str, bool], list[int]] = {}
        self._positions: dict[int, int] = {}

    def forget(self) -> None:
        self._orders.clear()
        self._positions = {}

    def ids(self, session: Session, text: str, sort: str, descending: bool) -> list[int]:
        key = (sort, descending)
        if key not in self._orders:
            order = self._order(session, sort, descending)
            self._orders = {key: order}  # keep one order in memory
            self._positions = {ident: n for n, ident in enumerate(order)}
        order = self._orders[key]
        if not text.strip():
            return list(order)
        matched = self._matches(session, text)
        positions = self._positions
        if len(matched) * 8 < len(order):  # few matches: sort them by their place in the order
            return sorted((i for i in matched if i in positions), key=positions.__getitem__)
        mask = bytearray(len(order))  # many: mark their places, then one C-speed pass
        for ident in matched:
            place = positions.get(ident)
            if place is not None:
                mask[place] = 1
        return list(compress(order, mask))


def people_filtered_ids(event_id: int | None = None) -> FilteredIds:
    return FilteredIds(
        lambda s, sort, desc: person_ids(s, sort=sort, descending=desc, event_id=event_id),
        lambda s, text: person_matches(s, text, event_id=event_id))


def organisations_filtered_ids() -> FilteredIds:
    return FilteredIds(
        lambda s, sort, desc: organisation_ids(s, sort=sort, descending=desc),
        lambda s, text: set(organisation_ids(s, text=text)))


@dataclass(frozen=True)
class SearchHit:
    """One result of the global search: what it is, its id, and two lines of text."""

    kind: str  # "person", "organisation", "meeting"
    id: int
    title: str
    detail: str


def search_all(session: Session, text: str, *, limit: int = 20, event_id: int | None = None) -> list[SearchHit]:
    """People, organisations and meetings whose names, e-mails or counterparts match ``text``."""
    if not text.strip():
        return []
    hits: list[SearchHit] = []
    ids = person_ids(session, text=text)[:limit]
    for row in (person_rows(session, ids).get(i) for i in ids):
        if row is not None:
            native = f" ({row.native_name})" if row.native_name and row.native_name != row.display_name else ""
            hits.append(SearchHit("person", row.id, row.display_name + native,
                                  " · ".join(p for p in (row.organisation, row.email) if p)))
    org_ids = organisation_ids(session, text=text)[:limit]
    for org in (organisation_rows(session, org_ids).get(i) for i in org_ids):
        if org is not None:
            hits.append(SearchHit("organisation", org.id, org.name,
                                  " · ".join(p for p in (org.native_name, org.country, org.kind) if p)))
    hits += _meeting_hits(session, text, limit, event_id)
    return hits


def _meeting_hits(session: Session, text: str, limit: int, event_id: int | None) -> list[SearchHit]:
    like, dialect = _like(text), _dialect(session)
    counterpart_match = (
        select(MeetingAttendee.meeting_id).join(Person, Person.id == MeetingAttendee.person_id)
        .where(or_(_contains(Person.family_name, like, dialect),
                   _contains(Person.given_name, like, dialect),
                   _contains(Person.native_name, like, dialect))))
    stmt = (select(Meeting.id, Meeting.start_local, func.coalesce(Room.name, literal("")),
                   Meeting.status, func.coalesce(Organisation.name, literal("")), Meeting.objective)
            .outerjoin(Organisation, Organisation.id == Meeting.counterpart_organisation_id)
            .outerjoin(Room, Room.id == Meeting.room_id)
            .where(or_(_contains(Organisation.name, like, dialect),
                       _contains(Meeting.objective, like, dialect),
                       Meeting.id.in_(counterpart_match)))
            .order_by(Meeting.start_utc).limit(limit))
    if event_id is not None:
        stmt = stmt.where(Meeting.event_id == event_id)
    return [SearchHit("meeting", mid, f"Meeting with {org or 'counterpart'}",
                      f"{start:%a %d %b %H:%M} · {location} · {status.value}".replace(" ·  ·", " ·"))
            for mid, start, location, status, org, _objective in session.execute(stmt)]
