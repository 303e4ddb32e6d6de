"""``planner export ics --event C [--delegate EMAIL] --out PATH.ics``: calendars for delegates."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.common import EXIT_OK, CliError, open_db
from planner.exports.ics import write_calendar
from planner.services.events import get_event
from planner.services.export_log import record_export
from planner.services.people import find_person
from planner.services.timeline import calendar_data


def register(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = kinds.add_parser("ics", help="iCalendar file for one delegate or the whole delegation")
    p.add_argument("--event", required=True, metavar="CODE")
    p.add_argument("--delegate", metavar="EMAIL", help="one person's calendar (default: the whole delegation)")
    p.add_argument("--out", required=True, metavar="PATH.ics")
    p.set_defaults(handler=run_ics)


def run_ics(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.is_dir() or args.out.endswith(("/", "\\")):
        raise CliError(f"--out must name a file such as {out / 'calendar.ics'}")
    with open_db(args) as db, db.transaction() as session:
        event = get_event(session, args.event)
        person = find_person(session, args.delegate) if args.delegate else None
        data = calendar_data(session, event, person)
        if person is not None and not data.entries:
            raise CliError(f"{args.delegate} has nothing on the timeline of {event.code}")
        try:
            write_calendar(data, out)
        except OSError as exc:
            raise CliError(f"cannot write {out}: {exc.strerror or exc}") from None
        record_export(session, kind="ics", path=out, event=event, person_ids=data.person_ids,
                      row_count=len(data.entries))
    print(f"{len(data.entries)} entries written to {out}")
    return EXIT_OK
