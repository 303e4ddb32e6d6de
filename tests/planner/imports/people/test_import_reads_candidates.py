"""An import reads only the people its rows may be, and decides exactly as if it read everyone.

The stored name keys (``planner.imports.people.name_keys``) pick who is read; these tests hold
the rule that this never changes a decision: the same rows get the same actions, targets,
reasons and proposed look-alikes as with everyone read, and a person added, renamed, given an
alias or losing their e-mail after the keys were stored is still found (the triggers list them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from planner.domain.enums import AliasKind
from planner.imports.people import name_keys
from planner.imports.people import plan as people_plan
from planner.imports.plan import ImportPlan
from planner.imports.service import apply_import, plan_import
from planner.services.people.identity import add_alias
from planner.services.people.people import add_person, find_or_add_organisation, update_person
from planner.storage.database import Database
from planner.storage.models import Person
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines

FILLERS = 60


def _filler(n: int) -> str:
    """A family name of letters only (spelling forms drop digits: Person0007 is Person)."""
    return "Old" + "abcdefghijklmnopqrstuvwxyz"[n // 26] + "abcdefghijklmnopqrstuvwxyz"[n % 26]


ROWS = (
    "Given name,Family name,Native name,Email,Organisation\n"
    "Taro,Yamada,,taro.yamada@sakura.example,Sakura Pharma K.K.\n"  # same e-mail and name
    "Hanako,Suzuki,,taro.yamada@sakura.example,Sakura Pharma K.K.\n"  # a shared mailbox
    "Wei,Zhang,,,BigPharma\n"  # two Wei Zhangs at BigPharma: neither
    "Jürgen,Mueller,,j.new@bayerische.example,Bayerische AG\n"  # a spelling variant
    "Jon,Smith,,jon@acme.example,Acme Ltd\n"  # a typo, same organisation
    "J,Smith,,,Acme Ltd\n"  # an initial
    "Minjun,Kim,,mj@seoul.example,Seoul Bio\n"  # romanised ↔ 김민준
    ",,山田 太郎,,Kyoto Pharma\n"  # native ↔ Yamada Taro (no e-mail)
    "Taro,Yamada,,t.yamada@elsewhere.example,Elsewhere Inc\n"  # same name, other org & e-mail
    "Maria,Garcia,,,\n"  # a name alone
    f"Filler,{_filler(7)},,new.7@else.example,Other Co\n"  # a filler's name, elsewhere
    f"Filler,{_filler(11)},,,Old Co 2\n"  # a filler's name at a filler's organisation
    "Ann,Lee,,ann.alias@x.example,Lee Consulting\n"  # an e-mail alias
    "Bob,Brown-Jones,,bob@new.example,\n"  # a name alias, no organisation
)


def _fill(db: Database) -> None:
    with db.transaction() as s:
        sakura = find_or_add_organisation(s, "Sakura Pharma K.K.")
        big = find_or_add_organisation(s, "BigPharma")
        acme = find_or_add_organisation(s, "Acme Ltd")
        add_person(s, given_name="Taro", family_name="Yamada", native_name="山田 太郎",
                   email="taro.yamada@sakura.example", organisation=sakura)
        add_person(s, given_name="Wei", family_name="Zhang", email="wz1@big.example",
                   organisation=big)
        add_person(s, given_name="Wei", family_name="Zhang", organisation=big)
        add_person(s, given_name="Jürgen", family_name="Müller", email="j.mueller@bayerische.example")
        add_person(s, given_name="John", family_name="Smith", email="john@acme.example",
                   organisation=acme)
        add_person(s, given_name="민준", family_name="김", native_name="김민준")
        add_person(s, given_name="Maria", family_name="Garcia")
        add_person(s, given_name="Maria", family_name="Garcia", email="mg@x.example")
        lee = add_person(s, given_name="Ann", family_name="Lee", email="ann@lee.example")
        add_alias(s, lee, AliasKind.EMAIL, "ann.alias@x.example")
        bob = add_person(s, given_name="Bob", family_name="Brown", email="bob@old.example")
        add_alias(s, bob, AliasKind.NAME, given_name="Bob", family_name="Brown-Jones")
        for n in range(FILLERS):
            org = find_or_add_organisation(s, f"Old Co {n % 3}")
            add_person(s, given_name="Filler", family_name=_filler(n),
                       email=f"old.{n}@old.example", organisation=org)


def _decisions(plan: ImportPlan) -> list[tuple[Any, ...]]:
    return [(r.line, r.action, r.target, r.detail,
             tuple((c.uuid, c.score, c.reason) for c in r.candidates)) for r in plan.rows]


def _plan(db: Database, path: Path) -> ImportPlan:
    with db.session() as s:
        return plan_import(s, path, "people", EVENT)


def _read_counts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many people each match reads (appended per match)."""
    counts: list[int] = []
    real = people_plan.PeopleIndex

    class Counting(real):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            counts.append(len(self.people))

    monkeypatch.setattr(people_plan, "PeopleIndex", Counting)
    return counts


def _keys_current(db: Database) -> None:
    """Store everyone's keys as an import's write leaves them."""
    from planner.imports.people.index import read_forms

    with db.transaction() as s:
        name_keys.store_keys(s.connection(), {}, read=read_forms)


def test_reading_only_candidates_decides_exactly_as_reading_everyone(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_event(db)
    _fill(db)
    _keys_current(db)
    path = tmp_path / "people.csv"
    path.write_text(ROWS, encoding="utf-8")
    counts = _read_counts(monkeypatch)
    narrow = _plan(db, path)
    with monkeypatch.context() as m:
        m.setattr(name_keys, "is_sound", lambda _conn: False)
        everyone = _plan(db, path)
    assert _decisions(narrow) == _decisions(everyone)
    with db.session() as s:
        total = s.scalar(select(func.count()).select_from(Person))
    assert counts[1] == total and counts[0] < total // 2, counts  # 20 of them at Old Co 2
    actions = {r.line: r.action for r in narrow.rows}
    assert actions[2] == "update" and actions[3] == "add" and actions[4] == "add"  # mailbox, two Zhangs
    assert sum(bool(r.candidates) for r in narrow.rows) >= 6  # look-alikes were proposed


def test_people_written_after_the_keys_were_stored_are_found(db: Database, tmp_path: Path) -> None:
    make_event(db)
    _fill(db)
    _keys_current(db)
    with db.transaction() as s:
        lab = find_or_add_organisation(s, "Nordic Lab")
        added = add_person(s, given_name="Zoë", family_name="Ångström", organisation=lab)
        renamed = s.scalars(select(Person).where(Person.family_name == _filler(3))).one()
        update_person(s, renamed, family_name="Renamed")
        gone = s.scalars(select(Person).where(Person.family_name == _filler(4))).one()
        update_person(s, gone, email="")  # now open: no e-mail
        aliased = s.scalars(select(Person).where(Person.family_name == _filler(5))).one()
        add_alias(s, aliased, AliasKind.NAME, given_name="Filly", family_name="Aliased")
        ids = {"added": added.id, "renamed": renamed.id, "gone": gone.id, "aliased": aliased.id}
        uuids = {k: s.get(Person, v).uuid for k, v in ids.items()}  # type: ignore[union-attr]
    path = tmp_path / "later.csv"
    path.write_text(
        "Given name,Family name,Email,Organisation\n"
        "Zoë,Ångström,,Nordic Lab\n"  # the person added by hand: same name and organisation
        "Filler,Renamed,,Old Co 0\n"  # the new name at the same organisation
        f"Filler,{_filler(4)},other@elsewhere.example,Elsewhere\n"  # no e-mail now: proposed
        "Filly,Aliased,,Old Co 2\n",  # the new alias at the same organisation
        encoding="utf-8")
    plan = _plan(db, path)
    rows = {r.line: r for r in plan.rows}
    assert (rows[2].action, rows[2].target) == ("update", uuids["added"])
    assert (rows[3].action, rows[3].target) == ("update", uuids["renamed"])
    assert rows[4].action == "add" and uuids["gone"] in {c.uuid for c in rows[4].candidates}
    assert (rows[5].action, rows[5].target) == ("update", uuids["aliased"])


def _dirty(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(text(f"SELECT count(*) FROM {name_keys.DIRTY_TABLE}")) or 0)


def _key_people(db: Database) -> set[int]:
    with db.session() as s:
        return set(s.scalars(text(f"SELECT DISTINCT person_id FROM {name_keys.KEY_TABLE}")))


def test_an_import_leaves_everyone_keyed_and_nothing_listed(db: Database, tmp_path: Path) -> None:
    make_event(db)
    _fill(db)
    assert _dirty(db) > FILLERS  # written by the services: listed by the triggers
    path = tmp_path / "people.csv"
    path.write_text(ROWS, encoding="utf-8")
    with db.transaction() as s:
        assert apply_import(s, path, "people", EVENT).applied
    assert _dirty(db) == 0
    with db.session() as s:
        everyone = set(s.scalars(select(Person.id)))
        assert name_keys.is_sound(s.connection())
    assert _key_people(db) == everyone


@pytest.mark.sqlite_only("a batch migration rebuilding person drops SQLite's triggers")
def test_missing_triggers_mean_everyone_is_read_and_the_triggers_come_back(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_event(db)
    _fill(db)
    _keys_current(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TRIGGER {name_keys.trigger_names('sqlite')[0]}")
    with db.transaction() as s:  # not listed: no trigger
        added = add_person(s, given_name="Late", family_name="Comer",
                           organisation=find_or_add_organisation(s, "Acme Ltd"))
        late = added.uuid
    path = tmp_path / "late.csv"
    path.write_text("Given name,Family name,Organisation\nLate,Comer,Acme Ltd\n", encoding="utf-8")
    counts = _read_counts(monkeypatch)
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    assert (plan.rows[0].action, plan.rows[0].target) == ("update", late)
    with db.session() as s:
        assert counts == [s.scalar(select(func.count()).select_from(Person))]
        assert name_keys.is_sound(s.connection())
        everyone = set(s.scalars(select(Person.id)))
    assert _key_people(db) == everyone and _dirty(db) == 0


@pytest.mark.sqlite_only("the listing trigger is suspended during a bulk insert on SQLite only")
def test_a_cancelled_import_leaves_the_listing_trigger_in_place(db: Database, tmp_path: Path) -> None:
    from sqlalchemy import event as sa_event

    from planner.errors import Cancelled

    make_event(db)
    path = tmp_path / "many.csv"
    path.write_text("Given name,Family name\n" + "".join(
        f"New,Person{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}{chr(97 + n // 676)}\n"
        for n in range(2500)), encoding="utf-8")
    inserted: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("INSERT INTO person ("):
            inserted.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with pytest.raises(Cancelled), db.transaction() as s:
            apply_import(s, path, "people", EVENT, cancel=lambda: bool(inserted))
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", seen)
    assert inserted
    with db.session() as s:
        assert name_keys.is_sound(s.connection())
    with db.transaction() as s:
        add_person(s, given_name="After", family_name="Cancel")
    assert _dirty(db) == 1  # listed by the trigger, which is back
