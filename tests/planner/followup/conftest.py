"""A small mission with leads, including hostile text and a person without lead-sharing consent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from planner.domain.enums import ActionStatus, LeadStage
from planner.services.events.delegations import add_delegate, add_delegation
from planner.services.events.events import add_event
from planner.services.followup.followups import add_follow_up, add_lead
from planner.services.people.people import add_organisation, add_person
from planner.storage.database import Database

HOSTILE_NAME = '=HYPERLINK("http://x","y")'


@pytest.fixture
def leads_db(db_target: str) -> Iterator[Database]:
    db = Database.open(db_target)
    with db.transaction() as s:
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
    yield db
    db.close()
