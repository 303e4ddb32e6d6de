"""``planner export KIND …``: each kind lives in its own module with ``register(subparsers)``."""

from __future__ import annotations

import argparse
import importlib

EXPORT_MODULES: list[str] = [
    "planner.cli.export_ics",
    "planner.cli.export_leads",
    "planner.cli.export_crm",
    "planner.cli.export_impact",
    "planner.cli.export_briefing",
    "planner.cli.export_subject",
    "planner.cli.export_day",
]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="write briefing packs, lead sheets, calendars, CRM files")
    kinds = p.add_subparsers(dest="export_kind", metavar="KIND", parser_class=type(p))
    kinds.required = True
    for name in EXPORT_MODULES:
        importlib.import_module(name).register(kinds)
