"""Kill -9 at random moments during imports, edits and migrations; check after every kill.

Each run forks a child that works on a copy of a template file and reports each committed
operation on a pipe; the parent kills it with SIGKILL after a random delay, then opens the file
the way the app does and checks: the integrity and foreign-key checks pass, every operation the
child reported as committed is there, and every operation is whole or absent.

The children run the app's own code, not hand-written loops: an import is the people importer
on a CSV file (every other batch through ``planner import people``, the others as the GUI's
import dialog calls it), an edit is the person editor's save (:mod:`.person_editor`), a
migration is :meth:`Database.open` on an old file. A child that fails (an import with row
errors, an edit refused) reports it, and the run fails: no run passes by having done nothing.

Used by ``test_crash_harness.py`` (a CI-sized number of runs) and runnable alone for a soak:
``python -m tests.planner.safety.crash_harness 500``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from planner.cli import main as cli_main
from planner.domain.enums import DelegateRole
from planner.imports.people import name_keys
from planner.imports.plan import ImportOptions
from planner.imports.service import apply_import
from planner.services.events.delegations import event_delegation
from planner.services.events.events import add_event
from planner.services.people.people import add_person
from planner.storage import migrate, search_index
from planner.storage.database import Database
from planner.storage.files import backup
from planner.storage.models import Delegate, Delegation, Event, Person
from tests.planner.safety.person_editor import open_editors, save_edit

BATCH = 80          # people per import (rows of its file)
EDITED = 300        # people rewritten by each edit
SEED_ROWS = 400     # rows per table in the migration template
EVENT = "crash"
IMPORT_HEADER = "Given name,Family name,Email,Role,Notes"  # the generic preset (docs/cli.md)
FAILED = "failed"   # a child's report when its work raised: the run fails
_EMAIL = re.compile(r"imp(\d+)\.b(\d+)@example\.org")


@dataclass
class Figures:
    runs: dict[str, int] = field(default_factory=lambda: {"import": 0, "edit": 0, "migration": 0})
    killed_mid_work: int = 0
    # runs in which at least one operation was reported committed before the kill
    committed: dict[str, int] = field(default_factory=lambda: {"import": 0, "edit": 0, "migration": 0})
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        total = sum(self.runs.values())
        parts = ", ".join(f"{k} {v}" for k, v in self.runs.items())
        done = ", ".join(f"{k} {v}" for k, v in self.committed.items())
        return (f"crash harness: {total} SIGKILL runs ({parts}); {self.killed_mid_work} killed with work "
                f"in flight; runs with a commit before the kill: {done}; {len(self.failures)} failure(s)")


# ----------------------------------------------------------------------------- templates
def make_templates(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    work = folder / "work.db"
    db = Database.open(work, backup_dir=folder / "b")
    with db.transaction() as s:
        event = add_event(s, code=EVENT, name="Crash test", start_date=date(2026, 10, 13),
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
def import_email(i: int, k: int) -> str:
    return f"imp{i}.b{k}@example.org"


def _import_file(folder: Path, k: int, rows: range = range(BATCH), name: str = "") -> Path:
    """Batch ``k`` as a registration list: new people (unique e-mails), each a delegate of the
    event, batch ``k`` written in their family name, e-mail and notes."""
    path = folder / (name or f"import-{k}.csv")
    lines = [IMPORT_HEADER] + [f"Imp{i},Batch{k},{import_email(i, k)},delegate,batch-{k}" for i in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import_as_cli(path: Path, source: Path) -> None:
    """``planner --db PATH import people SOURCE --event crash`` run as the command line runs it
    (its own open of the file, ``apply_import_briefly``, its exit code)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(["--db", str(path), "import", "people", str(source), "--event", EVENT, "--json"])
    if code != 0:
        first = " / ".join(err.getvalue().strip().splitlines()[:3])
        raise RuntimeError(f"planner import people exited {code}: {first}")
    plan = json.loads(out.getvalue())
    if not plan["applied"] or plan["counts"]["add"] != BATCH:
        raise RuntimeError(f"planner import people did not add the batch: {plan['counts']}")


def _import_as_app(db: Database, source: Path, rows: int = BATCH) -> None:
    """The GUI's import dialog: ``apply_import`` in one write transaction (``TaskRunner`` with
    ``Database.write_session``; ``db.transaction()`` is that session, begun)."""
    with db.transaction() as s:
        plan = apply_import(s, source, "people", EVENT, ImportOptions())
    if not plan.applied or plan.counts["add"] != rows:
        raise RuntimeError(f"the import did not add the batch: {plan.counts}, {plan.errors[:3]}")


def _child_import(path: Path, report: Callable[[str], None], *, cli: bool = True) -> None:
    """Import batch after batch; with ``cli`` the even batches go through the command line."""
    db = Database.open(path)
    report("ready")
    k = 0
    while True:
        source = _import_file(path.parent, k)  # the user's file exists before the import starts
        if cli and k % 2 == 0:
            _import_as_cli(path, source)
        else:
            _import_as_app(db, source)
        report(str(k))
        k += 1


def _child_import_app(path: Path, report: Callable[[str], None]) -> None:
    """Only the app's path: its commits are the ones the chosen crash points count
    (``after_commit`` is an event of ``Database.write_session``, which the CLI's
    ``apply_import_briefly`` does not use)."""
    _child_import(path, report, cli=False)


def _child_import_unsafe(path: Path, report: Callable[[str], None]) -> None:
    """Negative control: the same importer, but the batch is imported row by row (a file and a
    commit per person), so a kill leaves half of it."""
    db = Database.open(path)
    report("ready")
    k = 0
    while True:
        for i in range(BATCH):
            _import_as_app(db, _import_file(path.parent, k, range(i, i + 1), f"row-{k}-{i}.csv"), rows=1)
        report(str(k))
        k += 1


def _edit_targets(db: Database) -> list[int]:
    with db.session() as s:
        return list(s.scalars(select(Person.id).where(Person.notes == "edit-target").order_by(Person.id)))


def _edit_once(db: Database, targets: list[int], k: int) -> None:
    """Edit k: every target's job title becomes ``edit-k`` through the person editor's save, all
    of them in one undoable edit (one transaction: whole or absent)."""
    editors = open_editors(db, targets)  # each edit opens the editors afresh (new versions)
    changeset = save_edit(db, f"Edit batch {k}", {pid: {**values, "job_title": f"edit-{k}"}
                                                  for pid, values in editors.items()})
    if len(changeset.changes) != EDITED:
        raise RuntimeError(f"edit {k} recorded {len(changeset.changes)} changes, not {EDITED}")


def _child_edit(path: Path, report: Callable[[str], None]) -> None:
    db = Database.open(path)
    report("ready")
    targets = _edit_targets(db)
    k = 0
    while True:
        _edit_once(db, targets, k)
        report(str(k))
        k += 1


def _child_migration(path: Path, report: Callable[[str], None]) -> None:
    report("ready")
    Database.open(path, backup_dir=path.parent / "backups").close()
    report("done")
    time.sleep(60)


CHILDREN: dict[str, Callable[[Path, Callable[[str], None]], None]] = {
    "import": _child_import, "import-app": _child_import_app, "edit": _child_edit,
    "migration": _child_migration, "import-unsafe": _child_import_unsafe}


def _child_main(kind: str, path: Path, write_fd: int, point: str | None = None, nth: int = 1) -> None:
    """The forked child: arm ``point`` if given, work, report; never returns."""
    def report(msg: str) -> None:
        os.write(write_fd, (msg + "\n").encode())

    code = 0
    try:
        if point is not None:
            from planner.storage.files import crashpoints

            crashpoints.arm(point, nth)
        CHILDREN[kind](path, report)
    except BaseException as exc:
        code = 1
        with contextlib.suppress(BaseException):
            report(f"{FAILED} {type(exc).__name__}: {' '.join(str(exc).split())}"[:2000])
    finally:
        os._exit(code)


def _run_child(kind: str, path: Path, delay: float) -> list[str]:
    """Fork, let the child work, SIGKILL it after ``delay`` seconds of work; its reports."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        _child_main(kind, path, write_fd)
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
def _committed(reports: list[str]) -> set[int]:
    """The operations the child reported committed (``0``, ``1`` …)."""
    return {int(r) for r in reports if r.isdigit()}


def _batch_of(notes: str, family: str, email: str) -> int | None:
    """The batch a person's notes, family name and e-mail all name; None when they disagree."""
    found = _EMAIL.fullmatch(email)
    marks = {notes.removeprefix("batch-"), family.removeprefix("Batch"), found.group(2) if found else "?"}
    mark = marks.pop()
    return int(mark) if not marks and mark.isdigit() else None


def _import_problems(s: Session, reports: list[str]) -> list[str]:
    """Each batch the importer wrote is whole (its BATCH people, one per row of its file, each a
    delegate of the event, in the search index and keyed for matching) or absent; every batch
    reported committed is there, at most the one after them is there unreported."""
    problems: list[str] = []
    committed = _committed(reports)
    rows = s.execute(select(Person.id, Person.notes, Person.family_name, Person.email).where(or_(
        Person.notes.like("batch-%"), Person.family_name.like("Batch%"), Person.email.like("imp%")))).all()
    batches: dict[int, dict[int, str]] = {}  # batch -> {person id: e-mail}
    for pid, notes, family, email in rows:
        k = _batch_of(notes, family, email)
        if k is None:
            problems.append(f"torn imported person {pid}: notes {notes!r}, family name {family!r}, "
                            f"e-mail {email!r}")
        else:
            batches.setdefault(k, {})[pid] = email
    event_id = s.scalars(select(Event.id).where(Event.code == EVENT)).one()
    for k, people in sorted(batches.items()):
        ids = list(people)
        expected = {import_email(i, k) for i in range(BATCH)}
        links = s.execute(select(func.count(), func.count(func.distinct(Delegate.person_id)))
                          .select_from(Delegate).join(Delegation, Delegation.id == Delegate.delegation_id)
                          .where(Delegate.person_id.in_(ids), Delegation.event_id == event_id,
                                 Delegate.role == DelegateRole.DELEGATE)).one()
        all_links = s.scalar(select(func.count()).select_from(Delegate).where(Delegate.person_id.in_(ids)))
        marks = ", ".join(str(i) for i in ids)
        indexed = s.scalar(text(f"SELECT count(*) FROM {search_index.TEXT_TABLE} WHERE id IN ({marks})"))
        found = s.scalar(text(f"SELECT count(*) FROM {search_index.TRIGRAM} WHERE {search_index.TRIGRAM} "
                              "MATCH :q"), {"q": f'".b{k}@example.org"'})
        keyed = s.scalar(text(f"SELECT count(DISTINCT person_id) FROM {name_keys.KEY_TABLE} "
                              f"WHERE person_id IN ({marks})"))
        whole = (len(people), len(set(people.values())), tuple(links), all_links, indexed, found, keyed)
        if set(people.values()) != expected or whole != (BATCH, BATCH, (BATCH, BATCH), BATCH, BATCH,
                                                         BATCH, BATCH):
            problems.append(f"partial import batch-{k}: {len(people)} of {BATCH} people "
                            f"({len(expected - set(people.values()))} rows missing), {links[0]} delegate "
                            f"links of {all_links}, {indexed} in the search text, {found} found by the "
                            f"search, {keyed} keyed for matching")
    present = set(batches)
    if not committed <= present:
        problems.append(f"lost committed imports {sorted(committed - present)}")
    if present - committed - {max(committed, default=-1) + 1}:
        problems.append(f"unexpected imports {sorted(present - committed)}")
    return problems


def _edit_problems(s: Session, reports: list[str]) -> list[str]:
    """One edit is the last one whole: every target has its job title and the version the
    editor's save gave it (the template's people are at version 1, edit k leaves k + 2)."""
    state = s.execute(select(Person.job_title, Person.version, func.count()).where(Person.notes == "edit-target")
                      .group_by(Person.job_title, Person.version)).all()
    if len(state) != 1 or state[0][2] != EDITED:
        return [f"partial edit: {[tuple(r) for r in state]}"]
    title, version, _n = state[0]
    k = int(title.split("-", 1)[1])
    last = max(_committed(reports), default=-1)
    problems = []
    if version != k + 2:
        problems.append(f"edit {k} found at version {version}, not {k + 2}")
    if k < last or k > last + 1:
        problems.append(f"edit {k} found, last committed {last}")
    return problems


def _check(kind: str, path: Path, reports: list[str], template_counts: dict[str, int]) -> list[str]:
    problems = [f"the child {r}" for r in reports if r.startswith(FAILED)]
    try:
        db = Database.open(path, backup_dir=path.parent / "backups")
    except Exception as exc:  # the app could not open the file after the crash
        return [*problems, f"open failed: {exc}"]
    try:
        problems += [f"integrity: {p}" for p in db.verify()]
        with db.session() as s:
            # the people importer drops two search-index triggers and a name-key trigger inside its
            # transaction and puts them back before it commits (an open repairs them only after
            # an upgrade): the kill must find them all
            names = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            missing = sorted(set(search_index.TRIGGER_NAMES + name_keys.trigger_names("sqlite")) - names)
            if missing:
                problems.append(f"triggers missing: {missing}")
            if kind.startswith("import"):
                problems += _import_problems(s, reports)
            elif kind == "edit":
                problems += _edit_problems(s, reports)
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
        if _committed(reports) or "done" in reports:
            figures.committed[kind] += 1
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


def _run_child_at(kind: str, path: Path, point: str, nth: int, *, timeout: float = 300.0) -> list[str]:
    """Fork a child armed to SIGKILL itself the ``nth`` time it reaches ``point``; its reports.
    A child that never reaches it (it would work forever) is killed after ``timeout`` seconds
    and the run fails."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        _child_main(kind, path, write_fd, point, nth)
    os.close(write_fd)
    buf = b""
    deadline = time.monotonic() + timeout
    os.set_blocking(read_fd, False)
    while True:  # until the child is gone (end of the pipe), or the deadline
        try:
            chunk = os.read(read_fd, 4096)
        except BlockingIOError:
            chunk = None
        if chunk == b"":
            break
        if chunk:
            buf += chunk
        elif time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read_fd)
            raise AssertionError(f"the child never reached {point} #{nth} in {timeout:.0f}s: "
                                 f"{buf.decode()[-500:]}")
        else:
            time.sleep(0.002)
    os.close(read_fd)
    _pid, status = os.waitpid(pid, 0)
    if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        raise AssertionError(f"the child was not killed at {point} #{nth} (status {status}): "
                             f"{buf.decode()[-500:]}")
    return [m for m in buf.decode().split("\n") if m and m != "ready"]


CHOSEN_POINTS = ("before_commit", "after_commit")


def _points_per_operation(template: Path, kind: str, folder: Path) -> dict[str, int]:
    """How many times one operation of ``kind`` reaches each chosen point, counted on a copy.

    The people importer writes inside a savepoint, and releasing it is an ``after_commit`` of
    the session too (SQLAlchemy's event fires for nested transactions): one import reaches
    ``after_commit`` twice, the second time at its COMMIT. Killing at the last time an
    operation reaches a point is killing at (just before / just after) its own COMMIT."""
    from sqlalchemy import event

    path = folder / "work.db"
    folder.mkdir(parents=True)
    shutil.copy2(template, path)
    seen = dict.fromkeys(CHOSEN_POINTS, 0)
    with Database.open(path) as db:
        event.listen(db.engine, "commit", lambda _c: seen.__setitem__("before_commit", seen["before_commit"] + 1))
        event.listen(db.write_sessionmaker, "after_commit",
                     lambda _s: seen.__setitem__("after_commit", seen["after_commit"] + 1))
        if kind == "import":
            _import_as_app(db, _import_file(folder, 0))
        else:
            _edit_once(db, _edit_targets(db), 0)
    shutil.rmtree(folder, ignore_errors=True)
    return seen


def _done_at(kind: str, path: Path) -> int:
    """How many operations the file holds: imported batches, or edits (from the edit's title)."""
    with Database.open(path) as db, db.session() as s:
        if kind == "import":
            return int(s.scalar(select(func.count(Person.id)).where(Person.notes.like("batch-%"))) or 0) // BATCH
        titles = set(s.scalars(select(Person.job_title).where(Person.notes == "edit-target")))
    return int(titles.pop().split("-", 1)[1]) + 1 if len(titles) == 1 else -1


def run_chosen(folder: Path, *, log: Callable[[str], None] | None = None) -> Figures:
    """Kill imports and edits exactly before and exactly after a COMMIT reaches the file, at the
    1st, 2nd and 5th commit; the same checks as the random runs, and then: killed just before
    commit n the file holds n - 1 operations, just after it n (the unreported one is kept).
    The imports take the app's path only (the chosen points are events of
    ``Database.write_session``, which the CLI's ``apply_import_briefly`` does not use)."""
    templates = make_templates(folder / "templates")
    figures = Figures(runs={"import": 0, "edit": 0, "migration": 0})
    n = 0
    for kind in ("import", "edit"):
        per_operation = _points_per_operation(templates[kind], kind, folder / f"count-{kind}")
        for point in CHOSEN_POINTS:
            for nth in (1, 2, 5):
                run_dir = folder / f"chosen{n}"
                run_dir.mkdir()
                path = run_dir / "work.db"
                shutil.copy2(templates[kind], path)
                reports = _run_child_at("import-app" if kind == "import" else kind, path, point,
                                        nth * per_operation[point])
                figures.runs[kind] += 1
                figures.killed_mid_work += 1
                if _committed(reports):
                    figures.committed[kind] += 1
                problems = _check(kind, path, reports, {})
                expected = nth if point == "after_commit" else nth - 1
                done = _done_at(kind, path)
                if done != expected:
                    problems.append(f"killed at {point} of commit #{nth}: {done} {kind}s in the file, "
                                    f"expected {expected}")
                for problem in problems:
                    figures.failures.append(f"{kind} killed at {point} #{nth}: {problem}")
                if log:
                    log(f"{kind} killed at {point} #{nth}: {problems if problems else 'ok'}")
                shutil.rmtree(run_dir, ignore_errors=True)
                n += 1
    return figures


def control_runs(folder: Path, runs: int = 3) -> list[str]:
    """The same kill and checks on a child that runs the importer row by row (a commit per
    person): the checks must catch the half-imports (proof that the harness can fail)."""
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
