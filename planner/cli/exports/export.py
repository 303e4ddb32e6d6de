"""``planner export KIND …``: each kind lives in its own module with ``register(subparsers)``,
imported only when that kind is chosen (the table gives ``planner export --help`` its lines)."""

from __future__ import annotations

import argparse

from planner.cli import Command, add_lazy_subcommands

EXPORT_KINDS: tuple[Command, ...] = (
    Command("ics", "iCalendar file for one delegate or the whole delegation", "planner.cli.exports.export_ics"),
    Command("leads", "lead sheet (XLSX) that can be edited and imported back", "planner.cli.exports.export_leads"),
    Command("crm", "CSV for a CRM import (HubSpot contacts, Salesforce leads): one row per person, "
            "their leads folded in", "planner.cli.exports.export_crm"),
    Command("impact", "impact report for funders (PDF or XLSX, chosen by --out)", "planner.cli.exports.export_impact"),
    Command("briefing", "briefing pack PDF (one delegate, the delegation, or one per delegate)",
            "planner.cli.exports.export_briefing"),
    Command("subject", "subject-access export: every record about one person (JSON + CSV)",
            "planner.cli.exports.export_subject"),
    Command("day", "one day for the whole delegation as a list (PDF, A4 portrait)", "planner.cli.exports.export_day"),
)
EXPORT_MODULES: list[str] = [kind.module for kind in EXPORT_KINDS]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="write briefing packs, lead sheets, calendars, CRM files")
    add_lazy_subcommands(p, EXPORT_KINDS, dest="export_kind", metavar="KIND", parser_class=type(p))
