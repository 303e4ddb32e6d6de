"""Calendars without ghosts: what left a calendar arrives as CANCELLED, and every change a
calendar shows raises SEQUENCE — read back by two real client libraries (icalendar, and
vobject in strict mode) and applied to a client's store the way a subscribing or importing
client applies a published calendar (:class:`ClientCalendar`).

Everything is driven through the command line (``planner export ics``, ``meetings edit``,
``meetings delete``), as a user or a script would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.storage.database import Database
from tests.planner.exports_ics.clients import ClientCalendar, read_both

pytestmark = pytest.mark.engines

DEMO = "biojapan-2026"
ALICE = "alice.fraser@aldgate-therapeutics-ltd.example"
FARAH = "farah.kowalski@pimlico-neuro-ltd.example"  # another delegate, to keep a meeting staffed


def cli(db: Database, *args: str) -> int:
    return main(["--db", db.target, *args])


def export(db: Database, out: Path, delegate: str | None = None) -> Path:
    args = ["export", "ics", "--event", DEMO, "--out", str(out)]
    assert cli(db, *args, *(["--delegate", delegate] if delegate else [])) == 0
    return out


def alice_meetings(db: Database, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert cli(db, "meetings", "list", "--event", DEMO, "--json") == 0
    meetings = json.loads(capsys.readouterr().out)
    return [m for m in meetings if ALICE in m["our_attendees"] and m["status"] == "confirmed"]


def uid(meeting: dict[str, object]) -> str:
    return f"{meeting['id']}@mission-desk"


def test_a_deleted_meeting_arrives_as_cancelled_and_leaves_the_client(demo_db, tmp_path, capsys):
    client = ClientCalendar()
    meeting = alice_meetings(demo_db, capsys)[0]
    first = read_both(export(demo_db, tmp_path / "1.ics", ALICE))
    client.apply(tmp_path / "1.ics")
    assert uid(meeting) in client.events

    assert cli(demo_db, "meetings", "delete", str(meeting["id"])) == 0
    second = read_both(export(demo_db, tmp_path / "2.ics", ALICE))
    gone = second[uid(meeting)]
    assert gone.status == "CANCELLED"
    assert gone.sequence == first[uid(meeting)].sequence + 1
    # the same UID and the times it was last sent with, so the client finds what to cancel
    assert (gone.start, gone.end, gone.summary) == (first[uid(meeting)].start, first[uid(meeting)].end,
                                                    first[uid(meeting)].summary)
    client.apply(tmp_path / "2.ics")
    assert uid(meeting) not in client.events
    # nothing else moved
    assert {u: s.sequence for u, s in second.items() if u != uid(meeting)} == \
        {u: s.sequence for u, s in first.items() if u != uid(meeting)}


def test_a_client_that_missed_an_export_still_gets_the_cancellation_then_it_is_dropped(demo_db, tmp_path,
                                                                                       capsys):
    meeting = alice_meetings(demo_db, capsys)[0]
    late = ClientCalendar()
    late.apply(export(demo_db, tmp_path / "1.ics", ALICE))
    assert cli(demo_db, "meetings", "delete", str(meeting["id"])) == 0
    export(demo_db, tmp_path / "2.ics", ALICE)  # written, never imported by this client
    third = read_both(export(demo_db, tmp_path / "3.ics", ALICE))
    assert third[uid(meeting)].status == "CANCELLED"  # sent once more
    late.apply(tmp_path / "3.ics")
    assert uid(meeting) not in late.events
    fourth = read_both(export(demo_db, tmp_path / "4.ics", ALICE))
    assert uid(meeting) not in fourth  # the drop rule: carried by two exports, then left out
    assert set(fourth) == set(third) - {uid(meeting)}


def test_a_delegate_taken_off_a_meeting_gets_a_cancellation_and_the_delegation_an_update(demo_db, tmp_path,
                                                                                          capsys):
    meeting = alice_meetings(demo_db, capsys)[0]
    hers, everyone = ClientCalendar(), ClientCalendar()
    hers.apply(export(demo_db, tmp_path / "alice-1.ics", ALICE))
    everyone.apply(export(demo_db, tmp_path / "all-1.ics"))
    before = everyone.events[uid(meeting)]

    assert cli(demo_db, "meetings", "edit", str(meeting["id"]), "--add-ours", FARAH, "--remove-ours", ALICE) == 0
    alice_now = read_both(export(demo_db, tmp_path / "alice-2.ics", ALICE))
    assert alice_now[uid(meeting)].status == "CANCELLED"
    hers.apply(tmp_path / "alice-2.ics")
    assert uid(meeting) not in hers.events

    everyone.apply(export(demo_db, tmp_path / "all-2.ics"))
    after = everyone.events[uid(meeting)]  # still on, for the rest of the delegation
    assert after.status != "CANCELLED" and after.sequence == before.sequence + 1


def test_a_room_change_raises_the_sequence_so_clients_take_the_new_room(demo_db, tmp_path, capsys):
    meeting = alice_meetings(demo_db, capsys)[0]
    client = ClientCalendar()
    first = read_both(export(demo_db, tmp_path / "1.ics", ALICE))
    client.apply(tmp_path / "1.ics")
    assert "Table 27" not in first[uid(meeting)].location

    assert cli(demo_db, "meetings", "edit", str(meeting["id"]), "--room", "Table 27") == 0
    second = read_both(export(demo_db, tmp_path / "2.ics", ALICE))
    assert "Table 27" in second[uid(meeting)].location
    assert second[uid(meeting)].sequence == first[uid(meeting)].sequence + 1
    client.apply(tmp_path / "2.ics")
    assert "Table 27" in client.events[uid(meeting)].location
    unchanged = {u for u in first if u != uid(meeting)}
    assert all(second[u].sequence == first[u].sequence for u in unchanged)
    # exporting again with nothing changed raises nothing
    third = read_both(export(demo_db, tmp_path / "3.ics", ALICE))
    assert {u: s.sequence for u, s in third.items()} == {u: s.sequence for u, s in second.items()}


def test_a_meeting_that_comes_back_outranks_its_cancellation(demo_db, tmp_path, capsys):
    meeting = alice_meetings(demo_db, capsys)[0]
    client = ClientCalendar()
    client.apply(export(demo_db, tmp_path / "1.ics", ALICE))
    assert cli(demo_db, "meetings", "edit", str(meeting["id"]), "--add-ours", FARAH, "--remove-ours", ALICE) == 0
    for n in (2, 3, 4):  # cancelled, sent again, then dropped from the file
        client.apply(export(demo_db, tmp_path / f"{n}.ics", ALICE))
    cancelled_at = read_both(tmp_path / "3.ics")[uid(meeting)].sequence
    assert uid(meeting) not in client.events

    assert cli(demo_db, "meetings", "edit", str(meeting["id"]), "--add-ours", ALICE) == 0
    back = read_both(export(demo_db, tmp_path / "5.ics", ALICE))[uid(meeting)]
    assert back.status != "CANCELLED" and back.sequence > cancelled_at
    client.apply(tmp_path / "5.ics")
    assert uid(meeting) in client.events


def test_a_meeting_cancelled_in_the_plan_is_cancelled_in_the_calendar_that_showed_it(demo_db, tmp_path, capsys):
    meeting = alice_meetings(demo_db, capsys)[0]
    client = ClientCalendar()
    first = read_both(export(demo_db, tmp_path / "1.ics", ALICE))
    client.apply(tmp_path / "1.ics")
    assert cli(demo_db, "meetings", "edit", str(meeting["id"]), "--status", "cancelled") == 0
    second = read_both(export(demo_db, tmp_path / "2.ics", ALICE))
    assert second[uid(meeting)].status == "CANCELLED"
    assert second[uid(meeting)].sequence > first[uid(meeting)].sequence
    client.apply(tmp_path / "2.ics")
    assert uid(meeting) not in client.events
    # cancelled meetings this calendar never showed are not sent to it at all
    never_shown = {u for u, s in second.items() if s.status == "CANCELLED"} - {uid(meeting)}
    assert never_shown <= {u for u, s in first.items() if s.status == "CANCELLED"}
