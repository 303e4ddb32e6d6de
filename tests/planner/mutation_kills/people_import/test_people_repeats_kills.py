"""Which rows of one file are the same person (planner/imports/people/plan.py), issue 21.

A row repeats an earlier row of the file when it has the same registration key, the same e-mail
with a compatible name, or the same name at the same organisation with no e-mail or registration
against it. The whole name counts (given, family and native-script name), a name alone without an
organisation decides nothing, and neither does a placeholder such as "?"."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.imports.plan import ImportPlan
from planner.imports.service import apply_import
from planner.storage.database import Database
from planner.storage.models import Person
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines

HEAD = "External ID,Given name,Family name,Native name,Email,Organisation,Job title\n"


def _import(db: Database, tmp_path: Path, body: str) -> list[tuple[str, str]]:
    path = tmp_path / "people.csv"
    path.write_text(HEAD + body, encoding="utf-8")
    with db.transaction() as s:
        plan: ImportPlan = apply_import(s, path, "people", EVENT)
    assert plan.errors == []
    return [(r.action, r.detail) for r in plan.rows]


def _people(db: Database) -> list[tuple[str, str, str]]:
    with db.session() as s:
        rows = s.execute(select(Person.given_name, Person.family_name, Person.job_title)
                         .order_by(Person.id)).all()
    return [tuple(r) for r in rows]


def _count(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Person)) or 0


def test_people_of_one_family_at_one_company_are_different_people(db: Database,
                                                                  tmp_path: Path) -> None:
    """Ann Lee, Ben Lee and Ann Ito of Sakura Pharma, no e-mails: three people."""
    make_event(db)
    actions = _import(db, tmp_path, ",Ann,Lee,,,Sakura Pharma,\n"
                                    ",Ben,Lee,,,Sakura Pharma,\n"
                                    ",Ann,Ito,,,Sakura Pharma,\n")
    assert actions == [("add", "")] * 3
    assert _count(db) == 3


def test_two_names_in_native_script_at_one_company_are_two_people(db: Database,
                                                                   tmp_path: Path) -> None:
    """李伟 and 魏丽 of Bio Inc both romanise to Wei Li: two people all the same."""
    make_event(db)
    assert _import(db, tmp_path, ",Wei,Li,李伟,,Bio Inc,\n,Wei,Li,魏丽,,Bio Inc,\n") == \
        [("add", "")] * 2
    assert _count(db) == 2


def test_a_name_without_an_organisation_or_email_decides_nothing(db: Database,
                                                                 tmp_path: Path) -> None:
    """Ann Lee and Ben Ito, with neither company nor e-mail: two people."""
    make_event(db)
    assert _import(db, tmp_path, ",Ann,Lee,,,,\n,Ben,Ito,,,,\n") == [("add", "")] * 2
    assert _count(db) == 2


def test_placeholder_names_at_one_company_are_not_one_person(db: Database,
                                                             tmp_path: Path) -> None:
    """Acme sends two delegates whose names are not known yet ("? ?"): two people, not one."""
    make_event(db)
    assert _import(db, tmp_path, ",?,?,,,Acme,\n,?,?,,,Acme,\n") == [("add", "")] * 2
    assert _count(db) == 2


def test_a_row_without_a_registration_key_repeating_a_registered_row_is_that_person(
        db: Database, tmp_path: Path) -> None:
    """Cy Oda registered as A-1; a row further down, without a number, same e-mail and name,
    is Cy again and fills in his job title."""
    make_event(db)
    assert _import(db, tmp_path, "A-1,Cy,Oda,,cy@x.example,,\n,Cy,Oda,,cy@x.example,,CTO\n") == [
        ("add", ""), ("merge", "same person as line 2")]
    assert _people(db) == [("Cy", "Oda", "CTO")]


def test_a_row_without_a_key_same_name_and_company_as_a_registered_row_is_that_person(
        db: Database, tmp_path: Path) -> None:
    """Dan Abe of Kaede registered as A-2 (no e-mail); a row without a number for Dan Abe of
    Kaede is him."""
    make_event(db)
    assert _import(db, tmp_path, "A-2,Dan,Abe,,,Kaede,\n,Dan,Abe,,,Kaede,CFO\n") == [
        ("add", ""), ("merge", "same person as line 2")]
    assert _people(db) == [("Dan", "Abe", "CFO")]


def test_a_row_without_an_email_same_name_and_company_as_one_with_is_that_person(
        db: Database, tmp_path: Path) -> None:
    """Eve Ono of Kaede with her e-mail, then Eve Ono of Kaede without one: one person."""
    make_event(db)
    assert _import(db, tmp_path, ",Eve,Ono,,eve@x.example,Kaede,\n,Eve,Ono,,,Kaede,COO\n") == [
        ("add", ""), ("merge", "same person as line 2")]
    assert _people(db) == [("Eve", "Ono", "COO")]


def test_a_registration_under_a_colleagues_row_on_a_shared_address_is_that_colleague(
        db: Database, tmp_path: Path) -> None:
    """fay@ is Fay Wu's (A-3) and, without a number, Gus Ng's; Gus's registration A-4 on the
    same address further down is Gus, not a third person."""
    make_event(db)
    assert _import(db, tmp_path, "A-3,Fay,Wu,,fay@x.example,,\n,Gus,Ng,,fay@x.example,,\n"
                                 "A-4,Gus,Ng,,fay@x.example,,Buyer\n")[2] == \
        ("merge", "same person as line 3")
    assert _people(db) == [("Fay", "Wu", ""), ("Gus", "Ng", "Buyer")]
