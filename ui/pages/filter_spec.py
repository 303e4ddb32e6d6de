"""Match a plain row against a dashboard filter: attribute equality plus a few derived keys."""

from __future__ import annotations

from datetime import date
from typing import Any

from planner.domain.enums import MeetingStatus
from planner.domain.timezones import from_utc


def _derived(row: Any, key: str) -> Any:
    if key == "day" and hasattr(row, "start_utc"):
        return from_utc(row.start_utc, row.tz).date().isoformat()
    if key == "planned" and hasattr(row, "status"):
        try:
            return MeetingStatus(row.status).occupies_time
        except ValueError:
            return False
    if key == "overdue" and hasattr(row, "overdue"):
        return row.overdue
    return getattr(row, key, None)


def row_matches(row: Any, spec: dict[str, Any]) -> bool:
    for key, wanted in spec.items():
        value = _derived(row, key)
        if value is None and not hasattr(row, key) and key not in ("day", "planned"):
            continue  # a key this table does not have does not hide rows
        if isinstance(value, date):
            value = value.isoformat()
        if value != wanted:
            return False
    return True
