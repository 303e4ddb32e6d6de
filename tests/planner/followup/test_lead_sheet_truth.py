"""The lead sheet tells the truth (issue 15): a row changes the lead it shows, once.

Rules tested here, each with the user's action that broke it:
- a row is bound by its hidden id AND by what it shows: rows sorted without column A (B:P, or the
  editable columns alone), or a row copied with its id and typed over, are row errors naming both
  leads, and nothing is applied;
- importing the same edited sheet again changes nothing (a follow-up typed on a row that had none
  is added once);
- due dates are read as Excel and LibreOffice store them: date cells, serial numbers (1900 and 1904
  date systems, with the 1900-02-29 bug), ISO and the day-first or unambiguous locale texts;
- columns the user added are listed as warnings, not dropped silently or refused;
- every sheet prints landscape, one page wide, with its header repeated (checked in LibreOffice's
  PDF of the workbook);
- a lead sheet saved as CSV, OpenDocument or .xls gets a message saying how to bring it back as
  .xlsx (the only format ``import leads`` reads), never "save it as CSV".
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from planner.domain.enums import ActionStatus, LeadStage
from planner.imports.errors import FileRejected
from planner.imports.leads.sheet import plan_lead_sheet
from planner.services.events.events import get_event
from planner.services.followup.followups import add_follow_up, add_lead, update_follow_up
from planner.services.people.people import add_person, find_person
from planner.storage.database import Database
from planner.storage.models import FollowUp
from tests.helpers.lead_sheet_edit import edit_lead_row
from tests.planner.followup.test_lead_roundtrip import export, leads, run_import

pytestmark = pytest.mark.engines

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is not installed: "
                                          "apt-get install libreoffice-calc-nogui poppler-utils")


def plan(db: Database, path: Path):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return plan_lead_sheet(s, get_event(s, "mission"), path)



edit = edit_lead_row


def data_rows(ws) -> list[int]:  # type: ignore[no-untyped-def]
    return [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]


def soffice(tmp_path: Path, target: str, src: Path, outdir: Path) -> Path:
    """Convert with LibreOffice as a user's "Save as" would (its own profile in tmp_path)."""
    result = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", target, "--outdir", str(outdir), str(src)],
        capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    out = outdir / f"{src.stem}.{target.split(':')[0]}"
    assert out.exists(), (result.stdout, result.stderr)
    return out


# ------------------------------------------------------------------------- rows bound to leads

def test_rows_sorted_without_column_a_are_errors_naming_both_leads(
        leads_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    rows = data_rows(ws)
    def shown(r: int) -> str:  # a person's e-mail, or the organisation of an organisation-only lead
        return ws.cell(r, 3).value or ws.cell(r, 4).value

    emails = {r: shown(r) for r in rows}
    assert "sato@kansai.example" in emails.values() and "evil@x.example" in emails.values()
    # "Sort Z to A" on B:P only (the user selected from column B): the ids in A stay put
    cells = [[ws.cell(r, c).value for c in range(2, 17)] for r in rows]
    for r, values in zip(rows, reversed(cells), strict=True):
        for c, v in zip(range(2, 17), values, strict=True):
            ws.cell(r, c).value = v
    wb.save(path)
    p = plan(leads_db, path)
    moved = [r for r in rows if shown(r) != emails[r]]
    assert len(moved) == 2
    errs = {e.row: e.message for e in p.errors if e.sheet == "Leads"}
    for r in moved:
        # the error names what the row shows and whose lead its id is
        assert shown(r) in errs[r] and emails[r] in errs[r], errs
    assert not p.changes
    before = leads(leads_db)
    assert run_import(leads_db, path, "--dry-run") == 1
    assert run_import(leads_db, path) == 1
    assert "nothing was changed" in capsys.readouterr().err
    assert leads(leads_db) == before


def test_editable_columns_sorted_alone_are_caught(leads_db: Database, tmp_path: Path) -> None:
    # more leads with distinct values, then "sort by Due" on H:P only (Excel: "continue with the
    # current selection"): people stay, their stages, owners, values and actions move
    with leads_db.transaction() as s:
        event = get_event(s, "mission")
        owner = find_person(s, "alice@lune.example")
        for i in range(4):
            person = add_person(s, given_name=f"Extra{i}", family_name="Lead", email=f"extra{i}@x.example",
                                lead_sharing_consent=True)
            lead = add_lead(s, event, person=person, owner=owner, stage=LeadStage.NEW, value=1000 * (i + 1),
                            currency="EUR")
            add_follow_up(s, lead, description=f"Call {i}", due_date=date(2026, 12, 10 - i))
        for i, stage in enumerate((LeadStage.NEW, LeadStage.QUALIFIED)):
            person = add_person(s, given_name=f"Plain{i}", family_name="Lead", email=f"plain{i}@x.example",
                                lead_sharing_consent=True)
            add_lead(s, event, person=person, stage=stage)
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    rows = data_rows(ws)
    due_col = 13
    values = [[ws.cell(r, c).value for c in range(8, 17)] for r in rows]
    values.sort(key=lambda v: (v[due_col - 8] is None, v[due_col - 8] or datetime.min))
    for r, vals in zip(rows, values, strict=True):
        for c, v in zip(range(8, 17), vals, strict=True):
            ws.cell(r, c).value = v
    wb.save(path)
    p = plan(leads_db, path)
    shuffled = [e for e in p.errors if e.sheet == "Leads"]
    assert len(shuffled) >= 4, [str(e) for e in p.errors]
    assert all("column A" in e.message for e in shuffled), [str(e) for e in p.errors]
    assert not p.changes
    # but advancing two leads so that one now holds what the other had is an edit, not a sort
    path = export(leads_db, tmp_path / "again.xlsx")
    edit(path, "plain0@x.example", {"Stage": "Qualified"})  # what plain1 was exported with
    edit(path, "plain1@x.example", {"Stage": "Proposal"})
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert len(p.changes) == 2


def test_a_copied_row_typed_over_as_a_new_lead_is_an_error(
        leads_db: Database, tmp_path: Path) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    original = next(r for r in data_rows(ws) if ws.cell(r, 3).value == "sato@kansai.example")
    copy_row = ws.max_row + 1
    for c in range(1, 17):
        ws.cell(copy_row, c).value = ws.cell(original, c).value
    # typed over as a "new lead"
    ws.cell(copy_row, 2).value = "Hana Tanaka"
    ws.cell(copy_row, 3).value = "tanaka@kansai.example"
    ws.cell(copy_row, 8).value = "New"
    ws.cell(copy_row, 12).value = "Send catalogue"
    # and a plain duplicate (Ctrl+C, Ctrl+V) below it
    for c in range(1, 17):
        ws.cell(copy_row + 1, c).value = ws.cell(original, c).value
    ws.cell(copy_row + 1, 15).value = "edited in the copy"
    wb.save(path)
    p = plan(leads_db, path)
    errs = {e.row: e.message for e in p.errors if e.sheet == "Leads"}
    assert original not in errs
    assert f"row {original}" in errs[copy_row] and "tanaka@kansai.example" in errs[copy_row]
    assert f"row {original}" in errs[copy_row + 1]
    assert not p.changes
    before = leads(leads_db)
    assert run_import(leads_db, path) == 1
    assert leads(leads_db) == before
    assert leads(leads_db)["sato@kansai.example"].stage is LeadStage.QUALIFIED  # type: ignore[attr-defined]


def test_an_edited_person_or_email_cell_is_an_error(leads_db: Database, tmp_path: Path) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, "sato@kansai.example", {"E-mail": "kenichi@kansai.example", "Stage": "Agreed"})
    p = plan(leads_db, path)
    assert [(e.row, e.column) for e in p.errors] == [(row, "E-mail")]
    assert "sato@kansai.example" in p.errors[0].message and "Mission Desk" in p.errors[0].message


# ------------------------------------------------------------------------------ idempotence

def test_importing_the_same_sheet_twice_adds_its_new_follow_up_once(
        leads_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    # the organisation-only lead has no action: the user types one, with a due date and a stage
    edit(path, "", {"Next action": "Send brochure", "Due": datetime(2026, 11, 30), "Stage": "Qualified"})

    def brochures() -> list[FollowUp]:
        with leads_db.session() as s:
            return [a for a in s.query(FollowUp).all() if " ".join(a.description.split()).casefold() == "send brochure"]

    assert run_import(leads_db, path) == 0
    assert len(brochures()) == 1
    capsys.readouterr()
    assert run_import(leads_db, path) == 0
    assert len(brochures()) == 1
    assert "0 lead(s) changed" in capsys.readouterr().err
    # done in the app meanwhile: the old sheet neither adds it again nor reports a conflict
    with leads_db.transaction() as s:
        update_follow_up(s, s.get(FollowUp, brochures()[0].id), status=ActionStatus.DONE)
    assert run_import(leads_db, path) == 0
    assert [a.status for a in brochures()] == [ActionStatus.DONE]
    # the same words with another due date are another action: added once (from a new export,
    # which shows the lead without an open action again)
    path = export(leads_db, tmp_path / "again.xlsx")
    edit(path, "", {"Next action": "send  Brochure", "Due": datetime(2027, 1, 15)})
    assert run_import(leads_db, path) == 0
    assert run_import(leads_db, path) == 0
    assert sorted(a.due_date for a in brochures()) == [date(2026, 11, 30), date(2027, 1, 15)]  # type: ignore[type-var]


# ---------------------------------------------------------------------------------- dates

@pytest.mark.parametrize("cell", [
    46346, 46346.75, "46346", "2026-11-20T09:30", "20-Nov-2026", "Nov 20, 2026", "11/20/2026",
    "20. 11. 2026",
])
def test_due_dates_as_spreadsheets_store_them(leads_db: Database, tmp_path: Path, cell: object) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    row = next(r for r in data_rows(ws) if ws.cell(r, 3).value == "sato@kansai.example")
    target = ws.cell(row, 13)
    target.value = cell
    if not isinstance(cell, datetime):
        target.number_format = "General"  # what Excel shows as 46346 after a paste of values
    if isinstance(cell, str):
        target.data_type = "s"
    wb.save(path)
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert [c.fields["Due"] for c in p.changes] == [(date(2026, 11, 2), date(2026, 11, 20))]


def test_serial_dates_in_a_1904_workbook(leads_db: Database, tmp_path: Path) -> None:
    # Excel for Mac's old default: serial 0 is 1904-01-01 (1462 days after the 1900 system's)
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904
    ws = wb["Leads"]
    row = next(r for r in data_rows(ws) if ws.cell(r, 3).value == "sato@kansai.example")
    ws.cell(row, 13).value = 46346 - 1462
    ws.cell(row, 13).number_format = "General"
    for r in data_rows(ws):  # the other date cells keep their dates
        for c in (13, 16):
            if isinstance(ws.cell(r, c).value, datetime) and r != row:
                ws.cell(r, c).value = ws.cell(r, c).value
    wb.save(path)
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert [c.fields["Due"][1] for c in p.changes] == [date(2026, 11, 20)]


def test_serial_numbers_follow_excel_1900_system() -> None:
    from planner.imports.leads.dates import parse_sheet_date

    assert parse_sheet_date(1) == date(1900, 1, 1)
    assert parse_sheet_date(59) == date(1900, 2, 28)
    assert parse_sheet_date(61) == date(1900, 3, 1)  # Excel counts a 29 February 1900 that never was
    assert parse_sheet_date(46346) == date(2026, 11, 20)
    for text in ("2026-11-20", "2026-11-20 00:00:00", "20/11/2026", "20.11.2026", "2026/11/20",
                 "20 Nov 2026", "20 November 2026", "20-Nov-2026", "Nov 20, 2026", "11/20/2026",
                 "2026-11-20T09:30", " 46346 ", "46346.5"):
        assert parse_sheet_date(text) == date(2026, 11, 20), text
    assert parse_sheet_date(datetime(2026, 11, 20, 9, 30)) == date(2026, 11, 20)
    with pytest.raises(ValueError, match="29 February 1900"):
        parse_sheet_date(60)
    for bad in (0, -5, 2958466, "12345678901", "31/02/2026", "next week"):
        with pytest.raises(ValueError):
            parse_sheet_date(bad)


def test_ambiguous_day_month_text_is_an_error_that_names_both_readings(leads_db: Database, tmp_path: Path) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, "sato@kansai.example", {"Due": "03/04/2026"})
    p = plan(leads_db, path)
    assert [(e.row, e.column) for e in p.errors] == [(row, "Due")]
    assert "2026-04-03" in p.errors[0].message and "2026-03-04" in p.errors[0].message


# --------------------------------------------------------------------------- unknown columns

def test_columns_the_user_added_are_listed_as_warnings(leads_db: Database, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, "sato@kansai.example", {"Stage": "Proposal"})
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    ws.cell(1, 17).value = "Probability"
    rows = data_rows(ws)
    for r in rows:
        ws.cell(r, 17).value = 0.5
    ws.cell(rows[0], 19).value = "a note with no header"  # column S
    wb.save(path)
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert len(p.changes) == 1
    shown = [str(w) for w in p.warnings]
    assert any("Probability" in w and "Leads" in w and "not imported" in w for w in shown), shown
    assert any("column S" in w for w in shown), shown
    assert run_import(leads_db, path, "--dry-run") == 0
    err = capsys.readouterr().err
    assert "warning" in err and "Probability" in err and "column S" in err


# ----------------------------------------------------------------------------------- printing

def test_every_sheet_has_print_setup(leads_db: Database, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(leads_db, tmp_path / "leads.xlsx"))
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text, ws.title
        assert "&A" in (ws.oddHeader.left.text or ""), ws.title
    for title in ("Leads", "Alice Owner", "Bob Owner", "No owner"):
        assert wb[title].print_title_rows in ("1:1", "$1:$1"), title  # openpyxl reads back "$1:$1"


def _many_leads(db: Database, count: int) -> None:
    with db.transaction() as s:
        event = get_event(s, "mission")
        owners = [find_person(s, e) for e in ("alice@lune.example", "bob@lune.example")]
        for i in range(count):
            person = add_person(s, given_name=f"Guest{i:02d}", family_name="Visitor",
                                email=f"guest{i:02d}@partner.example", lead_sharing_consent=True)
            lead = add_lead(s, event, person=person, owner=owners[i % 2], stage=LeadStage.QUALIFIED,
                            value=10_000 + i, currency="JPY", title="Joint study on gut microbiome assays",
                            notes="Met at the booth; interested in a pilot with their Osaka lab next spring.")
            add_follow_up(s, lead, description="Send the pilot proposal and the NDA draft",
                          due_date=date(2026, 11, 1 + i % 28))


@pytest.mark.sqlite_only("what LibreOffice makes of the sheet does not depend on the engine")
@needs_soffice
def test_libreoffice_prints_each_sheet_one_page_wide_with_its_header(leads_db: Database, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _many_leads(leads_db, 22)  # 25 leads on the sheet, as in the report (75 pages before)
    path = export(leads_db, tmp_path / "leads.xlsx")
    pdf = soffice(tmp_path, "pdf", path, tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    leads_pages = [p for p in pages if p.lstrip().startswith("Leads")]
    assert 1 <= len(leads_pages) <= 2, len(pages)
    for page in leads_pages:  # one page wide: every page has the whole header, first to last column
        assert "Person" in page and "E-mail" in page and "Meeting" in page
    visible = 5  # Leads, Summary and three owner sheets; the Lists sheet is hidden
    assert len(pages) <= 2 * visible, len(pages)


# ------------------------------------------------------------------------------ other formats

def _assert_says_how_to_get_xlsx(message: str, names: str) -> None:
    assert names in message, message
    assert "Save As" in message and ".xlsx" in message, message
    assert "as CSV" not in message and "or CSV" not in message, message


def test_other_formats_get_a_message_naming_what_to_do(leads_db: Database, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    csv_file = tmp_path / "leads.csv"
    csv_file.write_text("Row id,Person,E-mail\nLS2:x,Kenichi Sato,sato@kansai.example\n", encoding="utf-8")
    xls_file = tmp_path / "leads.xls"  # an OLE2 compound file, as Excel 97-2003 writes
    xls_file.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    import zipfile
    ods_file = tmp_path / "leads.ods"
    with zipfile.ZipFile(ods_file, "w") as zf:  # OpenDocument: "mimetype" first, stored
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    with leads_db.session() as s:
        event = get_event(s, "mission")
        for bad, names in ((csv_file, "CSV"), (xls_file, ".xls"), (ods_file, "OpenDocument")):
            with pytest.raises(FileRejected) as info:
                plan_lead_sheet(s, event, bad)
            _assert_says_how_to_get_xlsx(info.value.message, names)
    assert run_import(leads_db, csv_file) == 2
    _assert_says_how_to_get_xlsx(capsys.readouterr().err, "CSV")


@pytest.mark.sqlite_only("what LibreOffice makes of the sheet does not depend on the engine")
@needs_soffice
def test_libreoffice_save_as_csv_ods_xls_gets_the_message(leads_db: Database, tmp_path: Path) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    csv_out = soffice(tmp_path, "csv", path, tmp_path / "csv")
    assert "sato@kansai.example" in csv_out.read_text(encoding="utf-8")  # the Leads sheet, as CSV
    with leads_db.session() as s:
        event = get_event(s, "mission")
        for target, names in (("csv", "CSV"), ("ods", "OpenDocument"), ("xls", ".xls")):
            out = csv_out if target == "csv" else soffice(tmp_path, target, path, tmp_path / target)
            with pytest.raises(FileRejected) as info:
                plan_lead_sheet(s, event, out)
            _assert_says_how_to_get_xlsx(info.value.message, names)


@needs_soffice
def test_a_sheet_saved_back_by_libreoffice_imports_once(leads_db: Database, tmp_path: Path) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, "", {"Next action": "Send brochure", "Due": datetime(2026, 11, 30)})
    edit(path, "evil@x.example", {"Stage": "Qualified"})
    saved = soffice(tmp_path, "xlsx:Calc MS Excel 2007 XML", path, tmp_path / "lo")
    p = plan(leads_db, saved)
    assert not p.errors and not p.conflicts and not p.warnings, ([str(e) for e in p.errors], p.warnings)
    assert len(p.changes) == 2
    assert run_import(leads_db, saved) == 0
    assert run_import(leads_db, saved) == 0
    with leads_db.session() as s:
        assert s.query(FollowUp).filter_by(description="Send brochure").count() == 1
    assert leads(leads_db)["evil@x.example"].stage is LeadStage.QUALIFIED  # type: ignore[attr-defined]


def test_a_damaged_or_bomb_like_sheet_is_never_told_to_come_back_as_csv(leads_db: Database,
                                                                         tmp_path: Path) -> None:
    """`import leads` takes .xlsx only: the defensive workbook checks must not suggest CSV."""
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * 5_000_000 + "</a>")
    not_zip = tmp_path / "broken.xlsx"
    not_zip.write_bytes(b"PK\x03\x04 truncated")
    with leads_db.session() as s:
        event = get_event(s, "mission")
        for bad in (bomb, not_zip):
            with pytest.raises(FileRejected) as info:
                plan_lead_sheet(s, event, bad)
            assert "CSV" not in info.value.message and ".xlsx" in info.value.message
