"""The schedule check, the board and the dashboard's conflict count build the timeline; only the
calendar export needs icalendar (and dateutil, ~130 modules): the timeline loads it when a
calendar is made, not when it is imported (issue 20: a command loads what its work needs)."""

from __future__ import annotations

import subprocess
import sys


def test_the_timeline_loads_icalendar_only_for_a_calendar() -> None:
    code = ("import sys; import planner.services.schedule.timeline as t; "
            "print('icalendar' in sys.modules); "
            "import planner.exports.ics; print('icalendar' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]
