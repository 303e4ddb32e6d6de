"""The catalogue of import presets: which source headers mean which canonical field.

Real column names of each export (see the shared mission-anchors notes, section 4). pretix
German labels come from pretix's own German translation (``Bestellnummer``, ``Position``,
``Name Teilnehmer*in``, ``E-Mail Teilnehmer*in``, ``Firma`` …) plus the older
``Name des Teilnehmers`` wording.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass
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
    returns a reason to skip it, or None.
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


EVENTBRITE = Preset(
    name="eventbrite",
    label="Eventbrite attendee report",
    kind="people",
    columns={
        "external_id": ("Attendee #",),
        "given_name": ("First Name",),
        "family_name": ("Last Name",),
        "email": ("Email",),
        "organisation": ("Company", "Company Name", "Organization", "Organisation"),
        "job_title": ("Job Title", "Title"),
        "phone": ("Cell Phone", "Work Phone", "Home Phone", "Phone"),
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
    ),
    patterns=(r"amount\([a-z]{3}\)", r"feespaid\([a-z]{3}\)"),
    # Eventbrite also marks people who came as "Checked In"; refunds, transfers and
    # "Not Attending" are skipped.
    row_filter=_status_filter({"attending", "checked in"}, "Attendee Status"),
)

PRETIX = Preset(
    name="pretix",
    label="pretix order positions (English or German headers)",
    kind="people",
    columns={
        "full_name": ("Attendee name", "Name Teilnehmer*in", "Name des Teilnehmers",
                      "Teilnehmername"),
        "given_name": ("Attendee name: Given name", "Name Teilnehmer*in: Vorname",
                       "Name des Teilnehmers: Vorname", "Attendee name: First name"),
        "family_name": ("Attendee name: Family name", "Name Teilnehmer*in: Nachname",
                        "Name des Teilnehmers: Nachname", "Attendee name: Last name"),
        "email": ("Attendee email", "E-Mail Teilnehmer*in", "E-Mail des Teilnehmers",
                  "Email", "E-Mail"),
        "organisation": ("Company", "Firma"),
        "phone": ("Phone number", "Telefonnummer"),
        "country": ("Country", "Land"),
        "status": ("Status",),
    },
    signatures=(
        ("Event slug", "Order code", "Position ID", "Status", "Email", "Phone number",
         "Order date", "Order time", "Product", "Variation", "Price", "Attendee name",
         "Attendee email", "Company", "Voucher", "Pseudonymization ID", "Sales channel",
         "Order locale"),
        ("Kurzname der Veranstaltung", "Bestellnummer", "Position", "Status", "E-Mail",
         "Telefonnummer", "Bestelldatum", "Bestelluhrzeit", "Produkt", "Variante", "Preis",
         "Name Teilnehmer*in", "E-Mail Teilnehmer*in", "Firma", "Gutschein", "Pseudonyme ID",
         "Verkaufskanal", "Bestellsprache"),
        # older German wording
        ("Bestellnummer", "Position", "Status", "E-Mail", "Bestelldatum", "Produkt",
         "Name des Teilnehmers", "E-Mail des Teilnehmers", "Firma"),
    ),
    key_headers=(("Order code", "Bestellnummer"), ("Position ID", "Position", "Positions-ID")),
    row_filter=_drop_filter({"canceled", "cancelled", "storniert", "expired", "abgelaufen"},
                            "Status"),
)

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
        "organisation": ("Affiliation", "Institution", "Organisation", "Organization"),
        "job_title": ("Position", "Job Title"),
        "country": ("Country",),
        "phone": ("Phone Number", "Phone"),
        "status": ("Registration state",),
    },
    signatures=(
        ("ID", "Name", "Registration date", "Modification date", "Registration state",
         "Created by", "Checked in", "Check-in date", "Payment date"),
        ("ID", "Name", "First Name", "Last Name", "Email Address", "Affiliation", "Position"),
    ),
    row_filter=_drop_filter({"withdrawn", "rejected"}, "Registration state"),
)

BRELLA = Preset(
    name="brella",
    label="Brella invites",
    kind="people",
    columns={
        "email": ("Email",), "given_name": ("First name",), "family_name": ("Last name",),
        "organisation": ("Company",), "job_title": ("Title",),
    },
    signatures=(("Email", "First name", "Last name", "Company", "Title", "Seats"),),
)

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
