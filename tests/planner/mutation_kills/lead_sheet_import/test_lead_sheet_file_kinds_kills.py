"""What kind of file came back instead of the lead sheet .xlsx (planner/imports/leads/reader.py,
check_format), issue 21.

Rules: a workbook is recognised by its workbook part wherever the program that saved it put it
(not only under xl/), so it is not refused as "not an Excel workbook"; an OpenDocument file is
recognised by either of its marks (the mimetype entry or the content part), so the user is told
to save it as .xlsx; a text file is judged by its first 4 KB, so a stray zero byte far into a long
CSV does not make it "not a spreadsheet"."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from planner.imports.errors import FileRejected
from planner.imports.leads.reader import check_format


def zipped(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return path


def test_a_workbook_whose_workbook_part_is_in_another_folder_passes(tmp_path: Path):
    check_format(zipped(tmp_path / "leads.xlsx", ["[Content_Types].xml", "_rels/.rels", "excel/workbook.xml"]))


@pytest.mark.parametrize("names", [
    ["mimetype", "META-INF/manifest.xml"],  # the content part missing
    ["content.xml", "styles.xml"],  # the mimetype entry missing
])
def test_an_opendocument_file_is_recognised_by_either_of_its_marks(tmp_path: Path, names: list[str]):
    with pytest.raises(FileRejected) as err:
        check_format(zipped(tmp_path / "leads.ods", names))
    assert str(err.value).startswith("“leads.ods” is an OpenDocument spreadsheet (.ods), and a lead sheet comes "
                                     "back only as .xlsx: ")


@pytest.mark.parametrize("at", [4096, 5000])
def test_a_long_csv_with_a_stray_zero_byte_far_in_is_still_a_text_file(tmp_path: Path, at: int):
    path = tmp_path / "leads.xlsx"
    text = bytearray(b"Row id,Person,E-mail\n" + b"LS2:x,Ann,ann@x.example\n" * 400)
    text[at] = 0
    path.write_bytes(bytes(text))
    with pytest.raises(FileRejected) as err:
        check_format(path)
    assert str(err.value).startswith("“leads.xlsx” is a CSV or text file, and a lead sheet comes back only as ")
