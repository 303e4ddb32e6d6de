"""What a later file changes about people already in the plan (planner/imports/people/plan.py),
issue 21.

Each test imports files a user would import, one after the other, and reads the people back: a
person without an organisation joins the row's one even when it is already in the plan, and one
who has an organisation keeps it; a lawful basis given later is recorded; a row repeating an
earlier row of the same file neither erases nor loses the lawful basis and consent either gave."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from planner.domain.enums import LawfulBasis
from planner.imports.plan import ImportPlan
from planner.storage.database import Database
from planner.storage.models import Organisation, Person
from tests.planner.imports.helpers import import_people, make_event

pytestmark = pytest.mark.engines


def _import(db: Database, tmp_path: Path, text: str, name: str) -> ImportPlan:
    return import_people(db, tmp_path, text, name)


def _organisations(db: Database) -> dict[str, str | None]:
    """Each person's organisation, by given name."""
    with db.session() as s:
        rows = s.execute(select(Person.given_name, Organisation.name)
                         .outerjoin(Organisation, Organisation.id == Person.organisation_id)).all()
    return dict(tuple(r) for r in rows)


def _bases(db: Database) -> dict[str, tuple[LawfulBasis, bool]]:
    """Each person's (lawful basis, lead-sharing consent), by given name."""
    with db.session() as s:
        rows = s.execute(select(Person.given_name, Person.lawful_basis,
                                Person.lead_sharing_consent)).all()
    return {given: (basis, consent) for given, basis, consent in rows}


HEAD = "Given name,Family name,Email,Organisation\n"


def test_a_person_without_an_organisation_joins_the_rows_organisation_already_in_the_plan(
        db: Database, tmp_path: Path) -> None:
    """Ann was imported without a company; Ben brought Sakura Pharma in. A later list saying Ann
    is at Sakura Pharma puts her there too: the plan's Sakura Pharma, not a second one."""
    make_event(db)
    _import(db, tmp_path, HEAD + "Ann,Lee,ann@sakura.example,\n"
                                 "Ben,Ito,ben@sakura.example,Sakura Pharma\n", "a.csv")
    plan = _import(db, tmp_path, HEAD + "Ann,Lee,ann@sakura.example,Sakura Pharma\n", "b.csv")
    assert [r.action for r in plan.rows] == ["update"]
    assert plan.organisations_added == 0
    assert _organisations(db) == {"Ann": "Sakura Pharma", "Ben": "Sakura Pharma"}
    with db.session() as s:
        assert s.scalars(select(Organisation.name)).all() == ["Sakura Pharma"]


def test_a_person_at_one_organisation_is_not_moved_to_another_already_in_the_plan(
        db: Database, tmp_path: Path) -> None:
    """Ann is at Sakura Pharma; Kaede Bio is in the plan through Ben. A list giving Ann's company
    as Kaede Bio does not move her (the organisation is only filled in when missing): nothing
    changes, and the preview says she is already up to date."""
    make_event(db)
    _import(db, tmp_path, HEAD + "Ann,Lee,ann@sakura.example,Sakura Pharma\n"
                                 "Ben,Ito,ben@kaede.example,Kaede Bio\n", "a.csv")
    plan = _import(db, tmp_path, HEAD + "Ann,Lee,ann@sakura.example,Kaede Bio\n", "b.csv")
    assert [(r.action, r.detail) for r in plan.rows] == [("skip", "already up to date")]
    assert _organisations(db) == {"Ann": "Sakura Pharma", "Ben": "Kaede Bio"}


BASIS_HEAD = "Given name,Family name,Email,Lawful basis,Lead sharing consent\n"


def test_a_lawful_basis_given_by_a_later_file_is_recorded(db: Database, tmp_path: Path) -> None:
    """The first list said nothing of the lawful basis; the next one says consent: the person's
    basis is consent from then on, and the same list again changes nothing."""
    make_event(db)
    _import(db, tmp_path, BASIS_HEAD + "Ann,Lee,ann@sakura.example,,\n", "a.csv")
    assert _bases(db) == {"Ann": (LawfulBasis.UNKNOWN, False)}
    plan = _import(db, tmp_path, BASIS_HEAD + "Ann,Lee,ann@sakura.example,Consent,\n", "b.csv")
    assert [r.action for r in plan.rows] == ["update"]
    assert _bases(db) == {"Ann": (LawfulBasis.CONSENT, False)}
    again = _import(db, tmp_path, BASIS_HEAD + "Ann,Lee,ann@sakura.example,Consent,\n", "c.csv")
    assert [r.action for r in again.rows] == ["skip"]
    assert _bases(db) == {"Ann": (LawfulBasis.CONSENT, False)}


def test_a_repeated_row_neither_erases_nor_loses_the_lawful_basis_and_consent(
        db: Database, tmp_path: Path) -> None:
    """Ann's first row gives her lawful basis and consent, her repeat leaves them blank; Ben's
    first row leaves them blank, his repeat gives them. Each is one person with what was given."""
    make_event(db)
    plan = _import(db, tmp_path, BASIS_HEAD + "Ann,Lee,ann@sakura.example,Consent,yes\n"
                                              "Ann,Lee,ann@sakura.example,,\n"
                                              "Ben,Ito,ben@kaede.example,,\n"
                                              "Ben,Ito,ben@kaede.example,Contract,yes\n", "a.csv")
    assert [r.action for r in plan.rows] == ["add", "merge", "add", "merge"]
    assert _bases(db) == {"Ann": (LawfulBasis.CONSENT, True),
                          "Ben": (LawfulBasis.CONTRACT, True)}
