"""A time typed in the night the clocks go back happens twice: the editor asks which one."""

from __future__ import annotations

from datetime import datetime

from ui.widgets.dual_time_edit import DualTimeEditWidget


def test_a_repeated_time_must_be_chosen_and_an_ordinary_one_needs_no_choice(qtbot) -> None:
    edit = DualTimeEditWidget("Europe/London", "Asia/Tokyo")
    qtbot.addWidget(edit)
    edit.show()
    edit.set_wall(datetime(2026, 10, 25, 1, 30))
    assert edit.occurrence.isVisible() and edit.fold() is None  # never guessed
    assert "twice" in edit.home_label.text()
    edit.occurrence.setCurrentIndex(edit.occurrence.findData(1))
    assert edit.fold() == 1 and "GMT" in edit.occurrence.currentText()
    edit.set_wall(datetime(2026, 10, 25, 10, 0))
    assert not edit.occurrence.isVisible() and edit.fold() == 0
    edit.set_wall(datetime(2026, 10, 25, 1, 15), fold=0)  # a saved meeting opens as it was saved
    assert edit.fold() == 0 and "BST" in edit.occurrence.currentText()
