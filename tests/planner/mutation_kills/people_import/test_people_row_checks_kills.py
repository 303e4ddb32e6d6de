"""Checking each row of a people list (planner/imports/people/rows.py), issue 21.

Every problem of a row is reported, not just the first, each naming the line, the column as the
file heads it, the value and what to write instead. Consent is yes or no in the usual spellings
of the lists a registration desk receives; a role is read whatever its case; a Japanese, Korean
or Chinese attendee's romanised name is written family name first."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from planner.domain.enums import DelegateRole, NameOrder
from planner.imports.plan import ImportPlan
from planner.imports.service import plan_import
from planner.storage.database import Database
from planner.storage.models import Delegate, Person
from tests.planner.imports.helpers import EVENT, import_people, make_event

pytestmark = pytest.mark.engines


def _import(db: Database, tmp_path: Path, text: str) -> ImportPlan:
    return import_people(db, tmp_path, text, "people.csv")


def test_every_problem_of_a_row_is_reported_with_its_column_value_and_fix(
        db: Database, tmp_path: Path) -> None:
    make_event(db)
    path = tmp_path / "bad.csv"
    path.write_text("Name,Email,Country,Role,Lawful basis,Lead sharing consent\n"
                    "Ann Lee,ann@x.example,GB,,,\n"
                    ",ann-at-x,Narnia,boss,because,maybe\n", encoding="utf-8")
    with db.session() as s:
        plan = plan_import(s, path, "people", EVENT)
    assert [(e.line, e.column, e.value, e.message) for e in plan.errors] == [
        (3, "Name", "", "The row has no name: fill in the name (given and family name, or the "
                        "full name) or delete the row."),
        (3, "Email", "ann-at-x", "This is not an e-mail address: correct it (name@example.org) "
                                 "or leave the cell empty."),
        (3, "Country", "Narnia", "Unknown country: use an ISO code such as JP or GB, or the "
                                 "English name."),
        (3, "Role", "boss", "Unknown role: use one of lead, delegate, speaker, staff, contact."),
        (3, "Lawful basis", "because", "Unknown lawful basis: use one of unknown, consent, "
                                       "contract, legitimate interests, legal obligation, public "
                                       "task, vital interests."),
        (3, "Lead sharing consent", "maybe", "Write yes or no for lead-sharing consent."),
    ]
    assert [r.action for r in plan.rows] == ["add", "error"]


YES = ["yes", "Y", "true", "1", "x", "Ja", "oui", "はい", "✓"]
NO = ["no", "N", "FALSE", "0", "nein", "Non", "いいえ"]


def test_consent_is_read_in_the_usual_spellings_of_yes_and_no(db: Database,
                                                              tmp_path: Path) -> None:
    make_event(db)
    words = YES + NO
    body = "".join(f"P{n},Lee,p{n}@x.example, {word} \n" for n, word in enumerate(words))
    plan = _import(db, tmp_path, "Given name,Family name,Email,Lead sharing consent\n" + body)
    assert plan.errors == []
    with db.session() as s:
        consent = dict(s.execute(select(Person.given_name, Person.lead_sharing_consent)).all())
    assert [consent[f"P{n}"] for n in range(len(words))] == [True] * len(YES) + [False] * len(NO)


def test_a_role_is_read_whatever_its_case_and_spacing(db: Database, tmp_path: Path) -> None:
    make_event(db)
    plan = _import(db, tmp_path, "Given name,Family name,Email,Role\n"
                                 "Ann,Lee,ann@x.example, Speaker \nBen,Ito,ben@x.example,LEAD\n")
    assert plan.errors == []
    with db.session() as s:
        roles = dict(s.execute(select(Person.given_name, Delegate.role)
                               .join(Delegate, Delegate.person_id == Person.id)).all())
    assert roles == {"Ann": DelegateRole.SPEAKER, "Ben": DelegateRole.LEAD}


def test_a_romanised_name_from_japan_korea_or_china_is_written_family_name_first(
        db: Database, tmp_path: Path) -> None:
    """Taro Yamada of Japan is YAMADA Taro; Ann Lee of Britain stays Ann Lee; Hikaru of Japan,
    with a single name, has no family name to put first."""
    make_event(db)
    plan = _import(db, tmp_path, "Given name,Family name,Email,Country\n"
                                 "Taro,Yamada,taro@x.example,Japan\n"
                                 "Minjun,Kim,minjun@x.example,KR\n"
                                 "Ann,Lee,ann@x.example,GB\n"
                                 "Hikaru,,hikaru@x.example,JP\n")
    assert plan.errors == []
    with db.session() as s:
        order = dict(s.execute(select(Person.given_name, Person.name_order)).all())
    assert order == {"Taro": NameOrder.FAMILY_FIRST, "Minjun": NameOrder.FAMILY_FIRST,
                     "Ann": NameOrder.GIVEN_FIRST, "Hikaru": NameOrder.GIVEN_FIRST}


def test_a_name_typed_in_kanji_is_family_name_first_whatever_the_native_name_column_says(
        db: Database, tmp_path: Path) -> None:
    """山田 / 太郎 in the name columns and the romanisation in the native-name column (columns
    filled the other way round): the name is in native script, family name first."""
    make_event(db)
    plan = _import(db, tmp_path, "Given name,Family name,Native name,Email\n"
                                 "太郎,山田,Taro Yamada,taro@x.example\n")
    assert plan.errors == []
    with db.session() as s:
        assert s.execute(select(Person.given_name, Person.family_name, Person.name_order)
                         ).all() == [("太郎", "山田", NameOrder.FAMILY_FIRST)]
