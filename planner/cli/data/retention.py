"""``planner retention list`` and ``planner retention anonymise --event C``."""

from __future__ import annotations

import argparse
import sys

from planner.cli.common import EXIT_OK, EXIT_PROBLEMS, open_db, print_json, print_table
from planner.services.personal_data.retention import anonymise_event, overdue_events


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("retention", help="events past their retention period; anonymise them")
    actions = p.add_subparsers(dest="retention_action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    lst = actions.add_parser("list", help="events whose personal data is overdue for anonymisation")
    lst.add_argument("--json", action="store_true", help="print JSON: code, name, end, retention_days, due, people")
    lst.set_defaults(handler=run_list)
    anon = actions.add_parser("anonymise", aliases=["anonymize"],
                              help="anonymise the people of one overdue event")
    anon.add_argument("--event", required=True, metavar="C", help="event code")
    anon.add_argument("--force", action="store_true", help="anonymise even if not overdue yet")
    anon.add_argument("--json", action="store_true", help="print JSON")
    anon.set_defaults(handler=run_anonymise)


def run_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        with db.session() as session:
            rows = overdue_events(session)
    finally:
        db.close()
    if args.json:
        print_json([{"code": r.code, "name": r.name, "end": r.end_date, "retention_days": r.retention_days,
                     "due": r.due, "people": r.people} for r in rows])
    elif rows:
        print_table(["code", "name", "ended", "kept days", "overdue since", "people"],
                    [[r.code, r.name, r.end_date.isoformat(), str(r.retention_days), r.due.isoformat(),
                      str(r.people)] for r in rows])
    else:
        print("no event is past its retention period")
    return EXIT_OK


def run_anonymise(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        report = anonymise_event(db, args.event, force=args.force)
    finally:
        db.close()
    if args.json:
        print_json({"event": report.code, "anonymised": report.anonymised, "kept": report.kept,
                    "delegate_rows_cleared": report.delegate_rows_cleared, "residue": report.residue})
    else:
        print(f"{report.code}: {report.anonymised} people anonymised, {report.kept} kept (linked to events "
              f"still within retention), {report.delegate_rows_cleared} delegate records cleared of "
              "dietary/access needs")
        print("backups made before keep the old data until rotation retires them")
    if report.residue:
        print(f"warning: traces remain in {', '.join(report.residue)}", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK
