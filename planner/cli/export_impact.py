"""``planner export impact --event C --out PATH.pdf|PATH.xlsx``: the funder's impact report."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, open_db, parse_date
from planner.exports.impact_pdf import write_impact_pdf
from planner.exports.impact_xlsx import write_impact_xlsx
from planner.services.events import get_event
from planner.services.export_log import record_export
from planner.services.impact import build_impact_report


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = kinds.add_parser("impact", help="impact report for funders (PDF or XLSX, chosen by --out)")
    p.add_argument("--event", metavar="CODE", required=True)
    p.add_argument("--out", metavar="PATH.pdf|PATH.xlsx", required=True, type=Path)
    p.add_argument("--as-of", type=parse_date, metavar="YYYY-MM-DD",
                   help="the day follow-ups count as overdue from (default: today)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    kind = out.suffix.lower()
    if kind not in (".pdf", ".xlsx"):
        raise CliError("--out must name a .pdf or .xlsx file")
    if not out.parent.is_dir():
        raise CliError(f"The folder {out.parent} does not exist")
    with open_db(args) as db, db.transaction() as session:
        event = get_event(session, args.event)
        report = build_impact_report(session, event, today=args.as_of or date.today())
        (write_impact_pdf if kind == ".pdf" else write_impact_xlsx)(report, out)
        record_export(session, kind=f"impact_{kind[1:]}", path=out, event=event, person_ids=[],
                      row_count=report.meetings_requested)
    print(f"impact report written to {out}", file=sys.stderr)
    return EXIT_OK
