"""``planner meetings list|edit|delete`` (edit and delete live in :mod:`planner.cli.schedule.meeting_edit`)."""

from __future__ import annotations

import argparse

from planner.cli.common import EXIT_OK, open_db, print_json, print_table
from planner.cli.lookup import event_named
from planner.cli.schedule import meeting_edit
from planner.services.schedule.meetings import list_meetings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("meetings", help="list, edit and delete meetings")
    cmds = p.add_subparsers(dest="meetings_command", metavar="ACTION", parser_class=type(p))
    cmds.required = True
    ls = cmds.add_parser("list", help="list an event's meetings")
    ls.add_argument("--event", required=True, metavar="CODE")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)
    meeting_edit.add_parsers(cmds)


def run_list(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.session() as session:
        rows = list_meetings(session, event_named(session, args.event))
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        print_table(["start", "end", "location", "status", "ours", "counterparts"],
                    [[r.start_iso[:16].replace("T", " "), r.end_iso[11:16], r.location, r.status,
                      "; ".join(r.our_names), "; ".join(r.counterpart_names)] for r in rows])
    return EXIT_OK
