"""``planner backup [--out PATH] [--list]`` and ``planner restore PATH``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from planner.cli.common import EXIT_OK, open_db, print_json, print_table
from planner.paths import make_private_dir, resolve_db_path
from planner.services.files import backups


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("backup", help="make a verified backup through SQLite's backup API")
    p.add_argument("--out", metavar="PATH", help="file (or folder) to write; default: the backup folder")
    p.add_argument("--list", action="store_true", help="list the existing backups instead")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run_backup)
    r = sub.add_parser("restore", help="replace the file by a backup (the current file is kept as a backup first)")
    r.add_argument("source", metavar="PATH", help="the backup to restore")
    r.add_argument("--allow-plaintext", action="store_true",
                   help="restore a plain backup over an encrypted file (it is then not encrypted)")
    r.add_argument("--json", action="store_true", help="print JSON")
    r.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        if args.list:
            rows = backups.list_backups(db)
            if args.json:
                print_json([{"path": str(b.path), "kind": b.kind, "taken": b.taken, "size": b.size}
                            for b in rows])
            else:
                print_table(["taken", "kind", "size", "path"],
                            [[b.taken.strftime("%Y-%m-%d %H:%M:%S"), b.kind, f"{b.size // 1024} KiB",
                              str(b.path)] for b in rows])
            return EXIT_OK
        out = Path(args.out).expanduser() if args.out else None
        if out is not None and args.out.endswith(("/", os.sep)):
            make_private_dir(out)  # "--out DIR/" names a folder, even a new one
        made = backups.backup_now(db, out)
    finally:
        db.close()
    if args.json:
        print_json({"path": str(made)})
    else:
        print(made)
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    path = resolve_db_path(getattr(args, "db", None))
    report = backups.restore_backup(path, Path(args.source),
                                    allow_plaintext=getattr(args, "allow_plaintext", False))
    kept = str(report.kept_current_as) if report.kept_current_as else None
    if args.json:
        print_json({"restored_from": str(report.restored_from), "kept_previous_as": kept})
    else:
        print(f"restored {path.name} from {report.restored_from}")
        if kept:
            print(f"the previous file was kept as {kept}")
    return EXIT_OK
