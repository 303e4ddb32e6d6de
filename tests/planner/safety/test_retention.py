"""F2: retention periods, overdue events and "anonymise now"."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from planner.cli import main
from planner.errors import ValidationError
from planner.services.events.delegations import add_delegate, add_event_contact, event_delegation
from planner.services.events.events import add_event, get_event
from planner.services.people.people import find_person
from planner.services.personal_data.retention import anonymise_event, overdue_events
from planner.storage.database import Database
from planner.storage.models import Delegate, Person
from tests.planner.safety.conftest import EMAIL, NAME_FAMILY, Planted
from tests.planner.storage.helpers import files_containing

LATER = date(2029, 1, 1)  # demo: ends 16 Oct 2026, kept 730 days


def test_overdue_events_are_listed(demo_db: Database) -> None:
    with demo_db.session() as s:
        assert overdue_events(s, today=date(2027, 1, 1)) == []
        rows = overdue_events(s, today=LATER)
    assert [r.code for r in rows] == ["biojapan-2026"]
    assert rows[0].due == date(2026, 10, 16) + timedelta(days=731) and rows[0].people > 10


def test_anonymise_keeps_people_of_current_events_and_clears_special_fields(
        demo_db: Database, planted: Planted) -> None:
    with demo_db.transaction() as s:
        later = add_event(s, code="bio-2028", name="BIO 2028", start_date=date(2028, 6, 1),
                          end_date=date(2028, 6, 4), tz="America/New_York")
        later.retention_days = 730
        kept = s.scalars(select(Person).where(Person.email != "", Person.email != EMAIL)
                         .order_by(Person.id)).first()
        assert kept is not None
        kept_email = kept.email
        add_event_contact(s, later, kept)
        add_delegate(s, event_delegation(s, later, create=True), kept, dietary="Halal")
    with pytest.raises(ValidationError, match="not overdue"):
        anonymise_event(demo_db, "biojapan-2026", today=date(2027, 1, 1))
    report = anonymise_event(demo_db, "biojapan-2026", today=LATER)
    assert report.anonymised > 10 and report.kept == 1 and report.residue == []
    with demo_db.session() as s:
        gone = s.get(Person, planted.person_id)
        assert gone is not None and gone.family_name == f"Deleted #{planted.person_id}"
        assert gone.email == "" and gone.given_name == "" and gone.native_name == ""
        assert find_person(s, kept_email).given_name  # still there, named
        event = get_event(s, "biojapan-2026")
        assert event.anonymised_at == LATER
        demo_rows = s.scalars(select(Delegate).join(Delegate.delegation).where(
            Delegate.delegation.has(event_id=event.id))).all()
        assert demo_rows and all(d.dietary == "" and d.access_needs == "" for d in demo_rows)
        other = s.scalars(select(Delegate).where(Delegate.person_id == kept.id,
                                                  Delegate.dietary == "Halal")).all()
        assert len(other) == 1  # the later event's record is untouched
        assert overdue_events(s, today=LATER) == []
    assert files_containing(demo_db.path, EMAIL) == [] and files_containing(demo_db.path, NAME_FAMILY) == []
    assert files_containing(demo_db.path, "Vegan, nut allergy") == []


def test_retention_from_the_command_line(demo_db: Database, capsys) -> None:
    path = demo_db.path
    with demo_db.transaction() as s:
        get_event(s, "biojapan-2026").retention_days = 1
    demo_db.close()
    assert main(["--db", str(path), "retention", "list", "--json"]) == 0
    assert [r["code"] for r in json.loads(capsys.readouterr().out)] == ["biojapan-2026"]
    assert main(["--db", str(path), "retention", "anonymise", "--event", "biojapan-2026", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["anonymised"] > 10
    assert main(["--db", str(path), "retention", "anonymise", "--event", "biojapan-2026"]) == 2
    assert "already anonymised" in capsys.readouterr().err
