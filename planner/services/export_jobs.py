"""One entry point per export for the GUI's export dialogs: gather, write, log.

Each backend (briefing PDF, lead sheet, calendar, CRM file) is its own module; this file only
joins "build the data" → "write the file" → ``record_export`` so a dialog can run any export the
same way on a worker thread. A backend that is not installed yet reports itself unavailable.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from planner.errors import Cancelled, ValidationError
from planner.services.events import get_event
from planner.services.export_log import record_export

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


@dataclass(frozen=True)
class ExportKind:
    key: str
    title: str
    suffix: str  # ".pdf"; "" when the target is a folder
    modules: tuple[str, ...]  # backends that must exist
    description: str


KINDS: dict[str, ExportKind] = {k.key: k for k in (
    ExportKind("briefing", "Briefing pack", ".pdf",
               ("planner.services.briefing", "planner.exports.briefing_pdf"),
               "The PDF each delegate carries: itinerary in local time, a page per meeting, contacts."),
    ExportKind("leads", "Lead sheet", ".xlsx", ("planner.services.leads", "planner.exports.lead_sheet"),
               "Leads and follow-up actions as an Excel workbook that can be edited and imported back."),
    ExportKind("ics", "Calendar", ".ics", ("planner.services.timeline", "planner.exports.ics"),
               "An iCalendar file for Outlook, Google or Apple Calendar (one delegate or everyone)."),
    ExportKind("crm", "CRM file", ".csv", ("planner.exports.crm",),
               "Contacts for HubSpot or Salesforce import (only people who consented to sharing)."),
)}


@dataclass
class ExportRequest:
    kind: str
    event_code: str
    path: Path  # a file, or a folder with per_delegate
    delegate_ids: list[int] | None = None  # person ids; None = the whole delegation
    per_delegate: bool = False
    paper: str = "a4"
    crm_format: str = "hubspot"


@dataclass
class ExportResult:
    paths: list[Path]
    message: str
    warnings: list[str] = field(default_factory=list)


def available(kind: str) -> bool:
    try:
        return all(importlib.util.find_spec(m) is not None for m in KINDS[kind].modules)
    except (ModuleNotFoundError, KeyError):
        return False


def run_export(session: Session, request: ExportRequest, progress: ProgressFn | None = None,
               cancel: CancelFn | None = None) -> ExportResult:
    """Write the export the request describes; every written file goes to the export log."""
    if not available(request.kind):
        raise ValidationError(f"The {KINDS[request.kind].title.lower()} export is not available in this version")
    runner = {"briefing": _briefing, "leads": _lead_sheet, "ics": _calendar, "crm": _crm}[request.kind]
    return runner(session, request, progress, cancel)


def _check_folder(path: Path) -> None:
    folder = path if path.suffix == "" else path.parent
    if not folder.is_dir():
        raise ValidationError(f"The folder {folder} does not exist", "path")


def _briefing(session: Session, request: ExportRequest, progress: ProgressFn | None,
              cancel: CancelFn | None) -> ExportResult:
    from planner.exports.briefing_pdf import write_briefing_pdf, write_delegate_packs
    from planner.exports.pdf_text import describe_uncovered
    from planner.services.briefing import build_briefing

    event = get_event(session, request.event_code)
    briefing = build_briefing(session, event, request.delegate_ids)
    if not briefing.packs and (request.per_delegate or request.delegate_ids):
        raise ValidationError(f"The event {event.code} has no delegates to brief", "delegates")
    written: list[Any] = []
    try:
        if request.per_delegate:
            request.path.mkdir(parents=True, exist_ok=True)
            write_delegate_packs(briefing, request.path, paper=request.paper, progress=progress, cancel=cancel,
                                 on_written=written.append)
        else:
            _check_folder(request.path)
            only = request.delegate_ids[0] if request.delegate_ids and len(request.delegate_ids) == 1 else None
            written.append(write_briefing_pdf(briefing, request.path, delegate_id=only, paper=request.paper,
                                              progress=progress, cancel=cancel))
    finally:
        for f in written:  # files on disk hold personal data: log even a partial run
            record_export(session, kind="briefing", path=f.path, event=event, person_ids=f.person_ids,
                          row_count=f.pages)
    chars = set().union(*(f.uncovered for f in written)) if written else set()
    warnings = []
    if chars:
        warnings.append(f"{len(chars)} character(s) have no glyph in the bundled fonts and print as boxes: "
                        + ", ".join(describe_uncovered(chars)))
    pages = sum(f.pages for f in written)
    return ExportResult([f.path for f in written], f"{len(written)} file(s), {pages} page(s) written", warnings)


def _lead_sheet(session: Session, request: ExportRequest, progress: ProgressFn | None,
                cancel: CancelFn | None) -> ExportResult:
    from planner.exports.lead_sheet import write_lead_sheet
    from planner.services.leads import build_lead_sheet

    _check_folder(request.path)
    event = get_event(session, request.event_code)
    data = build_lead_sheet(session, event)
    count = write_lead_sheet(data, request.path, progress=progress, cancel=cancel)
    record_export(session, kind="lead_sheet", path=request.path, event=event, person_ids=data.person_ids,
                  row_count=count)
    left_out = getattr(data, "left_out", 0)
    warnings = [f"{left_out} lead(s) left out: no consent to lead sharing"] if left_out else []
    return ExportResult([request.path], f"{count} lead(s) written", warnings)


def _calendar(session: Session, request: ExportRequest, progress: ProgressFn | None,
              cancel: CancelFn | None) -> ExportResult:
    from planner.exports.ics import write_calendar
    from planner.services.timeline import calendar_data
    from planner.storage.models import Person

    _check_folder(request.path)
    event = get_event(session, request.event_code)
    ids = request.delegate_ids or []
    if len(ids) > 1:
        raise ValidationError("A calendar is for one delegate or for the whole delegation", "delegates")
    person = session.get(Person, ids[0]) if ids else None
    data = calendar_data(session, event, person)
    if cancel is not None and cancel():
        raise Cancelled("Cancelled; no calendar was written")
    write_calendar(data, request.path)
    record_export(session, kind="ics", path=request.path, event=event, person_ids=data.person_ids,
                  row_count=len(data.entries))
    if progress is not None:
        progress(1, 1)
    return ExportResult([request.path], f"{len(data.entries)} calendar entries written")


def _crm(session: Session, request: ExportRequest, progress: ProgressFn | None,
         cancel: CancelFn | None) -> ExportResult:
    from planner.exports.crm import write_crm_csv
    from planner.services.leads import list_crm_contacts

    _check_folder(request.path)
    event = get_event(session, request.event_code)
    contacts, left_out = list_crm_contacts(session, event)
    if cancel is not None and cancel():
        raise Cancelled("Export cancelled; no file was written")
    count = write_crm_csv(contacts, request.path, crm=request.crm_format, event_name=event.name)
    record_export(session, kind=f"crm_{request.crm_format}", path=request.path, event=event,
                  person_ids=[c.person_id for c in contacts], row_count=count)
    if progress is not None:
        progress(1, 1)
    note = f" ({left_out} left out: no consent to lead sharing)" if left_out else ""
    return ExportResult([request.path], f"{count} contact(s) written{note}")


def default_export_name(event_code: str, kind: str, crm_format: str = "hubspot", *, folder: bool = False) -> str:
    """A file (or folder) name to suggest: ``biojapan-2026 lead sheet.xlsx``."""
    code = "".join(c for c in event_code if c.isalnum() or c in "-_") or "event"  # codes are slugs already
    if kind == "briefing" and folder:
        return f"{code} briefing packs"
    title = {"briefing": "briefing pack", "leads": "lead sheet", "ics": "calendar",
             "crm": f"{crm_format} import"}[kind]
    return f"{code} {title}{KINDS[kind].suffix}"


def delegate_choices(session: Session, event_code: str) -> list[tuple[int, str]]:
    """(person id, label) of the event's delegates, for the "chosen delegates" list."""
    from planner.services.delegations import delegates_of_event
    from planner.services.people import person_name

    event = get_event(session, event_code)
    return [(d.person_id, f"{person_name(d.person)} — {d.person.email}" if d.person.email else person_name(d.person))
            for d in delegates_of_event(session, event)]


__all__ = ["KINDS", "ExportKind", "ExportRequest", "ExportResult", "available", "default_export_name",
           "delegate_choices", "run_export"]
