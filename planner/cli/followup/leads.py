"""``planner leads add``, ``leads edit`` and ``leads list [--member-organisation NAME]`` (see shared/cli.md).

``leads list`` filters with the same predicate as the GUI's filter box and the dashboard
(:mod:`planner.services.views.row_filters`); a member organisation the event does not have is an error
(exit 2) naming the close ones, never an empty list."""

from __future__ import annotations

import argparse

from planner.cli.common import (
    EXIT_OK,
    CliError,
    open_db,
    parse_amount_arg,
    parse_date,
    print_json,
    print_table,
)
from planner.cli.lookup import event_named, named, person_named
from planner.domain.enums import LeadStage, label, parse_enum
from planner.domain.validation import MAX_AMOUNT
from planner.services.followup.followups import add_lead_with_action, update_lead
from planner.services.followup.leads import find_lead, list_leads
from planner.services.followup.member_organisations import resolve_member_organisation
from planner.services.views.row_filters import Filter, compile_filter

VALUE_HELP = (f"estimated value, a whole amount from 0 to {MAX_AMOUNT:,} in the currency's units "
              "(e.g. 250000 or 1,250,000); needs --currency")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("leads", help="add and list leads")
    cmds = p.add_subparsers(dest="leads_command", metavar="ACTION", parser_class=type(p))
    cmds.required = True
    add = cmds.add_parser("add", help="add a lead with its first follow-up action; prints the lead id")
    add.add_argument("--event", metavar="CODE", required=True)
    add.add_argument("--person", metavar="EMAIL", required=True, help="the contact the lead is about")
    add.add_argument("--stage", default="new", help="new, qualified, introduced, proposal, agreed, lost")
    add.add_argument("--owner", metavar="EMAIL", help="who on our side follows it up")
    add.add_argument("--value", type=parse_amount_arg, metavar="N", help=VALUE_HELP)
    add.add_argument("--currency", default="", metavar="XXX", help="ISO 4217 code, e.g. GBP")
    add.add_argument("--next-action", default="", metavar="TEXT")
    add.add_argument("--due", type=parse_date, metavar="YYYY-MM-DD")
    add.add_argument("--notes", default="")
    add.set_defaults(handler=run_add)
    edit = cmds.add_parser("edit", help="edit one lead (its id as `leads list --json` prints it)")
    edit.add_argument("id", metavar="ID", help="the lead's id")
    edit.add_argument("--stage", help="new, qualified, introduced, proposal, agreed, lost")
    edit.add_argument("--owner", metavar="EMAIL", help="who on our side follows it up")
    edit.add_argument("--value", type=parse_amount_arg, metavar="N", help=VALUE_HELP)
    edit.add_argument("--currency", metavar="XXX", help="ISO 4217 code, e.g. GBP")
    edit.add_argument("--notes")
    edit.set_defaults(handler=run_edit)
    ls = cmds.add_parser("list", help="list the event's leads with their next action")
    ls.add_argument("--event", metavar="CODE", required=True)
    ls.add_argument("--member-organisation", metavar="NAME",
                    help='only the leads of this member organisation ("(no member organisation)": leads without one)')
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)


def run_add(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.transaction() as session:
        event = event_named(session, args.event)
        person = person_named(session, args.person, "--person")
        owner = person_named(session, args.owner, "--owner") if args.owner is not None else None
        stage = LeadStage(parse_enum(LeadStage, named(args.stage, "--stage"), "stage"))
        lead = add_lead_with_action(session, event, person=person, owner=owner, stage=stage,
                                    value=args.value, currency=args.currency,
                                    next_action=args.next_action, due_date=args.due, notes=args.notes)
        lead_id = lead.uuid
    print(lead_id)
    return EXIT_OK


def run_edit(args: argparse.Namespace) -> int:
    values: dict[str, object] = {}
    if args.stage is not None:
        values["stage"] = LeadStage(parse_enum(LeadStage, named(args.stage, "--stage"), "stage"))
    if args.value is not None:
        values["value"] = args.value
    if args.currency is not None:
        values["currency"] = named(args.currency, "--currency")
    if args.notes is not None:
        values["notes"] = args.notes
    if not values and args.owner is None:
        raise CliError("Nothing to change: give --stage, --owner, --value, --currency or --notes")
    with open_db(args) as db, db.transaction() as session:
        lead = find_lead(session, named(args.id, "the lead ID"))
        if args.owner is not None:
            values["owner_id"] = person_named(session, args.owner, "--owner").id
        update_lead(session, lead, **values)
        lead_id = lead.uuid
    print(lead_id)
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.session() as session:
        event = event_named(session, args.event)
        spec: Filter = {}
        if args.member_organisation is not None:
            spec["member"] = resolve_member_organisation(
                session, event.id, event.code, named(args.member_organisation, "--member-organisation"))
        keep = compile_filter("leads", spec)
        rows = [r for r in list_leads(session, event) if keep(r)]
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        print_table(["person", "organisation", "stage", "owner", "value", "next action", "due", "status",
                     "member organisation"],
                    [[r.person_email or r.person_name, r.organisation, label(r.stage), r.owner_email,
                      f"{r.value:,} {r.currency}" if r.value is not None else "", r.next_action,
                      r.due.isoformat() if r.due else "", label(r.action_status) if r.action_status else "",
                      r.member_organisation]
                     for r in rows])
    return EXIT_OK
