"""``planner export impact --event C --out PATH.pdf|PATH.xlsx``: the funder's impact report.

Built in a read session; the file is logged in its own short write unit before it is moved
into place (``run_export`` with ``logger_for(db)``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, open_db, parse_date
from planner.exports.output import check_output_path
from planner.services.outputs.export_jobs import IMPACT_SUFFIXES, ExportRequest, run_export
from planner.services.outputs.export_log import logger_for


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = kinds.add_parser("impact", help="impact report for funders (PDF or XLSX, chosen by --out)")
    p.add_argument("--event", metavar="CODE", required=True)
    p.add_argument("--out", metavar="PATH.pdf|PATH.xlsx", required=True, type=Path)
    p.add_argument("--as-of", type=parse_date, metavar="YYYY-MM-DD",
                   help="the day follow-ups count as overdue from (default: today)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() not in IMPACT_SUFFIXES:
        raise CliError("--out must name a .pdf or .xlsx file")
    check_output_path(out)  # a missing folder or a symlink: a message and exit 2 before any work
    with open_db(args) as db, db.session() as session:
        run_export(session, ExportRequest("impact", args.event, out, as_of=args.as_of), log=logger_for(db))
    print(f"impact report written to {out}", file=sys.stderr)
    return EXIT_OK
