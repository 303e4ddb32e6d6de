"""CRM import files: HubSpot contacts and Salesforce leads, as CSV.

One row per person (:func:`planner.services.followup.leads.list_crm_contacts` folds their leads into one
contact): HubSpot deduplicates contacts by e-mail address, so four rows for one person became one
contact holding whichever row came last.

UTF-8 with a BOM (so Excel opens it with the right characters), every field quoted. Each column is
sanitised for what it is (:mod:`planner.exports.sanitize`): text through ``csv_field`` (OWASP's
CSV-injection advice: a leading ``= + - @`` gets an apostrophe), the phone column through
``csv_phone_field`` (a real phone number keeps its ``+``, since the CRM stores the apostrophe as
part of the number). Stage columns carry each CRM's own picklist values; the mapping is documented
in the README ("CRM files").

Sources for the values:

* HubSpot lifecycle stages and lead statuses (internal values, which do not change with the account's
  language or a relabelled option): knowledge.hubspot.com/contacts/use-lifecycle-stages and
  knowledge.hubspot.com/articles/kcs_article/contacts/what-is-the-difference-between-lifecycle-stage-and-lead-status;
  owner column: "[Object] owner" with the user's e-mail address
  (knowledge.hubspot.com/articles/kcs_article/contacts/set-up-your-import-file).
* Salesforce: default Lead Status values "Open - Not Contacted", "Working - Contacted",
  "Closed - Converted", "Closed - Not Converted"; a converted status (LeadStatus.IsConverted) is
  reached by ``convertLead``, which creates the account, contact and opportunity — an import creates
  none of them (developer.salesforce.com …/sforce_api_calls_convertlead.htm). Data Import Wizard
  column labels: help.salesforce.com "Field Mapping for Importing Leads". Country picklists:
  CountryCode is the ISO 3166 alpha-2 code, which an admin cannot edit for a standard country;
  the Country text must equal the country's integration value, which defaults to the standard
  name (help.salesforce.com "State, Country, and Territory Picklist Fields").
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import pycountry

from planner.domain.countries import country_name
from planner.domain.enums import LeadStage
from planner.exports.output import staged_output
from planner.exports.sanitize import csv_field, csv_phone_field
from planner.services.followup.leads import CrmContact

FORMATS = ("hubspot", "salesforce")
HUBSPOT_COLUMNS = ("First Name", "Last Name", "Email", "Company Name", "Job Title", "Phone Number",
                   "Country/Region", "City", "Contact Owner", "Lifecycle Stage", "Lead Status", "Message")
SALESFORCE_COLUMNS = ("FirstName", "LastName", "Company", "Email", "Title", "Phone", "Country", "CountryCode",
                      "City", "LeadSource", "Status", "Rating", "Description")
#: Columns written with :func:`csv_phone_field` rather than :func:`csv_field`.
PHONE_COLUMNS = frozenset({"Phone Number", "Phone"})
SALESFORCE_NO_COMPANY = "[not provided]"  # what Salesforce itself puts in a lead's required Company
LEAD_SOURCE = "Trade Show"
#: Salesforce's Lead.Description is a 32,000-character text area (Lead field reference).
SALESFORCE_DESCRIPTION_MAX = 32_000
_CUT_MARK = "\n[… cut: the rest is in Mission Desk]"

#: HubSpot's default Lifecycle stage and Lead status options, by internal value. No stage claims a
#: deal (lifecycle "customer" needs a closed deal, lead status OPEN_DEAL an associated one): a
#: contact import creates no deal.
HUBSPOT_STAGE = {
    LeadStage.NEW: ("lead", "NEW"),
    LeadStage.QUALIFIED: ("salesqualifiedlead", "OPEN"),
    LeadStage.INTRODUCED: ("salesqualifiedlead", "IN_PROGRESS"),
    LeadStage.PROPOSAL: ("opportunity", "IN_PROGRESS"),
    LeadStage.AGREED: ("opportunity", "CONNECTED"),
    LeadStage.LOST: ("other", "UNQUALIFIED"),
}
#: Salesforce's default Lead Status picklist. "agreed" stays an open lead: "Closed - Converted" is
#: a converted status, which only conversion sets (and conversion creates the account, contact and
#: opportunity an import does not); the salesperson converts it in Salesforce. Rating (Hot, Warm,
#: Cold by default) tells agreed and proposal apart from the leads still being worked.
SALESFORCE_STATUS = {
    LeadStage.NEW: ("Open - Not Contacted", ""),
    LeadStage.QUALIFIED: ("Working - Contacted", "Warm"),
    LeadStage.INTRODUCED: ("Working - Contacted", "Warm"),
    LeadStage.PROPOSAL: ("Working - Contacted", "Hot"),
    LeadStage.AGREED: ("Working - Contacted", "Hot"),
    LeadStage.LOST: ("Closed - Not Converted", "Cold"),
}
#: Where Salesforce's standard country name (the default integration value) differs from
#: ISO 3166's current English short name as pycountry has it (help.salesforce.com "Standard
#: Countries and Territories for Address Picklists").
_SALESFORCE_COUNTRY_NAMES = {
    "AX": "Aland Islands", "CD": "Congo, the Democratic Republic of the", "CI": "Cote d’Ivoire",
    "CV": "Cape Verde", "CZ": "Czech Republic", "KP": "Korea, Democratic People’s Republic of",
    "LA": "Lao People’s Democratic Republic", "LY": "Libyan Arab Jamahiriya",
    "MK": "Macedonia, the former Yugoslav Republic of", "PS": "Palestine", "RE": "Reunion",
    "SZ": "Swaziland", "TR": "Turkey", "TW": "Taiwan", "VA": "Holy See (Vatican City State)",
    "VN": "Vietnam",
}


def salesforce_country(code: str) -> str:
    """The country's standard name in Salesforce's picklist ("KR" → "Korea, Republic of")."""
    if not code:
        return ""
    code = code.upper()
    if code in _SALESFORCE_COUNTRY_NAMES:
        return _SALESFORCE_COUNTRY_NAMES[code]
    found = pycountry.countries.get(alpha_2=code)
    return str(found.name) if found is not None else code


def _money(value: int | None, currency: str) -> str:
    return "" if value is None else f"{value:,} {currency}".rstrip()


def _description(c: CrmContact, event_name: str, crm: str) -> str:
    """Every lead of the contact, oldest first, each with its stage, owner, value, next action
    and notes."""
    count = len(c.leads)
    parts = [f"{count} leads from {event_name}" if count > 1 else f"Lead from {event_name}"]
    for lead in c.leads:
        block = [f"{lead.title or 'Lead'} — stage: {lead.stage.value}"]
        if lead.owner_email:
            block.append(f"Owner: {lead.owner_email}")
        if lead.value is not None:
            block.append(f"Estimated value: {_money(lead.value, lead.currency)}")
        if lead.next_action:
            block.append(f"Next action: {lead.next_action}" + (f" (due {lead.due.isoformat()})" if lead.due else ""))
        if lead.stage is LeadStage.AGREED and crm == "salesforce":
            block.append("Agreed: convert this lead in Salesforce to create its account, contact and opportunity")
        if lead.notes.strip():
            block.append(lead.notes)
        parts.append("\n".join(block))
    return "\n\n".join(parts)


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
                     _description(c, event_name, "hubspot")])
    return rows


def salesforce_rows(contacts: Sequence[CrmContact], event_name: str) -> list[list[str]]:
    rows = []
    for c in contacts:
        first, last = _names(c)
        status, rating = SALESFORCE_STATUS[c.stage]
        description = _description(c, event_name, "salesforce")
        if len(description) > SALESFORCE_DESCRIPTION_MAX:
            description = description[:SALESFORCE_DESCRIPTION_MAX - len(_CUT_MARK)] + _CUT_MARK
        rows.append([first, last, c.organisation or SALESFORCE_NO_COMPANY, c.email, c.job_title, c.phone,
                     salesforce_country(c.country), c.country.upper(), c.city, LEAD_SOURCE, status, rating,
                     description])
    return rows


def crm_row(header: Sequence[str], values: Sequence[str]) -> list[str]:
    """One row sanitised column by column: phone columns by the phone rule, the rest as text."""
    return [csv_phone_field(v) if h in PHONE_COLUMNS else csv_field(v) for h, v in zip(header, values, strict=True)]


def write_crm_csv(contacts: Sequence[CrmContact], path: Path | str, *, crm: str, event_name: str,
                  progress: Callable[[int, int], None] | None = None,
                  before_publish: Callable[[], None] | None = None) -> int:
    """Write the CRM import file; returns the number of rows (one per contact). Through
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
                writer.writerow(crm_row(header, row))
                if progress is not None and i % 5000 == 0:
                    progress(i, len(rows))
        if before_publish is not None:
            out.before_publish(before_publish)
    return len(rows)
