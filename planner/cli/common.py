"""What every command shares: opening the file, errors, JSON, progress on stderr."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from planner.domain.validation import date_problem, parse_amount
from planner.errors import PlannerError, ValidationError
from planner.paths import resolve_db_path
from planner.storage.database import Database

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class CliError(Exception):
    """Bad usage or bad input: message on stderr, exit 2."""


def open_db(args: argparse.Namespace) -> Database:
    return Database.open(resolve_db_path(getattr(args, "db", None)))


def run_command(args: argparse.Namespace) -> int:
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (CliError, PlannerError) as exc:
        if isinstance(exc, ValidationError) and len(exc.problems) > 1:
            for problem in exc.problems:
                print(f"error: {problem.field}: {problem.message}" if problem.field else f"error: {problem.message}",
                      file=sys.stderr)
        else:
            print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted; nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = min(max(widths[i], len(cell)), 48)
    line = "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers))
    print(line.rstrip())
    for row in rows:
        print("  ".join((c if len(c) <= 48 else c[:47] + "…").ljust(widths[i]) for i, c in enumerate(row)).rstrip())


def stderr_progress(label: str) -> Callable[[int, int], None] | None:
    """A progress callback that draws on stderr when it is a terminal, else None (quiet)."""
    if not sys.stderr.isatty():
        return None

    def report(done: int, total: int) -> None:
        pct = 100 * done // total if total else 100
        sys.stderr.write(f"\r{label}: {pct:3d}% ({done}/{total})")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return report


def parse_date(text: str) -> date:
    """A ``YYYY-MM-DD`` argument within the years Mission Desk works with (argparse type)."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None
    problem = date_problem(day)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return day


def parse_amount_arg(text: str) -> int:
    """An estimated value (argparse type): see :func:`planner.domain.validation.parse_amount`."""
    try:
        return parse_amount(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
