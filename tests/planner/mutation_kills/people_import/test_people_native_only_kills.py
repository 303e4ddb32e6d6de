"""Rows that give a person only part of what a list can hold (planner/imports/people/rows.py), issue 21.

A row may name someone only in their own script (a Korean or Chinese delegate list often has just
that column filled): the person is named from it, family name first. A row that has a romanised
name as well keeps the romanised name as typed; the native name does not overwrite it. A list
without a country column gives people no country. A registration key longer than the 200
characters the record holds is cut to them once, so the next export's same key finds the same
person again."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.domain.enums import NameOrder
from planner.imports.plan import ImportPlan
from planner.imports.service import apply_import
from planner.storage.database import Database
from planner.storage.models import Person, PersonExternalId
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines


def _import(db: Database, tmp_path: Path, rows: list[list[str]], name: str = "people.csv") -> ImportPlan:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    assert plan.errors == [], [str(e) for e in plan.errors]
    return plan


def _names(db: Database) -> list[tuple[str, str, str, NameOrder]]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(Person.family_name, Person.given_name, Person.native_name, Person.name_order)
            .order_by(Person.email))]


@pytest.mark.parametrize(("native", "family", "given"), [
    ("김민준", "김", "민준"),  # Korean: the first syllable is the family name
    ("陳 大文", "陳", "大文"),  # Chinese, written with a space between family and given name
    ("山田 太郎", "山田", "太郎"),  # Japanese, written with a space
])
def test_a_row_with_only_a_native_name_names_the_person_from_it_family_name_first(
        db: Database, tmp_path: Path, native: str, family: str, given: str) -> None:
    make_event(db)
    _import(db, tmp_path, [["Native name", "Email"], [native, "someone@x.example"]])
    assert _names(db) == [(family, given, native, NameOrder.FAMILY_FIRST)]


def test_a_romanised_family_name_typed_beside_a_native_name_is_kept_as_typed(
        db: Database, tmp_path: Path) -> None:
    """Only the family name was typed in Latin letters (KIM), the whole name in Hangul: the
    person is KIM, not 김 民준 taken from the native name."""
    make_event(db)
    _import(db, tmp_path, [["Family name", "Native name", "Email"],
                           ["Kim", "김민준", "minjun@x.example"]])
    assert _names(db) == [("Kim", "", "김민준", NameOrder.FAMILY_FIRST)]


def test_a_list_without_a_country_gives_people_no_country(db: Database, tmp_path: Path) -> None:
    make_event(db)
    _import(db, tmp_path, [["Given name", "Family name", "Email", "Country"],
                           ["Ann", "Lee", "ann@x.example", ""]])
    _import(db, tmp_path, [["Given name", "Family name", "Email"],
                           ["Ben", "Hall", "ben@x.example"]], "b.csv")
    with db.session() as s:
        assert s.execute(select(Person.given_name, Person.country).order_by(Person.email)).all() == [
            ("Ann", ""), ("Ben", "")]


def test_a_registration_key_too_long_to_hold_finds_its_person_on_the_next_import(
        db: Database, tmp_path: Path) -> None:
    """A 230-character key is held as its first 200 characters; the next export carries the whole
    key again, and it is the same registration: already up to date, no second key stored."""
    make_event(db)
    key = "R-" + "7" * 228
    rows = [["External ID", "Given name", "Family name", "Email"], [key, "Ann", "Lee", "ann@x.example"]]
    _import(db, tmp_path, rows)
    again = _import(db, tmp_path, rows, "again.csv")
    assert [(r.action, r.detail) for r in again.rows] == [("skip", "already up to date")]
    with db.session() as s:
        assert s.scalars(select(PersonExternalId.value)).all() == [key[:200]]
