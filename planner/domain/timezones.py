"""The one time-zone helper: wall time + IANA zone in, UTC out, and back.

Storage keeps the wall-clock time a user typed plus the zone of the event or venue; every
computation (durations, overlaps, sorting) runs on naive UTC datetimes derived here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from planner.domain.validation import FIRST_YEAR, LAST_YEAR, date_problem
from planner.errors import ValidationError


class NonexistentTimeError(ValidationError):
    """A wall time that a DST change skips (spring forward)."""

    def __init__(self, wall: datetime, tz: str, next_valid: datetime, field_name: str) -> None:
        self.wall = wall
        self.tz = tz
        self.next_valid = next_valid
        super().__init__(
            f"{wall:%Y-%m-%d %H:%M} does not exist in {tz} (the clocks go forward); "
            f"the next valid time is {next_valid:%H:%M}",
            field_name,
        )


class AmbiguousTimeError(ValidationError):
    """A wall time that happens twice (fall back): the caller must choose fold 0 or 1."""

    def __init__(self, wall: datetime, tz: str, offsets: tuple[str, str], field_name: str) -> None:
        self.wall = wall
        self.tz = tz
        self.offsets = offsets
        super().__init__(
            f"{wall:%Y-%m-%d %H:%M} happens twice in {tz} (the clocks go back); "
            f"choose the first ({offsets[0]}) or the second ({offsets[1]}) occurrence",
            field_name,
        )


# In the zone database's list but not a place's time: "Factory" (a placeholder whose
# abbreviation is "-00"); the others are files some systems add beside the zones.
_NOT_ZONES = frozenset({"Factory", "localtime", "posixrules", "posix", "right", "leapseconds",
                        "leap-seconds.list", "tzdata.zi", "zone.tab", "zone1970.tab",
                        "iso3166.tab", "SECURITY", "+VERSION"})


def _read_iana_zones() -> frozenset[str]:
    """The IANA zone names, exactly as spelled in the zone database.

    Read on first use (never at import: it costs a few tens of milliseconds), from the tzdata
    package's own list (one small file), else from the system's zone folders. Only these names
    are zones: not ``localtime`` (whatever this computer is set to), ``posixrules``,
    ``Factory``, the ``posix/`` and ``right/`` copies, paths, or a case variant that a
    case-insensitive disk would happen to open.
    """
    names: set[str]
    try:
        from importlib import resources

        text = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
        names = {line.strip() for line in text.splitlines() if line.strip()}
    except (ImportError, OSError, ValueError):  # no tzdata package: the system's zone files
        names = set(available_timezones())
    return frozenset(n for n in names
                     if n not in _NOT_ZONES and not n.startswith(("posix/", "right/")))


# The caches of this module are made at module level, not with a decorator, so that mutation
# testing (mutmut 3 skips decorated functions) reaches the bodies.
_iana_zones = lru_cache(maxsize=1)(_read_iana_zones)


def _zone_error(name: str) -> ValidationError:
    hint = "use a name such as Asia/Tokyo or Europe/London"
    if isinstance(name, str) and name.strip():
        folded = name.strip().casefold()
        near = next((z for z in _iana_zones() if z.casefold() == folded), None)
        if near is not None:
            hint = f"did you mean {near}?"
    return ValidationError(f"{name!r} is not an IANA time zone; {hint}", "tz")


def _zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, with a clear error for a typo or a name that is not a
    zone of the IANA database (see :func:`_iana_zones`)."""
    if not isinstance(name, str) or name not in _iana_zones():
        raise _zone_error(name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise _zone_error(name) from None


zone = lru_cache(maxsize=512)(_zone)


def is_valid_zone(name: str) -> bool:
    """Whether ``name`` is an IANA zone, spelled exactly as in the zone database."""
    try:
        zone(name)
    except ValidationError:
        return False
    return True


def _all_zones() -> tuple[str, ...]:
    """Every zone :func:`is_valid_zone` accepts, sorted (for pickers)."""
    return tuple(sorted(_iana_zones()))


all_zones = lru_cache(maxsize=1)(_all_zones)


def _check_range(moment: datetime, field_name: str = "", *, bound: bool = False) -> None:
    """Refuse a time outside the years Mission Desk works with (see
    :data:`planner.domain.validation.FIRST_YEAR`): near the ends of the calendar a zone
    conversion or "the next day" overflows. ``bound``: a computed bound (the midnight after
    the last day) may lie a day outside them."""
    if bound and FIRST_YEAR - 1 <= moment.year <= LAST_YEAR + 1:
        return
    problem = date_problem(moment)
    if problem:
        raise ValidationError(problem, field_name)


def _offset_text(dt: datetime) -> str:
    """``UTC+05:45``: to the minute, the seconds of an old local mean time dropped on both sides
    of Greenwich (Bogotá's -4:56:16 is UTC-04:56, as Amsterdam's +0:19:32 is UTC+00:19)."""
    off = dt.utcoffset() or timedelta(0)
    seconds = int(off.total_seconds())
    sign = "+" if seconds >= 0 else "-"
    minutes = abs(seconds) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def classify(wall: datetime, tz: str) -> str:
    """'normal', 'gap' (does not exist) or 'ambiguous' (happens twice).

    A time outside the years Mission Desk works with raises :class:`ValidationError`.
    """
    _check_range(wall)
    return _classify(wall, tz)


def _classify(wall: datetime, tz: str) -> str:
    z = zone(tz)
    a = wall.replace(tzinfo=z, fold=0)
    b = wall.replace(tzinfo=z, fold=1)
    if a.utcoffset() == b.utcoffset():
        return "normal"
    # In a gap, converting to UTC and back does not give the same wall time.
    back = a.astimezone(UTC).astimezone(z).replace(tzinfo=None)
    return "gap" if back != wall else "ambiguous"


def next_valid_time(wall: datetime, tz: str) -> datetime:
    """The first whole minute after ``wall`` that exists (02:30 on a spring-forward day → 03:00).

    The walk ends: a gap is never longer than the difference between the offsets either side
    of it (at most a day: Samoa skipped 30 Dec 2011).
    """
    probe = wall.replace(second=0, microsecond=0) + timedelta(minutes=1)
    while _classify(probe, tz) == "gap":
        probe += timedelta(minutes=1)
    return probe


def to_utc(wall: datetime, tz: str, fold: int | None = 0, *, field_name: str = "") -> datetime:
    """Convert a naive wall time in ``tz`` to naive UTC.

    A time in a spring-forward gap raises :class:`NonexistentTimeError` (with the next valid
    time). An ambiguous time raises :class:`AmbiguousTimeError` when ``fold`` is None;
    fold 0/1 picks the first/second occurrence.
    """
    if wall.tzinfo is not None:
        raise ValueError("to_utc expects a naive wall-clock datetime")
    _check_range(wall, field_name)
    return _to_utc(wall, tz, fold, field_name)


def _to_utc(wall: datetime, tz: str, fold: int | None, field_name: str) -> datetime:
    z = zone(tz)
    kind = _classify(wall, tz)
    if kind == "gap":
        raise NonexistentTimeError(wall, tz, next_valid_time(wall, tz), field_name)
    if kind == "ambiguous" and fold is None:
        first = wall.replace(tzinfo=z, fold=0)
        second = wall.replace(tzinfo=z, fold=1)
        raise AmbiguousTimeError(wall, tz, (_offset_text(first), _offset_text(second)), field_name)
    aware = wall.replace(tzinfo=z, fold=fold or 0)
    return aware.astimezone(UTC).replace(tzinfo=None)


def from_utc(utc: datetime, tz: str) -> datetime:
    """Naive UTC → aware datetime in ``tz``.

    A stored time at the very ends of the calendar (from before dates were checked) raises
    :class:`ValidationError` instead of overflowing.
    """
    try:
        return utc.replace(tzinfo=UTC).astimezone(zone(tz))
    except OverflowError:
        raise ValidationError(f"{utc.isoformat(' ', 'minutes')} UTC cannot be shown in {tz}: it is outside "
                              f"the years Mission Desk works with ({FIRST_YEAR}–{LAST_YEAR})") from None


def wall_from_utc(utc: datetime, tz: str) -> tuple[datetime, int]:
    """Naive UTC → (naive wall time, fold) in ``tz``: the inverse of :func:`to_utc`."""
    local = from_utc(utc, tz)
    return local.replace(tzinfo=None), local.fold


def iso_local(utc: datetime, tz: str) -> str:
    """ISO 8601 with the zone's offset, e.g. ``2026-10-14T10:00:00+09:00``."""
    return from_utc(utc, tz).isoformat()


def utc_now() -> datetime:
    """Now as naive UTC (how every timestamp is stored)."""
    return datetime.now(UTC).replace(tzinfo=None)


def abbreviation(utc: datetime, tz: str) -> str:
    """The zone abbreviation in force at that instant (JST, BST, CET); offset when numeric."""
    return _abbr(from_utc(utc, tz))


@dataclass(frozen=True)
class DualTime:
    event_text: str
    home_text: str | None

    def __str__(self) -> str:
        return self.event_text if self.home_text is None else f"{self.event_text} · {self.home_text}"


def format_dual(utc: datetime, event_tz: str, home_tz: str | None, *, with_date: bool = False) -> DualTime:
    """The one formatter for times shown to people: event-local, and home time when it differs.

    ``10:00 JST · 02:00 BST``; a home time on another calendar day gets its weekday
    (``09:00 JST · Sun 01:00 BST``).
    """
    local = from_utc(utc, event_tz)
    fmt = "%a %d %b %H:%M" if with_date else "%H:%M"
    event_text = f"{local.strftime(fmt)} {abbreviation(utc, event_tz)}"
    if not home_tz or home_tz == event_tz:
        return DualTime(event_text, None)
    home = from_utc(utc, home_tz)
    if home.utcoffset() == local.utcoffset():
        return DualTime(event_text, None)
    hfmt = fmt if with_date or home.date() == local.date() else "%a %H:%M"
    return DualTime(event_text, f"{home.strftime(hfmt)} {abbreviation(utc, home_tz)}")


def local_day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    """UTC instants [start, end) of a calendar day in ``tz`` (23 or 25 hours on DST days)."""
    start = datetime(day.year, day.month, day.day)
    _check_range(start, "date")
    end = start + timedelta(days=1)
    return to_utc_lenient(start, tz), to_utc_lenient(end, tz)


def to_utc_lenient(wall: datetime, tz: str) -> datetime:
    """Like :func:`to_utc` but maps gap times forward and picks the first of ambiguous times.

    Only for bounds and generated data, never for times a user typed (a bound may lie a day
    past the years Mission Desk works with: the end of their last day).
    """
    _check_range(wall, bound=True)
    kind = _classify(wall, tz)
    if kind == "gap":
        wall = next_valid_time(wall, tz)
    return _to_utc(wall, tz, 0, "")


def _span_text(start: datetime, end: datetime, start_abbr: str, end_abbr: str, start_fmt: str,
               end_fmt: str) -> str:
    if start_abbr == end_abbr:
        return f"{start.strftime(start_fmt)}–{end.strftime(end_fmt)} {start_abbr}"
    return f"{start.strftime(start_fmt)} {start_abbr}–{end.strftime(end_fmt)} {end_abbr}"


def _abbr(local: datetime) -> str:
    name = local.tzname()
    return name if name and not name.startswith(("+", "-")) else _offset_text(local)


def format_span(start_utc: datetime, end_utc: datetime, event_tz: str, home_tz: str | None) -> str:
    """A time range for people, e.g. ``Wed 14 Oct 10:00–10:30 JST · 02:00–02:30 BST``.

    The end shows its date only when it falls on another local day; home time is added, as in
    :func:`format_dual`, only when its offset differs from the event's; a range across a DST
    change names both abbreviations (``01:00 BST–02:00 GMT``).
    """
    start, end = from_utc(start_utc, event_tz), from_utc(end_utc, event_tz)
    end_fmt = "%H:%M" if end.date() == start.date() else "%a %d %b %H:%M"
    text = _span_text(start, end, _abbr(start), _abbr(end), "%a %d %b %H:%M", end_fmt)
    if not home_tz or home_tz == event_tz:
        return text
    h_start, h_end = from_utc(start_utc, home_tz), from_utc(end_utc, home_tz)
    if h_start.utcoffset() == start.utcoffset() and h_end.utcoffset() == end.utcoffset():
        return text
    s_fmt = "%H:%M" if h_start.date() == start.date() else "%a %H:%M"
    e_fmt = "%H:%M" if h_end.date() == h_start.date() else "%a %H:%M"
    return f"{text} · {_span_text(h_start, h_end, _abbr(h_start), _abbr(h_end), s_fmt, e_fmt)}"
