"""``planner export leads`` as a user runs it, against openpyxl write-only mode writing the same cells.

Run: ``python bench/leads.py [--scale 100] [--runs 3] [--db PATH] [--leads N]`` (issue 20; target:
ratio ≤ 1.5 at scale 100 and at 100,000 leads).

Both sides are whole processes, timed from start to exit, in the same run:

- ours: ``python -m planner --db DEMO export leads --event biojapan-2026 --out leads.xlsx`` on the
  demo mission at ``--scale`` (100: 2,443 leads, about 11,700 rows over all sheets); the demo file
  is built once first (about a minute; ``--db`` reuses one, e.g. from ``planner demo --scale 100``).
- baseline: a ``python`` process that imports openpyxl, loads the cells our workbook holds (read
  back from it once, beforehand, and pickled) and writes them with ``Workbook(write_only=True)``
  ``append`` into the same sheets: no database, no validation, styles or fitting.

``--leads N`` first grows a copy of the demo file to N exported leads (copies of the event's
consenting leads, with their open follow-up actions, new uuids, the same owners: the same ~400
owner sheets, longer), with plain sqlite3: ``--scale 100 --leads 100000`` is the issue's second
size. Each figure is the median of the runs, in wall seconds and in CPU seconds of the process
(user + system, from ``getrusage``: steadier than wall time on a shared machine).

``python bench/leads.py --synthetic 100000`` keeps the older in-process comparison: 100,000 made-up
leads through ``write_lead_sheet`` against the write-only baseline (the writer alone, no database).
The machine is shared: read the ratios, and the spread of the runs, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENT = "biojapan-2026"

BASELINE = """
import pickle, sys
from openpyxl import Workbook
with open(sys.argv[1], "rb") as f:
    sheets = pickle.load(f)
wb = Workbook(write_only=True)
for title, rows in sheets:
    ws = wb.create_sheet(title)
    for row in rows:
        ws.append(row)
wb.save(sys.argv[2])
"""


def _planner(*args: str) -> list[str]:
    return [sys.executable, "-m", "planner", *args]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process."""
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start, _children_cpu() - cpu


LEAD_COLUMNS = ("event_id", "meeting_id", "person_id", "organisation_id", "member_organisation_id", "owner_id",
                "title", "stage", "value", "currency", "notes", "created_at", "updated_at", "version", "changed_by")
ACTION_COLUMNS = ("owner_id", "description", "due_date", "status", "notes", "completed_at", "created_at",
                  "updated_at", "version", "changed_by")


def grow_leads(db: Path, wanted: int) -> int:
    """Copy the event's consenting leads (and their follow-up actions) until the lead sheet has
    ``wanted`` leads; returns how many it has. Deterministic uuids (uuid5)."""
    con = sqlite3.connect(db)
    try:
        event_id = con.execute("SELECT id FROM event WHERE code = ?", (EVENT,)).fetchone()[0]
        shown = ("FROM lead LEFT JOIN person ON person.id = lead.person_id WHERE lead.event_id = ? "
                 "AND (lead.person_id IS NULL OR person.lead_sharing_consent)")
        templates = con.execute(f"SELECT lead.id, lead.uuid, {', '.join('lead.' + c for c in LEAD_COLUMNS)} "
                                f"{shown} ORDER BY lead.id", (event_id,)).fetchall()
        have = con.execute(f"SELECT count(*) {shown}", (event_id,)).fetchone()[0]
        actions: dict[int, list[tuple]] = {}
        for row in con.execute(f"SELECT lead_id, uuid, {', '.join(ACTION_COLUMNS)} FROM follow_up"):
            actions.setdefault(row[0], []).append(row[1:])
        copy = 0
        while have < wanted:
            copy += 1
            batch = templates[: wanted - have]
            for lead_id, lead_uuid, *values in batch:
                new_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{lead_uuid}/{copy}"))
                cur = con.execute(f"INSERT INTO lead (uuid, {', '.join(LEAD_COLUMNS)}) VALUES "
                                  f"({', '.join('?' * (len(LEAD_COLUMNS) + 1))})", (new_uuid, *values))
                con.executemany(f"INSERT INTO follow_up (lead_id, uuid, {', '.join(ACTION_COLUMNS)}) VALUES "
                                f"({', '.join('?' * (len(ACTION_COLUMNS) + 2))})",
                                [(cur.lastrowid, str(uuid.uuid5(uuid.NAMESPACE_URL, f"{a[0]}/{copy}")), *a[1:])
                                 for a in actions.get(lead_id, [])])
            have += len(batch)
        con.commit()
        return have
    finally:
        con.close()


def _cells(path: Path) -> list[tuple[str, list[list[object]]]]:
    """Every sheet's title and cell values, as the export wrote them."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]
    finally:
        wb.close()


def whole_process(scale: int, runs: int, db: Path | None, leads: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if db is None:
            db = tmp / f"demo-{scale}.db"
            print(f"building the demo at --scale {scale} …", flush=True)
            subprocess.run(_planner("--db", str(db), "demo", "--scale", str(scale)), check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
        if leads:
            grown = tmp / f"demo-{leads}-leads.db"
            shutil.copyfile(db, grown)
            db = grown
            print(f"grew the demo file to {grow_leads(db, leads):,} leads on the sheet", flush=True)
        ours_cmd = _planner("--db", str(db), "export", "leads", "--event", EVENT, "--out", str(tmp / "leads.xlsx"))
        _timed(ours_cmd)  # warm the file cache and .pyc files for both sides alike
        sheets = _cells(tmp / "leads.xlsx")
        with open(tmp / "cells.pickle", "wb") as f:
            pickle.dump(sheets, f, protocol=pickle.HIGHEST_PROTOCOL)
        base_cmd = [sys.executable, "-c", BASELINE, str(tmp / "cells.pickle"), str(tmp / "baseline.xlsx")]
        _timed(base_cmd)
        ours, base = [], []
        for _ in range(runs):  # interleaved, so a busy moment falls on both sides
            ours.append(_timed(ours_cmd))
            base.append(_timed(base_cmd))
    rows = sum(len(r) for _, r in sheets)
    ratios = [o[0] / b[0] for o, b in zip(ours, base, strict=True)]
    cpu_ratios = [o[1] / b[1] for o, b in zip(ours, base, strict=True)]
    print(f"demo --scale {scale}: {len(sheets)} sheets, {rows:,} rows (headers included)")
    for name, times in (("planner export leads (whole process)", ours),
                        ("openpyxl write-only, same cells (whole process)", base)):
        print(f"{name}: median {statistics.median(t[0] for t in times):.2f} s, "
              f"{statistics.median(t[1] for t in times):.2f} s CPU "
              f"(runs: {', '.join(f'{t[0]:.2f}' for t in times)})")
    print(f"ratio: median {statistics.median(ratios):.2f} (runs: {', '.join(f'{r:.2f}' for r in ratios)}); "
          f"CPU {statistics.median(cpu_ratios):.2f} (runs: {', '.join(f'{r:.2f}' for r in cpu_ratios)}); "
          "target ≤ 1.5")


# -- the writer alone, on made-up leads (--synthetic N) ----------------------------------------
SEED = 20261013


def make_data(n: int):  # type: ignore[no-untyped-def]
    from planner.domain.enums import ActionStatus, LeadStage
    from planner.services.followup.leads import LeadRow, LeadSheetData

    rng = random.Random(SEED)
    owners = [(f"Owner {i:02d}", f"owner{i:02d}@delegation.example") for i in range(25)]
    orgs = [f"Company {i} KK" for i in range(2000)] + ['=HYPERLINK("http://x","y")', "-Minus Ltd"]
    stages, statuses = list(LeadStage), [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, None]
    rows = []
    for i in range(n):
        owner = rng.choice(owners)
        value = rng.choice([None, 25_000, 50_000, 120_000, 1_000_000])
        status = rng.choice(statuses)
        rows.append(LeadRow(
            i, f"{i:08d}-0000-4000-8000-{i:012d}", i, f"Person {i} Family{rng.randrange(999)}",
            f"person{i}@counterpart.example", True, rng.choice(orgs), rng.choice(["JP", "GB", "KR", "CN"]),
            f"Member {rng.randrange(40)} Ltd", "Explore co-development of the lead asset", rng.choice(stages),
            1, owner[0], owner[1], value, "GBP" if value else "", rng.choice(["", "Met at booth", "@ risk"]),
            date(2026, 10, 13) + timedelta(days=rng.randrange(4)),
            f"{i:08d}-1111-4000-8000-{i:012d}" if status else "", "Send the data pack" if status else "",
            date(2026, 11, 1) + timedelta(days=rng.randrange(60)) if status else None, status,
            1 if status else 0, datetime(2026, 10, 20)))
    return LeadSheetData("bench", "Bench mission", datetime.now(UTC).replace(tzinfo=None), date(2026, 11, 15),
                         rows, sorted({o[1] for o in owners}), 0)


def baseline(data, path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    from planner.exports.sheets.lead_sheet import row_values
    from planner.exports.sheets.lead_sheet_columns import HEADERS

    wb = Workbook(write_only=True)
    leads = wb.create_sheet("Leads")
    owners = {}
    for row in data.leads:
        if row.owner_email not in owners:
            owners[row.owner_email] = wb.create_sheet(row.owner_name)
    for ws in (leads, *owners.values()):
        ws.append(list(HEADERS))
    for row in data.leads:
        values = row_values(row)
        leads.append(values)
        owners[row.owner_email].append(values)
    wb.save(path)


def timed(fn, *args) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall-clock and CPU seconds (CPU time is steadier on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


def synthetic(n: int) -> None:
    from planner.exports.sheets.lead_sheet import write_lead_sheet

    data = make_data(n)
    with tempfile.TemporaryDirectory() as tmp:
        base = timed(baseline, data, Path(tmp) / "baseline.xlsx")
        ours = timed(write_lead_sheet, data, Path(tmp) / "leads.xlsx")
        size = (Path(tmp) / "leads.xlsx").stat().st_size
    print(f"leads: {n:,} (made up, the writer alone)")
    print(f"openpyxl write-only baseline: {base[1]:.2f} s CPU ({base[0]:.2f} s wall)")
    print(f"lead sheet (write_lead_sheet): {ours[1]:.2f} s CPU ({ours[0]:.2f} s wall), {size / 1_048_576:.1f} MB")
    print(f"ratio (CPU): {ours[1] / base[1]:.2f}; wall: {ours[0] / base[0]:.2f} (target ≤ 1.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="demo scale (default 100: 2,443 leads)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each side (default 3)")
    parser.add_argument("--db", type=Path, help="a demo file to reuse (made by `planner demo --scale N`)")
    parser.add_argument("--leads", type=int, metavar="N",
                        help="grow a copy of the demo file to N leads on the sheet first (e.g. 100000)")
    parser.add_argument("--synthetic", type=int, metavar="N",
                        help="instead: N made-up leads through the writer alone, in this process")
    args = parser.parse_args()
    if args.synthetic:
        sys.path.insert(0, str(ROOT))
        synthetic(args.synthetic)
    else:
        whole_process(args.scale, args.runs, args.db, args.leads)


if __name__ == "__main__":
    main()
