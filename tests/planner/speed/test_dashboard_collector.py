"""The dashboard counts with Python's cyclic garbage collector paused — and always gives it back.

What the speed rests on (bench/dashboard.py times it): the conflict count and the figures make
tens of thousands of small objects that live until the count returns, and every pass of the
collector meanwhile walks the whole heap (about a third of the count's CPU at ``demo --scale 100``).
What must never break: the collector is on again afterwards — also when the check fails — and a
collector someone else turned off stays off; the figures are the same as with it on.
"""

from __future__ import annotations

import contextlib
import gc
from datetime import date

import pytest

from planner.services.events.events import get_event
from planner.services.schedule import conflict_cache
from planner.services.schedule.conflict_cache import collector_paused, count_open_conflicts
from planner.services.views import dashboard
from planner.services.views.dashboard import build_dashboard

TODAY = date(2026, 11, 11)


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


class _Report:
    open = [type("Row", (), {"kind": "double_booking"})()] * 3


def test_the_conflict_check_runs_with_the_collector_paused_and_gives_it_back(monkeypatch, collector_on):
    seen = []

    def check(session, event, **kw):
        seen.append(gc.isenabled())
        return _Report()

    monkeypatch.setattr(conflict_cache, "check_event", check)
    assert count_open_conflicts(None, None).by_kind == (("double_booking", 3),)  # type: ignore[arg-type]
    assert seen == [False] and gc.isenabled()


def test_a_failing_check_gives_the_collector_back(monkeypatch, collector_on):
    def check(session, event, **kw):
        raise RuntimeError("the file went away")

    monkeypatch.setattr(conflict_cache, "check_event", check)
    with pytest.raises(RuntimeError):
        count_open_conflicts(None, None)  # type: ignore[arg-type]
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off(collector_on):
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
    with collector_paused():  # nested: the inner pause does not turn it on for the outer one
        with collector_paused():
            pass
        assert not gc.isenabled()


def test_the_figures_are_counted_with_the_collector_paused_and_equal_those_counted_with_it_on(
        demo_db, monkeypatch, collector_on):
    seen = []
    real = dashboard.action_facts

    def facts(session, event):
        seen.append(gc.isenabled())
        return real(session, event)

    with demo_db.session() as s:
        event = get_event(s, "biojapan-2026")
        paused = build_dashboard(s, event, today=TODAY)
        with monkeypatch.context() as m:  # the same build with the collector left on
            m.setattr(dashboard, "collector_paused", contextlib.nullcontext)
            on = build_dashboard(s, event, today=TODAY)
        monkeypatch.setattr(dashboard, "action_facts", facts)
        build_dashboard(s, event, today=TODAY, with_conflicts=False)
    assert paused == on and paused.figure("conflicts").value == 7
    assert seen == [False] and gc.isenabled()

