"""Checking meeting and slot rows: dates, wall times in a zone, people named by e-mail.

Times are wall-clock times in the venue's zone when the venue is known, else the event's. A time
the clocks skip, or one that happens twice, is a row error saying what to write instead (an
ambiguous time may carry its offset, e.g. ``01:30+01:00``, to say which one is meant).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from planner.domain import timezones
from planner.errors import ValidationError
from planner.imports.errors import ErrorLog
from planner.imports.normalise import email_key, text_key

DEFAULT_MINUTES = 30
_TIME_RE = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"\s*(?P<off>(?:UTC|GMT)?[+-]\d{2}:?\d{2}|Z)?$", re.IGNORECASE)
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y")
_SPLIT_RE = re.compile(r"[;\n,、；]+")


@dataclass(frozen=True)
class WallTime:
    value: time
    offset: timedelta | None  # given explicitly to pick one of two ambiguous times


def parse_date(text: str) -> date:
    text = text.strip()
    if len(text) > 10 and text[10] in " T":  # a spreadsheet date-time cell
        text = text[:10]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_time(text: str) -> WallTime:
    text = text.strip()
    if len(text) > 10 and text[4] == "-" and text[10] in " T":  # "2026-10-14 10:00"
        text = text[11:]
    m = _TIME_RE.match(text)
    if m is None:
        raise ValueError(text)
    if m["m"] is None and not m["ampm"]:
        raise ValueError(text)
    hour, minute = int(m["h"]), int(m["m"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise ValueError(text)
    offset = None
    if m["off"]:
        raw = re.sub(r"^(UTC|GMT)", "", m["off"], flags=re.IGNORECASE).replace(":", "")
        if raw.upper() == "Z":
            offset = timedelta(0)
        else:
            sign = -1 if raw[0] == "-" else 1
            offset = sign * timedelta(hours=int(raw[1:3]), minutes=int(raw[3:5]))
    return WallTime(time(hour, minute), offset)


_RANGE_RE = re.compile(r"^\s*(\S.*?)\s*(?:[-–—~〜～]|\bto\b)\s*(\d.*?)\s*$", re.IGNORECASE)


def split_time_range(text: str) -> tuple[str, str]:
    """``"10:00-10:30"`` (one Time column, as partnering exports write it) → start and end;
    a single time → ``(text, "")``. An offset such as ``01:30-01:00`` is not a range."""
    text = (text or "").strip()
    m = _RANGE_RE.match(text)
    if m:
        try:
            parse_time(m[1])
            parse_time(m[2])
        except ValueError:
            return text, ""
        return m[1], m[2]
    return text, ""


def split_emails(text: str) -> list[str]:
    """E-mails of a cell: separated by ``;`` (also ``,`` or new lines), ``Name <a@b>`` allowed."""
    found = []
    for part in _SPLIT_RE.split(text or ""):
        part = part.strip()
        if "<" in part and part.endswith(">"):
            part = part[part.rindex("<") + 1:-1].strip()
        if part:
            found.append(part)
    return found


def _offset_label(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def resolve_wall(day: date, wall: WallTime, tz: str) -> tuple[datetime, int]:
    """``(naive wall datetime, fold)``; raises ValidationError with what to write instead."""
    moment = datetime.combine(day, wall.value)
    kind = timezones.classify(moment, tz)
    if kind == "gap":
        after = timezones.next_valid_time(moment, tz)
        raise ValidationError(
            f"{moment:%Y-%m-%d %H:%M} does not exist in {tz} (the clocks go forward that "
            f"night): use {after:%H:%M} or later, or an earlier time.")
    if kind == "normal":
        return moment, 0
    offsets = [moment.replace(tzinfo=timezones.zone(tz), fold=f).utcoffset() for f in (0, 1)]
    if wall.offset is not None:
        for fold, offset in enumerate(offsets):
            if offset == wall.offset:
                return moment, fold
    first, second = (_offset_label(o or timedelta(0)) for o in offsets)
    raise ValidationError(
        f"{moment:%Y-%m-%d %H:%M} happens twice in {tz} (the clocks go back that night): "
        f"write {moment:%H:%M}{first} for the first or {moment:%H:%M}{second} for the second.")


class PeopleByEmail:
    """Everyone with an e-mail, by its matching key (one query, then in memory)."""

    def __init__(self, pairs: list[tuple[str, int]]) -> None:
        self.ids: dict[str, int] = {}
        for key, pid in pairs:
            self.ids.setdefault(key, pid)

    def resolve(self, cell: str, line: int, column: str, log: ErrorLog) -> list[int] | None:
        ids: list[int] = []
        unknown: list[str] = []
        for address in split_emails(cell):
            pid = self.ids.get(email_key(address))
            if pid is None:
                unknown.append(address)
            elif pid not in ids:
                ids.append(pid)
        if unknown:
            log.error(line, column, "; ".join(unknown),
                      "No person with this e-mail: import them first (planner import people) "
                      "or correct the address. Separate several e-mails with “;”.")
            return None
        return ids


def key_of(text: str) -> str:
    return text_key(text)
