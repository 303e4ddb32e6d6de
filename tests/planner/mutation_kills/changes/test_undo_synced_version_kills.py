"""A record put back by undo or redo on a laptop that syncs comes back at a version above the one
its last-synced copy was taken at: the sync finds changed records by version, so a record put back
at that same version with other fields would never be sent (``_stamped``/``_synced_version``).

The laptop's sync state is made as a sync makes it, with the sync's own functions (the copy of
each record as it travels, at the row's version): no server is needed to state the rule. The same
story through a real server is ``tests/planner/sync/test_sync_undo.py``."""

from __future__ import annotations

from typing import Any

from planner.services.editing.changes import record_changes, redo, undo
from planner.services.people.people import add_person, find_person, update_person
from planner.storage.database import Database
from planner.sync import tables
from planner.sync.local import BaseCopy, pending, read_rows, write_bases


def _synced_now(db: Database) -> None:
    """Take every record's last-synced copy as a sync does after a push: at the row's version."""
    with db.engine.begin() as conn:
        copies: dict[tuple[str, str], BaseCopy | None] = {}
        for tbl in tables.synced_tables():
            uuids = [u for (u,) in conn.execute(tbl.select().with_only_columns(tbl.c.uuid))]
            for uuid, (version, data) in read_rows(conn, tbl, uuids).items():
                copies[(tbl.name, uuid)] = BaseCopy(version, version, data)
        write_bases(conn, copies)


def _pending(db: Database) -> list[tuple[str, str, dict[str, Any] | None]]:
    with db.engine.connect() as conn:
        return [(p.table, p.op, p.data) for p in pending(conn)]


def _add_and_edit(db: Database) -> tuple[Any, Any]:
    with db.transaction() as s, record_changes(s, "add Mei") as added:
        add_person(s, given_name="Mei", family_name="Lin", email="mei@cbc.example", job_title="Analyst")
    with db.transaction() as s, record_changes(s, "edit Mei") as edited:
        update_person(s, find_person(s, "mei@cbc.example"), job_title="Director")
    with db.transaction() as s, record_changes(s, "edit Mei again") as again:
        update_person(s, find_person(s, "mei@cbc.example"), job_title="Head of BD")
    return added, (edited, again)


def test_a_person_redone_after_synced_edits_is_sent_with_the_fields_they_now_have(db: Database) -> None:
    added, (edited, again) = _add_and_edit(db)  # the person reached version 3
    _synced_now(db)
    assert _pending(db) == []
    with db.transaction() as s:
        undo(s, again)
        undo(s, edited)
        undo(s, added)
    with db.transaction() as s:
        redo(s, added)  # back as first added: an analyst, once at version 1
    with db.transaction() as s:
        mei = find_person(s, "mei@cbc.example")
        assert mei.job_title == "Analyst"
        assert mei.version == 4  # the synced copy's version 3, moved on by one (not the add's 1 + 1)
    [(table, kind, data)] = _pending(db)
    assert (table, kind) == ("person", "update") and data is not None and data["job_title"] == "Analyst"


def test_a_record_never_synced_is_put_back_at_the_next_version_of_its_own(db: Database) -> None:
    added, (edited, again) = _add_and_edit(db)
    with db.transaction() as s:
        undo(s, again)
        undo(s, edited)
        undo(s, added)
    with db.transaction() as s:
        redo(s, added)
    with db.transaction() as s:
        assert find_person(s, "mei@cbc.example").version == 2  # the add's version 1, moved on by one


def test_the_synced_copies_of_other_records_do_not_raise_the_version(db: Database) -> None:
    with db.transaction() as s:
        add_person(s, given_name="Tom", family_name="Hale", email="tom@cbc.example")
        for n in range(4):
            update_person(s, find_person(s, "tom@cbc.example"), job_title=f"T{n}")
            s.flush()
    _synced_now(db)  # Tom's copy is at version 5; Mei is added after the sync
    with db.transaction() as s, record_changes(s, "add Mei") as added:
        add_person(s, given_name="Mei", family_name="Lin", email="mei@cbc.example")
    with db.transaction() as s:
        undo(s, added)
    with db.transaction() as s:
        redo(s, added)
    with db.transaction() as s:
        assert find_person(s, "mei@cbc.example").version == 2  # her own 1, moved on by one
    assert [(table, op) for table, op, _ in _pending(db)] == [("person", "insert")]
