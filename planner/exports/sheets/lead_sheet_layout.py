"""How every data sheet of the lead sheet is laid out: print settings, frozen header, column
widths, drop-downs, filter.

The lead sheet has one data sheet per owner (400 at the demo's scale 100, a handful of rows
each), so what every sheet repeats is built once (:class:`SheetParts`): the column widths, the
validation rules and the frozen-pane view are one object each, given to every sheet, and
serialised to XML once (openpyxl would otherwise rebuild and serialise the same elements 400
times, as much work as writing the rows). The header's style is registered once and its indices
reused.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation, DataValidationList
from openpyxl.worksheet.dimensions import DimensionHolder
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.views import SheetViewList

from planner.domain.enums import ActionStatus, LeadStage, label
from planner.exports.sanitize import xlsx_text
from planner.exports.sheets.lead_sheet_columns import COLUMNS, HEADERS, INDEX

LISTS_SHEET = "Lists"
LAST_ROW = 1_048_576
STAGE_LABELS = [label(s) for s in LeadStage]
STATUS_LABELS = [label(s) for s in ActionStatus]
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="305496")
_HEADER_ALIGNMENT = Alignment(vertical="center")


def print_setup(ws: WriteOnlyWorksheet, event_name: str, *, title_rows: str | None = "1:1") -> None:
    """Landscape, one page wide (as many pages down as needed), the header row repeated on every
    page, the sheet's name and the event at the top and "Page n of m" at the bottom.

    Write-only sheets write these settings with their first row: call before any ``append``."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0: as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.7, header=0.3, footer=0.3)
    ws.print_options.gridLines = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddHeader.left.text = "&A"  # the sheet's name: an owner's pages say whose they are
    ws.oddHeader.right.text = header_footer_text(event_name)
    ws.oddFooter.center.text = "Page &P of &N"


def header_footer_text(text: str, limit: int = 80) -> str:
    """User text for a page header or footer: "&" starts a field code there (``&P`` is the page
    number), so it is doubled; characters XLSX cannot hold are replaced; cut to ``limit``."""
    text = " ".join(xlsx_text(text).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.replace("&", "&&")


class _SerialisedOnce:
    """One sheet part (openpyxl's own object) shared by every data sheet, its XML element made
    on the first sheet and reused on the others (the element is only read when written). The
    sheet writer asks a part for ``to_tree()`` and its truth (``if validations:``); everything
    else is the part's own."""

    def __init__(self, part: Any) -> None:
        self.part = part
        self._tree: Any = None

    def to_tree(self) -> Any:
        if self._tree is None:
            self._tree = self.part.to_tree()
        return self._tree

    def __bool__(self) -> bool:
        return bool(self.part)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.part, name)


class _Columns(DimensionHolder):
    """The data sheets' column widths, serialised once."""

    _tree: Any = None

    def to_tree(self) -> Any:
        if self._tree is None:
            self._tree = super().to_tree()
            # openpyxl's holder notes its outline level as it writes; a sheet's <sheetFormatPr>
            # (written before its <cols>) reads it: as on a sheet of its own, it must read none
            self.max_outline = None
        return self._tree


@dataclass
class SheetParts:
    """What every data sheet repeats, built once for the workbook (see the module's doc)."""

    columns: _Columns  # the widths, column A (the row id) hidden
    validations: _SerialisedOnce  # a DataValidationList
    views: _SerialisedOnce  # a SheetViewList: the header row and the two first columns frozen
    header_style: StyleArray | None = None  # the workbook's style indices of a header cell

    @classmethod
    def build(cls, ws: WriteOnlyWorksheet, widths: list[float], owner_count: int) -> SheetParts:
        """The parts, made with the first data sheet ``ws`` (not yet written)."""
        columns = _Columns(worksheet=ws, default_factory=ws._add_column)
        for i, width in enumerate(widths):
            columns[get_column_letter(i + 1)].width = width
        columns["A"].hidden = True
        validations = DataValidationList()
        for dv in validation_rules(owner_count):
            validations.append(dv)
        ws.views = SheetViewList()
        ws.freeze_panes = "C2"  # openpyxl's own pane and selection, on the view every sheet shares
        return cls(columns, _SerialisedOnce(validations), _SerialisedOnce(ws.views))


class DataSheet:
    """One sheet of lead rows: header, rows, then its filter."""

    def __init__(self, wb: Workbook, title: str, event_name: str) -> None:
        self.ws: WriteOnlyWorksheet = wb.create_sheet(title)
        self.rows = 0
        self.event_name = event_name

    def start(self, parts: SheetParts) -> None:
        """Sheet settings and the header row (write-only: before any data row)."""
        ws = self.ws
        print_setup(ws, self.event_name)
        ws.views = parts.views
        ws.column_dimensions = parts.columns
        ws.data_validations = parts.validations
        header = []
        for h in HEADERS:
            cell = WriteOnlyCell(ws, h)
            if parts.header_style is None:  # the first sheet registers the style in the workbook
                cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
                cell.alignment = _HEADER_ALIGNMENT
                parts.header_style = copy(cell._style)
            else:  # the others reuse its indices: no style hashing per cell
                cell._style = copy(parts.header_style)
            header.append(cell)
        ws.append(header)

    def add(self, values: list[Any]) -> None:
        self.rows += 1
        self.ws.append(values)

    def finish(self) -> None:
        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{self.rows + 1}"


def validation_rules(owner_count: int) -> list[DataValidation]:
    """The drop-downs and checks of a data sheet: stage, action status, owner (when there are
    owners), due date, value; rows 2 to the sheet's last."""
    def list_rule(column: str, formula: str, what: str) -> DataValidation:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                            showErrorMessage=True, errorTitle=f"Choose a {what}",
                            error=f"Pick the {what} from the list.")
        dv.add(f"{column}2:{column}{LAST_ROW}")
        return dv

    letter = {h: get_column_letter(i + 1) for h, i in INDEX.items()}
    rules = [list_rule(letter["Stage"], '"' + ",".join(STAGE_LABELS) + '"', "stage"),
             list_rule(letter["Action status"], '"' + ",".join(STATUS_LABELS) + '"', "status")]
    if owner_count:
        rules.append(list_rule(letter["Owner"], f"{LISTS_SHEET}!$A$2:$A${owner_count + 1}",
                               "owner (e-mail)"))
    due = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                         showErrorMessage=True, errorTitle="Enter a date", error="Type a date, e.g. 2026-11-20.")
    due.add(f"{letter['Due']}2:{letter['Due']}{LAST_ROW}")
    value = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True, errorTitle="Enter an amount",
                           error="Type the estimated value as a whole number, without the currency.")
    value.add(f"{letter['Value']}2:{letter['Value']}{LAST_ROW}")
    return [*rules, due, value]
