"""The lead sheet: an XLSX people live in after the event, and that comes back edited.

Sheets: "Leads" (every lead with its next action), "Summary" (counts by stage and owner), one
sheet per owner, and a hidden "Lists" sheet feeding the owner drop-down. Every data sheet has a
hidden stable row id (see :mod:`planner.exports.sheets.lead_sheet_columns`), a frozen header, filters,
fitted column widths, drop-downs for stage and action status, real date cells. All text goes
through :mod:`planner.exports.sanitize`. Written in openpyxl's write-only mode.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from planner.domain.countries import country_name
from planner.domain.enums import LeadStage, label
from planner.errors import Cancelled
from planner.exports.output import staged_output
from planner.exports.sanitize import FORMULA_TRIGGERS, sheet_title, text_cell, xlsx_text
from planner.exports.sheets.lead_sheet_columns import (
    COLUMNS,
    HEADERS,
    IDENTITY_HEADERS,
    INDEX,
    LeadState,
    encode_row_id,
    identity_hash,
    identity_part,
)
from planner.exports.sheets.lead_sheet_layout import (
    LISTS_SHEET,
    STAGE_LABELS,
    DataSheet,
    SheetParts,
    print_setup,
)
from planner.services.followup.leads import LeadRow, LeadSheetData

LEADS_SHEET = "Leads"
SUMMARY_SHEET = "Summary"
NO_OWNER_SHEET = "No owner"
MIN_WIDTH, MAX_WIDTH = 8, 60
WIDTH_SAMPLE = 5000  # rows measured for column widths (beyond that the fit changes little)

_TEXT_COLUMNS = frozenset(i for i, c in enumerate(COLUMNS) if c.kind == "text")
_GUARD = frozenset(ERROR_CODES)
_IDENTITY_COLUMNS = tuple(INDEX[h] for h in IDENTITY_HEADERS)

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


def row_state(row: LeadRow) -> LeadState:
    """The editable values of a lead row as Mission Desk holds them (for the row's version)."""
    return LeadState(row.stage.value, row.owner_email, row.value, row.currency, row.notes,
                     row.next_action, row.due, row.action_status.value if row.action_status else "")


def row_values(row: LeadRow) -> list[Any]:
    """The cells of one lead, in :data:`COLUMNS` order (texts not yet sanitised); the row id in
    column A binds the row to its lead and to what the row shows (see ``lead_sheet_columns``)."""
    values = ["", row.person_name, row.person_email, row.organisation,
              country_name(row.country) if row.country else "", row.member_organisation, row.title,
              label(row.stage), row.owner_email, row.value, row.currency, row.next_action, row.due,
              label(row.action_status) if row.action_status else "", row.notes, row.meeting_date]
    shown = identity_hash([identity_part(values[i]) for i in _IDENTITY_COLUMNS])
    values[0] = encode_row_id(row.uuid, row.action_uuid, row_state(row).fingerprint(), shown)
    return values


def fit_widths(rows: list[LeadRow]) -> list[float]:
    """Column widths (in characters) that fit the header and the first rows' texts.

    Write-only sheets need them before the first row, so they are measured on a sample.
    """
    return _fit_widths([row_values(row) for row in rows[:WIDTH_SAMPLE]])


def _fit_widths(sample: list[list[Any]]) -> list[float]:
    widths = [len(h) + 2 for h in HEADERS]
    for values in sample:
        for i in _TEXT_COLUMNS:
            text = values[i]
            if isinstance(text, str):
                longest = max((len(line) for line in text.split("\n")), default=0)
                widths[i] = max(widths[i], longest + 2)
    return [12.0 if col.kind == "date" else float(max(MIN_WIDTH, min(MAX_WIDTH, widths[i])))
            for i, col in enumerate(COLUMNS)]


def _sheet_values(values: list[Any]) -> tuple[list[Any], tuple[int, ...]]:
    """A lead's cells as every sheet holds them, worked out once per lead: texts cleaned
    (:func:`xlsx_text`), an empty text left out (no cell, as a reader sees it anyway), and the
    columns whose text a spreadsheet would read as a formula or an error value; those become
    text cells of each sheet (:func:`_for_sheet`)."""
    out = list(values)
    guarded = []
    for i in _TEXT_COLUMNS:
        text = xlsx_text(out[i])
        if not text:
            out[i] = None
            continue
        if text.startswith(FORMULA_TRIGGERS) or text in _GUARD:
            guarded.append(i)
        out[i] = text
    return out, tuple(guarded)


def _for_sheet(ws: WriteOnlyWorksheet, cells: list[Any], guarded: tuple[int, ...]) -> list[Any]:
    """``cells`` for ``ws``: the same list unless a text needs a text cell (rare)."""
    if not guarded:
        return cells
    out = list(cells)
    for i in guarded:
        out[i] = text_cell(ws, out[i])
    return out


def _owner_title(row: LeadRow) -> str:
    return row.owner_name or row.owner_email or NO_OWNER_SHEET


def write_lead_sheet(data: LeadSheetData, path: Path | str, *, progress: ProgressFn | None = None,
                     cancel: CancelFn | None = None,
                     before_publish: Callable[[], None] | None = None) -> int:
    """Write the lead sheet to ``path``; returns the number of leads written.

    Through :func:`planner.exports.output.staged_output`: a new owner-only temporary file in the
    folder, never through a symlink; ``before_publish`` (the export log) runs before the file is
    moved into place."""
    path = Path(path)
    total = len(data.leads)
    wb = Workbook(write_only=True)
    try:
        _fill(wb, data, progress, cancel)
        with staged_output(path) as out:
            wb.save(out.file)
            if before_publish is not None:
                out.before_publish(before_publish)
    except BaseException:
        _discard(wb)
        raise
    if progress is not None:
        progress(total, total)
    return total


def _discard(wb: Workbook) -> None:
    """After a failure (a full disk, a cancel): close the write-only sheets' writers and remove
    their temporary files (they hold the rows: never leave them in the temp folder), quietly —
    left to the garbage collector they would write to closed files and print tracebacks."""
    for ws in list(getattr(wb, "_sheets", [])):
        writer = getattr(ws, "_writer", None)
        for gen in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
            if gen is not None:
                with contextlib.suppress(Exception):
                    gen.close()
        out = getattr(writer, "out", None)
        if isinstance(out, str):
            with contextlib.suppress(OSError):
                os.remove(out)


def _fill(wb: Workbook, data: LeadSheetData, progress: ProgressFn | None, cancel: CancelFn | None) -> None:
    total = len(data.leads)
    used: set[str] = {LEADS_SHEET, SUMMARY_SHEET, LISTS_SHEET}
    owner_count = len(data.owner_emails)
    all_values = [row_values(row) for row in data.leads]  # once: the widths and both sheets
    widths = _fit_widths(all_values[:WIDTH_SAMPLE])
    leads = DataSheet(wb, LEADS_SHEET, data.event_name)
    summary = wb.create_sheet(SUMMARY_SHEET)
    print_setup(summary, data.event_name, title_rows=None)
    by_owner: dict[str, list[LeadRow]] = defaultdict(list)
    for row in data.leads:
        by_owner[row.owner_email.casefold() or ""].append(row)
    owner_keys = sorted(by_owner, key=lambda k: (k == "", _owner_title(by_owner[k][0]).casefold(), k))
    owner_sheets = {k: DataSheet(wb, sheet_title(_owner_title(by_owner[k][0]), used), data.event_name)
                    for k in owner_keys}
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    print_setup(lists, data.event_name)
    lists.append(["Owners"])
    for email in data.owner_emails:
        lists.append([text_cell(lists, email)])

    parts = SheetParts.build(leads.ws, widths, owner_count)  # shared by every data sheet (~400)
    for sheet in (leads, *owner_sheets.values()):
        sheet.start(parts)
    for done, (row, values) in enumerate(zip(data.leads, all_values, strict=True), start=1):
        cells, guarded = _sheet_values(values)  # once: the same cells go on two sheets
        leads.add(_for_sheet(leads.ws, cells, guarded))
        owner_sheet = owner_sheets[row.owner_email.casefold() or ""]
        owner_sheet.add(_for_sheet(owner_sheet.ws, cells, guarded))
        if done % 2000 == 0:
            if cancel is not None and cancel():
                raise Cancelled()
            if progress is not None:
                progress(done, total)
    for sheet in (leads, *owner_sheets.values()):
        sheet.finish()
    _write_summary(summary, data, [(owner_sheets[k].ws.title, by_owner[k]) for k in owner_keys])


def _write_summary(ws: WriteOnlyWorksheet, data: LeadSheetData,
                   owners: list[tuple[str, list[LeadRow]]]) -> None:
    bold = Font(bold=True)

    def head(*texts: str) -> list[WriteOnlyCell]:
        cells = []
        for t in texts:
            c = text_cell(ws, t)
            c.font = bold
            cells.append(c)
        return cells

    currencies = sorted({r.currency for r in data.leads if r.value is not None and r.currency})
    ws.column_dimensions["A"].width = max(24, min(MAX_WIDTH, max((len(t) for t, _ in owners), default=0) + 2))
    for letter in "BCDEFGHIJKL":
        ws.column_dimensions[letter].width = 13
    title = text_cell(ws, f"Leads — {data.event_name}")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append([text_cell(ws, f"Exported {data.generated_at:%Y-%m-%d %H:%M} UTC · {len(data.leads)} leads"
                         + (f" · {data.left_out} left out (no consent to lead sharing)" if data.left_out else ""))])
    ws.append([])
    ws.append(head("Stage", "Leads", *(f"Value {c}" for c in currencies)))
    counts = Counter(r.stage for r in data.leads)
    values: dict[tuple[LeadStage, str], int] = defaultdict(int)
    for r in data.leads:
        if r.value is not None and r.currency:
            values[(r.stage, r.currency)] += r.value
    for stage in LeadStage:
        ws.append([label(stage), counts.get(stage, 0), *(values.get((stage, c), 0) for c in currencies)])
    ws.append([*head("Total"), len(data.leads),
               *(sum(v for (_, cur), v in values.items() if cur == c) for c in currencies)])
    ws.append([])
    ws.append(head("Owner (sheet)", *STAGE_LABELS, "Total", "Open actions", "Overdue"))
    for title_text, rows in owners:
        by_stage = Counter(r.stage for r in rows)
        open_actions = sum(r.open_actions for r in rows)
        overdue = sum(1 for r in rows if r.due is not None and r.due < data.today)
        ws.append([text_cell(ws, title_text), *(by_stage.get(s, 0) for s in LeadStage), len(rows),
                   open_actions, overdue])

