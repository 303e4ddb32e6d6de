"""The Venues page and the meeting editor's room picker, driven as a user would (pytest-qt)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from planner.storage.models import Meeting, Person, Room, Venue, VenueTravel
from ui.widgets.fields import combo_value


def _person_id(ws, email: str) -> int:
    return ws.read(lambda s: s.scalars(select(Person.id).where(Person.email == email)).one())


def _rooms(ws, venue_name: str) -> list[str]:
    return ws.read(lambda s: sorted(s.scalars(select(Room.name).join(Venue).where(Venue.name == venue_name))))


def _add_venue(qtbot, page, name: str, tz: str | None = None) -> None:
    page.new_action.trigger()
    dialog = page.dialog
    qtbot.keyClicks(dialog.name, name)
    if tz is not None:
        dialog.tz.setCurrentText(tz)
    dialog.try_accept()
    assert dialog.result(), dialog.general_error.text()


def _add_room(qtbot, page, name: str) -> None:
    page.add_room_action.trigger()
    dialog = page.dialog
    qtbot.keyClicks(dialog.name, name)
    dialog.try_accept()
    assert dialog.result(), dialog.general_error.text()


def _open_new_meeting(qtbot, window):
    meetings = window.show_page("meetings")
    meetings.new_action.trigger()
    dialog = meetings.dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_add_venue_and_tables_then_a_meeting_at_a_new_table_undo_redo_as_one(qtbot, mission_window):
    window, ws = mission_window, mission_window.ws
    page = window.show_page("venues")
    assert page.row_count() == 0 and "No venues yet" in page.empty_hint.text()
    page.new_action.trigger()
    assert page.dialog.tz.currentText() == "Asia/Tokyo"  # the event's zone by default
    page.dialog.reject()
    _add_venue(qtbot, page, "Pacifico Yokohama")
    assert page.row_count() == 1 and page.current_venue().name == "Pacifico Yokohama"
    page.add_room_action.trigger()
    qtbot.keyClicks(page.dialog.name, "Table 1")
    assert combo_value(page.dialog.kind) == "meeting_table"  # guessed from the name
    page.dialog.try_accept()
    _add_room(qtbot, page, "Table 2")
    assert [r.name for r in page.room_model.rows()] == ["Table 1", "Table 2"]
    assert "Pacifico Yokohama (2)" in page.rooms_heading.text()
    alice, bob = _person_id(ws, "alice@example.org"), _person_id(ws, "bob@example.org")

    # A meeting at an existing table, chosen with the picker.
    dialog = _open_new_meeting(qtbot, window)
    pacifico = page.current_venue().id
    dialog.venue.setCurrentIndex(dialog.venue.findData(pacifico))
    qtbot.keyClicks(dialog.room.combo.lineEdit(), "tab")
    assert dialog.room.popup_texts() == ["Table 1", "Table 2", "Create “tab” in Pacifico Yokohama"]
    qtbot.keyClicks(dialog.room.combo.lineEdit(), "le 2")
    assert dialog.room.popup_texts() == ["Table 2"]  # an existing name: nothing to create
    assert dialog.room.choose_match("Table 2")
    dialog.ours.add(alice, "Alice Moss")
    dialog.try_accept()
    assert dialog.result(), dialog.general_error.text()

    # A meeting at a table made on the spot.
    dialog = _open_new_meeting(qtbot, window)
    dialog.venue.setCurrentIndex(dialog.venue.findData(pacifico))
    dialog.start.set_wall(datetime(2026, 10, 14, 11, 0))
    qtbot.keyClicks(dialog.room.combo.lineEdit(), "Table 12")
    assert dialog.room.popup_texts() == ["Create “Table 12” in Pacifico Yokohama"]
    assert dialog.room.choose_match("Create “Table 12” in Pacifico Yokohama")
    assert dialog.room.text() == "Table 12"
    assert "Will create “Table 12” in Pacifico Yokohama" in dialog.room.note.text()
    assert dialog.place_values() == {"venue_id": pacifico, "room_id": None, "new_room": "Table 12"}
    dialog.ours.add(bob, "Bob Reyes")
    dialog.try_accept()
    assert dialog.result(), dialog.general_error.text()

    def meetings_at():
        return ws.read(lambda s: sorted((m.room.name, m.venue.name) for m in s.scalars(select(Meeting))))

    assert _rooms(ws, "Pacifico Yokohama") == ["Table 1", "Table 12", "Table 2"]
    assert meetings_at() == [("Table 12", "Pacifico Yokohama"), ("Table 2", "Pacifico Yokohama")]
    assert ws.undo_stack.undoText() == "New meeting (new Table 12)"

    undo = window.findChild(QAction, "action_undo")
    undo.trigger()  # one Ctrl+Z: the new table and its meeting go together
    assert _rooms(ws, "Pacifico Yokohama") == ["Table 1", "Table 2"]
    assert meetings_at() == [("Table 2", "Pacifico Yokohama")]
    window.show_page("venues")
    assert [r.name for r in page.room_model.rows()] == ["Table 1", "Table 2"]
    window.findChild(QAction, "action_redo").trigger()
    assert _rooms(ws, "Pacifico Yokohama") == ["Table 1", "Table 12", "Table 2"]
    assert meetings_at() == [("Table 12", "Pacifico Yokohama"), ("Table 2", "Pacifico Yokohama")]
    assert [r.name for r in page.room_model.rows()] == ["Table 1", "Table 2", "Table 12"]  # natural order


def test_a_seoul_side_trip_keeps_seoul_time_and_a_new_venue_clears_the_old_table(qtbot, mission_window):
    window, ws = mission_window, mission_window.ws
    page = window.show_page("venues")
    _add_venue(qtbot, page, "Pacifico Yokohama")
    _add_room(qtbot, page, "Table 1")
    _add_venue(qtbot, page, "COEX Seoul", tz="Asia/Seoul")
    assert ws.read(lambda s: s.scalars(select(Venue.tz).where(Venue.name == "COEX Seoul")).one()) == "Asia/Seoul"
    assert page.current_venue().name == "COEX Seoul" and "Asia/Seoul" in page.rooms_heading.text()
    venues = {r.name: r.id for r in page.model.rows()}

    dialog = _open_new_meeting(qtbot, window)
    dialog.venue.setCurrentIndex(dialog.venue.findData(venues["Pacifico Yokohama"]))
    qtbot.keyClicks(dialog.room.combo.lineEdit(), "table 01")  # same key as "Table 1"
    assert dialog.room.room_id() is not None and not dialog.room.new_room_name()
    dialog.venue.setCurrentIndex(dialog.venue.findData(venues["COEX Seoul"]))
    assert dialog.room.text() == ""  # Table 1 in Yokohama is not a table in Seoul
    assert dialog.start.tz == "Asia/Seoul" and dialog.end.tz == "Asia/Seoul"
    dialog.start.set_wall(datetime(2026, 10, 15, 14, 0))
    qtbot.keyClicks(dialog.room.combo.lineEdit(), "Hall D")
    dialog.ours.add(_person_id(ws, "alice@example.org"), "Alice Moss")
    dialog.try_accept()
    assert dialog.result(), dialog.general_error.text()
    with ws.db.session() as s:
        m = s.scalars(select(Meeting)).one()
        assert (m.venue.name, m.room.name, m.tz) == ("COEX Seoul", "Hall D", "Asia/Seoul")
        assert (m.start_local, m.start_utc) == (datetime(2026, 10, 15, 14, 0), datetime(2026, 10, 15, 5, 0))
        meeting_id = m.id

    # Editing it: back to Yokohama clears Hall D (a room of the old venue).
    meetings = window.show_page("meetings")
    meetings.reload()
    assert meetings.select_id(meeting_id)
    meetings.edit_current()
    dialog = meetings.dialog
    assert (dialog.venue.currentData(), dialog.room.text()) == (venues["COEX Seoul"], "Hall D")
    dialog.venue.setCurrentIndex(dialog.venue.findData(venues["Pacifico Yokohama"]))
    assert dialog.place_values() == {"venue_id": venues["Pacifico Yokohama"], "room_id": None, "new_room": ""}
    dialog.try_accept()
    with ws.db.session() as s:
        m = s.get(Meeting, meeting_id)
        assert (m.venue.name, m.room, m.tz) == ("Pacifico Yokohama", None, "Asia/Tokyo")


def test_problems_show_next_to_their_fields(qtbot, mission_window):
    page = mission_window.show_page("venues")
    _add_venue(qtbot, page, "Pacifico Yokohama")
    _add_room(qtbot, page, "Table 1")
    page.new_action.trigger()
    dialog = page.dialog
    qtbot.keyClicks(dialog.name, "pacifico  YOKOHAMA")
    dialog.tz.setCurrentText("Mars/Olympus_Mons")
    dialog.opens.enabled.setChecked(True)
    assert dialog.closes.enabled.isChecked()  # opening and closing go together
    dialog.opens.edit.setTime(dialog.opens.edit.time().fromString("18:00", "HH:mm"))
    dialog.closes.edit.setTime(dialog.closes.edit.time().fromString("09:00", "HH:mm"))
    dialog.try_accept()
    assert dialog.isVisible()
    assert "already has a venue called “Pacifico Yokohama”" in dialog.problem_text("name")
    assert "not an IANA time zone" in dialog.problem_text("tz")
    assert "close after it opens" in dialog.problem_text("closes")
    dialog.reject()
    page.add_room_action.trigger()
    page.dialog.name.setText("ｔａｂｌｅ　０１")  # typed with a Japanese input method
    page.dialog.try_accept()
    assert "already has “Table 1”" in page.dialog.problem_text("name")


def test_delete_says_what_goes_with_it_and_undo_restores_it(qtbot, mission_window, monkeypatch):
    window, ws = mission_window, mission_window.ws
    page = window.show_page("venues")
    _add_venue(qtbot, page, "Pacifico Yokohama")
    _add_room(qtbot, page, "Table 1")
    _add_room(qtbot, page, "Table 2")
    _add_venue(qtbot, page, "Yokohama Bayside Hotel")
    page.table.select_where(lambda r: r.name == "Pacifico Yokohama")
    dialog = _open_new_meeting(qtbot, window)
    dialog.venue.setCurrentIndex(dialog.venue.findData(page.current_venue().id))
    qtbot.keyClicks(dialog.room.combo.lineEdit(), "Table 2")
    dialog.ours.add(_person_id(ws, "alice@example.org"), "Alice Moss")
    dialog.try_accept()
    window.show_page("venues")
    page.table.select_where(lambda r: r.name == "Pacifico Yokohama")
    page.travel_action.trigger()
    travel = page.dialog
    hotel = next(r.id for r in page.model.rows() if r.name == "Yokohama Bayside Hotel")
    travel.spins[hotel].setValue(10)
    travel.try_accept()
    asked: list[str] = []

    def answer(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    page.table.select_where(lambda r: r.name == "Pacifico Yokohama")
    page.rooms.select_where(lambda r: r.name == "Table 2")
    page.delete_room_action.trigger()
    assert "Delete Table 2 of Pacifico Yokohama?" in asked[-1]
    assert "1 meeting will have no room or table" in asked[-1]
    assert _rooms(ws, "Pacifico Yokohama") == ["Table 1"]
    ws.undo_stack.undo()
    assert _rooms(ws, "Pacifico Yokohama") == ["Table 1", "Table 2"]
    page.table.select_where(lambda r: r.name == "Pacifico Yokohama")
    page.delete_action.trigger()
    assert "This also deletes 2 rooms and tables and 2 travel times." in asked[-1]
    assert "1 meeting will have no venue" in asked[-1]
    assert [r.name for r in page.model.rows()] == ["Yokohama Bayside Hotel"]
    with ws.db.session() as s:
        m = s.scalars(select(Meeting)).one()
        assert (m.venue_id, m.room_id) == (None, None)
    ws.undo_stack.undo()
    with ws.db.session() as s:
        m = s.scalars(select(Meeting)).one()
        assert (m.venue.name, m.room.name) == ("Pacifico Yokohama", "Table 2")
        assert s.scalars(select(VenueTravel.minutes)).all() == [10, 10]


def test_travel_times_both_ways_or_one_way_and_the_partnering_venue(qtbot, mission_window):
    ws = mission_window.ws
    page = mission_window.show_page("venues")
    for name in ("Pacifico Yokohama", "Toranomon Conference Centre", "Shonan Research Park"):
        _add_venue(qtbot, page, name)
    ids = {r.name: r.id for r in page.model.rows()}
    page.table.select_where(lambda r: r.name == "Pacifico Yokohama")
    page.travel_action.trigger()
    dialog = page.dialog
    assert dialog.both_ways.isChecked() and set(dialog.spins) == {ids["Toranomon Conference Centre"],
                                                                   ids["Shonan Research Park"]}
    assert dialog.spins[ids["Shonan Research Park"]].text() == "not set"
    dialog.spins[ids["Toranomon Conference Centre"]].setValue(50)
    dialog.spins[ids["Shonan Research Park"]].setValue(45)
    dialog.try_accept()
    rows = {r.name: r for r in page.model.rows()}
    assert rows["Pacifico Yokohama"].travel == (("Shonan Research Park", 45), ("Toranomon Conference Centre", 50))
    assert rows["Shonan Research Park"].travel == (("Pacifico Yokohama", 45),)
    assert "Shonan Research Park 45 min" in page.model.index(
        page.model.row_of_id(ids["Pacifico Yokohama"]), 7).data()
    page.table.select_where(lambda r: r.name == "Shonan Research Park")
    page.travel_action.trigger()
    dialog = page.dialog
    dialog.both_ways.setChecked(False)
    dialog.spins[ids["Pacifico Yokohama"]].setValue(60)  # uphill from Shonan
    dialog.try_accept()
    rows = {r.name: r for r in page.model.rows()}
    assert dict(rows["Shonan Research Park"].travel)["Pacifico Yokohama"] == 60
    assert dict(rows["Pacifico Yokohama"].travel)["Shonan Research Park"] == 45
    ws.undo_stack.undo()
    assert dict({r.name: r for r in page.model.rows()}["Shonan Research Park"].travel)["Pacifico Yokohama"] == 45

    page.table.select_where(lambda r: r.name == "Pacifico Yokohama")
    page.partnering_action.trigger()
    page.table.select_where(lambda r: r.name == "Shonan Research Park")
    page.partnering_action.trigger()
    marks = {r.name: r.partnering for r in page.model.rows()}
    assert marks == {"Pacifico Yokohama": False, "Shonan Research Park": True, "Toranomon Conference Centre": False}
    assert not page.partnering_action.isEnabled()  # already the partnering venue
    assert page.model.index(page.model.row_of_id(ids["Shonan Research Park"]), 1).data() == "★ partnering"
    ws.undo_stack.undo()
    assert {r.name for r in page.model.rows() if r.partnering} == {"Pacifico Yokohama"}


def test_keyboard_enter_on_a_room_opens_its_editor(qtbot, mission_window):
    page = mission_window.show_page("venues")
    _add_venue(qtbot, page, "Pacifico Yokohama")
    _add_room(qtbot, page, "Stage A")
    page.rooms.select_row(0)
    page.rooms.view.setFocus()
    qtbot.keyClick(page.rooms.view, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog is not None and dialog.name.text() == "Stage A" and combo_value(dialog.kind) == "stage"
    dialog.capacity.setValue(120)
    dialog.try_accept()
    assert page.room_model.rows()[0].capacity == 120
    assert mission_window.ws.undo_stack.undoText() == "Edit Stage A in Pacifico Yokohama"
