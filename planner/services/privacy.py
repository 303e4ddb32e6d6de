"""Personal data: erasure of one person, and the subject-access export.

Erasure (:func:`erase_person`) removes a person *everywhere*, in one transaction:

* the ``person`` row, and through its foreign keys every link: delegate, event contact, slot
  (presenter/attendee) and meeting-attendee rows are deleted (``ON DELETE CASCADE``); a lead's
  owner, a follow-up's owner and an outcome's ``recorded_by`` are cleared (``SET NULL``);
* **leads about them** (``lead.person_id``): a lead that also names an organisation is the
  organisation's opportunity and is kept with the person cleared; a lead that names no
  organisation concerns only them and is deleted with its follow-up actions;
* notes about them (``note.subject_uuid``) and their entries in the export log
  (``export_log_person``) — the exported files that contain them are listed *first*;
* their e-mail, names and phone numbers wherever they were typed into free text (meeting notes,
  lead titles, file paths in the export log …) are replaced by ``[erased]``.

The people search index loses their row through its triggers and is merged (FTS5 ``optimize``)
before the byte search, so no index segment keeps their words. Then no byte of them is left in
the file: ``secure_delete`` is on for every connection (deleted content is overwritten with
zeros), the WAL is checkpointed and truncated, and the file's bytes are searched for their
e-mail and name; if anything remains, the file is ``VACUUM``-ed and checked again. A
pseudonymous :class:`AuditEntry` records that an erasure happened (internal id and counts only).

Not in the file, so listed for the user instead: the exported files known to contain the
person (from the export log) and the backups taken before (they expire with rotation).
The GUI must drop every undo/redo step that mentions the person (``Changeset.mentions(uuid)``
or their e-mail) — undo would otherwise bring them back.
"""

from __future__ import annotations

import json
import mmap
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from planner.errors import StoreError
from planner.services.export_log import ExportRecord, exports_containing
from planner.services.people import find_person, person_name
from planner.storage import backup, search_index
from planner.storage.database import Database
from planner.storage.engine import connect_raw
from planner.storage.models import AuditEntry, Base, ExportLogPerson, Lead, Note, Person

ERASED = "[erased]"


@dataclass
class ErasureReport:
    person_id: int
    deleted: dict[str, int] = field(default_factory=dict)   # rows deleted, by table
    cleared: dict[str, int] = field(default_factory=dict)   # references set to NULL, by table.column
    leads_deleted: int = 0
    leads_kept: int = 0
    text_scrubbed: int = 0       # free-text values in which they were replaced by [erased]
    exports: list[ExportRecord] = field(default_factory=list)
    backups_before: list[Path] = field(default_factory=list)
    vacuumed: bool = False
    residue: list[str] = field(default_factory=list)  # files still holding them (should be [])


def person_links() -> list[tuple[sa.Table, sa.Column[Any], str]]:
    """Every (table, column, ON DELETE action) that refers to ``person.id`` (by reflection of
    the models, so a new link is covered without editing this module)."""
    links = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "person" and fk.column.name == "id":
                links.append((table, fk.parent, (fk.ondelete or "NO ACTION").upper()))
    return links


def identifying_texts(person: Person) -> list[str]:
    """The strings that identify the person in free text, longest first. A lone given or
    family name is too common to replace everywhere; full names, native-script names, the
    e-mail and phone numbers are not."""
    found: set[str] = set()
    if person.given_name and person.family_name:
        found |= {f"{person.given_name} {person.family_name}", f"{person.family_name} {person.given_name}",
                  person_name(person)}
    for value in (person.native_name, person.native_reading):
        if len(value.strip()) >= 2:
            found.add(value)
    if "@" in person.email:
        found.add(person.email)
    for value in (person.phone, person.mobile):
        if len(re.sub(r"\D", "", value)) >= 6:
            found.add(value)
    return sorted({t.strip() for t in found if t.strip()}, key=len, reverse=True)


def _text_columns(table: sa.Table) -> list[sa.Column[Any]]:
    return [c for c in table.columns
            if isinstance(c.type, sa.String | sa.Text) and not isinstance(c.type, sa.Enum)
            and c.name not in ("uuid", "person_uuid", "subject_uuid", "subject_kind")]


def scrub_text(session: Session, tokens: Iterable[str], *, skip: Iterable[str] = ("person",)) -> int:
    """Replace ``tokens`` (case-insensitively) by ``[erased]`` in every free-text column."""
    tokens = [t for t in tokens if t]
    if not tokens:
        return 0
    pattern = re.compile("|".join(re.escape(t) for t in tokens), re.IGNORECASE)
    skipped = set(skip)
    changed = 0
    conn = session.connection()
    for table in Base.metadata.sorted_tables:
        columns = _text_columns(table)
        pk = list(table.primary_key.columns)
        if table.name in skipped or not columns or len(pk) != 1:
            continue
        stmt = select(pk[0], *columns)
        if len(tokens) * len(columns) <= 200:  # few tokens: let SQLite find the rows
            stmt = stmt.where(sa.or_(*[func.instr(func.lower(col), t.lower()) > 0
                                       for col in columns for t in tokens]))
        rows = conn.execute(stmt).all()
        for row in rows:
            values = {}
            for col, value in zip(columns, row[1:], strict=True):
                if isinstance(value, str) and pattern.search(value):
                    values[col.name] = pattern.sub(ERASED, value)
                    changed += 1
            if values:
                conn.execute(table.update().where(pk[0] == row[0]).values(**values))
    return changed


def _erase_rows(session: Session, person: Person, report: ErasureReport) -> None:
    conn = session.connection()
    pid = person.id
    for table, column, action in person_links():
        n = conn.execute(select(func.count()).select_from(table).where(column == pid)).scalar() or 0
        if not n or (table.name == "lead" and column.name == "person_id"):
            continue
        if action == "SET NULL":
            report.cleared[f"{table.name}.{column.name}"] = n
        else:
            report.deleted[table.name] = report.deleted.get(table.name, 0) + n
    only_theirs = select(Lead.id).where(Lead.person_id == pid, Lead.organisation_id.is_(None))
    lead_ids = list(conn.execute(only_theirs).scalars())
    report.leads_deleted = len(lead_ids)
    if lead_ids:
        conn.execute(delete(Lead).where(Lead.id.in_(lead_ids)))
        report.deleted["lead"] = len(lead_ids)
    report.leads_kept = conn.execute(select(func.count()).select_from(Lead)
                                     .where(Lead.person_id == pid)).scalar() or 0
    conn.execute(sa.update(Lead).where(Lead.person_id == pid).values(person_id=None))
    if report.leads_kept:
        report.cleared["lead.person_id"] = report.leads_kept
    notes = conn.execute(delete(Note).where(Note.subject_uuid == person.uuid)).rowcount
    if notes:
        report.deleted["note"] = notes
    logged = conn.execute(delete(ExportLogPerson).where(ExportLogPerson.person_uuid == person.uuid)).rowcount
    if logged:
        report.deleted["export_log_person"] = logged
    conn.execute(delete(Person).where(Person.id == pid))  # cascades and SET NULLs follow the FKs
    report.deleted["person"] = 1


def erase_person(db: Database, who: str) -> ErasureReport:
    """Erase the person named by e-mail or UUID everywhere (see the module doc)."""
    backups_before = [b.path for b in backup.list_backups(db.backup_dir)]
    with db.transaction() as session:
        person = find_person(session, who)
        report = ErasureReport(person.id, backups_before=backups_before)
        report.exports = exports_containing(session, person.uuid)  # list them BEFORE the links go
        tokens = identifying_texts(person)
        identifiers = [person.uuid, *tokens]
        _erase_rows(session, person, report)
        report.text_scrubbed = scrub_text(session, tokens)
        session.expunge_all()
        session.add(AuditEntry(action="erase_person", detail=json.dumps({
            "person_id": report.person_id, "deleted": report.deleted, "cleared": report.cleared,
            "text_scrubbed": report.text_scrubbed, "exports_listed": len(report.exports)})))
    still_named = names_still_in_use(db, identifiers)
    report.residue, report.vacuumed = purge_free_space(
        db, [i for i in identifiers if i and i not in still_named])
    return report


def names_still_in_use(db: Database, identifiers: list[str]) -> set[str]:
    """Identifiers another (remaining) person shares, e.g. a namesake: not residue."""
    used: set[str] = set()
    words = {w for i in identifiers for w in i.split()}
    with db.session() as session:
        namesakes = session.scalars(select(Person).where(sa.or_(
            Person.family_name.in_(words), Person.given_name.in_(words),
            Person.native_name.in_(identifiers), Person.email.in_(identifiers)))).all()
        for person in namesakes:
            used |= set(identifying_texts(person)) & set(identifiers)
    return used


def file_residue(path: Path, needles: Iterable[str]) -> list[str]:
    """Which of the file, its -wal and -shm contain any of ``needles`` (UTF-8 bytes)."""
    found = []
    encoded = [n.encode("utf-8") for n in needles if n]
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(str(path) + suffix)
        if not candidate.exists() or candidate.stat().st_size == 0:
            continue
        with candidate.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if any(data.find(n) >= 0 for n in encoded):
                found.append(candidate.name)
    return found


def _checkpoint(db: Database) -> None:
    for _attempt in range(50):
        if db.checkpoint():
            return
        time.sleep(0.1)
    raise StoreError("Another window or program is reading the file: close it and run the "
                     "erasure again so the old copies of the data can be wiped")


def purge_free_space(db: Database, needles: list[str]) -> tuple[list[str], bool]:
    """Merge the search index, checkpoint (TRUNCATE) and search the bytes; VACUUM when anything
    is left. Returns the files still holding a needle (for an encrypted file the bytes never show it) and whether a
    VACUUM was needed."""
    with db.transaction() as session:  # the search index keeps deleted rows' words until merged
        search_index.optimize(session.connection().exec_driver_sql)
    _checkpoint(db)
    residue = [] if db.key else file_residue(db.path, needles)
    vacuumed = False
    if residue:
        con = connect_raw(db.path, key=db.key)  # autocommit: VACUUM cannot run inside a transaction
        try:
            con.execute("VACUUM")
        finally:
            con.close()
        _checkpoint(db)
        vacuumed = True
        residue = file_residue(db.path, needles)
    return residue, vacuumed


# --------------------------------------------------------------------------- subject access
@dataclass
class SubjectAccess:
    """Everything the file holds about one person: every column of every person-linked row."""

    person_uuid: str
    tables: dict[str, list[dict[str, Any]]]  # table name → rows (column → value), "person" first
    exports: list[ExportRecord]


def subject_tables() -> list[str]:
    """The tables a subject-access export covers: ``person``, every table with a foreign key to
    it, notes about records (``note``) and the export log's person links."""
    names = ["person"] + [t.name for t, _c, _a in person_links()]
    return list(dict.fromkeys([*names, "note", "export_log_person"]))


def gather_subject_access(session: Session, who: str) -> SubjectAccess:
    person = find_person(session, who)
    conn = session.connection()
    tables: dict[str, list[dict[str, Any]]] = {}
    meta = Base.metadata.tables
    tables["person"] = [dict(r) for r in conn.execute(
        select(meta["person"]).where(meta["person"].c.id == person.id)).mappings()]
    for table, column, _action in person_links():
        rows = conn.execute(select(table).where(column == person.id).order_by(*table.primary_key.columns))
        tables.setdefault(table.name, [])
        seen = {r["id"] for r in tables[table.name]}
        tables[table.name] += [dict(r) for r in rows.mappings() if r["id"] not in seen]
    for name, col_name in (("note", "subject_uuid"), ("export_log_person", "person_uuid")):
        table = meta[name]
        tables[name] = [dict(r) for r in conn.execute(
            select(table).where(table.c[col_name] == person.uuid).order_by(table.c.id)).mappings()]
    return SubjectAccess(person.uuid, tables, exports_containing(session, person.uuid))


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, int | float | str | bool):
        return value.value
    return value


def render_subject_json(data: SubjectAccess) -> str:
    """One machine-readable JSON document (GDPR Art. 15/20)."""
    doc = {
        "format": "mission-desk-subject-access/1",
        "person_uuid": data.person_uuid,
        "tables": {name: [{k: _plain(v) for k, v in row.items()} for row in rows]
                   for name, rows in data.tables.items()},
        "exported_files": [{"kind": e.kind, "path": e.path, "written": e.created_at.isoformat(),
                            "event": e.event_code} for e in data.exports],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def render_subject_csv(data: SubjectAccess) -> dict[str, str]:
    """One CSV text per table (every column as a header, even with no rows)."""
    import csv
    import io

    from planner.exports.sanitize import csv_row

    out = {}
    for name in data.tables:
        buf = io.StringIO()
        writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        columns = [c.name for c in Base.metadata.tables[name].columns]
        writer.writerow(columns)
        for row in data.tables[name]:
            writer.writerow(csv_row("" if row.get(c) is None else _plain(row.get(c)) for c in columns))
        out[name] = buf.getvalue()
    return out


def export_subject_access(db: Database, who: str, out_dir: Path) -> list[Path]:
    """Write ``subject-access-<id>.json`` and one ``subject-access-<id>-<table>.csv`` per table
    into ``out_dir`` (temp file, then rename) and record the export in the export log."""
    from planner.services.export_log import record_export

    out_dir = Path(out_dir).expanduser()
    out_dir.mkdir(parents=True, exist_ok=True)
    with db.transaction() as session:
        data = gather_subject_access(session, who)
        stem = f"subject-access-{data.person_uuid[:8]}"
        files = {f"{stem}.json": render_subject_json(data)}
        files |= {f"{stem}-{name}.csv": text for name, text in render_subject_csv(data).items()}
        written = []
        for name, text in files.items():
            target = out_dir / name
            tmp = out_dir / f".{name}.partial"
            tmp.write_text(text, encoding="utf-8-sig" if name.endswith(".csv") else "utf-8")
            tmp.replace(target)
            written.append(target)
        person_id = data.tables["person"][0]["id"]
        record_export(session, kind="subject_access", path=written[0], event=None,
                      person_ids=[person_id], row_count=sum(len(r) for r in data.tables.values()))
    return written
