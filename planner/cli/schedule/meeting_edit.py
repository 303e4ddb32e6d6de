"""``planner meetings edit ID …`` and ``planner meetings delete ID``: the edits the GUI makes.

Times are wall times in the zone of the meeting's venue (its new venue when it moves), written
``YYYY-MM-DD HH:MM`` or ``HH:MM`` (the day the meeting is on now). A time the clocks pass twice
needs its offset, e.g. ``2026-10-25 01:30+01:00``; a time they skip is refused. ``--room`` finds
the table in ``--venue`` (else the meeting's venue, else the partnering venue) and makes it when
it is missing; moving to another venue without ``--room`` leaves the meeting without a table.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from planner.cli.common import EXIT_OK, CliError, open_db, print_json
from planner.cli.lookup import meeting_named, named, person_named, venue_named
from planner.domain import timezones
from planner.domain.enums import AttendeeSide, MeetingStatus, parse_enum
from planner.domain.rows import MeetingRow
from planner.errors import ValidationError
from planner.services.events.places import find_or_add_room, partnering_venue
from planner.services.schedule.meetings import meeting_row, set_attendees, update_meeting
from planner.storage.models import Event, Meeting, Person, Room, Venue

# ``meetings list`` loads this module too (it registers edit and delete): what only an edit or a
# delete needs — the import's wall-time parser, the delete planner — is imported by the function
# that uses it (tests/planner/core/test_cli_start.py holds it).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from planner.imports.schedule.rows import WallTime

    Moment = tuple[date | None, WallTime]
_HINT = ("use 'YYYY-MM-DD HH:MM' or 'HH:MM' (for a time that happens twice, add the offset, "
         "e.g. '2026-10-25 01:30+01:00')")


def parse_moment(text: str) -> Moment:
    """``"2026-10-14 10:00"``, ``"10:00"`` or either with an offset (argparse type)."""
    from planner.imports.schedule.rows import parse_time

    raw = text.strip()
    day = None
    if len(raw) >= 10 and raw[4:5] == "-" and raw[7:8] == "-":
        try:
            day = date.fromisoformat(raw[:10])
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a date and time: {_HINT}") from None
        if raw[10:11] not in (" ", "T"):
            raise argparse.ArgumentTypeError(f"{text!r} has no time of day: {_HINT}")
        raw = raw[11:].strip()
    try:
        return day, parse_time(raw)
    except (ValueError, IndexError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a time: {_HINT}") from None


def add_parsers(cmds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    edit = cmds.add_parser("edit", help="change a meeting's time, place, status or attendees")
    edit.add_argument("id", metavar="ID", help="the meeting's id (as `meetings list --json` prints it)")
    edit.add_argument("--start", type=parse_moment, metavar="WHEN",
                      help="new start, 'YYYY-MM-DD HH:MM' or 'HH:MM' (the meeting's day), wall time "
                           "at the venue; without --end the length is kept")
    edit.add_argument("--end", type=parse_moment, metavar="WHEN",
                      help="new end, 'YYYY-MM-DD HH:MM' or 'HH:MM' (the start's day)")
    edit.add_argument("--venue", metavar="NAME", help="move to this venue (its zone applies)")
    edit.add_argument("--room", metavar="ROOM",
                      help="the table or room, in --venue, else the meeting's venue, else the "
                           "partnering venue; made when missing")
    edit.add_argument("--status", metavar="S", help=", ".join(s.value for s in MeetingStatus))
    for flag, who in (("ours", "someone from our side"), ("counterpart", "a counterpart")):
        edit.add_argument(f"--add-{flag}", action="append", default=[], metavar="EMAIL",
                          help=f"add {who} (repeatable)")
        edit.add_argument(f"--remove-{flag}", action="append", default=[], metavar="EMAIL",
                          help=f"remove {who} (repeatable)")
    edit.add_argument("--json", action="store_true", help="print the meeting as `meetings list --json` does")
    edit.set_defaults(handler=run_edit)
    delete = cmds.add_parser("delete", help="delete a meeting (to keep it in calendars as cancelled, "
                                            "use `meetings edit ID --status cancelled`)")
    delete.add_argument("id", metavar="ID", help="the meeting's id")
    delete.set_defaults(handler=run_delete)


def run_edit(args: argparse.Namespace) -> int:
    if not any((args.start, args.end, args.venue is not None, args.room is not None, args.status is not None,
                args.add_ours, args.remove_ours, args.add_counterpart, args.remove_counterpart)):
        raise CliError("Nothing to change: give --start, --end, --venue, --room, --status or an "
                       "--add-…/--remove-… option")
    notes: list[str] = []
    with open_db(args) as db, db.transaction() as session:
        meeting = meeting_named(session, args.id)
        event = session.get(Event, meeting.event_id)
        assert event is not None
        values = _place(session, event, meeting, args, notes)
        target = session.get(Venue, values.get("venue_id", meeting.venue_id)) \
            if values.get("venue_id", meeting.venue_id) is not None else None
        tz = target.tz if target is not None else meeting.tz
        if tz != meeting.tz and not (args.start or args.end):
            notes.append(f"the meeting keeps its wall times, now in {tz}")
        values.update(_times(meeting, args, tz))
        if args.status is not None:
            values["status"] = parse_enum(MeetingStatus, named(args.status, "--status"), "status")
        update_meeting(session, meeting, **values)
        _attendees(session, meeting, args)
        row = meeting_row(meeting)
    for note in notes:
        print(note, file=sys.stderr)
    if args.json:
        print_json(row.to_json())
    else:
        print(_summary(row))
    return EXIT_OK


def _place(session: Session, event: Event, meeting: Meeting, args: argparse.Namespace,
           notes: list[str]) -> dict[str, Any]:
    venue = venue_named(session, event, args.venue, "--venue") if args.venue is not None else None
    if args.room is not None:
        name = named(args.room, "--room")
        where = venue or meeting.venue or partnering_venue(session, event)
        if where is None:
            where = partnering_venue(session, event, create=True)
            assert where is not None
            notes.append(f"made {where.name} (the partnering venue, {where.tz})")
        room, made = find_or_add_room(session, where, name)
        if made:
            notes.append(f"made {room.name} in {where.name}")
        return {"venue_id": where.id, "room_id": room.id}
    if venue is None:
        return {}
    old: Room | None = meeting.room
    if old is not None and old.venue_id != venue.id:
        notes.append(f"the meeting no longer has a table: {old.name} is in {old.venue.name}, not "
                     f"{venue.name} (give one with --room)")
    return {"venue_id": venue.id}


def _wall(moment: Moment, default_day: date, tz: str, flag: str) -> tuple[datetime, int]:
    from planner.imports.schedule.rows import resolve_wall

    day, wall = moment
    try:
        local, fold = resolve_wall(day or default_day, wall, tz)
    except ValidationError as exc:
        raise CliError(f"{flag}: {exc}") from None
    if wall.offset is not None:
        actual = local.replace(tzinfo=timezones.zone(tz), fold=fold).utcoffset()
        if actual != wall.offset:
            raise CliError(f"{flag}: {local:%Y-%m-%d %H:%M} in {tz} is not at that offset "
                           f"({timezones.iso_local(timezones.to_utc(local, tz, fold), tz)[-6:]} there)")
    return local, fold


def _times(meeting: Meeting, args: argparse.Namespace, tz: str) -> dict[str, Any]:
    if not (args.start or args.end):
        return {}
    values: dict[str, Any] = {"tz": tz}
    if args.start:
        start, start_fold = _wall(args.start, meeting.start_local.date(), tz, "--start")
        values.update(start_local=start, start_fold=start_fold)
        if not args.end:  # a move keeps the real length (as dragging on the board does)
            end_utc = timezones.to_utc(start, tz, start_fold) + (meeting.end_utc - meeting.start_utc)
            end, end_fold = timezones.wall_from_utc(end_utc, tz)
            values.update(end_local=end, end_fold=end_fold)
    if args.end:
        default_day = values["start_local"].date() if args.start else meeting.end_local.date()
        end, end_fold = _wall(args.end, default_day, tz, "--end")
        values.update(end_local=end, end_fold=end_fold)
    return values


def _attendees(session: Session, meeting: Meeting, args: argparse.Namespace) -> None:
    changes = ((AttendeeSide.OURS, args.add_ours, args.remove_ours, "--add-ours", "--remove-ours"),
               (AttendeeSide.COUNTERPART, args.add_counterpart, args.remove_counterpart,
                "--add-counterpart", "--remove-counterpart"))
    if not any(adds or removes for _, adds, removes, _a, _r in changes):
        return
    current = {side: [a.person for a in meeting.attendees if a.side is side] for side in AttendeeSide}
    final = {side: list(people) for side, people in current.items()}
    for side, adds, removes, add_flag, remove_flag in changes:
        for email in removes:
            person = person_named(session, email, remove_flag)
            if all(p.id != person.id for p in final[side]):
                raise CliError(f"{remove_flag}: {email.strip()} is not among the meeting's "
                               f"{'attendees from our side' if side is AttendeeSide.OURS else 'counterparts'}")
            final[side] = [p for p in final[side] if p.id != person.id]
        for email in adds:
            person = person_named(session, email, add_flag)
            if all(p.id != person.id for p in final[side]):
                final[side].append(person)
    ours, theirs = final[AttendeeSide.OURS], final[AttendeeSide.COUNTERPART]
    both = [p for p in ours if any(p.id == q.id for q in theirs)]
    if both:
        raise CliError(f"{_who(both[0])} would be on both sides of the meeting; remove them from "
                       "one side (--remove-ours / --remove-counterpart)")
    # Counterparts who leave go first, so a person can change sides in one edit.
    kept = [p for p in current[AttendeeSide.COUNTERPART] if any(p.id == q.id for q in theirs)]
    set_attendees(session, meeting, AttendeeSide.COUNTERPART, kept)
    set_attendees(session, meeting, AttendeeSide.OURS, ours)
    set_attendees(session, meeting, AttendeeSide.COUNTERPART, theirs)


def _who(p: Person) -> str:
    return p.email or p.uuid


def _summary(row: MeetingRow) -> str:
    when = f"{row.start_iso[:16].replace('T', ' ')}–{row.end_iso[11:16]} ({row.tz})"
    return " · ".join((row.uuid, when, row.location or "no place", row.status))


def run_delete(args: argparse.Namespace) -> int:
    from planner.services.editing.dependents import delete_with_dependents

    with open_db(args) as db, db.transaction() as session:
        meeting = meeting_named(session, args.id)
        row = meeting_row(meeting)
        session.expire(meeting)  # the attendees just read would be deleted twice (SAWarning)
        impact = delete_with_dependents(session, meeting)
    gone = impact.describe()
    print(f"deleted the meeting of {row.start_iso[:16].replace('T', ' ')} ({row.tz}) at "
          f"{row.location or 'no place'}" + (f", with its {gone}" if gone else ""))
    return EXIT_OK
