"""A lead sheet .xlsx that looks like a zip bomb (planner/imports/leads/reader.py), issue 21.

Rule: a lead sheet comes back only as .xlsx, so when the workbook is refused before it is opened
(a part that expands far too much) the message says to save it again as .xlsx, never to save it
as CSV, which would lose the other sheets and the dates."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from planner.imports.errors import FileRejected
from planner.imports.leads.sheet import plan_lead_sheet
from planner.services.events.events import get_event
from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)


def test_a_lead_sheet_refused_as_a_zip_bomb_says_to_save_it_again_as_xlsx(leads_db: Database,  # noqa: F811
                                                                          tmp_path: Path):
    path = tmp_path / "leads.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)  # expands about a thousand times
    with leads_db.session() as s, pytest.raises(FileRejected) as err:
        plan_lead_sheet(s, get_event(s, "mission"), path)
    message = str(err.value)
    assert message.startswith("Part “xl/worksheets/sheet1.xml” of the workbook expands ")
    assert message.endswith("If it is a genuine workbook, save it again as .xlsx.")
    assert "CSV" not in message
