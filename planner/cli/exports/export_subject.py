"""``planner export subject WHO --out DIR``: everything about one person (JSON + CSV)."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.common import EXIT_OK, open_db, print_json
from planner.services.personal_data.privacy import require_identifier
from planner.services.personal_data.subject_access import export_subject_access


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = kinds.add_parser("subject", help="subject-access export: every record about one person (JSON + CSV)")
    p.add_argument("who", metavar="WHO", help="the person's e-mail, uuid or full name")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="folder to write the files into (created readable by you only)")
    p.add_argument("--json", action="store_true", help="print the written files as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    who = require_identifier(args.who)  # before the file is opened (or created)
    db = open_db(args)
    try:
        written = export_subject_access(db, who, Path(args.out))
    finally:
        db.close()
    if args.json:
        print_json([str(p) for p in written])
    else:
        for path in written:
            print(path)
    return EXIT_OK
