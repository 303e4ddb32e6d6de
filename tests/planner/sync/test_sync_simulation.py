"""The seeded simulation the issue asks for: 10 laptops, 5 simulated days on a real PostgreSQL.

Each day every laptop makes random offline edits through the services a user has (people added,
edited, deleted, merged; meetings moved; outcomes recorded; leads with follow-ups; now and then a
person erased; some conflicts decided), then the laptops sync in a random order. At the end:

* every laptop equals the server, record for record;
* no edit is lost: every field edit is in the result, or in a conflict, or was overwritten or
  deleted by someone who had seen it (a laptop "has seen" what the server held at its last sync);
* every conflict is shown exactly once (no laptop queues the same record, fields and values
  twice, not even after a decision);
* no erased person survives anywhere: records, last-synced copies, review queues.

One seed is one run: the choices and the records' uuids come from it (``uuid.uuid4`` and the
models' ``random_bytes`` are seeded; when the models stopped calling ``uuid4`` the runs became
random and a fault showed only now and then). CI runs the default seeds (see ``SEEDS``);
``PLANNER_SYNC_SEEDS=1,2,3`` runs others.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from planner.domain.enums import Verdict
from planner.errors import NotFoundError, ValidationError
from planner.services.editing.dependents import delete_with_dependents
from planner.services.followup.followups import add_follow_up, add_lead, record_outcome
from planner.services.people.merge import merge_people
from planner.services.people.people import add_person, update_person
from planner.services.personal_data.privacy import erase_person
from planner.services.schedule.meetings import add_meeting, update_meeting
from planner.storage.models import Meeting, Outcome, Person, SyncBase, SyncConflict
from planner.storage.models import base as models_base
from planner.sync.review import KIND_FIELDS, list_conflicts, resolve
from tests.planner.sync.conftest import Team, event, server, snapshot, start_mission

LAPTOPS = 10
DAYS = 5
EDITS_PER_DAY = 4
# the default seed, and seeds that found faults (a conflict scrubbed to two equal sides; "mine" naming a
# record deleted since; an attendee merged here and added there; one moved there to a person deleted here)
# or faults of this check (24: an edit its own laptop then deleted, the record brought back by another's
# "Keep mine"; 23: an erasure chosen for someone whose e-mail already read "[erased]")
SEEDS = [int(s) for s in os.environ.get("PLANNER_SYNC_SEEDS", "20261202,5,7,17,20,23,24").split(",")]


@dataclass
class Edit:
    id: int
    laptop: str
    table: str
    uuid: str
    field: str
    value: str
    known: frozenset[int]  # edits of the same record and field this laptop had seen


@dataclass
class World:
    rng: random.Random
    edits: list[Edit] = field(default_factory=list)
    deletes: dict[str, list[frozenset[int]]] = field(default_factory=dict)  # uuid -> what each deleter had seen
    erased: dict[str, str] = field(default_factory=dict)  # uuid -> e-mail
    seen: dict[str, set[int]] = field(default_factory=dict)  # laptop -> edit ids it has seen
    server_seen: set[int] = field(default_factory=set)
    counter: int = 0

    def known(self, laptop: str, table: str, uuid: str, name: str) -> frozenset[int]:
        return frozenset(e.id for e in self.edits
                         if e.id in self.seen[laptop] and (e.table, e.uuid, e.field) == (table, uuid, name))

    def edit(self, laptop: str, table: str, uuid: str, name: str, value: str) -> None:
        self.counter += 1
        self.edits.append(Edit(self.counter, laptop, table, uuid, name, value,
                               self.known(laptop, table, uuid, name)))
        self.seen[laptop].add(self.counter)

    def synced(self, laptop: str) -> None:
        self.server_seen |= self.seen[laptop]
        self.seen[laptop] = set(self.server_seen)


def _people(s) -> list[Person]:
    return list(s.scalars(sa.select(Person).order_by(Person.id)))


def _day_of_edits(team: Team, world: World, name: str, day: int) -> None:
    rng = world.rng
    db = team.laptop(name)
    for n in range(EDITS_PER_DAY):
        tag = f"{name}-d{day}-{n}"
        kind = rng.choice(["edit", "edit", "edit", "add", "delete", "merge", "move", "move",
                           "outcome", "lead", "resolve"])
        with db.transaction() as s:
            people = _people(s)
            meetings = list(s.scalars(sa.select(Meeting).order_by(Meeting.id)))
            if kind == "edit" and people:
                who = rng.choice(people)
                attr = rng.choice(["job_title", "phone"])
                update_person(s, who, **{attr: tag})
                world.edit(name, "person", who.uuid, attr, tag)
            elif kind == "add" or len(people) < 4:
                add_person(s, given_name="Guest", family_name=tag, email=f"{tag}@guests.example")
            elif kind == "delete":
                who = rng.choice(people)
                world.deletes.setdefault(who.uuid, []).append(frozenset(world.seen[name]))
                delete_with_dependents(s, who)
            elif kind == "merge":
                keep, drop = rng.sample(people, 2)
                world.deletes.setdefault(drop.uuid, []).append(frozenset(world.seen[name]))
                merge_people(s, keep, drop)
            elif kind == "move" and meetings:
                m = rng.choice(meetings)
                start = datetime(2026, 10, 14, 9) + timedelta(days=rng.randrange(3), minutes=15 * rng.randrange(30))
                if start != m.start_local:  # (the same time again is no edit)
                    update_meeting(s, m, start_local=start, end_local=start + timedelta(minutes=30))
                    world.edit(name, "meeting", m.uuid, "start_local", start.isoformat())
            elif kind == "outcome" and meetings:
                m = rng.choice(meetings)
                verdict = rng.choice(list(Verdict))
                before = s.scalars(sa.select(Outcome.verdict).where(Outcome.meeting_id == m.id)).first()
                record_outcome(s, m, verdict=verdict, notes="")
                outcome = s.scalars(sa.select(Outcome).where(Outcome.meeting_id == m.id)).one()
                if before is not verdict:
                    world.edit(name, "outcome", outcome.uuid, "verdict", verdict.value)
            elif kind == "lead" and people:
                lead = add_lead(s, event(s), person=rng.choice(people), title=f"Lead {tag}")
                add_follow_up(s, lead, description=f"Call back {tag}")
        if kind == "resolve":
            for conflict in list_conflicts(db)[:2]:
                try:
                    resolve(db, conflict.id, rng.choice(["mine", "theirs"]))
                except NotFoundError:  # the record went meanwhile: the decision has nothing to write
                    continue
                except ValidationError as refused:  # "mine" cannot bring back what the erased or
                    # deleted person it belongs to took, nor name a record deleted since
                    assert any(why in str(refused) for why in ("Cannot bring it back", "Cannot take yours"))
                    continue
                for f, value in conflict.mine.items() if conflict.kind == "fields" else ():
                    world.edit(name, conflict.table, conflict.record_uuid, f, value)


def _erase_someone(team: Team, world: World, name: str) -> None:
    db = team.laptop(name)
    with db.session() as s:
        # (someone whose e-mail is an address: one given by a merge from a person erased since reads
        # "[erased]", and looking for that text everywhere would find every scrubbed record)
        people = [p for p in _people(s) if "@" in p.email]
    if people:
        who = world.rng.choice(people)
        world.erased[who.uuid] = who.email
        erase_person(db, who.email)


def _seed_mission(team: Team) -> None:
    db = team.laptop("l0")
    start_mission(db)
    with db.transaction() as s:
        ev = event(s)
        people = _people(s)
        for i in range(8):
            people.append(add_person(s, given_name="Delegate", family_name=f"N{i}", email=f"d{i}@cbc.example"))
        for i in range(4):
            start = datetime(2026, 10, 15, 9 + i)
            add_meeting(s, ev, start_local=start, end_local=start + timedelta(minutes=30),
                        ours=[people[3 + i]], counterparts=[people[2]], objective=f"Meeting {i}")


def _lost_edits(world: World, final: dict, conflicts: list) -> list[Edit]:
    in_queue = {(c.record_uuid, f, json.dumps(v)) for c in conflicts
                for side in (c.mine, c.theirs) for f, v in side.items()}
    queued_records = {c.record_uuid for c in conflicts}
    superseded = {i for e in world.edits for i in e.known}
    lost = []
    for e in world.edits:
        if e.id in superseded:
            continue
        if any(e.id in seen for seen in world.deletes.get(e.uuid, [])):
            # deleted (or merged away) by someone who had seen the edit: gone with the record, even if
            # the record came back later from another laptop's copy ("Keep mine"), which never had it
            continue
        row = final.get(e.table, {}).get(e.uuid)
        if row is not None:
            value = row.get(e.field)
            if value == e.value:
                continue
        if (e.uuid, e.field, json.dumps(e.value.replace("T", " "))) in in_queue:
            continue  # (the queue shows date-times with a space)
        if row is not None:
            pass
        elif e.uuid in world.erased or e.uuid in queued_records:
            continue
        elif e.table != "person" and row is None:
            continue  # a meeting or outcome removed with a person deleted (its own delete is queued)
        lost.append(e)
    return lost


@pytest.mark.parametrize("seed", SEEDS)
def test_ten_laptops_five_days_random_offline_edits(team: Team, seed: int, monkeypatch) -> None:
    world = World(random.Random(seed))
    ids = random.Random(seed + 1)  # record uuids from the seed too: one seed, one run, every time
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=ids.getrandbits(128), version=4))
    monkeypatch.setattr(models_base, "random_bytes", ids.randbytes)
    names = [f"l{i}" for i in range(LAPTOPS)]
    world.seen = {n: set() for n in names}
    _seed_mission(team)
    for n in names:
        team.sync(n)
        world.synced(n)
    for day in range(DAYS):
        for n in names:
            _day_of_edits(team, world, n, day)
        if world.rng.random() < 0.6:
            _erase_someone(team, world, world.rng.choice(names))
        order = names[:]
        world.rng.shuffle(order)
        for n in order:
            team.sync(n)
            world.synced(n)
    for _ in range(2):
        for n in names:
            team.sync(n)
    hub = server(team)
    try:
        final = snapshot(hub)
    finally:
        hub.close()
    for n in names:
        mine = snapshot(team.laptop(n))
        differs = [(t, u, mine[t].get(u), final[t].get(u)) for t in final
                   for u in set(final[t]) | set(mine[t]) if mine[t].get(u) != final[t].get(u)]
        assert differs == [], f"{n} differs from the server"
    queues = {n: list_conflicts(team.laptop(n), include_resolved=True) for n in names}
    conflicts = [c for n in names for c in queues[n]]
    # (a laptop's own edits are queued on that laptop only; two laptops may pick the same new time
    # for a meeting by chance, so the same values on two laptops are two conflicts)
    keys = Counter((n, c.record_uuid, c.kind, c.fields, json.dumps(c.mine, sort_keys=True),
                    json.dumps(c.theirs, sort_keys=True)) for n in names for c in queues[n])
    twice = [(k, [(n, c.id, c.label) for n in names for c in queues[n] if c.record_uuid == k[1]])
             for k, count in keys.items() if count > 1]
    assert twice == []
    for n in names:  # both sides as stored (what a person reads may name two deleted records alike)
        with team.laptop(n).engine.connect() as conn:
            same = conn.execute(sa.select(SyncConflict.id).where(SyncConflict.kind == KIND_FIELDS,
                                                                 SyncConflict.mine == SyncConflict.theirs)).all()
        assert same == [], f"{n} queued a conflict whose two sides are equal"
    lost = _lost_edits(world, final, conflicts)
    detail = [(e, (final.get(e.table, {}).get(e.uuid) or {}).get(e.field, "<gone>"),
               [(c.kind, c.mine, c.theirs) for c in conflicts if c.record_uuid == e.uuid],
               [x for x in world.edits if x.uuid == e.uuid and x.field == e.field])
              for e in lost]
    assert lost == [], f"{len(lost)} of {len(world.edits)} edits lost: {detail}"
    assert world.erased, "the simulation erased no one: change the seed"
    for gone, email in world.erased.items():
        assert gone not in final["person"]
        for n in names:
            with team.laptop(n).session() as s:
                assert s.scalar(sa.select(Person.id).where(Person.uuid == gone)) is None
                texts = [*s.scalars(sa.select(SyncBase.data).where(SyncBase.table_name != "erasure_log")),
                         *(c.mine + c.theirs + c.base for c in s.scalars(sa.select(SyncConflict)))]
                left = [t for t in texts if email in t]
                assert left == [], f"{n} still holds {email}: {left}"
