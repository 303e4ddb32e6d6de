"""Is each row of a lead sheet still the lead its hidden id names? Checks made before anything is
applied; a row that fails one is a row error and nothing of it is used.

- **What the row shows**: the id carries a hash of the read-only cells exported with it (person,
  e-mail, organisation, …). Different cells mean the rows were sorted or pasted without column A,
  or someone typed over them: the error names what the row shows and whose lead the id is.
  Legacy ids (``LS1``, no hash) are checked by the e-mail (or organisation) against the lead.
- **Copies**: the same id twice on one sheet (a row copied to make a "new lead"): the second is an
  error naming the first.
- **Editable columns sorted alone** (H:P without the rest): people stay, values move. A row whose
  values are exactly those exported on another row of the sheet proves nothing alone (two leads
  may be edited into each other's values), but such moves forming a cycle — row 3's values went
  to row 5 and row 5's back to row 3, or round a longer loop — is what a sort does and an edit
  almost never does: each row on such a cycle is an error.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from planner.domain.names import display_name
from planner.exports.sheets.lead_sheet_columns import LeadState
from planner.storage.models import Lead

NOT_APPLIED = "nothing in this row was imported"
SORT_HINT = ("undo the sort, or sort whole rows with the filter buttons in the header (they keep the hidden "
             "column A, the row ids, with their rows)")


@dataclass(frozen=True)
class SheetProblem:
    sheet: str
    row: int | None
    column: str | None
    value: str
    message: str

    def __str__(self) -> str:
        where = f"sheet “{self.sheet}”" + (f", row {self.row}" if self.row else "")
        if self.column:
            where += f", column “{self.column}”"
        shown = f" (value: “{self.value}”)" if self.value else ""
        return f"{where}: {self.message}{shown}"


@dataclass
class ParsedRow:
    sheet: str
    row: int
    lead_uuid: str
    action_uuid: str
    version: str
    state: LeadState
    shown_hash: str  # of the row's read-only cells as they are now
    id_shown: str  # the hash exported in the id ("" in a legacy id)
    person: str
    email: str
    organisation: str
    problems: list[SheetProblem]  # its values' errors (its state is then not to be used)

    @property
    def label(self) -> str:
        return _label(self.person, self.email, self.organisation)


def _label(person: str, email: str, organisation: str) -> str:
    if person or email:
        return f"{person} <{email}>" if person and email else person or email
    return f"{organisation} (no person)" if organisation else "an empty row"


def lead_label(lead: Lead) -> str:
    """Whose lead this is, in words: "Kenichi Sato <sato@…>", or the organisation."""
    p = lead.person
    if p is not None:
        name = display_name(p.given_name or "", p.family_name or "", p.name_order) or (p.native_name or "")
        return _label(name, p.email or "", "")
    return _label("", "", lead.organisation.name if lead.organisation else "")


def identity_problem(p: ParsedRow, lead: Lead) -> SheetProblem | None:
    """An error when the row no longer shows the lead its id names."""
    if p.id_shown:
        if p.shown_hash == p.id_shown:
            return None
    else:  # a legacy id: the e-mail, or the organisation of a lead without a person
        expected = (lead.person.email or "") if lead.person else ""
        if lead.person is None and lead.organisation is not None and not p.email:
            if p.organisation.casefold() == lead.organisation.name.casefold():
                return None
        elif p.email.casefold() == expected.casefold():
            return None
    column = None
    email = (lead.person.email or "") if lead.person else ""
    if p.email.casefold() != email.casefold():
        column = "E-mail"
    elif lead.person is not None and p.person.casefold() != lead_label(lead).split(" <")[0].casefold():
        column = "Person"
    return SheetProblem(p.sheet, p.row, column, "",
                        f"This row shows {p.label}, but its hidden row id (column A) is the lead of "
                        f"{lead_label(lead)}: the rows were sorted or pasted without column A, or the person, "
                        f"e-mail or organisation was typed over. {SORT_HINT[0].upper() + SORT_HINT[1:]}; "
                        "change people, e-mails and organisations in Mission Desk, not in the sheet; "
                        f"{NOT_APPLIED}")


def copy_problems(rows: list[ParsedRow], leads: dict[str, Lead]) -> dict[int, SheetProblem]:
    """Errors (by ``id(row)``) for the second and later rows of one sheet carrying the same id."""
    first: dict[tuple[str, str], ParsedRow] = {}
    out: dict[int, SheetProblem] = {}
    for p in rows:
        key = (p.sheet, p.lead_uuid)
        if key not in first:
            first[key] = p
            continue
        original = first[key]
        lead = leads.get(p.lead_uuid)
        whose = lead_label(lead) if lead is not None else original.label
        typed = "" if p.shown_hash == original.shown_hash else f" and typed over with {p.label}"
        out[id(p)] = SheetProblem(
            p.sheet, p.row, None, "",
            f"This row is a copy of row {original.row} (the lead of {whose}: the same hidden row id){typed}. "
            f"A lead sheet cannot add leads: delete this row and add the lead in Mission Desk; {NOT_APPLIED}")
    return out


def shuffled_rows(rows: list[ParsedRow]) -> dict[int, ParsedRow]:
    """Rows (by ``id(row)``) whose values moved round a cycle of rows on their sheet, each with
    the row its values were exported on."""
    out: dict[int, ParsedRow] = {}
    by_sheet: dict[str, list[ParsedRow]] = defaultdict(list)
    for p in rows:
        by_sheet[p.sheet].append(p)
    for sheet_rows in by_sheet.values():
        exported: dict[str, list[ParsedRow]] = defaultdict(list)
        for p in sheet_rows:
            exported[p.version].append(p)
        moves = [(p, p.state.fingerprint()) for p in sheet_rows]
        moves = [(p, fp) for p, fp in moves if fp != p.version and fp in exported]
        graph: dict[str, list[str]] = defaultdict(list)
        for p, fp in moves:
            graph[p.version].append(fp)
        component = _components(graph)
        for p, fp in moves:
            if component.get(p.version) is not None and component.get(p.version) == component.get(fp):
                source = next((q for q in exported[fp] if q.lead_uuid != p.lead_uuid), exported[fp][0])
                out[id(p)] = source
    return out


def shuffle_problem(p: ParsedRow, source: ParsedRow) -> SheetProblem:
    return SheetProblem(p.sheet, p.row, None, "",
                        f"The stage, owner, value and next action in this row ({p.label}) are exactly those "
                        f"exported on row {source.row} for {source.label}, and the other rows' values moved "
                        "round with them: the rows look sorted without the hidden column A (the row ids). "
                        f"{SORT_HINT[0].upper() + SORT_HINT[1:]}; {NOT_APPLIED}")


def _components(graph: dict[str, list[str]]) -> dict[str, int]:
    """Strongly connected components (Tarjan, iterative) of size 2 or more: node -> component."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: dict[str, int] = {}
    counter = 0
    for root in list(graph):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = graph.get(node, [])
            if i < len(edges):
                work.append((node, i + 1))
                nxt = edges[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work:  # pass the low link up to the caller
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    for member in members:
                        out[member] = index[node]
    return out
