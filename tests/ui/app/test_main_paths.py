"""The main paths, driven the way a user does: keyboard and mouse through qtbot."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from planner.services.views.listings import list_delegates
from ui.pages.welcome_page import WelcomePage


def _ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _type(qtbot, widget, text: str) -> None:
    """Type ``text`` as key events (QTest only knows ASCII keys, so others go as text events)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def _shortcut(qtbot, window, key, modifiers) -> None:
    window.activateWindow()
    qtbot.keyClick(window, key, modifiers)


def test_create_event_add_delegate_edit_and_undo(qtbot, window):
    ws = window.ws
    welcome = window.pages["welcome"]
    assert isinstance(welcome, WelcomePage) and window.stack.currentWidget() is welcome

    # Create an event from the welcome page; a bad code is reported next to its field.
    qtbot.mouseClick(welcome.new_button, Qt.MouseButton.LeftButton)
    events = window.pages["events"]
    dialog = events.dialog
    assert dialog is not None and dialog.isVisible()
    _type(qtbot, dialog.code, "Bad Code!")
    _type(qtbot, dialog.name, "BIO-Europe Spring 2027")
    dialog.tz.setCurrentText("Europe/Madrid")
    _ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "lower-case" in dialog.problem_text("code")
    dialog.code.clear()
    _type(qtbot, dialog.code, "bio-europe-2027")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: ws.current_event is not None)
    assert ws.current_event.code == "bio-europe-2027" and ws.current_event.tz == "Europe/Madrid"
    assert window.event_combo.currentData() == "bio-europe-2027"
    assert window.current_page_key() == "dashboard"
    assert ws.undo_stack.undoText() == "New event BIO-Europe Spring 2027"

    # Add a person with a native-script name, then put them in the delegation.
    people = window.show_page("people")
    qtbot.mouseClick(people.table.toolbar.itemAt(0).widget(), Qt.MouseButton.LeftButton)  # New…
    person_dialog = people.dialog
    _type(qtbot, person_dialog.given, "Hana")
    _type(qtbot, person_dialog.family, "Kobayashi")
    person_dialog.order.setCurrentIndex(person_dialog.order.findData("family_first"))
    _type(qtbot, person_dialog.native, "小林 花")
    _type(qtbot, person_dialog.email, "hana.kobayashi@example.jp")
    _type(qtbot, person_dialog.organisation.edit, "Kobayashi Therapeutics")
    assert person_dialog.preview.text() == "KOBAYASHI Hana"
    _ok(qtbot, person_dialog)
    assert not person_dialog.isVisible()
    assert people.model.rowCount() == 1 and people.model.index(0, 2).data() == "Kobayashi Therapeutics"

    delegation = window.show_page("delegation")
    qtbot.mouseClick(delegation.table.toolbar.itemAt(0).widget(), Qt.MouseButton.LeftButton)
    add = delegation.dialog
    _ok(qtbot, add)  # no person chosen yet: said next to the picker
    assert "Choose a person" in add.problem_text("person")
    _type(qtbot, add.person.edit, "小林")
    assert add.person.matches() and "KOBAYASHI Hana" in add.person.matches()[0]
    assert add.person.choose_first()
    add.role.setCurrentIndex(add.role.findData("speaker"))
    _ok(qtbot, add)
    assert delegation.model.rowCount() == 1
    assert delegation.model.row_at(0).role == "speaker"

    # Edit (Enter on the selected row), then undo and redo with the keyboard.
    delegation.table.select_row(0)
    delegation.table.view.setFocus()
    qtbot.keyClick(delegation.table.view, Qt.Key.Key_Return)
    edit = delegation.dialog
    assert edit is not None
    _type(qtbot, edit.hotel, "Hotel Arts Barcelona")
    _ok(qtbot, edit)
    assert delegation.model.row_at(0).hotel == "Hotel Arts Barcelona"
    assert ws.undo_stack.undoText() == "Edit delegate KOBAYASHI Hana"
    undo = window.findChild(type(window.menuBar().actions()[0]), "action_undo")
    assert undo.text() == "&Undo Edit delegate KOBAYASHI Hana"
    _shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: delegation.model.row_at(0).hotel == "")
    assert ws.read(lambda s: list_delegates(s, ws.current_event.id))[0].hotel == ""
    _shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: delegation.model.row_at(0).hotel == "Hotel Arts Barcelona")

    # Undo everything back to an empty file.
    while ws.undo_stack.canUndo():
        ws.undo_stack.undo()
    assert ws.events() == []
    assert ws.read(lambda s: list_delegates(s, 1)) == []
