"""iCalendar (RFC 5545) export of a timeline: a pure renderer over plain calendar data.

Built only through icalendar's typed API, which escapes TEXT (``\\;`` ``\\,`` ``\\\\`` ``\\n``) and
folds lines at 75 octets. Every TZID used gets a real VTIMEZONE; each entry carries the stored
item UUID as its UID and the stored SEQUENCE, so a re-import updates entries instead of
duplicating them; what left a calendar since its last export arrives as STATUS:CANCELLED
(the service remembers what each calendar sent: :mod:`planner.services.outputs.calendars`).

Times are written with their TZID, except on a night when the clocks go back: a wall time that
happens twice is written in UTC (``DTSTART:…Z``), both the first and the second occurrence.
RFC 5545 §3.3.5 would read an ambiguous local time as its first occurrence, but not every client
does (vobject and khal read the first 01:30 of a London fall-back night an hour late), and UTC
is read alike by all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from icalendar import Calendar, Event
from icalendar.enums import STATUS

from planner.domain import timezones
from planner.exports.output import write_output

UID_DOMAIN = "mission-desk"
PRODID = "-//Mission Desk//Mission Desk//EN"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    sequence: int
    summary: str
    start_utc: datetime  # naive UTC
    end_utc: datetime
    tz: str
    location: str
    description: str
    status: str  # CONFIRMED, TENTATIVE or CANCELLED
    categories: tuple[str, ...] = ()
    last_modified: datetime | None = None  # naive UTC
    people: tuple[str, ...] = ()  # UUIDs of the people the entry shows (not written; for its fingerprint)


@dataclass(frozen=True)
class CalendarData:
    name: str
    description: str
    entries: Sequence[CalendarEntry]
    uid: str = ""  # a stable id for the calendar itself
    person_ids: frozenset[int] = field(default_factory=frozenset)  # whose data the file holds
    stamp: datetime | None = None  # DTSTAMP (naive UTC); now when None


def entry_uid(item_uuid: str) -> str:
    return f"{item_uuid}@{UID_DOMAIN}"


def _aware_utc(naive_utc: datetime) -> datetime:
    return naive_utc.replace(tzinfo=UTC)


def _ical_times(start_utc: datetime, end_utc: datetime, tz: str) -> tuple[datetime, datetime]:
    """DTSTART and DTEND to write: local with their TZID, or both in UTC when either is a wall
    time that happens twice (the hour after the clocks go back), whichever occurrence it is."""
    start, end = timezones.from_utc(start_utc, tz), timezones.from_utc(end_utc, tz)
    if any(timezones.classify(t.replace(tzinfo=None), tz) == "ambiguous" for t in (start, end)):
        return _aware_utc(start_utc), _aware_utc(end_utc)
    return start, end


def build_calendar(data: CalendarData) -> Calendar:
    """The VCALENDAR for ``data`` (VEVENTs in time order, a VTIMEZONE for every TZID)."""
    cal = Calendar.new(prodid=PRODID, method="PUBLISH", name=data.name,
                       description=data.description or None, uid=data.uid or None)
    if not data.uid:
        cal.pop("UID", None)  # never a random id: it would change on every export
    stamp = _aware_utc(data.stamp or timezones.utc_now())
    for entry in sorted(data.entries, key=lambda e: (e.start_utc, e.uid)):
        start, end = _ical_times(entry.start_utc, entry.end_utc, entry.tz)
        event = Event.new(
            uid=entry.uid, sequence=entry.sequence, stamp=stamp, summary=entry.summary, start=start, end=end,
            location=entry.location or None, description=entry.description or None, status=STATUS(entry.status),
            categories=list(entry.categories),
            last_modified=_aware_utc(entry.last_modified) if entry.last_modified else None)
        if not entry.categories:
            event.pop("CATEGORIES", None)  # an empty CATEGORIES: is a property without a value
        cal.add_component(event)
    if data.entries:
        first = min(e.start_utc for e in data.entries).date()
        last = max(e.end_utc for e in data.entries).date()
        cal.add_missing_timezones(first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1))
    return cal


def render_calendar(data: CalendarData) -> bytes:
    return build_calendar(data).to_ical()


def write_calendar(data: CalendarData, path: Path, *,
                   before_publish: Callable[[], None] | None = None) -> Path:
    """Write the .ics through :func:`planner.exports.output.write_output`: an owner-only
    temporary file in the target folder (which must exist), never through a symlink;
    ``before_publish`` (the export log) runs before it is moved into place."""
    path = Path(path)
    payload = render_calendar(data)
    return write_output(path, payload, before_publish=before_publish)
