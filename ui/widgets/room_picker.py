"""Choose a venue's room or table by typing: an editable combo that filters as you type.

The combo's drop-down lists the chosen venue's rooms and tables; the completer under the text
lists the matches of what is typed (names compared with :func:`planner.domain.places.room_key`, so
"table 07" finds "Table 7") and, when no room has that name, offers “Create “Table 12” in
<venue>”. Nothing is created here: the editor returns ``new_room`` with the name, and
:func:`place_new_room` finds or makes it (``find_or_add_room``) inside the same undoable edit
as the meeting or slot.

With no venue chosen the lists hold every venue's rooms ("Table 7 · Pacifico Yokohama"); picking
one emits :attr:`RoomPickerWidget.room_chosen` so the editor shows that venue, and a new name goes
to the partnering venue (the one whose tables partnering meetings use).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from planner.domain.enums import RoomKind
from planner.domain.enums import label as enum_label
from planner.domain.places import room_key
from planner.errors import FieldProblem, ValidationError
from planner.services.common import get_by_id
from planner.services.events.places import (
    PARTNERING_AREA,
    RoomRow,
    VenueRow,
    find_or_add_room,
    partnering_venue,
)
from planner.storage.models import Event, Venue

ROOM_ID_ROLE = Qt.ItemDataRole.UserRole + 10
_ROOT = QModelIndex()


@dataclass(frozen=True)
class RoomChoice:
    """One line of the picker: a room (``room_id``) or the offer to create ``name`` (no id)."""

    room_id: int | None
    name: str
    text: str  # what the list shows
    tooltip: str = ""


def room_details(room: RoomRow) -> str:
    """“Meeting table · 4 seats · Pacifico Yokohama”."""
    kind = enum_label(RoomKind(room.kind)) if room.kind else ""
    seats = f"{room.capacity} seat{'s' if room.capacity != 1 else ''}" if room.capacity else ""
    return " · ".join(x for x in (kind, seats, room.venue) if x)


class RoomChoiceModel(QAbstractListModel):
    """Plain :class:`RoomChoice` rows; the display text shows, the edit text is the room's name."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RoomChoice] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role == Qt.ItemDataRole.EditRole:
            return row.name  # what the completer writes into the line edit
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or None
        if role == ROOM_ID_ROLE:
            return row.room_id
        return None

    def set_rows(self, rows: Sequence[RoomChoice]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[RoomChoice]:
        return list(self._rows)

    def row_at(self, row: int) -> RoomChoice:
        return self._rows[row]


def _matches(typed: str, room: RoomRow) -> bool:
    """Every typed word is part of the name ("tab 12" finds "Table 12"; "07" finds "Table 7")."""
    words = room_key(typed).split()
    name = room_key(room.name)
    return all(w in name for w in words)


class RoomPickerWidget(QWidget):
    """Editable combo of rooms/tables; :meth:`room_id` or :meth:`new_room_name` is the choice."""

    room_chosen = Signal(int)  # a room was picked from the list (its venue may not be the chosen one)
    changed = Signal()

    def __init__(self, venues: Sequence[VenueRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._venues = {v.id: v for v in venues}
        self._rooms = {r.id: r for v in venues for r in v.rooms}
        self._venue_id: int | None = None
        self._updating = False
        self.combo = QComboBox(self)
        self.combo.setObjectName("room_combo")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMaxVisibleItems(16)
        self.all_rooms = RoomChoiceModel(self)
        self.combo.setModel(self.all_rooms)  # before our completer: setModel re-targets the completer
        self.matches = RoomChoiceModel(self)
        self.completer = QCompleter(self.matches, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.combo.lineEdit().setCompleter(self.completer)
        self.combo.lineEdit().setClearButtonEnabled(True)
        self.combo.lineEdit().setPlaceholderText("Type a table or room, or choose one…")
        self.completer.activated[QModelIndex].connect(self._on_completer_activated)
        self.combo.activated.connect(self._on_combo_activated)
        self.combo.lineEdit().textEdited.connect(self._on_edited)
        self.combo.editTextChanged.connect(self._on_text_changed)
        self.note = QLabel(self)
        self.note.setObjectName("room_note")
        self.note.setEnabled(False)
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.combo)
        layout.addWidget(self.note)
        self.setFocusProxy(self.combo)
        self.set_venue(None)

    # -- the venue -------------------------------------------------------------------------------
    def venue_id(self) -> int | None:
        return self._venue_id

    def set_venue(self, venue_id: int | None) -> None:
        """Show ``venue_id``'s rooms; a room of another venue is cleared, a new name is kept."""
        current = self.room()  # as the old venue reads the text
        text = self.text()
        self._venue_id = venue_id if venue_id in self._venues else None
        target = self.target_venue()
        if current is not None and (target is None or current.venue_id != target.id):
            text = ""  # Table 7 in Yokohama is not Table 7 in Seoul
        self._updating = True
        try:
            self.all_rooms.set_rows([self._choice(r) for r in self._venue_rooms()])
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText(text)
        finally:
            self._updating = False
        self._update_note()

    def venue_of(self, room_id: int | None) -> int | None:
        room = self._rooms.get(room_id) if room_id is not None else None
        return room.venue_id if room is not None else None

    def target_venue(self) -> VenueRow | None:
        """Where a new room goes: the chosen venue, else the partnering venue (None: one is made)."""
        if self._venue_id is not None:
            return self._venues[self._venue_id]
        return next((v for v in self._venues.values() if v.partnering), None)

    def _venue_rooms(self) -> list[RoomRow]:
        if self._venue_id is not None:
            return list(self._venues[self._venue_id].rooms)
        return [r for v in self._venues.values() for r in v.rooms]

    def _choice(self, room: RoomRow) -> RoomChoice:
        text = room.name if self._venue_id is not None else f"{room.name} · {room.venue}"
        return RoomChoice(room.id, room.name, text, room_details(room))

    # -- the choice ------------------------------------------------------------------------------
    def text(self) -> str:
        return self.combo.currentText().strip()

    def set_room(self, room_id: int | None) -> None:
        room = self._rooms.get(room_id) if room_id is not None else None
        self._updating = True
        try:
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText(room.name if room else "")
        finally:
            self._updating = False
        self._update_note()

    def set_text(self, text: str) -> None:
        """Type ``text`` as a user would (the completer list follows)."""
        self.combo.setEditText(text)
        self._on_edited(text)

    def _find(self, text: str) -> RoomRow | None:
        """The room called ``text`` (by room key) where a new one would go: the chosen venue, or
        the partnering venue when none is chosen."""
        key = room_key(text)
        target = self.target_venue()
        if not key or target is None:
            return None
        return next((r for r in target.rooms if room_key(r.name) == key), None)

    def room_id(self) -> int | None:
        """The existing room the text names (in the chosen venue, or the partnering one)."""
        room = self._find(self.text())
        return room.id if room is not None else None

    def room(self) -> RoomRow | None:
        room_id = self.room_id()
        return self._rooms[room_id] if room_id is not None else None

    def new_room_name(self) -> str:
        """The typed name of a room that does not exist yet ('' when none)."""
        text = self.text()
        return text if room_key(text) and self._find(text) is None else ""

    def create_text(self, name: str) -> str:
        target = self.target_venue()
        where = target.name if target is not None else f"a new “{PARTNERING_AREA}”"
        return f"Create “{name}” in {where}"

    # -- typing and picking ----------------------------------------------------------------------
    def _on_edited(self, text: str) -> None:
        if self._updating:
            return
        rooms = [r for r in self._venue_rooms() if _matches(text, r)] if text.strip() else self._venue_rooms()
        choices = [self._choice(r) for r in rooms]
        name = text.strip()
        if room_key(name) and self._find(name) is None:
            choices.append(RoomChoice(None, name, self.create_text(name),
                                      "Made when you save; Ctrl+Z takes it away again"))
        self.matches.set_rows(choices)
        if choices and self.combo.lineEdit().hasFocus():
            self.completer.complete()

    def _on_completer_activated(self, index: QModelIndex) -> None:
        room_id = index.data(ROOM_ID_ROLE) if index.isValid() else None
        if room_id is not None:
            self._pick(int(room_id))
        self._update_note()

    def _on_combo_activated(self, row: int) -> None:
        if 0 <= row < self.all_rooms.rowCount():
            room_id = self.all_rooms.row_at(row).room_id
            if room_id is not None:
                self._pick(room_id)

    def _pick(self, room_id: int) -> None:
        room = self._rooms[room_id]
        if self._venue_id != room.venue_id:
            self.room_chosen.emit(room_id)  # the editor switches the venue (and calls set_venue)
            if self._venue_id != room.venue_id:
                self.set_venue(room.venue_id)
        self.set_room(room_id)
        self.changed.emit()

    def _on_text_changed(self, _text: str) -> None:
        if not self._updating:
            self._update_note()
            self.changed.emit()

    def _update_note(self) -> None:
        name = self.new_room_name()
        room = self.room()
        if name:
            self.note.setText(self.create_text(name).replace("Create", "Will create", 1) + " when you save.")
        elif room is not None:
            self.note.setText(room_details(room))
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))

    def popup_texts(self) -> list[str]:
        """What the completer offers now (for tests and screenshots)."""
        return [r.text for r in self.matches.rows()]

    def choose_match(self, text: str) -> bool:
        """Activate the completer line showing ``text`` (what a click on it does)."""
        for i, row in enumerate(self.matches.rows()):
            if row.text == text:
                index = self.matches.index(i, 0)
                self.combo.setEditText(row.name)
                self._on_completer_activated(index)
                self.completer.popup().hide()
                return True
        return False


def place_new_room(session: Session, event_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """Resolve an editor's ``new_room`` into ``room_id``/``venue_id``: the room is found or made
    (``find_or_add_room``) in ``venue_id``, or in the partnering venue (made if none) when no venue
    was chosen. Call it inside the undoable edit that saves the meeting or slot."""
    values = dict(values)
    name = str(values.pop("new_room", "") or "").strip()
    if not name:
        return values
    event = get_by_id(session, Event, event_id)
    venue_id = values.get("venue_id")
    venue = get_by_id(session, Venue, venue_id) if venue_id is not None else partnering_venue(
        session, event, create=True)
    assert venue is not None
    try:
        room, _made = find_or_add_room(session, venue, name)
    except ValidationError as exc:  # the room's "name" is this editor's room field
        raise ValidationError([FieldProblem("room_id", p.message) for p in exc.problems]) from exc
    values["venue_id"], values["room_id"] = venue.id, room.id
    return values
