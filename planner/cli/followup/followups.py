"""``planner followups list --event C [--owner EMAIL] [--member-organisation NAME] [--overdue] [--json]``.

The same rows as the GUI's follow-up list (``list_follow_ups``), filtered with the same predicate
the dashboard counts with (``planner.services.views.row_filters``), as of the mission's today (the date
in the event's home zone, ``planner.services.events.clock``) unless ``--as-of`` pins it. A member
organisation the event does not have is an error (exit 2) naming the close ones, never an empty list.
"""

from __future__ import annotations

import argparse

from planner.cli.common import EXIT_OK, open_db, parse_date, print_json, print_table
from planner.cli.lookup import event_named, named, person_named
from planner.services.events.clock import event_today
from planner.services.followup.member_organisations import resolve_member_organisation
from planner.services.views.listings import list_follow_ups
from planner.services.views.row_filters import Filter, compile_filter


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("followups", help="list follow-up actions")
    cmds = p.add_subparsers(dest="followups_command", metavar="ACTION", parser_class=type(p))
    cmds.required = True
    ls = cmds.add_parser("list", help="the event's follow-up actions, soonest due first")
    ls.add_argument("--event", metavar="CODE", required=True)
    ls.add_argument("--owner", metavar="EMAIL", help="only this owner's actions")
    ls.add_argument("--member-organisation", metavar="NAME",
                    help='only the actions on leads of this member organisation '
                         '("(no member organisation)": leads without one)')
    ls.add_argument("--overdue", action="store_true", help="only open actions due before today")
    ls.add_argument("--as-of", type=parse_date, metavar="YYYY-MM-DD",
                    help="the day that counts as today (default: today in the event's home zone)")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.session() as session:
        event = event_named(session, args.event)
        today = args.as_of or event_today(event)
        spec: Filter = {}
        if args.owner is not None:
            spec["owner"] = person_named(session, args.owner, "--owner").email or named(args.owner, "--owner")
        if args.member_organisation is not None:
            spec["member"] = resolve_member_organisation(
                session, event.id, event.code, named(args.member_organisation, "--member-organisation"))
        if args.overdue:
            spec["overdue"] = today.isoformat()
        keep = compile_filter("follow_up_actions", spec)
        rows = [r for r in list_follow_ups(session, event.id, today=today) if keep(r)]
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        print_table(["due", "action", "lead", "owner", "status", "member organisation"],
                    [[(r.due_date.isoformat() if r.due_date else "") + (" overdue" if r.overdue else ""),
                      r.description, r.lead, r.owner_email or r.owner, r.status.replace("_", " "),
                      r.member_organisation] for r in rows])
    return EXIT_OK
