"""Kill -9 at random moments during imports, edits and migrations; check after every kill.

Each run forks a child that works on a copy of a template file and reports each committed
operation on a pipe; the parent kills it with SIGKILL after a random delay, then opens the file
the way the app does and checks: the integrity and foreign-key checks pass, every operation the
child reported as committed is there, and every operation is whole or absent.

Used by ``test_crash_harness.py`` (a CI-sized number of runs) and runnable alone for a soak:
``python -m tests.planner.safety.crash_harness 500``.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from planner.services.events.delegations import add_delegate, event_delegation
from planner.services.events.events import add_event, get_event
from planner.services.people.people import add_person
from planner.storage import migrate
from planner.storage.database import Database
from planner.storage.files import backup
from planner.storage.models import Delegate, Person

BATCH = 80          # people per simulated import
EDITED = 300        # people rewritten by each simulated edit
SEED_ROWS = 400     # rows per table in the migration template


@dataclass
class Figures:
    runs: dict[str, int] = field(default_factory=lambda: {"import": 0, "edit": 0, "migration": 0})
    killed_mid_work: int = 0
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        total = sum(self.runs.values())
        parts = ", ".join(f"{k} {v}" for k, v in self.runs.items())
        return (f"crash harness: {total} SIGKILL runs ({parts}); {self.killed_mid_work} killed with work "
                f"in flight; {len(self.failures)} failure(s)")


# ----------------------------------------------------------------------------- templates
def make_templates(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    work = folder / "work.db"
    db = Database.open(work, backup_dir=folder / "b")
    with db.transaction() as s:
        event = add_event(s, code="crash", name="Crash test", start_date=date(2026, 10, 13),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        event_delegation(s, event, create=True)
        for i in range(EDITED):
            add_person(s, given_name=f"Edit{i}", family_name="Target", job_title="edit--1", notes="edit-target")
    db.close()
    old = folder / "old.db"
    old.touch()
    migrate.run_upgrade(old, "0001")
    _fill(old)
    old_wal = folder / "old-wal.db"  # the same old file, but in WAL mode as the app leaves it
    shutil.copy2(old, old_wal)
    import sqlite3

    con = sqlite3.connect(old_wal)
    con.execute("PRAGMA journal_mode = WAL")
    con.close()
    return {"import": work, "edit": work, "migration": old, "migration-wal": old_wal}


def _fill(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    stamp = "2026-10-13 00:00:00.000000"
    con.execute("INSERT INTO event (id, uuid, code, name, kind, start_date, end_date, tz, home_tz, city, country,"
                " description, emergency_info, created_at, updated_at) VALUES (1, 'e1', 'old', 'Old', 'conference',"
                f" '2026-10-13', '2026-10-16', 'Asia/Tokyo', 'Europe/London', '', '', '', '', '{stamp}', '{stamp}')")
    for i in range(1, SEED_ROWS + 1):
        con.execute("INSERT INTO venue (id, uuid, event_id, name, address, city, tz, phone, created_at, updated_at)"
                    f" VALUES (?, ?, 1, ?, '', '', 'Asia/Tokyo', '', '{stamp}', '{stamp}')",
                    (i, f"v{i}", f"Venue {i}"))
        con.execute("INSERT INTO delegation (id, uuid, event_id, name, grant_funded, funder, shared_stand,"
                    f" shared_hotel, notes, created_at, updated_at) VALUES (?, ?, 1, ?, 0, '', '', '', '',"
                    f" '{stamp}', '{stamp}')", (i, f"d{i}", f"Delegation {i}"))
    con.commit()
    con.close()


# ----------------------------------------------------------------------------- children
def _child_import(path: Path, report: Callable[[str], None]) -> None:
    db = Database.open(path)
    report("ready")
    k = 0
    while True:
        with db.transaction() as s:
            delegation = event_delegation(s, get_event(s, "crash"))
            for i in range(BATCH):
                p = add_person(s, given_name=f"Imp{i}", family_name=f"Batch{k}", notes=f"batch-{k}")
                add_delegate(s, delegation, p, notes=f"batch-{k}")
        report(str(k))
        k += 1


def _child_import_unsafe(path: Path, report: Callable[[str], None]) -> None:
    """Negative control: commits person by person, so a kill leaves half an import."""
    db = Database.open(path)
    report("ready")
    k = 0
    while True:
        for i in range(BATCH):
            with db.transaction() as s:
                delegation = event_delegation(s, get_event(s, "crash"))
                p = add_person(s, given_name=f"Imp{i}", family_name=f"Batch{k}", notes=f"batch-{k}")
                add_delegate(s, delegation, p, notes=f"batch-{k}")
        report(str(k))
        k += 1


def _child_edit(path: Path, report: Callable[[str], None]) -> None:
    db = Database.open(path)
    report("ready")
    k = 0
    while True:
        with db.transaction() as s:
            for person in s.scalars(select(Person).where(Person.notes == "edit-target")):
                person.job_title = f"edit-{k}"
        report(str(k))
        k += 1


def _child_migration(path: Path, report: Callable[[str], None]) -> None:
    report("ready")
    Database.open(path, backup_dir=path.parent / "backups").close()
    report("done")
    time.sleep(60)


CHILDREN = {"import": _child_import, "edit": _child_edit, "migration": _child_migration,
            "import-unsafe": _child_import_unsafe}


def _run_child(kind: str, path: Path, delay: float) -> list[str]:
    """Fork, let the child work, SIGKILL it after ``delay`` seconds of work; its reports."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        code = 0
        try:
            CHILDREN[kind](path, lambda msg: os.write(write_fd, (msg + "\n").encode()) and None)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    buf = b""
    deadline = None
    os.set_blocking(read_fd, False)
    while True:
        try:
            chunk = os.read(read_fd, 4096)
        except BlockingIOError:
            chunk = None
        if chunk:
            buf += chunk
        if deadline is None and b"ready\n" in buf:
            deadline = time.monotonic() + delay
        if deadline is not None and time.monotonic() >= deadline:
            break
        if chunk == b"":  # child exited on its own
            break
        time.sleep(0.002)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    try:
        while True:
            chunk = os.read(read_fd, 4096)
            if not chunk:
                break
            buf += chunk
    except BlockingIOError:
        pass
    os.close(read_fd)
    return [m for m in buf.decode().split("\n") if m and m != "ready"]


# ----------------------------------------------------------------------------- checks
def _check(kind: str, path: Path, reports: list[str], template_counts: dict[str, int]) -> list[str]:
    problems: list[str] = []
    try:
        db = Database.open(path, backup_dir=path.parent / "backups")
    except Exception as exc:  # the app could not open the file after the crash
        return [f"open failed: {exc}"]
    try:
        problems += [f"integrity: {p}" for p in db.verify()]
        with db.session() as s:
            if kind.startswith("import"):
                committed = {int(r) for r in reports}
                batches = dict(s.execute(select(Person.notes, func.count()).where(Person.notes.like("batch-%"))
                                         .group_by(Person.notes)).all())
                links = dict(s.execute(select(Delegate.notes, func.count()).where(Delegate.notes.like("batch-%"))
                                       .group_by(Delegate.notes)).all())
                for note, n in batches.items():
                    if n != BATCH or links.get(note) != BATCH:
                        problems.append(f"partial import {note}: {n} people, {links.get(note)} links")
                present = {int(n.split("-")[1]) for n in batches}
                if not committed <= present:
                    problems.append(f"lost committed imports {sorted(committed - present)}")
                if present - committed - {max(committed, default=-1) + 1}:
                    problems.append(f"unexpected imports {sorted(present - committed)}")
            elif kind == "edit":
                titles = dict(s.execute(select(Person.job_title, func.count()).where(Person.notes == "edit-target")
                                        .group_by(Person.job_title)).all())
                if len(titles) != 1 or sum(titles.values()) != EDITED:
                    problems.append(f"partial edit: {titles}")
                else:
                    k = int(next(iter(titles)).split("-", 1)[1])
                    last = max((int(r) for r in reports), default=-1)
                    if k < last or k > last + 1:
                        problems.append(f"edit {k} found, last committed {last}")
            else:
                if migrate.current_revision(path) != migrate.head_revision():
                    problems.append("not migrated after reopening")
    finally:
        db.close()
    if kind == "migration":
        counts = migrate.table_counts(path)
        for table, n in template_counts.items():
            if table != "alembic_version" and counts.get(table) != n:
                problems.append(f"migration lost rows in {table}: {n} → {counts.get(table)}")
    return problems


def run_harness(folder: Path, runs: int, *, seed: int = 2026, log: Callable[[str], None] | None = None) -> Figures:
    rng = random.Random(seed)
    templates = make_templates(folder / "templates")
    counts = migrate.table_counts(templates["migration"])
    # how long a whole migration takes here, so kills land all over it
    probe = folder / "probe" / "old.db"
    probe.parent.mkdir(parents=True)
    shutil.copy2(templates["migration"], probe)
    started = time.monotonic()
    Database.open(probe, backup_dir=probe.parent / "backups").close()
    migration_time = time.monotonic() - started
    cycle = ["import", "edit", "import", "edit", "migration"]
    figures = Figures()
    for n in range(runs):
        kind = cycle[n % len(cycle)]
        run_dir = folder / f"run{n}"
        run_dir.mkdir()
        path = run_dir / ("old.db" if kind == "migration" else "work.db")
        source = templates["migration-wal" if kind == "migration" and n % 10 == 9 else kind]
        shutil.copy2(source, path)
        delay = rng.uniform(0.0, migration_time * 1.3 if kind == "migration" else 1.0)
        reports = _run_child(kind, path, delay)
        figures.runs[kind] += 1
        if kind == "migration" and "done" not in reports:
            figures.killed_mid_work += 1
        elif kind != "migration":
            figures.killed_mid_work += 1  # imports and edits never stop: always killed mid-work
        problems = _check(kind, path, reports, counts)
        leftovers = [p.name for p in (run_dir / "backups").glob("*.db")] if kind == "migration" else []
        for name in leftovers:
            if backup.integrity_problems(run_dir / "backups" / name):
                problems.append(f"damaged backup kept: {name}")
        for problem in problems:
            figures.failures.append(f"run {n} ({kind}, kill after {delay:.3f}s): {problem}")
        if log:
            log(f"run {n}: {kind} killed after {delay:.3f}s, {len(reports)} reports, "
                f"{problems if problems else 'ok'}")
        shutil.rmtree(run_dir, ignore_errors=True)
    return figures


def _run_child_at(kind: str, path: Path, point: str, nth: int) -> list[str]:
    """Fork a child armed to SIGKILL itself the ``nth`` time it reaches ``point``; its reports."""
    from planner.storage.files import crashpoints

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        code = 0
        try:
            crashpoints.arm(point, nth)
            CHILDREN[kind](path, lambda msg: os.write(write_fd, (msg + "\n").encode()) and None)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    buf = b""
    with os.fdopen(read_fd, "rb") as pipe:
        buf = pipe.read()  # until the child is gone
    _pid, status = os.waitpid(pid, 0)
    if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        raise AssertionError(f"the child was not killed at {point} #{nth} (status {status})")
    return [m for m in buf.decode().split("\n") if m and m != "ready"]


CHOSEN_POINTS = ("before_commit", "after_commit")


def run_chosen(folder: Path, *, log: Callable[[str], None] | None = None) -> Figures:
    """Kill imports and edits exactly before and exactly after a COMMIT reaches the file, at the
    1st, 2nd and 5th commit; the same checks as the random runs."""
    templates = make_templates(folder / "templates")
    figures = Figures(runs={"import": 0, "edit": 0, "migration": 0})
    n = 0
    for kind in ("import", "edit"):
        for point in CHOSEN_POINTS:
            for nth in (1, 2, 5):
                run_dir = folder / f"chosen{n}"
                run_dir.mkdir()
                path = run_dir / "work.db"
                shutil.copy2(templates[kind], path)
                reports = _run_child_at(kind, path, point, nth)
                figures.runs[kind] += 1
                figures.killed_mid_work += 1
                problems = _check(kind, path, reports, {})
                if point == "after_commit" and kind == "import":
                    with Database.open(path) as db, db.session() as s:  # the unreported commit is kept
                        done = s.scalar(select(func.count(Person.id)).where(Person.notes.like("batch-%")))
                    if done != nth * BATCH:
                        problems.append(f"after commit #{nth}: {done} imported people, expected {nth * BATCH}")
                for problem in problems:
                    figures.failures.append(f"{kind} killed at {point} #{nth}: {problem}")
                if log:
                    log(f"{kind} killed at {point} #{nth}: {problems if problems else 'ok'}")
                shutil.rmtree(run_dir, ignore_errors=True)
                n += 1
    return figures


def control_runs(folder: Path, runs: int = 3) -> list[str]:
    """The same kill and checks on a child that commits an import row by row: the checks must
    catch the half-imports (proof that the harness can fail)."""
    template = make_templates(folder / "templates")["import"]
    found: list[str] = []
    for n in range(runs):
        path = folder / f"control{n}" / "work.db"
        path.parent.mkdir()
        shutil.copy2(template, path)
        reports = _run_child("import-unsafe", path, 0.25 + 0.2 * n)
        found += _check("import-unsafe", path, reports, {})
    return found


if __name__ == "__main__":  # pragma: no cover - manual soak
    import tempfile

    total = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("PLANNER_DATA_DIR", str(Path(tmp) / "data"))
        result = run_harness(Path(tmp), total, log=print)
    print(result.line())
    for failure in result.failures:
        print(failure)
    sys.exit(1 if result.failures else 0)
