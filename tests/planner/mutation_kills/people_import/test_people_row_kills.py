"""Reading one people row (planner/imports/people/rows.py), issue 21.

Each test imports a small file through the import service and reads the plan or the people back:
every column a user fills in is kept, and every problem is reported on its line and column with
what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from planner.domain.enums import LawfulBasis
from planner.imports.plan import ImportPlan
from planner.imports.service import apply_import, plan_import
from planner.storage.database import Database
from planner.storage.models import Person
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines


def _path(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _plan(db: Database, tmp_path: Path, text: str) -> ImportPlan:
    with db.session() as s:
        return plan_import(s, _path(tmp_path, text), "people", EVENT)


def _apply(db: Database, tmp_path: Path, text: str, name: str = "people.csv") -> None:
    with db.transaction() as s:
        apply_import(s, _path(tmp_path, text, name), "people", EVENT)


def _person(db: Database) -> Person:
    with db.session() as s:
        person = s.scalars(select(Person)).one()
        s.expunge(person)
    return person


def test_the_notes_of_a_row_are_kept_with_the_person(db: Database, tmp_path: Path) -> None:
    make_event(db)
    _apply(db, tmp_path, "Given name,Family name,Email,Notes\n"
                         "Ann,Lee,ann@sakura.example,\"Met at BIO;\nlikes oncology\"\n")
    assert _person(db).notes == "Met at BIO;\nlikes oncology"


def test_the_country_of_a_row_is_kept_as_its_iso_code(db: Database, tmp_path: Path) -> None:
    make_event(db)
    _apply(db, tmp_path, "Given name,Family name,Email,Country\nAnn,Lee,ann@sakura.example,Japan\n")
    assert _person(db).country == "JP"


def test_a_given_lawful_basis_is_recorded(db: Database, tmp_path: Path) -> None:
    make_event(db)
    _apply(db, tmp_path, "Given name,Family name,Email,Lawful basis\n"
                         "Ann,Lee,ann@sakura.example,Legitimate interests\n")
    assert _person(db).lawful_basis is LawfulBasis.LEGITIMATE_INTERESTS


def test_a_native_name_longer_than_the_record_holds_is_cut_not_refused(db: Database,
                                                                      tmp_path: Path) -> None:
    """The record holds 200 characters of native name: a longer cell is cut to them (a server
    refuses a longer value outright)."""
    make_event(db)
    long = "山" * 250
    _apply(db, tmp_path, f"Given name,Family name,Native name,Email\nTaro,Yamada,{long},t@x.example\n")
    assert _person(db).native_name == "山" * 200


def test_an_unknown_role_is_an_error_of_its_row_naming_the_role_column(db: Database,
                                                                       tmp_path: Path) -> None:
    make_event(db)
    plan = _plan(db, tmp_path, "Given name,Family name,Email,Role\nAnn,Lee,ann@x.example,boss\n")
    [error] = plan.errors
    assert (error.line, error.column, error.value) == (2, "Role", "boss")
    assert error.message.startswith("Unknown role: use one of ")
    assert "delegate" in error.message and "contact" in error.message


def test_an_unknown_lawful_basis_is_an_error_naming_the_bases_allowed(db: Database,
                                                                      tmp_path: Path) -> None:
    make_event(db)
    plan = _plan(db, tmp_path, "Given name,Family name,Email,Lawful basis\n"
                               "Ann,Lee,ann@x.example,because\n")
    [error] = plan.errors
    assert (error.line, error.column, error.value) == (2, "Lawful basis", "because")
    assert error.message.startswith("Unknown lawful basis: use one of ")
    assert "legitimate interests" in error.message and "consent" in error.message


def test_a_row_without_a_name_is_an_error_of_its_own_line(db: Database, tmp_path: Path) -> None:
    make_event(db)
    plan = _plan(db, tmp_path, "Given name,Family name,Email\nAnn,Lee,ann@x.example\n"
                               ",,nobody@x.example\n")
    [error] = plan.errors
    assert (error.line, error.column) == (3, "Family name")
    assert "no name" in error.message
    assert [r.action for r in plan.rows] == ["add", "error"]


def test_a_consent_that_is_not_yes_or_no_is_an_error_of_its_row(db: Database,
                                                                 tmp_path: Path) -> None:
    make_event(db)
    plan = _plan(db, tmp_path, "Given name,Family name,Email,Lead sharing consent\n"
                               "Ann,Lee,ann@x.example,maybe\n")
    [error] = plan.errors
    assert (error.line, error.column, error.value) == (2, "Lead sharing consent", "maybe")
    assert "yes or no" in error.message


def test_an_address_that_is_not_an_email_is_an_error_saying_what_to_write(db: Database,
                                                                          tmp_path: Path) -> None:
    make_event(db)
    plan = _plan(db, tmp_path, "Given name,Family name,Email\nAnn,Lee,ann-at-sakura\n")
    [error] = plan.errors
    assert (error.line, error.column, error.value) == (2, "Email", "ann-at-sakura")
    assert error.message.startswith("This is not an e-mail address")
