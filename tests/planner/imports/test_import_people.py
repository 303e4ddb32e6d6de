"""People import: duplicates in the file and in the database, names, mappings, CLI."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.cli import main
from planner.domain.enums import DelegateRole, NameOrder
from planner.imports.plan import ImportOptions
from planner.imports.service import apply_import, plan_import
from planner.imports.source import remembered_mapping
from planner.storage.database import Database
from planner.storage.models import Delegate, EventContact, Organisation, Person
from tests.planner.imports.helpers import EVENT, dump, make_event

pytestmark = pytest.mark.engines  # every test here runs on SQLite and on PostgreSQL

THREE_TIMES = (
    "Name,Email,Organisation,Role\n"
    "Taro Yamada,Taro.Yamada@Sakura.example,ＡＢＣ商事株式会社,delegate\n"
    "YAMADA Taro, taro.yamada@sakura.example ,ABC商事,\n"
    "Taro Yamada,ｔａｒｏ．ｙａｍａｄａ＠ｓａｋｕｒａ．ｅｘａｍｐｌｅ,ABC Shoji,\n"
    "Jane Smith,,Acme Ltd,\n"
    "Jane\u200b Smith,,ACME Limited,\n"
)


def _write(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_same_person_three_times_is_merged(db: Database, tmp_path: Path) -> None:
    make_event(db)
    path = _write(tmp_path, THREE_TIMES)
    with db.session() as s:
        plan = plan_import(s, path, "people", EVENT)
    assert [r.action for r in plan.rows] == ["add", "merge", "merge", "add", "merge"]
    assert plan.organisations_added == 2  # ABC商事 (full-width folded) and Acme
    with db.transaction() as s:
        apply_import(s, path, "people", EVENT)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 2
        assert s.scalar(select(func.count()).select_from(Organisation)) == 2
        roles = {d.person.family_name: d.role for d in s.scalars(select(Delegate))}
        assert roles == {"Yamada": DelegateRole.DELEGATE}
        assert s.scalar(select(func.count()).select_from(EventContact)) == 1


def test_reimport_updates_and_then_skips(db: Database, tmp_path: Path) -> None:
    make_event(db)
    path = _write(tmp_path, "Name,Email,Job title\nAlice Fraser,alice@x.example,\n")
    with db.transaction() as s:
        apply_import(s, path, "people", EVENT)
    richer = _write(tmp_path, "Name,Email,Job title\nAlice Fraser,ALICE@x.example,CEO\n", "b.csv")
    with db.transaction() as s:
        plan = apply_import(s, richer, "people", EVENT)
    assert [r.action for r in plan.rows] == ["update"]
    before = dump(db)
    with db.transaction() as s:
        plan = apply_import(s, richer, "people", EVENT)
    assert [r.action for r in plan.rows] == ["skip"]
    assert dump(db) == before
    with db.session() as s:
        assert s.scalars(select(Person.job_title)).one() == "CEO"


def test_near_misses_are_proposed_and_can_be_merged(db: Database, tmp_path: Path) -> None:
    make_event(db)
    with db.transaction() as s:
        apply_import(s, _write(tmp_path, "Name,Email,Organisation\n"
                                         "Jonathan Smyth,jon@work.example,Acme Ltd\n"), "people",
                     EVENT)
    path = _write(tmp_path, "Name,Email,Organisation\nJonathon Smyth,jon@home.example,ACME\n",
                  "b.csv")
    with db.session() as s:
        plan = plan_import(s, path, "people", EVENT)
        existing = s.scalars(select(Person)).one().uuid
    [row] = plan.rows
    assert row.action == "add" and row.candidates[0].uuid == existing
    assert plan.proposals == [row]
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT, ImportOptions(merge_into={2: existing}))
    assert [r.action for r in plan.rows] == ["merge"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1


@pytest.mark.parametrize(("cell", "given", "family", "native", "order"), [
    ("山田 太郎", "太郎", "山田", "山田 太郎", NameOrder.FAMILY_FIRST),
    ("김민준", "민준", "김", "김민준", NameOrder.FAMILY_FIRST),
    ("Taro Yamada 山田太郎", "Taro", "Yamada", "山田太郎", NameOrder.FAMILY_FIRST),
    ("YAMADA Taro", "Taro", "YAMADA", "", NameOrder.FAMILY_FIRST),
    ("Ludwig van Beethoven", "Ludwig", "van Beethoven", "", NameOrder.GIVEN_FIRST),
    ("Smith, Jane", "Jane", "Smith", "", NameOrder.GIVEN_FIRST),
])
def test_single_name_column(db: Database, tmp_path: Path, cell: str, given: str, family: str,
                            native: str, order: NameOrder) -> None:
    make_event(db)
    with db.transaction() as s:
        apply_import(s, _write(tmp_path, f'Name,Email\n"{cell}",a@x.example\n'), "people", EVENT)
    with db.session() as s:
        p = s.scalars(select(Person)).one()
        assert (p.given_name, p.family_name, p.native_name, p.name_order) == (
            given, family, native, order)


def test_map_option_overrides_and_is_remembered(db: Database, tmp_path: Path) -> None:
    make_event(db)
    text = "First Name,Last Name,Email,Company,Title,Seats,Firm\nAl,Bo,al@x.example,C1,T,1,F1\n"
    path = _write(tmp_path, text)
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT,
                            ImportOptions(overrides={"Firm": "organisation"}))
        assert plan.preset == "brella" and plan.mapping["organisation"] == ("Firm",)
        assert remembered_mapping(s, "brella") == {"Firm": "organisation"}
    with db.session() as s:
        again = plan_import(s, _write(tmp_path, text.replace("al@", "b@"), "b.csv"), "people",
                            EVENT)
    assert again.mapping["organisation"] == ("Firm",)


def test_cli_exit_codes_and_rejects_file(db: Database, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    make_event(db)
    db.close()
    good = _write(tmp_path, "Name,Email\nAl Bo,al@x.example\n", "good.csv")
    bad = _write(tmp_path, "Name,Email,Phone\nCy Do,cy@x.example,=cmd|' /C calc'!A0\n"
                           "Ed Fu,not-an-email,=1+2\n", "bad.csv")
    base = ["--db", db.target, "import", "people"]
    assert main([*base, str(good), "--event", EVENT, "--dry-run"]) == 0
    assert "1 to add" in capsys.readouterr().out
    assert main([*base, str(bad), "--event", EVENT]) == 1
    err = capsys.readouterr().err
    assert "line 3, column “Email”" in err and "Nothing was imported" in err
    assert main([*base, str(bad), "--event", EVENT, "--skip-bad-rows"]) == 1
    rejects = tmp_path / "bad.errors.csv"
    with rejects.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][-1] == "Error" and rows[1][:2] == ["Ed Fu", "not-an-email"]
    assert "not an e-mail" in rows[1][-1]
    assert rows[1][2] == "'=1+2"  # injection-safe: a formula is written as text
    garbage = tmp_path / "x.csv"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\nxxxx")
    assert main([*base, str(garbage), "--event", EVENT]) == 2
    assert "PNG image" in capsys.readouterr().err
    assert main([*base, str(good), "--event", EVENT, "--map", "Nope=email"]) == 2
    assert main([*base, str(good), "--event", "no-such-event"]) == 2
    reopened = Database.open(db.target)
    with reopened.session() as s:
        emails = sorted(s.scalars(select(Person.email)))
    reopened.close()
    assert emails == ["cy@x.example"]
