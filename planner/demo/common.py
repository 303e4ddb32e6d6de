"""Constants and small helpers shared by the demo builder and its scheduler."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from planner.domain.timezones import to_utc

DEMO_EVENT_CODE = "biojapan-2026"
TZ = "Asia/Tokyo"
STAMP = datetime(2026, 9, 1, 9, 0)
EVENT_DAYS = [date(2026, 10, 14), date(2026, 10, 15), date(2026, 10, 16)]
SYMPOSIUM_DAY = date(2026, 10, 13)


def timed(start: datetime, end: datetime, tz: str = TZ) -> dict[str, Any]:
    """The time columns of a slot or meeting row from event-local wall times."""
    return {"start_local": start, "end_local": end, "start_fold": 0, "end_fold": 0, "tz": tz,
            "start_utc": to_utc(start, tz), "end_utc": to_utc(end, tz), "sequence": 0}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)
