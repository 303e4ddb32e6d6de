"""A person's aliases are their personal data: subject access lists them, erasure finds them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.domain.enums import AliasKind
from planner.services.people.identity import add_alias
from planner.services.people.people import add_person, find_person
from planner.services.personal_data.privacy import erase_person
from planner.services.personal_data.subject_access import gather_subject_access
from planner.storage.database import Database
from planner.storage.models import Person, PersonAlias

pytestmark = pytest.mark.engines


def _carol(db: Database) -> None:
    with db.transaction() as s:
        carol = add_person(s, given_name="Carol", family_name="Chen", email="carol@acme.example")
        add_alias(s, carol, AliasKind.EMAIL, "carol.private@mail.example")
        add_alias(s, carol, AliasKind.NAME, given_name="Caroline", family_name="Chen-Wong")
        add_person(s, given_name="Dan", family_name="Brown", email="dan@acme.example",
                   notes="Ask carol.private@mail.example, or Caroline Chen-Wong, about the visit")


def test_subject_access_lists_the_other_emails_and_names(db: Database) -> None:
    _carol(db)
    with db.session() as s:
        data = gather_subject_access(s, "carol@acme.example")
    assert {r["value"] for r in data.tables["person_alias"]} == {
        "carol.private@mail.example", "Caroline Chen-Wong"}
    assert any(m["table"] == "person" and "carol.private" in m["text"] for m in data.mentions)


def test_erasure_scrubs_mentions_of_an_alias_and_removes_the_aliases(db: Database) -> None:
    _carol(db)
    with db.session() as s:
        uuid = find_person(s, "carol@acme.example").uuid
    erase_person(db, uuid)
    with db.session() as s:
        notes = s.scalar(select(Person.notes).where(Person.email == "dan@acme.example")) or ""
        assert "carol.private" not in notes and "Caroline" not in notes
        assert s.scalars(select(PersonAlias)).all() == []
