"""Dragging a meeting sideways on the board changes its room and venue together; the schedule
check then shows (or no longer shows) the room double-booking."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from planner.domain.enums import MeetingStatus
from planner.services.events.places import add_room, add_venue
from planner.services.schedule.conflicts import check_event
from planner.services.schedule.meetings import add_meeting
from planner.storage.models import Meeting, Person
from ui.board.board_view import ScheduleBoardView


@pytest.fixture
def places(mission):
    """Pacifico (Table 1, Table 2) and a Seoul side trip (Table 1); Alice at Pacifico Table 1 and
    Bob at COEX Table 1, both 10:00–10:30 local on Wed 14 Oct (Tokyo and Seoul share UTC+9)."""
    ws = mission
    with ws.db.transaction() as s:
        event = ws.event_orm(s)
        pacifico = add_venue(s, event, name="Pacifico Yokohama", partnering=True)
        coex = add_venue(s, event, name="COEX Seoul", tz="Asia/Seoul")
        rooms = {"p1": add_room(s, pacifico, name="Table 1"), "p2": add_room(s, pacifico, name="Table 2"),
                 "c1": add_room(s, coex, name="Table 1")}
        people = {p.email: p for p in s.scalars(select(Person))}
        made = {}
        for key, who, room in (("alice", "alice@example.org", "p1"), ("bob", "bob@example.org", "c1")):
            made[key] = add_meeting(s, event, start_local=datetime(2026, 10, 14, 10, 0),
                                    end_local=datetime(2026, 10, 14, 10, 30), ours=[people[who]],
                                    room=rooms[room], status=MeetingStatus.CONFIRMED).uuid
        ids = {k: r.id for k, r in rooms.items()} | {"pacifico": pacifico.id, "coex": coex.id}
    return ws, ids, made


def _room_conflicts(ws):
    report = ws.read(lambda s: check_event(s, ws.event_orm(s)))
    return [set(c.items) for c in report.conflicts if c.kind == "room_double_booked"]


def _place(ws, uuid):
    def read(s):
        m = s.scalars(select(Meeting).where(Meeting.uuid == uuid)).one()
        return m.venue_id, m.room_id, m.tz, m.start_utc
    return ws.read(read)


def test_a_sideways_drag_to_another_venues_table_moves_room_and_venue_and_check_follows(qtbot, places, settings):
    ws, ids, made = places
    assert _room_conflicts(ws) == []
    board = ScheduleBoardView(ws, settings)
    qtbot.addWidget(board)
    board.resize(1200, 900)
    with qtbot.waitSignal(board.loaded, timeout=20000):
        board.show()
    board.show_filtered({"mode": "rooms", "day": "2026-10-14"})
    canvas = board.canvas
    lay = canvas.layout_
    target_col = next(i for i, c in enumerate(lay.columns) if c.room_id == ids["c1"])
    assert lay.columns[target_col].subtitle == "COEX Seoul"
    alice = board.data.items[made["alice"]]
    canvas.scroll_to_time(alice.start)
    start = canvas.block_center(alice.uuid)
    target = QPoint(canvas.point_for(target_col, alice.start).x() + 20, start.y())
    vp = canvas.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, (start + target) / 2)
    qtbot.mouseMove(vp, target)
    cand = canvas.drag.candidate
    assert (cand.room_id, cand.venue_id, cand.tz) == (ids["c1"], ids["coex"], "Asia/Seoul")
    assert "room_double_booked" in {c.kind.value for c in canvas.drag.conflicts}  # shown before the drop
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=target)

    assert _place(ws, made["alice"]) == (ids["coex"], ids["c1"], "Asia/Seoul", alice.start)
    assert _room_conflicts(ws) == [{made["alice"], made["bob"]}]
    assert {c.kind.value for c in board.data.open_conflicts(made["alice"])} == {"room_double_booked"}

    # Through the board's data layer: on to Pacifico's free Table 2 (no column that day yet).
    moved = board.data.moved(made["alice"], alice.start, room_id=ids["p2"])
    assert (moved.venue_id, moved.tz) == (ids["pacifico"], "Asia/Tokyo")
    assert board.data.trial_conflicts(moved) == []
    assert board.move_block(moved)
    assert _place(ws, made["alice"]) == (ids["pacifico"], ids["p2"], "Asia/Tokyo", alice.start)
    assert _room_conflicts(ws) == []

    ws.undo_stack.undo()
    assert _place(ws, made["alice"])[:2] == (ids["coex"], ids["c1"])
    assert _room_conflicts(ws) == [{made["alice"], made["bob"]}]
    ws.undo_stack.undo()
    assert _place(ws, made["alice"]) == (ids["pacifico"], ids["p1"], "Asia/Tokyo", alice.start)
    assert _room_conflicts(ws) == []


def test_a_drop_on_the_no_venue_column_is_refused_instead_of_half_done(qtbot, places, settings):
    from PySide6.QtWidgets import QMessageBox

    ws, ids, made = places
    with ws.db.transaction() as s:
        kenji = s.scalars(select(Person).where(Person.email == "kenji@minato.example")).one()
        add_meeting(s, ws.event_orm(s), start_local=datetime(2026, 10, 14, 12, 0),
                    end_local=datetime(2026, 10, 14, 12, 30), ours=[kenji])  # no venue: a "No venue" column
    board = ScheduleBoardView(ws, settings)
    qtbot.addWidget(board)
    with qtbot.waitSignal(board.loaded, timeout=20000):
        board.show()
    board.show_filtered({"mode": "venues", "day": "2026-10-14"})
    assert any(c.venue_id is None for c in board.canvas.layout_.columns)
    alice = board.data.items[made["alice"]]
    before = _place(ws, alice.uuid)
    cand = board.data.moved(alice.uuid, alice.start, venue_id=None, keep_place=False)
    assert not board.move_block(cand)
    assert _place(ws, alice.uuid) == before and board.data.items[alice.uuid].venue_id == ids["pacifico"]
    box = board.findChild(QMessageBox, "error_box")
    assert box is not None and "choose “—” as the venue" in box.text()
    box.close()
