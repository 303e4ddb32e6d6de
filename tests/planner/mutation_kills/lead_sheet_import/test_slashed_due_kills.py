"""A due date typed with slashes in an edited lead sheet (planner/imports/leads/dates.py), issue 21.

Rules: a slashed date is saved when only one reading of it is a day ("11/13/2026" can only be
13 November: there is no 13th month); when both readings are days and differ ("12/05/2026", 12
May or 5 December) it is refused with both named, never guessed, however close to 12 the numbers
are; a slashed date that is no real day quotes the cell as typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_row_rules_kills import edit
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import (
    SATO,
    apply,
    export,
    plan,
)

SENT_NDA_DUE = date(2026, 11, 2)  # the due date of Sato's next action when exported


@pytest.mark.parametrize(("typed", "day"), [
    ("11/13/2026", date(2026, 11, 13)),  # 13 cannot be a month: month first
    ("12/20/2026", date(2026, 12, 20)),  # December, month first
    ("20/12/2026", date(2026, 12, 20)),  # December, day first
])
def test_a_slashed_due_date_with_one_possible_reading_is_saved_as_that_day(leads_db: Database,  # noqa: F811
                                                                           tmp_path: Path, typed: str,
                                                                           day: date):
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Due": typed})
    p = plan(leads_db, path)
    assert not p.errors
    assert [c.fields for c in p.changes] == [{"Due": (SENT_NDA_DUE, day)}]
    assert apply(leads_db, path) == 1


@pytest.mark.parametrize(("typed", "day_first", "month_first"), [
    ("12/05/2026", "2026-05-12", "2026-12-05"),  # 12 read as the day or as December
    ("05/12/2026", "2026-12-05", "2026-05-12"),
])
def test_a_slashed_due_date_with_twelve_in_it_is_still_refused_when_both_readings_are_days(
        leads_db: Database, tmp_path: Path, typed: str, day_first: str, month_first: str):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Due": typed})
    p = plan(leads_db, path)
    assert [(e.row, e.column, e.value, e.message) for e in p.errors] == [
        (row, "Due", typed, f"“{typed}” could be {day_first} (day first) or {month_first} (month first): type it "
                            f"as {day_first} or pick it from the date cell's calendar")]
    assert not p.changes


@pytest.mark.parametrize("typed", ["02/30/2026", "0/5/2026"])
def test_a_slashed_due_date_that_is_no_real_day_quotes_the_cell(leads_db: Database, tmp_path: Path,  # noqa: F811
                                                                typed: str):
    # 30 February read month first; a day 0 read either way
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Due": typed})
    p = plan(leads_db, path)
    assert [(e.row, e.column, e.value, e.message) for e in p.errors] == [
        (row, "Due", typed, f"“{typed}” is not a real date: check the day and the month")]
