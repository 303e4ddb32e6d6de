"""Rules that need several rows in one file, or a choice made in the preview
(planner/imports/people/plan.py, issue 21).

A small import reads only the people its rows may be (issue 20); what it reads must still be
everyone each row may be, not only the last row's; a person the user chose in the preview is read
whatever the row says; and two rows that turn out to be the same person already in the plan are
one person, the second folded into the first."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.domain.enums import AliasKind
from planner.imports.plan import ImportOptions, ImportPlan
from planner.imports.service import apply_import, plan_import
from planner.services.people.identity import add_alias
from planner.services.people.people import add_organisation, add_person
from planner.storage.database import Database
from planner.storage.models import Person
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines

HEAD = "Given name,Family name,Email,Organisation\n"


def _import(db: Database, tmp_path: Path, body: str, *, merge: dict[int, str] | None = None,
            apply: bool = True) -> ImportPlan:
    path = tmp_path / "people.csv"
    path.write_text(HEAD + body, encoding="utf-8")
    options = ImportOptions(merge_into=merge or {})
    with db.transaction() as s:
        if not apply:
            return plan_import(s, path, "people", EVENT, options)
        return apply_import(s, path, "people", EVENT, options)


def test_each_row_of_a_file_gets_its_own_look_alike_proposed(db: Database, tmp_path: Path) -> None:
    """Mary-Ann Lee and Jo-Anne Park are in the plan; a list with Maryann Lee and Joanne Park at
    other addresses: each row is added with its own look-alike proposed, the first row's as well
    as the last's."""
    make_event(db)
    with db.transaction() as s:
        add_person(s, given_name="Mary-Ann", family_name="Lee", email="mary@a.example")
        add_person(s, given_name="Jo-Anne", family_name="Park", email="jo@p.example")
    plan = _import(db, tmp_path, "Maryann,Lee,maryann@b.example,\n"
                                 "Joanne,Park,joanne@q.example,\n", apply=False)
    assert [r.action for r in plan.rows] == ["add", "add"]
    assert [[c.label for c in r.candidates] for r in plan.rows] == [
        ["Mary-Ann Lee <mary@a.example>"], ["Jo-Anne Park <jo@p.example>"]]


def test_a_merge_chosen_in_the_preview_with_a_person_the_row_does_not_resemble_is_done(
        db: Database, tmp_path: Path) -> None:
    """The user knows better than the rules: line 2, "K. Tanaka" at a private address, is the
    person the plan holds as Kenji Tanaka-Whitfield at another company. Chosen in the preview,
    the row is merged into that person, not added."""
    make_event(db)
    with db.transaction() as s:
        kenji = add_person(s, given_name="Kenji", family_name="Tanaka-Whitfield",
                           email="kenji@whitfield.example",
                           organisation_id=add_organisation(s, name="Whitfield Bio").id)
        target = kenji.uuid
    plan = _import(db, tmp_path, "K.,Tanaka,kt1977@mail.example,\n", merge={2: target})
    assert [(r.action, r.target) for r in plan.rows] == [("merge", target)]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1


def test_two_rows_that_are_the_same_person_in_the_plan_are_folded_into_one(
        db: Database, tmp_path: Path) -> None:
    """Ann Lee is in the plan with two addresses (the second remembered as an alias). A list
    has her twice, once under each address: the second row is the
    same person as line 2, not a second update of her."""
    make_event(db)
    with db.transaction() as s:
        ann = add_person(s, given_name="Ann", family_name="Lee", email="ann@sakura.example")
        add_alias(s, ann, AliasKind.EMAIL, "ann.lee@home.example")
        uuid = ann.uuid
    plan = _import(db, tmp_path, "Ann,Lee,ann@sakura.example,\nAnn,Lee,ann.lee@home.example,\n")
    assert [(r.action, r.target) for r in plan.rows][1] == ("merge", uuid)
    assert plan.rows[1].detail == "same person as line 2"
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1


def test_rows_under_one_registration_key_are_one_person_however_they_are_written(
        db: Database, tmp_path: Path) -> None:
    """A list gives Ann Lee without a registration key, then Ann Lee at the same address under
    ticket 1002, then ticket 1002 once more as Annie Lee-Kato at another address. One person:
    lines 3 and 4 are the same person as line 2 (line 4 by the key line 3 brought), each row
    named as written."""
    make_event(db)
    path = tmp_path / "tickets.csv"
    path.write_text("External ID,Given name,Family name,Email\n"
                    ",Ann,Lee,ann@sakura.example\n"
                    "1002,Ann,Lee,ann@sakura.example\n"
                    "1002,Annie,Lee-Kato,annie@kato.example\n", encoding="utf-8")
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    assert [(r.line, r.action, r.label, r.detail) for r in plan.rows] == [
        (2, "add", "Ann Lee <ann@sakura.example>", ""),
        (3, "merge", "Ann Lee <ann@sakura.example>", "same person as line 2"),
        (4, "merge", "Annie Lee-Kato <annie@kato.example>", "same person as line 2")]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1


def test_each_row_of_the_preview_is_named_as_written(db: Database, tmp_path: Path) -> None:
    """Ann Lee is in the plan, up to date; the list has her, and Bo Chen who is new: the preview
    names each row by its name and address, whether it is added or already up to date."""
    make_event(db)
    _import(db, tmp_path, "Ann,Lee,ann@sakura.example,\n")
    plan = _import(db, tmp_path, "Ann,Lee,ann@sakura.example,\nBo,Chen,bo@chen.example,\n",
                   apply=False)
    assert [(r.action, r.label) for r in plan.rows] == [
        ("skip", "Ann Lee <ann@sakura.example>"), ("add", "Bo Chen <bo@chen.example>")]
