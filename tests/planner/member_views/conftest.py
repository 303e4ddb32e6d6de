"""A mission whose delegation has three member organisations: Lune (two leads, one of them with a
person who did not consent to lead sharing), Tyne (one lead) and Pimlico (no leads yet), plus a
lead won for no member organisation. Follow-ups fall either side of AS_OF."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from planner.cli import main
from planner.domain.enums import ActionStatus, LeadStage
from planner.services.events.delegations import (
    add_delegate,
    add_delegation,
    add_delegation_organisation,
)
from planner.services.events.events import add_event
from planner.services.followup.followups import add_follow_up, add_lead
from planner.services.people.people import add_organisation, add_person
from planner.storage.database import Database

EVENT = "mission"
AS_OF = date(2026, 11, 11)
LUNE, TYNE, PIMLICO = "Lune Microbiome Ltd", "Tyne Materials Ltd", "Pimlico Neuro Ltd"


@pytest.fixture
def members_db(db_target: str) -> str:
    """The mission's ``--db`` target (a file, or a server database on the PostgreSQL run)."""
    path = db_target
    db = Database.open(path)
    with db.transaction() as s:
        event = add_event(s, code=EVENT, name="Test mission", start_date=date(2026, 10, 13),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        delegation = add_delegation(s, event, name="UK delegation")
        lune, tyne, pimlico = (add_organisation(s, name=n, country="GB") for n in (LUNE, TYNE, PIMLICO))
        for org in (lune, tyne, pimlico):
            add_delegation_organisation(s, delegation, org)
        alice = add_person(s, given_name="Alice", family_name="Lune", email="alice@lune.example", organisation=lune)
        tom = add_person(s, given_name="Tom", family_name="Tyne", email="tom@tyne.example", organisation=tyne)
        for p in (alice, tom):
            add_delegate(s, delegation, p)
        kansai = add_organisation(s, name="Kansai Bio", country="JP")
        sato = add_person(s, given_name="Kenichi", family_name="Sato", email="sato@kansai.example",
                          organisation=kansai, lead_sharing_consent=True)
        ito = add_person(s, given_name="Yui", family_name="Ito", email="ito@kansai.example",
                         organisation=kansai, lead_sharing_consent=False)
        kim = add_person(s, given_name="Min-ji", family_name="Kim", email="kim@hanbit.example",
                         lead_sharing_consent=True)
        park = add_person(s, given_name="Ji-woo", family_name="Park", email="park@seoul.example",
                          lead_sharing_consent=True)
        l1 = add_lead(s, event, person=sato, owner=alice, stage=LeadStage.QUALIFIED, title="Sato licensing",
                      member_organisation=lune)
        add_follow_up(s, l1, description="Send NDA", due_date=date(2026, 11, 2), owner=alice)  # overdue
        add_follow_up(s, l1, description="Call back", due_date=date(2026, 12, 1), owner=alice)  # later
        l2 = add_lead(s, event, person=ito, owner=alice, stage=LeadStage.NEW, title="Ito distribution",
                      member_organisation=lune)
        add_follow_up(s, l2, description="Thank-you letter", due_date=date(2026, 11, 5), owner=alice,
                      status=ActionStatus.DONE)  # past but done: not overdue
        l3 = add_lead(s, event, person=kim, owner=tom, stage=LeadStage.PROPOSAL, title="Kim materials",
                      member_organisation=tyne)
        add_follow_up(s, l3, description="Quote", due_date=date(2026, 11, 3), owner=tom)  # overdue
        l4 = add_lead(s, event, person=park, owner=tom, stage=LeadStage.NEW, title="Park, no member")
        add_follow_up(s, l4, description="Intro call", due_date=date(2026, 11, 4), owner=tom)  # overdue
    db.close()
    return path


@dataclass
class Cli:
    db: str
    capsys: Any

    def run(self, *argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(self.db), *argv])
        out = self.capsys.readouterr()
        return code, out.out, out.err

    def json(self, *argv: str) -> Any:
        code, out, err = self.run(*argv, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(members_db: str, capsys: Any) -> Cli:
    return Cli(members_db, capsys)
