"""The people import indexes its new people for search in bulk, not row by row (issue 20).

FTS5 flushes its pending terms at every statement that writes to it, so per-row triggers made an
import write one index segment per person. The import now drops the two insert triggers inside
its transaction, inserts the people, fills the index with one ``INSERT … SELECT`` per index for
the new ids only, and puts the triggers back, all in the same transaction. These tests hold the
rules that matter to a user: after an import into a file that already has people, the search
finds the new people and still finds the old ones, identically on SQLite (FTS5) and PostgreSQL
(pg_trgm); on SQLite the index holds exactly one entry per person (FTS5's own
``integrity-check`` compares an external-content index with its content table, see
https://www.sqlite.org/fts5.html#the_integrity_check_command), no per-row index write happens,
and a cancelled import leaves rows, index and triggers as they were.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import insert, select

from planner.domain.timezones import utc_now
from planner.errors import Cancelled
from planner.imports.plan import ImportOptions
from planner.imports.service import apply_import
from planner.services.people.people import add_person, find_or_add_organisation
from planner.services.views.search import person_matches
from planner.storage import search_index
from planner.storage.database import Database
from planner.storage.models import Person, new_uuid
from tests.helpers.query_count import count_queries
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines  # the same searches must give the same people on both engines

OLD_FILLERS = 300
NEW_ROWS = 120


def _fill_old_people(db: Database) -> dict[str, int]:
    """A file with people already in it: two named ones and OLD_FILLERS more (one Core insert)."""
    with db.transaction() as s:
        sakura = find_or_add_organisation(s, "Sakura Pharma K.K.")
        yamada = add_person(s, given_name="Taro", family_name="Yamada", native_name="山田 太郎",
                            email="taro.yamada@sakura-pharma.example", organisation=sakura)
        muller = add_person(s, given_name="Jürgen", family_name="Müller",
                            email="j.mueller@bayerische.example")
        now = utc_now()
        s.execute(insert(Person.__table__), [
            {"uuid": new_uuid(), "created_at": now, "updated_at": now, "given_name": "Old",
             "family_name": f"Filler{n:04d}", "email": f"old.{n}@old-file.example",
             "email_key": f"old.{n}@old-file.example"} for n in range(OLD_FILLERS)])
        return {"yamada": yamada.id, "muller": muller.id}


def _write_csv(path: Path, rows: int, start: int = 0) -> Path:
    """A registration export's shape (name, e-mail, organisation, as the bench's CSV)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Given name", "Family name", "Email", "Organisation"])
        writer.writerow(["Hanako", "Suzuki", "hanako.suzuki@kyoto-bio.example", "Kyoto Biologics"])
        writer.writerow(["Zoë", "Ångström", "zoe@nordic.example", "Nordic Genomics AB"])
        for n in range(start, start + rows - 2):
            writer.writerow(["New", f"Arrival{n:05d}", f"new.{n}@new-file.example",
                             f"Newco {n % 7} Ltd"])
    return path


def _import(db: Database, path: Path, cancel: Any = None) -> None:
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT, ImportOptions(), cancel=cancel)
        assert plan.applied, plan.errors


def _find(db: Database, text: str) -> set[int]:
    with db.session() as s:
        return person_matches(s, text)


def _ids(db: Database, where: Any) -> set[int]:
    with db.session() as s:
        return set(s.scalars(select(Person.id).where(where)))


def test_search_finds_new_and_old_people_after_an_import(db: Database, tmp_path: Path) -> None:
    make_event(db)
    old = _fill_old_people(db)
    _import(db, _write_csv(tmp_path / "people.csv", NEW_ROWS))
    new_ids = _ids(db, Person.family_name.like("Arrival%"))
    assert len(new_ids) == NEW_ROWS - 2
    (suzuki,) = _ids(db, Person.family_name == "Suzuki")
    (zoe,) = _ids(db, Person.family_name == "Ångström")
    # new people: by name, e-mail, organisation (3+ characters anywhere, 1-2 a word start)
    assert _find(db, "Arrival") == new_ids
    assert _find(db, "new-file.example") == new_ids
    assert _find(db, "Kyoto Bio") == {suzuki}
    assert _find(db, "ångström") == {zoe}
    assert _find(db, "Su") == {suzuki}
    # old people are still found, and nobody twice or by a stale text
    assert _find(db, "Filler") == _ids(db, Person.family_name.like("Filler%"))
    assert len(_find(db, "old-file")) == OLD_FILLERS
    assert _find(db, "Yamada") == {old["yamada"]}
    assert _find(db, "müller") == {old["muller"]}
    assert _find(db, "Sakura Pharma") == {old["yamada"]}


def test_a_second_import_and_later_edits_stay_searchable(db: Database, tmp_path: Path) -> None:
    make_event(db)
    _fill_old_people(db)
    _import(db, _write_csv(tmp_path / "first.csv", 20, start=0))
    _import(db, _write_csv(tmp_path / "second.csv", 20, start=1000))
    assert len(_find(db, "Arrival")) == 36  # 18 + 18: each file's two named rows match by e-mail
    with db.transaction() as s:  # the triggers are back: a person added by hand is indexed
        added = add_person(s, given_name="Late", family_name="Registrant", email="late@x.example")
    assert _find(db, "Registrant") == {added.id}


def _sqlite_index_problems(db: Database) -> list[str]:
    problems: list[str] = []
    with db.engine.connect() as conn:
        run = conn.exec_driver_sql
        people = {r[0] for r in run("SELECT id FROM person")}
        for table in (search_index.TEXT_TABLE, search_index.TRIGRAM, search_index.WORDS):
            key = "id" if table == search_index.TEXT_TABLE else "rowid"
            got = {r[0] for r in run(f"SELECT {key} FROM {table}")}
            if got != people:
                problems.append(f"{table}: {len(got - people)} extra, {len(people - got)} missing")
        stale = run(f"SELECT count(*) FROM {search_index.TEXT_TABLE} t JOIN person p ON p.id = t.id "
                    f"WHERE t.text IS NOT ({search_index.FILL.split('SELECT p.id, ', 1)[1].split(' FROM person p')[0]})"
                    ).scalar()
        if stale:
            problems.append(f"{stale} stale text rows")
        for table in (search_index.TRIGRAM, search_index.WORDS):
            try:
                run(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
            except Exception as exc:  # FTS5 raises SQLITE_CORRUPT_VTAB when index and content differ
                problems.append(f"{table}: {exc}")
        names = {r[0] for r in run("SELECT name FROM sqlite_master")}
        problems += [f"missing {n}" for n in search_index.missing_objects(names)]
    return problems


@pytest.mark.sqlite_only("FTS5 and its triggers are SQLite's")
def test_sqlite_index_is_exact_and_written_in_bulk(db: Database, tmp_path: Path) -> None:
    make_event(db)
    _fill_old_people(db)
    path = _write_csv(tmp_path / "people.csv", NEW_ROWS)
    with count_queries(db.engine) as counted:
        _import(db, path)
    assert _sqlite_index_problems(db) == []
    sent = [" ".join(s.split()) for s in counted.statements]
    person_inserts = [n for n, s in enumerate(sent) if s.startswith("INSERT INTO person (")]
    drops = [n for n, s in enumerate(sent) if s.startswith("DROP TRIGGER IF EXISTS person_search")]
    fills = [n for n, s in enumerate(sent) if s.startswith("INSERT INTO person_search")]
    # the per-row insert triggers are gone while the people go in; the index is filled after,
    # one INSERT … SELECT for the text rows and one per index, then the triggers are put back
    assert person_inserts and drops and max(drops) < min(person_inserts) <= max(person_inserts) < min(fills)
    assert len(fills) == 3 and all("SELECT" in sent[n] and "VALUES" not in sent[n] for n in fills)
    assert sum(s.startswith("CREATE TRIGGER person_search") for s in sent) == len(drops)


@pytest.mark.sqlite_only("FTS5 and its triggers are SQLite's")
def test_a_cancelled_import_leaves_rows_index_and_triggers_as_they_were(
        db: Database, tmp_path: Path) -> None:
    make_event(db)
    _fill_old_people(db)
    before = _ids(db, Person.id > 0)
    path = _write_csv(tmp_path / "people.csv", 2500)  # two batches of people: cancel between them
    people_written: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("INSERT INTO person ("):
            people_written.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with pytest.raises(Cancelled):
            _import(db, path, cancel=lambda: bool(people_written))
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", seen)
    assert people_written  # the cancel came after people were inserted, inside the bulk block
    assert _ids(db, Person.id > 0) == before
    assert _sqlite_index_problems(db) == []
    with db.transaction() as s:
        added = add_person(s, given_name="After", family_name="Cancelling", email="a@c.example")
    assert _find(db, "Cancelling") == {added.id}
