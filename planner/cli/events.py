"""``planner events add|list``."""

from __future__ import annotations

import argparse

from planner.cli.common import EXIT_OK, open_db, parse_date, print_json, print_table
from planner.services.events import add_event, list_events


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("events", help="add and list events")
    cmds = p.add_subparsers(dest="events_command", metavar="ACTION", parser_class=type(p))
    cmds.required = True
    add = cmds.add_parser("add", help="add an event")
    add.add_argument("--code", required=True, help="short slug, e.g. biojapan-2026")
    add.add_argument("--name", required=True)
    add.add_argument("--start", required=True, type=parse_date, metavar="YYYY-MM-DD")
    add.add_argument("--end", required=True, type=parse_date, metavar="YYYY-MM-DD")
    add.add_argument("--tz", required=True, help="IANA time zone, e.g. Asia/Tokyo")
    add.add_argument("--city", default="")
    add.add_argument("--country", default="", metavar="CC")
    add.add_argument("--home-tz", default="Europe/London", help="the delegation's home zone")
    add.set_defaults(handler=run_add)
    ls = cmds.add_parser("list", help="list events")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)


def run_add(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.transaction() as session:
        event = add_event(session, code=args.code, name=args.name, start_date=args.start, end_date=args.end,
                          tz=args.tz, city=args.city, country=args.country, home_tz=args.home_tz)
        code = event.code
    print(code)
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.session() as session:
        rows = list_events(session)
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        print_table(["code", "name", "start", "end", "tz"],
                    [[r.code, r.name, r.start.isoformat(), r.end.isoformat(), r.tz] for r in rows])
    return EXIT_OK
