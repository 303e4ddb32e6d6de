"""Benchmark: two programs on one file — a command-line import while the app edits and reads.

Whole processes, as users run them: ``planner import people`` of N rows (a subprocess), once
alone (the baseline, measured in the same run) and once while this process plays the app: an
edit (one person added, in a write unit) every 100 ms and ``planner events list`` readers one after
another. Prints the import's time both ways and their ratio, how long the app's edits
waited for the import's write lock (median and worst), and how many commands failed (the
target is none: a write waits, a read never blocks it).

Run: ``python bench/two_programs.py [--rows 20000]``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner.services.events.events import add_event  # noqa: E402
from planner.services.people.people import add_person  # noqa: E402
from planner.storage.database import Database  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def fresh(path: Path) -> None:
    with Database.open(path) as db, db.transaction() as s:
        add_event(s, code="bench", name="Bench", start_date=date(2027, 10, 13),
                  end_date=date(2027, 10, 16), tz="Asia/Tokyo")


def planner(db: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "planner", "--db", str(db), *args], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def import_alone(db: Path, csv: Path) -> float:
    started = time.perf_counter()
    proc = planner(db, "import", "people", str(csv), "--event", "bench")
    if proc.wait() != 0:
        raise SystemExit(f"the import failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return time.perf_counter() - started


def import_with_app(db: Path, csv: Path) -> tuple[float, list[float], int, int]:
    waits: list[float] = []
    failures = 0
    readers: list[subprocess.Popen[bytes]] = []
    with Database.open(db) as app:
        started = time.perf_counter()
        proc = planner(db, "import", "people", str(csv), "--event", "bench")
        n = 0
        while proc.poll() is None:
            t0 = time.perf_counter()
            try:
                with app.transaction() as s:
                    add_person(s, given_name=f"App{n}", family_name="Edit")
            except Exception as exc:
                failures += 1
                print(f"app edit failed: {exc}", file=sys.stderr)
            waits.append(time.perf_counter() - t0)
            n += 1
            if not readers or readers[-1].poll() is not None:  # one reader at a time
                readers.append(planner(db, "events", "list", "--json"))
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            failures += 1
            print(f"import failed: {proc.stderr.read().decode() if proc.stderr else ''}", file=sys.stderr)
    for r in readers:
        if r.wait() != 0:
            failures += 1
            print(f"reader failed: {r.stderr.read().decode() if r.stderr else ''}", file=sys.stderr)
    return elapsed, waits, failures, len(readers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["PLANNER_DATA_DIR"] = ENV["PLANNER_DATA_DIR"] = str(folder / "data")
        csv = folder / "people.csv"
        importlib.import_module("bench.import").make_csv(csv, args.rows)  # bench/import.py's rows
        fresh(folder / "alone.db")
        alone = import_alone(folder / "alone.db", csv)
        fresh(folder / "shared.db")
        shared, waits, failures, readers = import_with_app(folder / "shared.db", csv)
    print(f"import of {args.rows:,} people, alone (baseline): {alone:.2f} s")
    print(f"the same import while the app edits every 100 ms and {readers} readers run: {shared:.2f} s "
          f"(ratio {shared / alone:.2f})")
    print(f"app edits: {len(waits)}, waited median {statistics.median(waits) * 1000:.0f} ms, "
          f"worst {max(waits) * 1000:.0f} ms")
    print(f"failed commands: {failures} (target 0)")


if __name__ == "__main__":
    main()
