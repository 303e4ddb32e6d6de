"""What a delegate's pack held, and what changed since, in words: pure functions of a ``Briefing``.

A pack's *summary* is a small JSON-able dict: per item in the pack (meeting or slot) its UUID,
printed reference ("M4"), title, start and end (naive UTC, ISO), zone, place, the people met and
our side, status and a short hash of its prose (objective, talking points, notes, description);
and the delegate's own travel lines (arrival, departure, flights, hotel). Its *fingerprint* is a
hash of all of it except the references: "M4" may become "M5" when another delegate's meeting is
added earlier in the week, which does not make anyone's printed pack wrong.

:func:`describe_changes` compares the summary a delegate's printed pack was made from with the
plan's, item by item, and says what changed as a pack prints it — with the reference the
delegate holds in their hand::

    M4 with Kansai Bio Innovations moved Wed 14 Oct 10:15–10:45 → 11:00–11:30
    New: M9 with Osaka Pharma, Thu 15 Oct 09:00–09:30, Table 2, Pacifico Yokohama
    Cancelled: M2 with Tokyo Genomics, Wed 14 Oct 09:00
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from planner.domain.timezones import from_utc
from planner.exports.briefing.briefing_data import Briefing, DelegatePack, MeetingBrief, SlotBrief

SUMMARY_VERSION = 1
Summary = dict[str, Any]


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _place(location: str, venue: str) -> str:
    return ", ".join(x for x in (location, venue) if x)


def _meeting_item(m: MeetingBrief) -> dict[str, Any]:
    theirs = [p.name for p in m.counterparts]
    title = m.organisation.name if m.organisation else ", ".join(theirs)
    return {"uuid": m.uuid or f"meeting-{m.id}", "kind": "meeting", "ref": m.ref, "title": title,
            "start": m.start_utc.isoformat(), "end": m.end_utc.isoformat(), "tz": m.tz,
            "place": _place(m.location, m.venue), "with": theirs, "ours": [p.name for p in m.ours],
            "status": m.status,
            "details": _hash(m.objective, m.talking_points, m.notes, m.interpreter, m.address)}


def _slot_item(s: SlotBrief) -> dict[str, Any]:
    return {"uuid": s.uuid or f"slot-{s.id}", "kind": "slot", "ref": "", "title": s.title,
            "start": s.start_utc.isoformat(), "end": s.end_utc.isoformat(), "tz": s.tz,
            "place": _place(s.location, s.venue), "with": [p.name for p in s.presenters], "ours": [],
            "status": "", "details": _hash(s.description, s.organisation)}


def _when(value: datetime | None) -> str:
    return f"{value:%a %d %b %H:%M}" if value is not None else ""


def pack_summary(b: Briefing, pack: DelegatePack) -> Summary:
    """What ``pack`` (one delegate's) prints that a delegate acts on."""
    items = [_meeting_item(b.meetings[i]) for i in pack.meeting_ids]
    items += [_slot_item(b.slots[i]) for i in pack.slot_ids]
    items.sort(key=lambda it: (it["start"], it["uuid"]))
    d = pack.delegate
    travel = {"Arrival": " ".join(x for x in (_when(d.arrival), d.arrival_flight) if x),
              "Departure": " ".join(x for x in (_when(d.departure), d.departure_flight) if x),
              "Hotel": d.hotel}
    return {"v": SUMMARY_VERSION, "items": items, "travel": travel}


def fingerprint(summary: Mapping[str, Any]) -> str:
    """sha256 of everything in ``summary`` but the printed references."""
    items = [{k: v for k, v in it.items() if k != "ref"} for it in summary.get("items", [])]
    shown = {"items": items, "travel": summary.get("travel", {})}
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def dumps(summary: Summary) -> str:
    return json.dumps(summary, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text: str) -> Summary:
    """A stored summary; an unreadable one (scrubbed, damaged) counts as an empty pack."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {"items": [], "travel": {}}
    return value if isinstance(value, dict) else {"items": [], "travel": {}}


# -------------------------------------------------------------------------------- in words
def _local(iso: str, tz: str) -> datetime:
    return from_utc(datetime.fromisoformat(iso), tz)


def _span(item: Mapping[str, Any], *, with_date: bool = True) -> str:
    start, end = _local(item["start"], item["tz"]), _local(item["end"], item["tz"])
    text = f"{start:%a %d %b %H:%M}" if with_date else f"{start:%H:%M}"
    return text + (f"–{end:%H:%M}" if end.date() == start.date() else f"–{end:%a %d %b %H:%M}")


def _label(item: Mapping[str, Any], ref: str | None = None) -> str:
    ref = item.get("ref", "") if ref is None else ref
    if item.get("kind") == "meeting":
        title = item.get("title") or "meeting"
        return f"{ref} with {title}" if ref else f"Meeting with {title}"
    return f"{item.get('title') or 'Session'}"


def _names(names: list[str]) -> str:
    return ", ".join(names) if names else "nobody"


def _item_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    label = _label(old)
    if new.get("ref") and old.get("ref") and new["ref"] != old["ref"]:
        label += f" (now {new['ref']})"
    out = []
    if (old["start"], old["end"], old["tz"]) != (new["start"], new["end"], new["tz"]):
        same_day = _local(old["start"], old["tz"]).date() == _local(new["start"], new["tz"]).date()
        out.append(f"{label} moved {_span(old)} → {_span(new, with_date=not same_day)}")
    if old.get("title") != new.get("title") and old.get("kind") == "slot":
        out.append(f"{label} is now called {new.get('title')}")
    if old.get("place") != new.get("place"):
        out.append(f"{label}: now at {new.get('place') or 'no place yet'} (was {old.get('place') or 'no place'})")
    if old.get("status") != new.get("status") and new.get("status"):
        out.append(f"{label}: now {new['status'].lower()} (was {(old.get('status') or '—').lower()})")
    if old.get("with") != new.get("with"):
        who = "presenters" if old.get("kind") == "slot" else "counterparts"
        out.append(f"{label}: {who} now {_names(new.get('with', []))} (was {_names(old.get('with', []))})")
    if old.get("ours") != new.get("ours"):
        out.append(f"{label}: our side now {_names(new.get('ours', []))} (was {_names(old.get('ours', []))})")
    if old.get("details") != new.get("details"):
        out.append(f"{label}: objective, talking points or notes changed")
    return out


def describe_changes(old: Mapping[str, Any], new: Mapping[str, Any],
                     gone: Mapping[str, str] | None = None) -> list[str]:
    """What changed from the pack ``old`` summarises to ``new``, one line per change, in the
    order of the printed pack (a moved item where it was, a new one where it now is). ``gone`` words why an item left the pack, by UUID ("Cancelled",
    "Declined", "Deleted", "No longer yours"); otherwise "No longer in your pack"."""
    gone = gone or {}
    before = {it["uuid"]: it for it in old.get("items", [])}
    after = {it["uuid"]: it for it in new.get("items", [])}
    lines: list[tuple[str, str]] = []  # (sort key, text)
    for uuid, item in after.items():
        prev = before.get(uuid)
        if prev is None:
            place = f", {item['place']}" if item.get("place") else ""
            lines.append((item["start"], f"New: {_label(item)}, {_span(item)}{place}"))
        else:
            lines += [(prev["start"], text) for text in _item_changes(prev, item)]  # where the pack shows it
    for uuid, item in before.items():
        if uuid not in after:
            why = gone.get(uuid, "No longer in your pack")
            lines.append((item["start"], f"{why}: {_label(item)}, {_span(item)}"))
    lines.sort(key=lambda x: x[0])
    out = [text for _key, text in lines]
    old_travel, new_travel = old.get("travel", {}), new.get("travel", {})
    for key in ("Arrival", "Departure", "Hotel"):
        was, now = old_travel.get(key, ""), new_travel.get(key, "")
        if was != now:
            out.append(f"{key}: {now or 'none'} (was {was or 'none'})")
    if not out and fingerprint(old) != fingerprint(new):
        out.append("Details of your schedule changed")
    return out


__all__ = ["SUMMARY_VERSION", "Summary", "describe_changes", "dumps", "fingerprint", "loads", "pack_summary"]
