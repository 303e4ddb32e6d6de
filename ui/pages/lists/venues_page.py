"""Venues of the current event and, below them, the selected venue's rooms and tables.

Every change is one undoable edit over the places service (add/update venue and room, travel
minutes, the partnering venue) or the removal service (a delete with what goes with it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox, QSplitter, QVBoxLayout, QWidget
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from planner.domain.enums import RoomKind
from planner.domain.places import room_key
from planner.errors import FieldProblem, PlannerError, ValidationError
from planner.services.common import get_by_id
from planner.services.editing.dependents import plan_delete
from planner.services.editing.removal import KINDS, remove_records
from planner.services.events.places import (
    RoomRow,
    VenueRow,
    add_room,
    add_venue,
    clear_travel_minutes,
    list_venues,
    set_travel_minutes,
    update_room,
    update_venue,
)
from planner.storage.models import Room, Venue
from ui.dialogs.error_dialog import show_error
from ui.dialogs.records.room_dialog import RoomDialog
from ui.dialogs.records.venue_dialog import TravelTimesDialog, VenueDialog
from ui.models.columns import RIGHT, Column, attr, enum_text, nullable_sort
from ui.models.row_filter_proxy_model import RowFilterProxyModel
from ui.models.row_table_model import RowTableModel
from ui.pages.lists.list_page import ListPage
from ui.widgets.table_view_widget import TableViewWidget


def _travel_text(row: VenueRow) -> str:
    return ", ".join(f"{name} {minutes} min" for name, minutes in row.travel)


VENUE_COLUMNS = [
    Column("name", "Venue", attr("name"), width=28),
    Column("partnering", "Partnering", lambda r: "★ partnering" if r.partnering else "",
           lambda r: not r.partnering),
    Column("tz", "Time zone", attr("tz"), width=14),
    Column("hours", "Hours", attr("hours"), lambda r: nullable_sort(r.opens, time.min)),
    Column("rooms", "Rooms", lambda r: str(len(r.rooms)), lambda r: len(r.rooms), RIGHT),
    Column("city", "City", attr("city"), width=12),
    Column("address", "Address", lambda r: " ".join(r.address.split()), tooltip=attr("address"), width=30),
    Column("travel", "Travel times", _travel_text,
           tooltip=lambda r: "\n".join(f"to {n}: {m} min" for n, m in r.travel), width=40),
]


def natural_key(name: str) -> tuple[str, ...]:
    """Table 2 before Table 10."""
    return tuple(t.zfill(8) if t.isdigit() else t for t in room_key(name).split())


ROOM_COLUMNS = [
    Column("name", "Room / table", attr("name"), lambda r: natural_key(r.name), width=24),
    Column("kind", "Kind", enum_text("kind", RoomKind), width=16),
    Column("capacity", "Capacity", lambda r: str(r.capacity) if r.capacity else "",
           lambda r: nullable_sort(r.capacity, 0), RIGHT, width=8),
]


def delete_summary(session: Session, kind: str, ids: list[int]) -> tuple[dict[str, int], dict[str, int]]:
    """Rows a delete takes with it, and rows that lose a reference (each row counted once)."""
    deleted: dict[str, int] = {}
    cleared: dict[str, set[Any]] = {}
    for ident in ids:
        obj = get_by_id(session, KINDS[kind], ident)
        deletions, clears = plan_delete(session, obj)
        for d in deletions:
            if d is not obj:
                table = inspect(d).mapper.local_table.name
                deleted[table] = deleted.get(table, 0) + 1
        for c, _attr in clears:
            cleared.setdefault(inspect(c).mapper.local_table.name, set()).add(inspect(c).identity)
    return deleted, {t: len(rows) for t, rows in cleared.items()}


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class VenuesPage(ListPage):
    KEY = "venues"
    TITLE = "Venues"
    KIND = "venue"
    TABLES = frozenset({"venue", "room", "venue_travel", "event"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.new_action.setText("&Add venue…")
        self.travel_action = self._action("&Travel times…", self.edit_travel, None, "travel")
        self.partnering_action = self._action("Make &partnering venue", self.make_partnering, None, "partnering")
        self.partnering_action.setToolTip("Partnering meetings use this venue's tables when only a table is named")
        for action in (self.travel_action, self.partnering_action):
            self.table.add_button(action)
        self.room_model = RowTableModel(ROOM_COLUMNS, self)
        self.room_proxy = RowFilterProxyModel(self)
        self.room_proxy.setSourceModel(self.room_model)
        self.rooms = TableViewWidget("venue_rooms", self.room_proxy, self.room_proxy.set_filter_text,
                                     self.settings.ui_state, placeholder="Filter rooms and tables…")
        self.rooms.view.setSelectionMode(self.rooms.view.SelectionMode.SingleSelection)
        self.rooms.view.horizontalHeader().setStretchLastSection(False)  # capacity stays by its name
        self.add_room_action = self._action("Add room/&table…", lambda: self.open_room_editor(None), None, "add_room")
        self.edit_room_action = self._action("Edit &room…", self.edit_current_room, None, "edit_room")
        self.delete_room_action = self._action("Delete r&oom", self.delete_room,
                                               QKeySequence.StandardKey.Delete, "delete_room")
        for action in (self.add_room_action, self.edit_room_action, self.delete_room_action):
            self.rooms.add_button(action)
        self.rooms_heading = QLabel(self)
        self.rooms_heading.setObjectName("rooms_heading")
        font = self.rooms_heading.font()
        font.setBold(True)
        self.rooms_heading.setFont(font)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addWidget(self.rooms_heading)
        lower_layout.addWidget(self.rooms, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.table)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)  # a few venues, dozens of tables
        layout.addWidget(self.splitter, 1)
        self.table.selection_changed.connect(self.show_rooms)
        self.rooms.selection_changed.connect(self._update_actions)
        self.rooms.activated.connect(self.open_room_editor)
        self.show_rooms()

    # -- the venue table ---------------------------------------------------------------------------
    def columns(self) -> list[Any]:
        return VENUE_COLUMNS

    def load_rows(self) -> list[Any]:
        return self.ws.read(lambda s: list_venues(s, self.ws.event_orm(s)))

    def describe(self, row: Any) -> str:
        return str(row.name)

    def hint_text(self, has_event: bool) -> str:
        if has_event and self.row_count() == 0 and not self.table.filter_edit.text():
            return ("No venues yet: use Add venue… — the conference centre, the hotel, a side trip "
                    "(a venue in Seoul keeps Seoul time).")
        return super().hint_text(has_event)

    def reload(self) -> None:
        rooms = {getattr(r, "id", None) for r in self.rooms.selected_rows()}
        super().reload()
        if not self.table.selected_rows() and self.row_count():
            self.table.select_row(0)
        self.show_rooms()
        if rooms:
            self.rooms.select_where(lambda r: r.id in rooms)

    def current_venue(self) -> VenueRow | None:
        row = self.table.current_row()
        return row if isinstance(row, VenueRow) else None

    def _update_selection_actions(self) -> None:
        super()._update_selection_actions()
        if not hasattr(self, "rooms"):
            return
        venue = self.current_venue()
        room = self.rooms.current_row()
        has_others = self.model.rowCount() > 1
        self.travel_action.setEnabled(venue is not None and has_others)
        self.partnering_action.setEnabled(venue is not None and not venue.partnering)
        self.add_room_action.setEnabled(venue is not None)
        self.edit_room_action.setEnabled(room is not None)
        self.delete_room_action.setEnabled(room is not None)

    def open_editor(self, row: Any | None) -> None:
        event = self.ws.current_event
        assert event is not None
        venue_id = row.id if row is not None else None
        old_name = row.name if row is not None else ""

        def submit(values: dict[str, Any]) -> int:
            if venue_id is None:
                return self.ws.edit(f"New venue {values['name']}".strip(),
                                    lambda s: add_venue(s, self.ws.event_orm(s), **values).id)
            return self.ws.edit(f"Edit venue {old_name}",
                                lambda s: update_venue(s, get_by_id(s, Venue, venue_id), **values).id)

        self.show_dialog(VenueDialog(submit, event.tz, row, self))

    def make_partnering(self) -> None:
        venue = self.current_venue()
        if venue is None or venue.partnering:
            return
        self._edit(f"Make {venue.name} the partnering venue",
                   lambda s: update_venue(s, get_by_id(s, Venue, venue.id), partnering=True).id)
        self.status_message.emit(f"{venue.name} is the partnering venue")

    def edit_travel(self) -> None:
        venue = self.current_venue()
        if venue is None:
            return
        others = [r for r in self.model.rows() if r.id != venue.id]

        def submit(values: dict[str, Any]) -> int:
            changes, both = values["changes"], values["both_ways"]

            def edit(s: Session) -> int:
                here = get_by_id(s, Venue, venue.id)
                for other_id, minutes in changes.items():
                    there = get_by_id(s, Venue, other_id)
                    try:
                        if minutes is None:
                            clear_travel_minutes(s, here, there, both_ways=both)
                        else:
                            set_travel_minutes(s, here, there, minutes, both_ways=both)
                    except ValidationError as exc:
                        raise ValidationError([FieldProblem(f"to_{other_id}", p.message)
                                               for p in exc.problems]) from exc
                return venue.id

            return self.ws.edit(f"Travel times from {venue.name}", edit)

        self.show_dialog(TravelTimesDialog(submit, venue, others, self))

    def delete_selected(self) -> None:
        venue = self.current_venue()
        if venue is not None:
            self._delete("venue", venue.id, venue.name)

    # -- the rooms of the selected venue -----------------------------------------------------------
    def show_rooms(self) -> None:
        venue = self.current_venue()
        self.room_model.set_rows(venue.rooms if venue is not None else [])
        if venue is None:
            self.rooms_heading.setText("Rooms and tables — select a venue above")
        else:
            where = f" · {venue.tz}" if self.ws.current_event and venue.tz != self.ws.current_event.tz else ""
            self.rooms_heading.setText(f"Rooms and tables of {venue.name} ({len(venue.rooms)}){where}")
        self._update_actions()

    def edit_current_room(self) -> None:
        room = self.rooms.current_row()
        if room is not None:
            self.open_room_editor(room)

    def open_room_editor(self, room: RoomRow | None) -> None:
        venue = self.current_venue()
        if venue is None:
            return
        room_id = room.id if room is not None else None

        def submit(values: dict[str, Any]) -> int:
            if room_id is None:
                return self.ws.edit(f"New {values['name'].strip() or 'room'} in {venue.name}",
                                    lambda s: add_room(s, get_by_id(s, Venue, venue.id), **values).id)
            return self.ws.edit(f"Edit {room.name} in {venue.name}",  # type: ignore[union-attr]
                                lambda s: update_room(s, get_by_id(s, Room, room_id), **values).id)

        dialog = RoomDialog(submit, venue.name, room, self)
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            self.reload()
            if dialog.result_value is not None:
                self.rooms.select_where(lambda r: r.id == dialog.result_value)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def delete_room(self) -> None:
        room = self.rooms.current_row()
        if room is not None:
            self._delete("room", room.id, f"{room.name} of {room.venue}")

    # -- shared ----------------------------------------------------------------------------------
    def _delete(self, kind: str, ident: int, what: str) -> None:
        deleted, cleared = self.ws.read(lambda s: delete_summary(s, kind, [ident]))
        lines = [f"Delete {what}?"]
        goes = [_n(deleted[t], one, many) for t, one, many in (
            ("room", "room or table", "rooms and tables"), ("venue_travel", "travel time", "travel times"))
            if deleted.get(t)]
        if goes:
            lines.append("This also deletes " + " and ".join(goes) + ".")
        lose = [_n(cleared[t], one, many) for t, one, many in (
            ("meeting", "meeting", "meetings"), ("slot", "slot or side event", "slots and side events"))
            if cleared.get(t)]
        if lose:
            place = "venue" if kind == "venue" else "room or table"
            lines.append(" and ".join(lose) + f" will have no {place} (their times stay).")
        lines.append("You can undo this with Ctrl+Z.")
        if self.settings.preferences.confirm_delete:
            answer = QMessageBox.question(self, "Delete", "\n\n".join(lines),
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                          QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self._edit(f"Delete {what}", lambda s: remove_records(s, kind, [ident])):
            self.status_message.emit(f"Deleted {what}")

    def _edit(self, label: str, fn: Callable[[Session], Any]) -> bool:
        try:
            self.ws.edit(label, fn)
        except PlannerError as exc:
            show_error(self, self.TITLE, str(exc))
            return False
        return True
