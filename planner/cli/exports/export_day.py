"""``planner export day --event C --date YYYY-MM-DD [--delegate EMAIL] --out PATH.pdf``.

One day of the mission as a list on A4 portrait: every item of the day for the whole delegation
(or one delegate's), in event time with home time, conflicts marked
(:mod:`planner.services.schedule.day_sheet`, :mod:`planner.exports.day_sheet`). Built in a read session;
the file is recorded in the export log, with the people it names, in its own short write unit
before it is moved into place. The number of conflicts marked is printed on stderr; the exit
code stays 0 (``planner check`` is the command that fails on conflicts).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, open_db, parse_date
from planner.exports.day_sheet import DaySheetFile, write_day_sheet_pdf
from planner.exports.output import check_output_path
from planner.services.events.events import get_event
from planner.services.outputs.export_log import ExportEntry, logger_for
from planner.services.people.people import find_person
from planner.services.schedule.day_sheet import build_day_sheet


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = kinds.add_parser("day", help="one day for the whole delegation as a list (PDF, A4 portrait)")
    p.add_argument("--event", required=True, metavar="CODE")
    p.add_argument("--date", required=True, type=parse_date, metavar="YYYY-MM-DD",
                   help="the day, in the event's own zone")
    p.add_argument("--delegate", metavar="EMAIL", help="one delegate's day (default: the whole delegation)")
    p.add_argument("--out", required=True, metavar="PATH.pdf", type=Path)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".pdf":
        raise CliError("--out must name a .pdf file")
    check_output_path(out)  # a missing folder or a symlink: a message and exit 2 before any work
    with open_db(args) as db:
        with db.session() as session:  # a read: the app's edits go on meanwhile
            event = get_event(session, args.event)
            delegate_id = find_person(session, args.delegate).id if args.delegate else None
            sheet = build_day_sheet(session, event, args.date, delegate_id=delegate_id)
            event_id = event.id
        log = logger_for(db)

        def ready(f: DaySheetFile) -> None:
            log(ExportEntry("day_sheet", f.path, event_id, f.person_ids, f.pages))

        result = write_day_sheet_pdf(sheet, out, on_ready=ready)
    print(f"day sheet written to {out} ({result.pages} page(s), {len(sheet.entries)} item(s))", file=sys.stderr)
    if result.conflict_keys:
        n = len(result.conflict_keys)
        print(f"warning: {n} conflict{'s' if n != 1 else ''} marked on the day sheet; run `planner check "
              f"--event {sheet.event_code}` to resolve {'it' if n == 1 else 'them'}", file=sys.stderr)
    if result.uncovered:
        print("warning: characters with no glyph in the bundled fonts print as boxes: "
              + ", ".join(result.uncovered_described), file=sys.stderr)
    return EXIT_OK
