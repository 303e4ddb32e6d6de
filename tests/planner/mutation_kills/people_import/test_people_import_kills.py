"""Who is who when people are imported (planner/imports/people/plan.py), issue 21.

Each test is a file a user imports into a real plan, read back through the services: a second
person with the same name and another e-mail is a new person; a repeated row adds nothing and
does not overwrite the first; a person who has an organisation does not get a stray one; a
delegate is not also made a contact."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.domain.enums import DelegateRole
from planner.imports.service import apply_import, plan_import
from planner.storage.database import Database
from planner.storage.models import Delegate, EventContact, Organisation, Person
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines

HEAD = "Given name,Family name,Email,Organisation,Job title,Role\n"


def _import(db: Database, tmp_path: Path, body: str, name: str = "people.csv") -> list[str]:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    return [r.action for r in plan.rows]


def _people(db: Database) -> list[tuple[str, str, str, str]]:
    with db.session() as s:
        rows = s.execute(select(Person.given_name, Person.family_name, Person.email, Person.job_title)
                         .order_by(Person.email)).all()
    return [tuple(r) for r in rows]


def test_a_second_john_smith_at_the_same_company_with_another_email_is_a_new_person(db, tmp_path):
    make_event(db)
    _import(db, tmp_path, "John,Smith,john.smith@acme.example,Acme Ltd,CEO,\n")
    actions = _import(db, tmp_path, "John,Smith,j.smith2@acme.example,ACME Limited,Engineer,\n", "b.csv")
    assert actions == ["add"]
    assert _people(db) == [("John", "Smith", "j.smith2@acme.example", "Engineer"),
                           ("John", "Smith", "john.smith@acme.example", "CEO")]


def test_two_john_smiths_with_different_emails_in_one_file_are_two_people(db, tmp_path):
    make_event(db)
    actions = _import(db, tmp_path, "John,Smith,john.smith@acme.example,Acme Ltd,CEO,\n"
                                    "John,Smith,j.smith2@acme.example,Acme Ltd,Engineer,\n")
    assert actions == ["add", "add"]
    assert len(_people(db)) == 2


def test_a_repeated_row_adds_nobody_and_does_not_overwrite_the_first(db, tmp_path):
    make_event(db)
    actions = _import(db, tmp_path, "Ann,Lee,ann.lee@sakura.example,Sakura Pharma,Director,\n"
                                    "Ann,Lee,ANN.LEE@sakura.example,Sakura Pharma,Intern,\n")
    assert actions == ["add", "merge"]
    assert _people(db) == [("Ann", "Lee", "ann.lee@sakura.example", "Director")]


def test_a_repeated_row_fills_what_the_first_left_blank(db, tmp_path):
    make_event(db)
    _import(db, tmp_path, "Ann,Lee,ann.lee@sakura.example,Sakura Pharma,,\n"
                          "Ann,Lee,ann.lee@sakura.example,Sakura Pharma,Director,delegate\n")
    assert _people(db) == [("Ann", "Lee", "ann.lee@sakura.example", "Director")]
    with db.session() as s:
        assert s.scalars(select(Delegate.role)).all() == [DelegateRole.DELEGATE]
        assert s.scalar(select(func.count()).select_from(EventContact)) == 0


def test_a_person_who_has_an_organisation_gets_no_stray_one(db, tmp_path):
    make_event(db)
    _import(db, tmp_path, "Ann,Lee,ann.lee@sakura.example,Sakura Pharma,,\n")
    with db.session() as s:
        plan = plan_import(s, _write(tmp_path, "Ann,Lee,ann.lee@sakura.example,Kaede Bio,,\n"), "people", EVENT)
    assert plan.organisations_added == 0
    _import(db, tmp_path, "Ann,Lee,ann.lee@sakura.example,Kaede Bio,,\n", "c.csv")
    with db.session() as s:
        assert s.scalars(select(Organisation.name)).all() == ["Sakura Pharma"]
        person = s.scalars(select(Person)).one()
        assert person.organisation is not None and person.organisation.name == "Sakura Pharma"


def test_a_person_without_an_organisation_gets_the_rows_one(db, tmp_path):
    make_event(db)
    _import(db, tmp_path, "Ann,Lee,ann.lee@sakura.example,,,\n")
    _import(db, tmp_path, "Ann,Lee,ann.lee@sakura.example,Sakura Pharma,,\n", "b.csv")
    with db.session() as s:
        person = s.scalars(select(Person)).one()
        assert person.organisation is not None and person.organisation.name == "Sakura Pharma"


def test_a_delegate_is_not_also_made_a_contact(db, tmp_path):
    make_event(db)
    _import(db, tmp_path, "Ann,Lee,ann.lee@sakura.example,Sakura Pharma,,delegate\n")
    actions = _import(db, tmp_path, "Ann,Lee,ann.lee@sakura.example,Sakura Pharma,Director,\n", "b.csv")
    assert actions == ["update"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Delegate)) == 1
        assert s.scalar(select(func.count()).select_from(EventContact)) == 0


def test_a_contact_named_as_a_delegate_becomes_a_delegate(db, tmp_path):
    make_event(db)
    _import(db, tmp_path, "Ann,Lee,ann.lee@sakura.example,Sakura Pharma,,\n")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(EventContact)) == 1
    _import(db, tmp_path, "Ann,Lee,ann.lee@sakura.example,Sakura Pharma,,speaker\n", "b.csv")
    with db.session() as s:
        assert s.scalars(select(Delegate.role)).all() == [DelegateRole.SPEAKER]


def test_the_same_name_at_the_same_organisation_without_email_is_the_same_person(db, tmp_path):
    make_event(db)
    _import(db, tmp_path, "Ann,Lee,ann.lee@sakura.example,Sakura Pharma,,\n")
    actions = _import(db, tmp_path, "Ann,Lee,,SAKURA PHARMA CO LTD,Director,\n", "b.csv")
    assert actions == ["update"]
    assert _people(db) == [("Ann", "Lee", "ann.lee@sakura.example", "Director")]


def _write(tmp_path: Path, body: str, name: str = "preview.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path
