"""A lead sheet comes back only as .xlsx (planner/imports/leads/reader.py, check_format), issue 21:
a file saved in another format is refused by its content, not its name, with what it is and how
to save it as .xlsx."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from planner.imports.errors import FileRejected
from planner.imports.files.xlsx import CFB_MAGIC
from planner.imports.leads.reader import check_format

SAVE_AS = ("open it in Excel or LibreOffice Calc, choose File › Save As, pick the type “Excel Workbook (.xlsx)” "
           "(LibreOffice: “Excel 2007-365”) and import the .xlsx file")


def refusal(path: Path) -> str:
    with pytest.raises(FileRejected) as err:
        check_format(path)
    return str(err.value)


@pytest.mark.parametrize("content, what", [
    (b"Row id,Person\n1,Ann\n", "a CSV or text file"),
    ("Row id,Person\n".encode("utf-16"), "a CSV or text file"),  # UTF-16 text has zero bytes
    (b"\xef\xbb\xbf  <html><table></table></html>", "a web page or XML file"),
    (b"\x00\x01\x02binary", "not a spreadsheet"),
])
def test_a_lead_sheet_saved_as_text_is_refused_saying_what_it_is(tmp_path: Path, content: bytes, what: str):
    path = tmp_path / "leads.xlsx"  # the name says .xlsx: the content decides
    path.write_bytes(content)
    assert refusal(path) == (
        f"“leads.xlsx” is {what}, and a lead sheet comes back only as an Excel workbook (.xlsx): CSV keeps one "
        "sheet and loses the dates. Import the .xlsx that “export leads” wrote, with your edits in it; if you "
        f"made the edits in this file, {SAVE_AS}.")


def test_an_old_or_password_protected_workbook_is_refused_with_how_to_save_it(tmp_path: Path):
    path = tmp_path / "leads.xls"
    path.write_bytes(CFB_MAGIC + b"\x00" * 512)
    assert refusal(path) == (
        "“leads.xls” is an Excel 97–2003 workbook (.xls) or a password-protected workbook, and a lead sheet "
        f"comes back only as .xlsx: {SAVE_AS} (remove any password first: File › Info › Protect Workbook).")


def test_an_opendocument_sheet_and_another_zip_are_refused(tmp_path: Path):
    ods = tmp_path / "leads.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    assert refusal(ods) == (
        f"“leads.ods” is an OpenDocument spreadsheet (.ods), and a lead sheet comes back only as .xlsx: {SAVE_AS} "
        "(choose “Use Excel 2007-365!” when asked to keep the format).")
    other = tmp_path / "leads.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "hello")
    assert refusal(other) == (
        "“leads.zip” is a zip archive but not an Excel workbook: import the lead sheet .xlsx that “export leads” "
        f"wrote; if your spreadsheet saved it in another format, {SAVE_AS}.")


def test_an_xlsx_workbook_passes_and_a_damaged_zip_is_left_to_the_preflight(tmp_path: Path):
    good = tmp_path / "leads.xlsx"
    openpyxl.Workbook().save(good)
    check_format(good)
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    check_format(damaged)
