"""``planner travel set|clear``: minutes needed between two of an event's venues."""

from __future__ import annotations

import argparse

from planner.cli.common import EXIT_OK, CliError, open_db
from planner.cli.lookup import event_named, venue_named
from planner.services.events.places import clear_travel_minutes, set_travel_minutes


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("travel", help="travel times between venues")
    cmds = p.add_subparsers(dest="travel_command", metavar="ACTION", parser_class=type(p))
    cmds.required = True
    st = cmds.add_parser("set", help="set the minutes from one venue to another (both ways unless --one-way)")
    _pair_options(st)
    st.add_argument("--minutes", type=int, metavar="M", required=True, help="0 to 1440")
    st.set_defaults(handler=run_set)
    clear = cmds.add_parser("clear", help="forget the travel time between two venues (both ways unless --one-way)")
    _pair_options(clear)
    clear.set_defaults(handler=run_clear)


def _pair_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--event", metavar="CODE", required=True)
    p.add_argument("--from", dest="from_venue", metavar="V1", required=True)
    p.add_argument("--to", dest="to_venue", metavar="V2", required=True)
    p.add_argument("--one-way", action="store_true", help="only from V1 to V2")


def run_set(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.transaction() as session:
        event = event_named(session, args.event)
        a = venue_named(session, event, args.from_venue, "--from")
        b = venue_named(session, event, args.to_venue, "--to")
        set_travel_minutes(session, a, b, args.minutes, both_ways=not args.one_way)
        arrow = "→" if args.one_way else "↔"
        text = f"{a.name} {arrow} {b.name}: {args.minutes} min"
    print(text)
    return EXIT_OK


def run_clear(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.transaction() as session:
        event = event_named(session, args.event)
        a = venue_named(session, event, args.from_venue, "--from")
        b = venue_named(session, event, args.to_venue, "--to")
        if a.id == b.id:
            raise CliError("Travel time is between two different venues: --from and --to name the same one")
        clear_travel_minutes(session, a, b, both_ways=not args.one_way)
        text = f"{a.name} {'→' if args.one_way else '↔'} {b.name}: no travel time"
    print(text)
    return EXIT_OK
