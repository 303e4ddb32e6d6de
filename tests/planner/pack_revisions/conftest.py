"""The demo mission with two delegates' packs exported: Alice Fraser (on the 10:15 meeting with
Kansai Bio Innovations on the first partnering day) and Ben McAllister (not on it)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from planner.cli import main
from planner.storage.database import Database
from planner.storage.models import Meeting, MeetingAttendee, Organisation, Person

EVENT = "biojapan-2026"
ALICE = "alice.fraser@aldgate-therapeutics-ltd.example"
BEN = "ben.mcallister@aldgate-therapeutics-ltd.example"


def cli(db: Database, *args: str) -> int:
    return main(["--db", db.target, *args])


def export_pack(db: Database, folder: Path, delegate: str, *extra: str) -> Path:
    folder.mkdir(exist_ok=True)
    assert cli(db, "export", "briefing", "--event", EVENT, "--delegate", delegate, "--out",
               str(folder) + "/", *extra) == 0
    return next(p for p in folder.glob("*.pdf") if delegate.split(".")[0].capitalize() in p.name)


def outdated(db: Database, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert cli(db, "packs", "outdated", "--event", EVENT, "--json") == 0
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return rows


def meeting_of(db: Database, email: str, organisation: str) -> str:
    """The UUID of ``email``'s meeting with ``organisation``."""
    with db.session() as s:
        return str(s.scalars(select(Meeting.uuid).join(Organisation, Meeting.counterpart_organisation_id == Organisation.id)
                             .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
                             .join(Person, Person.id == MeetingAttendee.person_id)
                             .where(Person.email == email, Organisation.name == organisation)).one())


def first_page(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def packs(demo_db: Database, tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "packs"
    return {ALICE: export_pack(demo_db, folder, ALICE), BEN: export_pack(demo_db, folder, BEN)}
