"""A small mission on a fresh file: an event in Yokohama, two delegates and a counterpart."""

from __future__ import annotations

from datetime import date

import pytest

from planner.services.events import delegations, events
from planner.services.people import people
from ui.main_window import MainWindow


@pytest.fixture
def mission(workspace):
    """The workspace with event ``yokohama-2026`` (Asia/Tokyo) chosen; no venues yet."""
    with workspace.db.transaction() as s:
        event = events.add_event(s, code="yokohama-2026", name="BioJapan Yokohama", start_date=date(2026, 10, 14),
                                 end_date=date(2026, 10, 16), tz="Asia/Tokyo", home_tz="Europe/London")
        delegation = delegations.event_delegation(s, event, create=True)
        for given, family, email in (("Alice", "Moss", "alice@example.org"), ("Bob", "Reyes", "bob@example.org")):
            person = people.add_person(s, given_name=given, family_name=family, email=email)
            delegations.add_delegate(s, delegation, person)
        people.add_person(s, given_name="Kenji", family_name="Sato", email="kenji@minato.example")
    workspace.set_event("yokohama-2026")
    return workspace


@pytest.fixture
def mission_window(qtbot, mission, settings):
    window = MainWindow(mission, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
