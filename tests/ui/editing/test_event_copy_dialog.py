"""Event ▸ Start from a past event… (issue 19): the dialog copies the demo's delegation and venues
into next year's event as one undoable step, shows what it will make, and makes nothing twice."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMenu
from sqlalchemy import func, select

from planner.services.events.events import add_event, get_event
from planner.services.events.places import list_venues
from planner.storage.models import Delegate, Delegation, Person, Venue
from ui.dialogs.event_copy_dialog import EventCopyDialog
from ui.main_window import MainWindow
from ui.workspace import Workspace

NEXT = "biojapan-2027"


@pytest.fixture
def next_year(demo_workspace: Workspace) -> Workspace:
    with demo_workspace.db.transaction() as s:
        add_event(s, code=NEXT, name="BioJapan 2027", start_date=date(2027, 10, 13),
                  end_date=date(2027, 10, 15), tz="Asia/Tokyo")
    demo_workspace.set_event(NEXT)
    return demo_workspace


def _made(ws: Workspace) -> tuple[int, int, int]:
    """(delegates, venues, people) of next year's event; people over the whole file."""
    def count(s):  # type: ignore[no-untyped-def]
        event = get_event(s, NEXT)
        delegates = s.scalar(select(func.count(Delegate.id)).join(Delegation).where(Delegation.event_id == event.id))
        venues = s.scalar(select(func.count(Venue.id)).where(Venue.event_id == event.id))
        return delegates, venues, s.scalar(select(func.count(Person.id)))
    return ws.read(count)


def test_the_event_menu_opens_the_dialog_for_the_current_event(qtbot, demo_window: MainWindow,
                                                                demo_workspace: Workspace) -> None:
    with demo_workspace.db.transaction() as s:
        add_event(s, code=NEXT, name="BioJapan 2027", start_date=date(2027, 10, 13),
                  end_date=date(2027, 10, 15), tz="Asia/Tokyo")
    demo_workspace.set_event(NEXT)
    menus = {m.title().replace("&", ""): m for m in demo_window.menuBar().findChildren(QMenu)}
    action = next(a for a in menus["Event"].actions() if a.objectName() == "action_start_from_past_event")
    assert action.text().replace("&", "") == "Start from a past event…" and action.isEnabled()
    action.trigger()
    dialog = demo_window.event_copy_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.target is not None and dialog.target.code == NEXT
    assert dialog.source_code() == "biojapan-2026"
    dialog.reject()


def test_copy_makes_what_the_counts_said_in_one_step_that_undo_takes_back(qtbot, next_year: Workspace) -> None:
    people_before = _made(next_year)[2]
    dialog = EventCopyDialog(next_year)
    qtbot.addWidget(dialog)
    assert dialog.plan is not None
    delegates, venues = dialog.plan.counts()["delegate"][0], dialog.plan.counts()["venue"][0]
    assert delegates > 0 and venues > 0
    assert f"<b>{delegates}</b>" in dialog.summary.text() and "Never copied" in dialog.never.text()
    assert "meeting" in dialog.never.text()
    steps = next_year.undo_stack.count()
    with qtbot.waitSignal(dialog.copied) as copied:
        dialog.copy_button.click()
    assert "Ctrl+Z" in copied.args[0]
    assert _made(next_year) == (delegates, venues, people_before)  # people linked, not duplicated
    assert next_year.undo_stack.count() == steps + 1
    next_year.undo_stack.undo()
    assert _made(next_year) == (0, 0, people_before)
    next_year.undo_stack.redo()
    assert _made(next_year) == (delegates, venues, people_before)


def test_a_second_time_nothing_is_new_and_copy_is_disabled(qtbot, next_year: Workspace) -> None:
    first = EventCopyDialog(next_year)
    qtbot.addWidget(first)
    first.copy_button.click()
    again = EventCopyDialog(next_year)
    qtbot.addWidget(again)
    assert again.plan is not None and again.plan.nothing_to_do
    assert not again.copy_button.isEnabled()
    assert "already here" in again.summary.text()


def test_unticked_parts_stay_behind_and_needs_follow_the_delegates(qtbot, next_year: Workspace) -> None:
    dialog = EventCopyDialog(next_year)
    qtbot.addWidget(dialog)
    assert not dialog.needs.isChecked()  # special-category data: only on purpose
    dialog.delegates.setChecked(False)
    assert not dialog.needs.isEnabled()
    dialog.venues.setChecked(False)
    assert dialog.plan is not None and dialog.plan.counts()["venue"] == (0, 0)
    assert "venues" not in dialog.summary.text()
    dialog.copy_button.click()
    assert _made(next_year)[:2] == (0, 0)
    assert next_year.read(lambda s: list_venues(s, get_event(s, NEXT))) == []


def test_with_nothing_ticked_copy_cannot_run(qtbot, next_year: Workspace) -> None:
    dialog = EventCopyDialog(next_year)
    qtbot.addWidget(dialog)
    for check in (dialog.organisations, dialog.delegates, dialog.venues, dialog.contacts):
        check.setChecked(False)
    assert not dialog.copy_button.isEnabled()
    assert dialog.summary.text() == "Tick what comes along."


def test_with_no_other_event_copy_cannot_run(qtbot, workspace: Workspace) -> None:
    with workspace.db.transaction() as s:
        add_event(s, code=NEXT, name="BioJapan 2027", start_date=date(2027, 10, 13),
                  end_date=date(2027, 10, 15), tz="Asia/Tokyo")
    workspace.set_event(NEXT)
    alone = EventCopyDialog(workspace)
    qtbot.addWidget(alone)
    assert not alone.copy_button.isEnabled()
    assert "no other event" in alone.summary.text()
