"""A small plan for hostile values: one event in Tokyo, two of our people and a contact with a
lead; ``Plan.run`` drives the command line, ``Plan.dump`` says whether anything changed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.services.events import add_event
from planner.services.followups import add_lead_with_action
from planner.services.people import add_person
from planner.storage.database import Database

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

    def dump(self) -> list[str]:
        """Every row of every table, as SQL: equal before and after means nothing changed."""
        con = sqlite3.connect(self.db)
        try:
            return list(con.iterdump())
        finally:
            con.close()


def build_plan(path: Path) -> str:
    database = Database.open(path, backup_dir=path.parent / "backups")  # not the user data dir
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
def plan(tmp_path: Path, capsys, _template: tuple[Path, str]) -> Plan:
    """A copy of the plan (built once: migrations are slow) in this test's folder."""
    path = tmp_path / "plan.db"
    shutil.copyfile(_template[0], path)
    return Plan(str(path), _template[1], capsys)
