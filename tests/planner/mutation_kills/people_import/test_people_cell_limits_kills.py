"""What a people list's other cells become (planner/imports/people/rows.py), issue 21.

A phone number in the list is kept with the person. A cell longer than its record holds is cut
to exactly what the record holds (an organisation's name 300 characters, a phone number 64, a
registration key 200, notes 20,000), not refused, and not cut shorter. A lawful basis may be
written with spaces or dashes ("Legitimate interests", "legitimate-interests")."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.domain.enums import LawfulBasis
from planner.imports.service import apply_import
from planner.storage.database import Database
from planner.storage.models import Organisation, Person, PersonExternalId
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines


def _import(db: Database, tmp_path: Path, header: list[str], row: list[str]) -> None:
    path = tmp_path / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, row])
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    assert plan.errors == []


def test_a_phone_number_in_the_list_is_kept_with_the_person(db: Database, tmp_path: Path) -> None:
    make_event(db)
    _import(db, tmp_path, ["Given name", "Family name", "Email", "Phone"],
            ["Ann", "Lee", "ann@sakura.example", "+81 90 1234 5678"])
    with db.session() as s:
        assert s.scalars(select(Person.phone)).one() == "+81 90 1234 5678"


def test_long_cells_are_cut_to_exactly_what_the_record_holds(db: Database, tmp_path: Path) -> None:
    make_event(db)
    org, phone, key, notes = "O" * 320, "1" * 80, "K" * 230, "n" * 20_050
    _import(db, tmp_path, ["Given name", "Family name", "Email", "Organisation", "Phone",
                           "External ID", "Notes"],
            ["Ann", "Lee", "ann@sakura.example", org, phone, key, notes])
    with db.session() as s:
        person = s.scalars(select(Person)).one()
        assert (person.phone, person.notes) == (phone[:64], notes[:20_000])
        assert s.scalars(select(Organisation.name)).one() == org[:300]
        assert s.scalars(select(PersonExternalId.value)).all() == [key[:200]]


@pytest.mark.parametrize("written", ["Legitimate interests", "legitimate-interests",
                                     "LEGITIMATE_INTERESTS"])
def test_a_lawful_basis_may_be_written_with_spaces_or_dashes(db: Database, tmp_path: Path,
                                                             written: str) -> None:
    make_event(db)
    _import(db, tmp_path, ["Given name", "Family name", "Email", "Lawful basis"],
            ["Ann", "Lee", "ann@sakura.example", written])
    with db.session() as s:
        assert s.scalars(select(Person.lawful_basis)).one() is LawfulBasis.LEGITIMATE_INTERESTS
