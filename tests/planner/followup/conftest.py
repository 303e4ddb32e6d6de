"""A small mission with leads, including hostile text and a person without lead-sharing consent.

On SQLite the mission is built once per test session, through the services, into a file of its own;
each test gets a byte copy of it (building it takes about half a second, copying it a hundredth).
It is built once per session, not per process, so that a mutation run's session builds it with the
mutant in place, as the test's own code runs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from planner.domain.enums import ActionStatus, LeadStage
from planner.services.events.delegations import add_delegate, add_delegation
from planner.services.events.events import add_event
from planner.services.followup.followups import add_follow_up, add_lead
from planner.services.people.people import add_organisation, add_person
from planner.storage.database import Database
from tests.helpers.template_db import copy_of_template

HOSTILE_NAME = '=HYPERLINK("http://x","y")'


def _build_mission(s: Session) -> None:
    event = add_event(s, code="mission", name="Test mission", start_date=date(2026, 10, 13),
                      end_date=date(2026, 10, 16), tz="Asia/Tokyo")
    delegation = add_delegation(s, event, name="UK delegation")
    ours = add_organisation(s, name="Lune Microbiome Ltd", country="GB")
    alice = add_person(s, given_name="Alice", family_name="Owner", email="alice@lune.example",
                       organisation=ours)
    bob = add_person(s, given_name="Bob", family_name="Owner", email="bob@lune.example", organisation=ours)
    for p in (alice, bob):
        add_delegate(s, delegation, p)
    kansai = add_organisation(s, name="Kansai Bio <Innovations> & Co", country="JP")
    sato = add_person(s, given_name="Kenichi", family_name="Sato", email="sato@kansai.example",
                      organisation=kansai, lead_sharing_consent=True)
    evil = add_person(s, given_name=HOSTILE_NAME, family_name="-1+2", email="evil@x.example",
                      organisation=kansai, lead_sharing_consent=True)
    secret = add_person(s, given_name="Private", family_name="Person", email="private@x.example",
                        organisation=kansai, lead_sharing_consent=False)
    lead1 = add_lead(s, event, person=sato, owner=alice, stage=LeadStage.QUALIFIED, value=50_000,
                     currency="GBP", notes="Met at booth\nfollow up", member_organisation=ours)
    add_follow_up(s, lead1, description="Send NDA", due_date=date(2026, 11, 2))
    add_follow_up(s, lead1, description="Call back", due_date=date(2026, 12, 1))
    lead2 = add_lead(s, event, person=evil, owner=bob, stage=LeadStage.NEW, notes="@risk\x01")
    add_follow_up(s, lead2, description="+check", due_date=date(2026, 10, 20),
                  status=ActionStatus.IN_PROGRESS)
    add_lead(s, event, person=secret, owner=alice, stage=LeadStage.PROPOSAL)
    add_lead(s, event, person=None, organisation=kansai, stage=LeadStage.NEW)
    lead2.notes = "@risk\x01 legacy text with a control character"  # as if from an old import


_LEADS_FILE = pytest.StashKey[Path]()


def _leads_file(request: pytest.FixtureRequest) -> Path:
    """The mission built in this test session (kept in the session's stash, so not shared with a
    session of another run in this process, nor with a forked one)."""
    path = request.session.stash.get(_LEADS_FILE, None)
    if path is not None and path.exists():
        return path
    factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
    path = copy_of_template(factory.mktemp("leads") / "plan.db")
    db = Database.open(path)
    try:
        with db.transaction() as s:
            _build_mission(s)
    finally:
        db.close()
    leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-")]
    assert not leftovers, f"the mission is not whole in one file: {leftovers}"
    request.session.stash[_LEADS_FILE] = path
    return path


@pytest.fixture
def leads_db(request: pytest.FixtureRequest, db_target: str) -> Iterator[Database]:
    if "://" in db_target:  # PostgreSQL: a fresh database of this test's own, built in place
        db = Database.open(db_target)
        with db.transaction() as s:
            _build_mission(s)
    else:
        shutil.copyfile(_leads_file(request), db_target)
        db = Database.open(db_target)
    yield db
    db.close()
