"""``planner``: the command line, a thin layer over the services (see shared/cli.md).

Each command group lives in its own module with a ``register(subparsers)`` function; the list
below is the only place that names them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from planner import __version__
from planner.cli.common import CliError, run_command

COMMAND_MODULES = [
    "planner.cli.demo",
    "planner.cli.events",
    "planner.cli.people",
    "planner.cli.meetings",
    "planner.cli.venues",
    "planner.cli.rooms",
    "planner.cli.travel",
    "planner.cli.verify",
    "planner.cli.backup",
    "planner.cli.erase",
    "planner.cli.retention",
    "planner.cli.imports",
    "planner.cli.export",
    "planner.cli.check",
    "planner.cli.leads",
    "planner.cli.followups",
    "planner.cli.packs",
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise CliError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="planner", description="Mission Desk command line")
    parser.add_argument("--db", metavar="PATH", help="database file or postgresql+psycopg:// URL "
                        "(default: $PLANNER_DB or the user data dir)")
    parser.add_argument("--version", action="version", version=f"Mission Desk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return run_command(args)
