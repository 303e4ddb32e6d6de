"""Start-up of the bundle against the venv it was built from: whole processes, wall time.

    python bench/bundle_start.py [--bundle dist/mission-desk] [--repeat 5]

Cases, each a fresh process timed from before it is spawned, bundle and venv interleaved in the
same rounds (a busy machine slows both alike); medians, and the ratio bundle / venv:
- ``planner --help``: the command line's own start;
- ``planner events list`` on a small file (the demo): start plus a real read;
- the window: ``mission-desk --exit-when-shown`` until its first page is populated with the
  demo's data (the ``populated`` line), the whole process from spawn.
The venv side runs ``python -m planner`` and ``python main.py`` from this checkout with the same
environment (a clean one: PATH=/usr/bin:/bin, a temporary HOME and data dir; Qt offscreen unless a
display is set, as under xvfb-run). Also prints the bundle's size on disk. Baseline: the venv.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clean_env(home: Path) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "PLANNER_DATA_DIR": str(home / "data"),
           "LANG": os.environ.get("LANG", "C.UTF-8")}
    for name in ("DISPLAY", "XAUTHORITY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    env["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM") or ("xcb" if env.get("DISPLAY") else "offscreen")
    return env


def timed(cmd: list[str], env: dict[str, str], *, until: str = "") -> float:
    """Seconds from spawn to exit (or to the first stdout line starting with ``until``)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            cwd=env["HOME"])
    took = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if until and line.startswith(until) and took is None:
            took = time.perf_counter() - start
    code = proc.wait(timeout=300)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {code}")
    if until and took is None:
        raise SystemExit(f"{' '.join(cmd)} never printed {until!r}")
    return took if took is not None else time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "mission-desk")
    parser.add_argument("--python", default=sys.executable, help="the venv's python (default: this one)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bundle = args.bundle.resolve()
    if not (bundle / "planner").is_file():
        raise SystemExit(f"no bundle at {bundle}: run `bash packaging/build.sh` first")
    with tempfile.TemporaryDirectory(prefix="bundle-start-") as tmp:
        home = Path(tmp)
        (home / "data").mkdir()
        env = clean_env(home)
        db = home / "demo.db"
        subprocess.run([str(bundle / "planner"), "--db", str(db), "demo"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        py = [args.python]
        cases = {
            "planner --help": ([str(bundle / "planner"), "--help"], [*py, "-m", "planner", "--help"], ""),
            "planner events list": ([str(bundle / "planner"), "--db", str(db), "events", "list"],
                                    [*py, "-m", "planner", "--db", str(db), "events", "list"], ""),
            "window populated": ([str(bundle / "mission-desk"), "--db", str(db), "--exit-when-shown"],
                                 [*py, str(ROOT / "main.py"), "--db", str(db), "--exit-when-shown"],
                                 "populated"),
        }
        venv_env = {**env, "PYTHONPATH": str(ROOT)}
        for b_cmd, v_cmd, until in cases.values():  # warm-up: caches, bytecode
            timed(b_cmd, env, until=until)
            timed(v_cmd, venv_env, until=until)
        times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in cases}
        for _ in range(args.repeat):
            for name, (b_cmd, v_cmd, until) in cases.items():
                times[name][0].append(timed(b_cmd, env, until=until))
                times[name][1].append(timed(v_cmd, venv_env, until=until))
    size = subprocess.run(["du", "-sh", str(bundle)], capture_output=True, text=True).stdout.split()[0]
    print(f"bundle {bundle.name}: {size} on disk; Qt platform {env['QT_QPA_PLATFORM']}; "
          f"medians of {args.repeat} (baseline: the venv)")
    print(f"{'case':<22}{'bundle s':>10}{'venv s':>10}{'ratio':>8}")
    for name, (b, v) in times.items():
        mb, mv = statistics.median(b), statistics.median(v)
        print(f"{name:<22}{mb:>10.3f}{mv:>10.3f}{mb / mv:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
