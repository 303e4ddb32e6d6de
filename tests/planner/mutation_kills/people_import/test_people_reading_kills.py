"""Which people an import reads, and what it remembers of them (planner/imports/people/plan.py), issue 21.

An import reads only the people its rows may be (issue 20), found by stored name keys, e-mails,
organisations and registration keys. What a user sees must not depend on that shortcut:
- the person a user chose in the preview is the one merged into, even if a colleague renamed them
  since and nothing on the row points to them any more;
- a row with only a name is proposed everyone with that name, on every such row of the file,
  people with an e-mail and an organisation among them;
- a native name that only a repeated row of the file gave is how the person is found next time;
- a registration listed twice in one export is one person.
And the shortcut's own structure: an import reads only the organisations its rows name, and on
SQLite keys people typed in since the last import from what it has already read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.imports.people import apply as people_apply
from planner.imports.plan import ImportOptions, ImportPlan
from planner.imports.service import apply_import, plan_import
from planner.services.people.people import add_person, find_person, update_person
from planner.storage.database import Database
from planner.storage.models import Person, PersonExternalId
from tests.helpers.query_count import count_queries
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines

HEAD = "Given name,Family name,Native name,Email,Organisation\n"


def _write(tmp_path: Path, body: str, name: str, head: str = HEAD) -> Path:
    path = tmp_path / name
    path.write_text(head + body, encoding="utf-8")
    return path


def _apply(db: Database, path: Path, options: ImportOptions | None = None) -> ImportPlan:
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT, options or ImportOptions())
    assert plan.errors == [], [str(e) for e in plan.errors]
    return plan


def _preview(db: Database, path: Path, options: ImportOptions | None = None) -> ImportPlan:
    with db.session() as s:
        return plan_import(s, path, "people", EVENT, options or ImportOptions())


def _uuid(db: Database, email: str) -> str:
    with db.session() as s:
        return find_person(s, email).uuid


def test_the_person_chosen_in_the_preview_is_merged_into_after_a_colleague_renamed_them(
        db: Database, tmp_path: Path) -> None:
    make_event(db)
    _apply(db, _write(tmp_path, "Ann,Lee,,ann@sakura.example,Sakura Pharma\n", "first.csv"))
    ann = _uuid(db, "ann@sakura.example")
    second = _write(tmp_path, "Ann,Lee,,ann.lee@kaede.example,\n", "second.csv")
    (row,) = _preview(db, second).rows
    assert ann in {c.uuid for c in row.candidates}  # proposed: the user chooses her
    with db.transaction() as s:  # meanwhile, a colleague's change: Ann Lee married, now Ann Suzuki
        update_person(s, find_person(s, ann), family_name="Suzuki")
    _apply(db, _write(tmp_path, "Ben,Hall,,ben@x.example,\n", "other.csv"))  # keys stored again
    plan = _apply(db, second, ImportOptions(merge_into={row.line: ann}))
    assert [(r.action, r.target) for r in plan.rows] == [("merge", ann)]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 2


def test_each_row_with_only_a_name_is_proposed_everyone_with_that_name(
        db: Database, tmp_path: Path) -> None:
    """Ann Lee and Ben Hall are in the file with an e-mail and an organisation each; a list
    naming them alone (no e-mail, no organisation) cannot tell whether they are the same people,
    so each row adds a person and proposes the one of that name."""
    make_event(db)
    _apply(db, _write(tmp_path, "Ann,Lee,,ann@sakura.example,Sakura Pharma\n"
                                "Ben,Hall,,ben@kaede.example,Kaede Bio\n", "first.csv"))
    ann, ben = _uuid(db, "ann@sakura.example"), _uuid(db, "ben@kaede.example")
    plan = _preview(db, _write(tmp_path, "Ann,Lee,,,\nBen,Hall,,,\n", "names.csv"))
    assert [(r.action, [c.uuid for c in r.candidates]) for r in plan.rows] == [
        ("add", [ann]), ("add", [ben])]


def test_a_native_name_only_a_repeated_row_gave_finds_the_person_next_time(
        db: Database, tmp_path: Path) -> None:
    """The list has Grace Chan twice (the English name she uses abroad), the second time with
    her name in Chinese as well: one person, 陳美玲. A later list that names her only as 陳美玲
    (another address, no organisation) proposes her."""
    make_event(db)
    plan = _apply(db, _write(tmp_path, "Grace,Chan,,grace@sakura.example,Sakura Pharma\n"
                                       "Grace,Chan,陳美玲,grace@sakura.example,Sakura Pharma\n", "first.csv"))
    assert [r.action for r in plan.rows] == ["add", "merge"]
    grace = _uuid(db, "grace@sakura.example")
    with db.session() as s:
        assert find_person(s, grace).native_name == "陳美玲"
    (row,) = _preview(db, _write(tmp_path, ",,陳美玲,mei.ling@home.example,\n", "native.csv")).rows
    assert grace in {c.uuid for c in row.candidates}


def test_a_registration_listed_twice_in_one_export_is_one_person(db: Database, tmp_path: Path) -> None:
    make_event(db)
    path = _write(tmp_path, "A-1,Ann,Lee,ann@sakura.example\nA-1,Ann,Lee,ann@sakura.example\n",
                  "tickets.csv", head="External ID,Given name,Family name,Email\n")
    plan = _apply(db, path)
    assert [r.action for r in plan.rows] == ["add", "merge"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1
        assert s.scalars(select(PersonExternalId.value)).all() == ["A-1"]


_READS_ORGANISATION = re.compile(r"\bFROM organisation\b(?!_)")


def test_an_import_reads_only_the_organisations_its_rows_name(db: Database, tmp_path: Path) -> None:
    """Twenty organisations in the file; a one-row list naming one of them reads that one (a
    list into a file of thousands of organisations must not read them all)."""
    make_event(db)
    _apply(db, _write(tmp_path, "".join(f"P,Person{n},,p{n}@x.example,Company {n}\n" for n in range(20)),
                      "first.csv"))
    path = _write(tmp_path, "Ann,Lee,,ann@x.example,Company 7\n", "one.csv")
    with count_queries(db.engine) as counted, db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT, ImportOptions())
    assert plan.applied
    reads = [q for q in counted.statements if q.lstrip().upper().startswith("SELECT")
             and _READS_ORGANISATION.search(q)]
    assert reads, "the organisation of the row is looked up"
    unbounded = [q for q in reads if not re.search(r"\bWHERE\b|max\(organisation\.id\)", q)]
    assert unbounded == [], unbounded


def test_people_typed_in_since_the_last_import_are_keyed_from_what_it_read(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Carol was typed in by hand since the last import: her name keys are not stored yet, so the
    next import reads her (she may be anyone on its rows) and then stores her keys. On SQLite it
    keys her from what it read in the same transaction; on PostgreSQL another session may have
    changed her meanwhile, so she is read again."""
    make_event(db)
    _apply(db, _write(tmp_path, "Ann,Lee,,ann@sakura.example,Sakura Pharma\n", "first.csv"))
    with db.transaction() as s:
        carol = add_person(s, given_name="Carol", family_name="Hughes", email="carol@x.example").id
    asked: list[int] = []
    real = people_apply.read_forms

    def reading(conn, ids):  # type: ignore[no-untyped-def]
        ids = list(ids)
        asked.extend(ids)
        return real(conn, ids)

    monkeypatch.setattr(people_apply, "read_forms", reading)
    _apply(db, _write(tmp_path, "Ben,Hall,,ben@kaede.example,Kaede Bio\n", "second.csv"))
    assert (carol in asked) == (db.engine.dialect.name == "postgresql"), asked
