"""A lead sheet saved as text is refused saying what it is (planner/imports/leads/reader.py,
check_format), issue 21.

Rules: a CSV saved as UTF-16 is a text file whichever byte order the spreadsheet wrote (Excel's
"Unicode text" is little-endian, other programs write big-endian), not "not a spreadsheet"; only
a file that starts with a tag ("<", after a byte-order mark or blanks) is called a web page or XML
file: a CSV whose first cell begins with a letter and then "<" is still a CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.imports.errors import FileRejected
from planner.imports.leads.sheet import plan_lead_sheet
from planner.services.events.events import get_event
from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)


@pytest.mark.parametrize(("content", "what"), [
    (b"\xfe\xff" + "Row id,Person\n".encode("utf-16-be"), "a CSV or text file"),  # big-endian, with its BOM
    (b"\xff\xfe" + "Row id,Person\n".encode("utf-16-le"), "a CSV or text file"),
    (b"X <10 staff,Person\n1,Ann\n", "a CSV or text file"),  # a "<" after text: no tag
    (b"\xef\xbb\xbf \r\n<?xml version='1.0'?><table/>", "a web page or XML file"),
])
def test_a_lead_sheet_saved_as_text_is_named_for_what_it_is(leads_db: Database, tmp_path: Path,  # noqa: F811
                                                            content: bytes, what: str):
    path = tmp_path / "leads.xlsx"
    path.write_bytes(content)
    with leads_db.session() as s, pytest.raises(FileRejected) as err:
        plan_lead_sheet(s, get_event(s, "mission"), path)
    assert str(err.value).startswith(f"“leads.xlsx” is {what}, and a lead sheet comes back only as an Excel "
                                     "workbook (.xlsx): CSV keeps one sheet and loses the dates.")
