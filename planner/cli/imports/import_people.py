"""``planner import people FILE --event C …`` (and the options every import kind shares).

Exit codes (cli.md): 0 imported; 1 rows were rejected (nothing imported unless
``--skip-bad-rows``, which imports the good rows and writes the bad ones to a CSV to fix);
2 the file cannot be imported at all (message on stderr), or bad usage.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from planner.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    CliError,
    open_db,
    print_json,
    stderr_progress,
)
from planner.exports.output import OutputWriteError, check_output_path
from planner.imports.plan import ImportOptions, ImportPlan
from planner.imports.preset_catalog import Kind
from planner.imports.presets import parse_map_options
from planner.imports.rejects import StagedRejects, default_rejects_path, log_rejects, stage_rejects
from planner.imports.service import apply_import_briefly, plan_import
from planner.services.events.events import get_event
from planner.storage.database import Database

MAX_ERRORS_SHOWN = 50


def add_common_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", type=Path, help="CSV or .xlsx file")
    p.add_argument("--event", metavar="CODE", required=True, help="event code")
    p.add_argument("--preset", metavar="NAME", help="preset (auto-detected from the headers)")
    p.add_argument("--map", metavar="HEADER=FIELD", action="append", default=[],
                   help="read column HEADER as FIELD (repeatable; remembered for the preset)")
    p.add_argument("--dry-run", action="store_true", help="show what would happen, change nothing")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="import the good rows; write the bad ones to a CSV to fix")
    p.add_argument("--bad-rows", metavar="PATH", type=Path,
                   help="where --skip-bad-rows writes the rejected rows (default FILE.errors.csv)")
    p.add_argument("--encoding", metavar="E", help="encoding of a CSV that is not UTF-8 "
                   "(cp1252, cp932, cp949, gb18030)")
    p.add_argument("--delimiter", metavar="D", help="CSV separator (detected when not given)")
    p.add_argument("--sheet", metavar="S", help="worksheet of an .xlsx (default: the first)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON on stdout")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("people", help="people and organisations, into the event's delegation "
                       "or contacts")
    add_common_options(p)
    p.add_argument("--role", default="contact", metavar="ROLE",
                   help="role for rows without one: delegate, lead, speaker, staff or contact "
                   "(default contact)")
    p.set_defaults(handler=run_people, import_kind="people")


def options_from(args: argparse.Namespace, kind: Kind) -> ImportOptions:
    return ImportOptions(
        preset=args.preset, overrides=parse_map_options(args.map, kind), encoding=args.encoding,
        delimiter=args.delimiter, sheet=args.sheet, skip_bad_rows=args.skip_bad_rows,
        default_role=getattr(args, "role", "contact"), bad_rows_path=args.bad_rows,
        venue=getattr(args, "venue", None), ours=getattr(args, "ours", None),
    )


def plan_json(plan: ImportPlan) -> dict[str, object]:
    return {
        "kind": plan.kind, "file": str(plan.path), "event": plan.event_code,
        "preset": plan.preset, "applied": plan.applied, "counts": plan.counts,
        "organisations_added": plan.organisations_added, "created": plan.created,
        "mapping": {f: list(h) for f, h in plan.mapping.items()}, "unmapped": plan.unmapped,
        "rows": [{"line": r.line, "action": r.action, "record": r.label, "target": r.target,
                  "detail": r.detail,
                  "candidates": [{"id": c.uuid, "record": c.label, "score": c.score,
                                  "reason": c.reason} for c in r.candidates]}
                 for r in plan.rows],
        "errors": [{"line": e.line, "column": e.column, "value": e.value, "message": e.message}
                   for e in plan.errors],
        "warnings": [{"line": w.line, "column": w.column, "value": w.value,
                      "message": w.message} for w in plan.warnings],
        "bad_rows_file": str(plan.bad_rows_path) if plan.bad_rows_path else None,
    }


def report(plan: ImportPlan, args: argparse.Namespace) -> int:
    if args.json:
        print_json(plan_json(plan))
    else:
        print(f"Preset: {plan.preset_label}")
        print(plan.summary())
        for line in plan.created:
            print(f"  {'made' if plan.applied else 'will make'}: {line}")
        for row in plan.rows:
            if row.action == "cancel" or (row.action == "update" and "moves from" in row.detail):
                print(f"  {row.action}: {row.label} — {row.detail}")
        for row in plan.proposals[:MAX_ERRORS_SHOWN]:
            best = row.candidates[0]
            print(f"  line {row.line}: {row.label} may be {best.label} ({best.reason}, "
                  f"{best.score}%)")
    for warning in plan.warnings[:MAX_ERRORS_SHOWN]:
        print(f"warning: {warning}", file=sys.stderr)
    for error in plan.errors[:MAX_ERRORS_SHOWN]:
        print(f"error: {error}", file=sys.stderr)
    if len(plan.errors) > MAX_ERRORS_SHOWN:
        print(f"… and {len(plan.errors) - MAX_ERRORS_SHOWN} more errors", file=sys.stderr)
    if not plan.errors:
        return EXIT_OK
    if plan.applied and plan.bad_rows_path is not None:
        print(f"The rows with errors were not imported; fix them in {plan.bad_rows_path} "
              "and import that file again.", file=sys.stderr)
    elif not args.dry_run:
        print("Nothing was imported: fix the rows above, or use --skip-bad-rows to import "
              "the good rows.", file=sys.stderr)
    return EXIT_PROBLEMS


def _bad_rows_target(args: argparse.Namespace) -> Path | None:
    """Where rejected rows would go, checked before any work (a missing folder or a symlink
    is a message and exit 2); None when no rejects file can be written."""
    if args.bad_rows is not None:
        return check_output_path(args.bad_rows)
    if not args.skip_bad_rows or not Path(args.file).parent.is_dir():
        return None  # a missing input file gets the import's own message
    return check_output_path(default_rejects_path(Path(args.file)))


def _email_headers(plan: ImportPlan) -> list[str]:
    return [h for name, headers in plan.mapping.items() if "email" in name for h in headers]


def _apply(args: argparse.Namespace, kind: Kind, options: ImportOptions, db: Database,
           staged: StagedRejects | None) -> ImportPlan:
    """Apply the import; with ``staged`` the rejected rows go to its hidden staging file and
    are logged in the import's own write unit, then moved into place once it committed."""
    progress = stderr_progress(f"import {kind}")
    if staged is not None:
        options = dataclasses.replace(options, bad_rows_path=staged.staging)
    try:
        def log_staged(session: Session, plan: ImportPlan) -> None:
            if staged is not None and plan.bad_rows_path == staged.staging and staged.written:
                log_rejects(session, staged, event_id=get_event(session, args.event).id,
                            email_headers=_email_headers(plan))

        # read and match while others write; hold the write lock only to write
        plan = apply_import_briefly(db, args.file, kind, args.event, options, progress,
                                    after_write=log_staged)
    except OutputWriteError as exc:  # the rejects file could not be written: all rolled back
        raise CliError(f"{exc} Nothing was imported.") from None
    if staged is not None and plan.bad_rows_path == staged.staging:
        plan.bad_rows_path = staged.publish()  # logged above: now it may appear
    return plan


def run_import(args: argparse.Namespace, kind: Kind) -> int:
    options = options_from(args, kind)
    target = _bad_rows_target(args)
    if args.dry_run:
        with open_db(args) as db, db.session() as session:  # a read: never makes a write wait
            plan = plan_import(session, args.file, kind, args.event, options,
                               stderr_progress(f"import {kind}"))
        return report(plan, args)
    staged = stage_rejects(target) if target is not None and args.skip_bad_rows else None
    try:
        with open_db(args) as db:
            plan = _apply(args, kind, options, db, staged)
    finally:
        if staged is not None:
            staged.discard()  # unused, or rolled back: never left behind
    return report(plan, args)


def run_people(args: argparse.Namespace) -> int:
    return run_import(args, "people")
