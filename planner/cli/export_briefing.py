"""``planner export briefing --event C [--delegate EMAIL] --out PATH [--per-delegate] [--paper …]``.

Without ``--delegate``: the whole delegation's pack. ``--out DIR/ --per-delegate``: one file per
delegate in DIR. Every written file is recorded in the export log with the people it holds;
characters no bundled font can draw are printed as a warning on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, open_db, stderr_progress
from planner.exports.briefing_pdf import PackFile, write_briefing_pdf, write_delegate_packs
from planner.exports.filenames import path_inside, safe_file_name
from planner.exports.pdf_text import describe_uncovered
from planner.services.briefing import build_briefing
from planner.services.events import get_event
from planner.services.export_log import record_export
from planner.services.people import find_person
from planner.storage.database import Database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("briefing", help="briefing pack PDF (one delegate, the delegation, or one per delegate)")
    p.add_argument("--event", required=True, metavar="CODE")
    p.add_argument("--delegate", metavar="EMAIL", help="one delegate's pack (default: the whole delegation)")
    p.add_argument("--out", required=True, metavar="PATH", help="PDF file, or folder with --per-delegate")
    p.add_argument("--per-delegate", action="store_true", help="one file per delegate into the folder --out")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", type=str.lower)
    p.set_defaults(handler=run)


def _record(db: Database, event_code: str, files: list[PackFile]) -> None:
    if not files:
        return
    with db.transaction() as session:
        event = get_event(session, event_code)
        for f in files:
            record_export(session, kind="briefing", path=f.path, event=event, person_ids=f.person_ids,
                          row_count=f.pages)


def _warn_uncovered(files: list[PackFile]) -> None:
    chars = set().union(*(f.uncovered for f in files)) if files else set()
    if chars:
        described = describe_uncovered(chars)
        print(f"warning: {len(described)} character(s) have no glyph in the bundled fonts and print "
              f"as boxes: {', '.join(described)}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    wants_folder = args.per_delegate or args.out.endswith(("/", os.sep)) or out.is_dir()
    if wants_folder and out.exists() and not out.is_dir():
        raise CliError(f"{out} is a file; --per-delegate needs a folder")
    if not wants_folder and not out.parent.is_dir():
        raise CliError(f"The folder {out.parent} does not exist")
    with open_db(args) as db:
        with db.session() as session:
            event = get_event(session, args.event)
            ids = None
            if args.delegate:
                ids = [find_person(session, args.delegate).id]
            briefing = build_briefing(session, event, ids)
        if not briefing.packs and (args.per_delegate or ids):
            raise CliError(f"The event {event.code} has no delegates")
        written: list[PackFile] = []
        try:
            if args.per_delegate:
                write_delegate_packs(briefing, out, paper=args.paper, on_written=written.append,
                                     progress=stderr_progress("briefing packs"))
            else:
                target = out
                if wants_folder:
                    out.mkdir(parents=True, exist_ok=True)
                    who = briefing.packs[0].delegate.person.name if ids else "delegation"
                    target = path_inside(out, safe_file_name(f"{briefing.event_code} - {who}", ".pdf"))
                written.append(write_briefing_pdf(
                    briefing, target, delegate_id=ids[0] if ids else None, paper=args.paper,
                    progress=stderr_progress("briefing pack")))
        finally:
            _record(db, briefing.event_code, written)  # files on disk hold personal data: log them
    for f in written:
        print(f.path)
    _warn_uncovered(written)
    return EXIT_OK
