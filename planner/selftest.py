"""``mission-desk --self-test``: check an installed copy (a bundle, a wheel, a checkout) in seconds.

In a temporary folder it opens a new file (every Alembic migration runs, from the files the
bundle carries), builds the demo mission, runs the schedule check, writes a briefing pack PDF,
a lead sheet and a calendar through the same services as the CLI and the GUI, and reads each back
the way a user's tools would: the PDF's structure (header, page tree, end of file; parsed here
with the standard library: pypdf is a test dependency only), the workbook with openpyxl, the
calendar with icalendar. It also checks what lazy imports load late (the bundled fonts, tzdata,
Janome's dictionary, pypinyin's tables). It prints the versions of its parts and one line per
step; the first failing step prints ``self-test FAILED at <step>: <why>`` and the result is 1.

No Qt here (``planner`` never imports it): ``main.py --self-test`` adds the GUI part.
Nothing outside the temporary folder is read or written, not even the user's data dir.
"""

from __future__ import annotations

import platform
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from planner import APP_NAME
from planner._build import build_info

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from planner.storage.database import Database

Print = Callable[[str], None]

# (distribution, module): the parts whose versions a bug report needs
PARTS = (("SQLAlchemy", "sqlalchemy"), ("alembic", "alembic"), ("reportlab", "reportlab"),
         ("openpyxl", "openpyxl"), ("icalendar", "icalendar"), ("tzdata", "tzdata"),
         ("rapidfuzz", "rapidfuzz"), ("platformdirs", "platformdirs"), ("pycountry", "pycountry"),
         ("pypinyin", "pypinyin"), ("janome", "janome"), ("psycopg", "psycopg"),
         ("PySide6_Essentials", ""))


class SelfTestError(Exception):
    """A step found something wrong: the message says what."""


@dataclass
class SelfTestReport:
    passed: list[str] = field(default_factory=list)
    failed_step: str | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.failed_step is None


def part_version(distribution: str, module: str = "") -> str:
    """The installed version of a distribution, or its module's ``__version__`` (a bundle may
    lack the metadata), or "not installed"."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        pass
    if module:
        try:
            return str(getattr(__import__(module), "__version__", "unknown"))
        except ImportError:
            pass
    return "not installed"


def version_lines() -> list[str]:
    from planner.storage import migrate

    info = build_info()
    lines = [f"{APP_NAME} {info.label}" + (f", built {info.date}" if info.date else ""),
             f"Python {platform.python_version()} ({sys.platform}, {platform.machine()})"
             + (" frozen" if info.frozen else ""),
             f"SQLite {sqlite3.sqlite_version}",
             f"Schema head {migrate.head_revision()}"]
    lines += [f"{dist} {part_version(dist, module)}" for dist, module in PARTS]
    return lines


# --- reading the outputs back -----------------------------------------------------------------

def pdf_page_count(path: Path) -> int:
    """Pages of a PDF written by reportlab, from its structure (no PDF library): the header and
    the end-of-file marker must be there, and the page tree's ``/Count`` must match the page
    objects. Raises :class:`SelfTestError` saying what is wrong."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF-1."):
        raise SelfTestError(f"{path.name} does not start like a PDF")
    if b"startxref" not in data[-1024:] or not data.rstrip().endswith(b"%%EOF"):
        raise SelfTestError(f"{path.name} is cut short (no end-of-file marker)")
    pages = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data, re.S)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data, re.S)]
    if pages == 0:
        raise SelfTestError(f"{path.name} has no pages")
    if counts and max(counts) != pages:
        raise SelfTestError(f"{path.name}: the page tree counts {max(counts)} pages, the file holds {pages}")
    if b"/FontFile2" not in data:
        raise SelfTestError(f"{path.name} embeds no TrueType font (the bundled fonts were not found)")
    return pages


def xlsx_rows(path: Path) -> int:
    """Data rows on the first sheet of a workbook, read with openpyxl."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        rows = sum(1 for row in wb.worksheets[0].iter_rows(values_only=True) if any(v is not None for v in row))
    finally:
        wb.close()
    return max(rows - 1, 0)  # less the header


def ics_events(path: Path) -> int:
    """VEVENTs in a calendar file, parsed with icalendar."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(path.read_bytes())
    return sum(1 for c in calendar.walk() if c.name == "VEVENT")


# --- the steps ----------------------------------------------------------------------------------

def check_lazy_parts() -> str:
    """What loads late and a bundler may miss: fonts, tzdata, Janome's dictionary, pypinyin."""
    from zoneinfo import ZoneInfo

    from planner.domain import timezones
    from planner.exports.pdf_text import default_font_dir
    from planner.identity.romanise import native_readings

    fonts = sorted(p.name for p in default_font_dir().glob("*.ttf"))
    if not fonts:
        raise SelfTestError(f"no bundled fonts in {default_font_dir()}")
    ZoneInfo("Asia/Tokyo")
    timezones.zone("America/Sao_Paulo")
    if ("yamada", "tarou") not in native_readings("山田 太郎"):
        raise SelfTestError("Japanese names are not romanised (Janome or its dictionary is missing)")
    if ("zhang", "wei") not in native_readings("张 伟"):
        raise SelfTestError("Chinese names are not romanised (pypinyin or its tables are missing)")
    return f"{len(fonts)} fonts, tzdata, Janome, pypinyin"


@contextmanager
def _step(report: SelfTestReport, name: str, out: Print) -> Iterator[list[str]]:
    detail: list[str] = []
    start = time.perf_counter()
    yield detail
    took = time.perf_counter() - start
    report.passed.append(name)
    out(f"ok  {name}" + (f": {detail[0]}" if detail else "") + f" ({took:.2f} s)")


def run_self_test(out: Print = print, folder: Path | None = None) -> SelfTestReport:
    """Run every step in ``folder`` (default: a new temporary folder, removed afterwards)."""
    report = SelfTestReport()
    for line in version_lines():
        out(f"    {line}")
    if folder is not None:
        _run_steps(folder, report, out)
        return report
    with tempfile.TemporaryDirectory(prefix="mission-desk-self-test-") as tmp:
        _run_steps(Path(tmp), report, out)
    return report


def _run_steps(folder: Path, report: SelfTestReport, out: Print) -> None:
    name = "start"
    db: Database | None = None
    try:
        name = "fonts and data files"
        with _step(report, name, out) as detail:
            detail.append(check_lazy_parts())
        name = "open a new file (migrations)"
        with _step(report, name, out) as detail:
            db = _open(folder / "self-test.db", detail)
        name = "build the demo"
        with _step(report, name, out) as detail:
            detail.append(_build_demo(db))
        name = "check"
        with _step(report, name, out) as detail:
            detail.append(_check(db))
        for kind, suffix, reader, unit in (("briefing", ".pdf", pdf_page_count, "pages"),
                                           ("leads", ".xlsx", xlsx_rows, "lead rows"),
                                           ("ics", ".ics", ics_events, "events")):
            name = f"export {kind}"
            with _step(report, name, out) as detail:
                path = folder / f"self-test-{kind}{suffix}"
                _export(db, kind, path)
                count = reader(path)
                if count < 1:
                    raise SelfTestError(f"{path.name} holds no {unit}")
                detail.append(f"{path.name} read back, {count} {unit}, {path.stat().st_size} bytes")
        name = "verify the file"
        with _step(report, name, out) as detail:
            problems = db.verify()
            if problems:
                raise SelfTestError("; ".join(problems[:3]))
            detail.append("integrity check passed")
    except Exception as exc:  # every failure becomes one clear line (and exit 1)
        report.failed_step = name
        report.error = f"{type(exc).__name__}: {exc}" if not isinstance(exc, SelfTestError) else str(exc)
        out(f"self-test FAILED at {name}: {report.error}")
    finally:
        if db is not None:
            db.close()


def _open(path: Path, detail: list[str]) -> Database:
    from planner.storage import migrate
    from planner.storage.database import Database

    db = Database.open(path, backup_dir=path.parent / "backups")
    current, head = migrate.current_revision(path), migrate.head_revision()
    if current != head:
        db.close()
        raise SelfTestError(f"the new file is at schema {current}, not at the head {head}")
    detail.append(f"schema {current}")
    return db


def _build_demo(db: Database) -> str:
    from planner.demo import build_demo

    with db.transaction() as session:
        summary = build_demo(session)
    return summary.event_code


def _check(db: Database) -> str:
    from planner.demo.common import DEMO_EVENT_CODE
    from planner.services.events.events import get_event
    from planner.services.schedule.conflicts import check_event

    with db.session() as session:
        report = check_event(session, get_event(session, DEMO_EVENT_CODE))
    if report.item_count < 1:
        raise SelfTestError("the demo has no schedule items to check")
    return f"{report.item_count} items, {len(report.conflicts)} conflicts"


def _export(db: Database, kind: str, path: Path) -> None:
    from planner.demo.common import DEMO_EVENT_CODE
    from planner.services.outputs.calendars import calendar_logger
    from planner.services.outputs.export_jobs import ExportRequest, run_export
    from planner.services.outputs.export_log import logger_for

    log = calendar_logger(db) if kind == "ics" else logger_for(db)
    with db.session() as session:
        # one delegate's pack and calendar: the whole delegation's pack takes a minute
        ids = [_first_delegate(session)] if kind in ("briefing", "ics") else None
        run_export(session, ExportRequest(kind, DEMO_EVENT_CODE, path, delegate_ids=ids), log=log)
    if not path.is_file():
        raise SelfTestError(f"the {kind} export wrote no {path.name}")


def _first_delegate(session: Session) -> int:
    """The person id of the demo's first delegate."""
    from sqlalchemy import select

    from planner.demo.common import DEMO_EVENT_CODE
    from planner.storage import models as m

    person_id = session.scalar(
        select(m.Delegate.person_id).join(m.Delegation, m.Delegate.delegation_id == m.Delegation.id)
        .join(m.Event, m.Delegation.event_id == m.Event.id)
        .where(m.Event.code == DEMO_EVENT_CODE).order_by(m.Delegate.id).limit(1))
    if person_id is None:
        raise SelfTestError("the demo has no delegates")
    return int(person_id)
