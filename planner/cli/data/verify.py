"""``planner verify``: full integrity and foreign-key check of the file; exit 1 on problems.

The check reads the file without opening it for writing, so a damaged file can be checked
(and is never written).
"""

from __future__ import annotations

import argparse
import sys

from planner.cli.common import EXIT_OK, EXIT_PROBLEMS, print_json, warn_about_location
from planner.paths import backup_dir_for, resolve_db_path
from planner.services.files.backups import verify_path
from planner.storage.files.backup import newest_good_backup
from planner.storage.files.location import storage_warning


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("verify", help="check the file's integrity; exit 1 on problems")
    p.add_argument("--json", action="store_true", help="print JSON: path, ok, problems, good_backup")
    p.set_defaults(handler=run, shows_location_warning=True)


def run(args: argparse.Namespace) -> int:
    path = resolve_db_path(getattr(args, "db", None))
    report = verify_path(path)
    good = None if report.ok else newest_good_backup(backup_dir_for(path))
    warning = storage_warning(path)
    if args.json:
        print_json({"path": str(path), "ok": report.ok, "problems": report.problems[:200],
                    "good_backup": str(good) if good else None, "location_warning": warning})
    elif report.ok:
        print(f"{path.name}: ok")
    if warning:  # every time: verify is the check (and it counts as today's warning)
        warn_about_location(path, warning, always=True)
    if report.ok:
        return EXIT_OK
    if not args.json:
        for line in report.problems[:50]:
            print(line, file=sys.stderr)
        print(f"{path.name}: {len(report.problems)} problem(s) found", file=sys.stderr)
        if good:
            print(f"the newest good backup is {good}: 'planner restore {good}'", file=sys.stderr)
    return EXIT_PROBLEMS
