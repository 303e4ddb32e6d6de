"""Change an exported lead sheet as a user does in a spreadsheet program: type into cells of a
person's row, or paste a copy of a whole row below the table. Shared by the lead-sheet tests."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def edit_lead_row(path: Path, email: str, changes: dict[str, object], *, sheet: str = "Leads",
                  with_row_id: bool = False) -> int:
    """Type ``changes`` (column title → value) into the row of ``email`` and save; return the
    row number. ``email`` "" is a lead without a person (an empty E-mail cell); ``with_row_id``
    skips rows whose hidden row id (column A) is empty. Text is stored as text, as typed."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if (row[header.index("E-mail")].value or "") != email or (with_row_id and not row[0].value):
            continue
        for column, value in changes.items():
            cell = row[header.index(column)]
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
        wb.save(path)
        return row[0].row
    raise AssertionError(f"no row of {email!r} on {sheet}")


def paste_row_copy(path: Path, original: int, cells: dict[int, object] | None = None) -> int:
    """Paste a copy of row ``original`` of the Leads sheet below the table, then type ``cells``
    (column number → value) over the copy; return the copy's row number."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    copy = ws.max_row + 1
    for c in range(1, ws.max_column + 1):
        ws.cell(copy, c).value = ws.cell(original, c).value
    for c, value in (cells or {}).items():
        ws.cell(copy, c).value = value
    wb.save(path)
    return copy
