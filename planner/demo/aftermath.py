"""After the demo event: outcomes of held meetings, leads and their follow-up actions."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from planner.demo import data
from planner.storage import models as m

VERDICTS = [("cooperation_possible", 40), ("informative", 35), ("no_interest", 25)]
STAGES = [("new", 25), ("qualified", 25), ("introduced", 15), ("proposal", 15), ("agreed", 10), ("lost", 10)]
TAGS = ["licensing", "co-development", "clinical trial", "investment", "distribution", "research collaboration"]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def add_aftermath(buf: Any, rng: random.Random, event: dict[str, Any], meetings: list[dict[str, Any]],
                  ours: list[tuple[dict[str, Any], list[dict[str, Any]]]], lead_orgs: list[dict[str, Any]],
                  tag: Callable[[str], int]) -> None:
    staff = [p for org, people in ours if org in lead_orgs for p in people]
    if not staff:
        staff = [people[0] for _, people in ours[:4]]
    for meeting in meetings:
        status = meeting["status"]
        if status not in ("held", "no_show"):
            continue
        verdict = "did_not_take_place" if status == "no_show" else _pick(rng, VERDICTS)
        outcome = buf.add(m.Outcome, meeting_id=meeting["id"], verdict=verdict,
                          rating=None if status == "no_show" else rng.randint(1, 5),
                          notes=rng.choice(data.OUTCOME_NOTES) if status == "held" else "Counterpart did not come.",
                          recorded_by_id=meeting["_ours"][0]["id"])
        if verdict in ("cooperation_possible", "informative") and rng.random() < 0.5:
            buf.add(m.OutcomeTag, outcome_id=outcome["id"], tag_id=tag(rng.choice(TAGS)))
        if verdict != "cooperation_possible" and not (verdict == "informative" and rng.random() < 0.15):
            continue
        counterpart = meeting["_theirs"][0]
        our_person = meeting["_ours"][0]
        owner = rng.choice(staff)
        stage = _pick(rng, STAGES)
        lead = buf.add(m.Lead, event_id=event["id"], meeting_id=meeting["id"], person_id=counterpart["id"],
                       organisation_id=meeting["_org"]["id"], member_organisation_id=our_person["organisation_id"],
                       owner_id=owner["id"], title=meeting["objective"], stage=stage,
                       value=rng.choice([None, 25_000, 50_000, 120_000, 250_000, 1_000_000]),
                       currency="GBP", notes="")
        if lead["value"] is None:
            lead["currency"] = ""
        for i in range(rng.choice([1, 1, 2, 3])):
            due = date(2026, 10, 20) + timedelta(days=rng.randrange(0, 60) + 7 * i)
            done = due < date(2026, 11, 10) and rng.random() < 0.55
            buf.add(m.FollowUp, lead_id=lead["id"], owner_id=rng.choice([owner, our_person])["id"],
                    description=rng.choice(data.NEXT_ACTIONS), due_date=due,
                    status="done" if done else rng.choice(["open", "open", "in_progress"]),
                    notes="", completed_at=None if not done else buf.rows["lead"][-1]["created_at"])
