"""Who is who: each case of the README's identity table, through a real import of a real file.

Each test states the rule it checks. The outcome is one of: the same person (updated), a new
person, a new person *proposed* as a possible duplicate (by the import and by `people
duplicates`), or a new person not proposed (evidence against).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.domain.enums import AliasKind
from planner.imports.plan import ImportOptions, ImportPlan
from planner.imports.service import apply_import
from planner.services.people.identity import mark_distinct
from planner.services.people.merge import find_duplicate_people, merge_people
from planner.services.people.people import find_person
from planner.storage.database import Database
from planner.storage.models import Person, PersonAlias
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines  # every test here runs on SQLite and on PostgreSQL

HEADERS = ["Given name", "Family name", "Native name", "Email", "Organisation"]


def _import(db: Database, tmp_path: Path, rows: list[list[str]], name: str = "people",
            headers: list[str] = HEADERS, **options: object) -> ImportPlan:
    path = tmp_path / f"{name}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(rows)
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT, ImportOptions(**options))  # type: ignore[arg-type]
    assert plan.ok and plan.applied, plan.errors
    return plan


def _people(db: Database) -> list[tuple[str, str, str, str]]:
    with db.session() as s:
        return [(p.given_name, p.family_name, p.native_name, p.email)
                for p in s.scalars(select(Person).order_by(Person.id))]


def _proposed(db: Database) -> set[frozenset[str]]:
    """Pairs proposed by `people duplicates`, as sets of labels."""
    with db.session() as s:
        return {frozenset((d.keep_label, d.drop_label)) for d in find_duplicate_people(s)}


def _labels(db: Database) -> list[str]:
    from planner.imports.people.index import PeopleIndex

    with db.session() as s:
        return [p.label for p in PeopleIndex(s, 0, "").people]


@pytest.fixture
def event_db(db: Database) -> Database:
    make_event(db)
    return db


# ------------------------------------------------------------------------------ e-mail rules


def test_one_office_mailbox_for_two_executives_is_two_people(event_db: Database,
                                                             tmp_path: Path) -> None:
    """A shared e-mail with different names is evidence against one person: two people, and
    the import says why."""
    _import(event_db, tmp_path, [["Hiroshi", "Tanaka", "", "office@sakura.example", "Sakura"]],
            "first")
    plan = _import(event_db, tmp_path,
                   [["Keiko", "Mori", "", "office@sakura.example", "Sakura"]], "second")
    assert [p[:2] for p in _people(event_db)] == [("Hiroshi", "Tanaka"), ("Keiko", "Mori")]
    row = next(r for r in plan.rows if r.line == 2)
    assert row.action == "add" and "shared mailbox" in row.detail
    assert not _proposed(event_db)


def test_two_names_on_one_mailbox_in_one_file_are_two_people(event_db: Database,
                                                             tmp_path: Path) -> None:
    _import(event_db, tmp_path, [["Hiroshi", "Tanaka", "", "office@sakura.example", "Sakura"],
                                 ["Keiko", "Mori", "", "office@sakura.example", "Sakura"]])
    assert len(_people(event_db)) == 2


def test_the_same_email_and_name_written_differently_is_one_person(event_db: Database,
                                                                   tmp_path: Path) -> None:
    _import(event_db, tmp_path, [["Alice", "Fraser", "", "Alice@Aldgate.example", "Aldgate"]],
            "first")
    plan = _import(event_db, tmp_path,
                   [["ALICE", "FRASER", "", "alice@aldgate.example", "Aldgate Ltd"]], "second")
    assert len(_people(event_db)) == 1
    assert plan.rows[0].action in ("update", "skip")


def test_a_typo_in_the_name_on_the_same_email_is_one_person_and_keeps_the_spelling(
        event_db: Database, tmp_path: Path) -> None:
    """Same e-mail, a compatible name ("Jon"/"John"): one person; the other spelling is kept
    as an alias, so a later e-mail-less list with it is recognised."""
    _import(event_db, tmp_path, [["John", "Smith", "", "js@acme.example", "Acme"]], "first")
    _import(event_db, tmp_path, [["Jon", "Smith", "", "js@acme.example", "Acme"]], "second")
    assert len(_people(event_db)) == 1
    with event_db.session() as s:
        aliases = [(a.kind, a.value) for a in s.scalars(select(PersonAlias))]
    assert aliases == [(AliasKind.NAME, "Jon Smith")]


def test_a_repeated_row_is_one_person_with_the_blanks_filled(event_db: Database,
                                                             tmp_path: Path) -> None:
    _import(event_db, tmp_path, [["Alice", "Fraser", "", "alice@aldgate.example", ""],
                                 ["Alice", "Fraser", "", "alice@aldgate.example", "Aldgate"]])
    with event_db.session() as s:
        people = s.scalars(select(Person)).all()
        assert len(people) == 1 and people[0].organisation is not None


# -------------------------------------------------------------------------------- name rules


def test_an_emailless_row_matching_two_people_attaches_to_neither(event_db: Database,
                                                                  tmp_path: Path) -> None:
    """"Wei Zhang, BigPharma" from an e-mail-less list, with two Wei Zhangs at BigPharma: a
    new record, both proposed; never a silent pick."""
    _import(event_db, tmp_path, [["Wei", "Zhang", "", "wei.zhang@bigpharma.example", "BigPharma"],
                                 ["Wei", "Zhang", "", "wzhang@bigpharma.example", "BigPharma"]],
            "first")
    plan = _import(event_db, tmp_path, [["Wei", "Zhang", "", "", "BigPharma"]], "second")
    row = plan.rows[0]
    assert row.action == "add" and "2 people" in row.detail
    assert {c.label for c in row.candidates} == {"Wei Zhang <wei.zhang@bigpharma.example>",
                                                 "Wei Zhang <wzhang@bigpharma.example>"}
    assert len(_people(event_db)) == 3


def test_an_emailless_row_with_one_match_at_the_organisation_updates_that_person(
        event_db: Database, tmp_path: Path) -> None:
    _import(event_db, tmp_path, [["Wei", "Zhang", "", "wei.zhang@bigpharma.example",
                                  "BigPharma"]], "first")
    plan = _import(event_db, tmp_path, [["Wei", "Zhang", "张伟", "", "BigPharma Inc."]], "second")
    assert plan.rows[0].action == "update"
    assert _people(event_db) == [("Wei", "Zhang", "张伟", "wei.zhang@bigpharma.example")]


def test_a_native_only_name_at_the_same_organisation_is_that_person(event_db: Database,
                                                                   tmp_path: Path) -> None:
    """张伟 (native only) at BigPharma, then "Wei Zhang / 张伟" at BigPharma with an e-mail: the
    same name at the same organisation, one person, nothing contradicting: one record."""
    _import(event_db, tmp_path, [["", "", "张伟", "", "BigPharma"]], "first")
    plan = _import(event_db, tmp_path, [["Wei", "Zhang", "张伟", "wz@bigpharma.example",
                                         "BigPharma"]], "second")
    assert plan.rows[0].action == "update"
    assert len(_people(event_db)) == 1


def test_the_same_name_and_organisation_with_another_email_is_a_new_person(
        event_db: Database, tmp_path: Path) -> None:
    """A second John Smith at Acme with another e-mail is a new person (proposed, not merged)."""
    _import(event_db, tmp_path, [["John", "Smith", "", "john.smith@acme.example", "Acme"]],
            "first")
    plan = _import(event_db, tmp_path, [["John", "Smith", "", "jsmith2@acme.example", "Acme"]],
                   "second")
    assert len(_people(event_db)) == 2
    assert plan.rows[0].action == "add" and plan.rows[0].candidates
    assert len(_proposed(event_db)) == 1


def test_a_name_alone_never_merges(event_db: Database, tmp_path: Path) -> None:
    """The same name, with neither an e-mail nor an organisation: two people, proposed."""
    _import(event_db, tmp_path, [["Maria", "Garcia", "", "", ""]], "first")
    plan = _import(event_db, tmp_path, [["Maria", "Garcia", "", "", ""]], "second")
    assert len(_people(event_db)) == 2
    assert plan.rows[0].action == "add" and plan.rows[0].candidates
    assert len(_proposed(event_db)) == 1


def test_li_wei_and_wei_li_at_one_company_are_two_people_not_proposed(
        event_db: Database, tmp_path: Path) -> None:
    """李伟 (family Li) and 魏丽 (family Wei): the romanised words are the same set, the people
    are not; different native names block a match."""
    _import(event_db, tmp_path, [["Wei", "Li", "李伟", "", "Huaxin Bio"],
                                 ["Li", "Wei", "魏丽", "", "Huaxin Bio"]])
    assert len(_people(event_db)) == 2
    assert not _proposed(event_db)


def test_reversed_romanised_order_without_native_names_is_proposed(event_db: Database,
                                                                   tmp_path: Path) -> None:
    _import(event_db, tmp_path, [["Wei", "Li", "", "", "Huaxin Bio"],
                                 ["Li", "Wei", "", "", "Huaxin Bio"]])
    assert len(_people(event_db)) == 2
    assert len(_proposed(event_db)) == 1


@pytest.mark.parametrize(("first", "second"), [
    # native only (from a list without organisations) beside romanised + native
    (["", "", "张伟", "", ""], ["Wei", "Zhang", "张伟", "wz@bigpharma.example", "BigPharma"]),
    # Korean: Revised Romanization gives Gim; the usual spelling is Kim
    (["Minjun", "Kim", "", "", "Samsung Biologics"], ["", "", "김민준", "", "Samsung Biologics"]),
    # spelling variants: hyphen, order
    (["Min-jun", "Kim", "", "", "Samsung Biologics"], ["Minjun", "Kim", "", "", "Samsung Biologics"]),
    # Japanese: Hepburn with and without the long vowel
    (["Tarō", "Yamada", "", "", "Sakura Pharma"], ["", "", "山田 太郎", "", "Sakura Pharma"]),
    (["Taro", "Satoh", "", "", "Sakura Pharma"], ["Taro", "Sato", "", "", "Sakura Pharma"]),
    # an initial
    (["J", "Smith", "", "", "Acme"], ["John", "Smith", "", "", "Acme"]),
])
def test_look_alikes_are_proposed_never_merged(event_db: Database, tmp_path: Path,
                                               first: list[str], second: list[str]) -> None:
    _import(event_db, tmp_path, [first], "first")
    plan = _import(event_db, tmp_path, [second], "second")
    assert len(_people(event_db)) == 2, "a look-alike must not be merged"
    assert plan.rows[0].action == "add" and plan.rows[0].candidates, \
        "the import proposes the look-alike"
    assert len(_proposed(event_db)) == 1, "people duplicates proposes the pair"


@pytest.mark.parametrize(("first", "second"), [
    (["Wei", "Zhang", "", "", "BigPharma"], ["Wei", "Zhao", "", "", "BigPharma"]),
    (["Minji", "Kim", "", "", "Samsung Biologics"], ["", "", "김민준", "", "Samsung Biologics"]),
    (["Taro", "Yamamoto", "", "", "Sakura Pharma"], ["", "", "山田太郎", "", "Sakura Pharma"]),
    # a common name at two organisations with two addresses: two people
    (["Wei", "Zhang", "", "wei.zhang@bigpharma.example", "BigPharma"],
     ["Wei", "Zhang", "", "zhangwei@huaxin.example", "Huaxin Bio"]),
])
def test_different_people_are_not_proposed(event_db: Database, tmp_path: Path,
                                           first: list[str], second: list[str]) -> None:
    _import(event_db, tmp_path, [first, second])
    assert len(_people(event_db)) == 2
    assert not _proposed(event_db)


# ------------------------------------------------------------------- merges and their memory


def test_a_merge_keeps_the_other_email_and_name_so_the_next_list_finds_them(
        event_db: Database, tmp_path: Path) -> None:
    _import(event_db, tmp_path, [["Minjun", "Kim", "", "minjun@samsung.example", "Samsung"],
                                 ["Min-jun", "Kim", "", "mj.kim@gmail.example", "Samsung"]])
    with event_db.transaction() as s:
        merge_people(s, find_person(s, "minjun@samsung.example"),
                     find_person(s, "mj.kim@gmail.example"))
    with event_db.session() as s:
        aliases = {(a.kind, a.value) for a in s.scalars(select(PersonAlias))}
    assert aliases == {(AliasKind.EMAIL, "mj.kim@gmail.example"), (AliasKind.NAME, "Min-jun Kim")}
    plan = _import(event_db, tmp_path, [["Min-jun", "Kim", "", "mj.kim@gmail.example", ""]],
                   "again")
    assert plan.rows[0].action in ("update", "skip")
    assert len(_people(event_db)) == 1
    with event_db.session() as s:
        assert find_person(s, "mj.kim@gmail.example").email == "minjun@samsung.example"


def test_a_pair_marked_as_two_people_is_not_proposed_again(event_db: Database,
                                                           tmp_path: Path) -> None:
    _import(event_db, tmp_path, [["Maria", "Garcia", "", "maria@a.example", "Acme"],
                                 ["Maria", "Garcia", "", "mgarcia@b.example", "Acme"]])
    assert len(_proposed(event_db)) == 1
    with event_db.transaction() as s:
        mark_distinct(s, find_person(s, "maria@a.example"), find_person(s, "mgarcia@b.example"))
    assert not _proposed(event_db)


def test_a_shared_mailbox_cannot_name_one_person_on_the_command_line(event_db: Database,
                                                                     tmp_path: Path) -> None:
    from planner.errors import ValidationError

    _import(event_db, tmp_path, [["Hiroshi", "Tanaka", "", "office@sakura.example", "Sakura"],
                                 ["Keiko", "Mori", "", "office@sakura.example", "Sakura"]])
    with event_db.session() as s, pytest.raises(ValidationError, match="2 people use"):
        find_person(s, "office@sakura.example")


# ------------------------------------------------------------------------- registration keys


EVENTBRITE = ["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity",
              "Ticket Type", "Attendee #", "Order Type", "Attendee Status", "Company"]


def _eventbrite(email: str, family: str = "Fraser") -> list[str]:
    return ["1001", "2026-05-01", "Alice", family, email, "1", "Delegate", "5001",
            "Eventbrite Completed", "Attending", "Aldgate"]


def test_a_reimport_matches_by_the_registration_key_first(event_db: Database,
                                                          tmp_path: Path) -> None:
    """The attendee changed their e-mail (and name) in Eventbrite: the Attendee # finds them;
    the new e-mail is kept as an alias."""
    _import(event_db, tmp_path, [_eventbrite("alice@aldgate.example")], "first",
            headers=EVENTBRITE)
    plan = _import(event_db, tmp_path, [_eventbrite("alice.new@aldgate.example", "Fraser-Lee")],
                   "second", headers=EVENTBRITE)
    assert plan.rows[0].action == "update" and "registration key" in plan.rows[0].detail
    assert len(_people(event_db)) == 1
    with event_db.session() as s:
        person = find_person(s, "alice.new@aldgate.example")
        assert [(x.source, x.value) for x in person.external_ids] == [("eventbrite", "5001")]
        assert person.email == "alice@aldgate.example"


def test_tickets_bought_under_the_buyers_details_stay_separate_people(event_db: Database,
                                                                       tmp_path: Path) -> None:
    """An Eventbrite event that collects buyer details only: three tickets of one order carry
    the buyer's name and e-mail, each with its own Attendee #. Three registrations are three
    people (proposed as duplicates for a person to sort out), and a re-import finds each by
    its key instead of folding them."""
    def ticket(number: str) -> list[str]:
        return ["1001", "2026-05-01", "Alice", "Fraser", "alice@aldgate.example", "3",
                "Delegate", number, "Eventbrite Completed", "Attending", "Aldgate"]

    rows = [ticket("5001"), ticket("5002"), ticket("5003")]
    _import(event_db, tmp_path, rows, "first", headers=EVENTBRITE)
    assert len(_people(event_db)) == 3
    plan = _import(event_db, tmp_path, rows, "second", headers=EVENTBRITE)
    assert len(_people(event_db)) == 3
    assert {r.action for r in plan.rows} <= {"update", "skip"}
    with event_db.session() as s:
        assert len(find_duplicate_people(s)) == 3  # each pair of the three
