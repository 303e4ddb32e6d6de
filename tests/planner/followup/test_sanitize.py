"""The spreadsheet/CSV text sanitiser: formulas stay text, bad characters never crash."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from planner.exports.sanitize import (
    EXCEL_CELL_MAX,
    REPLACEMENT,
    csv_field,
    csv_phone_field,
    csv_row,
    is_phone_number,
    set_text,
    sheet_title,
    text_cell,
    xlsx_text,
)

pytestmark = pytest.mark.engines

HOSTILE = ['=HYPERLINK("http://x","y")', "+1 555", "-2+3", "@SUM(A1)", "\tx", "\rx",
           "=cmd|' /C calc'!A0", "ok\x00bad\x1fend", "\ufffe"]


def test_xlsx_text_replaces_illegal_characters_and_cuts_long_text() -> None:
    assert xlsx_text("a\x00b\x0bc\td\ne") == f"a{REPLACEMENT}b{REPLACEMENT}c\td\ne"
    assert xlsx_text(None) == ""
    assert xlsx_text(12) == "12"
    long = xlsx_text("x" * (EXCEL_CELL_MAX + 10))
    assert len(long) == EXCEL_CELL_MAX and long.endswith("…")


@pytest.mark.parametrize("write_only", [True, False])
def test_hostile_text_is_written_as_text_cells(tmp_path: Path, write_only: bool) -> None:
    path = tmp_path / "out.xlsx"
    wb = openpyxl.Workbook(write_only=write_only)
    if write_only:
        ws = wb.create_sheet("Data")
        ws.append([text_cell(ws, v) for v in HOSTILE])
    else:
        ws = wb.active
        for col, v in enumerate(HOSTILE, start=1):
            set_text(ws.cell(row=1, column=col), v)
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        sheet_xml = next(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    back = openpyxl.load_workbook(path)
    cells = next(back.worksheets[0].iter_rows(values_only=False))
    assert [c.data_type for c in cells] == ["s"] * len(HOSTILE)
    assert cells[0].value == HOSTILE[0]
    assert cells[0].quotePrefix and cells[1].quotePrefix
    assert cells[7].value == f"ok{REPLACEMENT}bad{REPLACEMENT}end"


def test_csv_field_follows_owasp() -> None:
    assert csv_field("=1+2") == "'=1+2"
    assert csv_field("+44 20") == "'+44 20"
    assert csv_field("-x") == "'-x"
    assert csv_field("@x") == "'@x"
    assert csv_field("\tx") == "'\tx"
    assert csv_field("\rx") == "'\nx"
    assert csv_field("\uff1dSUM(A1)") == "'\uff1dSUM(A1)"
    assert csv_field("Tanaka, Ltd \"K\"") == "Tanaka, Ltd \"K\""
    assert csv_field("a\r\nb\x00") == "a\nb"
    assert csv_field(None) == ""
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL).writerow(csv_row(['=1,"2"', "x"]))
    assert out.getvalue() == '"\'=1,""2""","x"\r\n'


@pytest.mark.parametrize("phone", ["+81 6 1234 5678", "+44 (0)20 7946-0958", "+1 212 555 0100 ext. 12",
                                   "06-1234-5678", "(03) 1234 5678", "+49 30/1234567", "+82 2 1234 5678 x9"])
def test_a_real_phone_number_keeps_its_plus_in_a_crm_phone_column(phone: str) -> None:
    # a CRM stores the cell's text: "'+81 6 …" would be the number (HubSpot validates E.164)
    assert is_phone_number(phone)
    assert csv_phone_field(phone) == phone
    assert csv_phone_field(f"  {phone} ") == phone
    assert csv_field(phone) == ("'" + phone if phone.startswith("+") else phone)  # other columns unchanged


@pytest.mark.parametrize("text", ["+1+cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "-2+3", "+12",
                                  "+1 (555 0100", "@SUM(A1)", "+44 20 7946 0958\t", "\uff0b81 6 1234 5678",
                                  "+1234567890123456", "+44 20 call me", "=1+2"])
def test_a_phone_cell_that_is_not_a_phone_number_is_neutralised(text: str) -> None:
    assert not is_phone_number(text.strip(" "))
    assert csv_phone_field(text) == csv_field(text)
    assert not csv_phone_field(text).startswith(("=", "+", "-", "@", "\t", "\r", "\uff0b"))


def test_sheet_titles_are_valid_and_unique() -> None:
    used: set[str] = set()
    assert sheet_title("Owner: A/B [x]*?\\", used) == "Owner AB x"
    assert sheet_title("'quoted'", used) == "quoted"
    assert sheet_title("", used) == "Sheet"
    assert sheet_title("history", used) == "history (1)"
    long = "A" * 40
    first = sheet_title(long, used)
    second = sheet_title(long.lower(), used)
    assert first == "A" * 31 and second == "a" * 27 + " (2)"
    assert len(second) <= 31
    assert sheet_title("SHEET", used) == "SHEET (2)"
    emoji = sheet_title("😀" * 20, used)
    assert len(emoji.encode("utf-16-le")) // 2 <= 31
    wb = openpyxl.Workbook()
    for title in used:
        wb.create_sheet(title)
