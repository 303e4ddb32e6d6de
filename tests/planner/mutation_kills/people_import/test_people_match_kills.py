"""Who is who when people are imported (planner/imports/people/plan.py and rows.py), issue 21.

More of the rules, each a file a user imports into a real plan and reads back through the
services: the same registration key is the same person, and the other e-mail it brings is kept as
an alias; an address shared by people with different names is a shared mailbox; consent and
e-mails filled in later stick; the links to this event do not depend on other events; names in
native script are kept in it, family name first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.domain.enums import AliasKind, DelegateRole, NameOrder
from planner.imports.plan import ImportPlan
from planner.imports.service import apply_import
from planner.storage.database import Database
from planner.storage.models import Delegate, Delegation, Event, EventContact, Person, PersonAlias
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines

OTHER = "bio-2026"


def _import(db: Database, tmp_path: Path, text: str, name: str, event: str = EVENT
            ) -> ImportPlan:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with db.transaction() as s:
        return apply_import(s, path, "people", event)


def _actions(plan: ImportPlan) -> list[str]:
    return [r.action for r in plan.rows]


def _links(db: Database, event: str) -> tuple[list[str], list[str]]:
    """(delegates, contacts) of an event, by family name."""
    with db.session() as s:
        delegates = s.scalars(select(Person.family_name).join(Delegate, Delegate.person_id == Person.id)
                              .join(Delegation).join(Event).where(Event.code == event)).all()
        contacts = s.scalars(select(Person.family_name)
                             .join(EventContact, EventContact.person_id == Person.id)
                             .join(Event, Event.id == EventContact.event_id)
                             .where(Event.code == event)).all()
    return sorted(delegates), sorted(contacts)


def test_the_same_registration_key_is_the_same_person_and_the_new_email_an_alias(
        db: Database, tmp_path: Path) -> None:
    """A re-export of the registrations where attendee 1001 now gives a private address: the
    same person, updated; the address is remembered as an alias of theirs (an address, no name)."""
    make_event(db)
    head = "External ID,Given name,Family name,Email\n"
    _import(db, tmp_path, head + "1001,Ann,Lee,ann@sakura.example\n", "a.csv")
    plan = _import(db, tmp_path, head + "1001,Ann,Lee,ann.lee@home.example\n", "b.csv")
    assert _actions(plan) == ["update"]
    assert plan.rows[0].detail == "same registration key (1001)"
    with db.session() as s:
        assert s.scalars(select(Person.email)).all() == ["ann@sakura.example"]
        aliases = s.execute(select(PersonAlias.kind, PersonAlias.value, PersonAlias.given_name,
                                   PersonAlias.family_name)).all()
    assert [tuple(a) for a in aliases] == [(AliasKind.EMAIL, "ann.lee@home.example", "", "")]


def test_an_address_used_by_someone_with_another_name_is_a_shared_mailbox(
        db: Database, tmp_path: Path) -> None:
    """office@ is Ann's and Ben's: Ben is a new person, and the preview says why."""
    make_event(db)
    head = "Given name,Family name,Email\n"
    _import(db, tmp_path, head + "Ann,Lee,office@sakura.example\n", "a.csv")
    plan = _import(db, tmp_path, head + "Ben,Ito,office@sakura.example\n", "b.csv")
    assert _actions(plan) == ["add"]
    assert plan.rows[0].target is None
    assert plan.rows[0].detail == ("the e-mail is also Ann Lee <office@sakura.example>'s, with "
                                   "another name (a shared mailbox?): added as a separate person")
    with db.session() as s:
        assert sorted(s.scalars(select(Person.given_name))) == ["Ann", "Ben"]


def test_a_shared_mailbox_names_at_most_two_of_the_people_who_use_it(
        db: Database, tmp_path: Path) -> None:
    make_event(db)
    head = "Given name,Family name,Email\n"
    _import(db, tmp_path, head + "Ann,Lee,office@sakura.example\n", "a.csv")
    _import(db, tmp_path, head + "Ben,Ito,office@sakura.example\n", "b.csv")
    _import(db, tmp_path, head + "Cy,Oda,office@sakura.example\n", "c.csv")
    plan = _import(db, tmp_path, head + "Dan,Abe,office@sakura.example\n", "d.csv")
    [row] = plan.rows
    assert row.action == "add"
    assert "Ann Lee" in row.detail and "Ben Ito" in row.detail and "Cy Oda" not in row.detail


def test_consent_withdrawn_in_a_later_file_is_recorded_and_then_up_to_date(
        db: Database, tmp_path: Path) -> None:
    make_event(db)
    head = "Given name,Family name,Email,Lead sharing consent\n"
    _import(db, tmp_path, head + "Ann,Lee,ann@sakura.example,yes\n", "a.csv")
    with db.session() as s:
        assert s.scalars(select(Person.lead_sharing_consent)).one() is True
    plan = _import(db, tmp_path, head + "Ann,Lee,ann@sakura.example,no\n", "b.csv")
    assert _actions(plan) == ["update"]
    with db.session() as s:
        assert s.scalars(select(Person.lead_sharing_consent)).one() is False
    again = _import(db, tmp_path, head + "Ann,Lee,ann@sakura.example,no\n", "c.csv")
    assert _actions(again) == ["skip"]


def test_an_email_filled_in_by_a_later_file_finds_the_person_the_next_time(
        db: Database, tmp_path: Path) -> None:
    make_event(db)
    head = "Given name,Family name,Email,Organisation\n"
    _import(db, tmp_path, head + "Ann,Lee,,Sakura Pharma\n", "a.csv")
    plan = _import(db, tmp_path, head + "Ann,Lee,ann@sakura.example,Sakura Pharma\n", "b.csv")
    assert _actions(plan) == ["update"]
    # no organisation this time: only the e-mail can find her
    again = _import(db, tmp_path, head + "Ann,Lee,ANN@sakura.example,\n", "c.csv")
    assert _actions(again) == ["skip"]
    with db.session() as s:
        assert s.scalars(select(Person.email)).all() == ["ann@sakura.example"]


def _two_events(db: Database) -> None:
    from planner.services.events.events import add_event

    make_event(db)
    with db.transaction() as s:
        add_event(s, code=OTHER, name="BIO", start_date=date(2026, 6, 1),
                  end_date=date(2026, 6, 4), tz="America/New_York")


def test_a_delegate_of_another_event_becomes_a_contact_of_this_one(db: Database,
                                                                    tmp_path: Path) -> None:
    _two_events(db)
    head = "Given name,Family name,Email,Role\n"
    _import(db, tmp_path, head + "Ann,Lee,ann@sakura.example,delegate\n", "a.csv", OTHER)
    plan = _import(db, tmp_path, head + "Ann,Lee,ann@sakura.example,\n", "b.csv")
    assert _actions(plan) == ["update"]
    assert _links(db, EVENT) == ([], ["Lee"])
    assert _links(db, OTHER) == (["Lee"], [])


def test_a_delegate_of_another_event_named_a_delegate_here_is_a_delegate_here(
        db: Database, tmp_path: Path) -> None:
    _two_events(db)
    head = "Given name,Family name,Email,Role\n"
    _import(db, tmp_path, head + "Ann,Lee,ann@sakura.example,delegate\n", "a.csv", OTHER)
    _import(db, tmp_path, head + "Ann,Lee,ann@sakura.example,speaker\n", "b.csv")
    assert _links(db, EVENT) == (["Lee"], [])
    with db.session() as s:
        assert sorted(s.scalars(select(Delegate.role))) == sorted(
            [DelegateRole.DELEGATE, DelegateRole.SPEAKER])


def test_a_name_written_in_kanji_is_kept_as_the_native_name_family_first(
        db: Database, tmp_path: Path) -> None:
    make_event(db)
    _import(db, tmp_path, "Given name,Family name,Email\n太郎,山田,taro@sakura.example\n", "a.csv")
    with db.session() as s:
        p = s.scalars(select(Person)).one()
        assert (p.native_name, p.name_order) == ("山田太郎", NameOrder.FAMILY_FIRST)


def test_an_accented_european_name_is_not_a_native_script_name(db: Database,
                                                                tmp_path: Path) -> None:
    make_event(db)
    _import(db, tmp_path, "Given name,Family name,Email\nJosé,García,jose@uam.example\n", "a.csv")
    with db.session() as s:
        p = s.scalars(select(Person)).one()
        assert (p.given_name, p.family_name, p.native_name, p.name_order) == (
            "José", "García", "", NameOrder.GIVEN_FIRST)


def test_a_dash_in_the_role_column_means_no_role(db: Database, tmp_path: Path) -> None:
    """Spreadsheets mark an empty cell with "-": the person is a contact, not an error."""
    make_event(db)
    plan = _import(db, tmp_path, "Given name,Family name,Email,Role\nAnn,Lee,ann@x.example,-\n",
                   "a.csv")
    assert plan.errors == [] and _actions(plan) == ["add"]
    assert _links(db, EVENT) == ([], ["Lee"])


def test_dietary_needs_longer_than_the_record_holds_are_cut_not_refused(db: Database,
                                                                        tmp_path: Path) -> None:
    """A delegate's dietary needs hold 300 characters: a longer cell is cut to them."""
    make_event(db)
    needs = "no nuts " * 50
    _import(db, tmp_path, f"Given name,Family name,Email,Role,Dietary\n"
                          f"Ann,Lee,ann@x.example,delegate,{needs}\n", "a.csv")
    with db.session() as s:
        assert s.scalars(select(Delegate.dietary)).one() == needs.strip()[:300]
