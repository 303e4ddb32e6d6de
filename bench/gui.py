"""GUI benchmark: start-up time against a bare PySide6 window, filtering 100,000 people, peak memory.

    python bench/gui.py [--scale 100] [--people 100000] [--keep DIR]

1. Builds the demo mission at ``--scale`` (``planner demo --scale 100``) in a temporary data dir and
   measures, from process start (``main.py --exit-when-shown``), the time until the main window
   is shown — the frame with its sidebar, menus and an "Opening …" page, measured exactly as the
   bare ``QMainWindow`` next to it (a zero timer after ``show()``) — and, separately, until the
   first page is populated (the file checked and opened, the dashboard's figures counted and
   painted). ``--runs`` runs each, medians; the shown/bare ratio should be at most 1.5. The CPU
   time of each process until its window showed (user + system from process start, its own
   ``time.process_time()``, printed on stderr) is printed too, and its ratio: steadier than wall time on a shared
   machine. Both programs run with their bytecode cached, as an installed app's is from its
   second start on (``PYTHONPYCACHEPREFIX`` in the temporary dir, written by a warm-up run of
   each); ``--compile-each-run`` keeps ``PYTHONDONTWRITEBYTECODE`` if it is set, so every run
   compiles the app's modules from source (~60 ms of CPU more for the app, nothing for the bare
   window). What is loaded when the window shows is tested in ``tests/ui/app/test_startup_imports.py``.
2. Tops the people table up to ``--people`` rows with a Core bulk insert (deterministic), opens the
   People page in-process (once the window has settled: the dashboard counted) and times typing
   filters: each keystroke's filter (SQL ids query + the first screenful of rows + the repaint)
   — median and 95th percentile (target under 50 ms).
3. Peak memory (max RSS) of the GUI process in step 2.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE = """
import sys, time
START = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800); w.show()
def report():
    print("shown", flush=True)
    print(f"cpu-at-shown {time.process_time():.4f}", file=sys.stderr, flush=True); app.quit()
QTimer.singleShot(0, report)
app.exec()
"""
TYPED = ["y", "ya", "yam", "yama", "yamad", "s", "sm", "smi", "smit", "smith", "山", "山田", "@example",
         "biologics", "k", "ki", "kim", "park", "ta", "tak", "take", "takeda", "zz", "ltd"]


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_to_shown(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from launch to each line the process prints ("shown", "populated"), the process's
    CPU time when its window showed (``shown_cpu``) and its CPU time to exit (``cpu``)."""
    cpu0 = _child_cpu()
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:  # stderr: Qt's warnings and the "cpu-at-shown" line
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=env, cwd=ROOT)
        assert proc.stdout is not None
        marks: dict[str, float] = {}
        for line in proc.stdout:
            word = line.split()[0] if line.split() else ""
            if word in ("shown", "opened", "populated"):
                marks[word] = time.perf_counter() - t0
        code = proc.wait(timeout=120)
        err.seek(0)
        for line in err:
            if line.startswith("cpu-at-shown "):
                marks["shown_cpu"] = float(line.split()[1])
    marks["cpu"] = _child_cpu() - cpu0
    if "shown" not in marks or code != 0:
        raise RuntimeError(f"{cmd} never showed a window (exit {code})")
    return marks


def build_demo_db(db_path: Path, scale: int) -> int:
    """``planner demo --scale N`` into ``db_path``; returns the number of people."""
    from sqlalchemy import func, select

    from planner.demo import build_demo
    from planner.storage.database import Database
    from planner.storage.models import Person

    db = Database.open(db_path)
    t0 = time.perf_counter()
    with db.transaction() as session:
        build_demo(session, scale=scale)
        total = session.scalar(select(func.count()).select_from(Person)) or 0
    print(f"demo --scale {scale}: built in {time.perf_counter() - t0:.1f} s")
    db.close()
    return int(total)


def add_people(db_path: Path, people: int) -> int:
    """Top the people table up to ``people`` rows with a deterministic Core bulk insert."""
    from sqlalchemy import func, insert, select

    from planner.imports.normalise import email_key
    from planner.storage.database import Database
    from planner.storage.models import Organisation, Person

    rng = random.Random(100_000)
    given = ["Alice", "Ben", "Chloe", "Daniel", "Emma", "Farah", "George", "Hana", "Ivan", "Ji-woo", "Kenji",
             "Lucy", "Min-jun", "Nora", "Oliver", "Priya", "Ravi", "Sofia", "Taro", "Yui"]
    family = ["Smith", "Jones", "Takeda", "Yamada", "Kim", "Park", "Lee", "Brown", "Taylor", "Sato", "Suzuki",
              "Nakamura", "Chen", "Wang", "Patel", "Khan", "Garcia", "Müller", "Rossi", "Novak"]
    native = {"Takeda": "武田", "Yamada": "山田", "Sato": "佐藤", "Suzuki": "鈴木", "Nakamura": "中村",
              "Kim": "김", "Park": "박", "Lee": "이"}
    db = Database.open(db_path)
    with db.transaction() as session:
        have = session.scalar(select(func.count()).select_from(Person)) or 0
        orgs = list(session.scalars(select(Organisation.id)))
        rows = []
        for i in range(max(0, people - have)):
            g, f = rng.choice(given), rng.choice(family)
            email = f"{g}.{f}.{i}@bench-{i % 997}.example".lower()
            rows.append({"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "given_name": g,
                         "family_name": f, "native_name": native.get(f, ""), "email": email,
                         "email_key": email_key(email), "organisation_id": rng.choice(orgs), "country": "GB",
                         "job_title": "Business Development Manager"})
        for start in range(0, len(rows), 20_000):
            session.execute(insert(Person), rows[start:start + 20_000])
        total = session.scalar(select(func.count()).select_from(Person)) or 0
    db.close()
    return int(total)


def filter_times(db_path: Path, data_dir: Path) -> tuple[list[float], int, float]:
    from PySide6.QtWidgets import QApplication

    from planner.storage.database import Database
    from ui.main_window import MainWindow
    from ui.settings import AppSettings
    from ui.workspace import Workspace

    app = QApplication.instance() or QApplication([])
    ws = Workspace(Database.open(db_path))
    window = MainWindow(ws, AppSettings.at(str(data_dir / "bench.ini")))
    window.resize(1280, 800)
    window.show()
    deadline = time.perf_counter() + 120  # let the first page's background work (dashboard) finish:
    while ws.runner._running and time.perf_counter() < deadline:  # a user types into a settled window
        app.processEvents()
        time.sleep(0.01)
    t0 = time.perf_counter()
    people = window.show_page("people")
    app.processEvents()
    open_ms = (time.perf_counter() - t0) * 1000
    model = people.model  # type: ignore[attr-defined]
    total = model.rowCount()
    times: list[float] = []
    cpu_times: list[float] = []
    for _round in range(3):
        for text in TYPED:
            t, c = time.perf_counter(), time.process_time()
            model.set_filter(text)
            for r in range(min(40, model.rowCount())):  # one screenful, as the view asks
                model.index(r, 0).data()
            app.processEvents()
            times.append((time.perf_counter() - t) * 1000)
            cpu_times.append((time.process_time() - c) * 1000)
        model.set_filter("")
    t = time.perf_counter()  # scroll to the end: one page fetch
    view = people.table.view  # type: ignore[attr-defined]
    view.scrollToBottom()
    app.processEvents()
    scroll_ms = (time.perf_counter() - t) * 1000
    print(f"people page opened with {total:,} rows in {open_ms:.0f} ms; scroll to the end {scroll_ms:.0f} ms")
    window.close()
    cpu_times.sort()
    print(f"filter CPU time per keystroke: median {statistics.median(cpu_times):.1f} ms, "
          f"p95 {cpu_times[round(0.95 * (len(cpu_times) - 1))]:.1f} ms")
    return times, total, open_ms


def _list(runs: list[dict[str, float]], key: str) -> str:
    return ", ".join(f"{r[key] * 1000:.0f}" for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description="Mission Desk GUI benchmark")
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compile-each-run", action="store_true",
                        help="no bytecode cache (keep PYTHONDONTWRITEBYTECODE if set): every start compiles")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="mission-desk-bench-"))
    os.environ["PLANNER_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    db_path = data_dir / "bench.db"
    total = build_demo_db(db_path, args.scale)  # the demo as users get it, for the start-up figure
    env = dict(os.environ)
    if not args.compile_each_run:  # bytecode cached as after an install (not in the repo: in the temp dir)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(data_dir / "pycache")
    app_runs, bare_runs = [], []
    time_to_shown([sys.executable, "-c", BARE], env)  # warm caches (and write bytecode)
    time_to_shown([sys.executable, "main.py", "--db", str(db_path), "--exit-when-shown"], env)
    for _ in range(args.runs):
        bare_runs.append(time_to_shown([sys.executable, "-c", BARE], env))
        app_runs.append(time_to_shown([sys.executable, "main.py", "--db", str(db_path), "--exit-when-shown"], env))

    def med(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in runs) * 1000

    app_s, bare_s = med(app_runs, "shown"), med(bare_runs, "shown")
    print(f"start-up to main window shown (demo --scale {args.scale}, {total:,} people): {app_s:.0f} ms; "
          f"bare PySide6 window: {bare_s:.0f} ms; ratio {app_s / bare_s:.2f} (target ≤ 1.5)  "
          f"[runs: {_list(app_runs, 'shown')} vs {_list(bare_runs, 'shown')}]")
    app_c, bare_c = med(app_runs, "shown_cpu"), med(bare_runs, "shown_cpu")
    print(f"CPU time until the window showed: app {app_c:.0f} ms, bare window {bare_c:.0f} ms; ratio "
          f"{app_c / bare_c:.2f}  [runs: {_list(app_runs, 'shown_cpu')} vs {_list(bare_runs, 'shown_cpu')}]"
          + ("  (compiled from source each run)" if args.compile_each_run else "  (bytecode cached)"))
    print(f"start-up to file open (checked, pages wired, first page built): {med(app_runs, 'opened'):.0f} ms; "
          f"to first page populated (the dashboard's figures counted and painted): "
          f"{med(app_runs, 'populated'):.0f} ms")
    app_cpu, bare_cpu = med(app_runs, "cpu"), med(bare_runs, "cpu")
    print(f"CPU time, whole process to exit: app {app_cpu:.0f} ms, bare window {bare_cpu:.0f} ms")
    add_people(db_path, args.people)
    times, total, _open_ms = filter_times(db_path, data_dir)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"filter {total:,} people by a typed string ({len(times)} keystrokes): median "
          f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms (target < 50 ms)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of the GUI process): {peak:.0f} MB")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
