"""Command-line start-up benchmark: whole processes, against ``python -c "import argparse"``.

Each case is a fresh ``python`` process, timed from before it is spawned:
- ``--help`` and ``--version``: the whole process (``python -m planner --help``);
- "start" of a command: from the spawn until its handler is called (the parser built, the
  command's module imported, the file resolved), the handler replaced by one that reports the
  clock and exits — the part of every run that is not the command's real work;
- ``events list`` on a small file: the whole process, real work included;
- a floor for the starts: importing the storage layer (SQLAlchemy and the mapped models),
  which every command that reads the file needs whatever the CLI does.
The baseline runs in the same rounds (cases interleaved, so a busy machine slows all alike);
figures are medians, and ratios are to the baseline's median. Beside the wall-clock figures, the
CPU time each child process used (user + system, from ``getrusage``), the steadier figure on a
shared, busy machine; the load average is printed at the start and the end.

    python bench/cli_start.py [--repeat 9]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVENT = "bench-fair"
# Runs ``planner ARGS`` as ``python -m planner`` does, but the command's handler only prints
# the wall clock and leaves: what was spent before it is the command's start.
STOP_AT_HANDLER = """
import os, sys, time
import planner.cli as cli
real = cli.run_command
def stop(args):
    sys.stdout.write(repr(time.time()))
    sys.stdout.flush()
    os._exit(0)
def run(args):
    args.handler = stop
    return real(args)
cli.run_command = run
sys.argv = ["planner", *sys.argv[1:]]
raise SystemExit(cli.main())
"""


CPU: list[float] = []  # the CPU time of the child each case ran last


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole(argv: list[str], env: dict[str, str]) -> float:
    t, c = time.perf_counter(), _children_cpu()
    subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    CPU.append(_children_cpu() - c)
    return time.perf_counter() - t


def until_handler(args: list[str], env: dict[str, str]) -> float:
    t, c = time.time(), _children_cpu()
    out = subprocess.run([sys.executable, "-c", STOP_AT_HANDLER, *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    CPU.append(_children_cpu() - c)
    return float(out) - t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    options = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PLANNER_DATA_DIR": str(Path(tmp) / "data")}
        db = str(Path(tmp) / "small.db")
        subprocess.run([py, "-m", "planner", "--db", db, "events", "add", "--code", EVENT, "--name", "Bench Fair",
                        "--start", "2027-03-01", "--end", "2027-03-03", "--tz", "Asia/Tokyo"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        people = Path(tmp) / "people.csv"
        people.write_text("Given name,Family name,Email\nAna,Lima,ana@example.org\n", encoding="utf-8")
        cases = {
            'python -c "import argparse"': lambda: whole([py, "-c", "import argparse"], env),
            # What any command that reads the file needs, CLI aside: SQLAlchemy and the mapped models.
            "floor: import the storage models": lambda: whole([py, "-c", "import planner.storage.models"], env),
            "planner --help": lambda: whole([py, "-m", "planner", "--help"], env),
            "planner --version": lambda: whole([py, "-m", "planner", "--version"], env),
            "start: events list": lambda: until_handler(["--db", db, "events", "list"], env),
            "start: meetings list": lambda: until_handler(["--db", db, "meetings", "list", "--event", EVENT], env),
            "start: check": lambda: until_handler(["--db", db, "check", "--event", EVENT], env),
            "start: export ics": lambda: until_handler(
                ["--db", db, "export", "ics", "--event", EVENT, "--out", str(Path(tmp) / "x.ics")], env),
            "start: import people": lambda: until_handler(
                ["--db", db, "import", "people", str(people), "--event", EVENT, "--dry-run"], env),
            "events list (whole, small file)": lambda: whole([py, "-m", "planner", "--db", db, "events", "list"], env),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        for _ in range(options.repeat):
            for name, case in cases.items():
                times[name].append(case())
                cpu[name].append(CPU[-1])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    baseline = 'python -c "import argparse"'
    base, base_cpu = statistics.median(times[baseline]), statistics.median(cpu[baseline])
    print(f"{options.repeat} rounds, load average {load_before:.2f} at the start, {load:.2f} at the end; "
          "medians (min–max)")
    print(f"{'case':34} {'median':>9} {'min':>8} {'max':>8} {'× baseline':>11} {'CPU':>9} {'× baseline':>11}")
    for name, values in times.items():
        med, med_cpu = statistics.median(values), statistics.median(cpu[name])
        print(f"{name:34} {med * 1000:7.0f} ms {min(values) * 1000:5.0f} ms {max(values) * 1000:5.0f} ms "
              f"{med / base:10.2f}× {med_cpu * 1000:6.0f} ms {med_cpu / base_cpu:10.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
