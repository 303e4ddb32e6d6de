"""One entry point per export for the GUI's export dialogs and the command line: build, write, log.

Each backend (briefing PDF, lead sheet, calendar, CRM file, impact report) is its own module;
this file only joins "build the data" → "write the file" → "log it" so the GUI (a read session
on a worker thread) and the CLI run every export the same way:

    run_export(session, request, progress, cancel, log=logger_for(db))

``session`` only reads (a deferred transaction never makes another program's write wait);
each file is written to a new temporary file in its folder and recorded through ``log`` — its
own short write unit — *before* it is moved into place (:mod:`planner.exports.output`), so an
export never holds the write lock while it builds, and a kill leaves a logged file or none.
A backend that is not installed yet reports itself unavailable.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from planner.errors import Cancelled, ValidationError
from planner.exports.output import check_output_folder, check_output_path
from planner.services.events.clock import event_today
from planner.services.events.events import get_event
from planner.services.outputs.export_log import ExportEntry, ExportLogger, session_logger

if TYPE_CHECKING:
    from planner.exports.briefing.briefing_data import Briefing
    from planner.exports.briefing.briefing_pdf import PackFile

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
               ("planner.services.outputs.briefing", "planner.exports.briefing.briefing_pdf"),
               "The PDF each delegate carries: itinerary in local time, a page per meeting, contacts."),
    ExportKind("leads", "Lead sheet", ".xlsx", ("planner.services.followup.leads", "planner.exports.sheets.lead_sheet"),
               "Leads and follow-up actions as an Excel workbook that can be edited and imported back."),
    ExportKind("ics", "Calendar", ".ics", ("planner.services.schedule.timeline", "planner.exports.ics"),
               "An iCalendar file for Outlook, Google or Apple Calendar (one delegate or everyone)."),
    ExportKind("crm", "CRM file", ".csv", ("planner.exports.sheets.crm",),
               "Contacts for HubSpot or Salesforce import (only people who consented to sharing)."),
    ExportKind("impact", "Impact report", ".pdf",
               ("planner.services.followup.impact", "planner.exports.impact_pdf", "planner.exports.sheets.impact_xlsx"),
               "Meetings, leads and follow-ups for funders, as a PDF or an Excel workbook (.xlsx)."),
)}
IMPACT_SUFFIXES = (".pdf", ".xlsx")


@dataclass
class ExportRequest:
    kind: str
    event_code: str
    path: Path  # a file, or a folder with per_delegate
    delegate_ids: list[int] | None = None  # person ids; None = the whole delegation
    per_delegate: bool = False
    paper: str = "a4"
    crm_format: str = "hubspot"
    as_of: date | None = None  # impact: the day follow-ups count as overdue from (default today)
    member_organisation: str | None = None  # lead sheet: only this member organisation's leads
    include_needs: bool = False  # briefing, delegation pack only: print every delegate's dietary and access needs
    email_drafts: Path | None = None  # briefing, delegates' packs: a folder for one .eml per pack


@dataclass
class ExportResult:
    paths: list[Path]
    message: str
    warnings: list[str] = field(default_factory=list)
    count: int = 0  # leads, contacts, calendar entries or pages written
    left_out: int = 0  # people left out (no consent to lead sharing)


def available(kind: str) -> bool:
    try:
        return all(importlib.util.find_spec(m) is not None for m in KINDS[kind].modules)
    except (ModuleNotFoundError, KeyError):
        return False


def run_export(session: Session, request: ExportRequest, progress: ProgressFn | None = None,
               cancel: CancelFn | None = None, *, log: ExportLogger | None = None) -> ExportResult:
    """Write the export the request describes; every file is logged before it appears.

    ``session`` is only read. ``log`` records one file in its own short write unit — the CLI
    passes ``logger_for(db)``, the GUI ``logger_for(workspace.db)``
    (:func:`planner.services.outputs.export_log.logger_for`); it is called once per file, after its
    bytes are on disk and before it is moved into place. Without ``log`` the entries are added
    to ``session``, which must then be a write unit the caller commits (scripts, tests).
    The target is checked before any work: a missing folder or a symlink raises
    :class:`planner.exports.output.OutputPathError`; disk trouble while writing raises
    :class:`planner.exports.output.OutputWriteError` (no file left, nothing logged).
    """
    if request.kind not in KINDS:
        raise ValidationError(f"Unknown export {request.kind!r}")
    if not available(request.kind):
        raise ValidationError(f"The {KINDS[request.kind].title.lower()} export is not available in this version")
    check_export_target(request)
    runner = {"briefing": _briefing, "leads": _lead_sheet, "ics": _calendar, "crm": _crm,
              "impact": _impact}[request.kind]
    return runner(session, request, progress, cancel, log or session_logger(session))


def check_export_target(request: ExportRequest) -> None:
    """Refuse, before any work, a target that cannot be written: a missing folder, a folder
    where a file is expected, a symlink (never written through), a wrong suffix."""
    path = Path(request.path)
    if request.kind == "briefing" and request.per_delegate:
        if path.exists() or path.is_symlink():
            check_output_folder(path)
        else:
            check_output_folder(path.parent)
        return
    if request.kind == "impact" and path.suffix.lower() not in IMPACT_SUFFIXES:
        raise ValidationError("The impact report is written as a .pdf or an .xlsx file", "path")
    check_output_path(path)


def _check_cancel(cancel: CancelFn | None, message: str) -> None:
    if cancel is not None and cancel():
        raise Cancelled(message)


def _briefing(session: Session, request: ExportRequest, progress: ProgressFn | None,
              cancel: CancelFn | None, log: ExportLogger) -> ExportResult:
    from planner.services.outputs.briefing import build_briefing

    event = get_event(session, request.event_code)
    briefing = build_briefing(session, event, request.delegate_ids)
    if not briefing.packs and (request.per_delegate or request.delegate_ids):
        raise ValidationError(f"The event {event.code} has no delegates to brief", "delegates")
    only = request.delegate_ids[0] if request.delegate_ids and len(request.delegate_ids) == 1 else None
    return write_briefing_files(briefing, event.id, request.path, per_delegate=request.per_delegate,
                                delegate_id=only, paper=request.paper, progress=progress, cancel=cancel,
                                log=log, include_needs=request.include_needs, email_drafts=request.email_drafts)


def conflict_warning(event_code: str, count: int, *, files: int = 1) -> str:
    """What an export says when its packs mark conflicts (CLI: stderr; GUI: the result)."""
    pack = "the pack" if files == 1 else "the packs"
    return (f"{count} conflict{'s' if count != 1 else ''} marked in {pack}; run `planner check --event "
            f"{event_code}` (or highlight conflicts on the schedule board) to resolve "
            f"{'it' if count == 1 else 'them'}")


def write_briefing_files(briefing: Briefing, event_id: int | None, path: Path, *, per_delegate: bool,
                         delegate_id: int | None, paper: str, log: ExportLogger,
                         progress: ProgressFn | None = None,
                         cancel: CancelFn | None = None, include_needs: bool = False,
                         email_drafts: Path | None = None,
                         file_names: dict[int, str] | None = None) -> ExportResult:
    """Write the pack (or one per delegate into the folder ``path``), logging each file
    through ``log`` before it is moved into place — a per-delegate run killed halfway leaves
    only logged packs. Shared by :func:`run_export` and ``planner export briefing``.
    ``include_needs`` (the delegation pack only) prints every delegate's dietary and access
    needs; the result warns with the number of schedule conflicts the packs mark.
    Each delegate's pack is recorded with what it held (:mod:`planner.services.outputs.packs`), in the
    log entry's write unit. ``email_drafts``: a folder for one ``.eml`` per delegate pack (To:
    the delegate, a short text, the pack attached), each logged before it appears. ``file_names``
    (per-delegate packs, by person id): names to keep (a reprint replaces the packs it reprints)."""
    if include_needs and (per_delegate or delegate_id is not None):
        raise ValidationError("Every delegate's dietary and access needs can be printed only in the "
                              "delegation pack (not in one delegate's pack)", "include_needs")
    if email_drafts is not None and not per_delegate and delegate_id is None:
        raise ValidationError("E-mail drafts are written for delegates' own packs: choose one delegate "
                              "or one file per delegate", "email_drafts")
    from planner.exports.briefing.briefing_pdf import write_briefing_pdf, write_delegate_packs
    from planner.exports.pdf_text import describe_uncovered
    from planner.services.outputs.packs import pack_entry

    if email_drafts is not None:
        check_output_folder(email_drafts if email_drafts.exists() or email_drafts.is_symlink()
                            else email_drafts.parent)

    def ready(f: PackFile) -> None:
        log(pack_entry(briefing, event_id, f.path, f.delegate_id, f.person_ids, f.pages))

    written: list[PackFile] = []
    if per_delegate:
        write_delegate_packs(briefing, path, paper=paper, progress=progress, cancel=cancel,
                             on_ready=ready, on_written=written.append, file_names=file_names)
    else:
        written.append(write_briefing_pdf(briefing, path, delegate_id=delegate_id, paper=paper,
                                          progress=progress, cancel=cancel, on_ready=ready,
                                          include_needs=include_needs))
    chars: set[str] = set().union(*(f.uncovered for f in written)) if written else set()
    conflicts: set[str] = set().union(*(f.conflict_keys for f in written)) if written else set()
    warnings = []
    if conflicts:
        warnings.append(conflict_warning(briefing.event_code, len(conflicts), files=len(written)))
    if chars:
        warnings.append(f"{len(chars)} character(s) have no glyph in the bundled fonts and print as boxes: "
                        + ", ".join(describe_uncovered(chars)))
    pages = sum(f.pages for f in written)
    message = f"{len(written)} file(s), {pages} page(s) written"
    drafts: list[Path] = []
    if email_drafts is not None:
        drafts, no_address = _write_drafts(briefing, event_id, written, email_drafts, log)
        message += f"; {len(drafts)} e-mail draft(s) to open in your mail program and send"
        if no_address:
            warnings.append(f"{len(no_address)} draft(s) have no recipient (no e-mail address): "
                            + ", ".join(no_address))
    return ExportResult([f.path for f in written] + drafts, message, warnings, count=pages)


def _write_drafts(briefing: Briefing, event_id: int | None, written: list[PackFile], folder: Path,
                  log: ExportLogger) -> tuple[list[Path], list[str]]:
    """One ``.eml`` per delegate pack in ``written``, named like the pack; each logged first."""
    from functools import partial

    from planner.exports.briefing.briefing_mail import pack_draft
    from planner.exports.briefing.email_draft import has_address, write_email_draft
    from planner.exports.filenames import path_inside
    from planner.exports.output import make_output_folder

    folder = make_output_folder(folder)
    drafts: list[Path] = []
    no_address: list[str] = []
    for f in written:
        if f.delegate_id is None:
            continue
        draft = pack_draft(briefing, briefing.pack_for(f.delegate_id), f.path)
        target = path_inside(folder, f.path.stem + ".eml")
        entry = ExportEntry("briefing_email", target, event_id, frozenset(f.person_ids), 1)
        drafts.append(write_email_draft(draft, target, before_publish=partial(log, entry)))
        if not has_address(draft.to_email):
            no_address.append(draft.to_name)
    return drafts, no_address


def _lead_sheet(session: Session, request: ExportRequest, progress: ProgressFn | None,
                cancel: CancelFn | None, log: ExportLogger) -> ExportResult:
    from planner.exports.sheets.lead_sheet import write_lead_sheet
    from planner.services.followup.leads import build_lead_sheet

    event = get_event(session, request.event_code)
    member = None
    if request.member_organisation is not None:
        from planner.services.followup.member_organisations import resolve_member_organisation

        # an unknown name is refused (with a suggestion) before anything is written
        member = resolve_member_organisation(session, event.id, event.code, request.member_organisation)
    data = build_lead_sheet(session, event, member_organisation=member)
    entry = ExportEntry("lead_sheet", request.path, event.id, frozenset(data.person_ids), len(data.leads))
    count = write_lead_sheet(data, request.path, progress=progress, cancel=cancel,
                             before_publish=lambda: log(entry))
    left_out = getattr(data, "left_out", 0)
    warnings = [f"{left_out} lead(s) left out: no consent to lead sharing"] if left_out else []
    return ExportResult([request.path], f"{count} lead(s) written", warnings, count=count, left_out=left_out)


def _calendar(session: Session, request: ExportRequest, progress: ProgressFn | None,
              cancel: CancelFn | None, log: ExportLogger) -> ExportResult:
    """One calendar: what the plan shows, with SEQUENCEs raised and CANCELLED entries for what
    left it since the same calendar's last export; the calendar's memory is recorded with the
    log entry (:class:`planner.services.outputs.calendars.CalendarExportEntry`) before the file appears."""
    from planner.exports.ics import write_calendar
    from planner.services.outputs.calendars import CalendarExportEntry, calendar_export
    from planner.storage.models import Person

    event = get_event(session, request.event_code)
    ids = request.delegate_ids or []
    if len(ids) > 1:
        raise ValidationError("A calendar is for one delegate or for the whole delegation", "delegates")
    person = session.get(Person, ids[0]) if ids else None
    export = calendar_export(session, event, person)
    data = export.data
    if person is not None and not data.entries:
        who = person.email or " ".join(p for p in (person.given_name, person.family_name) if p)
        raise ValidationError(f"{who} has nothing on the timeline of {event.code}", "delegates")
    _check_cancel(cancel, "Cancelled; no calendar was written")
    entry = CalendarExportEntry("ics", request.path, event.id, frozenset(data.person_ids), len(data.entries),
                                memory=export.memory)
    write_calendar(data, request.path, before_publish=lambda: log(entry))
    if progress is not None:
        progress(1, 1)
    note = f" ({export.cancelled} as cancelled)" if export.cancelled else ""
    return ExportResult([request.path], f"{len(data.entries)} calendar entries written{note}",
                        count=len(data.entries))


def _crm(session: Session, request: ExportRequest, progress: ProgressFn | None,
         cancel: CancelFn | None, log: ExportLogger) -> ExportResult:
    from planner.exports.sheets.crm import write_crm_csv
    from planner.services.followup.leads import list_crm_contacts

    event = get_event(session, request.event_code)
    contacts, left_out = list_crm_contacts(session, event)
    _check_cancel(cancel, "Export cancelled; no file was written")
    entry = ExportEntry(f"crm_{request.crm_format}", request.path, event.id,
                        frozenset(pid for c in contacts for pid in c.person_ids), len(contacts))
    count = write_crm_csv(contacts, request.path, crm=request.crm_format, event_name=event.name,
                          before_publish=lambda: log(entry))
    if progress is not None:
        progress(1, 1)
    note = f" ({left_out} left out: no consent to lead sharing)" if left_out else ""
    return ExportResult([request.path], f"{count} contact(s) written{note}", count=count, left_out=left_out)


def _impact(session: Session, request: ExportRequest, progress: ProgressFn | None,
            cancel: CancelFn | None, log: ExportLogger) -> ExportResult:
    from planner.exports.impact_pdf import write_impact_pdf
    from planner.exports.sheets.impact_xlsx import write_impact_xlsx
    from planner.services.followup.impact import build_impact_report

    event = get_event(session, request.event_code)
    report = build_impact_report(session, event, today=request.as_of or event_today(event))
    _check_cancel(cancel, "Export cancelled; no file was written")
    suffix = request.path.suffix.lower()
    entry = ExportEntry(f"impact_{suffix[1:]}", request.path, event.id, frozenset(), report.meetings_requested)
    writer = write_impact_pdf if suffix == ".pdf" else write_impact_xlsx
    writer(report, request.path, before_publish=lambda: log(entry))
    if progress is not None:
        progress(1, 1)
    return ExportResult([request.path], "Impact report written", count=report.meetings_requested)


def default_export_name(event_code: str, kind: str, crm_format: str = "hubspot", *, folder: bool = False) -> str:
    """A file (or folder) name to suggest: ``biojapan-2026 lead sheet.xlsx``."""
    code = "".join(c for c in event_code if c.isalnum() or c in "-_") or "event"  # codes are slugs already
    if kind == "briefing" and folder:
        return f"{code} briefing packs"
    title = {"briefing": "briefing pack", "leads": "lead sheet", "ics": "calendar",
             "crm": f"{crm_format} import", "impact": "impact report"}[kind]
    return f"{code} {title}{KINDS[kind].suffix}"


def delegate_choices(session: Session, event_code: str) -> list[tuple[int, str]]:
    """(person id, label) of the event's delegates, for the "chosen delegates" list."""
    from planner.services.events.delegations import delegates_of_event
    from planner.services.people.people import person_name

    event = get_event(session, event_code)
    return [(d.person_id, f"{person_name(d.person)} — {d.person.email}" if d.person.email else person_name(d.person))
            for d in delegates_of_event(session, event)]


__all__ = ["KINDS", "ExportKind", "ExportRequest", "ExportResult", "available", "check_export_target",
           "default_export_name", "delegate_choices", "run_export", "write_briefing_files"]
