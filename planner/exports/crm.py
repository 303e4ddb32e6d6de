"""CRM import files: HubSpot contacts and Salesforce leads, as CSV.

UTF-8 with a BOM (so Excel opens it with the right characters), every field quoted and passed
through :func:`planner.exports.sanitize.csv_field` (OWASP CSV-injection advice). The columns are
the ones each CRM's import wizard maps automatically.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

from planner.domain.countries import country_name
from planner.domain.enums import LeadStage
from planner.exports.output import staged_output
from planner.exports.sanitize import csv_row
from planner.services.leads import CrmContact

FORMATS = ("hubspot", "salesforce")
HUBSPOT_COLUMNS = ("First Name", "Last Name", "Email", "Company Name", "Job Title", "Phone Number",
                   "Country/Region", "City", "Contact Owner", "Lifecycle Stage", "Lead Status", "Message")
SALESFORCE_COLUMNS = ("FirstName", "LastName", "Company", "Email", "Title", "Phone", "Country", "City",
                      "LeadSource", "Status", "Description")
SALESFORCE_NO_COMPANY = "[not provided]"  # what Salesforce itself puts in a lead's required Company
LEAD_SOURCE = "Trade Show"

# HubSpot's default lifecycle stages and lead statuses
HUBSPOT_STAGE = {
    LeadStage.NEW: ("Lead", "New"),
    LeadStage.QUALIFIED: ("Sales Qualified Lead", "Open"),
    LeadStage.INTRODUCED: ("Sales Qualified Lead", "In Progress"),
    LeadStage.PROPOSAL: ("Opportunity", "Open Deal"),
    LeadStage.AGREED: ("Opportunity", "Connected"),
    LeadStage.LOST: ("Other", "Unqualified"),
}
# Salesforce's default Lead Status picklist
SALESFORCE_STATUS = {
    LeadStage.NEW: "Open - Not Contacted",
    LeadStage.QUALIFIED: "Working - Contacted",
    LeadStage.INTRODUCED: "Working - Contacted",
    LeadStage.PROPOSAL: "Working - Contacted",
    LeadStage.AGREED: "Closed - Converted",
    LeadStage.LOST: "Closed - Not Converted",
}


def _description(c: CrmContact, event_name: str) -> str:
    parts = [f"Lead from {event_name}" + (f": {c.title}" if c.title else "")]
    if c.value is not None:
        parts.append(f"Estimated value: {c.value:,} {c.currency}".rstrip())
    if c.next_action:
        parts.append(f"Next action: {c.next_action}" + (f" (due {c.due.isoformat()})" if c.due else ""))
    if c.notes:
        parts.append(c.notes)
    return "\n".join(parts)


def _names(c: CrmContact) -> tuple[str, str]:
    """First and last name; a person known only by one name (or a native-script name) still gets
    the last name both CRMs require."""
    first, last = c.given_name, c.family_name
    if not last:
        first, last = "", c.given_name or c.native_name
    return first, last


def hubspot_rows(contacts: Sequence[CrmContact], event_name: str) -> list[list[str]]:
    rows = []
    for c in contacts:
        first, last = _names(c)
        lifecycle, status = HUBSPOT_STAGE[c.stage]
        rows.append([first, last, c.email, c.organisation, c.job_title, c.phone,
                     country_name(c.country) if c.country else "", c.city, c.owner_email, lifecycle, status,
                     _description(c, event_name)])
    return rows


def salesforce_rows(contacts: Sequence[CrmContact], event_name: str) -> list[list[str]]:
    rows = []
    for c in contacts:
        first, last = _names(c)
        rows.append([first, last, c.organisation or SALESFORCE_NO_COMPANY, c.email, c.job_title, c.phone,
                     country_name(c.country) if c.country else "", c.city, LEAD_SOURCE,
                     SALESFORCE_STATUS[c.stage], _description(c, event_name)])
    return rows


def write_crm_csv(contacts: Sequence[CrmContact], path: Path | str, *, crm: str, event_name: str,
                  progress: Callable[[int, int], None] | None = None,
                  before_publish: Callable[[], None] | None = None) -> int:
    """Write the CRM import file; returns the number of rows. Through
    :func:`planner.exports.output.staged_output` (owner only, never through a symlink);
    ``before_publish`` (the export log) runs before the file is moved into place."""
    if crm not in FORMATS:
        raise ValueError(f"Unknown CRM format {crm!r}: use {' or '.join(FORMATS)}")
    header = HUBSPOT_COLUMNS if crm == "hubspot" else SALESFORCE_COLUMNS
    rows = hubspot_rows(contacts, event_name) if crm == "hubspot" else salesforce_rows(contacts, event_name)
    with staged_output(Path(path)) as out:
        with out.text("utf-8-sig") as fh:
            writer = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
            writer.writerow(header)
            for i, row in enumerate(rows, start=1):
                writer.writerow(csv_row(row))
                if progress is not None and i % 5000 == 0:
                    progress(i, len(rows))
        if before_publish is not None:
            out.before_publish(before_publish)
    return len(rows)
