"""A command loads what its work needs (issue 20): the schedule check, the board and the
dashboard's conflict count build the timeline, but only the calendar export needs icalendar (and
dateutil, ~130 modules); an import of a CSV file sanitises text, but only a workbook needs openpyxl
(with numpy, lxml and PIL)."""

from __future__ import annotations

import subprocess
import sys


def test_the_timeline_loads_icalendar_only_for_a_calendar() -> None:
    code = ("import sys; import planner.services.schedule.timeline as t; "
            "print('icalendar' in sys.modules); "
            "import planner.exports.ics; print('icalendar' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]


def test_a_csv_import_loads_openpyxl_only_for_a_workbook() -> None:
    code = ("import sys; import planner.imports.service, planner.exports.sanitize as s; "
            "print('openpyxl' in sys.modules); "
            "from openpyxl import Workbook; ws = Workbook(write_only=True).create_sheet(); "
            "print(s.text_cell(ws, '=1+1').quotePrefix)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]
