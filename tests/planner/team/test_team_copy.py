"""``planner copy``: a whole plan moves between a file and a team server losslessly.

Rules held here:

* every table of the models, every row, every column arrives as it left (ids, UUIDs, timestamps
  to the microsecond, enums, times, unicode in any script, empty and NULL values): compared
  table by table, row by row, through the models' own column types on both ends;
* the copied plan is a working plan: new records get new ids (the server's sequences moved past
  the copied ones) and the people search finds copied people (its index was rebuilt);
* a copy never merges into or replaces a plan, never overwrites a file, and a failed or
  cancelled copy leaves the target without a row (a file it created is removed).

The file→server→file test needs the test server (``PLANNER_TEST_PG_URL``, see
tests/planner/conftest.py); the others run on SQLite and, in ``engines`` mode, on the server too.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from planner.cli import main
from planner.demo import build_demo
from planner.domain.enums import AliasKind
from planner.errors import Cancelled
from planner.services.outputs.export_log import record_export
from planner.services.people.identity import add_alias, mark_distinct
from planner.services.people.people import add_person
from planner.services.views.search import person_matches
from planner.storage import models as m
from planner.storage.copy import CopyError, copy_plan, copy_to, plan_tables
from planner.storage.database import Database

pytestmark = pytest.mark.engines

# Texts that a careless copy would mangle: scripts, combining marks, emoji beyond the BMP,
# right-to-left, quotes, a backslash, line breaks, surrounding spaces.
AWKWARD = ["山田 太郎", "Zoë Ångström-Øster", "e\u0301tude", "🧬🔬 trial", "مرحبا", "O'Brien \"Bob\" \\",
           "line one\nline two\r\n", "  padded  "]


def _populate(db: Database) -> None:
    """The demo mission (scale 1, through the services) plus a row in every table it leaves
    empty, with awkward values."""
    with db.transaction() as s:
        build_demo(s)
    with db.transaction() as s:
        event = s.scalars(sa.select(m.Event)).first()
        people = list(s.scalars(sa.select(m.Person).order_by(m.Person.id).limit(4)))
        assert event is not None and len(people) == 4
        extra = add_person(s, given_name=AWKWARD[1], family_name=AWKWARD[5], native_name=AWKWARD[0],
                           email="zoe@example.org")
        add_alias(s, people[0], AliasKind.EMAIL, "second.mailbox@example.org", source="typed")
        add_alias(s, extra, AliasKind.NAME, given_name="Zoe", family_name="Angstrom")
        mark_distinct(s, people[1], people[2])
        record_export(s, kind="leads", path="/exports/leads.xlsx", event=event,
                      person_ids=[p.id for p in people], row_count=4)
        s.add_all([
            m.Note(subject_kind="person", subject_uuid=extra.uuid, body="\n".join(AWKWARD),
                   author="Ådmin"),
            m.AuditEntry(action="erase", detail=AWKWARD[3]),
            m.AppMeta(key="erasure-pending:abc", value=json.dumps({"k": AWKWARD[4]})),
            m.ConflictAcknowledgement(event_id=event.id, kind="overlap", key="m1|m2",
                                      signature="f" * 64, note=AWKWARD[6]),
            m.EventContact(event_id=event.id, person_id=extra.id, source="import: pretix"),
            m.PersonExternalId(person_id=extra.id, source="pretix", event_id=event.id,
                               value="ABC12-1"),
            m.CalendarSent(event_id=event.id, person_id=people[0].id, item_uuid=extra.uuid,
                           sequence=3, status="CANCELLED", start_utc=datetime(2026, 10, 14, 0, 0, 0, 1),
                           end_utc=datetime(2026, 10, 14, 23, 59, 59, 999999), tz="Asia/Tokyo",
                           summary=AWKWARD[2], location="", people=AWKWARD[7], cancel_sends=1),
            m.PackRevision(event_id=event.id, person_id=people[0].id, fingerprint="0" * 64,
                           exported_at=datetime(2026, 10, 1, 8, 30, 15, 123456), summary="{}"),
            m.ErasureLog(person_key="e" * 64),
            m.RecordRedirect(table_name="person", old_uuid=m.new_uuid(), new_uuid=extra.uuid),
            m.SyncBase(table_name="person", uuid=extra.uuid, server_version=7, local_version=2,
                       data=json.dumps({"notes": AWKWARD[1]})),
            m.SyncConflict(table_name="person", record_uuid=extra.uuid, label=AWKWARD[0], kind="fields",
                           fields='["notes"]', base="{}", mine=json.dumps({"notes": AWKWARD[5]}),
                           theirs="{}", theirs_by="bob", resolution=""),
        ])
        venue = s.scalars(sa.select(m.Venue)).first()
        assert venue is not None
        venue.opens, venue.closes = time(7, 5, 9), time(23, 59)


def _rows(db: Database, table: sa.Table) -> list[tuple[Any, ...]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            sa.select(*table.columns).order_by(*table.primary_key.columns))]


def assert_same_plan(a: Database, b: Database) -> None:
    """Every table, row by row, every column; values as the models' types read them (a datetime
    is compared as a datetime, whichever way each engine stores it)."""
    for table in plan_tables():
        left, right = _rows(a, table), _rows(b, table)
        assert len(left) == len(right), table.name
        for row_a, row_b in zip(left, right, strict=True):
            assert row_a == row_b, (table.name, row_a, row_b)


def _search_works(db: Database) -> None:
    with db.session() as s:
        zoe = s.scalars(sa.select(m.Person.id).where(m.Person.email == "zoe@example.org")).one()
        assert zoe in person_matches(s, "Ångström")
        assert zoe in person_matches(s, "山田")
        yuto = set(s.scalars(sa.select(m.Person.id).where(m.Person.given_name == "Yuto")))
        assert yuto and yuto <= person_matches(s, "Yuto")


def _new_records_get_new_ids(db: Database) -> None:
    with db.transaction() as s:
        before = s.scalar(sa.select(sa.func.max(m.Person.id)))
        added = add_person(s, given_name="Neu", family_name="Person", email="neu@example.org")
        s.flush()
        assert before is not None and added.id > before


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.db"
    db = Database.open(path)
    try:
        _populate(db)
    finally:
        db.close()
    return path


def test_the_fixture_fills_every_table(plan_file: Path) -> None:
    db = Database.open(plan_file)
    try:
        empty = [t.name for t in plan_tables() if not _rows(db, t)]
    finally:
        db.close()
    assert empty == [], "populate these tables too, or the copy test cannot see them lost"


def test_file_to_server_to_file_keeps_every_row_and_column(plan_file: Path, pg_empty_url: str,
                                                           tmp_path: Path) -> None:
    source = Database.open(plan_file)
    try:
        to_server = copy_to(source, pg_empty_url, chunk_rows=37)  # many chunks per big table
        back_path = tmp_path / "back" / "snapshot.db"
        back_path.parent.mkdir()
        server = Database.open(pg_empty_url)
        try:
            assert_same_plan(source, server)
            back = copy_to(server, str(back_path))
        finally:
            server.close()
        assert back.rows == to_server.rows
        assert to_server.rows == {t.name: len(_rows(source, t)) for t in plan_tables()}
        returned = Database.open(back_path)
        try:
            assert_same_plan(source, returned)
            _search_works(returned)
            _new_records_get_new_ids(returned)
        finally:
            returned.close()
    finally:
        source.close()
    assert back_path.stat().st_mode & 0o077 == 0  # written privately, like every new plan file
    server = Database.open(pg_empty_url)
    try:
        _search_works(server)
        _new_records_get_new_ids(server)  # the sequences were moved past the copied ids
    finally:
        server.close()


def test_a_copy_into_an_empty_plan_is_the_same_plan(plan_file: Path, db: Database) -> None:
    source = Database.open(plan_file)
    try:
        report = copy_plan(source, db, chunk_rows=50)
        assert report.total == sum(len(_rows(source, t)) for t in plan_tables())
        assert_same_plan(source, db)
    finally:
        source.close()
    _search_works(db)
    _new_records_get_new_ids(db)


def test_a_target_holding_a_plan_is_refused_and_left_as_it_was(plan_file: Path, db: Database) -> None:
    with db.transaction() as s:
        add_person(s, given_name="Already", family_name="There", email="there@example.org")
    before = {t.name: _rows(db, t) for t in plan_tables()}
    source = Database.open(plan_file)
    try:
        with pytest.raises(CopyError, match="already holds a plan"):
            copy_plan(source, db)
    finally:
        source.close()
    assert {t.name: _rows(db, t) for t in plan_tables()} == before


def test_a_copy_that_fails_half_way_leaves_the_target_empty(plan_file: Path, db: Database) -> None:
    chunks = []

    def cancel() -> bool:
        chunks.append(1)
        return len(chunks) > 5  # after several tables were written

    source = Database.open(plan_file)
    try:
        with pytest.raises(Cancelled):
            copy_plan(source, db, cancel=cancel, chunk_rows=20)
    finally:
        source.close()
    assert all(_rows(db, t) == [] for t in plan_tables())
    with db.session() as s:  # the search index is whole too (SQLite: its triggers are back)
        assert person_matches(s, "Yuto") == set()
    with db.transaction() as s:
        add_person(s, given_name="Yuto", family_name="Later", email="later@example.org")
    with db.session() as s:
        assert len(person_matches(s, "Yuto")) == 1


@pytest.mark.sqlite_only("files: never overwritten, removed when the copy fails")
def test_an_existing_file_is_never_replaced(plan_file: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "colleague.db"
    other.write_bytes(b"someone's open plan")
    assert main(["--db", str(plan_file), "copy", "--to", str(other)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert other.read_bytes() == b"someone's open plan"
    assert main(["--db", str(plan_file), "copy", "--to", str(plan_file)]) == 2
    assert main(["--db", str(plan_file), "copy", "--to", str(tmp_path / "no-such-dir" / "x.db")]) == 2
    assert not (tmp_path / "no-such-dir").exists()


@pytest.mark.sqlite_only("files: a failed copy removes the file it created")
def test_a_failed_copy_to_a_new_file_leaves_no_file(plan_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "new.db"
    source = Database.open(plan_file)
    try:
        with pytest.raises(Cancelled):
            copy_to(source, str(target), cancel=lambda: True)
    finally:
        source.close()
    assert not target.exists() and not Path(f"{target}-wal").exists()


@pytest.mark.sqlite_only("the command's summary")
def test_the_command_prints_rows_per_table(plan_file: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "snapshot.db"
    assert main(["--db", str(plan_file), "copy", "--to", str(target), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    db = Database.open(plan_file)
    try:
        assert summary["rows"] == {t.name: len(_rows(db, t)) for t in plan_tables()}
    finally:
        db.close()
    assert summary["total"] == sum(summary["rows"].values())


@pytest.mark.sqlite_only("an encrypted file stays encrypted")
def test_an_encrypted_plan_is_copied_into_a_file_encrypted_with_the_same_passphrase(
        plan_file: Path, tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3", reason="sqlcipher3 is not installed (the encryption extra)")
    from planner.storage.files import encryption

    secret_path = tmp_path / "secret.db"
    plain = Database.open(plan_file)
    try:
        copy_to(plain, str(secret_path))
    finally:
        plain.close()
    encryption.encrypt_copy(secret_path, tmp_path / "locked.db", "open sesame")
    source = Database.open(tmp_path / "locked.db", key="open sesame")
    snapshot = tmp_path / "snapshot.db"
    try:
        report = copy_to(source, str(snapshot))
        assert report.encrypted
        assert encryption.looks_encrypted(snapshot)  # never a plain copy of an encrypted plan
        copied = Database.open(snapshot, key="open sesame")
        try:
            assert_same_plan(source, copied)
        finally:
            copied.close()
    finally:
        source.close()
