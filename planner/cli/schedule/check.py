"""``planner check --event C [--json]``: schedule conflicts across meetings, slots and side events."""

from __future__ import annotations

import argparse
import sys

from planner.cli.common import EXIT_OK, EXIT_PROBLEMS, open_db, print_json, stderr_progress
from planner.cli.lookup import event_named, named
from planner.domain import timezones
from planner.services.schedule.conflicts import (
    acknowledge_conflict,
    check_event,
    withdraw_acknowledgement,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="check an event's schedule for conflicts (exit 1 when any)")
    p.add_argument("--event", required=True, metavar="CODE")
    p.add_argument("--json", action="store_true", help="print the conflicts as JSON")
    p.add_argument("--home-tz", metavar="ZONE", help="show home times in this zone (default: the event's)")
    p.add_argument("--open-only", action="store_true",
                   help="leave out conflicts that were acknowledged (and exit 0 when only those remain)")
    p.add_argument("--acknowledge", metavar="KEY", help="accept the conflict with this key, then check")
    p.add_argument("--note", default="", help="why the conflict is accepted (with --acknowledge)")
    p.add_argument("--withdraw", metavar="KEY", help="withdraw an acknowledgement, then check")
    p.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    home_tz = None
    if args.home_tz is not None:
        home_tz = named(args.home_tz, "--home-tz")
        timezones.zone(home_tz)  # only a real IANA zone, even when no item needs it
    with open_db(args) as db:
        if args.acknowledge is not None or args.withdraw is not None:
            with db.transaction() as session:
                event = event_named(session, args.event)
                if args.acknowledge is not None:
                    acknowledge_conflict(session, event, named(args.acknowledge, "--acknowledge"),
                                         args.note)
                if args.withdraw is not None:
                    withdraw_acknowledgement(session, event, named(args.withdraw, "--withdraw"))
        with db.session() as session:
            report = check_event(session, event_named(session, args.event), home_tz=home_tz,
                                 progress=stderr_progress("checking"))
    rows = report.open if args.open_only else report.conflicts
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        for r in rows:
            mark = " (acknowledged)" if r.acknowledged else ""
            print(f"{r.kind}{mark} [{r.key}]\n  {r.message}\n  → {r.suggestion}")
            if r.note:
                print(f"  note: {r.note}")
        acknowledged = len(report.conflicts) - len(report.open)
        print(f"{len(report.conflicts)} conflict(s) in {report.item_count} items"
              + (f", {acknowledged} acknowledged" if acknowledged else ""), file=sys.stderr)
    return EXIT_PROBLEMS if rows else EXIT_OK
