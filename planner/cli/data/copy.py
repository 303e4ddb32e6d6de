"""``planner copy --to PATH|URL [--json]``: the whole plan into a new file or an empty server."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from planner.cli.common import EXIT_OK, CliError, open_db, print_json

HELP = "copy the whole plan into a new file or an empty team server (and back)"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("copy", help=HELP, description=(
        "Copies every table of the plan --db names into --to: a new file (never an existing one: "
        "someone may have it open) or an empty database on a team server "
        "(postgresql+psycopg://USER@HOST/DB; an administrator creates it with CREATE DATABASE). "
        "The target is written in one transaction: on any error it is left without a row."))
    p.add_argument("--to", required=True, metavar="PATH|URL",
                   help="a new file, or the URL of an empty database on a server")
    p.add_argument("--json", action="store_true", help="print a JSON summary (rows per table)")
    p.set_defaults(handler=run_copy)


def _progress(label: str) -> Callable[[int, int], None] | None:
    """Progress on stderr, when it is a terminal: a line per ~2 % of the rows."""
    if not sys.stderr.isatty():
        return None
    last = [-1]

    def report(done: int, total: int) -> None:
        pct = 100 * done // total if total else 100
        if pct // 2 == last[0] and done < total:
            return
        last[0] = pct // 2
        sys.stderr.write(f"\r{label}: {pct:3d}% ({done}/{total} rows)")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return report


def run_copy(args: argparse.Namespace) -> int:
    from planner.storage.copy import copy_to, describe

    target = str(args.to).strip()
    if not target:
        raise CliError("--to is empty: name a new file or the URL of an empty server database")
    source = open_db(args)
    try:
        report = copy_to(source, target, progress=_progress(f"copying to {describe(target)}"))
    finally:
        source.close()
    if report.encrypted:
        print("the new file is encrypted with the same passphrase as the source", file=sys.stderr)
    if args.json:
        print_json({"source": report.source, "target": report.target, "revision": report.revision,
                    "rows": report.rows, "total": report.total, "encrypted": report.encrypted,
                    "seconds": round(report.seconds, 1)})
    else:
        print(f"copied {report.total} rows ({len([n for n in report.rows.values() if n])} tables "
              f"with rows) from {report.source} to {report.target}")
    return EXIT_OK
