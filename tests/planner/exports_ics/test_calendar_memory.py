"""The calendars' memory (``calendar_sent``): written in the export log entry's own write unit
before the file appears, kept per calendar, and gone with a person who is erased."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from planner.cli import main
from planner.services.editing.removal import remove_records
from planner.services.events.events import get_event
from planner.services.outputs import calendars
from planner.services.outputs.export_jobs import ExportRequest, run_export
from planner.services.outputs.export_log import logger_for
from planner.services.people.people import find_person
from planner.storage.database import Database
from planner.storage.models import Slot
from tests.planner.engines import committed
from tests.planner.exports_ics.clients import ClientCalendar, read_both

pytestmark = pytest.mark.engines

DEMO = "biojapan-2026"
ALICE = "alice.fraser@aldgate-therapeutics-ltd.example"


def export(db: Database, out: Path, delegate: str | None = None) -> Path:
    args = ["--db", db.target, "export", "ics", "--event", DEMO, "--out", str(out)]
    assert main([*args, *(["--delegate", delegate] if delegate else [])]) == 0
    return out


def test_the_memory_is_committed_with_the_log_entry_before_the_file_appears(demo_db, tmp_path, monkeypatch):
    with demo_db.transaction() as session:
        slot = session.scalars(select(Slot).join(Slot.people).order_by(Slot.id)).first()
        assert slot is not None
        slot_uuid = slot.uuid
    export(demo_db, tmp_path / "1.ics")
    with demo_db.transaction() as session:
        remove_records(session, "slot", [session.scalars(select(Slot.id).where(Slot.uuid == slot_uuid)).one()])

    seen: list[tuple[bool, list[tuple[Any, ...]]]] = []
    real = os.replace

    def spy(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        target = Path(os.fspath(dst))
        if not target.name.startswith("."):
            logged = committed(demo_db.target, "SELECT path FROM export_log")
            memory = committed(demo_db.target, "SELECT status, cancel_sends FROM calendar_sent "
                                             f"WHERE person_id IS NULL AND item_uuid = '{slot_uuid}'")
            seen.append(((str(target.resolve()),) in logged, memory))
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    second = read_both(export(demo_db, tmp_path / "2.ics"))
    assert second[f"{slot_uuid}@mission-desk"].status == "CANCELLED"  # the slot removed
    assert seen == [(True, [("CANCELLED", 1)])]


def test_when_the_memory_cannot_be_written_neither_log_nor_file_appear(demo_db, tmp_path, monkeypatch):
    def broken(session: Any, memory: Any) -> None:
        raise RuntimeError("disk trouble while remembering")

    monkeypatch.setattr(calendars, "remember_sent", broken)
    with pytest.raises(RuntimeError):
        main(["--db", demo_db.target, "export", "ics", "--event", DEMO, "--out", str(tmp_path / "x.ics")])
    assert not (tmp_path / "x.ics").exists()
    assert committed(demo_db.target, "SELECT count(*) FROM export_log WHERE kind = 'ics'") == [(0,)]
    assert committed(demo_db.target, "SELECT count(*) FROM calendar_sent") == [(0,)]


def test_each_calendar_remembers_for_itself(demo_db, tmp_path):
    """The delegation's exports do not use up the cancellation Alice's calendar still owes her."""
    alice = ClientCalendar()
    alice.apply(export(demo_db, tmp_path / "alice-1.ics", ALICE))
    everyone = read_both(export(demo_db, tmp_path / "all-1.ics"))
    meeting_uid = next(u for u, s in alice.events.items() if s.summary.startswith("Meeting with"))
    assert main(["--db", demo_db.target, "meetings", "delete", meeting_uid.split("@")[0]]) == 0
    for n in (2, 3, 4):
        everyone = read_both(export(demo_db, tmp_path / f"all-{n}.ics"))
    assert meeting_uid not in everyone  # the delegation's calendar sent its cancellation twice, then dropped it
    alice.apply(export(demo_db, tmp_path / "alice-2.ics", ALICE))
    assert meeting_uid not in alice.events


def test_erasing_a_delegate_removes_their_calendar_memory_and_their_link_in_others(demo_db, tmp_path):
    export(demo_db, tmp_path / "alice.ics", ALICE)
    before = read_both(export(demo_db, tmp_path / "all-1.ics"))
    with demo_db.session() as session:
        alice = find_person(session, ALICE)
        alice_id, alice_uuid = alice.id, alice.uuid
        event_id = get_event(session, DEMO).id
        assert calendars.load_sent(session, event_id, alice_id)
        hers = {u for u, s in calendars.load_sent(session, event_id, None).items() if alice_uuid in s.people}
        assert hers
    assert main(["--db", demo_db.target, "erase", "person", ALICE]) == 0
    assert committed(demo_db.target, f"SELECT count(*) FROM calendar_sent WHERE person_id = {alice_id}") == [(0,)]
    assert committed(demo_db.target, f"SELECT count(*) FROM calendar_sent WHERE people LIKE '%{alice_uuid}%'") \
        == [(0,)]
    if not demo_db.is_server:  # a file's free pages too (a server's storage: team_edits/test_server_privacy)
        assert alice_uuid.encode() not in demo_db.path.read_bytes()
    # the entries she was on change (she is no longer named): the delegation's calendar updates them
    after = read_both(export(demo_db, tmp_path / "all-2.ics"))
    for uid in hers:
        if uid in after and before[uid].status != "CANCELLED":
            assert after[uid].sequence == before[uid].sequence + 1


def test_the_gui_logger_records_the_memory_too(demo_db, tmp_path):
    with demo_db.session() as session:
        run_export(session, ExportRequest("ics", DEMO, tmp_path / "all.ics"), log=logger_for(demo_db))
    assert committed(demo_db.target, "SELECT count(*) FROM calendar_sent")[0][0] > 0
