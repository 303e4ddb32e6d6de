"""CRM CSV files: the columns each CRM maps, BOM, quoting, injection safety and consent."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from planner.cli import main
from planner.services.outputs.export_log import exports_containing
from planner.services.people.people import find_person
from planner.storage.database import Database
from tests.planner.followup.conftest import HOSTILE_NAME

pytestmark = pytest.mark.engines


def export(db: Database, tmp_path: Path, fmt: str) -> tuple[bytes, list[dict[str, str]]]:
    out = tmp_path / f"{fmt}.csv"
    assert main(["--db", db.target, "export", "crm", "--event", "mission", "--format", fmt,
                 "--out", str(out)]) == 0
    raw = out.read_bytes()
    with out.open(encoding="utf-8-sig", newline="") as fh:
        return raw, list(csv.DictReader(fh))


def test_salesforce_leads(leads_db: Database, tmp_path: Path) -> None:
    raw, rows = export(leads_db, tmp_path, "salesforce")
    assert raw.startswith(b"\xef\xbb\xbf\"FirstName\",\"LastName\",\"Company\",\"Email\"")
    by_email = {r["Email"]: r for r in rows}
    assert set(by_email) == {"sato@kansai.example", "evil@x.example"}  # consent; no person-less leads
    sato = by_email["sato@kansai.example"]
    assert (sato["FirstName"], sato["LastName"], sato["Company"]) == ("Kenichi", "Sato", "Kansai Bio <Innovations> & Co")
    assert sato["LeadSource"] == "Trade Show" and sato["Status"] == "Working - Contacted"
    assert "Next action: Send NDA (due 2026-11-02)" in sato["Description"]
    assert "Estimated value: 50,000 GBP" in sato["Description"]
    evil = by_email["evil@x.example"]
    assert evil["FirstName"] == "'" + HOSTILE_NAME and evil["LastName"] == "'-1+2"
    assert all(r["LastName"] and r["Company"] for r in rows)


def test_hubspot_contacts_and_export_log(leads_db: Database, tmp_path: Path) -> None:
    raw, rows = export(leads_db, tmp_path, "hubspot")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert list(rows[0])[:6] == ["First Name", "Last Name", "Email", "Company Name", "Job Title", "Phone Number"]
    sato = next(r for r in rows if r["Email"] == "sato@kansai.example")
    # HubSpot's internal value, not the label "Sales Qualified Lead" (was the bug: a label can be
    # renamed or shown translated; the internal value of a default option cannot change)
    assert sato["Contact Owner"] == "alice@lune.example" and sato["Lifecycle Stage"] == "salesqualifiedlead"
    assert sato["Country/Region"] == "Japan"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    with leads_db.session() as s:
        assert [e.kind for e in exports_containing(s, find_person(s, "sato@kansai.example").uuid)] == ["crm_hubspot"]
        assert exports_containing(s, find_person(s, "private@x.example").uuid) == []


def test_unknown_format_is_a_usage_error(leads_db: Database, tmp_path: Path) -> None:
    assert main(["--db", leads_db.target, "export", "crm", "--event", "mission", "--format", "excel",
                 "--out", str(tmp_path / "x.csv")]) == 2
    assert not (tmp_path / "x.csv").exists()
