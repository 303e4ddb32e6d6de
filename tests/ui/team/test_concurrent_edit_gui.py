"""Two people, one record (issue 16): an editor sends back the version of the record it showed;
when someone else saved the record meanwhile the save is refused, and the editor asks — Reload
(a fresh editor showing their change), Apply my change anyway, or Cancel (back to the form, what
was typed still there). Nothing is written and nothing dropped without the user choosing it.

On a file: another program (a second ``Database.open`` of the same file, as the command line or
a sync would) is the other person; on a server the same editors and services run.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from planner.errors import ReadOnlyError
from planner.services.common import get_by_id
from planner.services.people.people import add_person, update_person
from planner.storage.database import Database
from planner.storage.models import Person
from ui.team.conflict_dialog import describe


@pytest.fixture
def priya(window) -> int:
    with window.ws.db.transaction() as session:
        return add_person(session, given_name="Priya", family_name="Shah", email="priya@example.org").id


def _open_editor(window, person_id: int) -> Any:
    page: Any = window.show_page("people")
    page.reload()
    assert page.select_id(person_id)
    page.edit_current()
    assert page.dialog is not None
    return page, page.dialog


def _someone_else_sets_job_title(window, person_id: int, title: str) -> None:
    other = Database.open(window.ws.db.path)  # another program on the same file
    try:
        with other.transaction() as session:
            update_person(session, get_by_id(session, Person, person_id), job_title=title)
    finally:
        other.close()


def _stored(window, person_id: int) -> tuple[str, str, int]:
    with window.ws.db.session() as session:
        p = get_by_id(session, Person, person_id)
        return p.family_name, p.job_title, p.version


def _press(box: QMessageBox, name: str) -> None:
    button = box.findChild(QAbstractButton, name)
    assert button is not None, name
    button.click()


def _refused_save(qtbot, window, person_id: int) -> tuple[Any, Any, QMessageBox]:
    page, dialog = _open_editor(window, person_id)
    assert dialog.record_version == _stored(window, person_id)[2]
    _someone_else_sets_job_title(window, person_id, "Chief Scientist")
    dialog.family.setText("Shah-Patel")
    dialog.try_accept()
    box = dialog.conflict_box
    assert box is not None, "the refused save must ask what to do"
    qtbot.waitUntil(box.isVisible)
    return page, dialog, box


def test_a_stale_save_is_refused_and_cancel_keeps_what_was_typed(qtbot, window, priya) -> None:
    _page, dialog, box = _refused_save(qtbot, window, priya)
    assert box.text().startswith("Priya Shah was changed by ")
    assert box.text().endswith(" after you opened it.")
    assert _stored(window, priya)[:2] == ("Shah", "Chief Scientist")  # their change, nothing of mine
    _press(box, "conflict_cancel")
    assert dialog.isVisible()
    assert dialog.family.text() == "Shah-Patel"  # what the user typed is still there
    assert "after you opened it" in dialog.general_error.text()


def test_apply_my_change_anyway_saves_the_form_over_the_latest_record(qtbot, window, priya) -> None:
    _page, dialog, box = _refused_save(qtbot, window, priya)
    version_seen_by_other = _stored(window, priya)[2]
    _press(box, "conflict_apply")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    family, _title, version = _stored(window, priya)
    assert family == "Shah-Patel"
    assert version > version_seen_by_other
    assert window.ws.undo_stack.count() == 1  # one undoable edit: mine


def test_reload_opens_the_editor_again_with_their_change(qtbot, window, priya) -> None:
    page, dialog, box = _refused_save(qtbot, window, priya)
    _press(box, "conflict_reload")
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog is not dialog)
    fresh = page.dialog
    assert fresh.job.text() == "Chief Scientist"
    assert fresh.family.text() == "Shah"
    assert fresh.record_version == _stored(window, priya)[2]
    fresh.family.setText("Shah-Patel")
    fresh.try_accept()  # from the fresh editor the save goes through
    assert _stored(window, priya)[:2] == ("Shah-Patel", "Chief Scientist")  # both changes kept


def test_the_message_names_who_and_when() -> None:
    from datetime import UTC, datetime

    from planner.errors import ConcurrentEditError

    at = datetime(2026, 12, 1, 9, 42, tzinfo=UTC)
    text = describe(ConcurrentEditError("Priya Shah", "alice", at), now=at)
    local = at.astimezone()
    assert text == f"Priya Shah was changed by alice at {local:%H:%M} after you opened it."
    assert describe(ConcurrentEditError("This person")) == \
        "This person was changed by someone else after you opened it."


PAGES = [("events", None), ("organisations", None), ("people", None), ("delegation", None),
         ("meetings", None), ("schedule", "list_page"), ("follow_ups", "leads"), ("follow_ups", "actions_page")]


@pytest.mark.parametrize(("key", "part"), PAGES)
def test_every_editor_of_an_existing_record_sends_its_version(demo_window, key: str, part: str | None) -> None:
    page: Any = demo_window.show_page(key)
    if key == "follow_ups":
        page.leads.reload()
        page.leads.table.select_row(0)
    if part:
        page = getattr(page, part)
    page.reload()
    assert page.row_count() > 0
    page.table.select_row(0)
    page.edit_current()
    dialog = page.dialog
    sent: list[dict[str, Any]] = []
    dialog._submit = lambda values: sent.append(values)
    dialog.try_accept()
    assert sent and isinstance(sent[0].get("version"), int) and sent[0]["version"] >= 1
    dialog.reject()


def test_a_refused_write_puts_the_window_in_read_only_mode_with_one_message(qtbot, window, priya) -> None:
    ws = window.ws
    page: Any = window.show_page("people")
    page.reload()
    page.select_id(priya)

    def viewer_write(_session: Any) -> None:
        raise ReadOnlyError("You can view this plan but not change it: the role viewer1 is read-only.")

    for _attempt in range(2):
        with pytest.raises(ReadOnlyError):
            ws.edit("Edit Priya Shah", viewer_write)
    assert ws.read_only
    assert window.team_mode.read_only_label.isVisible()
    assert window.team_mode.read_only_label.text() == "Read only"
    messages = [w for w in window.findChildren(QMessageBox) if w.objectName() == "read_only_message"]
    assert len(messages) == 1  # said once, not per refused write
    assert not any(a.isEnabled() for a in (page.new_action, page.edit_action, page.delete_action))
    page.table.select_row(0)  # a new selection does not bring them back
    assert not page.edit_action.isEnabled()
    page._activated(page.table.current_row())  # what a double-click on the row does
    assert page.dialog is None  # a double-click opens no editor it could not save
    assert not window.findChild(type(page.new_action), "action_new_event").isEnabled()
