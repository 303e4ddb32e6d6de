"""``planner export leads --event C --out PATH.xlsx``: the lead sheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, open_db, stderr_progress
from planner.exports.lead_sheet import write_lead_sheet
from planner.services.events import get_event
from planner.services.export_log import record_export
from planner.services.leads import build_lead_sheet


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = kinds.add_parser("leads", help="lead sheet (XLSX) that can be edited and imported back")
    p.add_argument("--event", metavar="CODE", required=True)
    p.add_argument("--out", metavar="PATH.xlsx", required=True, type=Path)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        raise CliError("--out must name an .xlsx file")
    if not out.parent.is_dir():
        raise CliError(f"The folder {out.parent} does not exist")
    with open_db(args) as db, db.transaction() as session:
        event = get_event(session, args.event)
        data = build_lead_sheet(session, event)
        count = write_lead_sheet(data, out, progress=stderr_progress("lead sheet"))
        record_export(session, kind="lead_sheet", path=out, event=event, person_ids=data.person_ids,
                      row_count=count)
    print(f"{count} leads written to {out}" + (f" ({data.left_out} left out: no consent to lead sharing)"
                                               if data.left_out else ""), file=sys.stderr)
    return EXIT_OK
