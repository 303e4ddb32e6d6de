"""People import rules that hold on the paths a plain import seldom takes, issue 21.

When the stored name keys cannot be trusted (a batch migration that rebuilt ``person`` dropped
SQLite's triggers) the matcher reads everyone: the links to the event still follow the same rules.
And the defaults of the row checker and matcher: a row without a role is an event contact; the
keys of a registration system nobody named are not kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.domain.enums import DelegateRole
from planner.imports.errors import ErrorLog
from planner.imports.people import name_keys
from planner.imports.people.plan import match_people
from planner.imports.people.rows import PersonRecord, check_person_row
from planner.imports.presets import MappedRow, Mapping
from planner.imports.service import apply_import
from planner.services.events.events import get_event
from planner.storage.database import Database
from planner.storage.models import Delegate, EventContact
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines

HEAD = "Given name,Family name,Email,Role\n"
MAPPING = Mapping(kind="people", preset="generic",
                  fields={"given_name": ("Given name",), "family_name": ("Family name",),
                          "email": ("Email",), "external_id": ("External ID",)})


def _import(db: Database, tmp_path: Path, body: str, name: str) -> list[str]:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    with db.transaction() as s:
        return [r.action for r in apply_import(s, path, "people", EVENT).rows]


def _counts(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(Delegate)) or 0,
                s.scalar(select(func.count()).select_from(EventContact)) or 0)


@pytest.mark.sqlite_only("a batch migration rebuilding person drops SQLite's triggers")
def test_with_untrusted_name_keys_a_delegate_is_still_not_also_made_a_contact(
        db: Database, tmp_path: Path) -> None:
    make_event(db)
    _import(db, tmp_path, "Ann,Lee,ann@sakura.example,delegate\n", "a.csv")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TRIGGER {name_keys.trigger_names('sqlite')[0]}")
    with db.session() as s:
        assert not name_keys.is_sound(s.connection())
    assert _import(db, tmp_path, "Ann,Lee,ann@sakura.example,\n", "b.csv") == ["skip"]
    assert _counts(db) == (1, 0)


def _record(values: dict[str, str], line: int = 2) -> PersonRecord | None:
    return check_person_row(MappedRow(line, values), MAPPING, ErrorLog())


def test_a_row_without_a_role_is_an_event_contact_by_default() -> None:
    record = _record({"given_name": "Ann", "family_name": "Lee", "email": "ann@x.example"})
    assert record is not None and record.role is None
    named = _record({"given_name": "Ann", "family_name": "Lee", "role": "Speaker"})
    assert named is not None and named.role is DelegateRole.SPEAKER


def test_registration_keys_of_an_unnamed_source_are_not_kept(db: Database) -> None:
    """Without the registration system's name, "1001" could be anyone's number: not stored."""
    make_event(db)
    record = _record({"given_name": "Ann", "family_name": "Lee", "email": "ann@x.example",
                      "external_id": "1001"})
    assert record is not None and record.external_id == "1001"
    with db.session() as s:
        event = get_event(s, EVENT)
        unnamed = match_people(s, event.id, [record])
        named = match_people(s, event.id, [record], source="generic")
    assert [w.external_ids for w in unnamed.writes] == [set()]
    assert unnamed.source == ""
    assert [w.external_ids for w in named.writes] == [{"1001"}]
