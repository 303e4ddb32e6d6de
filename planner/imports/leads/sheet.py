"""An edited lead sheet coming back (from Excel or LibreOffice): plan, then apply all or nothing.

Every sheet with the hidden "Row id" column is read (the "Leads" sheet and the per-owner
sheets). A row is *edited* when its editable cells no longer match the version stored in its row id
(a hash of the values exported). An edited row is a *change*, unless the database changed since
the export too (it no longer matches that version): then it is a *conflict*, reported and left
alone. Unedited rows are ignored, so the same lead on the "Leads" sheet and an owner's sheet, or
a sheet imported twice, is harmless. Damaged or unknown rows, and values that cannot be used,
are *errors* with their sheet and row number; any error means nothing is applied.

A row must still be the lead its id names (:mod:`planner.imports.leads.checks`: rows sorted
without column A, copied rows, typed-over people are errors). Importing the same sheet again
changes nothing: a next action typed on a row that had none is added once — when the lead already
has a follow-up with the same words (spaces and case aside) and the same due date, whatever its
status now, the row's action counts as imported. Due dates are read by
:mod:`planner.imports.leads.dates`; columns the user added are *warnings*.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.domain.enums import ActionStatus, LeadStage, parse_enum
from planner.domain.validation import is_currency, parse_amount
from planner.errors import Cancelled, NotFoundError, ValidationError
from planner.exports.sheets.lead_sheet_columns import (
    COLUMNS,
    IDENTITY_HEADERS,
    ROW_ID_HEADER,
    LeadState,
    decode_row_id,
    identity_hash,
    identity_part,
)
from planner.imports.errors import FileRejected
from planner.imports.leads.checks import (
    ParsedRow,
    SheetProblem,
    copy_problems,
    identity_problem,
    shuffle_problem,
    shuffled_rows,
)
from planner.imports.leads.dates import SheetDateError, parse_sheet_date
from planner.imports.leads.reader import read_lead_workbook
from planner.imports.table import SourceRow
from planner.services.followup.followups import add_follow_up, update_follow_up, update_lead
from planner.services.people.people import find_person
from planner.storage.models import Event, FollowUp, Lead, Person

EDITABLE = ("Stage", "Owner", "Value", "Currency", "Next action", "Due", "Action status", "Notes")
ACTION_HEADERS = frozenset({"Next action", "Due", "Action status"})


@dataclass(frozen=True)
class RowChange:
    lead_uuid: str
    action_uuid: str
    where: str  # "Leads row 5"
    person: str
    fields: dict[str, tuple[Any, Any]]  # header -> (now, from the sheet)
    new: LeadState


@dataclass(frozen=True)
class Conflict:
    lead_uuid: str
    where: str
    person: str
    fields: list[str]

    def __str__(self) -> str:
        return (f"{self.where} ({self.person or 'lead ' + self.lead_uuid[:8]}): changed in Mission Desk "
                f"since the export and edited in the sheet ({', '.join(self.fields)}); not overwritten")


@dataclass
class LeadSheetPlan:
    changes: list[RowChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    errors: list[SheetProblem] = field(default_factory=list)
    warnings: list[SheetProblem] = field(default_factory=list)
    unchanged: int = 0
    sheets: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_sheets(path: Path, cancel: Callable[[], bool] | None) -> tuple[list[tuple[str, list[SourceRow], list[str]]],
                                                                       list[SheetProblem], list[SheetProblem]]:
    out, problems, warnings = [], [], []
    for table in read_lead_workbook(path, cancel=cancel):
        if table.missing:
            problems.append(SheetProblem(table.name, table.header_line, None, "", "Columns are missing: "
                                         + ", ".join(table.missing) + ". Put them back (undo the deletion) and try again."))
            continue
        for e in table.errors:
            problems.append(SheetProblem(table.name, e.line, e.column, e.value, e.message))
        for w in table.warnings:
            warnings.append(SheetProblem(table.name, None, w.column, w.value, w.message))
        out.append((table.name, table.rows, table.headers))
    if not out and not problems:
        raise FileRejected("This workbook has no sheet with the hidden “Row id” column: it is not a lead sheet "
                           "exported by Mission Desk (or the column was deleted).")
    return out, problems, warnings


def _cell(row: SourceRow, headers: dict[str, str], name: str) -> str:
    return row.get(headers[name.casefold()]).strip()


def _parse_value(text: str) -> int:
    """The one amount rule (validation.parse_amount): ``inf``, ``1e30``, ``nan`` or an
    absurdly large value is a row error, never an exception."""
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    try:
        return parse_amount(cleaned, "Value")
    except ValidationError as exc:
        raise ValueError(str(exc)) from None


def _shown_hash(row: SourceRow, headers: dict[str, str]) -> str:
    """The hash of the row's read-only cells, as the export made it (dates as dates)."""
    parts = []
    for header in IDENTITY_HEADERS:
        text = _cell(row, headers, header)
        value: object = text
        if text and next(c for c in COLUMNS if c.header == header).kind == "date":
            with contextlib.suppress(SheetDateError):
                value = parse_sheet_date(text)
        parts.append(identity_part(value))
    return identity_hash(parts)


def _parse_row(sheet: str, row: SourceRow, headers: dict[str, str], owners: dict[str, Person],
               session: Session, problems: list[SheetProblem]) -> ParsedRow | None:
    raw_id = _cell(row, headers, ROW_ID_HEADER)
    if not raw_id and not any(_cell(row, headers, h) for h in EDITABLE):
        return None
    rid = decode_row_id(raw_id)
    if rid is None:
        problems.append(SheetProblem(sheet, row.line, ROW_ID_HEADER, raw_id,
                                     "The hidden row id is missing or damaged, so this row cannot be matched "
                                     "to a lead. Add new leads in Mission Desk, not in the sheet; undo edits to column A."))
        return None
    mine: list[SheetProblem] = []  # reported only if the row is still the lead its id names

    def bad(column: str, value: str, message: str) -> None:
        mine.append(SheetProblem(sheet, row.line, column, value, message))

    stage = ""
    text = _cell(row, headers, "Stage")
    try:
        stage = parse_enum(LeadStage, text, "stage").value if text else ""
        if not stage:
            bad("Stage", text, "Give the lead's stage")
    except ValidationError as exc:
        bad("Stage", text, str(exc))
    owner_email = _cell(row, headers, "Owner")
    if owner_email:
        person = owners.get(owner_email.casefold())
        if person is None:
            try:
                person = find_person(session, owner_email)
                owners[owner_email.casefold()] = person
            except NotFoundError:
                bad("Owner", owner_email, "No person with this e-mail: pick an owner from the drop-down")
        if person is not None:
            owner_email = person.email
    value: int | None = None
    text = _cell(row, headers, "Value")
    if text:
        try:
            value = _parse_value(text)  # (a negative value is refused there)
        except ValueError as exc:
            bad("Value", text, f"{exc}. Type the estimated value as a whole number, without the "
                "currency")
    currency = _cell(row, headers, "Currency").upper()
    if currency and not is_currency(currency):
        bad("Currency", currency, "Not an ISO 4217 currency code (e.g. GBP, JPY, EUR)")
    if value is not None and not currency:
        bad("Currency", "", "Give the currency of the value (e.g. GBP)")
    due: date | None = None
    text = _cell(row, headers, "Due")
    if text:
        try:
            due = parse_sheet_date(text)
        except SheetDateError as exc:
            bad("Due", text, str(exc))
    status = ""
    text = _cell(row, headers, "Action status")
    try:
        status = parse_enum(ActionStatus, text, "status").value if text else ""
    except ValidationError as exc:
        bad("Action status", text, str(exc))
    action = _cell(row, headers, "Next action")
    if not action and rid.action_uuid:
        bad("Next action", "", "The next action cannot be emptied: to close it, set its status to Done or Cancelled")
    elif not action and (due is not None or status):
        bad("Next action", "", "A due date or status needs a next action: say what is due")
    state = LeadState(stage, owner_email, value, currency, _cell(row, headers, "Notes"), action, due, status)
    return ParsedRow(sheet, row.line, rid.lead_uuid, rid.action_uuid, rid.version, state,
                     _shown_hash(row, headers), rid.shown, _cell(row, headers, "Person"),
                     _cell(row, headers, "E-mail"), _cell(row, headers, "Organisation"), mine)


def current_state(lead: Lead, action: FollowUp | None) -> LeadState:
    return LeadState(lead.stage.value, lead.owner.email if lead.owner else "", lead.value, lead.currency,
                     lead.notes, action.description if action else "", action.due_date if action else None,
                     action.status.value if action else "")


def _unedited(p: ParsedRow) -> bool:
    """Whether the row still shows what was exported (its row id holds that version)."""
    return not p.problems and p.state.fingerprint() == p.version


def plan_lead_sheet(session: Session, event: Event, path: Path | str, *,
                    cancel: Callable[[], bool] | None = None) -> LeadSheetPlan:
    """Read the sheet and work out what would change; changes nothing."""
    path = Path(path)
    sheets, problems, warnings = _read_sheets(path, cancel)
    plan = LeadSheetPlan(errors=problems, warnings=warnings, sheets=[s for s, _, _ in sheets])
    owners: dict[str, Person] = {}
    parsed: list[ParsedRow] = []
    for sheet, rows, headers in sheets:
        by_name = {h.casefold(): h for h in headers}
        for i, row in enumerate(rows):
            if cancel is not None and i % 500 == 0 and cancel():
                raise Cancelled()
            item = _parse_row(sheet, row, by_name, owners, session, plan.errors)
            if item is not None:
                parsed.append(item)
    leads = {lead.uuid: lead for lead in _load_leads(session, event, {p.lead_uuid for p in parsed})}
    actions = {a.uuid: a for lead in leads.values() for a in lead.actions}
    copied = copy_problems(parsed, leads)
    bound: list[ParsedRow] = []
    for p in parsed:
        lead = leads.get(p.lead_uuid)
        if lead is None:
            gone = (f"No lead with this id in event {event.code}: the lead was deleted, or "
                    "the sheet belongs to another event")
            if _unedited(p):  # nothing typed here is lost: the row is left out, the others go in
                plan.warnings.append(SheetProblem(p.sheet, p.row, ROW_ID_HEADER, p.lead_uuid,
                                                  f"{gone}. The row was not edited: it is left out"))
            else:
                plan.errors.append(SheetProblem(p.sheet, p.row, ROW_ID_HEADER, p.lead_uuid, gone))
            continue
        problem = copied.get(id(p)) or identity_problem(p, lead)
        if problem is not None:
            plan.errors.append(problem)
            continue
        bound.append(p)
    # values moved round without their rows explain any error in them: checked first
    shuffled = shuffled_rows(bound)
    by_row: dict[tuple[str, str], list[ParsedRow]] = {}
    for p in bound:
        if id(p) in shuffled:
            plan.errors.append(shuffle_problem(p, shuffled[id(p)]))
        elif p.problems:
            plan.errors.extend(p.problems)
        elif p.action_uuid and p.action_uuid not in actions and p.state.next_action:
            gone = "This follow-up action was deleted in Mission Desk since the export"
            if _unedited(p):
                plan.warnings.append(SheetProblem(p.sheet, p.row, "Next action", p.state.next_action,
                                                  f"{gone}. The row was not edited: it is left out"))
            else:
                plan.errors.append(SheetProblem(p.sheet, p.row, "Next action", p.state.next_action, gone))
        else:
            by_row.setdefault((p.lead_uuid, p.action_uuid), []).append(p)
    for (lead_uuid, action_uuid), copies in by_row.items():
        lead = leads[lead_uuid]
        action = actions.get(action_uuid) if action_uuid else None
        now = current_state(lead, action)
        # a copy is edited when it no longer matches what was exported (its version); unedited
        # copies (the same lead on another sheet, or a sheet already imported) are ignored
        edited = [c for c in copies if c.state.fingerprint() != c.version]
        if len({c.state for c in edited}) > 1:
            a, b = edited[0], next(c for c in edited if c.state != edited[0].state)
            plan.errors.append(SheetProblem(b.sheet, b.row, None, "",
                                            f"This lead was edited differently on sheet “{a.sheet}” row {a.row}: "
                                            "keep the edit on one sheet only"))
            continue
        chosen = edited[0] if edited else None
        diff = now.differences(chosen.state) if chosen is not None else []
        if chosen is not None and not action_uuid and "Next action" in diff and _already_added(lead, chosen.state):
            diff = [h for h in diff if h not in ACTION_HEADERS]  # imported before: not added again
        if chosen is None or not diff:
            plan.unchanged += 1
            continue
        where = f"{chosen.sheet} row {chosen.row}"
        person = lead.person.email if lead.person else (lead.organisation.name if lead.organisation else "")
        if now.fingerprint() != chosen.version:
            plan.conflicts.append(Conflict(lead_uuid, where, person, diff))
            continue
        fields = {h: (_field(now, h), _field(chosen.state, h)) for h in diff}
        plan.changes.append(RowChange(lead_uuid, action_uuid, where, person, fields, chosen.state))
    plan.errors.sort(key=lambda e: (plan.sheets.index(e.sheet) if e.sheet in plan.sheets else -1, e.row or 0))
    return plan


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _already_added(lead: Lead, state: LeadState) -> bool:
    """The lead already has this row's new action: the same words and due date (any status)."""
    words = _words(state.next_action)
    return any(_words(a.description) == words and a.due_date == state.due for a in lead.actions)


def _field(state: LeadState, header: str) -> Any:
    return {"Stage": state.stage, "Owner": state.owner_email, "Value": state.value, "Currency": state.currency,
            "Notes": state.notes, "Next action": state.next_action, "Due": state.due,
            "Action status": state.action_status}[header]


def _load_leads(session: Session, event: Event, uuids: set[str]) -> list[Lead]:
    out: list[Lead] = []
    ordered = sorted(uuids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        out += session.scalars(select(Lead).where(Lead.event_id == event.id, Lead.uuid.in_(chunk))
                               .options(selectinload(Lead.actions), selectinload(Lead.person),
                                        selectinload(Lead.owner), selectinload(Lead.organisation))).all()
    return out


def apply_lead_sheet(session: Session, event: Event, plan: LeadSheetPlan) -> int:
    """Apply the plan's changes (the caller's transaction makes it all or nothing); returns the count."""
    if plan.errors:
        raise ValidationError(f"The lead sheet has {len(plan.errors)} error(s); nothing was changed")
    owners: dict[str, Person | None] = {}

    def owner(email: str) -> Person | None:
        if not email:
            return None
        if email.casefold() not in owners:
            owners[email.casefold()] = find_person(session, email)
        return owners[email.casefold()]

    leads = {lead.uuid: lead for lead in _load_leads(session, event, {c.lead_uuid for c in plan.changes})}
    for change in plan.changes:
        lead, new = leads[change.lead_uuid], change.new
        lead_values: dict[str, Any] = {}
        if "Stage" in change.fields:
            lead_values["stage"] = LeadStage(new.stage)
        if "Owner" in change.fields:
            person = owner(new.owner_email)
            lead_values["owner_id"] = person.id if person else None
        if "Value" in change.fields or "Currency" in change.fields:
            lead_values["value"], lead_values["currency"] = new.value, new.currency
        if "Notes" in change.fields:
            lead_values["notes"] = new.notes
        if lead_values:
            update_lead(session, lead, **lead_values)
        action = next((a for a in lead.actions if a.uuid == change.action_uuid), None) if change.action_uuid else None
        action_values: dict[str, Any] = {}
        if "Next action" in change.fields and new.next_action:
            action_values["description"] = new.next_action
        if "Due" in change.fields:
            action_values["due_date"] = new.due
        if "Action status" in change.fields and new.action_status:
            action_values["status"] = ActionStatus(new.action_status)
        if action is not None and action_values:
            update_follow_up(session, action, **action_values)
        elif action is None and new.next_action and "Next action" in change.fields:
            add_follow_up(session, lead, description=new.next_action, due_date=new.due,
                          status=ActionStatus(new.action_status or "open"))
    session.flush()
    return len(plan.changes)
