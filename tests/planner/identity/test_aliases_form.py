"""The person form's "Also known as": one e-mail or name per line, kept as aliases."""

from __future__ import annotations

import pytest

from planner.domain.enums import AliasKind
from planner.errors import ValidationError
from planner.services.editing.editing import save_person
from planner.services.editing.forms import person_form
from planner.services.people.people import find_person
from planner.storage.database import Database

pytestmark = pytest.mark.engines


def _save(db: Database, person_id: int | None, aliases: str) -> int:
    with db.transaction() as s:
        return save_person(s, person_id, {"given_name": "Minjun", "family_name": "Kim",
                                          "email": "minjun@hanbio.example", "aliases": aliases})


def test_each_line_becomes_an_alias_of_its_kind(db: Database) -> None:
    pid = _save(db, None, "mj.kim@gmail.example\nMin-jun Kim\n김민준\n\n  ")
    with db.session() as s:
        person = find_person(s, "minjun@hanbio.example")
        assert [(a.kind, a.value) for a in person.aliases] == [
            (AliasKind.EMAIL, "mj.kim@gmail.example"), (AliasKind.NAME, "Min-jun Kim"),
            (AliasKind.NATIVE, "김민준")]
        assert person.aliases[1].given_name == "Min-jun" and person.aliases[1].family_name == "Kim"
        assert person_form(s, pid)["aliases"] == "mj.kim@gmail.example\nMin-jun Kim\n김민준"
        # the alias e-mail names the person on the command line too
        assert find_person(s, "MJ.Kim@gmail.example").id == pid


def test_a_removed_line_removes_the_alias_and_the_own_name_is_not_an_alias(db: Database) -> None:
    pid = _save(db, None, "mj.kim@gmail.example\nMin-jun Kim")
    _save(db, pid, "Minjun Kim\nMin-jun Kim")
    with db.session() as s:
        person = find_person(s, "minjun@hanbio.example")
        assert [a.value for a in person.aliases] == ["Min-jun Kim"]


def test_a_bad_email_line_is_refused_and_nothing_changes(db: Database) -> None:
    pid = _save(db, None, "Min-jun Kim")
    with pytest.raises(ValidationError, match="Line 2"):
        _save(db, pid, "Min-jun Kim\nmj.kim@@gmail")
    with db.session() as s:
        assert [a.value for a in find_person(s, "minjun@hanbio.example").aliases] == ["Min-jun Kim"]
