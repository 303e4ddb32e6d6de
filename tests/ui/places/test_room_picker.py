"""The room picker on the demo mission: filtering, name keys, the popup, no venue, slots; models."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from planner.errors import ValidationError
from planner.services.events.places import list_venues
from planner.storage.models import Room, Slot, Venue
from ui.models.row_filter_proxy_model import RowFilterProxyModel
from ui.models.row_table_model import RowTableModel
from ui.pages.lists.venues_page import ROOM_COLUMNS, VENUE_COLUMNS
from ui.widgets.room_picker import ROOM_ID_ROLE, RoomPickerWidget, place_new_room


@pytest.fixture
def venues(demo_workspace):
    ws = demo_workspace
    return {v.name: v for v in ws.read(lambda s: list_venues(s, ws.event_orm(s)))}


@pytest.fixture
def picker(qtbot, venues):
    widget = RoomPickerWidget(list(venues.values()))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_typing_filters_and_name_keys_find_the_same_table(qtbot, picker, venues):
    pacifico = venues["Pacifico Yokohama"]
    picker.set_venue(pacifico.id)
    assert picker.combo.count() == len(pacifico.rooms)
    table_1 = next(r for r in pacifico.rooms if r.name == "Table 01")
    for typed in ("table 1", "TABLE 001", "Ｔａｂｌｅ１"):
        picker.set_text(typed)
        assert picker.room_id() == table_1.id and picker.new_room_name() == ""
        assert not any(t.startswith("Create") for t in picker.popup_texts())
    picker.set_text("table 1")
    assert picker.popup_texts()[:3] == ["Table 01", "Table 10", "Table 11"]  # natural order
    picker.set_text("Table 77")
    assert picker.popup_texts() == ["Create “Table 77” in Pacifico Yokohama"]
    assert picker.room_id() is None and picker.new_room_name() == "Table 77"
    assert picker.note.text() == "Will create “Table 77” in Pacifico Yokohama when you save."


def test_clicking_a_popup_line_picks_that_table(qtbot, picker, venues):
    pacifico = venues["Pacifico Yokohama"]
    picker.set_venue(pacifico.id)
    edit = picker.combo.lineEdit()
    picker.activateWindow()
    qtbot.waitActive(picker)
    edit.setFocus()
    qtbot.keyClicks(edit, "able 2")
    popup = picker.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    texts = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    row = texts.index("Table 20")
    rect = popup.visualRect(popup.model().index(row, 0))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picker.text() == "Table 20"
    assert picker.room_id() == next(r.id for r in pacifico.rooms if r.name == "Table 20")
    assert "Meeting table" in picker.note.text()


def test_without_a_venue_every_venue_is_listed_and_new_names_go_to_the_partnering_venue(picker, venues):
    picker.set_venue(None)
    total = sum(len(v.rooms) for v in venues.values())
    assert picker.combo.count() == total
    assert picker.all_rooms.index(0, 0).data().endswith(" · Pacifico Yokohama")  # what the list shows
    assert picker.combo.itemText(0) == "Table 01"  # what choosing it writes
    picker.set_text("Table 99")
    assert picker.popup_texts()[-1] == "Create “Table 99” in Pacifico Yokohama"  # the partnering venue
    chosen = []
    picker.room_chosen.connect(chosen.append)
    picker.set_text("table 05")
    assert picker.choose_match("Table 05 · Pacifico Yokohama")
    assert chosen and picker.venue_id() == venues["Pacifico Yokohama"].id and picker.text() == "Table 05"


def test_place_new_room_makes_the_room_once_and_names_the_field(demo_workspace, venues):
    ws = demo_workspace
    event_id = ws.current_event.id
    shonan = venues["Shonan Research Park"].id
    with ws.db.transaction() as s:
        values = place_new_room(s, event_id, {"venue_id": shonan, "room_id": None, "new_room": "Lab 2"})
        again = place_new_room(s, event_id, {"venue_id": shonan, "room_id": None, "new_room": "lab 02"})
        assert values["room_id"] == again["room_id"] and "new_room" not in values
        assert s.get(Room, values["room_id"]).venue_id == shonan
        no_venue = place_new_room(s, event_id, {"venue_id": None, "room_id": None, "new_room": "Table 98"})
        assert no_venue["venue_id"] == venues["Pacifico Yokohama"].id
        with pytest.raises(ValidationError) as err:
            place_new_room(s, event_id, {"venue_id": shonan, "room_id": None, "new_room": "—"})
        assert err.value.problems[0].field == "room_id"


def test_slot_editor_places_a_slot_on_a_new_stage_in_one_undoable_edit(qtbot, demo_window):
    ws = demo_window.ws
    page = demo_window.show_page("schedule").list_page
    page.new_action.trigger()
    dialog = page.dialog
    qtbot.keyClicks(dialog.title, "Pitch: Minato Bio")
    shonan = ws.read(lambda s: s.scalars(select(Venue.id).where(Venue.name == "Shonan Research Park")).one())
    dialog.venue.setCurrentIndex(dialog.venue.findData(shonan))
    dialog.start.set_wall(datetime(2026, 10, 15, 15, 0))
    dialog.end.set_wall(datetime(2026, 10, 15, 15, 20))
    qtbot.keyClicks(dialog.room.combo.lineEdit(), "Stage B")
    assert dialog.room.popup_texts() == ["Create “Stage B” in Shonan Research Park"]
    dialog.try_accept()
    assert dialog.result(), [dialog.problem_text(k) for k in dialog._errors] + [dialog.general_error.text()]

    def stage_b():
        return ws.read(lambda s: s.scalars(select(Room).where(Room.venue_id == shonan, Room.name == "Stage B")).first())

    with ws.db.session() as s:
        slot = s.scalars(select(Slot).where(Slot.title == "Pitch: Minato Bio")).one()
        assert (slot.venue_id, slot.room_id) == (shonan, stage_b().id)
    assert stage_b().kind.value == "stage"
    ws.undo_stack.undo()
    assert stage_b() is None
    assert ws.read(lambda s: s.scalars(select(Slot).where(Slot.title == "Pitch: Minato Bio")).first()) is None


def test_venue_room_and_picker_models_pass_the_model_tester(qtmodeltester, demo_workspace, venues, picker):
    venue_model = RowTableModel(VENUE_COLUMNS)
    venue_model.set_rows(list(venues.values()))
    qtmodeltester.check(venue_model, force_py=True)
    room_model = RowTableModel(ROOM_COLUMNS)
    room_model.set_rows(venues["Pacifico Yokohama"].rooms)
    qtmodeltester.check(room_model, force_py=True)
    proxy = RowFilterProxyModel()
    proxy.setSourceModel(room_model)
    qtmodeltester.check(proxy, force_py=True)
    picker.set_venue(venues["Pacifico Yokohama"].id)
    picker.set_text("Table 1")
    qtmodeltester.check(picker.all_rooms, force_py=True)
    qtmodeltester.check(picker.matches, force_py=True)
    picker.set_text("Table 404")
    qtmodeltester.check(picker.matches, force_py=True)
    assert picker.matches.index(0, 0).data(ROOM_ID_ROLE) is None  # the "Create …" line
    assert picker.matches.index(0, 0).data(Qt.ItemDataRole.EditRole) == "Table 404"
