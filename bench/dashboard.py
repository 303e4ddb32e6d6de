"""Benchmark: the dashboard at ``demo --scale N`` (default 100), first and repeated (issue 20).

Figures (median of ``--runs``, each in a fresh session):
* baseline: a plain query of the rows the dashboard counts (meetings' status and start, slots with
  their organisation, leads' stage, follow-ups' status, due date and owner, delegates), fetched and
  dropped: the floor for any figure read from the file;
* the figures without conflicts (what the page shows first);
* the conflict count (the full check, on a worker in the app);
* figures and check in one call (``build_dashboard`` with its default ``with_conflicts``): what
  the page waited for before issue 20, with today's figure code;
* repeated with nothing committed: the cached count and the figures;
* a later start of the app with the schedule unchanged: the count kept in the file (read after the
  schedule stamp, no check) and the figures, in a fresh session with nothing in memory;
* with ``--gui``: the dashboard page offscreen, ``reload()`` to figures shown and to the conflict
  figure shown, first and repeated.
Ratios are to the baseline measured in the same run. Each figure is wall-clock time; the CPU time
of the same runs (``time.process_time``: this process's, every thread's) is printed beside it,
being the steadier figure on a shared, busy machine. The load average is printed with them.

    python bench/dashboard.py [--scale 100] [--db existing.db] [--runs 5] [--gui]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from planner.demo.builder import build_demo
from planner.services.events.events import get_event
from planner.services.schedule.conflict_cache import ConflictCountCache, count_open_conflicts
from planner.services.schedule.conflict_store import (
    open_conflict_counts,
    schedule_stamp,
    stored_counts,
)
from planner.services.views.dashboard import build_dashboard
from planner.storage.database import Database
from planner.storage.models import Delegate, Delegation, FollowUp, Lead, Meeting, Slot

CODE = "biojapan-2026"


def plain_rows(db: Database) -> int:
    with db.session() as s:
        event = get_event(s, CODE)
        n = 0
        for stmt in (select(Meeting.status, Meeting.start_local).where(Meeting.event_id == event.id),
                     select(Slot.kind, Slot.organisation_id).where(Slot.event_id == event.id),
                     select(Lead.stage).where(Lead.event_id == event.id),
                     select(FollowUp.status, FollowUp.due_date, FollowUp.owner_id).join(Lead)
                     .where(Lead.event_id == event.id),
                     select(Delegate.id).join(Delegation).where(Delegation.event_id == event.id)):
            n += len(s.execute(stmt).all())
        return n


def forget_stored_counts(path: Path) -> None:
    """What a change to the schedule does to the count kept in the file: it no longer matches."""
    con = sqlite3.connect(path)
    with con:
        con.execute("DELETE FROM schedule_check_count")
    con.close()


def timed(fn: Callable[[], object], runs: int) -> tuple[float, list[float], float]:
    """Median wall time, every run's wall time, median CPU time."""
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(times), times, statistics.median(cpu)


def gui_times(db_path: Path, runs: int) -> dict[str, list[float]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.dashboard.dashboard_view import DashboardView
    from ui.settings import AppSettings
    from ui.workspace import Workspace

    app = QApplication.instance() or QApplication([])
    ws = Workspace(Database.open(db_path))
    ws.set_event(CODE)
    view = DashboardView(ws, AppSettings.at(str(Path(tempfile.mkdtemp()) / "bench.ini")))
    view.resize(1300, 1000)
    out: dict[str, list[float]] = {"first: figures shown": [], "first: conflicts shown": [],
                                   "repeated: all shown": []}
    state: dict[str, float] = {}
    view.loaded.connect(lambda: state.setdefault("loaded", time.perf_counter()))
    view.conflicts_shown.connect(lambda: state.setdefault("conflicts", time.perf_counter()))

    def one() -> tuple[float, float]:
        state.clear()
        t = time.perf_counter()
        view.reload()
        while "conflicts" not in state:
            app.processEvents()
            time.sleep(0.001)
        return state["loaded"] - t, state["conflicts"] - t

    view.show()
    for _ in range(runs):
        view.conflict_cache.clear()  # as after a change to the schedule: the count must be made again
        forget_stored_counts(db_path)
        shown, counted = one()
        out["first: figures shown"].append(shown)
        out["first: conflicts shown"].append(counted)
        out["repeated: all shown"].append(one()[1])
    view.close()
    ws.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description="Mission Desk dashboard benchmark")
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--db", type=Path, help="an existing demo file (else one is built: ~1 min at scale 100)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--gui", action="store_true", help="also time the page offscreen")
    args = parser.parse_args()
    path = args.db
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="mission-desk-bench-")) / "dashboard.db"
        db = Database.open(path)
        with db.transaction() as s:
            build_demo(s, scale=args.scale)
        db.close()
    db = Database.open(path)
    with db.session() as s:
        uuid = get_event(s, CODE).uuid

    def figures() -> object:
        with db.session() as s:
            return build_dashboard(s, get_event(s, uuid), with_conflicts=False)

    def conflicts() -> object:
        with db.session() as s:
            return count_open_conflicts(s, get_event(s, uuid))

    def one_call() -> object:
        with db.session() as s:
            return build_dashboard(s, get_event(s, uuid))

    cache = ConflictCountCache(db.data_version_probe())
    cache.counts(db.session, uuid)

    def repeated() -> object:
        counts = cache.counts(db.session, uuid)  # a hit: nothing was committed
        with db.session() as s:
            return build_dashboard(s, get_event(s, uuid), conflict_counts=counts)

    open_conflict_counts(db, uuid)  # counted once and kept in the file, as the app does

    def later_start() -> object:
        with db.session() as s:  # no count in memory: the one kept in the file, stamp read first
            counts = stored_counts(s, uuid, schedule_stamp(s))
            assert counts is not None, "the stored count should match: nothing changed"
            return build_dashboard(s, get_event(s, uuid), conflict_counts=counts)

    rows = plain_rows(db)
    plain_rows(db)  # warm the file's pages
    base, base_runs, base_cpu = timed(lambda: plain_rows(db), args.runs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"dashboard bench, {path.name}: {rows:,} rows counted; runs: {args.runs}; load average {load:.2f}")
    print(f"  baseline, plain query of those rows: {base * 1000:.0f} ms (CPU {base_cpu * 1000:.0f} ms)  "
          f"[{', '.join(f'{t * 1000:.0f}' for t in base_runs)}]")
    for name, fn in (("figures without conflicts (first page)", figures),
                     ("conflict count (full check, on a worker)", conflicts),
                     ("figures and check in one call (the page waited for this before)", one_call),
                     ("repeated, nothing committed (cached count + figures)", repeated),
                     ("a later start, schedule unchanged (count kept in the file + figures)", later_start)):
        med, runs, cpu = timed(fn, args.runs)
        print(f"  {name}: {med * 1000:.0f} ms, ratio {med / base:.1f}x baseline; CPU {cpu * 1000:.0f} ms, "
              f"ratio {cpu / base_cpu:.1f}x  [{', '.join(f'{t * 1000:.0f}' for t in runs)}]")
    cache.close()
    db.close()
    print(f"  load average at the end: {os.getloadavg()[0] if hasattr(os, 'getloadavg') else float('nan'):.2f}")
    if args.gui:
        for name, values in gui_times(path, args.runs).items():
            med = statistics.median(values)
            print(f"  GUI offscreen, {name}: {med * 1000:.0f} ms, ratio {med / base:.1f}x baseline  "
                  f"[{', '.join(f'{t * 1000:.0f}' for t in values)}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
