"""What the import preview proposes for merging (planner/imports/people/plan.py), issue 21.

A row that is nobody already in the plan is added, with the people it may be proposed, best first,
each named and with the reason; a spelling variant with another e-mail is still worth proposing;
the owner of a shared mailbox is not proposed, but other look-alikes still are; and a merge the
user chose with someone deleted since is not a failure: the row is added."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from planner.imports.plan import ImportOptions, ImportPlan
from planner.imports.service import apply_import, plan_import
from planner.services.editing.removal import remove_records
from planner.storage.database import Database
from planner.storage.models import Person
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines


def _path(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(db: Database, tmp_path: Path, text: str, name: str) -> ImportPlan:
    with db.transaction() as s:
        return apply_import(s, _path(tmp_path, text, name), "people", EVENT)


def _preview(db: Database, tmp_path: Path, text: str, name: str) -> ImportPlan:
    with db.session() as s:
        return plan_import(s, _path(tmp_path, text, name), "people", EVENT)


HEAD = "Given name,Family name,Email,Organisation\n"


def test_look_alikes_are_proposed_best_first_each_named_with_the_reason(
        db: Database, tmp_path: Path) -> None:
    """Jonathan Smyth of Acme, no e-mail, is none of the plan's three Smyths for sure: all three
    are proposed, the accented spelling at Acme first, then the initial at Acme, then the same
    name at another company."""
    make_event(db)
    _import(db, tmp_path, HEAD + "Jonathan,Smyth,,Kaede Bio\n"
                                 "J,Smyth,j@acme.example,Acme\n"
                                 "Jónathan,Smyth,jo@acme.example,Acme\n", "a.csv")
    plan = _preview(db, tmp_path, HEAD + "Jonathan,Smyth,,Acme\n", "b.csv")
    [row] = plan.rows
    assert row.action == "add" and plan.proposals == [row]
    assert [(c.label, c.score, c.reason) for c in row.candidates] == [
        ("Jónathan Smyth <jo@acme.example>", 85,
         "the same name spelt differently (hyphens, spaces, order or accents); same organisation"),
        ("J Smyth <j@acme.example>", 75,
         "the same family name and a matching initial; same organisation"),
        ("Jonathan Smyth", 65, "same name; different organisation"),
    ]


def test_a_spelling_variant_with_another_email_is_still_proposed(db: Database,
                                                                   tmp_path: Path) -> None:
    """Mary-Ann Lee and Maryann Lee with two addresses: just likely enough (60 of 100) to ask."""
    make_event(db)
    _import(db, tmp_path, HEAD + "Mary-Ann,Lee,mary@a.example,\n", "a.csv")
    plan = _preview(db, tmp_path, HEAD + "Maryann,Lee,maryann@b.example,\n", "b.csv")
    [row] = plan.rows
    assert row.action == "add"
    assert [(c.label, c.score) for c in row.candidates] == [("Mary-Ann Lee <mary@a.example>", 60)]


def test_the_owner_of_a_shared_mailbox_is_not_proposed_but_other_look_alikes_are(
        db: Database, tmp_path: Path) -> None:
    """office@ is 李伟's (Wei Li); a row for 魏丽, also Wei Li, writes from it: a separate person.
    李伟 is not proposed (different names in native script), the other Wei Li in the plan is."""
    make_event(db)
    head = "Given name,Family name,Native name,Email\n"
    _import(db, tmp_path, head + "Wei,Li,李伟,office@bio.example\n", "a.csv")
    _import(db, tmp_path, head + "Wei,Li,,wei.li@uni.example\n", "b.csv")
    plan = _preview(db, tmp_path, head + "Wei,Li,魏丽,office@bio.example\n", "c.csv")
    [row] = plan.rows
    assert row.action == "add" and "shared mailbox" in row.detail
    assert [c.label for c in row.candidates] == ["Wei Li <wei.li@uni.example>"]


def test_a_merge_chosen_with_someone_deleted_since_adds_the_row(db: Database,
                                                                tmp_path: Path) -> None:
    """The preview proposed Jonathan Smyth and the user chose him; before the import ran he was
    deleted. The row is added as a new person, not refused."""
    make_event(db)
    _import(db, tmp_path, HEAD + "Jonathan,Smyth,jon@work.example,Acme\n", "a.csv")
    text = HEAD + "Jonathon,Smyth,jon@home.example,Acme\n"
    [row] = _preview(db, tmp_path, text, "b.csv").rows
    [chosen] = row.candidates
    with db.transaction() as s:
        remove_records(s, "person", [s.scalars(select(Person.id)).one()])
    with db.transaction() as s:
        plan = apply_import(s, _path(tmp_path, text, "b.csv"), "people", EVENT,
                            ImportOptions(merge_into={2: chosen.uuid}))
    assert [(r.action, r.target) for r in plan.rows] == [("add", None)]
    with db.session() as s:
        assert s.scalars(select(Person.given_name)).all() == ["Jonathon"]


def test_a_merge_chosen_in_the_preview_is_done_and_says_so(db: Database, tmp_path: Path) -> None:
    """The user chose Jonathan Smyth for the Jonathon Smyth row: one person, still Jonathan, the
    row saying it was merged as chosen."""
    make_event(db)
    _import(db, tmp_path, HEAD + "Jonathan,Smyth,jon@work.example,Acme\n", "a.csv")
    text = HEAD + "Jonathon,Smyth,jon@home.example,Acme\n"
    [chosen] = _preview(db, tmp_path, text, "b.csv").rows[0].candidates
    with db.transaction() as s:
        plan = apply_import(s, _path(tmp_path, text, "b.csv"), "people", EVENT,
                            ImportOptions(merge_into={2: chosen.uuid}))
    assert [(r.action, r.target, r.detail) for r in plan.rows] == [
        ("merge", chosen.uuid, "merged as chosen in the preview")]
    with db.session() as s:
        assert s.execute(select(Person.given_name, Person.email)).all() == [
            ("Jonathan", "jon@work.example")]
