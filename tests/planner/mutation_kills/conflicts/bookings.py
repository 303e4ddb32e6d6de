"""A delegation's week at BioJapan for the conflict tests: the venues, rooms, people and
organisations the checker names, and a helper that books an item on it (wall times in Tokyo)."""

from __future__ import annotations

from datetime import date, datetime, time

from planner.domain.conflicts import CheckContext, ConflictKind, TimelineItem, VenueInfo
from planner.domain.timezones import to_utc

TZ = "Asia/Tokyo"
HALL, EMBASSY, HOTEL, LAB = 1, 2, 3, 4  # no travel time is known to or from the lab
TABLE_01, TABLE_02, STAGE = 10, 11, 20
SAKURA = 100
ANN, BEN, TARO, KIM = 1, 2, 3, 4
CTX = CheckContext(
    date(2026, 10, 13), date(2026, 10, 16), TZ, "Europe/London",
    venues={HALL: VenueInfo(HALL, "Pacifico Yokohama", TZ, time(9), time(18)),
            EMBASSY: VenueInfo(EMBASSY, "British Embassy", TZ, time(8, 30), time(21)),
            HOTEL: VenueInfo(HOTEL, "Hotel", TZ),
            LAB: VenueInfo(LAB, "Riken lab", TZ)},
    travel={(HALL, EMBASSY): 50, (EMBASSY, HALL): 50, (HOTEL, HALL): 10, (HALL, HOTEL): 10,
            (HOTEL, EMBASSY): 40, (EMBASSY, HOTEL): 40},
    person_names={ANN: "Ann Lee", BEN: "Ben Ode", TARO: "Yamada Taro", KIM: "Kim Min-jun"},
    room_names={TABLE_01: "Table 01", TABLE_02: "Table 02", STAGE: "Stage"},
    org_names={SAKURA: "Sakura Pharma"},
)
_n = 0


def item(start: str, end: str, *, kind: str = "meeting", day: int = 14, end_day: int | None = None,
         **kw) -> TimelineItem:
    """An item on 2026-10-``day`` from ``start`` to ``end`` (Tokyo wall time), at the hall
    unless ``venue_id`` says otherwise; uuids count up in the order items are made."""
    global _n
    _n += 1
    s = datetime(2026, 10, day, *map(int, start.split(":")))
    e = datetime(2026, 10, day if end_day is None else end_day, *map(int, end.split(":")))
    kw.setdefault("venue_id", HALL)
    return TimelineItem(_n, f"u{_n:04d}", kind, kw.pop("title", f"item {_n}"), to_utc(s, TZ), to_utc(e, TZ),
                        s, e, TZ, **kw)


def tokyo(day: int, hour: int, minute: int = 0) -> datetime:
    """10:00 on 2026-10-``day`` in Tokyo, as the naive UTC the checker works in."""
    return to_utc(datetime(2026, 10, day, hour, minute), TZ)


def of_kind(conflicts, kind: ConflictKind) -> list:
    return [c for c in conflicts if c.kind is kind]
