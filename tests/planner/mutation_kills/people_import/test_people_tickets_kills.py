"""Several registrations under one buyer's details (planner/imports/people/plan.py), issue 21.

A registration system puts the buyer's name and e-mail on every ticket of an order; each ticket
has its own key. Each registration is a separate person, and the preview says why: the same
details are not enough to fold two registrations into one. But someone with those details and no
registration yet (typed in by hand) is the registrant."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.imports.plan import ImportPlan
from planner.services.people.people import add_person
from planner.storage.database import Database
from planner.storage.models import Person
from tests.planner.imports.helpers import import_people, make_event

pytestmark = pytest.mark.engines

HEAD = "External ID,Given name,Family name,Email\n"


def _import(db: Database, tmp_path: Path, body: str, name: str) -> ImportPlan:
    return import_people(db, tmp_path, HEAD + body, name)


def _people(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Person)) or 0


def test_another_registration_under_a_buyers_details_is_a_separate_person(
        db: Database, tmp_path: Path) -> None:
    """Ann Lee bought tickets A-1 and A-2 under her name; the next export adds A-3, also in her
    name: A-1 is up to date, A-3 a third person, and the preview says it is another registration."""
    make_event(db)
    first = _import(db, tmp_path, "A-1,Ann,Lee,ann@sakura.example\n"
                                  "A-2,Ann,Lee,ann@sakura.example\n", "a.csv")
    assert [r.action for r in first.rows] == ["add", "add"]
    assert _people(db) == 2
    plan = _import(db, tmp_path, "A-1,Ann,Lee,ann@sakura.example\n"
                                 "A-3,Ann,Lee,ann@sakura.example\n", "b.csv")
    assert [(r.action, r.target is None, r.detail) for r in plan.rows] == [
        ("skip", False, "already up to date"),
        ("add", True, "the same details as Ann Lee <ann@sakura.example>, another registration "
                      "(A-3): added as a separate person")]
    assert _people(db) == 3
    # in case it is a mistake after all, both earlier registrations are proposed for merging
    assert [(c.label, c.score) for c in plan.rows[1].candidates] == [
        ("Ann Lee <ann@sakura.example>", 100), ("Ann Lee <ann@sakura.example>", 100)]


def test_a_registration_under_the_details_of_someone_entered_by_hand_is_that_person(
        db: Database, tmp_path: Path) -> None:
    """A-1 is an Ann Lee of the export; another Ann Lee, same address, was typed in by hand. The
    next export's A-3 under those details is the one typed in (she had no registration yet), not
    a third person."""
    make_event(db)
    _import(db, tmp_path, "A-1,Ann,Lee,ann@sakura.example\n", "a.csv")
    with db.transaction() as s:
        typed = add_person(s, given_name="Ann", family_name="Lee", email="ann@sakura.example").uuid
    plan = _import(db, tmp_path, "A-3,Ann,Lee,ann@sakura.example\n", "b.csv")
    assert [(r.action, r.target, r.detail) for r in plan.rows] == [("update", typed, "same e-mail")]
    assert _people(db) == 2


def test_tickets_in_colleagues_names_under_the_buyers_email_are_separate_people(
        db: Database, tmp_path: Path) -> None:
    """Ann Lee bought A-1 for herself and A-2 for Ben Ito, both under her e-mail; A-3 in her
    name comes next: three people, and the preview names the first registration it resembles."""
    make_event(db)
    _import(db, tmp_path, "A-1,Ann,Lee,ann@sakura.example\nA-2,Ben,Ito,ann@sakura.example\n",
            "a.csv")
    plan = _import(db, tmp_path, "A-3,Ann,Lee,ann@sakura.example\n", "b.csv")
    assert [(r.action, r.detail) for r in plan.rows] == [
        ("add", "the same details as Ann Lee <ann@sakura.example>, another registration (A-3): "
                "added as a separate person")]
    assert _people(db) == 3
