"""``read_calendar``: a delegate's partnering calendar (.ics) as the meeting list :class:`Table`.

Partnering platforms let a delegate export their agenda as an iCalendar file; this reads one into
the headers the meetings mapping knows (``GENERIC_MEETINGS``), one row per VEVENT, so the import
checks it like a CSV meeting list. Nothing is expanded: a repeating event is one row (with a
warning). Problems with the whole file raise :class:`FileRejected` with what to do; problems with
one event are row errors and the other events are still read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from icalendar import Calendar

from planner.domain import timezones
from planner.imports.errors import ErrorLog, FileRejected, excerpt
from planner.imports.normalise import email_key
from planner.imports.table import MAX_CELL_CHARS, SourceRow, Table, clean_cell

__all__ = ["HEADERS", "MAX_CALENDAR_BYTES", "MAX_CALENDAR_EVENTS", "MAX_CONTENT_LINES",
           "assign_ours", "organisation_from_summary", "read_calendar"]

HEADERS: tuple[str, ...] = (
    "Meeting ID", "Date", "Start", "End", "Location", "Counterparts",
    "Counterpart organisation", "Our attendees", "Status", "Objective", "Notes",
    "Attendee emails",
)
# icalendar parses roughly 10,000 content lines or 1 MB a second: these bounds keep a read
# (no cancel button) to a few seconds.
MAX_CALENDAR_BYTES = 3 * 1024 * 1024  # a delegate's agenda is a few kilobytes
MAX_CALENDAR_EVENTS = 3_000
MAX_CONTENT_LINES = 40_000  # unfolded lines
MAX_COMPONENTS = 20_000  # every BEGIN: events, alarms, time zones …
MAX_DEPTH = 8  # VCALENDAR > VEVENT > VALARM is 3

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip or Excel file, not a calendar: import a meeting list spreadsheet "
                    "as a table instead"),
    (b"\xd0\xcf\x11\xe0", "an Outlook item or old Office file (.msg, .xls), not a calendar: "
                          "in Outlook, save the calendar as iCalendar (.ics)"),
    (b"%PDF", "a PDF document, not a calendar"),
    (b"\x89PNG", "a PNG image, not a calendar"),
    (b"\xff\xd8\xff", "a JPEG image, not a calendar"),
    (b"\x1f\x8b", "a gzip archive: unpack it first"),
)
_STATUS = {"CONFIRMED": "confirmed", "TENTATIVE": "requested", "CANCELLED": "cancelled"}
_ROOMS = {"ROOM", "RESOURCE"}
_NAME_SEPARATORS = re.compile(r"[;,<>、；\n\t]+")  # what the meeting import splits people on
_PREFIX = re.compile(r"^\s*(?:(?:cancell?ed|updated?|accepted|tentative|declined|new)\s*:\s*)+",
                     re.IGNORECASE)
_WITH = re.compile(r"\bwith\s+(?P<rest>.+)$", re.IGNORECASE)
_HEAD = re.compile(r"^(?:b2b\s+|1:1\s+|one[- ]to[- ]one\s+|partnering\s+)?meeting\s*:\s*"
                   r"(?P<rest>.+)$", re.IGNORECASE)
_PAREN = re.compile(r"^(?P<who>.*?)\s*\((?P<org>[^()]+)\)\s*$")
_DASH = re.compile(r"\s+[–—-]\s+|\s*[–—]\s*")
_NOT_ORG = re.compile(r"^(?:table|booth|stand|room|hall|meeting point|online|virtual|video|"
                      r"zoom|teams|cancell?ed|confirmed|tentative|pending|requested|accepted)\b",
                      re.IGNORECASE)
_SUFFIX = re.compile(r"^\s*(?:co|corp|inc|ltd|limited|llc|llp|plc|gmbh|ag|s\.?a|k\.?k|b\.?v|"
                     r"n\.?v|pty|oy|ab)\.?\s*$", re.IGNORECASE)
_ORG_MARKER = re.compile(
    r"(?:\b(?:k\.?k|co|corp|corporation|inc|ltd|limited|llc|llp|plc|gmbh|ag|s\.?a|sas|sarl|"
    r"b\.?v|n\.?v|pty|oy|ab|a/s|aps|s\.?p\.?a|s\.?r\.?l|kg|ltda|university|universit[äé]t?|"
    r"hospital|institut[e]?|foundation|trust|pharma|pharmaceuticals?|therapeutics|biotech|"
    r"biosciences?|biologics|labs?|laboratories|capital|ventures|partners|group|holdings|"
    r"clinic|cent(?:re|er)|council|agency|association|cluster|nhs|network)\b\.?)"
    r"|株式会社|有限会社|合同会社|주식회사|\(주\)",
    re.IGNORECASE)


def read_calendar(path: str | Path, *, tz: str) -> Table:
    """Read an .ics file into a meeting-list :class:`Table` with :data:`HEADERS`.

    Each row's ``line`` is the line of the file where its ``BEGIN:VEVENT`` is (1-based, counting
    CRLF or LF line ends), also for row errors. Times are converted into ``tz`` (an IANA name; a
    wrong one raises :class:`planner.errors.ValidationError`): "Date" is YYYY-MM-DD and "Start" /
    "End" are HH:MM with the UTC offset (``14:00+09:00``) so a time the clocks repeat is
    unambiguous. A TZID is read from the file's VTIMEZONE (or its IANA / Windows name), ``Z`` is
    UTC, a floating time is taken as wall time in ``tz`` (without an offset when ``tz`` has that
    time twice or not at all, so the import explains it). An all-day event has an empty "Start"
    (the import refuses it); DURATION stands in for DTEND; with neither, "End" is empty.

    "Counterparts" lists the ORGANIZER and every ATTENDEE (not rooms) as ``Name <email>``, the
    address alone, or the name alone, separated by "; " — including the delegate whose calendar
    it is, which the reader cannot know: call :func:`assign_ours`. Characters that separate
    entries (``;`` ``,`` ``<`` ``>``) are replaced by spaces in names. "Attendee emails" lists
    their addresses alone. "Our attendees" is empty. "Status" is confirmed / requested / cancelled from
    STATUS, cancelled for every event of a ``METHOD:CANCEL`` calendar, else empty.
    """
    path = Path(path)
    zone = timezones.zone(tz)
    text = _decode(path)
    starts = _scan(text, path.name)
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # icalendar raises ValueError and others for broken content lines
        raise FileRejected(f"“{path.name}” is a damaged calendar file ({excerpt(exc)}). Export "
                           "the calendar again from the platform and import the new file.") from None
    log = ErrorLog()
    table = Table(headers=list(HEADERS), rows=[], format="ics", encoding="utf-8")
    events: list[tuple[Any, bool]] = []
    skipped: dict[str, int] = {}
    for cal in calendars:
        cancel_all = str(cal.get("METHOD", "")).strip().upper() == "CANCEL"
        for comp in cal.subcomponents:
            if comp.name == "VEVENT":
                events.append((comp, cancel_all))
            elif comp.name in ("VTODO", "VJOURNAL", "VFREEBUSY"):
                skipped[comp.name] = skipped.get(comp.name, 0) + 1
    if len(events) != len(starts):
        raise FileRejected(f"“{path.name}” could not be read consistently ({len(starts)} events "
                           f"found, {len(events)} understood). Export the calendar again.")
    if not events:
        raise FileRejected(f"“{path.name}” holds no events (VEVENT): nothing to import. Export "
                           "the agenda or meetings of the delegate, not an empty calendar.")
    for kind, count in skipped.items():
        log.warn(None, None, "", f"{count} {kind} item(s) skipped: only events are meetings.")
    seen_ids: dict[str, int] = {}
    for (event, cancel_all), line in zip(events, starts, strict=True):
        try:
            row = _row(event, line, cancel_all, zone, tz, log)
        except Exception as exc:  # a property icalendar could not make sense of
            log.error(line, None, "", f"This event could not be read ({excerpt(exc)}): "
                      "correct it in the platform and export again.")
            continue
        if row is None:
            continue
        ident = row.cells["Meeting ID"]
        if ident and ident in seen_ids:
            log.warn(line, "Meeting ID", ident, f"The same event (UID) is also at line "
                     f"{seen_ids[ident]}: check which of the two is current.")
        seen_ids.setdefault(ident, line)
        table.rows.append(row)
    table.errors, table.warnings = log.errors, log.warnings
    return table


def assign_ours(table: Table, ours: Sequence[str]) -> None:
    """Put the ``ours`` e-mails in every row's "Our attendees" and take them out of "Counterparts".

    Every row gets all of ``ours`` (the calendar is our delegate's, even when the platform did
    not list them as an attendee); to check that the file is theirs, look for their address in
    "Attendee emails" before calling this.
    """
    keys = {email_key(e) for e in ours if e.strip()}
    for row in table.rows:
        row.cells["Our attendees"] = "; ".join(e.strip() for e in ours if e.strip())
        kept = [p for p in row.cells["Counterparts"].split("; ") if p and _address(p) not in keys]
        row.cells["Counterparts"] = "; ".join(kept)


# ------------------------------------------------------------------------------- the file


def _decode(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_CALENDAR_BYTES:
            raise FileRejected(
                f"“{path.name}” is {size / 1_048_576:,.1f} MB; a calendar of at most "
                f"{MAX_CALENDAR_BYTES // 1_048_576} MB can be imported. Export only this event's "
                "meetings from the platform.")
        with path.open("rb") as fh:
            data = fh.read(MAX_CALENDAR_BYTES + 1)
    except OSError as exc:
        raise FileRejected(f"Cannot open “{path.name}”: {exc.strerror or exc}.") from None
    if not data.strip():
        raise FileRejected(f"“{path.name}” is empty: there is nothing to import.")
    if len(data) > MAX_CALENDAR_BYTES:
        raise FileRejected(f"“{path.name}” is larger than {MAX_CALENDAR_BYTES // 1_048_576} MB: "
                           "export only this event's meetings from the platform.")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise FileRejected(f"“{path.name}” is {what}. Choose the file the platform's “export "
                               "to calendar” saved (it ends in .ics).")
    if b"\x00" in data:
        raise FileRejected(f"“{path.name}” contains NUL bytes: it is not a calendar (.ics) file. "
                           "Choose the file the platform's “export to calendar” saved.")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileRejected(f"“{path.name}” is not UTF-8 text (byte {exc.start + 1}), as calendar "
                           "files must be: export it again from the platform rather than saving "
                           "it from another program.") from None


def _not_calendar(name: str, first: str) -> FileRejected:
    low = first.lstrip().lower()
    if low.startswith(("<!doctype", "<html", "<?xml", "<")):
        what = "a web page, not a calendar (the link was saved instead of the file?)"
    elif low.startswith("begin:vcard"):
        what = "a contact card (vCard), not a calendar"
    else:
        what = "not a calendar (.ics) file: it should start with BEGIN:VCALENDAR"
    return FileRejected(f"“{name}” is {what}. Choose the file the platform's “export to "
                        "calendar” saved.")


def _scan(text: str, name: str) -> list[int]:
    """Check the BEGIN/END structure and the bounds; the lines of the top-level BEGIN:VEVENTs."""
    starts: list[int] = []
    stack: list[str] = []
    logical = components = 0
    for number, raw in enumerate(re.split(r"\r?\n", text), start=1):
        if raw[:1] in (" ", "\t") and logical:  # a folded continuation of the previous line
            continue
        if not raw.strip():
            continue
        logical += 1
        if logical > MAX_CONTENT_LINES:
            raise FileRejected(f"“{name}” has more than {MAX_CONTENT_LINES:,} lines: export only "
                               "this event's meetings, or split the calendar.")
        if ":" not in raw:
            if logical == 1:
                raise _not_calendar(name, raw)
            raise FileRejected(f"“{name}”, line {number}: “{excerpt(raw)}” is not a calendar "
                               "line (NAME:value). The file is damaged: export it again.")
        key, _, value = raw.partition(":")
        key, value = key.split(";", 1)[0].strip().upper(), value.strip().upper()
        if logical == 1 and (key, value) != ("BEGIN", "VCALENDAR"):
            raise _not_calendar(name, raw)
        if key == "BEGIN":
            if not stack and value != "VCALENDAR":
                raise FileRejected(f"“{name}”, line {number}: “{excerpt(raw)}” is outside the "
                                   "calendar. The file is damaged: export it again.")
            components += 1
            if len(stack) >= MAX_DEPTH or components > MAX_COMPONENTS:
                raise FileRejected(f"“{name}” nests or holds too many calendar items (line "
                                   f"{number}): it is not a calendar export we can read.")
            if value == "VEVENT" and stack == ["VCALENDAR"]:
                starts.append(number)
                if len(starts) > MAX_CALENDAR_EVENTS:
                    raise FileRejected(f"“{name}” has more than {MAX_CALENDAR_EVENTS:,} events: "
                                       "export only this event's meetings.")
            stack.append(value)
        elif key == "END":
            if not stack or stack[-1] != value:
                expected = f"END:{stack[-1]}" if stack else "nothing"
                raise FileRejected(f"“{name}”, line {number}: “{excerpt(raw)}” where {expected} "
                                   "was expected. The file is damaged: export it again.")
            stack.pop()
        elif not stack:
            raise FileRejected(f"“{name}”, line {number}: “{excerpt(raw)}” is outside the "
                               "calendar. The file is damaged: export it again.")
    if stack:
        raise FileRejected(f"“{name}” ends before END:{stack[-1]}: the file is incomplete (an "
                           "interrupted download?). Export it again.")
    return starts


# ------------------------------------------------------------------------------- one event


def _row(event: Any, line: int, cancel_all: bool, zone: tzinfo, tz: str,
         log: ErrorLog) -> SourceRow | None:
    before = len(log.errors)
    broken = {str(prop).upper(): msg for prop, msg in getattr(event, "errors", [])}
    for prop, header in (("DTSTART", "Start"), ("DTEND", "End"), ("DURATION", "End"),
                         ("RECURRENCE-ID", "Meeting ID")):
        if prop in broken:
            log.error(line, header, broken[prop], f"{prop} is not a valid date-time: correct it "
                      "in the platform and export again.")
    if "DTSTART" not in event and "DTSTART" not in broken:
        log.error(line, "Start", "", "The event has no start (DTSTART): it cannot be a meeting.")
    if len(log.errors) > before:
        return None
    cells = dict.fromkeys(HEADERS, "")
    start = _one(event["DTSTART"]).dt
    day, cells["Start"] = _when(start, zone, tz, _one(event["DTSTART"]), line, "Start", log)
    cells["Date"] = day.isoformat() if day else ""
    end = _end(event, start)
    if end is not None and cells["Start"]:
        end_day, cells["End"] = _when(end, zone, tz, _one(event.get("DTEND")), line, "End", log)
        if end_day and day and end_day > day and not _overnight(day, cells, end_day):
            log.warn(line, "End", cells["End"], f"The event ends on {end_day.isoformat()}, a "
                     "later day: a meeting row holds one day; check its times.")
    if len(log.errors) > before:
        return None
    if not cells["Start"] and day:
        log.warn(line, "Start", cells["Date"], "An all-day event has no start time: it is not "
                 "imported as a meeting unless you give it one.")
    if "RRULE" in event or "RDATE" in event:
        log.warn(line, "Meeting ID", str(_one(event.get("UID", ""))), "A repeating event: "
                 "only its first occurrence is read.")
    cells["Meeting ID"] = _ident(event)
    cells["Location"] = _text(event.get("LOCATION"), line, "Location", log)
    people = _people(event)
    cells["Counterparts"] = _cap("; ".join(_entry(n, e) for n, e in people), line,
                                 "Counterparts", log)
    cells["Attendee emails"] = _cap("; ".join(e for _, e in people if e), line,
                                    "Attendee emails", log)
    status = str(_one(event.get("STATUS", ""))).strip().upper()
    cells["Status"] = "cancelled" if cancel_all else _STATUS.get(status, "")
    cells["Objective"] = _text(event.get("SUMMARY"), line, "Objective", log)
    cells["Notes"] = _text(event.get("DESCRIPTION"), line, "Notes", log)
    cells["Counterpart organisation"] = organisation_from_summary(
        cells["Objective"], [n for n, _ in people if n])
    return SourceRow(line, cells)


def _when(value: date, zone: tzinfo, tz: str, prop: Any, line: int, header: str,
          log: ErrorLog) -> tuple[date | None, str]:
    """(date in ``tz``, "HH:MM+hh:mm" or "" for an all-day value)."""
    if not isinstance(value, datetime):
        return value, ""
    if value.tzinfo is None:
        tzid = getattr(prop, "params", {}).get("TZID") if prop is not None else None
        if tzid:
            log.error(line, header, tzid, f"The time zone “{tzid}” is not known and the file "
                      "has no VTIMEZONE for it: export the calendar again with time zones (or "
                      "in UTC).")
            return None, ""
        if timezones.classify(value.replace(second=0, microsecond=0), tz) != "normal":
            return value.date(), f"{value:%H:%M}"  # the import explains the gap or the repeat
        value = value.replace(tzinfo=zone)
    else:
        value = value.astimezone(zone)
    return value.date(), f"{value:%H:%M}{_offset(value.utcoffset() or timedelta(0))}"


def _overnight(day: date, cells: dict[str, str], end_day: date) -> bool:
    """Whether the import reads End as the next morning (a late start, an end before 06:00)."""
    return end_day == day + timedelta(days=1) and cells["Start"] >= "18" and cells["End"] < "06"


def _end(event: Any, start: date) -> date | None:
    if "DTEND" in event:
        end = _one(event["DTEND"]).dt
        return end if isinstance(end, datetime) == isinstance(start, datetime) else None
    if "DURATION" in event and isinstance(start, datetime):
        duration: timedelta = _one(event["DURATION"]).dt
        nominal = timedelta(days=duration.days)  # days are calendar days, the rest exact time
        moved = start + nominal
        if moved.tzinfo is None:
            return moved + (duration - nominal)
        utc = moved.astimezone(UTC) + (duration - nominal)
        return utc.astimezone(moved.tzinfo)
    return None


def _one(value: Any) -> Any:
    """The first of a property given more than once (icalendar returns a list then)."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _ident(event: Any) -> str:
    uid = clean_cell(str(_one(event.get("UID", "")))).strip()
    rid = _one(event.get("RECURRENCE-ID"))
    if not uid or rid is None:
        return uid[:MAX_CELL_CHARS]
    when = rid.dt
    if isinstance(when, datetime) and when.tzinfo is not None:
        stamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    elif isinstance(when, datetime):
        stamp = when.strftime("%Y%m%dT%H%M%S")
    else:
        stamp = when.strftime("%Y%m%d")
    return f"{uid}#{stamp}"[:MAX_CELL_CHARS]


def _cap(value: str, line: int, header: str, log: ErrorLog) -> str:
    if len(value) <= MAX_CELL_CHARS:
        return value
    log.warn(line, header, value, f"{len(value):,} characters: only the first "
             f"{MAX_CELL_CHARS:,} are kept.")
    return value[:MAX_CELL_CHARS]


def _text(value: object, line: int, header: str, log: ErrorLog) -> str:
    value = _one(value)
    if value is None:
        return ""
    return _cap(clean_cell(str(value)).strip(), line, header, log)


def _people(event: Any) -> list[tuple[str, str]]:
    """(name, e-mail) of the organiser then the attendees, without rooms, each address once."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for prop in ("ORGANIZER", "ATTENDEE"):
        values = event.get(prop)
        for value in values if isinstance(values, list) else [values]:
            if value is None:
                continue
            params = getattr(value, "params", {})
            if str(params.get("CUTYPE", "")).upper() in _ROOMS:
                continue
            name = " ".join(_NAME_SEPARATORS.sub(" ", clean_cell(str(params.get("CN", "")))
                                                 ).replace('"', " ").split())
            uri = clean_cell(str(value)).strip()
            email = uri[7:].strip() if uri.lower().startswith("mailto:") else ""
            email = email if "@" in email and not _NAME_SEPARATORS.search(email) else ""
            key = email_key(email) if email else f"name:{name.casefold()}"
            if (not name and not email) or key in seen:
                continue
            seen.add(key)
            found.append((name, email))
    return found


def _entry(name: str, email: str) -> str:
    if name and email:
        return f"{name} <{email}>"
    return email or name


def _address(entry: str) -> str:
    entry = entry.strip()
    if entry.endswith(">") and "<" in entry:
        entry = entry[entry.rindex("<") + 1:-1]
    return email_key(entry) if "@" in entry else ""


# ------------------------------------------------------------------------------- summaries


def organisation_from_summary(summary: str, names: Iterable[str] = ()) -> str:
    """The counterpart organisation a platform put in the SUMMARY, or "".

    Understands "Meeting with Jane Doe (Acme KK)" (also "Call with …"), "Meeting: Acme KK – Jane
    Doe" and "B2B meeting with Acme KK"; ``names`` are the attendees' names, never taken for the
    organisation. A bare "Meeting with X" is X only when X looks like an organisation (a legal
    form such as KK, Ltd, GmbH, or a word such as University).
    """
    people = {" ".join(n.split()).casefold() for n in names}
    text = " ".join(_PREFIX.sub("", summary).split())
    if not text:
        return ""

    def is_person(part: str) -> bool:
        return part.casefold() in people

    paren = _PAREN.match(text)
    if paren and (_WITH.search(text) or _HEAD.match(text)):
        org = paren["org"].strip()
        if not _NOT_ORG.match(org) and not is_person(org):
            return org[:300]
    head = _HEAD.match(text)
    if head:
        parts = [p.strip() for p in _DASH.split(head["rest"], maxsplit=1) if p.strip()]
        if len(parts) == 2:
            first, second = parts
            if is_person(first) and not is_person(second):
                return second[:300]
            return "" if is_person(first) else first[:300]
    found = _WITH.search(text)
    if found:
        rest = _PAREN.sub(lambda m: m["who"], found["rest"]).strip()
        pieces: list[str] = []
        for piece in re.split(r",\s*|\s+from\s+", rest):
            if pieces and _SUFFIX.match(piece):  # "Co., Ltd." belongs to the name before it
                pieces[-1] += ", " + piece
            elif piece.strip():
                pieces.append(piece.strip())
        for piece in reversed(pieces):
            if not is_person(piece) and _ORG_MARKER.search(piece):
                return piece[:300]
    return ""
