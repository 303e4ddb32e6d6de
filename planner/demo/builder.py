"""Builds the demo mission deterministically, through the services a user has.

House rule: the demo is built through the same services and commands a user has; anything it
shows, a user can do. The event, its venues and travel times go through ``add_event``,
``add_venue`` and ``set_travel_minutes`` (``planner events add`` / ``venues add`` / ``travel
set``); the delegation through ``add_delegation``; everything else (organisations, people,
rooms, delegates, slots, meetings, outcomes, leads, follow-ups, tags) through the bulk forms of
the services (:mod:`planner.services.people.bulk` and its siblings), which check each row as the
one-record service does, so ``--scale 100`` stays fast. The scheduler first decides every row
(:mod:`planner.demo.plan`), then :mod:`planner.demo.writer` writes them, inside the caller's
transaction. Each scale copy adds its own member organisations, delegates, counterparts,
tables and meetings to the same event, so the schedule stays realistic and the deliberate
conflicts grow linearly with the scale.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.demo import data
from planner.demo.common import DEMO_EVENT_CODE, EVENT_DAYS, SYMPOSIUM_DAY, TZ
from planner.demo.plan import DemoPlan
from planner.demo.schedule import DemoScheduler
from planner.demo.writer import write_plan
from planner.errors import ValidationError
from planner.services.events.delegations import add_delegation
from planner.services.events.events import add_event
from planner.services.events.places import add_venue, set_travel_minutes
from planner.services.people.people import tag_name
from planner.storage import models as m

Progress = Callable[[int, int], None]


@dataclass
class DemoSummary:
    event_code: str
    counts: dict[str, int]
    deliberate_conflicts: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


def build_demo(session: Session, *, scale: int = 1, progress: Progress | None = None) -> DemoSummary:
    """Create the BioJapan 2026 demo mission in the session's transaction."""
    if not 1 <= scale <= 2000:
        raise ValidationError("The scale must be between 1 and 2000", "scale")
    if session.scalar(select(m.Event.id).where(m.Event.code == DEMO_EVENT_CODE)):
        raise ValidationError(f"This file already has the demo mission ({DEMO_EVENT_CODE})", "code")
    rng = random.Random(2026)
    # planner events add / venues add / travel set, the Venues page: the services a user has
    event = add_event(
        session, code=DEMO_EVENT_CODE, name="BioJapan 2026 — UK Life Sciences Mission",
        kind="trade_show", start_date=SYMPOSIUM_DAY, end_date=EVENT_DAYS[-1], tz=TZ,
        home_tz="Europe/London", city="Yokohama", country="JP", retention_days=730,
        description="UK delegation to the BioJapan partnering conference at Pacifico Yokohama, "
                    "with a UK–Japan symposium in Tokyo the day before.",
        emergency_info="Emergency (police 110, fire/ambulance 119). Delegation duty phone "
                       "+81 80-0000-0000 (24 h). British Embassy Tokyo consular line "
                       "+81 3-5211-1100.")
    made = {
        "pacifico": add_venue(session, event, name="Pacifico Yokohama",
                              address="1-1-1 Minatomirai, Nishi-ku, Yokohama 220-0012",
                              city="Yokohama", opens=time(9, 0), closes=time(18, 0),
                              partnering=True),
        "tokyo": add_venue(session, event, name="Toranomon Conference Centre",
                           address="1-2-3 Toranomon, Minato-ku, Tokyo 105-0001", city="Tokyo",
                           opens=time(8, 30), closes=time(21, 30)),
        "shonan": add_venue(session, event, name="Shonan Research Park",
                            address="2-26-1 Muraoka-higashi, Fujisawa, Kanagawa 251-0012",
                            city="Fujisawa", opens=time(9, 0), closes=time(18, 0)),
        "hotel": add_venue(session, event, name="Yokohama Bayside Hotel",
                           address="3-4-5 Minatomirai, Nishi-ku, Yokohama 220-0012",
                           city="Yokohama", phone="+81 45-000-0000"),
    }
    travel = {("pacifico", "tokyo"): 50, ("pacifico", "shonan"): 45, ("tokyo", "shonan"): 75,
              ("pacifico", "hotel"): 10, ("tokyo", "hotel"): 45, ("shonan", "hotel"): 45}
    for (a, b), minutes in travel.items():
        set_travel_minutes(session, made[a], made[b], minutes)
    for _ in range(1 + len(made) + 2 * len(travel)):
        rng.getrandbits(128)  # the draws these rows' UUIDs once took: the demo's people stay the same
    plan = DemoPlan(rng)
    tags: set[str] = set()

    def tag(name: str) -> str:
        if name not in tags:
            tags.add(name)
            plan.draw()  # the draw a new tag's id once took
        return tag_name(name)

    plan.draw()  # the delegation's draw, before the services gave it its id
    delegation = add_delegation(
        session, event, name="UK Life Sciences Delegation to BioJapan 2026", grant_funded=True,
        funder="UK Research and Innovation (Trade Mission Fund)", shared_stand="UK Pavilion, Hall C, stand C-12",
        shared_hotel="Yokohama Bayside Hotel, 3-4-5 Minatomirai", notes="")
    lead_orgs = []
    for name, kind, country, profile in data.LEAD_ORGS:
        org = plan.add("organisation", name=name, native_name="", kind=kind, country=country,
                       city="London" if "Thames" in name else "Leeds",
                       website="https://" + name.lower().replace(" ", "-") + ".example.org", profile=profile,
                       tags=[])
        plan.link("delegation_org", org=org, role="lead")
        org["tags"].append(tag("cluster"))
        plan.draw()
        lead_orgs.append(org)
    scheduler = DemoScheduler(plan, made, lead_orgs, tag)
    for copy in range(scale):
        scheduler.build_copy(copy)
    counts = write_plan(session, event, delegation, plan, progress)
    return DemoSummary(DEMO_EVENT_CODE, counts, scheduler.deliberate)
