"""Writes a :class:`~planner.demo.plan.DemoPlan` through the services a user's edits go through.

Each kind of row goes to the bulk form of its service (:mod:`planner.services.people.bulk`,
:mod:`planner.services.schedule.schedule_bulk`, :mod:`planner.services.followup.followups_bulk`), which checks
every row as the one-record service (``add_person``, ``add_meeting`` …) would; nothing here
writes a table itself. Kinds are written in the order their references need, and each row gets
the ``id`` it was given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from planner.demo.plan import DemoPlan, Row, seeded_ids
from planner.services.followup.followups_bulk import add_follow_ups, add_leads, record_outcomes
from planner.services.people.bulk import (
    add_delegates,
    add_delegation_organisations,
    add_organisations,
    add_people,
    add_rooms,
)
from planner.services.schedule.schedule_bulk import add_meetings, add_slots
from planner.storage.models import Delegation, Event

Progress = Callable[[int, int], None]
ORG = ("uuid", "name", "native_name", "kind", "country", "city", "website", "profile", "tags")
PERSON = ("uuid", "given_name", "family_name", "name_order", "native_name", "native_reading", "title",
          "job_title", "email", "phone", "mobile", "country", "language", "notes", "lawful_basis",
          "lead_sharing_consent")
DELEGATE = ("uuid", "role", "arrival", "arrival_flight", "departure", "departure_flight", "hotel",
            "dietary", "access_needs", "interpreter_language", "emergency_contact", "notes")
SLOT = ("uuid", "title", "kind", "start_local", "end_local", "description", "external_ref")
MEETING = ("uuid", "start_local", "end_local", "status", "objective", "talking_points",
           "interpreter_needed", "interpreter_language", "notes", "external_ref")
LEAD = ("uuid", "title", "stage", "value", "currency", "notes")
FOLLOW_UP = ("description", "due_date", "status", "notes", "uuid")


def _pick(row: Row, keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: row[k] for k in keys if k in row}


def _id(row: Row | None) -> int | None:
    return row["id"] if row is not None else None


def _ids(rows: list[Row], ids: list[int]) -> None:
    for row, ident in zip(rows, ids, strict=True):
        row["id"] = ident


def write_plan(session: Session, event: Event, delegation: Delegation, plan: DemoPlan,
               progress: Progress | None = None) -> dict[str, int]:
    """Write every row of ``plan``; returns how many rows of each table it added."""
    new_id = seeded_ids(f"demo links {event.code}")
    total = sum(len(rows) for rows in plan.rows.values())
    done = 0

    def step(kind: str) -> list[Row]:
        nonlocal done
        if progress is not None:
            progress(done, total)
        rows = plan.of(kind)
        done += len(rows)
        return rows

    orgs = step("organisation")
    _ids(orgs, add_organisations(session, [_pick(o, ORG) for o in orgs], new_id=new_id))
    people = step("person")
    _ids(people, add_people(session, [{**_pick(p, PERSON), "organisation_id": p["org"]["id"]}
                                      for p in people], new_id=new_id))
    add_delegation_organisations(session, delegation, [(link["org"]["id"], link["role"])
                                                       for link in step("delegation_org")], new_id=new_id)
    rooms = step("room")
    _ids(rooms, add_rooms(session, [{"uuid": r["uuid"], "venue": r["venue"], "name": r["name"],
                                     "kind": r["kind"], "capacity": r["capacity"]} for r in rooms],
                          new_id=new_id))
    add_delegates(session, delegation, [{**_pick(d, DELEGATE), "person_id": d["person"]["id"]}
                                        for d in step("delegate")], new_id=new_id)
    slots = step("slot")
    _ids(slots, add_slots(session, event, [
        {**_pick(s, SLOT), "venue_id": s["venue"].id, "room_id": _id(s["room"]),
         "destination_venue_id": s["destination"].id if s["destination"] is not None else None,
         "organisation_id": _id(s["org"]), "presenter_ids": [p["id"] for p in s["presenters"]],
         "attendee_ids": [p["id"] for p in s["attendees"]]} for s in slots], new_id=new_id))
    meetings = step("meeting")
    _ids(meetings, add_meetings(session, event, [
        {**_pick(m, MEETING), "venue_id": m["venue"].id, "room_id": m["room"]["id"],
         "counterpart_organisation_id": m["org"]["id"], "our_ids": [p["id"] for p in m["ours"]],
         "counterpart_ids": [p["id"] for p in m["theirs"]]} for m in meetings], new_id=new_id))
    record_outcomes(session, [{"uuid": o["uuid"], "meeting_id": o["meeting"]["id"], "verdict": o["verdict"],
                               "rating": o["rating"], "notes": o["notes"], "tags": o["tags"]}
                              for o in step("outcome")], new_id=new_id)
    leads = step("lead")
    _ids(leads, add_leads(session, event, [
        {**_pick(lead, LEAD), "meeting_id": lead["meeting"]["id"], "person_id": lead["person"]["id"],
         "organisation_id": lead["org"]["id"], "member_organisation_id": lead["member_org"]["id"],
         "owner_id": lead["owner"]["id"]} for lead in leads], new_id=new_id))
    add_follow_ups(session, [{**_pick(f, FOLLOW_UP), "lead_id": f["lead"]["id"], "owner_id": f["owner"]["id"]}
                             for f in step("follow_up")], new_id=new_id)
    if progress is not None:
        progress(total, total)
    return _counts(plan)


def _counts(plan: DemoPlan) -> dict[str, int]:
    counts = {kind: len(rows) for kind, rows in plan.rows.items()}
    counts["delegation_organisation"] = counts.pop("delegation_org", 0)
    counts["organisation_tag"] = sum(len(o["tags"]) for o in plan.of("organisation"))
    counts["outcome_tag"] = sum(len(o["tags"]) for o in plan.of("outcome"))
    counts["slot_person"] = sum(len(s["presenters"]) + len(s["attendees"]) for s in plan.of("slot"))
    counts["meeting_attendee"] = sum(len(m["ours"]) + len(m["theirs"]) for m in plan.of("meeting"))
    return counts
