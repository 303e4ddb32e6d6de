"""Create or edit a room, stage, booth, hall or meeting table of a venue."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from planner.domain.enums import RoomKind
from planner.domain.places import guess_room_kind
from planner.services.events.places import MAX_CAPACITY, RoomRow
from ui.dialogs.form_dialog import FormDialog, Submit
from ui.widgets.fields import combo_value, enum_combo


class RoomDialog(FormDialog):
    """``initial`` is a :class:`RoomRow` (edit) or None (new in ``venue_name``)."""

    def __init__(self, submit: Submit, venue_name: str, initial: RoomRow | None = None,
                 parent: QWidget | None = None) -> None:
        title = f"Edit {initial.name} in {venue_name}" if initial else f"New room or table in {venue_name}"
        super().__init__(title, submit, parent)
        self.name = self.add_field("name", "Name", QLineEdit(initial.name if initial else ""),
                                   hint="“Table 7”, “table 07” and “Ｔａｂｌｅ７” are the same table")
        self.name.setPlaceholderText("e.g. Table 12, Stage A, Booth 3")
        self.kind = self.add_field("kind", "Kind", enum_combo(RoomKind, initial.kind if initial else "room"))
        self._kind_touched = initial is not None
        self.kind.activated.connect(lambda _i: setattr(self, "_kind_touched", True))
        self.name.textEdited.connect(self._guess_kind)
        self.capacity = QSpinBox(self)
        self.capacity.setRange(0, MAX_CAPACITY)
        self.capacity.setSpecialValueText("—")
        self.capacity.setSuffix(" people")
        self.capacity.setValue(initial.capacity or 0 if initial else 0)
        self.add_field("capacity", "Capacity", self.capacity)
        self.resize(440, self.sizeHint().height())

    def _guess_kind(self, text: str) -> None:
        """A new "Table 12" is a meeting table until the kind is chosen by hand."""
        if not self._kind_touched:
            self.kind.setCurrentIndex(max(0, self.kind.findData(guess_room_kind(text).value)))

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "kind": combo_value(self.kind),
                "capacity": self.capacity.value() or None}
