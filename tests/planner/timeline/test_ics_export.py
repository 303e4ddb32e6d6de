"""Calendar export: parses back with icalendar, same UTC instants as the database, stable UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from planner.cli import main
from planner.exports.ics import CalendarData, CalendarEntry, render_calendar
from planner.services.events.events import add_event, add_venue, get_event
from planner.services.people.people import add_person, find_person
from planner.services.schedule.meetings import add_meeting, update_meeting
from planner.services.schedule.timeline import calendar_data
from planner.storage.models import ExportLog, Meeting, Slot

pytestmark = pytest.mark.engines

DEMO = "biojapan-2026"
ALICE = "alice.fraser@aldgate-therapeutics-ltd.example"


def _parse(path: Path) -> Calendar:
    raw = path.read_bytes()
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no UTF-8 sequence split by folding
    return Calendar.from_ical(raw)


def _db_instants(session) -> dict[str, tuple[datetime, datetime]]:
    rows = session.execute(select(Meeting.uuid, Meeting.start_utc, Meeting.end_utc)).all()
    rows += session.execute(select(Slot.uuid, Slot.start_utc, Slot.end_utc)).all()
    return {u: (s, e) for u, s, e in rows}


def test_every_exported_calendar_parses_back_with_the_database_instants(demo_db, tmp_path):
    out_all, out_alice = tmp_path / "all.ics", tmp_path / "alice.ics"
    assert main(["--db", demo_db.target, "export", "ics", "--event", DEMO, "--out", str(out_all)]) == 0
    assert main(["--db", demo_db.target, "export", "ics", "--event", DEMO, "--delegate", ALICE,
                 "--out", str(out_alice)]) == 0
    with demo_db.session() as session:
        instants = _db_instants(session)
        alice = find_person(session, ALICE)
        logs = session.scalars(select(ExportLog).where(ExportLog.kind == "ics").order_by(ExportLog.id)).all()
        assert len(logs) == 2 and all(log.row_count > 0 for log in logs)
        assert any(p.person_uuid == alice.uuid for p in logs[1].people)
        assert logs[1].path == str(out_alice.resolve())
    for path in (out_all, out_alice):
        cal = _parse(path)
        assert cal.get_missing_tzids() == set()
        assert {tz["TZID"] for tz in cal.walk("VTIMEZONE")} == {"Asia/Tokyo"}
        events = cal.walk("VEVENT")
        assert events
        for ev in events:
            uuid = str(ev["UID"]).removesuffix("@mission-desk")
            start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
            assert ev["DTSTART"].params["TZID"] == "Asia/Tokyo"
            assert (start.astimezone(UTC).replace(tzinfo=None), end.astimezone(UTC).replace(tzinfo=None)) \
                == instants[uuid]
            assert "When:" in str(ev["DESCRIPTION"])
    alice_events = _parse(out_alice).walk("VEVENT")
    meeting = next(e for e in alice_events if str(e["SUMMARY"]).startswith("Meeting with"))
    text = str(meeting["DESCRIPTION"])
    assert "Objective:" in text and ALICE in text and "Counterparts:" in text
    assert "Pacifico Yokohama" in str(meeting["LOCATION"])


def test_a_re_export_keeps_uids_and_raises_the_sequence_of_what_changed(demo_db, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    args = ["--db", demo_db.target, "export", "ics", "--event", DEMO, "--delegate", ALICE]
    assert main([*args, "--out", str(first)]) == 0
    with demo_db.transaction() as session:
        event = get_event(session, DEMO)
        data = calendar_data(session, event, find_person(session, ALICE))
        uid = next(e.uid for e in data.entries if e.summary.startswith("Meeting with"))
        meeting = session.scalars(select(Meeting).where(Meeting.uuid == uid.split("@")[0])).one()
        update_meeting(session, meeting, start_local=datetime(2026, 10, 14, 11, 0),
                       end_local=datetime(2026, 10, 14, 11, 30))
        other = session.scalars(select(Meeting).where(Meeting.uuid != meeting.uuid)
                                .join(Meeting.attendees).where(Meeting.status == "confirmed")).first()
    assert main([*args, "--out", str(second)]) == 0
    before = {str(e["UID"]): e for e in _parse(first).walk("VEVENT")}
    after = {str(e["UID"]): e for e in _parse(second).walk("VEVENT")}
    assert set(before) == set(after)
    assert int(after[uid]["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1
    assert after[uid].decoded("DTSTART").hour == 11
    unchanged = [u for u in before if u != uid]
    assert all(int(after[u]["SEQUENCE"]) == int(before[u]["SEQUENCE"]) for u in unchanged)
    assert _parse(first)["UID"] == _parse(second)["UID"]  # the calendar's own id is stable too
    assert other is not None


def test_a_cancelled_meeting_is_sent_as_cancelled_so_calendars_drop_it(demo_db, tmp_path):
    with demo_db.transaction() as session:
        event = get_event(session, DEMO)
        alice = find_person(session, ALICE)
        data = calendar_data(session, event, alice)
        uid = next(e.uid for e in data.entries if e.summary.startswith("Meeting with"))
        meeting = session.scalars(select(Meeting).where(Meeting.uuid == uid.split("@")[0])).one()
        update_meeting(session, meeting, status="cancelled")
        again = {e.uid: e for e in calendar_data(session, event, alice).entries}
    assert again[uid].status == "CANCELLED" and again[uid].sequence == 1


def test_hostile_text_round_trips_through_the_typed_api():
    nasty = "Kick-off; budget, scope \\ risks\nline two — 山田太郎と김민준の会議 " + "髙橋﨑" * 12
    entry = CalendarEntry("x@mission-desk", 3, nasty, datetime(2026, 10, 14, 1), datetime(2026, 10, 14, 2),
                          "Asia/Tokyo", "Hall C; stand C-12, UK", nasty, "TENTATIVE")
    raw = render_calendar(CalendarData("Cal; name, x", "", [entry], "cal@mission-desk",
                                       stamp=datetime(2026, 9, 1)))
    assert b"Kick-off\\; budget\\, scope \\\\ risks\\nline two" in raw
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    ev = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(ev["SUMMARY"]) == nasty and str(ev["DESCRIPTION"]) == nasty
    assert str(ev["LOCATION"]) == "Hall C; stand C-12, UK"
    assert str(ev["STATUS"]) == "TENTATIVE" and ev.decoded("DTSTAMP") == datetime(2026, 9, 1, tzinfo=UTC)


def test_a_london_calendar_across_the_autumn_change_carries_both_offsets(db, tmp_path):
    with db.transaction() as session:
        event = add_event(session, code="london-2026", name="London symposium", start_date=date(2026, 10, 24),
                          end_date=date(2026, 10, 26), tz="Europe/London")
        venue = add_venue(session, event, name="Guildhall", opens=time(0, 0), closes=time(23, 59))
        ann = add_person(session, given_name="Ann", family_name="Lee", email="ann@example.org")
        add_meeting(session, event, start_local=datetime(2026, 10, 25, 1, 30), start_fold=1,
                    end_local=datetime(2026, 10, 25, 2, 30), ours=[ann], venue=venue)
        add_meeting(session, event, start_local=datetime(2026, 10, 24, 10, 0),
                    end_local=datetime(2026, 10, 24, 11, 0), ours=[ann], venue=venue)
        data = calendar_data(session, event, ann, stamp=datetime(2026, 9, 1))
        instants = _db_instants(session)
    path = tmp_path / "london.ics"
    path.write_bytes(render_calendar(data))
    cal = _parse(path)
    assert cal.get_missing_tzids() == set()
    [vtz] = cal.walk("VTIMEZONE")
    assert vtz["TZID"] == "Europe/London"
    assert {str(c["TZNAME"]) for c in vtz.walk() if c.name in ("STANDARD", "DAYLIGHT")} >= {"GMT", "BST"}
    for ev in cal.walk("VEVENT"):
        uuid = str(ev["UID"]).removesuffix("@mission-desk")
        start = ev.decoded("DTSTART").astimezone(UTC).replace(tzinfo=None)
        assert start == instants[uuid][0]
    # The second 01:30 (GMT) is 01:30 UTC, and the meeting lasts one real hour.
    second = min(instants.values(), key=lambda v: abs((v[0] - datetime(2026, 10, 25, 1, 30)).total_seconds()))
    assert second == (datetime(2026, 10, 25, 1, 30), datetime(2026, 10, 25, 2, 30))


def test_export_errors_are_usage_errors(demo_db, tmp_path, capsys):
    base = ["--db", demo_db.target, "export", "ics", "--event", DEMO]
    assert main([*base, "--delegate", "nobody@example.org", "--out", str(tmp_path / "x.ics")]) == 2
    assert main([*base, "--out", str(tmp_path)]) == 2
    assert "error" in capsys.readouterr().err
    assert not (tmp_path / "x.ics").exists()
