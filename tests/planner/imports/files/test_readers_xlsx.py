from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from planner.imports.errors import FileRejected
from planner.imports.files import xlsx
from planner.imports.files.readers import read_table

SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def _inline_row(number: int, *values: str) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "People"
    ws.append(["Given name", "Family name", "Email", "Joined", "Start", "Seats", "Ratio"])
    ws.append(["Taro", "Yamada", "taro@example.jp", dt.datetime(2026, 10, 14), dt.time(9, 30),
               3.0, 0.25])
    ws.append([None, None, None])
    ws.append(["Zoë", "Ødegård", "zoe@example.no", dt.datetime(2026, 10, 15, 14, 5), None, 12,
               None])
    other = wb.create_sheet("Meetings")
    other.append(["Date", "Start"])
    other.append([dt.date(2026, 10, 14), "10:00"])
    wb.save(path)
    return path


def test_xlsx_cells_become_sensible_strings(tmp_path: Path) -> None:
    table = read_table(_workbook(tmp_path / "p.xlsx"))
    assert table.format == "xlsx"
    assert table.sheet == "People" and table.sheets == ["People", "Meetings"]
    assert table.headers[:3] == ["Given name", "Family name", "Email"]
    first, second = table.rows
    assert first.line == 2 and second.line == 4
    assert first.cells["Joined"] == "2026-10-14"
    assert first.cells["Start"] == "09:30"
    assert first.cells["Seats"] == "3"
    assert first.cells["Ratio"] == "0.25"
    assert second.cells["Joined"] == "2026-10-15 14:05"
    assert second.cells["Seats"] == "12"
    assert second.cells["Start"] == ""


def test_chosen_sheet_and_unknown_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "p.xlsx")
    table = read_table(path, sheet="meetings")
    assert table.sheet == "Meetings"
    assert table.rows[0].cells == {"Date": "2026-10-14", "Start": "10:00"}
    with pytest.raises(FileRejected) as info:
        read_table(path, sheet="Leads")
    assert "“People”" in info.value.message and "“Meetings”" in info.value.message


def test_xlsx_content_renamed_csv_is_read_as_xlsx(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "p.xlsx")
    renamed = tmp_path / "p.csv"
    renamed.write_bytes(path.read_bytes())
    assert read_table(renamed).format == "xlsx"


def test_zip_bomb_is_rejected_before_parsing(
    tmp_path: Path, make_raw_xlsx: Callable[..., Path]
) -> None:
    row = _inline_row(2, "x" * 50, "y" * 50)
    body = SHEET_HEAD + _inline_row(1, "Name", "Email") + row * (60_000_000 // len(row)) + SHEET_TAIL
    path = make_raw_xlsx(tmp_path / "bomb.xlsx", body.encode())
    assert path.stat().st_size < 1_000_000
    with pytest.raises(FileRejected, match="zip bomb"):
        read_table(path)


def test_total_uncompressed_size_is_bounded(
    tmp_path: Path, make_raw_xlsx: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED", 1000)
    body = SHEET_HEAD + "".join(_inline_row(i, f"n{i}", f"e{i}") for i in range(1, 60)) + SHEET_TAIL
    with pytest.raises(FileRejected, match="expands to"):
        read_table(make_raw_xlsx(tmp_path / "big.xlsx", body))


def test_too_many_members(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(10_001):
            zf.writestr(f"junk/{i}.xml", "")
    with pytest.raises(FileRejected, match="10,000"):
        read_table(path)


def test_billion_laughs_is_refused(tmp_path: Path, make_raw_xlsx: Callable[..., Path]) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    body = (
        '<?xml version="1.0"?><!DOCTYPE lolz [' + entities + "]>"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + _inline_row(1, "Name") + _inline_row(2, "&lol9;") + SHEET_TAIL
    )
    path = make_raw_xlsx(tmp_path / "lol.xlsx", body)
    with pytest.raises(FileRejected, match="entity"):
        read_table(path)


def test_entity_in_workbook_part_is_refused(
    tmp_path: Path, make_raw_xlsx: Callable[..., Path]
) -> None:
    body = SHEET_HEAD + _inline_row(1, "Name") + _inline_row(2, "A") + SHEET_TAIL
    path = make_raw_xlsx(tmp_path / "e.xlsx", body,
                         workbook_doctype='<!DOCTYPE w [<!ENTITY a "aaaa">]>')
    with pytest.raises(FileRejected, match="entity"):
        read_table(path)


def test_hand_made_workbook_reads(tmp_path: Path, make_raw_xlsx: Callable[..., Path]) -> None:
    body = SHEET_HEAD + _inline_row(1, "Name", "Email") + _inline_row(3, "A", "a@x.org") + SHEET_TAIL
    table = read_table(make_raw_xlsx(tmp_path / "ok.xlsx", body))
    assert [(r.line, r.cells) for r in table.rows] == [(3, {"Name": "A", "Email": "a@x.org"})]


@pytest.mark.parametrize("name", ["old.xls", "renamed.xlsx", "renamed.csv"])
def test_legacy_xls_or_encrypted_workbook(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    with pytest.raises(FileRejected, match=r"legacy \.xls file or a password-protected"):
        read_table(path)


def test_not_a_zip_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("Name,Email\nA,a@x.org\n")
    with pytest.raises(FileRejected, match="not a zip"):
        read_table(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<x/>")
    with pytest.raises(FileRejected, match="OpenDocument"):
        read_table(path)


def test_empty_sheet_and_header_only_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "empty.xlsx")
    with pytest.raises(FileRejected, match="empty"):
        read_table(tmp_path / "empty.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Name", "Email"])
    wb.save(tmp_path / "header.xlsx")
    with pytest.raises(FileRejected, match="no data rows"):
        read_table(tmp_path / "header.xlsx")


def test_defusedxml_is_active() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_cell_text_conversions() -> None:
    assert xlsx.cell_text(None) == ""
    assert xlsx.cell_text(True) == "TRUE"
    assert xlsx.cell_text(1.0) == "1"
    assert xlsx.cell_text(1.5) == "1.5"
    assert xlsx.cell_text(dt.date(2026, 1, 2)) == "2026-01-02"
    assert xlsx.cell_text(dt.time(7, 5, 9)) == "07:05:09"
    assert xlsx.cell_text(dt.timedelta(hours=1, minutes=30)) == "1:30"
