"""``planner import leads FILE --event C [--dry-run]``: an edited lead sheet coming back.

Changes go to stdout; warnings (columns the sheet does not have, whose values are not imported)
and row errors to stderr. Only .xlsx is read: other formats get a message saying how to save one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.cli.common import EXIT_OK, EXIT_PROBLEMS, open_db
from planner.imports.leads.sheet import LeadSheetPlan, apply_lead_sheet, plan_lead_sheet
from planner.services.events.events import get_event


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = kinds.add_parser("leads", help="an edited lead sheet (the .xlsx written by 'export leads', saved as .xlsx)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--event", metavar="CODE", required=True)
    p.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    p.set_defaults(handler=run)


def _show(plan: LeadSheetPlan) -> None:
    for change in plan.changes:
        print(f"change  {change.where}  {change.person}")
        for header, (old, new) in change.fields.items():
            print(f"    {header}: {_text(old)} → {_text(new)}")
    for conflict in plan.conflicts:
        print(f"conflict  {conflict}")
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in plan.errors:
        print(f"error: {error}", file=sys.stderr)


def _text(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    text = str(value).replace("\n", " ⏎ ")
    return text if len(text) <= 60 else text[:59] + "…"


def run(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.transaction() as session:
        event = get_event(session, args.event)
        plan = plan_lead_sheet(session, event, args.file)
        _show(plan)
        if plan.errors:
            print(f"{len(plan.errors)} row(s) rejected: nothing was changed", file=sys.stderr)
            return EXIT_PROBLEMS
        if not args.dry_run:
            apply_lead_sheet(session, event, plan)
    verb = "would change" if args.dry_run else "changed"
    print(f"{len(plan.changes)} lead(s) {verb}, {plan.unchanged} unchanged, {len(plan.conflicts)} conflict(s)"
          + (f", {len(plan.warnings)} warning(s)" if plan.warnings else "")
          + (" (dry run: nothing was changed)" if args.dry_run else ""), file=sys.stderr)
    return EXIT_PROBLEMS if plan.conflicts else EXIT_OK
