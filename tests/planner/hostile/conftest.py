"""A small plan for hostile values: one event in Tokyo, two of our people and a contact with a
lead; ``Plan.run`` drives the command line, ``Plan.dump`` says whether anything changed."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.services.events.events import add_event
from planner.services.followup.followups import add_lead_with_action
from planner.services.people.people import add_person
from planner.storage.database import Database
from tests.planner.engines import dump

EVENT = "expo-2026"
ALICE, TARO = "alice@ours.example", "taro@sakura.example"


@dataclass
class Plan:
    db: str
    lead: str
    capsys: Any

    def run(self, *argv: str) -> tuple[int, str, str]:
        code = main(["--db", self.db, *argv])
        out = self.capsys.readouterr()
        return code, out.out, out.err

    def json(self, *argv: str) -> Any:
        code, out, err = self.run(*argv, "--json")
        assert code == 0, err
        return json.loads(out)

    def dump(self) -> dict[str, list[str]]:
        """Every row of every table: equal before and after means nothing changed."""
        return dump(self.db)


def build_plan(path: Path | str) -> str:
    on_server = str(path).startswith("postgresql")
    database = Database.open(path, backup_dir=None if on_server else Path(path).parent / "backups")  # not the user data dir
    try:
        with database.transaction() as s:
            event = add_event(s, code=EVENT, name="Expo 2026", start_date=date(2026, 10, 14),
                              end_date=date(2026, 10, 16), tz="Asia/Tokyo")
            alice = add_person(s, given_name="Alice", family_name="Ours", email=ALICE)
            taro = add_person(s, given_name="Taro", family_name="Sakura", email=TARO)
            lead = add_lead_with_action(s, event, person=taro, owner=alice, value=250_000,
                                        currency="GBP", next_action="Send the brochure",
                                        due_date=date(2026, 11, 1))
            return lead.uuid
    finally:
        database.close()


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("hostile") / "template.db"
    return path, build_plan(path)


@pytest.fixture
def plan(db_target: str, capsys, request: pytest.FixtureRequest) -> Plan:
    """A copy of the plan (built once: migrations are slow) in this test's folder; on a server,
    the plan built in this test's own database."""
    if db_target.startswith("postgresql"):
        return Plan(db_target, build_plan(db_target), capsys)
    template, lead = request.getfixturevalue("_template")
    shutil.copyfile(template, db_target)
    return Plan(db_target, lead, capsys)
