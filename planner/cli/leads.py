"""``planner leads add`` and ``planner leads list`` (see shared/cli.md)."""

from __future__ import annotations

import argparse

from planner.cli.common import EXIT_OK, open_db, parse_date, print_json, print_table
from planner.domain.enums import LeadStage, label, parse_enum
from planner.services.events import get_event
from planner.services.followups import add_lead_with_action
from planner.services.leads import list_leads
from planner.services.people import find_person


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("leads", help="add and list leads")
    cmds = p.add_subparsers(dest="leads_command", metavar="ACTION", parser_class=type(p))
    cmds.required = True
    add = cmds.add_parser("add", help="add a lead with its first follow-up action; prints the lead id")
    add.add_argument("--event", metavar="CODE", required=True)
    add.add_argument("--person", metavar="EMAIL", required=True, help="the contact the lead is about")
    add.add_argument("--stage", default="new", help="new, qualified, introduced, proposal, agreed, lost")
    add.add_argument("--owner", metavar="EMAIL", help="who on our side follows it up")
    add.add_argument("--value", type=int, metavar="N", help="estimated value (whole number)")
    add.add_argument("--currency", default="", metavar="XXX", help="ISO 4217 code, e.g. GBP")
    add.add_argument("--next-action", default="", metavar="TEXT")
    add.add_argument("--due", type=parse_date, metavar="YYYY-MM-DD")
    add.add_argument("--notes", default="")
    add.set_defaults(handler=run_add)
    ls = cmds.add_parser("list", help="list the event's leads with their next action")
    ls.add_argument("--event", metavar="CODE", required=True)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)


def run_add(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.transaction() as session:
        event = get_event(session, args.event)
        person = find_person(session, args.person)
        owner = find_person(session, args.owner) if args.owner else None
        stage = LeadStage(parse_enum(LeadStage, args.stage, "stage"))
        lead = add_lead_with_action(session, event, person=person, owner=owner, stage=stage,
                                    value=args.value, currency=args.currency,
                                    next_action=args.next_action, due_date=args.due, notes=args.notes)
        lead_id = lead.uuid
    print(lead_id)
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.session() as session:
        rows = list_leads(session, get_event(session, args.event))
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        print_table(["person", "organisation", "stage", "owner", "value", "next action", "due", "status"],
                    [[r.person_email or r.person_name, r.organisation, label(r.stage), r.owner_email,
                      f"{r.value:,} {r.currency}" if r.value is not None else "", r.next_action,
                      r.due.isoformat() if r.due else "", label(r.action_status) if r.action_status else ""]
                     for r in rows])
    return EXIT_OK
