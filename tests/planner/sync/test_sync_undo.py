"""Undo and redo on a laptop that syncs: whatever they put back is a change like any other, and
the next sync sends it (the sync finds changed records by their version, so a record put back
must never carry a version it already had when it was last synced)."""

from __future__ import annotations

from typing import Any

from planner.services.editing.changes import record_changes, redo, undo
from planner.services.people.people import add_person, update_person
from planner.sync.status import sync_status
from tests.planner.sync.conftest import Team, person, server, snapshot, start_mission


def _server_person(team: Team, email: str) -> dict[str, Any]:
    hub = server(team)
    try:
        return next(r for r in snapshot(hub)["person"].values() if r["email"] == email)
    finally:
        hub.close()


def test_a_record_put_back_by_redo_after_its_edit_was_synced_is_sent_with_what_it_holds_now(team: Team) -> None:
    laptop = team.laptop("a")
    start_mission(laptop)
    with laptop.transaction() as s, record_changes(s, "add Mei") as added:
        add_person(s, given_name="Mei", family_name="Lin", email="mei@cbc.example", job_title="Analyst")
    with laptop.transaction() as s, record_changes(s, "edit Mei") as edited:
        update_person(s, person(s, "mei@cbc.example"), job_title="Director")
    team.sync("a")
    assert _server_person(team, "mei@cbc.example")["job_title"] == "Director"

    with laptop.transaction() as s:  # back to before the edit, and before the person was added
        undo(s, edited)
        undo(s, added)
    with laptop.transaction() as s:  # the person is added again, as first typed: an analyst
        redo(s, added)
    with laptop.session() as s:
        assert person(s, "mei@cbc.example").job_title == "Analyst"

    assert sync_status(laptop).pending == 1
    team.sync("a")
    assert _server_person(team, "mei@cbc.example")["job_title"] == "Analyst"
    assert sync_status(laptop).pending == 0


def test_a_delete_undone_before_any_sync_is_no_change_to_send(team: Team) -> None:
    laptop = team.laptop("a")
    start_mission(laptop)
    with laptop.transaction() as s, record_changes(s, "add Mei") as added:
        add_person(s, given_name="Mei", family_name="Lin", email="mei@cbc.example")
    team.sync("a")
    with laptop.transaction() as s:
        undo(s, added)
    assert sync_status(laptop).pending == 1  # the person's deletion
    with laptop.transaction() as s:
        redo(s, added)
    assert sync_status(laptop).pending == 0  # back as the server has them
