"""Builds the demo mission deterministically, fast enough for ``--scale 100``.

Rows are generated as plain dicts with explicit ids and written with SQLAlchemy Core bulk
inserts (one executemany per table), inside the caller's transaction. Each scale copy adds its
own member organisations, delegates, counterparts, tables and meetings to the same event, so the
schedule stays realistic and the deliberate conflicts grow linearly with the scale.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.demo import data
from planner.demo.common import DEMO_EVENT_CODE, EVENT_DAYS, STAMP, SYMPOSIUM_DAY, TZ
from planner.demo.schedule import DemoScheduler
from planner.errors import ValidationError
from planner.imports.normalise import organisation_key
from planner.services.events import add_event
from planner.services.places import add_venue, set_travel_minutes
from planner.storage import models as m

Progress = Callable[[int, int], None]
STAMP_SQL = STAMP.isoformat(sep=" ", timespec="microseconds")


def _sql(value: Any) -> Any:
    """A Python value in the text format SQLAlchemy's SQLite types store."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="microseconds")
    return value


@dataclass
class DemoSummary:
    event_code: str
    counts: dict[str, int]
    deliberate_conflicts: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


class RowBuffer:
    """Rows per table with ids allocated after the file's current maximum."""

    def __init__(self, session: Session, rng: random.Random) -> None:
        self.rng = rng
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.next_id: dict[str, int] = {}
        self.session = session

    def _id(self, table: Any) -> int:
        name = table.__tablename__
        if name not in self.next_id:
            self.next_id[name] = (self.session.scalar(select(func.max(table.id))) or 0) + 1
        ident = self.next_id[name]
        self.next_id[name] += 1
        return ident

    def add(self, table: Any, **values: Any) -> dict[str, Any]:
        row = {"id": self._id(table), "uuid": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
               "created_at": STAMP_SQL, "updated_at": STAMP_SQL, **values}
        self.rows.setdefault(table.__tablename__, []).append(row)
        return row

    def flush(self, progress: Progress | None = None) -> dict[str, int]:
        """Write every row with the driver's executemany inside the session's transaction.

        Values are converted once, here, to the storage formats SQLAlchemy's SQLite types use
        (so the ORM reads them back as usual); this path skips per-value bind processing.
        """
        counts = {}
        conn = self.session.connection()
        tables = [t for t in m.Base.metadata.sorted_tables if t.name in self.rows]
        total = sum(len(self.rows[t.name]) for t in tables)
        done = 0
        for table in tables:
            rows = self.rows[table.name]
            columns = [c.name for c in table.columns if c.name in rows[0]]
            sql = (f'INSERT INTO "{table.name}" ({", ".join(columns)}) '
                   f'VALUES ({", ".join("?" * len(columns))})')
            for start in range(0, len(rows), 20_000):
                chunk = [tuple(_sql(r[c]) for c in columns) for r in rows[start:start + 20_000]]
                conn.exec_driver_sql(sql, chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
            counts[table.name] = len(rows)
        return counts


def build_demo(session: Session, *, scale: int = 1, progress: Progress | None = None) -> DemoSummary:
    """Create the BioJapan 2026 demo mission in the session's transaction."""
    if not 1 <= scale <= 2000:
        raise ValidationError("The scale must be between 1 and 2000", "scale")
    if session.scalar(select(m.Event.id).where(m.Event.code == DEMO_EVENT_CODE)):
        raise ValidationError(f"This file already has the demo mission ({DEMO_EVENT_CODE})", "code")
    rng = random.Random(2026)
    buf = RowBuffer(session, rng)
    # The event, its venues and travel times go through the same services a user has
    # (planner events add / venues add / travel set, the Venues page); the bulk rows below only
    # hold what users can also make (rooms, people, meetings …), written fast for --scale 100.
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
    ev: dict[str, Any] = {"id": event.id}
    venues = {key: {"id": v.id} for key, v in made.items()}
    tags: dict[str, int] = {}

    def tag(name: str) -> int:
        if name not in tags:
            tags[name] = buf.add(m.Tag, name=name)["id"]
        return tags[name]

    delegation = buf.add(m.Delegation, event_id=ev["id"], name="UK Life Sciences Delegation to BioJapan 2026",
                         grant_funded=True, funder="UK Research and Innovation (Trade Mission Fund)",
                         shared_stand="UK Pavilion, Hall C, stand C-12",
                         shared_hotel="Yokohama Bayside Hotel, 3-4-5 Minatomirai", notes="")
    lead_orgs = []
    for name, kind, country, profile in data.LEAD_ORGS:
        org = buf.add(m.Organisation, name=name, name_key=organisation_key(name), native_name="", kind=kind,
                      country=country, city="London" if "Thames" in name else "Leeds",
                      website="https://" + name.lower().replace(" ", "-") + ".example.org", profile=profile)
        buf.add(m.DelegationOrganisation, delegation_id=delegation["id"], organisation_id=org["id"], role="lead")
        buf.add(m.OrganisationTag, organisation_id=org["id"], tag_id=tag("cluster"))
        lead_orgs.append(org)
    scheduler = DemoScheduler(buf, rng, ev, venues, delegation, lead_orgs, tag)
    for copy in range(scale):
        scheduler.build_copy(copy)
    counts = buf.flush(progress)
    return DemoSummary(DEMO_EVENT_CODE, counts, scheduler.deliberate)

