from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from planner.imports.errors import MappingError
from planner.imports.files.readers import read_table
from planner.imports.presets import (
    PRESETS_BY_NAME,
    build_mapping,
    detect_preset,
    get_preset,
    parse_map_option,
    parse_map_options,
)

Writer = Callable[..., Path]


def _csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


EB_NEW = ["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Price Tier",
          "Ticket Type", "Attendee #", "Group", "Order Type", "Currency", "Total Paid",
          "Fees Paid", "Eventbrite Fees", "Eventbrite Payment Processing", "Attendee Status",
          "Home Address 1", "Home Address 2", "Home City", "Home State", "Home Zip",
          "Home Country", "Job Title", "Company"]
EB_OLD = ["Attendee #", "Date", "Last Name", "First Name", "Email", "QTY", "Ticket Type",
          "Date Attending", "Order #", "Order Type", "Amount (USD)", "Fees Paid (USD)",
          "Attendee Status", "Company", "Job Title"]


def _eb_row(headers: list[str], values: dict[str, str]) -> list[str]:
    return [values.get(h, "") for h in headers]


@pytest.mark.parametrize("headers", [EB_NEW, EB_OLD], ids=["current", "older"])
def test_eventbrite(tmp_path: Path, make_csv: Writer, headers: list[str]) -> None:
    people = [
        {"Attendee #": "1001", "First Name": "Taro", "Last Name": "Yamada",
         "Email": "taro@example.jp", "Company": "ABC商事", "Job Title": "CEO",
         "Attendee Status": "Attending"},
        {"Attendee #": "1002", "First Name": "Zoë", "Last Name": "Ødegård",
         "Email": "zoe@example.no", "Attendee Status": "Refunded"},
        {"Attendee #": "1003", "First Name": "Jan", "Last Name": "de Vries",
         "Email": "jan@example.nl", "Attendee Status": "Checked In"},
    ]
    text = _csv_text([headers] + [_eb_row(headers, p) for p in people])
    table = read_table(make_csv(tmp_path / "Attendees-123.csv", text, bom=b"\xef\xbb\xbf"))
    match = detect_preset(table.headers, "people")
    assert match is not None and match.preset.name == "eventbrite"
    assert match.confidence >= 0.6
    mapping = build_mapping(table.headers, match.preset, {})
    kept, skipped = mapping.apply(table.rows)
    assert [r.values["external_id"] for r in kept] == ["1001", "1003"]
    first = kept[0].values
    assert (first["given_name"], first["family_name"], first["email"]) == (
        "Taro", "Yamada", "taro@example.jp")
    assert (first["organisation"], first["job_title"]) == ("ABC商事", "CEO")
    assert [(s.line, "Refunded" in s.reason) for s in skipped] == [(3, True)]


PRETIX_EN = ["Event slug", "Order code", "Position ID", "Status", "Email", "Phone number",
             "Order date", "Order time", "Product", "Variation", "Price", "Tax rate", "Tax rule",
             "Tax value", "Attendee name", "Attendee name: Given name",
             "Attendee name: Family name", "Attendee email", "Company", "Address", "ZIP code",
             "City", "Country", "State", "Voucher", "Pseudonymization ID",
             "Dietary requirements?"]
PRETIX_DE = ["Kurzname der Veranstaltung", "Bestellnummer", "Position", "Status", "E-Mail",
             "Telefonnummer", "Bestelldatum", "Bestelluhrzeit", "Produkt", "Variante", "Preis",
             "Steuersatz", "Name Teilnehmer*in", "E-Mail Teilnehmer*in", "Firma", "Adresse",
             "Postleitzahl", "Ort", "Land", "Gutschein", "Pseudonyme ID"]


def test_pretix_english_xlsx_positions_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    orders = wb.active
    assert orders is not None
    orders.title = "Orders"
    orders.append(["Event slug", "Order code", "Order total", "Status", "Email"])
    positions = wb.create_sheet("Order positions")
    positions.append(PRETIX_EN)
    base = dict.fromkeys(PRETIX_EN, "")
    rows = [
        {**base, "Order code": "AB12C", "Position ID": 1, "Status": "Paid",
         "Email": "buyer@example.com", "Attendee name": "Taro Yamada",
         "Attendee name: Given name": "Taro", "Attendee name: Family name": "Yamada",
         "Attendee email": "", "Company": "ＡＢＣ商事株式会社", "Country": "JP"},
        {**base, "Order code": "AB12C", "Position ID": 2, "Status": "Paid",
         "Attendee email": "hanako@example.jp", "Email": "buyer@example.com",
         "Attendee name": "Hanako Suzuki"},
        {**base, "Order code": "ZZ99X", "Position ID": 1, "Status": "Canceled",
         "Attendee email": "gone@example.com"},
    ]
    for row in rows:
        positions.append([row[h] for h in PRETIX_EN])
    wb.save(tmp_path / "orders.xlsx")
    table = read_table(tmp_path / "orders.xlsx")
    assert table.sheet == "Order positions"
    match = detect_preset(table.headers)
    assert match is not None and match.preset.name == "pretix"
    kept, skipped = build_mapping(table.headers, match.preset, {}).apply(table.rows)
    assert [r.values["external_id"] for r in kept] == ["AB12C-1", "AB12C-2"]
    # the order's "Email" is the buyer's: never an attendee's (it used to be the fallback)
    assert kept[0].values["email"] == ""
    assert kept[1].values["email"] == "hanako@example.jp"
    assert kept[0].values["given_name"] == "Taro"
    assert kept[0].values["organisation"] == "ＡＢＣ商事株式会社"
    assert len(skipped) == 1


def test_pretix_german_csv(tmp_path: Path, make_csv: Writer) -> None:
    row = dict.fromkeys(PRETIX_DE, "")
    row.update({"Bestellnummer": "K3M9Q", "Position": "1", "Status": "bezahlt",
                "Name Teilnehmer*in": "Jörg Müller", "E-Mail Teilnehmer*in": "j@example.de",
                "Firma": "Beispiel GmbH", "Land": "DE"})
    text = _csv_text([PRETIX_DE, [row[h] for h in PRETIX_DE]], delimiter=";")
    table = read_table(make_csv(tmp_path / "bestellungen.csv", text, "cp1252"), encoding="cp1252")
    match = detect_preset(table.headers, "people")
    assert match is not None and match.preset.name == "pretix"
    kept, _ = build_mapping(table.headers, match.preset, {}).apply(table.rows)
    values = kept[0].values
    assert values["full_name"] == "Jörg Müller"
    assert values["email"] == "j@example.de"
    assert values["organisation"] == "Beispiel GmbH"
    assert values["external_id"] == "K3M9Q-1"


@pytest.mark.parametrize(
    ("preset", "headers", "row", "expected"),
    [
        ("indico",
         ["ID", "Name", "First Name", "Last Name", "Email Address", "Affiliation", "Position",
          "Country", "Registration date", "Registration state", "Checked in"],
         ["7", "Jane Doe", "Jane", "Doe", "jane@cern.example", "CERN", "Physicist", "CH",
          "2026-05-01", "complete", "No"],
         {"external_id": "7", "email": "jane@cern.example", "organisation": "CERN",
          "job_title": "Physicist"}),
        ("brella", ["Email", "First name", "Last name", "Company", "Title", "Seats"],
         ["k@example.kr", "Minjun", "Kim", "Samsung", "Manager", "1"],
         {"email": "k@example.kr", "job_title": "Manager", "organisation": "Samsung"}),
        ("swapcard", ["First Name", "Last Name", "Job Title", "Company", "Email Address",
                      "Country"],
         ["Li", "Na", "Buyer", "Sino Trade", "li@example.cn", "CN"],
         {"given_name": "Li", "email": "li@example.cn", "country": "CN"}),
        ("talque", ["First Name", "Last Name", "Email", "Company Name", "Job title", "Origin",
                    "Country"],
         ["Ana", "Silva", "ana@example.pt", "Lusa Lda", "CTO", "Scan", "PT"],
         {"organisation": "Lusa Lda", "job_title": "CTO"}),
        ("generic", ["given name", "FAMILY_NAME", "Native name", "E-mail", "Organisation",
                     "Role", "Lead sharing consent"],
         ["Taro", "Yamada", "山田 太郎", "taro@example.jp", "ABC", "delegate", "yes"],
         {"family_name": "Yamada", "native_name": "山田 太郎", "role": "delegate",
          "lead_sharing_consent": "yes"}),
        ("meetings", ["Date", "Start", "End", "Location", "Our attendees", "Counterparts",
                      "Counterpart organisation", "Status", "Objective", "Interpreter"],
         ["2026-10-14", "10:00", "10:30", "Table 12", "a@x.org;b@x.org", "c@y.org", "Y Inc",
          "confirmed", "Intro", "yes"],
         {"location": "Table 12", "our_attendees": "a@x.org;b@x.org"}),
        ("meetings", ["Date", "Time", "Table", "Partner", "Company", "Status"],
         ["2026-10-14", "10:00", "T5", "Dr. Sato", "Osaka Bio", "accepted"],
         {"start": "10:00", "location": "T5", "counterparts": "Dr. Sato",
          "counterpart_organisation": "Osaka Bio"}),
        ("slots", ["Date", "Start", "End", "Venue", "Room", "Title", "Kind", "Presenters",
                   "Organisation"],
         ["2026-10-15", "13:00", "13:20", "Pacifico", "Hall B", "Pitch", "showcase",
          "p@x.org", "X"],
         {"room": "Hall B", "kind": "showcase", "presenters": "p@x.org"}),
    ],
)
def test_presets_detect_and_map(tmp_path: Path, make_csv: Writer, preset: str,
                                headers: list[str], row: list[str],
                                expected: dict[str, str]) -> None:
    table = read_table(make_csv(tmp_path / f"{preset}.csv", _csv_text([headers, row])))
    kind = PRESETS_BY_NAME[preset].kind
    match = detect_preset(table.headers, kind)
    assert match is not None and match.preset.name == preset
    mapping = build_mapping(table.headers, match.preset, {})
    assert mapping.missing_required() == []
    values = mapping.extract(table.rows[0])
    assert {k: values[k] for k in expected} == expected


def test_unknown_headers_detect_nothing() -> None:
    assert detect_preset(["foo", "bar", "baz"]) is None


def test_detection_ignores_column_order() -> None:
    headers = ["Seats", "Title", "Company", "Last name", "First name", "Email"]
    match = detect_preset(headers)
    assert match is not None and match.preset.name == "brella"


def test_map_overrides() -> None:
    headers = ["Given name", "Family name", "Email", "Firm", "Extra"]
    overrides = parse_map_options(["Firm=organisation", "  email = ignore", "extra=Notes"])
    mapping = build_mapping(headers, get_preset("generic"), overrides)
    assert mapping.fields["organisation"] == ("Firm",)
    assert "email" not in mapping.fields
    assert mapping.fields["notes"] == ("Extra",)
    assert mapping.unmapped == ["Email"]


def test_map_option_errors() -> None:
    with pytest.raises(MappingError, match="Header=field"):
        parse_map_option("no equals sign")
    with pytest.raises(MappingError, match="Unknown field"):
        parse_map_option("Firm=employer")
    assert parse_map_option("Company=Organization") == ("Company", "organisation")
    assert parse_map_option("Table=location", "meetings") == ("Table", "location")
    with pytest.raises(MappingError, match="not in the file"):
        build_mapping(["Email"], get_preset("generic"), {"Firm": "organisation"})
    with pytest.raises(MappingError, match="Known presets"):
        get_preset("hubspot")


def test_missing_name_is_reported() -> None:
    mapping = build_mapping(["Email"], get_preset("generic"), {})
    assert mapping.missing_required()
