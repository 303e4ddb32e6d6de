"""kill -9 at the moments that matter in a sync (a real ``planner sync`` process, SIGKILLed by a
crash point): both sides stay whole, and the next sync finishes the job without doing anything
twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
import sqlalchemy as sa

from planner.services.people.people import add_person, update_person
from planner.storage.models import Person
from planner.sync.review import list_conflicts
from planner.sync.status import sync_status
from tests.planner.sync.conftest import Team, person, server, snapshot, start_mission


@pytest.mark.parametrize("point", ["sync-before-push-commit", "sync-after-push", "sync-after-apply"])
def test_a_sync_killed_at_any_moment_is_finished_by_the_next_one(team: Team, point: str) -> None:
    start_mission(team.laptop("a"))
    team.sync("a", "b")
    with team.laptop("b").transaction() as s:  # something to take, so the apply has work
        update_person(s, person(s, "tom@cbc.example"), phone="+44 1223 000000")
    team.sync("b")
    with team.laptop("a").transaction() as s:  # something to send
        update_person(s, person(s, "anna@cbc.example"), job_title="CEO")
        add_person(s, given_name="Mei", family_name="Lin", email="mei@cbc.example")
    path = team.folder / "a.mdk"
    env = {**os.environ, "PLANNER_CRASH_AT": point}
    killed = subprocess.run([sys.executable, "-m", "planner", "--db", str(path), "sync", "--server", team.url],
                            env=env, capture_output=True, text=True, timeout=300, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    team.sync("a", "b", "a", "b")
    hub = server(team)
    try:
        expected = snapshot(hub)
        with hub.session() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(Person)
                            .where(Person.email == "mei@cbc.example")) == 1
            assert person(s, "anna@cbc.example").job_title == "CEO"
            assert person(s, "tom@cbc.example").phone == "+44 1223 000000"
    finally:
        hub.close()
    for name in ("a", "b"):
        assert snapshot(team.laptop(name)) == expected, name
        assert list_conflicts(team.laptop(name)) == []
        assert sync_status(team.laptop(name)).pending == 0
