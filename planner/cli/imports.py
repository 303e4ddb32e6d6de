"""``planner import KIND FILE …``: each kind lives in its own module with ``register(subparsers)``."""

from __future__ import annotations

import argparse
import importlib

IMPORT_MODULES: list[str] = [
    "planner.cli.import_leads",
    "planner.cli.import_people",
    "planner.cli.import_schedule",
]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", help="import people, meetings, slots or an edited lead sheet")
    kinds = p.add_subparsers(dest="import_kind", metavar="KIND", parser_class=type(p))
    kinds.required = True
    for name in IMPORT_MODULES:
        importlib.import_module(name).register(kinds)
