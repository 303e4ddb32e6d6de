"""The other names a person is remembered by after an import (planner/imports/people/plan.py),
issue 21.

A registration system's key says who the row is whatever the row's name: a re-export where the
attendee now gives another name, a single name or another name in native script keeps the person
and remembers that name as an alias, the way one typed in the person's form would be; a name that
fills in a blank is the person's own, not also an alias. And the native-script name written in a
row counts: 李伟 and 魏丽 sharing an address and a romanised name are two people."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from planner.domain.enums import AliasKind
from planner.imports.people import name_keys
from planner.imports.plan import ImportPlan
from planner.services.people.identity import add_alias
from planner.storage.database import Database
from planner.storage.models import Person, PersonAlias
from tests.planner.imports.helpers import import_people, make_event

pytestmark = pytest.mark.engines

HEAD = "External ID,Given name,Family name,Native name,Email\n"


def _import(db: Database, tmp_path: Path, body: str, name: str) -> ImportPlan:
    return import_people(db, tmp_path, HEAD + body, name)


def _aliases(db: Database) -> list[tuple[AliasKind, str, str, str]]:
    with db.session() as s:
        rows = s.execute(select(PersonAlias.kind, PersonAlias.value, PersonAlias.given_name,
                                PersonAlias.family_name).order_by(PersonAlias.id)).all()
    return [tuple(r) for r in rows]


def _person(db: Database) -> tuple[str, str, str]:
    with db.session() as s:
        p = s.scalars(select(Person)).one()
        return p.given_name, p.family_name, p.native_name


def test_a_new_name_under_the_same_registration_key_is_remembered_as_an_alias(
        db: Database, tmp_path: Path) -> None:
    """Attendee 1001, Ann Lee, registers again as Ann Kato (a married name): still Ann Lee in
    the plan, also known as Ann Kato; typing Ann Kato in her form then adds nothing new."""
    make_event(db)
    _import(db, tmp_path, "1001,Ann,Lee,,ann@sakura.example\n", "a.csv")
    plan = _import(db, tmp_path, "1001,Ann,Kato,,ann@sakura.example\n", "b.csv")
    assert [(r.action, r.detail) for r in plan.rows] == [("update", "same registration key (1001)")]
    assert _person(db) == ("Ann", "Lee", "")
    assert _aliases(db) == [(AliasKind.NAME, "Ann Kato", "Ann", "Kato")]
    with db.session() as s:
        person = s.scalars(select(Person)).one()
        assert add_alias(s, person, AliasKind.NAME, given_name="Ann", family_name="Kato") is None
        s.rollback()


def test_a_single_name_under_the_same_registration_key_is_remembered_as_an_alias(
        db: Database, tmp_path: Path) -> None:
    """Attendee 1001, Ann Lee, gives only "Annie" in the next export: she is also known as Annie."""
    make_event(db)
    _import(db, tmp_path, "1001,Ann,Lee,,ann@sakura.example\n", "a.csv")
    plan = _import(db, tmp_path, "1001,Annie,,,ann@sakura.example\n", "b.csv")
    assert [r.action for r in plan.rows] == ["update"]
    assert _person(db) == ("Ann", "Lee", "")
    assert _aliases(db) == [(AliasKind.NAME, "Annie", "Annie", "")]


def test_a_romanised_name_given_to_someone_known_only_in_their_script_is_their_name(
        db: Database, tmp_path: Path) -> None:
    """Attendee 1001 was known only as สมชาย ใจดี; the next export also gives Somchai Jaidee:
    that becomes the person's name, not an alias besides it."""
    make_event(db)
    _import(db, tmp_path, "1001,,,สมชาย ใจดี,somchai@bkk.example\n", "a.csv")
    assert _person(db) == ("", "", "สมชาย ใจดี")
    plan = _import(db, tmp_path, "1001,Somchai,Jaidee,สมชาย ใจดี,somchai@bkk.example\n", "b.csv")
    assert [r.action for r in plan.rows] == ["update"]
    assert _person(db) == ("Somchai", "Jaidee", "สมชาย ใจดี")
    assert _aliases(db) == []


def test_another_native_name_under_the_same_registration_key_is_remembered_as_an_alias(
        db: Database, tmp_path: Path) -> None:
    """Attendee 1001, 山田太郎, is written 山田太朗 in the next export: the person keeps 山田太郎
    and is also known as 山田太朗 (a native name: no given or family part)."""
    make_event(db)
    _import(db, tmp_path, "1001,Taro,Yamada,山田太郎,taro@sakura.example\n", "a.csv")
    plan = _import(db, tmp_path, "1001,Taro,Yamada,山田太朗,taro@sakura.example\n", "b.csv")
    assert [r.action for r in plan.rows] == ["update"]
    assert _person(db) == ("Taro", "Yamada", "山田太郎")
    assert _aliases(db) == [(AliasKind.NATIVE, "山田太朗", "", "")]
    again = _import(db, tmp_path, "1001,Taro,Yamada,山田 太郎,taro@sakura.example\n", "c.csv")
    assert [r.action for r in again.rows] == ["skip"]
    assert _aliases(db) == [(AliasKind.NATIVE, "山田太朗", "", "")]


def test_a_native_name_filling_in_a_blank_is_the_persons_own_not_an_alias(
        db: Database, tmp_path: Path) -> None:
    make_event(db)
    _import(db, tmp_path, "1001,Taro,Yamada,,taro@sakura.example\n", "a.csv")
    plan = _import(db, tmp_path, "1001,Taro,Yamada,山田太郎,taro@sakura.example\n", "b.csv")
    assert [r.action for r in plan.rows] == ["update"]
    assert _person(db) == ("Taro", "Yamada", "山田太郎")
    assert _aliases(db) == []


def test_two_names_in_native_script_on_one_address_are_two_people(db: Database,
                                                                    tmp_path: Path) -> None:
    """李伟 and 魏丽 both romanise to "Wei Li"; on one shared address they are still two people:
    different names in native script block the e-mail match."""
    make_event(db)
    _import(db, tmp_path, ",Wei,Li,李伟,office@bio.example\n", "a.csv")
    plan = _import(db, tmp_path, ",Wei,Li,魏丽,office@bio.example\n", "b.csv")
    [row] = plan.rows
    assert row.action == "add" and row.target is None
    assert "shared mailbox" in row.detail
    with db.session() as s:
        assert sorted(s.scalars(select(Person.native_name))) == ["李伟", "魏丽"]


def test_the_registration_key_finds_the_person_whose_name_and_email_both_changed(
        db: Database, tmp_path: Path) -> None:
    """Attendee 1001, Ann Lee of ann@sakura, re-registers as Ann Kato of a private address:
    nothing but the key says who she is, and it is enough."""
    make_event(db)
    _import(db, tmp_path, "1001,Ann,Lee,,ann@sakura.example\n", "a.csv")
    plan = _import(db, tmp_path, "1001,Ann,Kato,,ann.kato@home.example\n", "b.csv")
    assert [(r.action, r.detail) for r in plan.rows] == [
        ("update", "same registration key (1001)")]
    assert _person(db) == ("Ann", "Lee", "")
    assert [a[:2] for a in _aliases(db)] == [(AliasKind.EMAIL, "ann.kato@home.example"),
                                             (AliasKind.NAME, "Ann Kato")]


@pytest.mark.sqlite_only("a batch migration rebuilding person drops SQLite's triggers")
def test_with_untrusted_name_keys_the_registration_key_still_finds_the_person(
        db: Database, tmp_path: Path) -> None:
    """When the stored name keys cannot be trusted (a migration dropped SQLite's triggers),
    everyone is read: attendee 1001 is still found by the key alone."""
    make_event(db)
    _import(db, tmp_path, "1001,Ann,Lee,,ann@sakura.example\n", "a.csv")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TRIGGER {name_keys.trigger_names('sqlite')[0]}")
    with db.session() as s:
        assert not name_keys.is_sound(s.connection())
    plan = _import(db, tmp_path, "1001,Ann,Kato,,ann.kato@home.example\n", "b.csv")
    assert [(r.action, r.detail) for r in plan.rows] == [
        ("update", "same registration key (1001)")]
    assert _person(db) == ("Ann", "Lee", "")
