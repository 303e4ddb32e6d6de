"""How the review queue names what a conflict's fields refer to (no server needed)."""

from __future__ import annotations

from pathlib import Path

from planner.storage.database import Database
from planner.sync import queue
from planner.sync.review import KIND_FIELDS, list_conflicts
from tests.planner.sync.conftest import person, start_mission


def test_two_different_deleted_people_read_differently_and_a_present_one_by_name(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "a.mdk")
    try:
        start_mission(db)
        with db.session() as s:
            anna = person(s, "anna@cbc.example").uuid
        gone_mine, gone_theirs = "015c33b2-df14-41aa-b8eb-18b900745130", "4bbdbb01-dc14-4d57-9e07-30b3cc170c31"
        with db.transaction() as s:
            queue.add(s.connection(), "meeting_attendee", "ef901b93-2a7c-4880-aa37-53915c76f18a", KIND_FIELDS,
                      ("person_id",), {"person_id": anna}, {"person_id": gone_mine}, {"person_id": gone_theirs}, "bob")
        (conflict,) = list_conflicts(db)
        assert conflict.base == {"person_id": "Anna Reed"}
        assert conflict.mine == {"person_id": "(deleted person 015c33b2)"}
        assert conflict.theirs == {"person_id": "(deleted person 4bbdbb01)"}
    finally:
        db.close()
