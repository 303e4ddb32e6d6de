"""Constants and small helpers shared by the demo builder and its scheduler."""

from __future__ import annotations

from datetime import date, datetime

DEMO_EVENT_CODE = "biojapan-2026"
TZ = "Asia/Tokyo"
EVENT_DAYS = [date(2026, 10, 14), date(2026, 10, 15), date(2026, 10, 16)]
SYMPOSIUM_DAY = date(2026, 10, 13)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)
