"""The catalogue of import presets: which source headers mean which canonical field.

Every header list comes from the exporter itself (its source, its translation or its
documentation); the citations and fixtures built from them live in
``tests/planner/imports/real_exports.py``. pretix: ``src/pretix/base/exporters/orderlist.py``
(positions sheet) and its German translation (``Bestellnummer``, ``Position``,
``Name Teilnehmer*in``, ``E-Mail Teilnehmer*in``, ``Firma``, name parts ``…: Vorname`` /
``…: Nachname``), plus the older ``Name des Teilnehmers`` wording. Eventbrite: US and UK
account labels, current and older column orders. Indico: ``ID``, ``Name`` (always
"first last"), the registration form's field titles, the static columns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass, field
from typing import Literal

from planner.imports.errors import MappingError

Kind = Literal["people", "meetings", "slots"]
RowFilter = Callable[[AbcMapping[str, str]], "str | None"]

PEOPLE_FIELDS: tuple[str, ...] = (
    "given_name", "family_name", "full_name", "native_name", "email", "organisation",
    "job_title", "country", "phone", "role", "dietary", "notes", "lawful_basis",
    "lead_sharing_consent", "external_id", "status",
)
MEETING_FIELDS: tuple[str, ...] = (
    "date", "start", "end", "venue", "location", "our_attendees", "counterparts",
    "counterpart_organisation", "status", "objective", "interpreter", "notes", "external_id",
)
SLOT_FIELDS: tuple[str, ...] = (
    "date", "start", "end", "venue", "room", "title", "kind", "presenters", "attendees",
    "organisation", "notes", "external_id",
)
FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
    "people": PEOPLE_FIELDS, "meetings": MEETING_FIELDS, "slots": SLOT_FIELDS,
}
IGNORE = "ignore"  # --map "Header=ignore" (or "Header=") leaves a column out


def header_key(header: str) -> str:
    """Comparison form of a header: NFKC, casefolded, without spaces, ``_`` and ``-``."""
    text = unicodedata.normalize("NFKC", header).replace("\ufeff", "").casefold()
    return re.sub(r"[\s_\-]+", "", text)


@dataclass(frozen=True)
class Preset:
    """How one kind of export names its columns.

    ``columns`` maps a canonical field to the header texts that may hold it, best first (the
    first non-empty one wins per row, e.g. pretix's attendee e-mail before the order e-mail).
    ``signatures`` are alternative lists of headers typical of the source (e.g. English and
    German, or an old and a new column order); detection uses the best one. ``patterns`` are
    regular expressions over :func:`header_key` that also count (e.g. ``amount(usd)``).
    ``key_headers`` are joined with "-" into ``external_id`` when the source has a compound
    key (pretix: order code + position). ``row_filter`` receives the extracted record and
    returns a reason to skip it, or None. ``notes`` say, per header, why a column the preset
    leaves out is left out (pretix's ``Email`` is the buyer's); they are quoted in the
    warning about an unmapped column that looks like a name or an e-mail.
    """

    name: str
    label: str
    kind: Kind
    columns: AbcMapping[str, tuple[str, ...]]
    signatures: tuple[tuple[str, ...], ...]
    patterns: tuple[str, ...] = ()
    key_headers: tuple[tuple[str, ...], ...] = ()
    row_filter: RowFilter | None = None
    generic: bool = False
    notes: AbcMapping[str, str] = field(default_factory=dict)


# ------------------------------------------------------------------------------- presets


def _status_filter(keep: set[str], column: str) -> RowFilter:
    def row_filter(values: AbcMapping[str, str]) -> str | None:
        status = values.get("status", "").strip()
        if not status or status.casefold() in keep:
            return None
        return f"{column} is “{status}” (not imported)"
    return row_filter


def _drop_filter(drop: set[str], column: str) -> RowFilter:
    def row_filter(values: AbcMapping[str, str]) -> str | None:
        status = values.get("status", "").strip()
        if status.casefold() in drop:
            return f"{column} is “{status}” (not imported)"
        return None
    return row_filter


# Eventbrite attendee reports: "First Name, Last Name, Attendee #, Cell Phone" from US accounts,
# "First Name, Surname, Attendee no., Mobile Phone, Order no., County of Residence, Home
# Postcode" from UK accounts. Eventbrite also marks people who came as "Checked In"; refunds,
# transfers, "Not Attending" and deleted attendees are skipped.
EVENTBRITE = Preset(
    name="eventbrite",
    label="Eventbrite attendee report",
    kind="people",
    columns={
        "external_id": ("Attendee #", "Attendee no.", "Attendee No", "Attendee number"),
        "given_name": ("First Name", "Forename"),
        "family_name": ("Last Name", "Surname"),
        "email": ("Email", "Email Address"),
        "organisation": ("Company", "Company Name", "Organization", "Organisation"),
        "job_title": ("Job Title", "Title"),
        "phone": ("Cell Phone", "Mobile Phone", "Mobile", "Work Phone", "Home Phone", "Phone"),
        "country": ("Work Country", "Home Country", "Country"),
        "status": ("Attendee Status",),
        "dietary": ("Dietary Requirements", "Dietary Restrictions"),
    },
    signatures=(
        ("Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Price Tier",
         "Ticket Type", "Attendee #", "Group", "Order Type", "Currency", "Total Paid",
         "Fees Paid", "Eventbrite Fees", "Eventbrite Payment Processing", "Attendee Status"),
        # older reports: currency in the headers, "Last Name" before "First Name"
        ("Attendee #", "Date", "Last Name", "First Name", "Email", "QTY", "Ticket Type",
         "Date Attending", "Order #", "Order Type", "Attendee Status"),
        # UK accounts
        ("Order no.", "Order Date", "First Name", "Surname", "Email", "Quantity", "Price Tier",
         "Ticket Type", "Attendee no.", "Group", "Order Type", "Currency", "Total Paid",
         "Fees Paid", "Eventbrite Fees", "Eventbrite Payment Processing", "Attendee Status",
         "County of Residence", "Home Postcode"),
        ("Order no.", "Order Date", "First Name", "Surname", "Email", "Quantity", "Ticket Type",
         "Order Type", "Total Paid", "Eventbrite Fees", "Eventbrite Payment Processing",
         "Attendee Status", "County of Residence", "Home Postcode"),
    ),
    patterns=(r"amount\([a-z]{3}\)", r"feespaid\([a-z]{3}\)"),
    row_filter=_status_filter({"attending", "checked in"}, "Attendee Status"),
)

_PRETIX_BUYER_EMAIL = ("in a pretix export it is the buyer's (order) e-mail, the same for "
                       "everyone on the order, and is never taken as an attendee's own")
_PRETIX_INVOICE = "in a pretix export it is the buyer's invoice address"

# pretix order positions, one row per attendee. "Email", "Phone number" and the invoice
# address are the ORDER's (the buyer's): a person gets only the attendee columns. The
# attendee e-mail is there only when the event asks for it; the name parts only when the
# event uses a split name scheme (they win over "Attendee name").
PRETIX = Preset(
    name="pretix",
    label="pretix order positions (English or German headers)",
    kind="people",
    columns={
        "full_name": ("Attendee name", "Name Teilnehmer*in", "Name des Teilnehmers",
                      "Teilnehmername", "Attendee name: Full name"),
        "given_name": ("Attendee name: Given name", "Attendee name: First name",
                       "Name Teilnehmer*in: Vorname", "Name des Teilnehmers: Vorname"),
        "family_name": ("Attendee name: Family name", "Name Teilnehmer*in: Nachname",
                        "Name des Teilnehmers: Nachname"),
        "email": ("Attendee email", "E-Mail Teilnehmer*in", "E-Mail des Teilnehmers"),
        "organisation": ("Company", "Firma"),
        "country": ("Country", "Land"),
        "status": ("Status",),
    },
    signatures=(
        ("Event slug", "Order code", "Position ID", "Status", "Email", "Phone number",
         "Order date", "Order time", "Product", "Variation", "Price", "Tax rate", "Tax rule",
         "Tax value", "Attendee name", "Attendee email", "Company", "Voucher",
         "Pseudonymization ID", "Invoice address name", "Sales channel", "Order locale"),
        ("Kurzname der Veranstaltung", "Bestellnummer", "Position", "Status", "E-Mail",
         "Telefonnummer", "Bestelldatum", "Bestelluhrzeit", "Produkt", "Variante", "Preis",
         "Steuersatz", "Steuerregel", "Steuer", "Name Teilnehmer*in", "E-Mail Teilnehmer*in",
         "Firma", "Gutschein", "Pseudonyme ID", "Rechnungsadresse: Name", "Verkaufskanal",
         "Bestellsprache"),
        # older German wording
        ("Bestellnummer", "Position", "Status", "E-Mail", "Bestelldatum", "Produkt",
         "Name des Teilnehmers", "E-Mail des Teilnehmers", "Firma"),
    ),
    key_headers=(("Order code", "Bestellnummer"), ("Position ID", "Positions-ID", "Position")),
    # pretix's order states (English and German) and its older "refunded" state; a position
    # cancelled on its own says "canceled" too
    row_filter=_drop_filter({"canceled", "cancelled", "storniert", "expired", "abgelaufen",
                             "refunded", "erstattet"}, "Status"),
    notes={"Email": _PRETIX_BUYER_EMAIL, "E-Mail": _PRETIX_BUYER_EMAIL,
           "Invoice address name": _PRETIX_INVOICE,
           "Invoice address name: Given name": _PRETIX_INVOICE,
           "Invoice address name: Family name": _PRETIX_INVOICE,
           "Rechnungsadresse: Name": _PRETIX_INVOICE,
           "Rechnungsadresse: Name: Vorname": _PRETIX_INVOICE,
           "Rechnungsadresse: Name: Nachname": _PRETIX_INVOICE},
)

# Indico's registration spreadsheet: "ID", "Name" (always "first last"), then the titles of
# the registration form's fields the organiser chose (the personal-data ones are "Email
# Address, First Name, Last Name, Affiliation, Title, Address, Phone Number, Country,
# Position"; "Title" is a courtesy title, not a job), then static columns.
INDICO = Preset(
    name="indico",
    label="Indico registrations",
    kind="people",
    columns={
        "external_id": ("ID",),
        "full_name": ("Name",),
        "given_name": ("First Name", "First name"),
        "family_name": ("Last Name", "Last name"),
        "email": ("Email Address", "Email", "E-mail"),
        "organisation": ("Affiliation", "Institution", "Organisation", "Organization",
                         "Company"),
        "job_title": ("Position", "Job Title"),
        "country": ("Country",),
        "phone": ("Phone Number", "Phone"),
        "status": ("Registration state",),
    },
    signatures=(
        ("ID", "Name", "Registration date", "Modification date", "Registration state",
         "Created by", "Checked in", "Check-in date", "Payment date"),
        ("ID", "Name", "Email Address", "First Name", "Last Name", "Affiliation", "Position",
         "Phone Number", "Country"),
    ),
    row_filter=_drop_filter({"withdrawn", "rejected"}, "Registration state"),
)

# Brella's invites file (exported from the admin panel and imported back): "ID, External ID,
# Email, First name, Last name, Company, Title, Join URL, Join Code, … Seats".
BRELLA = Preset(
    name="brella",
    label="Brella invites",
    kind="people",
    columns={
        "external_id": ("ID",),
        "email": ("Email",), "given_name": ("First name",), "family_name": ("Last name",),
        "organisation": ("Company",), "job_title": ("Title",),
    },
    signatures=(("Email", "First name", "Last name", "Company", "Title", "Seats"),
                ("ID", "External ID", "Email", "First name", "Last name", "Company", "Title",
                 "Join URL", "Join Code", "Seats")),
)

# Swapcard booth leads as Validar delivers them: "First Name; Last Name; Job Title; Company;
# Email Address; Country", plus the fields the organiser added.
SWAPCARD = Preset(
    name="swapcard",
    label="Swapcard / Validar booth leads",
    kind="people",
    columns={
        "given_name": ("First Name",), "family_name": ("Last Name",),
        "job_title": ("Job Title",), "organisation": ("Company",),
        "email": ("Email Address",), "country": ("Country",),
        "phone": ("Phone", "Phone Number", "Mobile Phone"), "notes": ("Notes", "Comments"),
    },
    signatures=(
        ("First Name", "Last Name", "Job Title", "Company", "Email Address", "Country"),
    ),
)

# talque's lead list: "First Name, Last Name, Email, Company Name, Job title, Origin, Country".
TALQUE = Preset(
    name="talque",
    label="talque lead list",
    kind="people",
    columns={
        "given_name": ("First Name",), "family_name": ("Last Name",), "email": ("Email",),
        "organisation": ("Company Name",), "job_title": ("Job title",),
        "country": ("Country",), "notes": ("Notes",),
    },
    signatures=(
        ("First Name", "Last Name", "Email", "Company Name", "Job title", "Origin", "Country"),
    ),
)

GENERIC_PEOPLE = Preset(
    name="generic",
    label="Mission Desk people template",
    kind="people",
    columns={
        "given_name": ("Given name", "First name", "Forename", "Vorname"),
        "family_name": ("Family name", "Last name", "Surname", "Nachname"),
        "full_name": ("Name", "Full name"),
        "native_name": ("Native name", "Name (native)", "Name in native script"),
        "email": ("Email", "E-mail", "Email address", "E-Mail-Adresse"),
        "organisation": ("Organisation", "Organization", "Company", "Firma"),
        "job_title": ("Job title", "Title", "Position"),
        "country": ("Country", "Land"),
        "phone": ("Phone", "Phone number", "Telephone", "Mobile"),
        "role": ("Role",),
        "dietary": ("Dietary", "Dietary requirements"),
        "notes": ("Notes", "Comments"),
        "lawful_basis": ("Lawful basis",),
        "lead_sharing_consent": ("Lead sharing consent",),
        "external_id": ("External ID", "ID"),
        "status": ("Status",),
    },
    signatures=(
        ("Given name", "Family name", "Native name", "Email", "Organisation", "Job title",
         "Country", "Phone", "Role", "Dietary", "Notes"),
    ),
    generic=True,
)

GENERIC_MEETINGS = Preset(
    name="meetings",
    label="Meeting list (Mission Desk template and partnering exports)",
    kind="meetings",
    columns={
        "date": ("Date", "Meeting date", "Day", "Datum"),
        "start": ("Start", "Start time", "From", "Time", "Begin", "Meeting time"),
        "end": ("End", "End time", "To", "Until", "Finish"),
        "venue": ("Venue", "Building"),
        "location": ("Location", "Table", "Table number", "Table no.", "Meeting point", "Room",
                     "Location/Table", "Booth", "Meeting location"),
        "our_attendees": ("Our attendees", "Our attendee", "Delegates", "Attendees",
                          "Booker", "Booker email", "Requester", "Host"),
        "counterparts": ("Counterparts", "Counterpart", "Counterpart name", "Partner",
                         "Partner name", "Meeting with", "Requestee", "Requestee email",
                         "Contact", "With", "Participant"),
        "counterpart_organisation": ("Counterpart organisation", "Counterpart organization",
                                     "Counterpart company", "Company", "Partner company",
                                     "Partner organisation", "Organisation", "Organization"),
        "status": ("Status", "Meeting status", "State"),
        "objective": ("Objective", "Purpose", "Agenda", "Topic", "Subject"),
        "interpreter": ("Interpreter", "Interpreter needed", "Interpretation"),
        "notes": ("Notes", "Comments"),
        "external_id": ("Meeting ID", "Meeting id", "Booking ID", "ID"),
    },
    signatures=(
        ("Date", "Start", "End", "Location", "Our attendees", "Counterparts",
         "Counterpart organisation", "Status", "Objective", "Interpreter"),
        ("Date", "Time", "Table", "Partner", "Company", "Status"),
    ),
    generic=True,
)

GENERIC_SLOTS = Preset(
    name="slots",
    label="Showcase slots and side events (Mission Desk template)",
    kind="slots",
    columns={
        "date": ("Date", "Day", "Datum"),
        "start": ("Start", "Start time", "From", "Time", "Begin"),
        "end": ("End", "End time", "To", "Until"),
        "venue": ("Venue", "Location", "Place"),
        "room": ("Room", "Hall", "Stage"),
        "title": ("Title", "Session", "Session title", "Name", "Event"),
        "kind": ("Kind", "Type", "Format", "Session type"),
        "presenters": ("Presenters", "Presenter", "Speakers", "Speaker", "Hosts"),
        "attendees": ("Attendees", "Attending", "Travellers", "Participants"),
        "organisation": ("Organisation", "Organization", "Company", "Host"),
        "notes": ("Notes", "Description", "Comments"),
        "external_id": ("ID", "Session ID"),
    },
    signatures=(
        ("Date", "Start", "End", "Venue", "Room", "Title", "Kind", "Presenters", "Attendees",
         "Organisation"),
    ),
    generic=True,
)

PRESETS: tuple[Preset, ...] = (EVENTBRITE, PRETIX, INDICO, BRELLA, SWAPCARD, TALQUE,
                               GENERIC_PEOPLE, GENERIC_MEETINGS, GENERIC_SLOTS)
PRESETS_BY_NAME: dict[str, Preset] = {p.name: p for p in PRESETS}


def get_preset(name: str) -> Preset:
    """The preset called ``name`` (case-insensitive); :class:`MappingError` lists the others."""
    preset = PRESETS_BY_NAME.get(name.strip().casefold())
    if preset is None:
        names = ", ".join(PRESETS_BY_NAME)
        raise MappingError(f"Unknown preset “{name}”. Known presets: {names}.")
    return preset
