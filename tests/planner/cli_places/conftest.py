"""A small plan for the places commands: one event in Tokyo, a partnering venue with two tables,
two meetings at the same time at different tables, and the people in them."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.services.events.events import add_event
from planner.services.events.places import add_room, add_venue
from planner.services.people.people import add_person
from planner.services.schedule.meetings import add_meeting
from planner.storage.database import Database

EVENT = "expo-2026"
ALICE, BOB, CAROL = "alice@ours.example", "bob@ours.example", "carol@ours.example"
TARO, MINJI = "taro@sakura.example", "minji@hanbit.example"


@dataclass
class Plan:
    db: str
    first: str  # meeting at Table 1, 10:00–10:30, Alice with Taro
    second: str  # meeting at Table 2, 10:00–10:30, Bob with Minji
    capsys: Any

    def run(self, *argv: str) -> tuple[int, str, str]:
        code = main(["--db", self.db, *argv])
        out = self.capsys.readouterr()
        return code, out.out, out.err

    def json(self, *argv: str) -> Any:
        code, out, err = self.run(*argv, "--json")
        assert code in (0, 1), err
        return json.loads(out)

    def meetings(self) -> dict[str, dict[str, Any]]:
        return {m["id"]: m for m in self.json("meetings", "list", "--event", EVENT)}

    def venues(self) -> dict[str, dict[str, Any]]:
        return {v["name"]: v for v in self.json("venues", "list", "--event", EVENT)}

    def snapshot(self) -> tuple[Any, ...]:
        """Everything the places commands can change, as the CLI lists it."""
        return (self.json("meetings", "list", "--event", EVENT),
                self.json("venues", "list", "--event", EVENT),
                self.json("events", "list"))


def build_plan(path: Path | str) -> tuple[str, str]:
    database = Database.open(path)
    try:
        with database.transaction() as s:
            event = add_event(s, code=EVENT, name="Expo 2026", start_date=date(2026, 10, 14),
                              end_date=date(2026, 10, 16), tz="Asia/Tokyo")
            people = {e: add_person(s, given_name=e.split("@")[0].title(), family_name="Example", email=e)
                      for e in (ALICE, BOB, CAROL, TARO, MINJI)}
            hall = add_venue(s, event, name="Pacifico Yokohama", partnering=True)
            t1 = add_room(s, hall, name="Table 1")
            t2 = add_room(s, hall, name="Table 2")
            add_venue(s, event, name="Bayside Hotel")
            start, end = datetime(2026, 10, 14, 10, 0), datetime(2026, 10, 14, 10, 30)
            first = add_meeting(s, event, start_local=start, end_local=end, ours=[people[ALICE]],
                                counterparts=[people[TARO]], room=t1, status="confirmed")
            second = add_meeting(s, event, start_local=start, end_local=end, ours=[people[BOB]],
                                 counterparts=[people[MINJI]], room=t2, status="confirmed")
            return first.uuid, second.uuid
    finally:
        database.close()


@pytest.fixture(scope="session")
def plan_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """Built once (migrations take most of the time), copied for each test."""
    path = tmp_path_factory.mktemp("template") / "plan.db"
    first, second = build_plan(path)
    return path, first, second


@pytest.fixture
def plan(db_target: str, capsys, request: pytest.FixtureRequest) -> Plan:
    """A file copied from the template, or on a server the plan built in a fresh database."""
    if db_target.startswith("postgresql"):
        first, second = build_plan(db_target)
        return Plan(db_target, first, second, capsys)
    template, first, second = request.getfixturevalue("plan_template")
    shutil.copyfile(template, db_target)
    return Plan(db_target, first, second, capsys)
