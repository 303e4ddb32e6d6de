"""A team server and laptops for the sync tests: each laptop a file of its own, all syncing with
one fresh PostgreSQL database (PLANNER_TEST_PG_URL; CI runs them)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from planner.services.events.events import add_event
from planner.services.people.people import add_organisation, add_person
from planner.services.schedule.meetings import add_meeting
from planner.storage.database import Database
from planner.storage.models import Event, Meeting, Person
from planner.sync import tables
from planner.sync.run import sync


class Team:
    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.folder = folder
        self.laptops: dict[str, Database] = {}

    def laptop(self, name: str) -> Database:
        if name not in self.laptops:
            self.laptops[name] = Database.open(self.folder / f"{name}.mdk")
        return self.laptops[name]

    def sync(self, *names: str) -> list[Any]:
        return [sync(self.laptop(n), self.url) for n in names]

    def close(self) -> None:
        for db in self.laptops.values():
            db.close()


@pytest.fixture
def team(pg_server: Any, tmp_path: Path) -> Iterator[Team]:
    name, url = pg_server.fresh()
    crew = Team(url, tmp_path)
    yield crew
    crew.close()
    pg_server.drop(name)


def start_mission(db: Database) -> None:
    """What a user sets up first: the event, two organisations, three people, one meeting."""
    with db.transaction() as s:
        event = add_event(s, code="BJ26", name="BioJapan 2026", start_date=date(2026, 10, 14),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        ours = add_organisation(s, name="Cambridge Bio Cluster", country="GB")
        theirs = add_organisation(s, name="Kyoto Biotech", country="JP")
        anna = add_person(s, given_name="Anna", family_name="Reed", email="anna@cbc.example",
                          organisation_id=ours.id)
        add_person(s, given_name="Tom", family_name="Hale", email="tom@cbc.example",
                   organisation_id=ours.id)
        kenji = add_person(s, given_name="Kenji", family_name="Sato", email="k.sato@kyoto.example",
                           organisation_id=theirs.id)
        add_meeting(s, event, start_local=datetime(2026, 10, 14, 10), end_local=datetime(2026, 10, 14, 10, 30),
                    ours=[anna], counterparts=[kenji], counterpart_organisation=theirs,
                    objective="Licensing talk")


def person(session: Any, email: str) -> Person:
    return session.scalars(sa.select(Person).where(Person.email == email)).one()


def meeting(session: Any) -> Meeting:
    return session.scalars(sa.select(Meeting).order_by(Meeting.id)).first()


def event(session: Any) -> Event:
    return session.scalars(sa.select(Event)).one()


def snapshot(target: Database) -> dict[str, dict[str, dict[str, Any]]]:
    """Every synced record by table and uuid, as it travels (ids and versions left out)."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    with target.engine.connect() as conn:
        for tbl in tables.synced_tables():
            names = tables.fields(tbl)
            rows = conn.execute(tables.wire_select(tbl)).mappings()
            out[tbl.name] = {r["uuid"]: tables.wire_row(r, names) for r in rows}
    return out


def server(team: Team) -> Database:
    return Database.open(team.url)
