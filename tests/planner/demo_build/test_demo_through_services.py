"""House rule: the demo is built through the services a user has; anything it shows, a user can do.

Two halves: the demo package holds no way to write a table itself (so a later commit cannot
sneak raw writes back), and every row the demo made is one the user's own services accept
unchanged (each record's stored fields, put through the value function of the one-record
service — ``add_person``'s, ``add_meeting``'s … — come back the same).
"""

from __future__ import annotations

import ast
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

import planner.demo
from planner.demo import DEMO_EVENT_CODE
from planner.errors import Problems
from planner.services.events.delegations import DELEGATE_FIELDS, delegate_values
from planner.services.events.events import get_event
from planner.services.events.places import check_room_fields
from planner.services.followup.followups import follow_up_values, lead_values, outcome_values
from planner.services.people.people import (
    ORG_FIELDS,
    PERSON_FIELDS,
    organisation_values,
    person_values,
)
from planner.services.schedule.meetings import check_meeting
from planner.services.schedule.slots import check_slot
from planner.storage.database import Database
from planner.storage.models import (
    Delegate,
    FollowUp,
    Lead,
    Meeting,
    MeetingAttendee,
    Organisation,
    Outcome,
    OutcomeTag,
    Person,
    Room,
    Slot,
    Tag,
    Venue,
)

DEMO_DIR = Path(planner.demo.__file__).parent
#: What writing a table looks like in code: none of it may appear in the demo package.
WRITES = {"insert", "text", "exec_driver_sql", "execute", "executemany", "connection",
          "bulk_save_objects", "bulk_insert_mappings", "add_all", "__table__", "RowBuffer"}
#: All the demo may ask of a Session itself (it hands the session to services for the rest).
SESSION_READS = {"scalar", "scalars", "get"}


def _names_used(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.ImportFrom):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ClassDef | ast.FunctionDef):
            names.add(node.name)
    return names


def _session_calls(tree: ast.AST) -> set[str]:
    return {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id in ("session", "s", "conn")}


def test_the_demo_package_writes_nothing_itself() -> None:
    modules = sorted(DEMO_DIR.glob("*.py"))
    assert {p.name for p in modules} >= {"builder.py", "schedule.py", "writer.py"}
    for path in modules:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        sneaky = _names_used(tree) & WRITES
        assert not sneaky, f"{path.name} writes tables itself ({', '.join(sorted(sneaky))}): use a service"
        assert _session_calls(tree) <= SESSION_READS, path.name
        assert not any(word in source.upper() for word in ("INSERT INTO", "UPDATE ", "DELETE FROM")), path.name
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                # SQL constructs come with the services; the demo may read (select), no more
                assert {a.name for a in node.names} <= {"select", "Session"}, path.name


def _fields(obj: object, names: set[str]) -> dict[str, object]:
    return {name: getattr(obj, name) for name in names}


def _unchanged(values: dict[str, object], stored: dict[str, object]) -> dict[str, tuple[object, object]]:
    return {k: (stored[k], v) for k, v in values.items() if k in stored and stored[k] != v}


def test_every_demo_record_is_one_the_user_s_services_accept_unchanged(demo_db: Database) -> None:
    with demo_db.session() as s:
        _check_people_and_organisations(s)
        _check_places_and_delegates(s)
        _check_schedule(s)
        _check_aftermath(s)


def _check_people_and_organisations(s: Session) -> None:
    people = s.scalars(select(Person)).all()
    assert len(people) > 100
    for p in people:
        stored = _fields(p, PERSON_FIELDS | {"email_key"})
        assert not _unchanged(person_values(**_fields(p, PERSON_FIELDS)), stored), p.email
    orgs = s.scalars(select(Organisation)).all()
    assert len(orgs) > 40
    for o in orgs:
        assert not _unchanged(organisation_values(**_fields(o, ORG_FIELDS)), _fields(o, ORG_FIELDS | {"name_key"}))
        assert o.tags, o.name  # every demo organisation has its sector, as the tag editor sets it


def _check_places_and_delegates(s: Session) -> None:
    for room in s.scalars(select(Room)).all():
        values = {"name": room.name, "kind": room.kind, "capacity": room.capacity}
        found = Problems()
        check_room_fields(values, found)
        assert not found.items and values["name"] == room.name, room.name
    for d in s.scalars(select(Delegate)).all():
        assert not _unchanged(delegate_values(**_fields(d, DELEGATE_FIELDS)), _fields(d, DELEGATE_FIELDS))


def _check_schedule(s: Session) -> None:
    event = get_event(s, DEMO_EVENT_CODE)
    venues = {v.id: v for v in s.scalars(select(Venue))}
    rooms = {r.id: r for r in s.scalars(select(Room))}
    attendees: dict[int, dict[str, list[int]]] = {}
    for a in s.scalars(select(MeetingAttendee)):
        attendees.setdefault(a.meeting_id, {}).setdefault(a.side.value, []).append(a.person_id)
    meetings = s.scalars(select(Meeting)).all()
    assert len(meetings) >= 140
    for m in meetings:
        extra = {"status": m.status, "objective": m.objective, "talking_points": m.talking_points,
                 "notes": m.notes, "external_ref": m.external_ref, "interpreter_needed": m.interpreter_needed,
                 "interpreter_language": m.interpreter_language}
        before = dict(extra)
        span, venue = check_meeting(event, start_local=m.start_local, end_local=m.end_local,
                                    our_ids=attendees[m.id].get("ours", []),
                                    counterpart_ids=attendees[m.id].get("counterpart", []),
                                    venue=venues.get(m.venue_id), room=rooms.get(m.room_id),
                                    start_fold=m.start_fold, end_fold=m.end_fold, extra=extra)
        assert extra == before
        assert (span.start_utc, span.end_utc, span.tz) == (m.start_utc, m.end_utc, m.tz)
        assert venue is not None and venue.id == m.venue_id
    for slot in s.scalars(select(Slot)).all():
        values, span, venue = check_slot(
            event, title=slot.title, kind=slot.kind, start_local=slot.start_local, end_local=slot.end_local,
            venue=venues.get(slot.venue_id), room=rooms.get(slot.room_id), start_fold=slot.start_fold,
            end_fold=slot.end_fold, extra={"description": slot.description, "external_ref": slot.external_ref})
        assert (values["title"], values["description"]) == (slot.title, slot.description)
        assert (span.start_utc, span.end_utc, span.tz) == (slot.start_utc, slot.end_utc, slot.tz)


def _check_aftermath(s: Session) -> None:
    tags = {t.id: t.name for t in s.scalars(select(Tag))}
    outcome_tags: dict[int, list[str]] = {}
    for link in s.scalars(select(OutcomeTag)):
        outcome_tags.setdefault(link.outcome_id, []).append(tags[link.tag_id])
    outcomes = s.scalars(select(Outcome)).all()
    assert outcomes
    for o in outcomes:
        values = outcome_values(verdict=o.verdict, rating=o.rating, notes=o.notes,
                                tags=outcome_tags.get(o.id, []))
        assert values == {"verdict": o.verdict, "rating": o.rating, "notes": o.notes,
                          "tags": outcome_tags.get(o.id, [])}
    leads = s.scalars(select(Lead)).all()
    assert leads
    for lead in leads:
        fields = {"stage": lead.stage, "value": lead.value, "currency": lead.currency, "title": lead.title,
                  "notes": lead.notes}
        assert lead_values(**fields) == fields
        assert lead.person_id is not None and lead.organisation_id is not None
    for f in s.scalars(select(FollowUp)).all():
        values = follow_up_values(description=f.description, due_date=f.due_date, status=f.status, notes=f.notes)
        assert (values["description"], values["due_date"], values["status"], values["notes"]) == (
            f.description, f.due_date, f.status, f.notes)
        assert (f.completed_at is not None) == (f.status.value == "done")
