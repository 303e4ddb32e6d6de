"""``planner import meetings|slots FILE --event C …``: meeting lists, showcase slots and side
events in the templates of cli.md (Date YYYY-MM-DD, times HH:MM in the event's or venue's zone,
people as e-mails separated by ``;``). Options and exit codes as ``import people``."""

from __future__ import annotations

import argparse

from planner.cli.imports.import_people import add_common_options, run_import


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    meetings = sub.add_parser(
        "meetings", help="a meeting list (CSV, XLSX) or a delegate's partnering calendar (.ics)")
    add_common_options(meetings)
    meetings.add_argument("--venue", metavar="NAME",
                          help="the venue whose tables the file names (default: the partnering "
                               "venue, made on first use)")
    meetings.add_argument("--ours", metavar="EMAIL",
                          help="our delegate whose own schedule the file is (our side of every "
                               "meeting in it)")
    meetings.set_defaults(handler=run_meetings, import_kind="meetings")
    slots = sub.add_parser("slots", help="showcase slots and side events")
    add_common_options(slots)
    slots.add_argument("--venue", metavar="NAME",
                       help="the venue of rows that name a room but no venue (default: the "
                            "partnering venue)")
    slots.set_defaults(handler=run_slots, import_kind="slots")


def run_meetings(args: argparse.Namespace) -> int:
    return run_import(args, "meetings")


def run_slots(args: argparse.Namespace) -> int:
    return run_import(args, "slots")
