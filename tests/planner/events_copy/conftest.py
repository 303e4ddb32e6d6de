"""A small past mission built through the services (as `planner events add`, `venues add`,
`rooms add`, `travel set` and the delegation forms make it), and next year's empty event.

Past: Expo 2026 in Tokyo. Delegation "UK Delegation to Expo 2026" with a lead organisation and
a member; three delegates (lead, delegate with needs, arrival and hotel, speaker); one event
contact; venues Pacifico Yokohama (partnering, two tables with capacities, hours) and COEX in
Asia/Seoul, 50 travel minutes both ways; one meeting and one lead. Next year: Expo 2027,
deliberately in Asia/Seoul, so a venue that kept the event's zone would show it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest

from planner.domain.enums import DelegateRole, DelegationOrgRole
from planner.services.events.delegations import (
    add_delegate,
    add_delegation,
    add_delegation_organisation,
    add_event_contact,
)
from planner.services.events.events import add_event
from planner.services.events.places import add_room, add_venue, set_travel_minutes
from planner.services.followup.followups import add_lead
from planner.services.people.people import add_organisation, add_person
from planner.services.schedule.meetings import add_meeting
from planner.storage.database import Database

PAST, NEXT = "expo-2026", "expo-2027"
LEAD, DELEGATE, SPEAKER = "lena@cluster.example", "dev@acme.example", "sam@acme.example"
CONTACT = "kenji@organiser.example"


def build_past_mission(path: Path | str) -> None:
    db = Database.open(path)
    try:
        with db.transaction() as s:
            event = add_event(s, code=PAST, name="Expo 2026", start_date=date(2026, 10, 14),
                              end_date=date(2026, 10, 16), tz="Asia/Tokyo")
            add_event(s, code=NEXT, name="Expo 2027", start_date=date(2027, 10, 13),
                      end_date=date(2027, 10, 15), tz="Asia/Seoul")
            cluster = add_organisation(s, name="Thames Cluster")
            acme = add_organisation(s, name="Acme Bio Ltd")
            organiser = add_organisation(s, name="Expo Organiser KK")
            delegation = add_delegation(s, event, name="UK Delegation to Expo 2026", funder="Grant 2026",
                                        shared_hotel="Bayside Hotel")
            add_delegation_organisation(s, delegation, cluster, DelegationOrgRole.LEAD)
            add_delegation_organisation(s, delegation, acme, DelegationOrgRole.MEMBER)
            lena = add_person(s, given_name="Lena", family_name="Lead", email=LEAD, organisation=cluster)
            dev = add_person(s, given_name="Dev", family_name="Delegate", email=DELEGATE, organisation=acme)
            sam = add_person(s, given_name="Sam", family_name="Speaker", email=SPEAKER, organisation=acme)
            kenji = add_person(s, given_name="Kenji", family_name="Sato", email=CONTACT, organisation=organiser)
            add_delegate(s, delegation, lena, DelegateRole.LEAD)
            add_delegate(s, delegation, dev, DelegateRole.DELEGATE, dietary="Halal", access_needs="Step-free",
                         arrival=datetime(2026, 10, 13, 15, 0), departure=datetime(2026, 10, 17, 11, 0),
                         arrival_flight="BA5", hotel="Bayside Hotel", interpreter_language="ja",
                         emergency_contact="Partner +44 7700 900000", notes="2026 only")
            add_delegate(s, delegation, sam, DelegateRole.SPEAKER)
            add_event_contact(s, event, kenji, "organiser")
            pacifico = add_venue(s, event, name="Pacifico Yokohama", address="1-1-1 Minatomirai",
                                 city="Yokohama", opens=time(9, 0), closes=time(18, 0), phone="+81 45 000",
                                 partnering=True)
            t1 = add_room(s, pacifico, name="Table 1", capacity=4)
            add_room(s, pacifico, name="Main stage", kind="stage", capacity=300)
            coex = add_venue(s, event, name="COEX", tz="Asia/Seoul", city="Seoul")
            set_travel_minutes(s, pacifico, coex, 50)
            add_meeting(s, event, start_local=datetime(2026, 10, 14, 10, 0), end_local=datetime(2026, 10, 14, 10, 30),
                        ours=[dev], counterparts=[kenji], room=t1, status="confirmed")
            add_lead(s, event, person=kenji, owner=dev, title="Distribution in Japan")
    finally:
        db.close()


@pytest.fixture(scope="session")
def past_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once (migrations take most of the time), copied for each test."""
    path = tmp_path_factory.mktemp("events_copy") / "past.db"
    build_past_mission(path)
    return path


@pytest.fixture
def past_path(db_target: str, request: pytest.FixtureRequest) -> Path | str:
    """The past mission: a copy of the template file, or built afresh in a server database."""
    if db_target.startswith("postgresql"):
        build_past_mission(db_target)
        return db_target
    shutil.copyfile(request.getfixturevalue("past_template"), db_target)
    return Path(db_target)


@pytest.fixture
def past_db(past_path: Path) -> Iterator[Database]:
    db = Database.open(past_path)
    yield db
    db.close()
