"""The one clock: what "today" is for a mission.

An event has two zones. ``Event.tz`` is where it takes place (``Asia/Tokyo`` for BioJapan): its
meetings and slots are wall times there. ``Event.home_tz`` is where the delegation's team works
from (``Europe/London``): the people who plan the mission, own its follow-up actions and type their
due dates. "Today" of a mission is **the date in the event's home zone**: a follow-up due on Friday
is due on the owner's Friday, whether the laptop is set to UTC, to Tokyo (someone still on site) or
to a hotel's zone on the way back. The dashboard's before/during/after phase uses the same date, so
one screen never mixes two days.

Every figure, list and export that needs "today" computes it **once**, with :func:`event_today`,
and passes the date down (``today=`` parameters); tests pin it by passing a date, or an instant as
``now``. Nothing about a mission's today reads the laptop's date (``date.today()``) or the UTC date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Protocol

from planner.domain import timezones

#: Where "now" comes from; the system clock unless a test or a caller passes another.
Clock = Callable[[], datetime]


class HasHomeZone(Protocol):
    @property
    def home_tz(self) -> str: ...

    @property
    def tz(self) -> str: ...


def system_now() -> datetime:
    """Now, as an aware UTC instant."""
    return datetime.now(UTC)


def home_zone(event: HasHomeZone) -> str:
    """The zone "today" is counted in: the event's home zone, else (never set) the event's own."""
    return event.home_tz or event.tz


def event_today(event: HasHomeZone, now: datetime | None = None) -> date:
    """The date in the event's home zone at ``now`` (default: the system clock).

    ``now`` may be aware (any zone) or naive UTC, how the database stores instants. An event row
    (ORM ``Event`` or ``EventRow``) both work: only ``home_tz`` and ``tz`` are read.
    """
    instant = now if now is not None else system_now()
    if instant.tzinfo is not None:
        instant = instant.astimezone(UTC).replace(tzinfo=None)
    return timezones.from_utc(instant, home_zone(event)).date()
