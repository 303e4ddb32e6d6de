"""``planner packs outdated --event C [--json]`` and ``planner packs reprint --event C --out DIR …``.

Every delegate pack an export writes is recorded with what it held (``planner.services.outputs.packs``).
``outdated`` lists the delegates whose last pack no longer matches the plan — JSON fields
``delegate`` (e-mail), ``name``, ``exported`` (ISO 8601, UTC), ``path`` and ``changed`` (what
changed, one sentence per change) — and exits 0 (a listing; an empty list when every pack is
current). ``reprint`` writes just those packs again into ``--out`` (each with a "changed since
your last pack" box on its first page), with e-mail drafts beside them when asked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, open_db, print_json, stderr_progress
from planner.cli.lookup import event_named
from planner.exports.output import check_output_folder
from planner.services.outputs.export_log import logger_for
from planner.services.outputs.packs import outdated_packs, reprint_outdated


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("packs", help="briefing packs already handed out: which are out of date, reprint them")
    cmds = p.add_subparsers(dest="packs_command", metavar="ACTION", parser_class=type(p))
    cmds.required = True
    ls = cmds.add_parser("outdated", help="delegates whose last exported pack no longer matches the plan")
    ls.add_argument("--event", metavar="CODE", required=True)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_outdated)
    rp = cmds.add_parser("reprint", help="write again only the outdated packs, each listing what changed")
    rp.add_argument("--event", metavar="CODE", required=True)
    rp.add_argument("--out", metavar="DIR", required=True, help="folder for the new packs (created if missing)")
    rp.add_argument("--paper", choices=("a4", "letter"), default="a4", type=str.lower)
    rp.add_argument("--email-drafts", metavar="DIR",
                    help="also write one e-mail draft (.eml, the pack attached) per delegate into DIR")
    rp.set_defaults(handler=run_reprint)


def run_outdated(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.session() as session:
        rows = outdated_packs(session, event_named(session, args.event))
    if args.json:
        print_json([{"delegate": r.email, "name": r.name, "exported": r.exported.isoformat() + "+00:00",
                     "path": r.path, "changed": list(r.changed)} for r in rows])
        return EXIT_OK
    if not rows:
        print(f"Every delegate's last pack of {args.event} matches the plan.")
        return EXIT_OK
    for r in rows:
        print(f"{r.email or r.name} — pack of {r.exported:%Y-%m-%d %H:%M} UTC, {len(r.changed)} change(s):")
        for text in r.changed:
            print(f"  - {text}")
    return EXIT_OK


def run_reprint(args: argparse.Namespace) -> int:
    out = Path(args.out)
    drafts = Path(args.email_drafts) if args.email_drafts else None
    for folder in (out, drafts):
        if folder is not None:
            if folder.exists() and not folder.is_dir():
                raise CliError(f"{folder} is a file; give a folder")
            check_output_folder(folder if folder.exists() else folder.parent)
    with open_db(args) as db, db.session() as session:  # a read: each file is logged in its own write unit
        event = event_named(session, args.event)
        result = reprint_outdated(session, event, out, log=logger_for(db), paper=args.paper,
                                  email_drafts=drafts, progress=stderr_progress("reprinting packs"))
    for path in result.paths:
        print(path)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK
