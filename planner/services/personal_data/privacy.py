"""Personal data: erasure of one person (the subject-access export is in :mod:`planner.services.personal_data.subject_access`, text matching in :mod:`planner.services.personal_data.text_match`).

Erasure (:func:`erase_person`) removes a person *everywhere*, in one transaction:

* the ``person`` row, and through its foreign keys every link: delegate, event contact, slot
  (presenter/attendee) and meeting-attendee rows are deleted (``ON DELETE CASCADE``); a lead's
  owner, a follow-up's owner and an outcome's ``recorded_by`` are cleared (``SET NULL``);
* **leads about them** (``lead.person_id``): a lead that also names an organisation is the
  organisation's opportunity and is kept with the person cleared; a lead that names no
  organisation concerns only them and is deleted with its follow-up actions;
* notes about them (``note.subject_uuid``) and their entries in the export log
  (``export_log_person``) — the exported files that contain them are listed *first*;
* their names, e-mail and phone numbers wherever they were typed into free text are replaced
  by ``[erased]``: every String/Text column of every table (a walk of ``Base.metadata``, so a
  new column is covered without editing this module), other people's notes included; only a
  remaining person's own name, e-mail and phone columns are theirs and left alone.

Text is matched as people write it, not as SQLite's ``lower()`` sees it (that folds only ASCII):
NFKC and Unicode case-folding (``ŁUKASZ GREEN``, full-width ``ＧＲＥＥＮ``, an ideographic space
all find "Łukasz Green"), names in either order, a CJK name with or without its space (王伟),
and a phone number however it is grouped or prefixed (``601-234-567``, ``+48 601 234 567``,
``0048 601234567``, ``+44 (0)7700 900123`` …). The self-check uses the same :class:`Matcher`.

The people search index loses their row through its triggers and is merged (FTS5 ``optimize``)
*inside* the erasure's transaction, so a kill just after the commit leaves no index segment
with their words. Right after the commit the file is ``VACUUM``-ed (outside any transaction)
and its WAL checkpointed and truncated, so no freed page keeps them; ``secure_delete`` is on for
every connection. Then the text columns and the file's bytes are searched again for every form
of them (:func:`purge_free_space`); what is found is reported as traces.

Re-runnable to completion: the erasure's transaction also writes a small marker
(``app_meta`` ``erasure-pending:…``: salted hashes of their uuid, e-mail and names, their
internal id and the export-log ids that listed them — nothing readable). Until the self-check
passes, ``erase_person`` by e-mail, uuid or name finds the marker and finishes (scrub again,
vacuum, check) although the person row is gone; a name or e-mail with no marker whose text is
still in the file is scrubbed too. "No person …" is said only when there is nothing left.
:func:`finish_pending_erasures` completes interrupted erasures without an identifier (for the
app's start).

A pseudonymous :class:`AuditEntry` records that an erasure happened (internal id and counts).
Not in the file, so listed for the user instead: the exported files known to contain the
person (from the export log) and the backups taken before (they expire with rotation).
The GUI must drop every undo/redo step that mentions the person *by content*:
:func:`history_mentions` / :func:`purge_history` with the :class:`ErasureReport` (their uuid,
internal id in person links, and any text the :class:`Matcher` finds) — undo would otherwise
bring them back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from planner.domain.names import display_name
from planner.errors import NotFoundError, StoreError, ValidationError
from planner.services.editing.changes import Changeset
from planner.services.outputs.export_log import ExportRecord, exports_containing
from planner.services.people.people import find_person
from planner.services.personal_data import privacy_server
from planner.services.personal_data.text_match import (
    _SPACES,
    _UUID,
    Matcher,
    _digits,
    _needle,
    find_text,
    fold,
    has_cjk,
    is_phone,
    scrub_text,
)
from planner.storage import search_index
from planner.storage.database import Database, SaveError
from planner.storage.engine import connect_raw, describe_write_error
from planner.storage.files import backup
from planner.storage.models import (
    AppMeta,
    AuditEntry,
    Base,
    Event,
    ExportLog,
    ExportLogPerson,
    Lead,
    Note,
    Person,
)

MARKER = "erasure-pending:"
CHECKPOINT_WAIT_S = 10.0  # how long the final checkpoint waits for a reader to finish



# --------------------------------------------------------------------------- who a person is
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
    server_note: str = ""      # on a team server: the copies outside the plan's tables
    residue: list[str] = field(default_factory=list)  # columns and files still holding them (should be [])
    person_uuid: str = ""
    resumed: bool = False        # finished an earlier erasure (the person row was already gone)
    # what identified them (for purging the undo history); kept in memory only, never printed
    needles: list[str] = field(default_factory=list, repr=False)

    def matcher(self) -> Matcher:
        return Matcher(self.needles)


def person_links() -> list[tuple[sa.Table, sa.Column[Any], str]]:
    """Every (table, column, ON DELETE action) that refers to ``person.id`` (by reflection of
    the models, so a new link is covered without editing this module)."""
    links = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "person" and fk.column.name == "id":
                links.append((table, fk.parent, (fk.ondelete or "NO ACTION").upper()))
    return links


def _name_forms(given: str, family: str, order: Any, native: str) -> set[str]:
    """The ways their full name is written: both orders, with a comma, as displayed, a CJK
    name with and without its space."""
    given, family, native = given.strip(), family.strip(), native.strip()
    forms: set[str] = set()
    if given and family:
        forms |= {f"{given} {family}", f"{family} {given}", f"{family}, {given}"}
        if has_cjk(given + family):
            forms |= {given + family, family + given}
    with contextlib.suppress(ValueError):
        forms.add(display_name(given, family, order))
    if has_cjk(native) and len(_SPACES.sub("", native)) >= 2:
        forms |= {native, _SPACES.sub("", native)}
    elif len(native.split()) >= 2:
        forms.add(native)
    return {f for f in forms if f.strip()}


def _identity_texts(given: str, family: str, order: Any, native: str, reading: str, email: str,
                    phone: str, mobile: str) -> list[str]:
    found = _name_forms(given, family, order, native) if given.strip() and family.strip() else set()
    for value in (native.strip(), reading.strip()):
        if has_cjk(value) and len(_SPACES.sub("", value)) >= 2:
            found |= {value, _SPACES.sub("", value)}
        elif len(value.split()) >= 2:
            found.add(value)
    if "@" in email:
        found.add(email.strip())
    for value in (phone, mobile):
        if is_phone(value):
            found.add(value.strip())
    return sorted({t for t in found if t.strip()}, key=len, reverse=True)


def identifying_texts(person: Person) -> list[str]:
    """The strings that identify the person in free text, longest first: full names (both
    orders; CJK with and without the space), a native-script name of two characters or more,
    the e-mail and phone numbers, and the same of every alias (other e-mails and spellings).
    A lone given or family name is too common to replace."""
    found = set(_identity_texts(person.given_name, person.family_name, person.name_order,
                                person.native_name, person.native_reading, person.email,
                                person.phone, person.mobile))
    for alias in person.aliases:  # other e-mails and spellings identify them as well
        kind = alias.kind.value
        found |= set(_identity_texts(
            alias.given_name if kind == "name" else "", alias.family_name if kind == "name" else "",
            person.name_order, alias.value if kind == "native" else "",
            alias.value if kind == "reading" else "", alias.value if kind == "email" else "",
            "", ""))
    return sorted(found, key=len, reverse=True)


def require_identifier(who: str | None) -> str:
    """``who`` stripped; an empty or blank value (an unset variable in a script) names nobody."""
    text = (who or "").strip()
    if not fold(text).strip():
        raise ValidationError("Name a person by their e-mail, id or full name: an empty value names nobody",
                              "person")
    return text


def _id_key(text: str) -> str:
    return _needle(text)


def resolve_person(session: Session, who: str) -> Person | None:
    """The person named by e-mail, uuid or full name (any case, either order); None when nobody
    is. Two people of that name: refused, name one by e-mail or id."""
    text = require_identifier(who)
    with contextlib.suppress(NotFoundError):
        return find_person(session, text)
    if "@" in text or _UUID.fullmatch(text.lower()):
        return None
    key = _id_key(text)
    rows = session.execute(select(Person.id, Person.given_name, Person.family_name, Person.name_order,
                                  Person.native_name, Person.email)).all()
    matches = [r for r in rows
               if key in {_id_key(f) for f in _name_forms(r.given_name, r.family_name, r.name_order,
                                                          r.native_name)}]
    if len(matches) > 1:
        listed = ", ".join(r.email or f"#{r.id}" for r in matches[:5])
        raise ValidationError(f"{len(matches)} people are called {text!r} ({listed}): name the one you "
                              "mean by e-mail or id", "person")
    return session.get(Person, matches[0].id) if matches else None


def _identifying(who: str) -> bool:
    """Whether ``who`` is specific enough to scrub from free text without a person to match it:
    an e-mail, a uuid, a phone number, a name of two words or more, a CJK name of two characters."""
    key = _id_key(who)
    return ("@" in key or bool(_UUID.fullmatch(key)) or is_phone(who) or len(key.split()) >= 2
            or (has_cjk(key) and len(key.replace(" ", "")) >= 2))


# --------------------------------------------------------------------------- erasure
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


def _digest(salt: str, key: str) -> str:
    return hashlib.sha256(f"{salt}\0{key}".encode()).hexdigest()


def _write_marker(conn: sa.Connection, keys: Iterable[str], person_id: int, export_ids: list[int]) -> str:
    """The "erasure in progress" marker: salted hashes of the identifiers, nothing readable."""
    salt = secrets.token_hex(16)
    name = MARKER + secrets.token_hex(8)
    value = {"salt": salt, "ids": sorted({_digest(salt, k) for k in keys if k}), "person_id": person_id,
             "exports": export_ids, "started": datetime.now(UTC).isoformat(timespec="seconds")}
    conn.execute(sa.insert(AppMeta).values(key=name, value=json.dumps(value)))
    return name


def _find_marker(conn: sa.Connection, who: str) -> tuple[str, dict[str, Any]] | None:
    key = _id_key(who)
    for name, value in conn.execute(select(AppMeta.key, AppMeta.value).where(AppMeta.key.like(MARKER + "%"))):
        with contextlib.suppress(ValueError, KeyError, TypeError):
            data = json.loads(value)
            if _digest(data["salt"], key) in data["ids"]:
                return name, data
    return None


def _marker_keys(person: Person) -> set[str]:
    names = _name_forms(person.given_name, person.family_name, person.name_order, person.native_name)
    return {_id_key(t) for t in [person.uuid, person.email, *names] if _id_key(t)}


def _exports_by_id(session: Session, ids: list[int]) -> list[ExportRecord]:
    if not ids:
        return []
    rows = session.execute(select(ExportLog, Event.code).outerjoin(Event, Event.id == ExportLog.event_id)
                           .where(ExportLog.id.in_(ids)).order_by(ExportLog.created_at)).all()
    return [ExportRecord(log.kind, log.path, log.created_at, code or "", log.row_count) for log, code in rows]


def pending_erasures(session: Session) -> int:
    """How many erasures committed without finishing their purge (a kill, a reader)."""
    return session.scalar(select(func.count()).select_from(AppMeta).where(AppMeta.key.like(MARKER + "%"))) or 0


def erase_person(db: Database, who: str) -> ErasureReport:
    """Erase the person named by e-mail, uuid or full name everywhere (see the module doc), or
    finish an earlier erasure of them that was interrupted or left traces."""
    who = require_identifier(who)
    backups_before = [] if db.is_server else [b.path for b in backup.list_backups(db.backup_dir)]
    with db.transaction() as session:
        conn = session.connection()
        marker = _find_marker(conn, who)
        person = None if marker else resolve_person(session, who)
        if person is not None:
            report = ErasureReport(person.id, person_uuid=person.uuid, backups_before=backups_before)
            report.exports = exports_containing(session, person.uuid)  # list them BEFORE the links go
            export_ids = list(conn.execute(select(ExportLogPerson.export_id).where(
                ExportLogPerson.person_uuid == person.uuid)).scalars())
            needles = [person.uuid, *identifying_texts(person)]
            marker_name = _write_marker(conn, _marker_keys(person), person.id, sorted(set(export_ids)))
            _erase_rows(session, person, report)
        else:
            needles = [who]
            if marker is None:
                if not _identifying(who) or not _traces(db, conn, Matcher(needles)):
                    raise NotFoundError(f"No person with the e-mail, id or name {who!r}, and nothing of "
                                        "them left in the file")
                marker_name = _write_marker(conn, {_id_key(who)}, 0, [])
                data: dict[str, Any] = {}
            else:
                marker_name, data = marker
            report = ErasureReport(int(data.get("person_id") or 0), resumed=True, backups_before=backups_before)
            report.exports = _exports_by_id(session, [int(i) for i in data.get("exports", [])])
        matcher = Matcher(needles)
        if report.person_uuid:  # the erasure travels with the next sync (planner.sync)
            from planner.sync.local import forget_person

            forget_person(conn, report.person_uuid, matcher, needles)
        report.text_scrubbed = scrub_text(session, matcher)
        from planner.sync.queue import drop_moot

        drop_moot(conn)  # conflicts the scrub left with two equal sides
        # the index keeps deleted rows' words until merged: merge in this transaction, so a kill
        # after the commit cannot leave them there
        if not db.is_server:  # (a server's trigram index holds no deleted rows' words)
            search_index.optimize(conn.exec_driver_sql)
        session.expunge_all()
        session.add(AuditEntry(action="erase_person_finished" if report.resumed else "erase_person",
                               detail=json.dumps({
                                   "person_id": report.person_id, "deleted": report.deleted,
                                   "cleared": report.cleared, "text_scrubbed": report.text_scrubbed,
                                   "exports_listed": len(report.exports)})))
    report.needles = needles
    still_named = names_still_in_use(db, needles)
    report.residue, report.vacuumed = purge_free_space(db, [n for n in needles if n not in still_named])
    if db.is_server:
        report.server_note = privacy_server.server_note(report.vacuumed)
    if not report.residue:
        with db.transaction() as session:
            session.execute(delete(AppMeta).where(AppMeta.key == marker_name))
    return report


def _needle_key(text: str) -> str:
    return "tel:" + _digits(text)[-9:] if is_phone(text) else _id_key(text)


def names_still_in_use(db: Database, identifiers: Sequence[str]) -> set[str]:
    """Identifiers another (remaining) person shares — a namesake, a shared switchboard number:
    not residue (their own columns keep them)."""
    wanted: dict[str, list[str]] = {}
    for text in identifiers:
        if text:
            wanted.setdefault(_needle_key(text), []).append(text)
    used: set[str] = set()
    with db.session() as session:
        rows = session.execute(select(Person.given_name, Person.family_name, Person.name_order,
                                      Person.native_name, Person.native_reading, Person.email,
                                      Person.phone, Person.mobile))
        for row in rows:
            for text in _identity_texts(*row):
                used.update(wanted.get(_needle_key(text), []))
    return used


def file_residue(path: Path, needles: Iterable[str] | Matcher) -> list[str]:
    """Which of the file, its -wal and -shm hold any of ``needles`` in any spelling (UTF-8)."""
    matcher = needles if isinstance(needles, Matcher) else Matcher(needles)
    found: list[str] = []
    if not matcher:
        return found
    chunk, overlap = 8 << 20, 4096
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(str(path) + suffix)
        if not candidate.exists() or candidate.stat().st_size == 0:
            continue
        with candidate.open("rb") as fh:
            tail = b""
            while block := fh.read(chunk):
                if matcher.in_bytes(tail + block):
                    found.append(candidate.name)
                    break
                tail = block[-overlap:]
    return found


def _text_residue(db: Database, matcher: Matcher) -> list[str]:
    with db.session() as session:
        return sorted({f"{t.name}.{c.name}" for t, c, _k, _v in find_text(session.connection(), matcher)})


def _traces(db: Database, conn: sa.Connection, matcher: Matcher) -> bool:
    if next(find_text(conn, matcher), None) is not None:
        return True
    return not db.key and not db.is_server and bool(file_residue(db.path, matcher))


def _vacuum_and_checkpoint(db: Database) -> None:
    """VACUUM (outside any transaction: it rewrites the file without its free pages) and a
    TRUNCATE checkpoint, so neither the file nor its WAL keeps a deleted page."""
    con = connect_raw(db.path, key=db.key, timeout=CHECKPOINT_WAIT_S)
    busy = 1
    try:
        con.execute("PRAGMA secure_delete = ON")
        con.execute("VACUUM")
        busy = int(con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
    except Exception as exc:
        if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
            if describe_write_error(exc) is None:
                raise
            raise SaveError(f"The erasure was saved, but wiping the old copies of the data failed ({exc}): "
                            "free some disk space or close other programs, then run the erasure again "
                            "to finish") from exc
    finally:
        con.close()
    if busy:
        raise StoreError("Another window or program is using the file: close it and run the erasure again "
                         "(by e-mail, id or name) so the old copies of the data can be wiped")


def purge_free_space(db: Database, needles: Sequence[str]) -> tuple[list[str], bool]:
    """VACUUM and checkpoint (see :func:`_vacuum_and_checkpoint`), then search every text column
    and the file's bytes for ``needles`` in every spelling. Returns where they remain (table.column
    names, file names; for an encrypted file only the columns, its bytes never show them) and
    True (the file was vacuumed). On a team server: VACUUM of the tables the role owns, then the
    text columns (see :mod:`planner.services.personal_data.privacy_server`)."""
    if db.is_server:
        vacuumed = privacy_server.vacuum_plan_tables(db)
        return _text_residue(db, Matcher(needles)), vacuumed
    _vacuum_and_checkpoint(db)
    matcher = Matcher(needles)
    residue = _text_residue(db, matcher)
    if not db.key:
        residue += file_residue(db.path, matcher)
    return residue, True


def finish_pending_erasures(db: Database) -> int:
    """Finish erasures that committed but did not purge (killed, or a reader kept old pages):
    vacuum and checkpoint, then drop their markers. For the app's start; returns how many."""
    with db.session() as session:
        names = list(session.scalars(select(AppMeta.key).where(AppMeta.key.like(MARKER + "%"))))
    if not names:
        return 0
    if db.is_server:
        privacy_server.vacuum_plan_tables(db)
    else:
        _vacuum_and_checkpoint(db)
    with db.transaction() as session:
        session.execute(delete(AppMeta).where(AppMeta.key.in_(names)))
    return len(names)


# --------------------------------------------------------------------------- undo history
def history_mentions(changeset: Changeset, report: ErasureReport) -> bool:
    """Whether an undo/redo step holds the erased person: their row or uuid, a link to their
    internal id, or any text in which :class:`Matcher` finds them (before or after the edit)."""
    matcher = report.matcher()
    links = {(t.name, c.name) for t, c, _a in person_links()}
    for change in changeset.changes:
        if change.table == "person" and report.person_id and tuple(change.pk) == (report.person_id,):
            return True
        for state in (change.before, change.after):
            for column, value in (state or {}).items():
                if isinstance(value, str) and value and (value == report.person_uuid or matcher.search(value)):
                    return True
                if report.person_id and value == report.person_id and (change.table, column) in links:
                    return True
    return False


def purge_history(changesets: Iterable[Changeset], report: ErasureReport) -> list[Changeset]:
    """The steps to keep after an erasure (in order): every step that mentions them goes."""
    return [cs for cs in changesets if not history_mentions(cs, report)]
