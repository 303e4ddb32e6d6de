"""``planner erase person WHO``: erase one person everywhere (see data-safety.md).

WHO is their e-mail, uuid or full name. The same command finishes an erasure that was
interrupted or reported traces, although the person row is already gone.
"""

from __future__ import annotations

import argparse
import sys

from planner.cli.common import EXIT_OK, EXIT_PROBLEMS, open_db, print_json
from planner.services.personal_data.privacy import erase_person, require_identifier


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("erase", help="erase personal data (right to erasure)")
    kinds = p.add_subparsers(dest="erase_kind", metavar="KIND", parser_class=type(p))
    kinds.required = True
    person = kinds.add_parser(
        "person", help="erase one person from every table and from the file's bytes",
        description="Erase one person from every table, every text that names them and the file's "
                    "bytes. Run it again (by e-mail, uuid or name) to finish an erasure that was "
                    "interrupted or reported traces.")
    person.add_argument("who", metavar="WHO", help="the person's e-mail, uuid or full name")
    person.add_argument("--json", action="store_true", help="print JSON")
    person.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    who = require_identifier(args.who)  # before the file is opened (or created)
    db = open_db(args)
    try:
        report = erase_person(db, who)
    finally:
        db.close()
    exports = [{"kind": e.kind, "path": e.path, "written": e.created_at, "event": e.event_code}
               for e in report.exports]
    if args.json:
        print_json({"person_id": report.person_id, "resumed": report.resumed, "deleted": report.deleted,
                    "cleared": report.cleared, "text_scrubbed": report.text_scrubbed,
                    "exported_files": exports, "backups_before": [str(p) for p in report.backups_before],
                    "vacuumed": report.vacuumed, "residue": report.residue,
                    "server_note": report.server_note})
    else:
        if report.resumed:
            whom = f" of person #{report.person_id}" if report.person_id else ""
            print(f"finished an earlier erasure{whom}")
        else:
            removed = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in sorted(report.deleted.items()))
            print(f"erased person #{report.person_id}: removed {removed}")
        if report.cleared:
            print("cleared: " + ", ".join(f"{k} ({n})" for k, n in sorted(report.cleared.items())))
        if report.text_scrubbed:
            print(f"replaced their name/e-mail/phone in {report.text_scrubbed} text field(s) by [erased]")
        if exports:
            print("files exported earlier that contain them (delete or ask the recipients to):")
            for e in exports:
                print(f"  {e['path']}  ({e['kind']}, {e['written']:%Y-%m-%d})")
        if report.backups_before:
            print(f"{len(report.backups_before)} backup(s) made before still contain them; "
                  "they expire with backup rotation")
        if report.server_note:
            print(report.server_note)
    if report.residue:
        print(f"warning: traces remain in {', '.join(report.residue)}; run the same command again "
              "to finish", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK
