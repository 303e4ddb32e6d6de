"""Revision 0005: a meeting's free-text location becomes a room, and nothing is lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select

from planner.storage import migrate
from planner.storage.database import Database
from planner.storage.models import Meeting, Room, Venue

NOW = "2026-11-01 10:00:00.000000"


def _old_file(path: Path) -> None:
    migrate.run_upgrade(path, "0004")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO event (id, uuid, created_at, updated_at, code, name, kind, start_date, "
                "end_date, tz, home_tz, city, country, description, emergency_info) VALUES "
                "(1, 'e1', ?, ?, 'bj', 'BJ', 'conference', '2026-10-14', '2026-10-16', "
                "'Asia/Tokyo', 'Europe/London', '', '', '', '')", (NOW, NOW))
    con.execute("INSERT INTO venue (id, uuid, created_at, updated_at, event_id, name, address, city, "
                "tz, phone) VALUES (1, 'v1', ?, ?, 1, 'Pacifico Yokohama', '', '', 'Asia/Tokyo', '')",
                (NOW, NOW))
    con.execute("INSERT INTO venue (id, uuid, created_at, updated_at, event_id, name, address, city, "
                "tz, phone) VALUES (2, 'v2', ?, ?, 1, 'Seoul Hub', '', '', 'Asia/Seoul', '')",
                (NOW, NOW))
    con.execute("INSERT INTO room (id, uuid, created_at, updated_at, venue_id, name, kind) VALUES "
                "(1, 'r1', ?, ?, 1, 'Table 7', 'meeting_table')", (NOW, NOW))
    meetings = [  # id, venue, room, location
        (1, 1, 1, "Table 7"),        # room and text agree
        (2, 1, 1, "Table 7 (window)"),  # they disagree: the text is kept for audit
        (3, 1, None, "table 07"),    # text only, in a venue: that venue's Table 7
        (4, None, None, "Table 12"),  # text only, no venue: a table in the zone's one venue
        (5, None, None, "Seoul Hub"),  # the text names a venue
        (6, None, None, ""),
    ]
    for mid, vid, rid, loc in meetings:
        con.execute("INSERT INTO meeting (id, uuid, created_at, updated_at, event_id, status, "
                    "venue_id, room_id, location, objective, talking_points, interpreter_needed, "
                    "interpreter_language, notes, external_ref, start_local, end_local, start_fold, "
                    "end_fold, tz, start_utc, end_utc, sequence) VALUES (?, ?, ?, ?, 1, 'confirmed', "
                    "?, ?, ?, '', '', 0, '', '', '', '2026-10-14 10:00:00.000000', "
                    "'2026-10-14 10:30:00.000000', 0, 0, 'Asia/Tokyo', "
                    "'2026-10-14 01:00:00.000000', '2026-10-14 01:30:00.000000', 0)",
                    (mid, f"m{mid}", NOW, NOW, vid, rid, loc))
    con.commit()
    con.close()


def test_every_location_becomes_a_room_and_the_text_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_file(path)
    db = Database.open(path)
    try:
        with db.session() as s:
            m = {x.id: x for x in s.scalars(select(Meeting))}
            table7 = s.scalars(select(Room).where(Room.name == "Table 7")).one()
            assert table7.name_key == "table 7"
            assert (m[1].room_id, m[1].source_location) == (table7.id, "")
            assert (m[2].room_id, m[2].source_location) == (table7.id, "Table 7 (window)")
            assert (m[3].room_id, m[3].source_location) == (table7.id, "table 07")
            assert m[4].room is not None and m[4].room.name == "Table 12"
            assert m[4].venue is not None and m[4].venue.name == "Pacifico Yokohama"
            assert m[4].room.kind.value == "meeting_table"
            assert (m[5].venue_id, m[5].room_id) == (2, None)
            assert (m[6].venue_id, m[6].room_id) == (None, None)
            partnering = s.scalars(select(Venue).where(Venue.partnering)).all()
            assert [v.name for v in partnering] == ["Pacifico Yokohama"]
            assert s.query(Meeting).count() == 6
    finally:
        db.close()
