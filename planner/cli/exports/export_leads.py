"""``planner export leads --event C [--member-organisation NAME] --out PATH.xlsx``: the lead sheet.

Built in a read session (the app's edits go on meanwhile); the file is logged in its own short
write unit before it is moved into place (``run_export`` with ``logger_for(db)``).
``--member-organisation`` writes the sheet of one member organisation's leads only (to send to
that member); the same workbook, the same consent rule, and it imports back like any lead sheet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, open_db, stderr_progress
from planner.cli.lookup import event_named, named
from planner.exports.output import check_output_path
from planner.services.outputs.export_jobs import ExportRequest, run_export
from planner.services.outputs.export_log import logger_for
from planner.services.views.row_filters import NO_MEMBER


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = kinds.add_parser("leads", help="lead sheet (XLSX) that can be edited and imported back")
    p.add_argument("--event", metavar="CODE", required=True)
    p.add_argument("--member-organisation", metavar="NAME",
                   help="only this member organisation's leads: a sheet to send to that member "
                        f'("{NO_MEMBER}": leads without one)')
    p.add_argument("--out", metavar="PATH.xlsx", required=True, type=Path)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        raise CliError("--out must name an .xlsx file")
    check_output_path(out)  # a missing folder or a symlink: a message and exit 2 before any work
    with open_db(args) as db, db.session() as session:
        progress = stderr_progress("lead sheet")
        member = (named(args.member_organisation, "--member-organisation")
                  if args.member_organisation is not None else None)
        request = ExportRequest("leads", event_named(session, args.event).code, out,
                                member_organisation=member)
        result = run_export(session, request, progress, log=logger_for(db))
    print(f"{result.count} leads written to {out}" + (f" ({result.left_out} left out: no consent to lead sharing)"
                                                      if result.left_out else ""), file=sys.stderr)
    return EXIT_OK
