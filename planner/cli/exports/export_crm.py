"""``planner export crm --event C --format hubspot|salesforce --out PATH.csv``.

One row per person: their leads are folded into one contact (HubSpot keeps one contact per
e-mail address). Built in a read session; the file is logged in its own short write unit before
it is moved into place (``run_export`` with ``logger_for(db)``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.cli.common import EXIT_OK, open_db
from planner.exports.output import check_output_path
from planner.exports.sheets.crm import FORMATS
from planner.services.outputs.export_jobs import ExportRequest, run_export
from planner.services.outputs.export_log import logger_for


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = kinds.add_parser("crm", help="CSV for a CRM import (HubSpot contacts, Salesforce leads): "
                                     "one row per person, their leads folded in")
    p.add_argument("--event", metavar="CODE", required=True)
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--out", metavar="PATH.csv", required=True, type=Path)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    check_output_path(out)  # a missing folder or a symlink: a message and exit 2 before any work
    with open_db(args) as db, db.session() as session:
        result = run_export(session, ExportRequest("crm", args.event, out, crm_format=args.format),
                            log=logger_for(db))
    note = f" ({result.left_out} lead(s) left out: no consent to lead sharing)" if result.left_out else ""
    print(f"{result.count} contact(s) written to {out}, one row per person{note}", file=sys.stderr)
    return EXIT_OK
