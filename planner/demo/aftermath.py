"""After the demo event: outcomes of held meetings, leads and their follow-up actions."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from planner.demo import data
from planner.demo.plan import DemoPlan, Row

VERDICTS = [("cooperation_possible", 40), ("informative", 35), ("no_interest", 25)]
STAGES = [("new", 25), ("qualified", 25), ("introduced", 15), ("proposal", 15), ("agreed", 10), ("lost", 10)]
TAGS = ["licensing", "co-development", "clinical trial", "investment", "distribution", "research collaboration"]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def add_aftermath(plan: DemoPlan, meetings: list[Row], ours: list[tuple[Row, list[Row]]], lead_orgs: list[Row],
                  tag: Callable[[str], str]) -> None:
    """What came of the held meetings: outcomes (as the outcome form records them), leads of
    the promising ones, and their follow-up actions."""
    rng = plan.rng
    staff = [p for org, people in ours if org in lead_orgs for p in people]
    if not staff:
        staff = [people[0] for _, people in ours[:4]]
    for meeting in meetings:
        status = meeting["status"]
        if status not in ("held", "no_show"):
            continue
        verdict = "did_not_take_place" if status == "no_show" else _pick(rng, VERDICTS)
        outcome = plan.add("outcome", meeting=meeting, verdict=verdict,
                           rating=None if status == "no_show" else rng.randint(1, 5),
                           notes=rng.choice(data.OUTCOME_NOTES) if status == "held" else "Counterpart did not come.",
                           tags=[])
        if verdict in ("cooperation_possible", "informative") and rng.random() < 0.5:
            outcome["tags"].append(tag(rng.choice(TAGS)))
            plan.draw()
        if verdict != "cooperation_possible" and not (verdict == "informative" and rng.random() < 0.15):
            continue
        counterpart = meeting["theirs"][0]
        our_person = meeting["ours"][0]
        owner = rng.choice(staff)
        stage = _pick(rng, STAGES)
        value = rng.choice([None, 25_000, 50_000, 120_000, 250_000, 1_000_000])
        lead = plan.add("lead", meeting=meeting, person=counterpart, org=meeting["org"],
                        member_org=our_person["org"], owner=owner, title=meeting["objective"], stage=stage,
                        value=value, currency="" if value is None else "GBP", notes="")
        for i in range(rng.choice([1, 1, 2, 3])):
            due = date(2026, 10, 20) + timedelta(days=rng.randrange(0, 60) + 7 * i)
            done = due < date(2026, 11, 10) and rng.random() < 0.55
            plan.add("follow_up", lead=lead, owner=rng.choice([owner, our_person]),
                     description=rng.choice(data.NEXT_ACTIONS), due_date=due,
                     status="done" if done else rng.choice(["open", "open", "in_progress"]), notes="")
