"""Taking what a pull brought into the file: erasures first, then merges of people and
organisations done elsewhere, then deletions (children first), then new and changed records
(parents first), each merged field by field against its last-synced copy."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planner.errors import NotFoundError
from planner.storage.database import Database
from planner.storage.models import ErasureLog, Person, SyncBase, SyncConflict
from planner.storage.models.sync import person_key
from planner.sync import local, queue, tables
from planner.sync.errors import SyncError
from planner.sync.merge import merge
from planner.sync.remote import Change, Pulled
from planner.sync.report import SyncReport
from planner.sync.review import KIND_DELETED_HERE, KIND_DELETED_THERE, KIND_FIELDS


def erase_pulled(db: Database, pulled: Pulled, report: SyncReport) -> set[str]:
    """Erase here every person erased elsewhere (each in its own transaction, as a user's
    erasure). Returns the erasure log's keys (hashes of the erased people's uuids)."""
    from planner.services.personal_data.privacy import erase_person

    keys = {c.data["person_key"] for c in pulled.rows.get("erasure_log", [])}
    if not keys:
        return set()
    with db.session() as session:
        here = [u for u in session.scalars(sa.select(Person.uuid)) if person_key(u) in keys]
    for uuid in sorted(here):
        try:
            erase_person(db, uuid)
        except NotFoundError:
            continue
        report.erased.append(uuid)
    _forget_absent(db, keys)
    return keys


def _forget_absent(db: Database, keys: set[str]) -> None:
    """People erased elsewhere who are not in this file (deleted or merged here before) may still
    be in its last-synced copies and review queue: those forget them too."""
    from planner.services.personal_data.privacy import _identity_texts
    from planner.services.personal_data.text_match import Matcher, scrub_text

    with db.transaction() as session:
        conn = session.connection()
        copies: dict[str, list[dict[str, Any]]] = {}
        for uuid, raw in conn.execute(sa.select(SyncBase.uuid, SyncBase.data).where(SyncBase.table_name == "person")):
            if person_key(uuid) in keys:
                copies.setdefault(uuid, []).append(json.loads(raw))
        for uuid, *sides in conn.execute(sa.select(SyncConflict.record_uuid, SyncConflict.base, SyncConflict.mine,
                                                   SyncConflict.theirs).where(SyncConflict.table_name == "person")):
            if person_key(uuid) in keys:
                copies.setdefault(uuid, []).extend(json.loads(side) for side in sides)
        for uuid, datas in copies.items():
            needles = {uuid}
            for d in datas:
                needles |= set(_identity_texts(*(str(d.get(f) or "") for f in (
                    "given_name", "family_name", "name_order", "native_name", "native_reading", "email",
                    "phone", "mobile"))))
            matcher = Matcher(sorted(needles, key=len, reverse=True))
            local.forget_person(conn, uuid, matcher, [str(d.get("email") or "") for d in datas])
            scrub_text(session, matcher)
        queue.drop_moot(conn)


@dataclass
class _Apply:
    session: Session
    report: SyncReport
    erased: set[str]
    bases: dict[tuple[str, str], local.BaseCopy] = field(default_factory=dict)
    deleted_here: set[tuple[str, str]] = field(default_factory=set)
    skipped: set[tuple[str, str]] = field(default_factory=set)  # not taken: under a record gone here
    incoming: dict[tuple[str, str], Change] = field(default_factory=dict)  # this pull, not yet applied
    erased_emails: set[str] = field(default_factory=set)  # hashes of erased people's e-mail keys
    changed_bases: set[tuple[str, str]] = field(default_factory=set)  # written back at the end
    preloaded: dict[str, dict[str, tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    touched: set[tuple[str, str]] = field(default_factory=set)  # written since the preload
    queued: dict[str, list[tuple[Change, dict[str, Any]]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.conn = self.session.connection()
        self.ids = tables.IdMap(self.conn)
        self.bases = local.load_bases(self.conn)
        self.deleted_here = {(t, u) for (t, u) in self.bases if u not in self.ids[t]}

    # ------------------------------------------------------------------------- helpers
    def gone_here(self, table: str, uuid: str) -> bool:
        """A record deleted (or erased) here, or one this apply did not take for that reason."""
        return (table, uuid) in self.deleted_here or (table, uuid) in self.skipped or self.is_erased(uuid)

    def erased_alias(self, table: str, data: dict[str, Any] | None) -> bool:
        """An e-mail alias that is an erased person's e-mail (given to someone by a merge made
        offline before the erasure arrived)."""
        if table != "person_alias" or not data or not self.erased_emails or data.get("kind") != "email":
            return False
        from planner.imports.normalise import email_key

        return person_key(email_key(str(data.get("value") or ""))) in self.erased_emails

    def forget_erased_aliases(self) -> None:
        """An erased person's e-mail that a merge here gave someone else as an alias (before the
        erasure arrived) goes: the alias, its last-synced copy's content (the copy stays, empty,
        so the delete is sent) and any queued conflict about it."""
        alias = tables.table("person_alias")
        rows = self.conn.execute(sa.select(alias.c.uuid, alias.c.kind, alias.c.value)).all()
        for uuid, kind, value in rows:
            if self.erased_alias("person_alias", {"kind": getattr(kind, "value", kind), "value": value}):
                self.conn.execute(sa.delete(alias).where(alias.c.uuid == uuid))
                self.ids["person_alias"].pop(uuid, None)
        for (table, uuid), base in list(self.bases.items()):
            if table == "person_alias" and self.erased_alias(table, base.data):
                self.set_base(table, uuid, base.server_version, base.local_version, {})
        for conflict_id, *sides in self.conn.execute(sa.select(
                SyncConflict.id, SyncConflict.base, SyncConflict.mine, SyncConflict.theirs)
                .where(SyncConflict.table_name == "person_alias")).all():
            if any(self.erased_alias("person_alias", json.loads(side)) for side in sides):
                self.conn.execute(sa.delete(SyncConflict).where(SyncConflict.id == conflict_id))

    def is_erased(self, uuid: Any) -> bool:
        return bool(self.erased) and isinstance(uuid, str) and len(uuid) == 36 and person_key(uuid) in self.erased

    def values(self, tbl: sa.Table, data: dict[str, Any]) -> dict[str, Any]:
        """Column values for ``data`` here. A reference that may be cleared (SET NULL) to a record
        gone here is cleared, as the server will do when this laptop's delete arrives."""
        data = dict(data)
        while True:
            try:
                return tables.to_db(tbl, data, self.ids)
            except tables.MissingReference as exc:
                if not (tables.nullable_reference(tbl, exc.column) and self.gone_here(exc.table, exc.uuid)):
                    raise
                data[exc.column] = None

    def changed_here(self, table: str, uuid: str, version: int, data: dict[str, Any]) -> bool:
        base = self.bases.get((table, uuid))
        if base is None:
            return True
        return base.local_version == local.DIFFERS or (version != base.local_version and data != base.data)

    def set_base(self, table: str, uuid: str, server_version: int, local_version: int,
                 data: dict[str, Any]) -> None:
        self.bases[(table, uuid)] = local.BaseCopy(server_version, local_version, data)
        self.changed_bases.add((table, uuid))

    def drop_base(self, table: str, uuid: str) -> None:
        self.bases.pop((table, uuid), None)
        self.changed_bases.add((table, uuid))

    def write_bases(self) -> None:
        local.write_bases(self.conn, {key: self.bases.get(key) for key in self.changed_bases})
        self.changed_bases.clear()

    # ------------------------------------------------------------------------- rows here
    def preload(self, tbl: sa.Table, uuids: list[str]) -> None:
        """Read the rows a pull names in one query per chunk rather than one per record."""
        self.preloaded[tbl.name] = local.read_rows(self.conn, tbl, uuids)

    def is_echo(self, table: str, change: Change) -> bool:
        """The server's copy is the last-synced copy (this laptop's own push coming back)."""
        base = self.bases.get((table, change.uuid))
        return base is not None and base.server_version == change.version and base.data == change.data

    def touch(self, table: str, uuid: str) -> None:
        self.touched.add((table, uuid))

    def remove_here(self, tbl: sa.Table, uuid: str) -> None:
        """Delete a record here (not its last-synced copy, which decides what the next sync sends)."""
        self.conn.execute(sa.delete(tbl).where(tbl.c.uuid == uuid))
        self.touch(tbl.name, uuid)
        self.ids[tbl.name].pop(uuid, None)

    def row_here(self, tbl: sa.Table, uuid: str) -> tuple[int, dict[str, Any]] | None:
        """(version, row as it travels) of a record here, or None when it is not here."""
        rows = self.preloaded.get(tbl.name)
        if rows is None or (tbl.name, uuid) in self.touched:
            rows = local.read_rows(self.conn, tbl, [uuid])
        return rows.get(uuid)

    def conflict(self, table: str, uuid: str, kind: str, fields: tuple[str, ...], base: Any,
                 mine: Any, theirs: Any, by: str) -> None:
        if any(self.erased_alias(table, side) for side in (base, mine, theirs)):
            return
        if queue.add(self.conn, table, uuid, kind, fields, base, mine, theirs, by):
            self.report.conflicts += 1

    # ------------------------------------------------------------------------- merges elsewhere
    def redirect(self, change: Change, pulled: Pulled) -> None:
        """A person or organisation merged elsewhere: what refers to the old one here — above all
        what was added offline — now refers to the kept one. The rest of the merge (moves, folds,
        filled fields) arrives as the server's own records in this pull. A repointed row keeps its
        version, so a row not edited here still counts as unedited."""
        table, old, new = change.data["table_name"], change.data["old_uuid"], change.data["new_uuid"]
        if table not in ("person", "organisation") or old not in self.ids[table]:
            return
        if new not in self.ids[table]:
            for early in pulled.rows.get(table, []):
                if early.uuid == new:
                    self.upsert(tables.table(table), early)
            self.flush_inserts(tables.table(table))
        if new not in self.ids[table]:
            return
        old_id, new_id = self.ids[table][old], self.ids[table][new]
        parent = tables.table(table)
        for child in tables.synced_tables():
            for fk in child.foreign_keys:
                if fk.column.table is not parent:
                    continue
                rows = list(self.conn.execute(sa.select(child.c.id).where(fk.parent == old_id)).scalars())
                for row_id in rows:
                    try:
                        with self.conn.begin_nested():
                            self.conn.execute(sa.update(child).where(child.c.id == row_id)
                                              .values({fk.parent.name: new_id, "version": child.c.version}))
                    except IntegrityError:
                        continue  # the kept one has it already: the server folded the two

    # ------------------------------------------------------------------------- deletions
    def tombstone(self, table: str, uuid: str, version: int) -> None:
        tbl = tables.table(table)
        base = self.bases.get((table, uuid))
        rows = local.read_rows(self.conn, tbl, [uuid])
        if uuid in rows:
            row_version, mine = rows[uuid]
            if self.changed_here(table, uuid, row_version, mine) and not self._erased(mine):
                self.conflict(table, uuid, KIND_DELETED_THERE, tuple(tables.fields(tbl)),
                              base.data if base else None, mine, None, "")
            self._keep_new_children(tbl, self.ids[table][uuid])
            self.remove_here(tbl, uuid)
            self.report.pulled += 1
        self.drop_base(table, uuid)
        self.deleted_here.discard((table, uuid))

    def _erased(self, data: dict[str, Any]) -> bool:
        return any(self.is_erased(v) for v in data.values()
                                                      if isinstance(v, str))

    def _keep_new_children(self, parent: sa.Table, parent_id: int) -> None:
        """Records added here offline under a record deleted on the server would vanish with it:
        each is kept in the review queue instead."""
        for child in tables.synced_tables():
            for fk in child.foreign_keys:
                if fk.column.table is not parent or fk.ondelete != "CASCADE":
                    continue
                uuids = list(self.conn.execute(sa.select(child.c.uuid).where(fk.parent == parent_id)).scalars())
                new = [u for u in uuids if (child.name, u) not in self.bases]
                for uuid, (_v, data) in local.read_rows(self.conn, child, new).items():
                    if not self._erased(data):
                        self.conflict(child.name, uuid, KIND_DELETED_THERE, tuple(tables.fields(child)),
                                      None, data, None, "")

    # ------------------------------------------------------------------------- new and changed
    def upsert(self, tbl: sa.Table, change: Change) -> None:
        key = (tbl.name, change.uuid)
        base = self.bases.get(key)
        if self.erased_alias(tbl.name, change.data):  # not taken; the copy (no data) sends its delete
            self.remove_here(tbl, change.uuid)
            self.set_base(tbl.name, change.uuid, change.version, 0, {})
            return
        if self.is_echo(tbl.name, change):
            return  # this copy already: the echo of this laptop's own push (theirs = base: mine stands)
        if key in self.deleted_here:
            if base is not None and change.data != base.data:  # deleted here, changed there
                self.conflict(tbl.name, change.uuid, KIND_DELETED_HERE, tuple(tables.fields(tbl)),
                              base.data, None, change.data, change.changed_by)
            self.set_base(tbl.name, change.uuid, change.version,
                          base.local_version if base else 0, change.data)
            return
        here = self.row_here(tbl, change.uuid)
        if here is None:
            self._insert(tbl, change)
            return
        version, mine = here
        edited = self.changed_here(tbl.name, change.uuid, version, mine)
        merged = merge(tables.groups(tbl), base.data if base else None,
                       mine if edited or base is None else base.data, change.data,
                       max_fields=tuple(tables.MAX_FIELDS))
        for group in merged.conflicts:
            self.conflict(tbl.name, change.uuid, KIND_FIELDS, group, base.data if base else None,
                          mine, change.data, change.changed_by)
        if merged.result != mine:
            values = self._taken_values(tbl, merged.result, change, base)
            if values is None:  # moved there to name a record deleted here (an attendee to a person
                # this laptop deleted): it goes here too, as it will there when the delete arrives
                self._keep_new_children(tbl, self.ids[tbl.name][change.uuid])
                self.remove_here(tbl, change.uuid)
                self.set_base(tbl.name, change.uuid, change.version, base.local_version if base else 0,
                              change.data)
                self.report.pulled += 1
                return
            values.pop("uuid", None)
            version = self._update(tbl, change.uuid, values, merged.result)
            self.report.pulled += 1
        if base is not None and mine != base.data and change.data != base.data and not merged.conflicts:
            self.report.merged += 1
        self.set_base(tbl.name, change.uuid, change.version,
                      local.DIFFERS if merged.mine_kept else version, change.data)

    def _taken_values(self, tbl: sa.Table, data: dict[str, Any], change: Change,
                      base: local.BaseCopy | None) -> dict[str, Any] | None:
        """Column values for ``data``; None when it names a record deleted here: then it is not
        taken (the delete, sent next, removes it there) and the server's change waits in the queue."""
        try:
            return self.values(tbl, data)
        except tables.MissingReference as exc:
            if not self.gone_here(exc.table, exc.uuid):
                raise SyncError(f"The server sent a {tbl.name} that refers to a {exc.table} this file "
                                "does not have; nothing was changed here. Sync again.") from exc
        self.skipped.add((tbl.name, change.uuid))
        if not self._erased(change.data):
            self.conflict(tbl.name, change.uuid, KIND_DELETED_HERE, tuple(tables.fields(tbl)),
                          base.data if base else None, None, change.data, change.changed_by)
        return None

    def _twins(self, tbl: sa.Table, values: dict[str, Any], uuid: str) -> list[str]:
        """Rows here other than ``uuid`` holding the natural key ``values`` would take."""
        found: list[str] = []
        for unique in tbl.constraints:
            if not isinstance(unique, sa.UniqueConstraint) or "uuid" in unique.columns:
                continue
            if not all(c.name in values for c in unique.columns):
                continue
            crit = [c == values[c.name] for c in unique.columns]
            found += self.conn.execute(sa.select(tbl.c.uuid).where(*crit, tbl.c.uuid != uuid)).scalars()
        return found

    def _make_room(self, tbl: sa.Table, values: dict[str, Any], uuid: str, theirs: dict[str, Any]) -> None:
        """Before writing ``values``: a twin the server also changed in this pull takes its new
        state first (the server had moved it away); a twin with the same natural key (an alias, an
        attendee) that was added here offline, or moved onto that key here (a merge made offline
        repoints a meeting's attendee to the person kept), folds into this row: the same fact,
        arrived twice. A folded twin the server has is deleted there by the next sync; where it
        said something else (a counterpart here, one of ours there) that waits in the queue."""
        for twin in self._twins(tbl, values, uuid):
            later = self.incoming.pop((tbl.name, twin), None)
            if later is not None:
                self.upsert(tbl, later)
                continue
            here = local.read_rows(self.conn, tbl, [twin]).get(twin)
            if here is not None:
                for group in tables.groups(tbl):
                    if any(here[1].get(f) != theirs.get(f) for f in group):
                        self.conflict(tbl.name, uuid, KIND_FIELDS, group, None, here[1], theirs, "")
            self.remove_here(tbl, twin)
            if (tbl.name, twin) in self.bases:
                self.deleted_here.add((tbl.name, twin))

    def _update(self, tbl: sa.Table, uuid: str, values: dict[str, Any], data: dict[str, Any]) -> int:
        """Write the merged row (see :meth:`_make_room` when its natural key is taken here)."""
        statement = sa.update(tbl).where(tbl.c.uuid == uuid).values(values).returning(tbl.c.version)
        self.touch(tbl.name, uuid)
        try:
            with self.conn.begin_nested():
                return int(self.conn.execute(statement).scalar_one())
        except IntegrityError:
            self._make_room(tbl, values, uuid, data)
            return int(self.conn.execute(statement).scalar_one())

    def _insert(self, tbl: sa.Table, change: Change) -> None:
        values = self._taken_values(tbl, change.data, change, None)  # None: added there under a
        if values is None:  # record deleted here
            return
        self.touch(tbl.name, change.uuid)
        self.queued.setdefault(tbl.name, []).append((change, values))

    def flush_inserts(self, tbl: sa.Table) -> None:
        """Write the table's new records in batches (the children that follow need their ids). A
        natural key taken here fails the batch: then each goes on its own, making room or adopting."""
        queued = self.queued.pop(tbl.name, [])
        if not queued:
            return
        got: dict[str, int] = {}
        try:
            with self.conn.begin_nested():
                for start in range(0, len(queued), 1000):
                    part = [values for _change, values in queued[start:start + 1000]]
                    got.update((u, i) for u, i in self.conn.execute(sa.insert(tbl).returning(tbl.c.uuid, tbl.c.id), part))
        except IntegrityError:
            for change, values in queued:
                self._insert_one(tbl, change, values)
            return
        for change, _values in queued:
            self._inserted(tbl, change, got[change.uuid])

    def _inserted(self, tbl: sa.Table, change: Change, new_id: int) -> None:
        self.ids[tbl.name][change.uuid] = new_id
        self.set_base(tbl.name, change.uuid, change.version, 1, change.data)
        self.report.pulled += 1

    def _insert_one(self, tbl: sa.Table, change: Change, values: dict[str, Any]) -> None:
        statement = sa.insert(tbl).values(values).returning(tbl.c.id)
        try:
            with self.conn.begin_nested():
                new_id = self.conn.execute(statement).scalar_one()
        except IntegrityError:
            if self._adopt(tbl, change, values):
                return
            self._make_room(tbl, values, change.uuid, change.data)
            new_id = self.conn.execute(statement).scalar_one()
        self._inserted(tbl, change, new_id)

    def _adopt(self, tbl: sa.Table, change: Change, values: dict[str, Any]) -> bool:
        """The same natural key (a tag's name, a person at a meeting …) added here and there: the
        row here takes the server's uuid and the two merge as one."""
        for mine in self._twins(tbl, values, change.uuid):
            if (tbl.name, mine) in self.bases:
                continue
            self.conn.execute(sa.update(tbl).where(tbl.c.uuid == mine).values(uuid=change.uuid))
            self.touch(tbl.name, mine)
            self.touch(tbl.name, change.uuid)
            self.ids[tbl.name].pop(mine, None)
            self.ids[tbl.name][change.uuid] = self.conn.execute(
                sa.select(tbl.c.id).where(tbl.c.uuid == change.uuid)).scalar_one()
            self.upsert(tbl, change)
            return True
        return False


def apply(db: Database, pulled: Pulled, report: SyncReport, erased: set[str]) -> None:
    """Apply ``pulled`` to the file in one transaction and move the cursor past it."""
    with db.transaction() as session:
        log = session.execute(sa.select(ErasureLog.person_key, ErasureLog.email_keys)).all()
        work = _Apply(session, report, erased | {k for k, _e in log})
        work.erased_emails = {h for _k, e in log for h in e.split()} | {
            h for c in pulled.rows.get("erasure_log", []) for h in str(c.data.get("email_keys") or "").split()}
        if pulled.rows.get("erasure_log"):
            work.forget_erased_aliases()
        for change in pulled.rows.get("record_redirect", []):
            work.redirect(change, pulled)
        order = {t.name: i for i, t in enumerate(tables.synced_tables())}
        for table, uuid, version in sorted(pulled.tombstones, key=lambda t: -order.get(t[0], 0)):
            if table in order:
                work.tombstone(table, uuid, version)
        work.incoming = {(t, c.uuid): c for t, changes in pulled.rows.items() for c in changes}
        for tbl in tables.synced_tables():
            changes = pulled.rows.get(tbl.name, [])
            if changes:
                work.preload(tbl, [c.uuid for c in changes if not work.is_echo(tbl.name, c)])
            for change in changes:
                if work.incoming.pop((tbl.name, change.uuid), None) is None:
                    continue  # taken early, to make room for another
                if tbl.name == "person" and work.is_erased(change.uuid):
                    continue
                work.upsert(tbl, change)
            work.flush_inserts(tbl)
        work.write_bases()
        local.set_meta(work.conn, local.CURSOR, str(pulled.cursor))


def mark_pushed(db: Database, sent: list[local.Pending], versions: dict[tuple[str, str], int]) -> None:
    """After a push committed: the sent rows are the new last-synced copies."""
    copies: dict[tuple[str, str], local.BaseCopy | None] = {}
    for change in sent:
        key = (change.table, change.uuid)
        if key not in versions:
            continue
        if change.op == "delete":
            copies[key] = None
        else:
            assert change.data is not None
            copies[key] = local.BaseCopy(versions[key], change.local_version, change.data)
    with db.transaction() as session:
        local.write_bases(session.connection(), copies)
