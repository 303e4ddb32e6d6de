"""``planner export crm --event C --format hubspot|salesforce --out PATH.csv``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, open_db
from planner.exports.crm import FORMATS, write_crm_csv
from planner.services.events import get_event
from planner.services.export_log import record_export
from planner.services.leads import list_crm_contacts


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = kinds.add_parser("crm", help="CSV for a CRM import (HubSpot contacts, Salesforce leads)")
    p.add_argument("--event", metavar="CODE", required=True)
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--out", metavar="PATH.csv", required=True, type=Path)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if not out.parent.is_dir():
        raise CliError(f"The folder {out.parent} does not exist")
    with open_db(args) as db, db.transaction() as session:
        event = get_event(session, args.event)
        contacts, left_out = list_crm_contacts(session, event)
        count = write_crm_csv(contacts, out, crm=args.format, event_name=event.name)
        record_export(session, kind=f"crm_{args.format}", path=out, event=event,
                      person_ids=[c.person_id for c in contacts], row_count=count)
    print(f"{count} contacts written to {out}" + (f" ({left_out} left out: no consent to lead sharing)"
                                                  if left_out else ""), file=sys.stderr)
    return EXIT_OK
