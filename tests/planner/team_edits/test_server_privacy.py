"""The right to erasure and retention hold on a team server as on a file.

The same services erase and anonymise on both engines; a server has no file bytes to scan or
backups of ours, so there the report says what the server keeps (its own backups and log) and
old row versions are reclaimed by VACUUM of the tables the role owns.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from planner.services.personal_data import privacy
from planner.services.personal_data.retention import anonymise_event
from planner.services.personal_data.text_match import Matcher, find_text
from planner.storage.database import Database
from planner.storage.models import Person
from tests.planner.safety.conftest import EMAIL, NAME_FAMILY, NATIVE, PHONE, plant_person

pytestmark = pytest.mark.engines


def _anywhere(db: Database, *needles: str) -> list[str]:
    with db.session() as s:
        return sorted({f"{t.name}.{c.name}" for t, c, _k, _v in
                       find_text(s.connection(), Matcher(list(needles)))})


def test_an_erased_person_is_gone_from_every_table_and_text(demo_db: Database, tmp_path) -> None:
    planted = plant_person(demo_db, tmp_path)
    assert _anywhere(demo_db, EMAIL, NAME_FAMILY)  # there before, in several tables

    report = privacy.erase_person(demo_db, EMAIL)

    assert report.residue == []
    assert _anywhere(demo_db, EMAIL, NAME_FAMILY, NATIVE, PHONE) == []
    with demo_db.session() as s:
        assert s.get(Person, planted.person_id) is None
    if demo_db.is_server:
        assert report.backups_before == []
        assert report.vacuumed  # the test role owns the tables: dead row versions reclaimed
        assert "pg_dump" in report.server_note
    else:
        assert report.server_note == ""


def test_retention_anonymises_an_events_people_on_both_engines(demo_db: Database, tmp_path) -> None:
    plant_person(demo_db, tmp_path)
    report = anonymise_event(demo_db, "biojapan-2026", force=True)
    assert report.anonymised > 0 and report.residue == []
    assert _anywhere(demo_db, EMAIL, NAME_FAMILY) == []
    with demo_db.session() as s:
        left = s.scalar(select(func.count()).select_from(Person)
                        .where(Person.family_name == NAME_FAMILY))
    assert left == 0
