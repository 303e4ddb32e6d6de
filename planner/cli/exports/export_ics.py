"""``planner export ics --event C [--delegate EMAIL] --out PATH.ics``: calendars for delegates.

Built in a read session; the file is logged in its own short write unit before it is moved
into place, and the calendar's memory of what it sent (so the next export cancels what left
it) is recorded in that same write unit (``run_export`` with ``calendar_logger(db)``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, open_db
from planner.exports.output import check_output_path
from planner.services.outputs.calendars import calendar_logger
from planner.services.outputs.export_jobs import ExportRequest, run_export
from planner.services.people.people import find_person


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = kinds.add_parser("ics", help="iCalendar file for one delegate or the whole delegation")
    p.add_argument("--event", required=True, metavar="CODE")
    p.add_argument("--delegate", metavar="EMAIL", help="one person's calendar (default: the whole delegation)")
    p.add_argument("--out", required=True, metavar="PATH.ics")
    p.set_defaults(handler=run_ics)


def run_ics(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.is_dir() or args.out.endswith(("/", "\\")):
        raise CliError(f"--out must name a file such as {out / 'calendar.ics'}")
    check_output_path(out)  # a missing folder or a symlink: a message and exit 2 before any work
    with open_db(args) as db, db.session() as session:
        ids = [find_person(session, args.delegate).id] if args.delegate else None
        result = run_export(session, ExportRequest("ics", args.event, out, delegate_ids=ids),
                            log=calendar_logger(db))
    print(f"{result.count} entries written to {out}")
    return EXIT_OK
