"""``planner people list``."""

from __future__ import annotations

import argparse

from planner.cli.common import EXIT_OK, open_db, print_json, print_table
from planner.cli.lookup import event_named
from planner.services.people import list_people


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("people", help="list people")
    cmds = p.add_subparsers(dest="people_command", metavar="ACTION", parser_class=type(p))
    cmds.required = True
    ls = cmds.add_parser("list", help="list people (of one event with --event)")
    ls.add_argument("--event", metavar="CODE")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.session() as session:
        # "--event ''" (an unset variable) is refused, never read as "everyone"
        event_id = event_named(session, args.event).id if args.event is not None else None
        rows = list_people(session, event_id)
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        print_table(["name", "native", "email", "organisation"],
                    [[r.display_name, r.native_name, r.email, r.organisation] for r in rows])
    return EXIT_OK
