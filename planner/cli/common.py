"""What every command shares: opening the file, errors, JSON, progress on stderr."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

# ``planner --help`` imports this file: only what argparse loads anyway is imported here. The
# storage, paths, validation and error modules (SQLAlchemy, platformdirs, pycountry,
# dataclasses), json and datetime are imported by the functions that use them, when a command
# runs (tests/planner/core/test_cli_start.py holds it; bench/cli_start.py times it).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date
    from typing import Any

    from planner.storage.database import Database

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class CliError(Exception):
    """Bad usage or bad input: message on stderr, exit 2."""


def open_db(args: argparse.Namespace) -> Database:
    """The plan ``--db`` names: a file, or a PostgreSQL server (``postgresql+psycopg://…``)."""
    from planner.paths import resolve_db_path, server_url
    from planner.storage.database import Database

    url = server_url(getattr(args, "db", None))
    if url is not None:
        return Database.open(url)
    return Database.open(resolve_db_path(getattr(args, "db", None)))


# Options and arguments that name something (an event, a person, a venue, a zone…), with how
# a message calls them. An empty or blank value names nothing: an unset variable in a script
# must never pick "no filter", "the whole delegation" or whichever record matches "".
NAMING_ARGUMENTS: dict[str, str] = {
    "event": "--event", "room": "--room", "from_venue": "--from", "to_venue": "--to",
    "acknowledge": "--acknowledge", "withdraw": "--withdraw", "code": "--code", "tz": "--tz",
    "home_tz": "--home-tz", "member_organisation": "--member-organisation",
    "preset": "--preset", "sheet": "--sheet", "encoding": "--encoding", "stage": "--stage",
    "status": "--status", "role": "--role", "currency": "--currency",
    "source": "the backup to restore", "out": "--out",
    # positional or command-dependent: see _label
    "venue": "--venue", "id": "ID",
}  # not "name": adding a record with an empty name gets the service's own message
PERSON_ARGUMENTS: dict[str, str] = {
    "person": "--person", "owner": "--owner", "delegate": "--delegate", "ours": "--ours",
    "who": "the person's e-mail or id", "keep": "KEEP", "other": "OTHER",
    "add_ours": "--add-ours", "remove_ours": "--remove-ours",
    "add_counterpart": "--add-counterpart", "remove_counterpart": "--remove-counterpart",
}
# Options whose default is "" (not given): only an explicitly blank value (" ") is refused.
_EMPTY_DEFAULTS = {"currency"}


def _label(dest: str, args: argparse.Namespace) -> str:
    command = str(getattr(args, "command", "") or "")
    if dest == "venue" and command == "venues":  # `venues edit NAME`, `venues delete NAME`
        return "the venue name"
    if dest == "id" and command:  # `meetings edit ID`, `leads edit ID`
        return f"the {command.removesuffix('s')} ID"
    return NAMING_ARGUMENTS.get(dest) or PERSON_ARGUMENTS[dest]


def refuse_blank_names(args: argparse.Namespace) -> None:
    """A :class:`CliError` (exit 2) for any naming argument given as an empty or blank text,
    before anything is opened (the commands' own look-ups refuse them too; this is the net
    under every command, including those added later)."""
    for dest in (*NAMING_ARGUMENTS, *PERSON_ARGUMENTS):
        value = getattr(args, dest, None)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if not isinstance(item, str) or item.strip():
                continue
            if dest in _EMPTY_DEFAULTS and item == "":
                continue
            if dest in PERSON_ARGUMENTS:
                raise CliError(f"{_label(dest, args)} is empty: name a person by their e-mail "
                               "or id (an empty value names nobody)")
            raise CliError(f"{_label(dest, args)} is empty: name one (an empty name names nothing)")


def open_db_path(args: argparse.Namespace) -> Path | None:
    """The file the command works on, or None when ``--db`` cannot name one (the command
    itself then says why)."""
    from planner.errors import PlannerError
    from planner.paths import resolve_db_path

    try:
        return resolve_db_path(getattr(args, "db", None))
    except PlannerError:
        return None


LOCATION_STAMP = "location-warnings.json"


def warn_about_location(path: Path, warning: str | None = None, *, always: bool = False,
                        today: date | None = None) -> bool:
    """Print on stderr that ``path`` is on a network drive or in a cloud-sync folder (see
    :func:`planner.storage.files.location.storage_warning`) — once per file per day, remembered in
    the user data dir. ``always`` prints it even when it was shown today (``verify``).
    Returns whether it was printed."""
    import json
    from datetime import date

    from planner.paths import data_dir, make_private_dir
    from planner.storage.files.location import storage_warning

    warning = warning if warning is not None else storage_warning(path)
    if not warning:
        return False
    day = (today or date.today()).isoformat()
    try:
        key = str(path.expanduser().resolve())
    except (OSError, RuntimeError):
        key = str(path)
    stamp = data_dir() / LOCATION_STAMP
    state: Any = {}
    with contextlib.suppress(OSError, ValueError):
        state = json.loads(stamp.read_text(encoding="utf-8"))
    files = state.get("files") if isinstance(state, dict) and state.get("day") == day else None
    files = [f for f in files if isinstance(f, str)] if isinstance(files, list) else []
    if key in files and not always:
        return False
    print(f"warning: {warning}", file=sys.stderr)
    if key not in files:
        files.append(key)
        with contextlib.suppress(OSError):
            make_private_dir(stamp.parent)
            partial = stamp.with_name(f"{stamp.name}.{os.getpid()}.partial")
            partial.write_text(json.dumps({"day": day, "files": files[-200:]}), encoding="utf-8")
            os.replace(partial, stamp)
    return True


def run_command(args: argparse.Namespace) -> int:
    from planner.errors import PlannerError, ValidationError

    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        refuse_blank_names(args)
        if not getattr(args, "shows_location_warning", False):  # verify says it itself
            path = open_db_path(args)
            if path is not None:
                warn_about_location(path)
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
    from datetime import date, datetime

    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def print_json(data: Any) -> None:
    import json

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
    from datetime import date

    from planner.domain.validation import date_problem

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
    from planner.domain.validation import parse_amount
    from planner.errors import ValidationError

    try:
        return parse_amount(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
