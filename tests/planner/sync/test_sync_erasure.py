"""Right to erasure across the team: it reaches the server and every laptop at its next sync,
their last-synced copies and review queues included, and a stale offline edit cannot bring the
person back."""

from __future__ import annotations

import sqlalchemy as sa

from planner.services.people.people import update_person
from planner.services.personal_data.privacy import erase_person, file_residue
from planner.storage.models import ErasureLog, Person, SyncBase, SyncConflict
from planner.storage.models.sync import person_key
from planner.sync.review import list_conflicts
from planner.sync.run import sync
from tests.planner.sync.conftest import Team, person, server, start_mission

EMAIL = "k.sato@kyoto.example"


def _mentions(db, needles: list[str]) -> list[str]:
    """Every stored text (records, last-synced copies, queue) that names the person."""
    found = []
    with db.engine.connect() as conn:
        for table in ("person", "meeting", "note", "sync_base", "sync_conflict"):
            if table in ("sync_base", "sync_conflict") and db.is_server:
                continue
            # (the erasure log's own copy keeps their uuid, and only that: it is what travels)
            where = " WHERE table_name <> 'erasure_log'" if table == "sync_base" else ""
            for row in conn.execute(sa.text(f"SELECT * FROM {table}{where}")):
                text = " ".join(str(v) for v in row)
                found += [f"{table}: {n}" for n in needles if n in text]
    return found


def test_an_erasure_reaches_the_server_and_every_laptop_and_stale_edits_cannot_revive_the_person(team: Team) -> None:
    start_mission(team.laptop("a"))
    team.sync("a", "b", "c")
    with team.laptop("b").session() as s:
        uuid = person(s, EMAIL).uuid
    with team.laptop("b").transaction() as s:  # b, offline, writes about Kenji in Anna's notes
        update_person(s, person(s, "anna@cbc.example"), notes="Introduce Kenji Sato to our CSO")
        update_person(s, person(s, EMAIL), job_title="VP Licensing")
    with team.laptop("c").transaction() as s:  # c, offline, edits Kenji too (a stale copy)
        update_person(s, person(s, EMAIL), phone="+81 75 000 0000")
    erase_person(team.laptop("a"), EMAIL)
    team.sync("a")
    report_b, report_c = team.sync("b", "c")
    assert report_b.erased == [uuid] and report_c.erased == [uuid]
    team.sync("a", "b", "c")
    hub = server(team)
    try:
        for db in (hub, *team.laptops.values()):
            with db.session() as s:
                assert s.scalar(sa.select(Person.id).where(Person.uuid == uuid)) is None, db.name
                assert s.scalar(sa.select(ErasureLog.id).where(ErasureLog.person_key == person_key(uuid))) is not None
            assert _mentions(db, [EMAIL, "Kenji", "Sato", uuid]) == [], db.name
        for db in team.laptops.values():
            assert not any(uuid in str(c) or "Sato" in str(c) for c in list_conflicts(db, include_resolved=True))
            db.checkpoint()
            assert file_residue(db.path, [EMAIL, "Kenji Sato"]) == [], db.name
        # the server refuses the person for good, whoever sends them
        with hub.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO person (uuid, given_name, family_name, name_order, native_name, "
                                 "native_reading, title, job_title, email, email_key, phone, mobile, country, "
                                 "language, notes, lawful_basis, lead_sharing_consent, created_at, updated_at) "
                                 "VALUES (:u, 'Kenji', 'Sato', 'given_first', '', '', '', '', '', '', '', '', '', "
                                 "'', '', 'unknown', false, now(), now())"), {"u": uuid})
        with hub.session() as s:
            assert s.scalar(sa.select(Person.id).where(Person.uuid == uuid)) is None
    finally:
        hub.close()
    with team.laptop("b").session() as s:
        assert person(s, "anna@cbc.example").notes == "Introduce [erased] to our CSO"
        assert s.scalar(sa.select(SyncBase.uuid).where(SyncBase.uuid == uuid)) is None
        assert s.scalar(sa.select(SyncConflict.id).where(SyncConflict.record_uuid == uuid)) is None


def test_an_erasure_on_a_laptop_that_never_saw_the_person_changes_nothing_there(team: Team) -> None:
    start_mission(team.laptop("a"))
    team.sync("a")
    erase_person(team.laptop("a"), EMAIL)
    team.sync("a")
    report = sync(team.laptop("fresh"), team.url)
    assert report.cloned and report.erased == []
    with team.laptop("fresh").session() as s:
        assert s.scalar(sa.select(Person.id).where(Person.email == EMAIL)) is None
