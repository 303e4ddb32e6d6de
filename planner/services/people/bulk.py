"""Many records at once, each checked exactly as the one-record service checks it.

For importers, copies and the demo mission: ``add_organisations`` takes the rows
``add_organisation`` would take one by one, ``add_people`` those of ``add_person``, and so on.
Every row goes through the same value function the one-record service uses
(:func:`~planner.services.people.people.person_values` …), so what a bulk write stores is what the
user's own edit would have stored; then one multi-row INSERT per batch writes them (SQLAlchemy
constructs only, so the same code runs on SQLite and PostgreSQL). A bad row raises
:class:`~planner.errors.ValidationError` naming the row and the field, before anything is
written; the caller's transaction makes the whole write all or nothing.

A row may carry its record's ``uuid`` (a record copied from another plan keeps its identity);
link rows (tags, delegation organisations, attendees …) and rows without one get ``new_id()``.
"""

from __future__ import annotations

import re
import uuid as uuid_module
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from planner.domain.enums import DelegationOrgRole
from planner.domain.places import guess_room_kind, room_key
from planner.domain.timezones import utc_now
from planner.errors import FieldProblem, Problems, ValidationError
from planner.services.events.delegations import delegate_values
from planner.services.events.places import check_room_fields
from planner.services.people.people import organisation_values, person_values, tag_name
from planner.storage.models import (
    Delegate,
    Delegation,
    DelegationOrganisation,
    Organisation,
    OrganisationTag,
    Person,
    Room,
    Tag,
    Venue,
    new_uuid,
)

NewId = Callable[[], str]
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
BATCH = 1000


def batches(rows: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def row_problem(kind: str, n: int, exc: ValidationError) -> ValidationError:
    """``exc`` of row ``n`` (from 1), each message saying which row it is about."""
    return ValidationError([FieldProblem(p.field, f"{kind} {n}: {p.message}") for p in exc.problems])


def checked(kind: str, rows: Sequence[Any], check: Callable[[Any], dict[str, Any]]) -> list[dict[str, Any]]:
    """``check(row)`` for every row; the problems of all rows together, each naming its row."""
    out: list[dict[str, Any]] = []
    problems = Problems()
    for n, row in enumerate(rows, start=1):
        try:
            out.append(check(row))
        except ValidationError as exc:
            problems.items.extend(row_problem(kind, n, exc).problems)
    problems.raise_if_any()
    return out


def own_uuid(values: dict[str, Any], new_id: NewId) -> str:
    """The row's own ``uuid`` when it carries one (checked: a UUID in canonical text), else new."""
    given = values.get("uuid")
    if given is None:
        return new_id()
    if isinstance(given, str) and _CANONICAL_UUID.fullmatch(given):
        return given
    try:
        text = str(uuid_module.UUID(str(given)))
    except ValueError:
        raise ValidationError(f"{given!r} is not a UUID", "uuid") from None
    return text


def insert_rows(session: Session, model: Any, rows: list[dict[str, Any]], new_id: NewId, *,
                ids: bool = True) -> list[int]:
    """Insert ``rows`` (column values) of ``model``; returns their ids, in order (none when
    ``ids`` is false: link rows nobody refers to).

    One executemany per batch (the driver's fastest path; column defaults such as creation
    times, version and who changed it apply as for any insert). The new ids are then read back
    by uuid among the rows after the table's previous highest id: portable (no RETURNING) and
    right even when another connection inserts into the table meanwhile."""
    if not rows:
        return []
    for row in rows:
        if "uuid" not in row:
            row["uuid"] = new_id()
    if len({row["uuid"] for row in rows}) != len(rows):
        raise ValidationError(f"Two new {model.__tablename__} rows have the same id", "uuid")
    table = model.__table__
    conn = session.connection()
    before = (conn.execute(select(func.max(table.c.id))).scalar() or 0) if ids else 0
    now = utc_now()
    same_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:  # one executemany needs the same columns in every row
        same_columns.setdefault(tuple(sorted(row)), []).append({"created_at": now, "updated_at": now, **row})
    for group in same_columns.values():
        for batch in batches(group, 5000):
            conn.execute(insert(table), list(batch))
    if not ids:
        return []
    found: dict[str, int] = {ruuid: ident for ruuid, ident in conn.execute(
        select(table.c.uuid, table.c.id).where(table.c.id > before))}
    return [found[row["uuid"]] for row in rows]


def tag_ids(session: Session, names: Sequence[str], new_id: NewId = new_uuid) -> dict[str, int]:
    """The id of each tag (names as :func:`~planner.services.people.people.tag_name` stores them), made
    when missing, as :func:`~planner.services.people.people.get_or_create_tag` does."""
    wanted = [n for n in dict.fromkeys(names) if n]
    found: dict[str, int] = {name: ident for name, ident in session.execute(
        select(Tag.name, Tag.id).where(Tag.name.in_(wanted)))} if wanted else {}
    missing = [n for n in wanted if n not in found]
    found.update(zip(missing, insert_rows(session, Tag, [{"name": n} for n in missing], new_id),
                     strict=True))
    return found


def add_organisations(session: Session, rows: Sequence[dict[str, Any]], *,
                      new_id: NewId = new_uuid) -> list[int]:
    """Organisations, as :func:`~planner.services.people.people.add_organisation` adds each; a row may
    also name its sector ``tags`` (as the organisation form sets them). Returns the new ids."""

    def check(row: dict[str, Any]) -> dict[str, Any]:
        fields = {k: v for k, v in row.items() if k not in ("uuid", "tags")}
        values = organisation_values(**fields)
        values["uuid"] = own_uuid(row, new_id)
        return values

    values = checked("Organisation", rows, check)
    ids = insert_rows(session, Organisation, values, new_id)
    tags = [[t for t in dict.fromkeys(tag_name(x) for x in row.get("tags", ())) if t] for row in rows]
    by_name = tag_ids(session, [t for names in tags for t in names], new_id)
    links = [{"organisation_id": oid, "tag_id": by_name[t]} for oid, names in zip(ids, tags, strict=True)
             for t in names]
    insert_rows(session, OrganisationTag, links, new_id, ids=False)
    return ids


def add_people(session: Session, rows: Sequence[dict[str, Any]], *, new_id: NewId = new_uuid) -> list[int]:
    """People, as :func:`~planner.services.people.people.add_person` adds each (``organisation_id``
    names the organisation). Returns the new ids."""

    def check(row: dict[str, Any]) -> dict[str, Any]:
        values = person_values(**{k: v for k, v in row.items() if k != "uuid"})
        values["uuid"] = own_uuid(row, new_id)
        return values

    return insert_rows(session, Person, checked("Person", rows, check), new_id)


def add_delegation_organisations(session: Session, delegation: Delegation,
                                 links: Sequence[tuple[int, DelegationOrgRole | str]], *,
                                 new_id: NewId = new_uuid) -> None:
    """Organisations joining the delegation with a role (lead or member), as
    :func:`~planner.services.events.delegations.add_delegation_organisation` adds each; one already in
    it is refused."""
    present = set(session.scalars(select(DelegationOrganisation.organisation_id).where(
        DelegationOrganisation.delegation_id == delegation.id)))
    rows = []
    problems = Problems()
    for n, (org_id, role) in enumerate(links, start=1):
        if org_id in present:
            problems.add("organisation", f"Organisation {n}: already in the delegation")
        present.add(org_id)
        rows.append({"delegation_id": delegation.id, "organisation_id": org_id,
                     "role": DelegationOrgRole(role)})
    problems.raise_if_any()
    insert_rows(session, DelegationOrganisation, rows, new_id, ids=False)


def add_delegates(session: Session, delegation: Delegation, rows: Sequence[dict[str, Any]], *,
                  new_id: NewId = new_uuid) -> list[int]:
    """Delegates (``person_id`` plus role and logistics), as
    :func:`~planner.services.events.delegations.add_delegate` adds each; someone already in the
    delegation is refused."""
    present = set(session.scalars(select(Delegate.person_id).where(Delegate.delegation_id == delegation.id)))

    def check(row: dict[str, Any]) -> dict[str, Any]:
        person_id = row["person_id"]
        if person_id in present:
            raise ValidationError("This person is already in the delegation", "person")
        present.add(person_id)
        values = delegate_values(**{k: v for k, v in row.items() if k not in ("uuid", "person_id")})
        values.update(uuid=own_uuid(row, new_id), person_id=person_id, delegation_id=delegation.id)
        return values

    return insert_rows(session, Delegate, checked("Delegate", rows, check), new_id)


def add_rooms(session: Session, rows: Sequence[dict[str, Any]], *, new_id: NewId = new_uuid) -> list[int]:
    """Rooms, stages, booths and tables: each row names its ``venue`` (a :class:`Venue`), and
    ``name``, ``kind`` (guessed from the name when missing), ``capacity``, as
    :func:`~planner.services.events.places.add_room` adds each; a name a venue already has (here or
    earlier in ``rows``) is refused."""
    venue_ids = {row["venue"].id for row in rows}
    taken: dict[tuple[int, str], str] = {
        (vid, key): name for vid, key, name in session.execute(
            select(Room.venue_id, Room.name_key, Room.name).where(Room.venue_id.in_(venue_ids)))
    } if venue_ids else {}

    def check(row: dict[str, Any]) -> dict[str, Any]:
        venue: Venue = row["venue"]
        name = row["name"]
        values: dict[str, Any] = {"name": name, "kind": row.get("kind") or guess_room_kind(name),
                                  "capacity": row.get("capacity")}
        problems = Problems()
        check_room_fields(values, problems)
        key = room_key(values["name"])
        if key and (venue.id, key) in taken:
            problems.add("name", f"{venue.name} already has “{taken[venue.id, key]}”")
        problems.raise_if_any()
        taken[venue.id, key] = values["name"]
        values.update(uuid=own_uuid(row, new_id), venue_id=venue.id, name_key=key)
        return values

    return insert_rows(session, Room, checked("Room", rows, check), new_id)
