"""Reading an exported calendar the way calendar clients do.

Two real parsers: ``icalendar`` (what Mission Desk writes with) and ``vobject`` in strict mode
(``validate=True``: the library behind khal and Radicale, which reads an ambiguous local time
on its own). :class:`ClientCalendar` applies successive files as a subscribing or importing
client does with ``METHOD:PUBLISH`` (RFC 5546 §2.1.4, §3.2.1; RFC 5545 §3.8.7.4): an entry
replaces the one with the same UID unless its SEQUENCE is lower, STATUS:CANCELLED removes it,
and an entry a later file simply leaves out stays — the ghost the issue describes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import vobject
from icalendar import Calendar


@dataclass(frozen=True)
class Seen:
    """One VEVENT as both parsers read it (instants in naive UTC)."""

    uid: str
    sequence: int
    status: str
    summary: str
    location: str
    start: datetime
    end: datetime


def _utc(value: datetime) -> datetime:
    assert value.tzinfo is not None, "a floating time: no client can place it"
    return value.astimezone(UTC).replace(tzinfo=None)


def read_icalendar(path: Path) -> dict[str, Seen]:
    cal = Calendar.from_ical(path.read_bytes())
    assert cal.get_missing_tzids() == set()
    out = {}
    for ev in cal.walk("VEVENT"):
        out[str(ev["UID"])] = Seen(str(ev["UID"]), int(ev.get("SEQUENCE", 0)), str(ev.get("STATUS", "")),
                                   str(ev.get("SUMMARY", "")), str(ev.get("LOCATION", "")),
                                   _utc(ev.decoded("DTSTART")), _utc(ev.decoded("DTEND")))
    return out


def read_vobject(path: Path) -> dict[str, Seen]:
    cal = vobject.readOne(path.read_text(encoding="utf-8"), validate=True)
    out = {}
    for ev in cal.contents.get("vevent", []):
        def text(name: str, ev: vobject.base.Component = ev) -> str:
            return str(ev.contents[name][0].value) if name in ev.contents else ""
        out[text("uid")] = Seen(text("uid"), int(text("sequence") or 0), text("status"), text("summary"),
                                text("location"), _utc(ev.dtstart.value), _utc(ev.dtend.value))
    return out


def read_both(path: Path) -> dict[str, Seen]:
    """The file's entries; both parsers must read exactly the same thing."""
    ours, theirs = read_icalendar(path), read_vobject(path)
    assert ours == theirs
    return ours


class ClientCalendar:
    """A calendar client's store, fed one exported file after another."""

    def __init__(self) -> None:
        self.events: dict[str, Seen] = {}

    def apply(self, path: Path) -> None:
        for uid, seen in read_both(path).items():
            known = self.events.get(uid)
            if known is not None and seen.sequence < known.sequence:
                continue  # an older revision: ignored
            if seen.status == "CANCELLED":
                self.events.pop(uid, None)
            else:
                self.events[uid] = seen
