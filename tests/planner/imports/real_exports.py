"""Registration exports built in the exact layouts of the real exporters (written in tmp_path).

Each header list is the exporter's own, copied from its source, its translation or its
documentation, cited next to it. No binary fixture is committed: the builders write CSV with
the csv module and XLSX with openpyxl. Each builder returns the file and the people the import
must produce (:class:`Expected`), in file order, leaving out the rows the exporter marks as
cancelled, expired, refunded or withdrawn.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import openpyxl


@dataclass(frozen=True)
class Expected:
    """One person the import must create: names as stored, e-mail ("" for none)."""

    given: str
    family: str
    native: str
    organisation: str
    email: str = ""


def _keys(headers: list[str]) -> list[str]:
    """The key of each column in a fixture row: a header's n-th occurrence (n ≥ 2) is
    "Header (n)", as the importer's reader names it (pretix repeats "Company", "Address" …)."""
    seen: dict[str, int] = {}
    keys = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        keys.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return keys


def _cells(headers: list[str], row: dict[str, str]) -> list[str]:
    keys = _keys(headers)
    unknown = set(row) - set(keys)
    assert not unknown, f"fixture row names columns the export does not have: {unknown}"
    return [row.get(k, "") for k in keys]


def _write_csv(path: Path, headers: list[str], rows: list[dict[str, str]], *,
               delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow(_cells(headers, row))
    return path


# ----------------------------------------------------------------------------------- pretix
# Source: pretix/pretix, src/pretix/base/exporters/orderlist.py, OrderListExporter
# (identifier "orderlist", "Order data"): sheets ('orders', 'Orders'), ('positions',
# 'Order positions'), ('fees', 'Order fees'). iterate_positions() writes the headers below for
# an event without dates in a series and with the "given_family" name scheme (its fields
# _('Given name'), _('Family name') from PERSON_NAME_SCHEMES in src/pretix/base/settings.py
# give "Attendee name: Given name" …), then one column per question, then the ORDER's invoice
# address. Read from the stored copy of the current master (the one with "Ticket secret",
# "Blocked", "Valid from/until" and "Invoice address street"); the status column is
# order.get_status_display() ("pending", "paid", "expired", "canceled": Order.STATUS_CHOICE in
# src/pretix/base/models/orders.py), or _("canceled") for a position cancelled on its own.
# "Email" and "Phone number" are order.email / order.phone: the BUYER's.
PRETIX_QUESTION = "Dietary requirements"
PRETIX_POSITIONS_EN = [
    "Event slug", "Order code", "Position ID", "Status", "Email", "Phone number", "Order date",
    "Order time", "Product", "Variation", "Price", "Tax rate", "Tax rule", "Tax value",
    "Attendee name", "Attendee name: Given name", "Attendee name: Family name",
    "Attendee email", "Company", "Address", "ZIP code", "City", "Country", "State", "Voucher",
    "Pseudonymization ID", "Ticket secret", "Seat ID", "Seat name", "Seat zone", "Seat row",
    "Seat number", "Blocked", "Valid from", "Valid until", "Order comment", "Follow-up date",
    PRETIX_QUESTION,
    "Company", "Invoice address name", "Invoice address name: Given name",
    "Invoice address name: Family name", "Invoice address street", "Invoice address ZIP code",
    "Invoice address city", "Invoice address country", "Invoice address state", "VAT ID",
    "Sales channel", "Order locale", "E-mail address verified", "External customer ID",
    "Payment providers",
]
# iterate_orders(): the Orders sheet (one row per order: the buyer) and iterate_fees().
PRETIX_ORDERS_EN = [
    "Event slug", "Order code", "Order total", "Status", "Email", "Phone number", "Order date",
    "Order time", "Company", "Name", "Given name", "Family name", "Address", "ZIP code",
    "City", "Country", "State", "Custom address field", "VAT ID", "Date of last payment",
    "Fees", "Order locale", "Invoice numbers", "Sales channel", "Requires special attention",
    "Comment", "Follow-up date", "Positions", "E-mail address verified", "Payment providers",
]
PRETIX_FEES_EN = [
    "Event slug", "Order code", "Status", "Email", "Phone number", "Order date", "Order time",
    "Fee type", "Description", "Price", "Tax rate", "Tax rule", "Tax value", "Company",
    "Invoice address name", "Invoice address name: Given name",
    "Invoice address name: Family name", "Address", "ZIP code", "City", "Country", "State",
    "VAT ID", "Payment providers",
]
# German: the same exporter as of pretix/pretix commit 003fa629 (positions sheet without
# "Ticket secret"/"Blocked"/"Valid …", attendee and invoice addresses both labelled "Address"
# …), every label through src/pretix/locale/de/LC_MESSAGES/django.po (PO-Revision-Date
# 2021-09-15): Event slug → Kurzname der Veranstaltung, Order code → Bestellnummer,
# Position ID → Position, Attendee name → Name Teilnehmer*in, Attendee email →
# E-Mail Teilnehmer*in, Company → Firma, Invoice address name → Rechnungsadresse: Name,
# Given name → Vorname, Family name → Nachname, Order positions → Bestellzeilen, Orders →
# Bestellungen, Order fees → Gebühren; states paid → bezahlt, pending → ausstehend,
# expired → abgelaufen, canceled → storniert.
PRETIX_POSITIONS_DE = [
    "Kurzname der Veranstaltung", "Bestellnummer", "Position", "Status", "E-Mail",
    "Telefonnummer", "Bestelldatum", "Bestelluhrzeit", "Produkt", "Variante", "Preis",
    "Steuersatz", "Steuerregel", "Steuer", "Name Teilnehmer*in", "Name Teilnehmer*in: Vorname",
    "Name Teilnehmer*in: Nachname", "E-Mail Teilnehmer*in", "Firma", "Adresse",
    "Postleitzahl", "Ort", "Land", "Bundesstaat", "Gutschein", "Pseudonyme ID",
    "Sitzplatz-ID", "Sitzbezeichnung", "Sitzbereich", "Sitzreihe", "Sitzplatz",
    "Bestellkommentar", "Datum zur Wiedervorlage", "Ernährungsweise",
    "Firma", "Rechnungsadresse: Name", "Rechnungsadresse: Name: Vorname",
    "Rechnungsadresse: Name: Nachname", "Adresse", "Postleitzahl", "Ort", "Land",
    "Bundesstaat", "USt-ID-Nr.", "Verkaufskanal", "Bestellsprache",
    "E-Mail-Adresse verifiziert", "Zahlungsmethoden",
]
PRETIX_ORDERS_DE = [
    "Kurzname der Veranstaltung", "Bestellnummer", "Gesamtbetrag", "Status", "E-Mail",
    "Telefonnummer", "Bestelldatum", "Bestelluhrzeit", "Firma", "Name", "Vorname", "Nachname",
    "Adresse", "Postleitzahl", "Ort", "Land", "Bundesstaat", "Zusätzliches Adressfeld",
    "USt-ID-Nr.", "Datum der letzten Zahlung", "Gebühren", "Bestellsprache",
    "Rechnungsnummern", "Verkaufskanal", "Benötigt besondere Behandlung", "Kommentar",
    "Datum zur Wiedervorlage", "Positionen", "E-Mail-Adresse verifiziert", "Zahlungsmethoden",
]
PRETIX_FEES_DE = [
    "Kurzname der Veranstaltung", "Bestellnummer", "Status", "E-Mail", "Telefonnummer",
    "Bestelldatum", "Bestelluhrzeit", "Art der Gebühr", "Beschreibung", "Preis", "Steuersatz",
    "Steuerregel", "Steuer", "Firma", "Rechnungsadresse: Name",
    "Rechnungsadresse: Name: Vorname", "Rechnungsadresse: Name: Nachname", "Adresse",
    "Postleitzahl", "Ort", "Land", "Bundesstaat", "USt-ID-Nr.", "Zahlungsmethoden",
]
PRETIX_SHEETS = {"en": ("Orders", "Order positions", "Order fees"),
                 "de": ("Bestellungen", "Bestellzeilen", "Gebühren")}

# One order (buyer: an office manager) with three delegates and no attendee e-mails (pretix
# does not ask for them by default), one cancelled position, one expired order.
BUYER_EMAIL = "office@aldgate-tx.example"
_BUYER = {"Email": BUYER_EMAIL, "Phone number": "+44 20 7946 0000",
          "Invoice address name": "Olivia Office", "Invoice address name: Given name": "Olivia",
          "Invoice address name: Family name": "Office"}


def _pretix_en_rows() -> list[dict[str, str]]:
    def position(code: str, pid: int, status: str, given: str, family: str,
                 company: str = "", country: str = "", email: str = "",
                 buyer: dict[str, str] | None = None) -> dict[str, str]:
        return {"Event slug": "bio2026", "Order code": code, "Position ID": str(pid),
                "Status": status, "Order date": "2026-05-02", "Order time": "10:14:03",
                "Product": "Delegate pass", "Price": "450.00",
                "Attendee name": f"{given} {family}", "Attendee name: Given name": given,
                "Attendee name: Family name": family, "Attendee email": email,
                "Company": company, "Country": country, "Pseudonymization ID": f"P{code}{pid}",
                "Sales channel": "web", "Order locale": "en", "E-mail address verified": "Yes",
                **(buyer if buyer is not None else {"Email": f"{given.lower()}@buyer.example"})}

    return [
        position("AB3CD", 1, "paid", "Alice", "Fraser", "Aldgate Therapeutics Ltd", "GB",
                 buyer=_BUYER),
        position("AB3CD", 2, "paid", "Benedict", "Okafor", "Aldgate Therapeutics Ltd", "GB",
                 buyer=_BUYER),
        position("AB3CD", 3, "paid", "Chloe", "Whitmore", "Aldgate Therapeutics Ltd", "GB",
                 buyer=_BUYER),
        position("AB3CD", 4, "canceled", "Dominic", "Hale", "Aldgate Therapeutics Ltd", "GB",
                 buyer=_BUYER),
        position("XY7ZQ", 1, "expired", "Erin", "Lowe", "Late Bio", "IE"),
        position("KM2PN", 1, "pending", "Farah", "Qureshi", "Qureshi Genomics", "GB",
                 email="farah@qureshi-genomics.example"),
    ]


PRETIX_EN_EXPECTED = [
    Expected("Alice", "Fraser", "", "Aldgate Therapeutics Ltd"),
    Expected("Benedict", "Okafor", "", "Aldgate Therapeutics Ltd"),
    Expected("Chloe", "Whitmore", "", "Aldgate Therapeutics Ltd"),
    Expected("Farah", "Qureshi", "", "Qureshi Genomics", "farah@qureshi-genomics.example"),
]


def _pretix_de_rows() -> list[dict[str, str]]:
    def position(code: str, pid: int, status: str, given: str, family: str, company: str,
                 email: str) -> dict[str, str]:
        return {"Kurzname der Veranstaltung": "bio2026", "Bestellnummer": code,
                "Position": str(pid), "Status": status, "E-Mail": "einkauf@muster.example",
                "Bestelldatum": "2026-05-03", "Bestelluhrzeit": "09:00:00",
                "Produkt": "Delegiertenticket", "Preis": "450.00",
                "Name Teilnehmer*in": f"{given} {family}",
                "Name Teilnehmer*in: Vorname": given, "Name Teilnehmer*in: Nachname": family,
                "E-Mail Teilnehmer*in": email, "Firma": company, "Land": "DE",
                "Ernährungsweise": "vegetarisch", "Rechnungsadresse: Name": "Eva Einkauf",
                "Rechnungsadresse: Name: Vorname": "Eva",
                "Rechnungsadresse: Name: Nachname": "Einkauf",
                "Verkaufskanal": "web", "Bestellsprache": "de",
                "E-Mail-Adresse verifiziert": "Ja"}

    return [
        position("K3M9Q", 1, "bezahlt", "Jürgen", "Müller", "Müller Biotech GmbH",
                 "j.mueller@mueller-bio.example"),
        position("K3M9Q", 2, "bezahlt", "Anna-Lena", "Schäfer", "Müller Biotech GmbH", ""),
        position("K3M9Q", 3, "storniert", "Tobias", "Brandt", "Müller Biotech GmbH", ""),
        position("R8T2W", 1, "abgelaufen", "Sabine", "Vogel", "Vogel Pharma AG",
                 "s.vogel@vogel-pharma.example"),
        position("P5L7X", 1, "ausstehend", "Ömer", "Yılmaz", "Rhein Diagnostik GmbH",
                 "oemer.yilmaz@rhein-dx.example"),
    ]


PRETIX_DE_EXPECTED = [
    Expected("Jürgen", "Müller", "", "Müller Biotech GmbH", "j.mueller@mueller-bio.example"),
    Expected("Anna-Lena", "Schäfer", "", "Müller Biotech GmbH"),
    Expected("Ömer", "Yılmaz", "", "Rhein Diagnostik GmbH", "oemer.yilmaz@rhein-dx.example"),
]


def pretix_positions_csv(tmp_path: Path, language: str = "en") -> tuple[Path, list[Expected]]:
    """The "Order positions" sheet saved as CSV (pretix's "CSV (with commas)" for English,
    "CSV (Excel-style)" with semicolons for the German export)."""
    if language == "en":
        return (_write_csv(tmp_path / "bio2026_orders_positions.csv", PRETIX_POSITIONS_EN,
                           _pretix_en_rows()), PRETIX_EN_EXPECTED)
    return (_write_csv(tmp_path / "bio2026_bestellzeilen.csv", PRETIX_POSITIONS_DE,
                       _pretix_de_rows(), delimiter=";"), PRETIX_DE_EXPECTED)


def pretix_workbook(tmp_path: Path, language: str = "en") -> tuple[Path, list[Expected]]:
    """The exporter's "Excel (.xlsx)" output: three sheets, orders first."""
    if language == "en":
        sheets = (PRETIX_ORDERS_EN, PRETIX_POSITIONS_EN, PRETIX_FEES_EN)
        positions, expected = _pretix_en_rows(), PRETIX_EN_EXPECTED
        order_row = {"Order code": "AB3CD", "Status": "paid", "Email": BUYER_EMAIL,
                     "Company": "Aldgate Therapeutics Ltd", "Name": "Olivia Office",
                     "Given name": "Olivia", "Family name": "Office", "Positions": "4"}
        fee_row = {"Order code": "AB3CD", "Status": "paid", "Email": BUYER_EMAIL,
                   "Fee type": "Payment fee", "Price": "3.50",
                   "Invoice address name": "Olivia Office"}
    else:
        sheets = (PRETIX_ORDERS_DE, PRETIX_POSITIONS_DE, PRETIX_FEES_DE)
        positions, expected = _pretix_de_rows(), PRETIX_DE_EXPECTED
        order_row = {"Bestellnummer": "K3M9Q", "Status": "bezahlt",
                     "E-Mail": "einkauf@muster.example", "Firma": "Müller Biotech GmbH",
                     "Name": "Eva Einkauf", "Vorname": "Eva", "Nachname": "Einkauf",
                     "Positionen": "3"}
        fee_row = {"Bestellnummer": "K3M9Q", "Status": "bezahlt",
                   "E-Mail": "einkauf@muster.example", "Art der Gebühr": "Zahlungsgebühr",
                   "Preis": "3.50", "Rechnungsadresse: Name": "Eva Einkauf"}
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for title, headers, rows in zip(PRETIX_SHEETS[language], sheets,
                                    ([order_row], positions, [fee_row]), strict=True):
        sheet = wb.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append(_cells(headers, row))
    path = tmp_path / f"bio2026_orders_{language}.xlsx"
    wb.save(path)
    return path, expected


# ------------------------------------------------------------------------------- Eventbrite
# Eventbrite is closed source: the layouts come from its reports as published, not from code.
# Statuses: Eventbrite Help Centre, "Glossary of order and attendee statuses in event reports"
# (Attending, Checked In, Not Attending; orders Refunded/Canceled, Transferred, Deleted …).
# US account, current order: the header row of a real Attendee Summary report in
# rherardi/eb2ez, test_input_file_1.csv (commit 6e40b691), up to "Home Country", then the
# organiser's questions and the contact fields chosen on the order form (Cell Phone, Job
# Title, Company are Eventbrite's own contact-field labels).
EVENTBRITE_US = [
    "Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Price Tier",
    "Ticket Type", "Attendee #", "Group", "Order Type", "Currency", "Total Paid", "Fees Paid",
    "Eventbrite Fees", "Eventbrite Payment Processing", "Attendee Status", "Home Address 1",
    "Home Address 2", "Home City", "Home State", "Home Zip", "Home Country",
    "How did you hear about this event?", "Cell Phone", "Job Title", "Company",
]
# US account, older order (currency in the headers, Last Name first): the 2013 parsing script
# quoted in shared/reference/mission-anchors.md §4.1.
EVENTBRITE_US_OLD = [
    "Attendee #", "Date", "Last Name", "First Name", "Email", "QTY", "Ticket Type",
    "Date Attending", "Order #", "Order Type", "Amount (USD)", "Fees Paid (USD)",
    "Attendee Status", "Job Title", "Company",
]
# UK account, older order: the header row of a real UK report (Devoxx UK 2017) in
# katharinebeaumont/badge-service, src/test/java/badgeService/util/CSVAttendeeMapperTest.java
# (commit a22e19c7): "Order no.", "Surname", "County of Residence", "Home Postcode"; no
# attendee number in that layout. UK account, current order: the same UK labels in the current
# column order, with "Attendee no." and "Mobile Phone" as named in issue 13 (the UK labels for
# "Attendee #" and "Cell Phone"; not found in public material).
EVENTBRITE_UK_OLD = [
    "Order no.", "Order Date", "First Name", "Surname", "Email", "Quantity", "Ticket Type",
    "Order Type", "Total Paid", "Eventbrite Fees", "Eventbrite Payment Processing",
    "Attendee Status", "Home Address 1", "Home Address 2", "Home City", "County of Residence",
    "Home Postcode", "Home Country", "Job Title", "Company",
]
EVENTBRITE_UK = [
    "Order no.", "Order Date", "First Name", "Surname", "Email", "Quantity", "Price Tier",
    "Ticket Type", "Attendee no.", "Group", "Order Type", "Currency", "Total Paid",
    "Fees Paid", "Eventbrite Fees", "Eventbrite Payment Processing", "Attendee Status",
    "Home Address 1", "Home Address 2", "Home City", "County of Residence", "Home Postcode",
    "Home Country", "Mobile Phone", "Job Title", "Company", "Booker name",
]

_EB_PEOPLE = [
    # given, family, e-mail, company, status
    ("Grace", "Okonkwo", "grace@halden-bio.example", "Halden Bio Ltd", "Attending"),
    ("Hamish", "MacLeod", "hamish@glen-pharma.example", "Glen Pharma plc", "Checked In"),
    ("Isla", "Pemberton", "isla@refund.example", "Refunded Ltd", "Not Attending"),
    ("Jonah", "Abernathy", "jonah@thames-dx.example", "Thames Diagnostics", "Attending"),
]


def eventbrite_report(tmp_path: Path, variant: str) -> tuple[Path, list[Expected]]:
    """An Attendee Summary report: ``variant`` is "us", "us-old", "uk" or "uk-old"."""
    headers = {"us": EVENTBRITE_US, "us-old": EVENTBRITE_US_OLD, "uk": EVENTBRITE_UK,
               "uk-old": EVENTBRITE_UK_OLD}[variant]
    uk = variant.startswith("uk")
    order_key, attendee_key = ("Order no.", "Attendee no.") if uk else ("Order #", "Attendee #")
    family_key = "Surname" if uk else "Last Name"
    rows = []
    for n, (given, family, email, company, status) in enumerate(_EB_PEOPLE, start=1):
        row = {order_key: str(9100 + n), attendee_key: str(18441583420 + n),
               "First Name": given, family_key: family, "Email": email, "Company": company,
               "Job Title": "Director", "Attendee Status": status, "Ticket Type": "Delegate",
               "Cell Phone": f"+1 415 555 01{n:02d}", "Mobile Phone": f"+44 7700 9000{n:02d}",
               "Home Country": "GB" if uk else "US", "Booker name": "Priya Booker"}
        rows.append({k: v for k, v in row.items() if k in headers})
    expected = [Expected(g, f, "", c, e) for g, f, e, c, s in _EB_PEOPLE if s != "Not Attending"]
    return _write_csv(tmp_path / f"Attendees-771{variant}.csv", headers, rows), expected


# ----------------------------------------------------------------------------------- Indico
# Source: indico/indico, indico/modules/events/registration/util.py,
# generate_spreadsheet_from_registrations() (commit b8f1fde8): field_names = ['ID', 'Name']
# ('Name' is f'{first_name} {last_name}'), then the title of each registration-form item the
# organiser picked (the personal-data titles are PersonalDataType.__titles__ in
# registration/models/items.py: 'Email Address', 'First Name', 'Last Name', 'Affiliation',
# 'Title', 'Address', 'Phone Number', 'Country', 'Position'; custom fields keep their own
# titles), then the static columns 'Registration date', 'Modification date',
# 'Registration state', 'Created by', 'Price', 'Checked in', 'Check-in date',
# 'Payment date', 'Tags'. States are RegistrationState titles: Completed, Pending, Rejected,
# Withdrawn, Awaiting payment.
INDICO_HEADERS = [
    "ID", "Name", "Email Address", "Affiliation", "Position", "Country", "Phone Number",
    "Dietary requirements", "Emergency contact name", "Registration date", "Registration state",
    "Checked in",
]


def indico_registrations(tmp_path: Path) -> tuple[Path, list[Expected]]:
    """A registrant list with names in Japanese, Korean and Latin script (the organiser did
    not add the First/Last Name columns: only Indico's "Name")."""
    rows = [
        ("1", "山田 太郎", "yamada@sakura-pharma.example", "Sakura Pharma K.K.", "Japan",
         "Completed"),
        ("2", "김 민준", "minjun.kim@hanbio.example", "HanBio Co., Ltd.", "South Korea",
         "Completed"),
        ("3", "Taro Yamada", "t.yamada@kyoto-u.example", "Kyoto University", "Japan",
         "Awaiting payment"),
        ("4", "Withdrawn Person", "gone@withdrawn.example", "Gone GmbH", "Germany",
         "Withdrawn"),
        ("5", "Rejected Person", "no@rejected.example", "Nope Ltd", "United Kingdom",
         "Rejected"),
    ]
    records = [{"ID": i, "Name": name, "Email Address": email, "Affiliation": org,
                "Position": "Director", "Country": country, "Registration state": state,
                "Registration date": "2026-06-01T09:30:00+02:00", "Checked in": "False",
                "Emergency contact name": "Hanako Contact", "Dietary requirements": "none"}
               for i, name, email, org, country, state in rows]
    expected = [
        Expected("太郎", "山田", "山田 太郎", "Sakura Pharma K.K.", "yamada@sakura-pharma.example"),
        Expected("민준", "김", "김 민준", "HanBio Co., Ltd.", "minjun.kim@hanbio.example"),
        Expected("Taro", "Yamada", "", "Kyoto University", "t.yamada@kyoto-u.example"),
    ]
    return _write_csv(tmp_path / "registrations.csv", INDICO_HEADERS, records), expected


# ------------------------------------------------------------- matchmaking and lead scanners
# Brella: Help Centre, "Generate invites or unique join codes and links via the file import"
# (help.brella.io): the invites file the admin panel exports and imports — ID, External ID,
# Email, First name, Last name, Company, Title, Join URL, Join Code, Seats.
BRELLA_HEADERS = ["ID", "External ID", "Email", "First name", "Last name", "Company", "Title",
                  "Join URL", "Join Code", "Seats"]
# Swapcard booth leads through Validar: "Validar and Swapcard FAQ" (validar.com): "First Name;
# Last Name; Job Title; Company; Email Address; and Country" (+ organiser-chosen fields).
SWAPCARD_HEADERS = ["First Name", "Last Name", "Job Title", "Company", "Email Address",
                    "Country"]
# talque: FAQ "lead list" (web.talque.com/en/faq/lead-list, as quoted in
# shared/reference/mission-anchors.md §4.6; the page itself is not in the search store).
TALQUE_HEADERS = ["First Name", "Last Name", "Email", "Company Name", "Job title", "Origin",
                  "Country"]


def brella_invites(tmp_path: Path) -> tuple[Path, list[Expected]]:
    rows = [{"ID": "40117", "Email": "kwame@accra-bio.example", "First name": "Kwame",
             "Last name": "Mensah", "Company": "Accra Bio", "Title": "CEO",
             "Join URL": "https://next.brella.io/join/AB12", "Join Code": "AB12", "Seats": "1"},
            {"ID": "40118", "Email": "lena@nordic-cell.example", "First name": "Lena",
             "Last name": "Lindqvist", "Company": "Nordic Cell AB", "Title": "CSO",
             "Join URL": "https://next.brella.io/join/CD34", "Join Code": "CD34", "Seats": "1"}]
    return (_write_csv(tmp_path / "invites.csv", BRELLA_HEADERS, rows),
            [Expected("Kwame", "Mensah", "", "Accra Bio", "kwame@accra-bio.example"),
             Expected("Lena", "Lindqvist", "", "Nordic Cell AB", "lena@nordic-cell.example")])


def swapcard_leads(tmp_path: Path) -> tuple[Path, list[Expected]]:
    rows = [{"First Name": "Lucas", "Last Name": "Martin", "Job Title": "CTO",
             "Company": "Lune Microbiome SAS", "Email Address": "lucas@lune.example",
             "Country": "France"},
            {"First Name": "Wei", "Last Name": "Chen", "Job Title": "BD Manager",
             "Company": "Shenzhen CellWorks", "Email Address": "wei.chen@cellworks.example",
             "Country": "China"}]
    return (_write_csv(tmp_path / "leads.csv", SWAPCARD_HEADERS, rows, delimiter=";"),
            [Expected("Lucas", "Martin", "", "Lune Microbiome SAS", "lucas@lune.example"),
             Expected("Wei", "Chen", "", "Shenzhen CellWorks", "wei.chen@cellworks.example")])


def talque_leads(tmp_path: Path) -> tuple[Path, list[Expected]]:
    rows = [{"First Name": "Priya", "Last Name": "Patel", "Email": "priya@eden.example",
             "Company Name": "Eden Genomics", "Job title": "CSO", "Origin": "Booth scan",
             "Country": "GB"},
            {"First Name": "Mateus", "Last Name": "Costa", "Email": "mateus@lusa.example",
             "Company Name": "Lusa Biotech Lda", "Job title": "CEO", "Origin": "Meeting",
             "Country": "PT"}]
    return (_write_csv(tmp_path / "lead-list.csv", TALQUE_HEADERS, rows),
            [Expected("Priya", "Patel", "", "Eden Genomics", "priya@eden.example"),
             Expected("Mateus", "Costa", "", "Lusa Biotech Lda", "mateus@lusa.example")])
