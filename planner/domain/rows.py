"""Plain row values that services return to the GUI and the CLI (never ORM objects)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class EventRow:
    id: int
    uuid: str
    code: str
    name: str
    kind: str
    start: date
    end: date
    tz: str
    home_tz: str
    city: str
    country: str

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "tz": self.tz, "city": self.city,
                "country": self.country, "id": self.uuid}


@dataclass(frozen=True)
class PersonRow:
    id: int
    uuid: str
    given_name: str
    family_name: str
    name_order: str
    native_name: str
    email: str
    organisation: str
    job_title: str
    country: str
    display_name: str
    roles: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.uuid, "given_name": self.given_name, "family_name": self.family_name,
                "native_name": self.native_name, "email": self.email,
                "organisation": self.organisation, "job_title": self.job_title,
                "country": self.country, "roles": list(self.roles)}


@dataclass(frozen=True)
class OrganisationRow:
    id: int
    uuid: str
    name: str
    native_name: str
    kind: str
    country: str
    tags: tuple[str, ...]
    people_count: int

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["id"] = self.uuid
        d.pop("uuid")
        d["tags"] = list(self.tags)
        return d


@dataclass(frozen=True)
class MeetingRow:
    id: int
    uuid: str
    start_utc: datetime
    end_utc: datetime
    start_iso: str
    end_iso: str
    tz: str
    location: str
    status: str
    our_attendees: tuple[str, ...]
    counterparts: tuple[str, ...]
    our_names: tuple[str, ...] = ()
    counterpart_names: tuple[str, ...] = ()
    counterpart_organisation: str = ""
    objective: str = ""
    interpreter_needed: bool = False
    verdict: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    venue: str = ""
    room: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.uuid, "start": self.start_iso, "end": self.end_iso, "tz": self.tz,
                "location": self.location, "venue": self.venue, "room": self.room,
                "status": self.status,
                "our_attendees": list(self.our_attendees), "counterparts": list(self.counterparts),
                "counterpart_organisation": self.counterpart_organisation,
                "objective": self.objective, "interpreter_needed": self.interpreter_needed}


@dataclass(frozen=True)
class SlotRow:
    id: int
    uuid: str
    kind: str
    title: str
    start_utc: datetime
    end_utc: datetime
    start_iso: str
    end_iso: str
    tz: str
    venue: str
    room: str
    organisation: str
    presenters: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.uuid, "kind": self.kind, "title": self.title, "start": self.start_iso,
                "end": self.end_iso, "tz": self.tz, "venue": self.venue, "room": self.room,
                "organisation": self.organisation, "presenters": list(self.presenters)}
