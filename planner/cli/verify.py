"""``planner verify``: full integrity and foreign-key check of the file."""

from __future__ import annotations

import argparse
import sys

from planner.cli.common import EXIT_OK, EXIT_PROBLEMS, open_db
from planner.storage.backup import integrity_problems


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("verify", help="check the file's integrity; exit 1 on problems")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    path = db.path
    db.close()
    problems = integrity_problems(path)
    if problems:
        for line in problems[:50]:
            print(line, file=sys.stderr)
        print(f"{path.name}: {len(problems)} problem(s) found", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{path.name}: ok")
    return EXIT_OK
