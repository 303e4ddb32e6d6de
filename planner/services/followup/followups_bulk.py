"""Many outcomes, leads and follow-up actions at once, each checked as the one-record service does.

:func:`record_outcomes` checks like :func:`~planner.services.followup.followups.record_outcome`,
:func:`add_leads` like :func:`~planner.services.followup.followups.add_lead`, :func:`add_follow_ups` like
:func:`~planner.services.followup.followups.add_follow_up` (they share its value functions). Rows name
records by id. See :mod:`planner.services.people.bulk` for the conventions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.errors import ValidationError
from planner.services.followup.followups import follow_up_values, lead_values, outcome_values
from planner.services.people.bulk import NewId, batches, checked, insert_rows, own_uuid, tag_ids
from planner.storage.models import Event, FollowUp, Lead, Outcome, OutcomeTag, Person, new_uuid


def record_outcomes(session: Session, rows: Sequence[dict[str, Any]], *,
                    new_id: NewId = new_uuid) -> list[int]:
    """Outcomes of meetings that have none yet: ``meeting_id``, ``verdict``, ``rating``,
    ``notes``, ``tags``. (A meeting's outcome is changed with ``record_outcome``.)"""
    meeting_ids = [row["meeting_id"] for row in rows]
    recorded: set[int] = set()
    for batch in batches(meeting_ids):
        recorded.update(session.scalars(select(Outcome.meeting_id).where(Outcome.meeting_id.in_(batch))))
    tags: list[list[str]] = []

    def check(row: dict[str, Any]) -> dict[str, Any]:
        if row["meeting_id"] in recorded:
            raise ValidationError("The meeting already has an outcome", "meeting")
        recorded.add(row["meeting_id"])
        values = outcome_values(verdict=row["verdict"], rating=row.get("rating"), notes=row.get("notes", ""),
                                tags=row.get("tags"))
        tags.append(values.pop("tags"))
        values.update(uuid=own_uuid(row, new_id), meeting_id=row["meeting_id"])
        return values

    ids = insert_rows(session, Outcome, checked("Outcome", rows, check), new_id)
    by_name = tag_ids(session, [t for names in tags for t in names], new_id)
    insert_rows(session, OutcomeTag, [{"outcome_id": oid, "tag_id": by_name[t]}
                                      for oid, names in zip(ids, tags, strict=True) for t in names], new_id, ids=False)
    return ids


LEAD_LINKS = ("person_id", "organisation_id", "meeting_id", "owner_id", "member_organisation_id")


def add_leads(session: Session, event: Event, rows: Sequence[dict[str, Any]], *,
              new_id: NewId = new_uuid) -> list[int]:
    """Leads of ``event``: the ids of ``person_id``, ``organisation_id`` (the person's
    organisation when missing), ``meeting_id``, ``owner_id``, ``member_organisation_id``, and
    ``stage``, ``value``, ``currency``, ``title``, ``notes``."""
    wanted = {row["person_id"] for row in rows if row.get("person_id") and not row.get("organisation_id")}
    org_of: dict[int, int | None] = {}
    for batch in batches(list(wanted)):
        org_of.update((pid, oid) for pid, oid in session.execute(
            select(Person.id, Person.organisation_id).where(Person.id.in_(batch))))

    def check(row: dict[str, Any]) -> dict[str, Any]:
        if not row.get("person_id") and not row.get("organisation_id"):
            raise ValidationError("A lead needs a person or an organisation", "person")
        values = lead_values(**{k: v for k, v in row.items() if k not in (*LEAD_LINKS, "uuid")})
        values.update({k: row.get(k) for k in LEAD_LINKS}, uuid=own_uuid(row, new_id), event_id=event.id)
        if values["organisation_id"] is None:
            values["organisation_id"] = org_of.get(row["person_id"])
        return values

    return insert_rows(session, Lead, checked("Lead", rows, check), new_id)


def add_follow_ups(session: Session, rows: Sequence[dict[str, Any]], *,
                   new_id: NewId = new_uuid) -> list[int]:
    """Follow-up actions: ``lead_id``, ``description``, ``due_date``, ``owner_id`` (the lead's
    owner when missing), ``status``, ``notes``; a done action is completed now."""
    wanted = {row["lead_id"] for row in rows if "owner_id" not in row}
    owner_of: dict[int, int | None] = {}
    for batch in batches(list(wanted)):
        owner_of.update((lid, oid) for lid, oid in session.execute(
            select(Lead.id, Lead.owner_id).where(Lead.id.in_(batch))))

    def check(row: dict[str, Any]) -> dict[str, Any]:
        values = follow_up_values(description=row["description"], due_date=row.get("due_date"),
                                  status=row.get("status", "open"), notes=row.get("notes", ""))
        owner = row["owner_id"] if "owner_id" in row else owner_of.get(row["lead_id"])
        values.update(uuid=own_uuid(row, new_id), lead_id=row["lead_id"], owner_id=owner)
        return values

    return insert_rows(session, FollowUp, checked("Follow-up", rows, check), new_id)
