"""places: the room is a meeting's one place; the partnering venue; room name keys

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

A meeting's place was stored twice (``room_id`` and free text ``location``) and each edit path
updated one of them. This revision makes the room the single truth:

- every non-empty ``meeting.location`` becomes a room: the meeting's room when it has one, a
  venue when the text names one, else a table of that name found or created in the meeting's
  venue (else in a venue of the event in the meeting's zone, else in a new "Partnering area");
- the text itself is kept in ``meeting.source_location`` (audit only), so nothing is lost;
- ``venue.partnering`` marks the venue whose tables partnering meetings use (set here on the
  venue holding most meetings of each event);
- ``room.name_key`` holds the matching key of the room's name.

``_room_key`` is a frozen copy of ``planner.domain.places.room_key`` as of this revision.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TOKEN = re.compile(r"\d+|[^\W\d_]+")


def _room_key(name: str | None) -> str:
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(str(int(t)) if t.isdigit() else t for t in _TOKEN.findall(text))


def _now() -> str:
    return datetime.now(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def upgrade() -> None:
    with op.batch_alter_table("venue", schema=None) as batch_op:
        batch_op.add_column(sa.Column("partnering", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_key", sa.String(length=200), nullable=False,
                                      server_default=""))
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_location", sa.String(length=200), nullable=False,
                                      server_default=""))
    conn = op.get_bind()
    for rid, name in conn.execute(sa.text("SELECT id, name FROM room")).all():
        conn.execute(sa.text("UPDATE room SET name_key = :k WHERE id = :i"),
                     {"k": _room_key(name), "i": rid})
    _move_locations(conn)
    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.create_index("ix_room_venue_key", ["venue_id", "name_key"], unique=False)
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("location")


def _move_locations(conn: sa.engine.Connection) -> None:
    venues: dict[int, list[tuple[int, str, str]]] = {}
    for vid, eid, name, tz in conn.execute(sa.text("SELECT id, event_id, name, tz FROM venue")):
        venues.setdefault(eid, []).append((vid, name, tz))
    rooms: dict[tuple[int, str], int] = {}
    room_names: dict[int, str] = {}
    for rid, vid, name in conn.execute(sa.text("SELECT id, venue_id, name FROM room ORDER BY id")):
        rooms.setdefault((vid, _room_key(name)), rid)
        room_names[rid] = name
    made: dict[tuple[int, str], int] = {}  # (event, zone) → the venue created for it
    now = _now()

    def new_venue(eid: int, tz: str) -> int:
        if (eid, tz) not in made:
            name = "Partnering area" if not made else f"Partnering area ({tz})"
            vid = conn.execute(sa.text(
                "INSERT INTO venue (event_id, name, address, city, tz, opens, closes, phone, "
                "partnering, uuid, created_at, updated_at) VALUES (:e, :n, '', '', :tz, NULL, "
                "NULL, '', :no, :u, :now, :now) RETURNING id"),
                {"no": False, "e": eid, "n": name, "tz": tz, "u": str(uuid.uuid4()), "now": now}).scalar_one()
            venues.setdefault(eid, []).append((vid, name, tz))
            made[(eid, tz)] = vid
        return made[(eid, tz)]

    def room_in(vid: int, text: str) -> int:
        key = _room_key(text)
        if (vid, key) not in rooms:
            words = set(key.split())
            kind = "meeting_table" if words & {"table", "tbl", "tisch"} or key.isdigit() else "room"
            rid = conn.execute(sa.text(
                "INSERT INTO room (venue_id, name, name_key, kind, capacity, uuid, created_at, "
                "updated_at) VALUES (:v, :n, :k, :kind, NULL, :u, :now, :now) RETURNING id"),
                {"v": vid, "n": text[:200], "k": key, "kind": kind, "u": str(uuid.uuid4()),
                 "now": now}).scalar_one()
            rooms[(vid, key)] = rid
            room_names[rid] = text
        return rooms[(vid, key)]

    rows = conn.execute(sa.text(
        "SELECT id, event_id, venue_id, room_id, location, tz FROM meeting "
        "WHERE location != '' ORDER BY id")).all()
    for mid, eid, vid, rid, location, tz in rows:
        text = " ".join(location.split())
        key = _room_key(text)
        if rid is not None:
            if key != _room_key(room_names.get(rid, "")):
                conn.execute(sa.text("UPDATE meeting SET source_location = :t WHERE id = :i"),
                             {"t": location, "i": mid})
            continue
        named = [v for v, name, _tz in venues.get(eid, []) if _room_key(name) == key]
        if named and (vid is None or vid == named[0]):
            conn.execute(sa.text("UPDATE meeting SET venue_id = :v, source_location = :t "
                                 "WHERE id = :i"), {"v": named[0], "t": location, "i": mid})
            continue
        if vid is None:
            same_zone = [v for v, _n, vtz in venues.get(eid, []) if vtz == tz]
            vid = same_zone[0] if len(same_zone) == 1 else new_venue(eid, tz)
        conn.execute(sa.text("UPDATE meeting SET venue_id = :v, room_id = :r, source_location = :t "
                             "WHERE id = :i"),
                     {"v": vid, "r": room_in(vid, text), "t": location, "i": mid})
    # The partnering venue of each event: the one most of its meetings are at.
    for eid, vid in conn.execute(sa.text(
            "SELECT m.event_id, m.venue_id FROM meeting m WHERE m.venue_id IS NOT NULL "
            "GROUP BY m.event_id, m.venue_id "
            "ORDER BY m.event_id, count(*) DESC, m.venue_id")).all():
        conn.execute(sa.text(
            "UPDATE venue SET partnering = :yes WHERE id = :v AND NOT EXISTS "
            "(SELECT 1 FROM venue w WHERE w.event_id = :e AND w.partnering = :yes)"),
            {"v": vid, "e": eid, "yes": True})


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("location", sa.String(length=200), nullable=False,
                                      server_default=""))
    op.execute("UPDATE meeting SET location = CASE WHEN source_location != '' THEN source_location "
               "ELSE coalesce((SELECT r.name FROM room r WHERE r.id = meeting.room_id), '') END")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("source_location")
    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.drop_index("ix_room_venue_key")
        batch_op.drop_column("name_key")
    with op.batch_alter_table("venue", schema=None) as batch_op:
        batch_op.drop_column("partnering")
