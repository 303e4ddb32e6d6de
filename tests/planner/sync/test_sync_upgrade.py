"""An upgrade of the team server keeps its sync history (issue 17: "migrations on the server keep
sync history"): the server versions of every record, the tombstones of deleted ones and the erasure
log come through the newest schema revision unchanged, so a laptop that was offline during the
upgrade syncs as if nothing happened — it takes only what changed while it was away (the delete,
the edit), sends its own offline edit, and is not made to clone the plan again.

The server is taken back to the revision before the newest one and upgraded again, which is what
upgrading from the previous program version does to a server's existing data."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from planner.services.editing.dependents import delete_with_dependents
from planner.services.people.people import update_person
from planner.storage import migrate
from planner.sync import tables
from planner.sync.status import sync_status
from tests.planner.sync.conftest import Team, meeting, person, server, snapshot, start_mission


def _history(url: str) -> dict[str, Any]:
    """What a laptop's cursor rests on: every record's server version, and the tombstones."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            versions = {t.name: sorted(conn.execute(sa.text(f'SELECT uuid, sync_version FROM "{t.name}"')).all())
                        for t in tables.synced_tables()}
            tombstones = sorted(conn.execute(sa.text("SELECT table_name, uuid, sync_version FROM sync_tombstone")).all())
            return {"versions": versions, "tombstones": tombstones}
    finally:
        engine.dispose()


def _upgrade_from_the_previous_revision(url: str) -> None:
    from alembic import command

    previous = migrate.revision_graph()[migrate.head_revision()]
    assert previous, "the newest revision has a previous one to upgrade from"
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            cfg = migrate.alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, previous)
        with engine.begin() as conn:
            migrate.upgrade_connection(conn, "head")
    finally:
        engine.dispose()


def test_a_server_upgrade_keeps_sync_history_and_an_offline_laptop_carries_on(team: Team) -> None:
    start_mission(team.laptop("a"))
    team.sync("a", "b")
    with team.laptop("b").transaction() as s:  # while a is offline: a delete and an edit
        delete_with_dependents(s, meeting(s))
        update_person(s, person(s, "tom@cbc.example"), job_title="Head of BD")
    team.sync("b")
    with team.laptop("a").transaction() as s:  # a's own offline edit
        update_person(s, person(s, "anna@cbc.example"), phone="+44 1223 000000")

    before = _history(team.url)
    assert before["tombstones"], "the delete left a tombstone on the server"
    _upgrade_from_the_previous_revision(team.url)
    assert _history(team.url) == before

    report = team.sync("a")[0]
    assert not report.cloned and not report.published
    assert report.pushed == 1            # anna's phone, nothing else sent again
    assert report.conflicts == 0
    with team.laptop("a").session() as s:
        assert meeting(s) is None        # the tombstone reached it
        assert person(s, "tom@cbc.example").job_title == "Head of BD"
    team.sync("b")
    hub = server(team)
    try:
        assert snapshot(hub) == snapshot(team.laptop("a")) == snapshot(team.laptop("b"))
    finally:
        hub.close()
    assert sync_status(team.laptop("a")).pending == sync_status(team.laptop("b")).pending == 0
