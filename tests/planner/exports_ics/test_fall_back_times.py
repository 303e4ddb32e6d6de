"""A wall time that happens twice (01:30 on the night the clocks go back in London) is written
in UTC, first and second occurrence alike, so every client places both at the right instant.

vobject (khal, Radicale) reads ``DTSTART;TZID=Europe/London:20261025T013000`` as the *second*
01:30 — an hour late for a meeting at the first one — although RFC 5545 §3.3.5 means the first;
``DTSTART:20261025T003000Z`` is read alike by everyone.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from planner.cli import main
from planner.services.events.events import add_event, add_venue
from planner.services.people.people import add_person
from planner.services.schedule.meetings import add_meeting
from tests.planner.exports_ics.clients import read_both, read_vobject

pytestmark = pytest.mark.engines


def test_both_repeated_half_past_ones_are_read_at_their_own_instants(db, tmp_path):
    with db.transaction() as session:
        event = add_event(session, code="london-2026", name="London symposium", start_date=date(2026, 10, 24),
                          end_date=date(2026, 10, 26), tz="Europe/London")
        venue = add_venue(session, event, name="Guildhall", opens=time(0, 0), closes=time(23, 59))
        ann = add_person(session, given_name="Ann", family_name="Lee", email="ann@example.org")
        first = add_meeting(session, event, start_local=datetime(2026, 10, 25, 1, 30), start_fold=0,
                            end_local=datetime(2026, 10, 25, 1, 50), end_fold=0, ours=[ann], venue=venue)
        second = add_meeting(session, event, start_local=datetime(2026, 10, 25, 1, 30), start_fold=1,
                             end_local=datetime(2026, 10, 25, 2, 30), ours=[ann], venue=venue)
        usual = add_meeting(session, event, start_local=datetime(2026, 10, 25, 10, 0),
                            end_local=datetime(2026, 10, 25, 11, 0), ours=[ann], venue=venue)
        uids = {name: f"{m.uuid}@mission-desk" for name, m in
                (("first", first), ("second", second), ("usual", usual))}
    out = tmp_path / "london.ics"
    assert main(["--db", db.target, "export", "ics", "--event", "london-2026", "--delegate",
                 "ann@example.org", "--out", str(out)]) == 0

    seen = read_both(out)  # icalendar and vobject agree on every instant
    assert (seen[uids["first"]].start, seen[uids["first"]].end) == \
        (datetime(2026, 10, 25, 0, 30), datetime(2026, 10, 25, 0, 50))  # 01:30 BST
    assert (seen[uids["second"]].start, seen[uids["second"]].end) == \
        (datetime(2026, 10, 25, 1, 30), datetime(2026, 10, 25, 2, 30))  # 01:30 GMT
    assert seen[uids["usual"]].start == datetime(2026, 10, 25, 10, 0)
    # vobject on its own, strictly: the first meeting is not read an hour late
    assert read_vobject(out)[uids["first"]].start == datetime(2026, 10, 25, 0, 30)

    text = out.read_text(encoding="utf-8")
    assert "DTSTART:20261025T003000Z" in text and "DTSTART:20261025T013000Z" in text
    assert "DTSTART;TZID=Europe/London:20261025T100000" in text  # other times keep their zone
