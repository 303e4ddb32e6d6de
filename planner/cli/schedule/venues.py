"""``planner venues add|edit|delete|list``: an event's venues (see shared/cli.md)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.cli.common import EXIT_OK, CliError, open_db, print_json, print_table
from planner.cli.lookup import event_named, named, parse_clock, venue_named
from planner.services.events.places import add_venue, list_venues, partnering_venue, update_venue
from planner.storage.models import Meeting, Room, Slot, Venue, VenueTravel


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("venues", help="add, edit, delete and list an event's venues")
    cmds = p.add_subparsers(dest="venues_command", metavar="ACTION", parser_class=type(p))
    cmds.required = True
    add = cmds.add_parser("add", help="add a venue; prints its name and zone")
    add.add_argument("--event", metavar="CODE", required=True)
    add.add_argument("--name", required=True)
    _place_options(add)
    add.add_argument("--partnering", action="store_true",
                     help="the venue whose tables partnering meetings use (takes the mark from another)")
    add.set_defaults(handler=run_add)
    edit = cmds.add_parser("edit", help="change a venue (a new zone keeps the wall times of what is there)")
    edit.add_argument("--event", metavar="CODE", required=True)
    edit.add_argument("venue", metavar="NAME", help="the venue's name (or UUID)")
    edit.add_argument("--name", help="a new name")
    _place_options(edit)
    edit.add_argument("--no-hours", action="store_true", help="forget the opening hours")
    mark = edit.add_mutually_exclusive_group()
    mark.add_argument("--partnering", action="store_true", default=None,
                      help="make it the partnering venue (takes the mark from another)")
    mark.add_argument("--not-partnering", dest="partnering", action="store_false", default=None,
                      help="it is no longer the partnering venue")
    edit.set_defaults(handler=run_edit)
    delete = cmds.add_parser("delete", help="delete a venue with its rooms and travel times")
    delete.add_argument("--event", metavar="CODE", required=True)
    delete.add_argument("venue", metavar="NAME", help="the venue's name (or UUID)")
    delete.set_defaults(handler=run_delete)
    ls = cmds.add_parser("list", help="list an event's venues")
    ls.add_argument("--event", metavar="CODE", required=True)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)


def _place_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tz", metavar="ZONE", help="IANA time zone, e.g. Asia/Seoul (default: the event's)")
    p.add_argument("--address")
    p.add_argument("--city")
    p.add_argument("--phone")
    p.add_argument("--opens", type=parse_clock, metavar="HH:MM")
    p.add_argument("--closes", type=parse_clock, metavar="HH:MM")


def _say_partnering_moved(before: Venue | None, after: Venue) -> None:
    if after.partnering and before is not None and before.id != after.id:
        print(f"“{before.name}” is no longer the partnering venue; “{after.name}” is", file=sys.stderr)


def run_add(args: argparse.Namespace) -> int:
    tz = named(args.tz, "--tz") if args.tz is not None else None
    with open_db(args) as db, db.transaction() as session:
        event = event_named(session, args.event)
        before = partnering_venue(session, event)
        venue = add_venue(session, event, name=args.name, tz=tz, address=args.address or "",
                          city=args.city or "", opens=args.opens, closes=args.closes,
                          phone=args.phone or "", partnering=args.partnering)
        _say_partnering_moved(before, venue)
        text = f"{venue.name} ({venue.tz})"
    print(text)
    return EXIT_OK


def _items_at(session: Session, venue: Venue) -> int:
    meetings = session.scalar(select(func.count()).select_from(Meeting).where(Meeting.venue_id == venue.id))
    slots = session.scalar(select(func.count()).select_from(Slot).where(Slot.venue_id == venue.id))
    return int(meetings or 0) + int(slots or 0)


def run_edit(args: argparse.Namespace) -> int:
    values: dict[str, Any] = {key: getattr(args, key) for key in
                              ("name", "tz", "address", "city", "phone", "opens", "closes", "partnering")
                              if getattr(args, key) is not None}
    if args.no_hours:
        if args.opens or args.closes:
            raise CliError("--no-hours clears the hours: give it without --opens/--closes")
        values.update(opens=None, closes=None)
    if not values:
        raise CliError("Nothing to change: give --name, --tz, --address, --city, --phone, "
                       "--opens/--closes, --no-hours, --partnering or --not-partnering")
    with open_db(args) as db, db.transaction() as session:
        event = event_named(session, args.event)
        venue = venue_named(session, event, args.venue)
        before = partnering_venue(session, event)
        old_tz = venue.tz
        update_venue(session, venue, **values)
        _say_partnering_moved(before, venue)
        if venue.tz != old_tz and (n := _items_at(session, venue)):
            print(f"{n} meeting(s)/slot(s) at {venue.name} keep their wall times, now in {venue.tz}",
                  file=sys.stderr)
        text = f"{venue.name} ({venue.tz})"
    print(text)
    return EXIT_OK


def run_delete(args: argparse.Namespace) -> int:
    from planner.services.editing.dependents import delete_with_dependents

    with open_db(args) as db, db.transaction() as session:
        event = event_named(session, args.event)
        venue = venue_named(session, event, args.venue)
        text = f"deleted {venue.name}" + _what_goes_with(session, venue)
        delete_with_dependents(session, venue)
    print(text)
    return EXIT_OK


def _what_goes_with(session: Session, venue: Venue) -> str:
    """Rooms and travel times go with the venue; meetings and slots there stay, placeless.
    (Counted per record: a meeting loses its venue and its table but is one meeting.)"""
    from planner.services.editing.dependents import plan_delete

    deletions, clears = plan_delete(session, venue)
    rooms = sum(1 for d in deletions if isinstance(d, Room))
    travel = sum(1 for d in deletions if isinstance(d, VenueTravel))
    meetings = len({id(c) for c, _ in clears if isinstance(c, Meeting)})
    slots = len({id(c) for c, _ in clears if isinstance(c, Slot)})
    text = f" with {rooms} room(s)/table(s) and {travel} travel time(s)"
    if meetings or slots:
        text += (f"; {meetings} meeting(s) and {slots} slot(s) there lose their place "
                 "(their times are kept)")
    return text


def run_list(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.session() as session:
        rows = list_venues(session, event_named(session, args.event))
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        print_table(["name", "zone", "hours", "partnering", "rooms"],
                    [[r.name, r.tz, r.hours, "yes" if r.partnering else "", str(len(r.rooms))] for r in rows])
    return EXIT_OK
