"""``planner demo --scale N`` as a user runs it, against ``planner copy`` writing the same rows.

Run: ``python bench/demo.py [--scale 100] [--runs 1]``.

Both sides are whole processes, timed from start to exit (wall clock and CPU), in the same run:

- ours: ``python -m planner --db NEW demo --scale N``: the demo planned, then every row written
  through the services' bulk forms, each row checked as ``add_person``/``add_meeting`` … check one
  (see ``planner/demo/writer.py``);
- baseline: ``python -m planner --db DEMO copy --to NEW``: the same rows (the file just built)
  copied table by table into a new file, with no checks: what writing those rows costs at least.

The machine is shared: read the ratio (CPU time is steadier than wall time), not the seconds.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``python -m planner`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "planner", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=1)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(opts.runs):
            demo, copy = Path(tmp, f"demo{n}.db"), Path(tmp, f"copy{n}.db")
            ours = run(["--db", str(demo), "demo", "--scale", str(opts.scale)])
            base = run(["--db", str(demo), "copy", "--to", str(copy)])
            print(f"run {n + 1}: demo --scale {opts.scale}: {ours[0]:6.1f} s wall, {ours[1]:6.1f} s CPU | "
                  f"copy of the same rows: {base[0]:6.1f} s wall, {base[1]:6.1f} s CPU | "
                  f"ratio (CPU) {ours[1] / base[1]:.2f}")


if __name__ == "__main__":
    main()
