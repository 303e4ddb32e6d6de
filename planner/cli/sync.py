"""``planner sync [--server URL] [--json]`` and ``planner review list|resolve``: a laptop's file
synced with the team server, and the conflicts a sync leaves for a person (issue 17).

Both work on a file (``--db``, ``$PLANNER_DB`` or the default one), never on a server URL: the
server is ``--server`` (remembered by the file after its first sync). ``sync`` exits 1 while
conflicts wait in the review queue, so a script notices them; ``review list`` too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from planner.cli.common import EXIT_OK, EXIT_PROBLEMS, CliError, open_db, print_json, print_table

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from planner.sync.review import Conflict

SYNC_HELP = "sync this file with the team server (exit 1 when conflicts wait for review)"
REVIEW_HELP = "the sync conflicts that need a person: list them, resolve one"
ON_A_FILE = "sync runs on a laptop's file; the server is --server"
NO_SERVER = ("this file has not synced with a team server yet: name it once with "
             "--server postgresql+psycopg://USER@HOST/DATABASE (it is remembered afterwards)")

NO_PASSWORD = ("The file remembers its server without the password: keep it in libpq's password file "
               "(~/.pgpass, or PGPASSFILE) or the system keyring (the app's Remember password), "
               "or give --server with the password in it.")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sync", help=SYNC_HELP, description=(
        "Pulls the team's changes from the server, merges them field by field with this file's, "
        "and pushes this file's changes. The first sync of an empty file copies the plan from the "
        "server; the first sync of a full file into an empty server publishes it. The same field "
        "changed differently on both sides waits for a person: planner review list."))
    p.add_argument("--server", metavar="URL", help="the team server, postgresql+psycopg://USER@HOST/DB "
                   "(default: the server this file synced with last)")
    p.add_argument("--json", action="store_true",
                   help="print the counts as JSON (pushed, pulled, merged, conflicts, erased …)")
    p.set_defaults(handler=run_sync)

    r = sub.add_parser("review", help=REVIEW_HELP)
    actions = r.add_subparsers(dest="review_command", metavar="ACTION", parser_class=type(r))
    actions.required = True
    ls = actions.add_parser("list", help="conflicts waiting for a decision (exit 1 when any)")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.add_argument("--all", action="store_true", help="decided conflicts too")
    ls.set_defaults(handler=run_review_list)
    rs = actions.add_parser("resolve", help="decide one conflict: keep this file's values or the server's")
    rs.add_argument("id", metavar="ID", type=_conflict_id, help="the conflict's id (planner review list)")
    rs.add_argument("--take", required=True, choices=("mine", "theirs"),
                    help="mine: this file's values (sent at the next sync); theirs: the server's")
    rs.add_argument("--json", action="store_true", help="print the decided conflict as JSON")
    rs.set_defaults(handler=run_review_resolve)


def _conflict_id(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a conflict id: use the number `planner review list` shows") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a conflict id: ids are positive numbers")
    return value


def _refuse_server_db(args: argparse.Namespace) -> None:
    from planner.paths import server_url

    if server_url(getattr(args, "db", None)) is not None:
        raise CliError(ON_A_FILE if args.command == "sync" else
                       "the review queue is in a laptop's file: give --db the file that synced")


def _server_option(args: argparse.Namespace) -> str | None:
    from planner.storage.server.server import is_server_url

    if args.server is None:
        return None
    server = args.server.strip()
    if not server:
        raise CliError("--server is empty: name the team server, postgresql+psycopg://USER@HOST/DB")
    if not is_server_url(server):
        raise CliError(f"--server must be a team server's URL (postgresql+psycopg://USER@HOST/DB), "
                       f"not {server!r}: the file is --db")
    return server


def _progress() -> Callable[[str], None] | None:
    """Status messages on stderr when it is a terminal; quiet otherwise."""
    if not sys.stderr.isatty():
        return None

    def say(message: str) -> None:
        sys.stderr.write(f"sync: {message}\n")
        sys.stderr.flush()

    return say


def run_sync(args: argparse.Namespace) -> int:
    from planner.errors import StoreError
    from planner.paths import resolve_db_path
    from planner.sync.run import remembered_server, sync
    from planner.sync.status import sync_status

    _refuse_server_db(args)
    server = _server_option(args)
    if server is None and not resolve_db_path(getattr(args, "db", None)).exists():
        raise CliError(NO_SERVER)  # before a new, empty file is created for nothing
    with open_db(args) as db:
        if server is None and remembered_server(db) is None:
            raise CliError(NO_SERVER)
        try:
            report = sync(db, server, progress=_progress())
        except StoreError as exc:
            if server is None and "password" in str(exc):
                raise CliError(f"{exc}\n{NO_PASSWORD}") from None
            raise
        waiting = sync_status(db).conflicts
    if args.json:
        print_json({"server": report.server, "pushed": report.pushed, "pulled": report.pulled,
                    "merged": report.merged, "conflicts": report.conflicts,
                    "erased": len(report.erased), "cloned": report.cloned,
                    "published": report.published, "waiting": waiting, "rounds": report.rounds,
                    "seconds": round(report.seconds, 2)})
    else:
        print(report.summary())
        if waiting and waiting != report.conflicts:
            print(f"{waiting} conflict(s) wait for your decision in all: planner review list.")
    return EXIT_PROBLEMS if waiting else EXIT_OK


# ---- review ----------------------------------------------------------------------------------

def _values_text(conflict: Conflict, side: str) -> str:
    """One side's values for a person: the value alone for one field, else ``field: value; …``."""
    from planner.sync.review import KIND_DELETED_HERE, KIND_DELETED_THERE

    if side == "mine" and conflict.kind == KIND_DELETED_HERE:
        return "(deleted here)"
    if side == "theirs" and conflict.kind == KIND_DELETED_THERE:
        return "(deleted on the server)"
    values: dict[str, str] = getattr(conflict, side)
    shown = _shown_fields(conflict)
    if len(shown) == 1:
        return values.get(shown[0], "")
    return "; ".join(f"{name}: {values.get(name, '')}" for name in shown)


def _shown_fields(conflict: Conflict) -> tuple[str, ...]:
    """The fields a person needs to see: those whose base, mine and theirs are not all the same
    (a meeting's group also holds its zone and folds, mostly unchanged); all when none differ."""
    differ = tuple(name for name in conflict.fields
                   if len({side.get(name, "") for side in (conflict.base, conflict.mine, conflict.theirs)}) > 1)
    return differ or conflict.fields


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    """The JSON object ``review list --json`` prints: cli.md's ``id, record, field, mine, theirs,
    base`` (``field`` the field names joined by ", "; the three values objects field -> text),
    then ``fields`` (a list), ``kind``, ``table``, ``record_uuid``, ``theirs_by``, ``created_at``,
    ``resolved`` and ``mine_refused`` (why ``--take mine`` would be refused now; "" when it would not)."""
    return {"id": conflict.id, "record": conflict.label, "field": ", ".join(conflict.fields),
            "mine": dict(conflict.mine), "theirs": dict(conflict.theirs), "base": dict(conflict.base),
            "fields": list(conflict.fields), "kind": conflict.kind, "table": conflict.table,
            "record_uuid": conflict.record_uuid, "theirs_by": conflict.theirs_by,
            "created_at": conflict.created_at, "resolved": conflict.resolved,
            "mine_refused": conflict.mine_refused}


def run_review_list(args: argparse.Namespace) -> int:
    from planner.sync.review import list_conflicts

    _refuse_server_db(args)
    with open_db(args) as db:
        conflicts = list_conflicts(db, include_resolved=args.all)
    waiting = sum(1 for c in conflicts if not c.resolved)
    if args.json:
        print_json([conflict_json(c) for c in conflicts])
    elif not conflicts:
        print("no conflicts wait for a decision")
    else:
        headers = ["id", "record", "fields", "mine", "theirs", "base"]
        rows = [[str(c.id), c.label, ", ".join(_shown_fields(c)), _values_text(c, "mine"),
                 _values_text(c, "theirs"), _values_text(c, "base")] for c in conflicts]
        if args.all:
            headers.append("decided")
            for row, c in zip(rows, conflicts, strict=True):
                row.append(c.resolved or "-")
        print_table(headers, rows)
        for c in conflicts:
            if c.mine_refused:
                print(f"{c.id}: --take mine is not possible now: {c.mine_refused}", file=sys.stderr)
        if waiting:
            print("decide one: planner review resolve ID --take mine|theirs", file=sys.stderr)
    return EXIT_PROBLEMS if waiting else EXIT_OK


def run_review_resolve(args: argparse.Namespace) -> int:
    from planner.errors import NotFoundError
    from planner.sync.review import list_conflicts, resolve

    _refuse_server_db(args)
    with open_db(args) as db:
        try:
            conflict = resolve(db, args.id, args.take)
        except NotFoundError:
            raise CliError(f"no conflict {args.id} waits for a decision: `planner review list` shows "
                           "those that do (`--all` also those already decided)") from None
        left = len(list_conflicts(db))
    if args.json:
        print_json(conflict_json(conflict))
        return EXIT_OK
    fields = ", ".join(_shown_fields(conflict))
    if args.take == "mine":
        print(f"conflict {conflict.id}, {conflict.label}: kept this file's {fields} "
              f"({_values_text(conflict, 'mine')}); the next sync sends it to the server")
    else:
        print(f"conflict {conflict.id}, {conflict.label}: kept the server's {fields} "
              f"({_values_text(conflict, 'theirs')})")
    if left:
        print(f"{left} conflict(s) still wait for a decision: planner review list")
    return EXIT_OK
