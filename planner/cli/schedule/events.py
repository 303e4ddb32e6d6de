"""``planner events add|list|copy``."""

from __future__ import annotations

import argparse

from planner.cli.common import EXIT_OK, open_db, parse_date, print_json, print_table
from planner.cli.lookup import named
from planner.services.events.events import add_event, list_events

TYPE_CHECKING = False
if TYPE_CHECKING:
    from planner.services.events.event_copy import CopyPlan

# The words ``--what`` takes, for its help line: planner.services.events.event_copy.WHAT_WORDS, which
# (with the copy service, delegations and people behind it) loads only when ``events copy`` runs;
# tests/planner/core/test_cli_start.py checks the two lists agree.
COPY_WHAT_WORDS = ("delegation", "organisations", "delegates", "venues", "contacts")


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
    cp = cmds.add_parser(
        "copy", help="start an event from a past one: member organisations, delegates and roles, venues "
                     "and rooms, contacts (people are linked, not duplicated)",
        description="Copies into an existing event (make it first with `events add`) what a past event "
                    "had: never its meetings, slots, outcomes, leads, follow-ups or travel logistics. "
                    "What the target already has is reused, so running it twice adds nothing.")
    cp.add_argument("--from", dest="from_event", required=True, metavar="C1", help="the past event's code")
    cp.add_argument("--to", dest="to_event", required=True, metavar="C2",
                    help="the new event's code (it must exist: planner events add …)")
    cp.add_argument("--what", default="delegation,venues,contacts", metavar="PARTS",
                    help=f"comma-separated: {', '.join(COPY_WHAT_WORDS)} (default: delegation,venues,contacts; "
                         "delegation = organisations + delegates)")
    cp.add_argument("--with-needs", action="store_true",
                    help="also copy the delegates' dietary and access needs (special-category data: "
                         "not copied unless asked)")
    cp.add_argument("--dry-run", action="store_true", help="show what would be made; change nothing")
    cp.add_argument("--json", action="store_true", help="print the plan (or what was made) as JSON")
    cp.set_defaults(handler=run_copy)


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


def run_copy(args: argparse.Namespace) -> int:
    from planner.services.events.event_copy import CopyOptions, copy_event

    source, target = named(args.from_event, "--from"), named(args.to_event, "--to")
    options = CopyOptions.from_words(args.what, needs=args.with_needs)
    with open_db(args) as db:
        if args.dry_run:
            with db.session() as session:
                plan = copy_event(session, source, target, options, dry_run=True)
        else:
            with db.transaction() as session:
                plan = copy_event(session, source, target, options)
    if args.json:
        print_json({**plan.to_json(), "dry_run": bool(args.dry_run)})
    else:
        _print_plan(plan, dry_run=args.dry_run)
    return EXIT_OK


def _print_plan(plan: CopyPlan, *, dry_run: bool) -> None:
    if dry_run:
        print(f"Dry run: copying {plan.source} into {plan.target} would make (nothing was changed):")
    elif plan.applied:
        print(f"Copied {plan.source} into {plan.target}:")
    else:
        print(f"Nothing to copy: {plan.target} already has everything chosen from {plan.source}.")
    for line in plan.summary_lines():
        print(f"  {line}")
    if dry_run:
        for kind in ("delegation", "organisation", "delegate", "venue", "room", "travel", "contact"):
            for item in plan.of(kind, new=True):
                detail = f" ({item.detail})" if item.detail else ""
                print(f"  + {kind}: {item.name}{detail}")
    print("Never copied:")
    for line in plan.never_copied:
        print(f"  - {line}")
