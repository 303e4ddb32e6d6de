"""Why the preview says a row is someone already in the plan (planner/imports/people/plan.py),
issue 21.

An e-mail together with a compatible name is the same person. The preview says "same e-mail"
when the names agree (the same name, the same name in native script, or no romanised name on one
side), and names the difference when they only look alike (a spelling variant). A row without a
registration key is matched by its e-mail even when the person was registered with one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.imports.plan import ImportPlan
from planner.services.people.people import add_person
from planner.storage.database import Database
from planner.storage.models import Organisation, Person
from tests.planner.imports.helpers import import_people, make_event

pytestmark = pytest.mark.engines


def _import(db: Database, tmp_path: Path, text: str, name: str) -> ImportPlan:
    return import_people(db, tmp_path, text, name)


def _people(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Person)) or 0


HEAD = "Given name,Family name,Native name,Email,Organisation\n"
VARIANT = "same e-mail; the same name spelt differently (hyphens, spaces, order or accents)"


def test_the_preview_says_why_a_row_with_a_known_email_is_that_person(
        db: Database, tmp_path: Path) -> None:
    """Ann Lee again; 山田太郎 romanised Tarou this time; สมชาย ใจดี now with a romanised name:
    "same e-mail". Mary-Ann Lee written Maryann (with or without her company): "same e-mail" and
    the spelling difference."""
    make_event(db)
    _import(db, tmp_path, HEAD + "Ann,Lee,,ann@sakura.example,Sakura Pharma\n"
                                 "Taro,Yamada,山田太郎,taro@sakura.example,\n"
                                 ",,สมชาย ใจดี,somchai@bkk.example,\n"
                                 "Mary-Ann,Lee,,mary@a.example,\n"
                                 "Mary-Ann,Lee,,mary@b.example,Acme\n", "a.csv")
    plan = _import(db, tmp_path, HEAD + "Ann,Lee,,ann@sakura.example,Sakura Pharma\n"
                                        "Tarou,Yamada,山田太郎,taro@sakura.example,\n"
                                        "Somchai,Jaidee,,somchai@bkk.example,\n"
                                        "Maryann,Lee,,mary@a.example,\n"
                                        "Maryann,Lee,,mary@b.example,Acme\n", "b.csv")
    assert [(r.action, r.detail) for r in plan.rows] == [
        ("skip", "already up to date"),
        ("update", "same e-mail"),
        ("update", "same e-mail"),
        ("update", VARIANT),
        ("update", VARIANT),
    ]
    assert all(r.target is not None for r in plan.rows)
    assert _people(db) == 5


def test_the_preview_says_same_email_for_the_same_name(db: Database, tmp_path: Path) -> None:
    """Ann Lee, with the job title she left blank before: updated, "same e-mail"."""
    make_event(db)
    head = "Given name,Family name,Email,Job title\n"
    _import(db, tmp_path, head + "Ann,Lee,ann@sakura.example,\n", "a.csv")
    plan = _import(db, tmp_path, head + "Ann,Lee,ANN@Sakura.example,Director\n", "b.csv")
    assert [(r.action, r.detail) for r in plan.rows] == [("update", "same e-mail")]
    assert _people(db) == 1


def test_a_row_without_a_registration_key_is_found_by_the_email_of_a_registered_person(
        db: Database, tmp_path: Path) -> None:
    """Ann Lee came from the registration export as A-1; a list without her number, same
    e-mail, is her (not another registration of her order)."""
    make_event(db)
    head = "External ID,Given name,Family name,Email,Job title\n"
    _import(db, tmp_path, head + "A-1,Ann,Lee,ann@sakura.example,\n", "a.csv")
    plan = _import(db, tmp_path, head + ",Ann,Lee,ann@sakura.example,Director\n", "b.csv")
    assert [(r.action, r.detail) for r in plan.rows] == [("update", "same e-mail")]
    assert _people(db) == 1


ORG_HEAD = "Given name,Family name,Email,Organisation\n"


def test_the_same_name_at_the_same_organisation_says_so(db: Database, tmp_path: Path) -> None:
    """Ben Ito of Sakura Pharma, no e-mail on either side: the one Ben Ito there, and the preview
    says why."""
    make_event(db)
    _import(db, tmp_path, ORG_HEAD + "Ben,Ito,,Sakura Pharma\n", "a.csv")
    plan = _import(db, tmp_path, ORG_HEAD + "Ben,Ito,ben@sakura.example,SAKURA PHARMA CO LTD\n",
                   "b.csv")
    assert [(r.action, r.detail) for r in plan.rows] == [("update", "same name and organisation")]
    with db.session() as s:
        assert s.scalars(select(Person.email)).all() == ["ben@sakura.example"]


def test_a_row_from_someone_elses_address_is_not_merged_on_its_name(db: Database,
                                                                    tmp_path: Path) -> None:
    """office@ is Ann Lee's. A row for Ben Ito writing from office@ is a new person, even though
    Sakura Pharma has one Ben Ito (without an e-mail): he is proposed, not merged."""
    make_event(db)
    _import(db, tmp_path, ORG_HEAD + "Ann,Lee,office@sakura.example,Sakura Pharma\n"
                                     "Ben,Ito,,Sakura Pharma\n", "a.csv")
    plan = _import(db, tmp_path, ORG_HEAD + "Ben,Ito,office@sakura.example,Sakura Pharma\n",
                   "b.csv")
    [row] = plan.rows
    assert (row.action, row.target) == ("add", None)
    assert "shared mailbox" in row.detail
    assert [(c.label, c.reason) for c in row.candidates] == [
        ("Ben Ito", "same name; same organisation")]
    assert _people(db) == 3


def test_a_shared_mailbox_names_the_people_who_use_it(db: Database, tmp_path: Path) -> None:
    make_event(db)
    _import(db, tmp_path, ORG_HEAD + "Ann,Lee,office@sakura.example,\n", "a.csv")
    _import(db, tmp_path, ORG_HEAD + "Ben,Ito,office@sakura.example,\n", "b.csv")
    plan = _import(db, tmp_path, ORG_HEAD + "Cy,Oda,office@sakura.example,\n", "c.csv")
    assert [(r.action, r.detail) for r in plan.rows] == [
        ("add", "the e-mail is also Ann Lee <office@sakura.example>, Ben Ito "
                "<office@sakura.example>'s, with another name (a shared mailbox?): added as a "
                "separate person")]


def test_a_name_two_people_at_the_organisation_have_is_added_and_both_proposed(
        db: Database, tmp_path: Path) -> None:
    """Sakura Pharma has two Ben Itos (no e-mails; the second typed in by hand): a row for Ben
    Ito of Sakura Pharma cannot say which; it is added, the preview says why and proposes both."""
    make_event(db)
    _import(db, tmp_path, ORG_HEAD + "Ben,Ito,,Sakura Pharma\n", "a.csv")
    with db.transaction() as s:
        add_person(s, given_name="Ben", family_name="Ito",
                   organisation=s.scalars(select(Organisation)).one())
    plan = _import(db, tmp_path, ORG_HEAD + "Ben,Ito,,Sakura Pharma\n", "c.csv")
    [row] = plan.rows
    assert (row.action, row.target, row.detail) == (
        "add", None, "2 people with this name at this organisation: added as new; choose one "
                     "to merge with")
    assert [c.label for c in row.candidates] == ["Ben Ito", "Ben Ito"]
    assert _people(db) == 3
