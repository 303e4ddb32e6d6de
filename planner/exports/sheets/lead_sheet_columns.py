"""The lead sheet's columns and its hidden row id, shared by the export and the import.

The hidden first column holds ``LS2:<lead uuid>:<action uuid or ->:<version>:<shown>:<check>``.
The *version* is a hash of the editable values as they were in Mission Desk when the sheet was made:
on import, a row whose values differ from the database while the database no longer matches that
version was edited in the app meanwhile, and is reported as a conflict instead of overwritten.
*shown* is a hash of the read-only cells the row showed (person, e-mail, organisation, …): a row
whose cells no longer match it was sorted or pasted without column A, or typed over, and is
refused instead of changing another lead. The *check* catches a damaged id (typed over, cut).
Sheets exported before *shown* existed carry ``LS1`` ids (no *shown* part); they still import.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from planner.exports.sanitize import xlsx_text

ROW_ID_HEADER = "Row id"
ROW_ID_PREFIX = "LS2"
LEGACY_PREFIX = "LS1"


@dataclass(frozen=True)
class Column:
    header: str
    editable: bool = False
    kind: str = "text"  # text, date, number
    width: float = 0.0  # 0: fit the contents


# Order matters: it is the order of the sheet. The first column is the hidden row id.
COLUMNS: tuple[Column, ...] = (
    Column(ROW_ID_HEADER),
    Column("Person"),
    Column("E-mail"),
    Column("Organisation"),
    Column("Country"),
    Column("Member organisation"),
    Column("Topic"),
    Column("Stage", editable=True),
    Column("Owner", editable=True),
    Column("Value", editable=True, kind="number"),
    Column("Currency", editable=True),
    Column("Next action", editable=True),
    Column("Due", editable=True, kind="date"),
    Column("Action status", editable=True),
    Column("Notes", editable=True),
    Column("Meeting", kind="date"),
)
HEADERS = tuple(c.header for c in COLUMNS)
INDEX = {c.header: i for i, c in enumerate(COLUMNS)}
# The cells a user cannot edit, which say whose lead a row is: they must stay with column A.
IDENTITY_HEADERS = tuple(c.header for c in COLUMNS[1:] if not c.editable)


def identity_part(value: object) -> str:
    """One identity cell as compared across a round trip (a date as ISO text, text as shown,
    case-folded)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()[:10]
    return _norm(str(value)).casefold()


def identity_hash(parts: list[str]) -> str:
    """The *shown* hash of a row from :func:`identity_part` of its :data:`IDENTITY_HEADERS` cells."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class LeadState:
    """The editable values of one sheet row (a lead and the action shown on it)."""

    stage: str
    owner_email: str
    value: int | None
    currency: str
    notes: str
    next_action: str
    due: date | None
    action_status: str

    def fingerprint(self) -> str:
        text = "\x1f".join([
            self.stage, self.owner_email.casefold(), "" if self.value is None else str(self.value),
            self.currency.upper(), _norm(self.notes), _norm(self.next_action),
            self.due.isoformat() if self.due else "", self.action_status])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def differences(self, other: LeadState) -> list[str]:
        """The headers of the fields where ``other`` differs from this state."""
        out = []
        for header, a, b in (
            ("Stage", self.stage, other.stage),
            ("Owner", self.owner_email.casefold(), other.owner_email.casefold()),
            ("Value", self.value, other.value),
            ("Currency", self.currency.upper(), other.currency.upper()),
            ("Notes", _norm(self.notes), _norm(other.notes)),
            ("Next action", _norm(self.next_action), _norm(other.next_action)),
            ("Due", self.due, other.due),
            ("Action status", self.action_status, other.action_status),
        ):
            if a != b:
                out.append(header)
        return out


def _norm(text: str) -> str:
    """Text as compared across a spreadsheet round trip: as the sheet shows it (characters XLSX
    cannot hold replaced), line ends and outer spaces ignored."""
    text = xlsx_text(text)
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n")
                     .strip().split("\n"))


def _check(body: str) -> str:
    return hashlib.sha256(body.encode("ascii")).hexdigest()[:6]


def encode_row_id(lead_uuid: str, action_uuid: str, version: str, shown: str) -> str:
    body = f"{ROW_ID_PREFIX}:{lead_uuid}:{action_uuid or '-'}:{version}:{shown}"
    return f"{body}:{_check(body)}"


@dataclass(frozen=True)
class RowId:
    lead_uuid: str
    action_uuid: str  # "" when the row had no open action
    version: str
    shown: str  # "" in a legacy (LS1) id


def decode_row_id(text: str) -> RowId | None:
    """The parts of a row id, or None when it is damaged."""
    parts = text.strip().split(":")
    if not ((len(parts) == 6 and parts[0] == ROW_ID_PREFIX) or (len(parts) == 5 and parts[0] == LEGACY_PREFIX)):
        return None
    try:
        body = ":".join(parts[:-1]).encode("ascii").decode("ascii")
    except UnicodeError:
        return None
    if _check(body) != parts[-1]:
        return None
    return RowId(parts[1], "" if parts[2] == "-" else parts[2], parts[3], parts[4] if len(parts) == 6 else "")
