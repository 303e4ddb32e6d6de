"""``planner export briefing --event C [--delegate EMAIL] --out PATH [--per-delegate] [--paper …]``.

Without ``--delegate``: the whole delegation's pack. ``--out DIR/ --per-delegate``: one file per
delegate in DIR. The data is read in a read session (the app's edits go on meanwhile); every
file is recorded in the export log, with the people it holds, in its own short write unit before
it is moved into place — a run killed halfway leaves only logged packs. Characters no bundled
font can draw are printed as a warning on stderr, and so is the number of schedule conflicts the
packs mark ("N conflicts marked in the pack; run `planner check …`"); the exit code stays 0.
``--include-needs`` (delegation pack only) prints every delegate's dietary and access needs.
``--email-drafts DIR`` (a delegate's pack or ``--per-delegate``): one ``.eml`` per pack in DIR, To:
the delegate, a short text, the pack attached, ``X-Unsent: 1`` so Outlook opens it ready to send
(Thunderbird: open it, then Edit As New Message); Mission Desk sends nothing. Each delegate pack is
recorded with what it held, so ``planner packs outdated`` can tell when it no longer matches.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, open_db, stderr_progress
from planner.exports.filenames import path_inside, safe_file_name
from planner.exports.output import check_output_folder, check_output_path, make_output_folder
from planner.services.events.events import get_event
from planner.services.outputs.briefing import build_briefing
from planner.services.outputs.export_jobs import write_briefing_files
from planner.services.outputs.export_log import logger_for
from planner.services.people.people import find_person


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("briefing", help="briefing pack PDF (one delegate, the delegation, or one per delegate)")
    p.add_argument("--event", required=True, metavar="CODE")
    p.add_argument("--delegate", metavar="EMAIL", help="one delegate's pack (default: the whole delegation)")
    p.add_argument("--out", required=True, metavar="PATH", help="PDF file, or folder with --per-delegate")
    p.add_argument("--per-delegate", action="store_true", help="one file per delegate into the folder --out")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", type=str.lower)
    p.add_argument("--include-needs", action="store_true",
                   help="delegation pack only: print the dietary and access needs of every delegate "
                        "(health and religion: special-category data) in the who's-who; without it "
                        "each delegate's needs appear only in their own pack")
    p.add_argument("--email-drafts", metavar="DIR",
                   help="beside each delegate's pack, an e-mail draft (.eml: To the delegate, a short "
                        "text, the pack attached) in DIR, for Outlook or Thunderbird; nothing is sent")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.include_needs and (args.delegate or args.per_delegate):
        raise CliError("--include-needs is for the delegation pack only: a delegate's own pack "
                       "always shows their own dietary and access needs")
    if args.email_drafts and not (args.delegate or args.per_delegate):
        raise CliError("--email-drafts is for delegates' own packs: add --delegate EMAIL or --per-delegate")
    drafts = Path(args.email_drafts) if args.email_drafts else None
    if drafts is not None:
        if drafts.exists() and not drafts.is_dir():
            raise CliError(f"{drafts} is a file; --email-drafts needs a folder")
        check_output_folder(drafts if drafts.exists() else drafts.parent)
    out = Path(args.out)
    wants_folder = args.per_delegate or args.out.endswith(("/", os.sep)) or out.is_dir()
    if wants_folder and out.exists() and not out.is_dir():
        raise CliError(f"{out} is a file; --per-delegate needs a folder")
    # Before any work: a missing folder or a symlink is a message and exit 2.
    if wants_folder:
        check_output_folder(out if out.exists() else out.parent)
    else:
        check_output_path(out)
    with open_db(args) as db, db.session() as session:  # a read: the app's edits go on meanwhile
        event = get_event(session, args.event)
        ids = None
        if args.delegate:
            ids = [find_person(session, args.delegate).id]
        briefing = build_briefing(session, event, ids)
        if not briefing.packs and (args.per_delegate or ids):
            raise CliError(f"The event {event.code} has no delegates")
        target = out
        if wants_folder and not args.per_delegate:
            make_output_folder(out)
            who = briefing.packs[0].delegate.person.name if ids else "delegation"
            target = path_inside(out, safe_file_name(f"{briefing.event_code} - {who}", ".pdf"))
        # each file is logged in its own short write unit before it is moved into place
        result = write_briefing_files(
            briefing, event.id, target, per_delegate=args.per_delegate,
            delegate_id=ids[0] if ids else None, paper=args.paper, log=logger_for(db),
            include_needs=args.include_needs, email_drafts=drafts,
            progress=stderr_progress("briefing packs" if args.per_delegate else "briefing pack"))
    for path in result.paths:
        print(path)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK
