"""``planner demo [--scale N]``."""

from __future__ import annotations

import argparse

from planner.cli.common import EXIT_OK, open_db, stderr_progress
from planner.demo import build_demo


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="create the demo mission (BioJapan 2026)")
    p.add_argument("--scale", type=int, default=1, metavar="N", help="multiply its size for load tests")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.transaction() as session:
        summary = build_demo(session, scale=args.scale, progress=stderr_progress("demo"))
    print(summary.event_code)
    return EXIT_OK
