"""``planner import KIND FILE …``: each kind lives in its own module with ``register(subparsers)``,
imported only when that kind is chosen (the table gives ``planner import --help`` its lines)."""

from __future__ import annotations

import argparse

from planner.cli import Command, add_lazy_subcommands

IMPORT_KINDS: tuple[Command, ...] = (
    Command("leads", "an edited lead sheet (the .xlsx written by 'export leads', saved as .xlsx)",
            "planner.cli.imports.import_leads"),
    Command("people", "people and organisations, into the event's delegation or contacts",
            "planner.cli.imports.import_people"),
    Command("meetings", "a meeting list (CSV, XLSX) or a delegate's partnering calendar (.ics)",
            "planner.cli.imports.import_schedule"),
    Command("slots", "showcase slots and side events", "planner.cli.imports.import_schedule"),
)
IMPORT_MODULES: list[str] = list(dict.fromkeys(kind.module for kind in IMPORT_KINDS))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", help="import people, meetings, slots or an edited lead sheet")
    add_lazy_subcommands(p, IMPORT_KINDS, dest="import_kind", metavar="KIND", parser_class=type(p))
