"""A file written by an older release opens, migrates to the head and keeps every row.

The fixture ``tests/fixtures/releases/schema-0005.db`` was made by ``make_schema_0005.py`` beside
it (this repository's migrations up to 0005, then a small plan inserted with SQL for the 0005
columns). The tests run against whatever the head is: a new migration must carry this file too.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.cli import main as cli_main
from planner.storage import migrate
from planner.storage import models as m
from planner.storage.database import Database

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "releases" / "schema-0005.db"
TABLES = ("event", "organisation", "person", "delegation", "delegate", "venue", "room", "meeting",
          "meeting_attendee", "slot", "slot_person", "event_contact", "lead", "follow_up")


def counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}
    finally:
        con.close()


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "medica-2025.db"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_is_at_revision_0005_with_rows() -> None:
    assert migrate.current_revision(FIXTURE) == "0005"
    assert all(n > 0 for n in counts(FIXTURE).values())


def test_opening_migrates_to_head_after_a_backup_and_keeps_every_row(old_file: Path, tmp_path: Path) -> None:
    before = counts(old_file)
    db = Database.open(old_file, backup_dir=tmp_path / "backups")
    try:
        assert (db.report.migrated_from, db.report.migrated_to) == ("0005", migrate.head_revision())
        assert [b.name for b in db.report.backups] and all(b.exists() for b in db.report.backups)
        assert db.verify() == []
    finally:
        db.close()
    assert migrate.current_revision(old_file) == migrate.head_revision()
    assert counts(old_file) == before
    # the backup taken before the upgrade is the old file, still at 0005
    (backup,) = (tmp_path / "backups").glob("*pre-0005*")
    assert migrate.current_revision(backup) == "0005"


def test_the_migrated_plan_reads_through_the_current_models(old_file: Path, tmp_path: Path) -> None:
    db = Database.open(old_file, backup_dir=tmp_path / "backups")
    try:
        with db.session() as session:
            event = session.scalars(select(m.Event).where(m.Event.code == "medica-2025")).one()
            assert (event.tz, event.city) == ("Europe/Berlin", "Düsseldorf")
            yamada = session.scalars(select(m.Person).where(m.Person.email_key == "taro.yamada@sakura-medical.example")).one()
            assert yamada.native_name == "山田 太郎"
            lead = session.scalars(select(m.Lead)).one()
            assert (lead.value, lead.currency, lead.person_id) == (250000, "EUR", yamada.id)
            follow_up = session.scalars(select(m.FollowUp)).one()
            assert str(follow_up.due_date) == "2025-12-01"
            for model in (m.Delegate, m.Venue, m.Room, m.Meeting, m.Slot, m.Organisation):
                assert session.scalars(select(model)).all()  # every column of the head maps
    finally:
        db.close()


def test_the_command_line_lists_its_meetings_in_their_own_zone(old_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--db", str(old_file), "meetings", "list", "--event", "medica-2025", "--json"]) == 0
    meetings = json.loads(capsys.readouterr().out)
    assert sorted((x["start"], x["end"]) for x in meetings) == [
        ("2025-11-17T10:00:00+01:00", "2025-11-17T10:30:00+01:00"),
        ("2025-11-18T14:00:00+01:00", "2025-11-18T14:45:00+01:00")]
    first = min(meetings, key=lambda x: x["start"])
    assert first["our_attendees"] == ["priya.shah@thames-medtech.example"]
    assert first["counterparts"] == ["taro.yamada@sakura-medical.example"]
