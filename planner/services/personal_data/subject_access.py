"""The subject-access export: everything the file holds about one person, machine-readable —
every column of every row linked to them, the meetings and slots they take part in, and every
text elsewhere that names them; written owner-only and logged before it appears."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.errors import NotFoundError
from planner.services.outputs.export_log import ExportRecord, exports_containing, record_export
from planner.services.personal_data.privacy import (
    identifying_texts,
    person_links,
    require_identifier,
    resolve_person,
)
from planner.services.personal_data.text_match import Matcher, find_text
from planner.storage.database import Database, SaveError
from planner.storage.models import (
    Base,
)


# --------------------------------------------------------------------------- subject access
@dataclass
class SubjectAccess:
    """Everything the file holds about one person: every column of every row linked to them,
    the meetings and slots they take part in, and every text elsewhere that names them."""

    person_uuid: str
    tables: dict[str, list[dict[str, Any]]]  # table name → rows (column → value), "person" first
    exports: list[ExportRecord]
    # free text naming them in rows that are not theirs (a colleague's notes, a meeting's
    # objective …): table, primary key, column and the text — not the rest of that row
    mentions: list[dict[str, Any]] = field(default_factory=list)


# Rows they take part in, through a link row: (link table, its column to the row, the table).
PARTICIPATION = (("meeting_attendee", "meeting_id", "meeting"), ("slot_person", "slot_id", "slot"))


def subject_tables() -> list[str]:
    """The tables a subject-access export has rows of: ``person``, every table with a foreign
    key to it, notes about them, the export log's person links, the meetings and slots they
    take part in, and the follow-ups of their leads."""
    names = ["person"] + [t.name for t, _c, _a in person_links()]
    names += ["note", "export_log_person"] + [parent for _l, _c, parent in PARTICIPATION] + ["follow_up"]
    return list(dict.fromkeys(names))


def gather_subject_access(session: Session, who: str) -> SubjectAccess:
    person = resolve_person(session, who)
    if person is None:
        raise NotFoundError(f"No person with the e-mail, id or name {who.strip()!r}")
    conn = session.connection()
    meta = Base.metadata.tables
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in subject_tables()}
    seen: dict[str, set[Any]] = {name: set() for name in tables}

    def add(table: sa.Table, where: Any) -> None:
        pk = next(iter(table.primary_key.columns))
        for row in conn.execute(select(table).where(where).order_by(pk)).mappings():
            if row[pk.name] not in seen[table.name]:
                seen[table.name].add(row[pk.name])
                tables[table.name].append(dict(row))

    def ids_in(table: sa.Table, column: str, ids: list[Any]) -> None:
        for start in range(0, len(ids), 500):
            add(table, table.c[column].in_(ids[start:start + 500]))

    add(meta["person"], meta["person"].c.id == person.id)
    for table, column, _action in person_links():
        add(table, column == person.id)
    add(meta["note"], meta["note"].c.subject_uuid == person.uuid)
    add(meta["export_log_person"], meta["export_log_person"].c.person_uuid == person.uuid)
    for link, link_column, parent in PARTICIPATION:
        ids_in(meta[parent], "id", sorted({r[link_column] for r in tables[link]}))
    ids_in(meta["follow_up"], "lead_id", sorted({r["id"] for r in tables["lead"]}))
    matcher = Matcher(identifying_texts(person))
    mentions = [{"table": t.name, "id": key, "column": c.name, "text": value}
                for t, c, key, value in find_text(conn, matcher)
                if not (t.name == "person" and key == person.id)]
    return SubjectAccess(person.uuid, tables, exports_containing(session, person.uuid), mentions)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, int | float | str | bool):
        return value.value
    return value


def render_subject_json(data: SubjectAccess) -> str:
    """One machine-readable JSON document (GDPR Art. 15/20)."""
    doc = {
        "format": "mission-desk-subject-access/2",
        "person_uuid": data.person_uuid,
        "tables": {name: [{k: _plain(v) for k, v in row.items()} for row in rows]
                   for name, rows in data.tables.items()},
        "mentions": [{k: _plain(v) for k, v in m.items()} for m in data.mentions],
        "exported_files": [{"kind": e.kind, "path": e.path, "written": e.created_at.isoformat(),
                            "event": e.event_code} for e in data.exports],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


MENTION_COLUMNS = ("table", "id", "column", "text")


def render_subject_csv(data: SubjectAccess) -> dict[str, str]:
    """One CSV text per table (every column as a header, even with no rows), and ``mentions``."""
    import csv
    import io

    from planner.exports.sanitize import csv_row

    def table_csv(columns: Sequence[str], rows: list[dict[str, Any]]) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(csv_row("" if row.get(c) is None else _plain(row.get(c)) for c in columns))
        return buf.getvalue()

    out = {name: table_csv([c.name for c in Base.metadata.tables[name].columns], rows)
           for name, rows in data.tables.items()}
    out["mentions"] = table_csv(MENTION_COLUMNS, data.mentions)
    return out


def _make_private_dirs(path: Path) -> list[Path]:
    """Create ``path`` and its missing parents readable by the owner only (0700); a folder that
    exists keeps its mode. Returns the folders made (deepest last)."""
    missing: list[Path] = []
    probe = path
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    made = []
    for folder in reversed(missing):
        os.mkdir(folder, 0o700)
        made.append(folder)
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)  # whatever the umask
    if not path.is_dir():
        raise NotADirectoryError(20, "Not a folder", str(path))
    return made


_CREATE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
           | getattr(os, "O_BINARY", 0))


def _write_private(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a new temporary file next to ``name``: created exclusively (never
    through a symlink or over another file), owner-only (0600), flushed to disk."""
    for _attempt in range(20):
        tmp = folder / f".{name}.{secrets.token_hex(4)}.partial"
        try:
            fd = os.open(tmp, _CREATE, 0o600)
        except FileExistsError:
            continue
        break
    else:
        raise FileExistsError(17, "Cannot create a temporary file", str(folder))
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    os.close(fd)
    return tmp


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def export_subject_access(db: Database, who: str, out_dir: Path) -> list[Path]:
    """Write ``subject-access-<id>.json`` and one ``subject-access-<id>-<table>.csv`` per table
    (and ``-mentions.csv``) into ``out_dir``.

    The data is read in a read session; each file is written owner-only under a new temporary
    name; every file is then recorded in the export log in one short write unit, and only after
    that commits are the files moved into place — so a kill leaves logged files or none, never an
    unlogged one. Folders it creates are 0700; a folder that exists keeps its mode."""
    who = require_identifier(who)
    out_dir = Path(out_dir).expanduser()
    temps: dict[Path, Path] = {}
    made: list[Path] = []
    moved: set[Path] = set()
    with db.session() as session:  # a read: the app's edits go on meanwhile
        data = gather_subject_access(session, who)
    stem = f"subject-access-{data.person_uuid[:8]}"
    files = {f"{stem}.json": render_subject_json(data).encode("utf-8")}
    files |= {f"{stem}-{name}.csv": text.encode("utf-8-sig") for name, text in render_subject_csv(data).items()}
    person_id = data.tables["person"][0]["id"]
    rows = sum(len(r) for r in data.tables.values()) + len(data.mentions)
    try:
        made = _make_private_dirs(out_dir)
        for name, payload in files.items():
            temps[out_dir / name] = _write_private(out_dir, name, payload)
        with db.transaction() as session:  # one short write unit: every file logged, then committed
            for target in temps:
                if target.is_symlink():
                    target.unlink()  # replaced below anyway; the log names the file, not a link's target
                record_export(session, kind="subject_access", path=target, event=None,
                              person_ids=[person_id], row_count=rows)
        for target, tmp in temps.items():  # logged and committed: now move them into place
            os.replace(tmp, target)
            moved.add(target)
        _fsync_dir(out_dir)
    except OSError as exc:
        raise SaveError(f"Cannot write the subject-access files in {out_dir}: "
                        f"{exc.strerror or exc}") from exc
    finally:
        for target, tmp in temps.items():
            if target not in moved:
                with contextlib.suppress(OSError):
                    tmp.unlink()
        if not moved:
            for folder in reversed(made):
                with contextlib.suppress(OSError):
                    folder.rmdir()
    return list(temps)

