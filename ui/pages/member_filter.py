"""A member-organisation drop-down beside a list's filter box (leads, follow-up actions).

Choosing a member organisation writes ``member:"Name"`` into the filter box, keeping what else is
typed there; the box filters, as it does for a dashboard click (one filter implementation:
:mod:`planner.services.views.row_filters`). Typing or clearing ``member:`` in the box moves the
drop-down with it, so the two never disagree.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from planner.services.views.row_filters import (
    NO_MEMBER,
    FilterError,
    parse_filter_text,
    replace_filter_key,
)

ALL_MEMBERS = "All member organisations"


class MemberFilterCombo(QComboBox):
    """``view`` is the list's filter view (``leads`` or ``follow_up_actions``)."""

    def __init__(self, view: str, filter_edit: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.filter_edit = filter_edit
        self.setObjectName(f"{view}_member_filter")
        self.setToolTip("Show one member organisation's rows: writes member:\"…\" into the filter box")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumContentsLength(18)
        self._typed = False  # the last item is a name typed in the box that the list does not offer
        self.set_names([])
        self.activated.connect(self._chosen)
        filter_edit.textChanged.connect(self._follow_box)

    def set_names(self, names: list[str]) -> None:
        """Offer these member organisations (and none); the choice shown follows the box."""
        self.blockSignals(True)
        self.clear()
        self._typed = False
        self.addItem(ALL_MEMBERS, None)
        self.addItem(NO_MEMBER, "")
        for name in names:
            self.addItem(name, name)
        self.blockSignals(False)
        self._follow_box(self.filter_edit.text())

    def chosen(self) -> str | None:
        """The member organisation chosen ("" = none), or None for all."""
        data = self.currentData()
        return None if data is None else str(data)

    def choose(self, name: str | None) -> None:
        """Choose as a user would (``None`` = all): the filter box is rewritten."""
        index = self._index_of(name)
        if index < 0 and name is not None:
            index = self._typed_item(name)
        self.setCurrentIndex(index)
        self._chosen(index)

    def _typed_item(self, name: str) -> int:
        """One item (the last) stands for a name typed in the box that the list does not offer:
        reused while the user types, so the list does not grow a letter at a time."""
        if self._typed:
            self.setItemText(self.count() - 1, name)
            self.setItemData(self.count() - 1, name)
        else:
            self.addItem(name, name)
            self._typed = True
        return self.count() - 1

    def _index_of(self, name: str | None) -> int:
        for i in range(self.count() - (1 if self._typed else 0)):
            data = self.itemData(i)
            if (data is None and name is None) or (
                    data is not None and name is not None and str(data).casefold() == name.casefold()):
                return i
        return -1

    def _chosen(self, index: int) -> None:
        data = self.itemData(index)
        text = replace_filter_key(self.view, self.filter_edit.text(), "member", data)
        if text != self.filter_edit.text():
            self.filter_edit.setText(text)

    def _follow_box(self, text: str) -> None:
        try:
            spec = parse_filter_text(self.view, text).spec
        except FilterError:
            return  # the list says what is wrong with the box; the drop-down waits
        name = spec.get("member")
        index = self._index_of(name)
        if index < 0:  # a member typed by hand that the list does not offer (no such rows)
            index = self._typed_item(str(name))
        if index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)
