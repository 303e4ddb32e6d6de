"""Lead sheet export for 100,000 leads, against openpyxl write-only mode writing the same cells.

Run: ``python bench/leads.py [N]``. Prints each time and the ratio (target: at most 1.5).
The baseline writes the same sheets (all leads, one sheet per owner), header and values with
openpyxl's write-only ``append`` and no sanitising, validation or fitting: the cost of the
lead sheet's own work is the difference.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

from planner.domain.enums import ActionStatus, LeadStage
from planner.exports.lead_sheet import row_values, write_lead_sheet
from planner.exports.lead_sheet_columns import HEADERS
from planner.services.leads import LeadRow, LeadSheetData

SEED = 20261013


def make_data(n: int) -> LeadSheetData:
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


def baseline(data: LeadSheetData, path: Path) -> None:
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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    data = make_data(n)
    with tempfile.TemporaryDirectory() as tmp:
        base = timed(baseline, data, Path(tmp) / "baseline.xlsx")
        ours = timed(write_lead_sheet, data, Path(tmp) / "leads.xlsx")
        size = (Path(tmp) / "leads.xlsx").stat().st_size
    print(f"leads: {n:,}")
    print(f"openpyxl write-only baseline: {base[1]:.2f} s CPU ({base[0]:.2f} s wall)")
    print(f"lead sheet (write_lead_sheet): {ours[1]:.2f} s CPU ({ours[0]:.2f} s wall), {size / 1_048_576:.1f} MB")
    print(f"ratio (CPU): {ours[1] / base[1]:.2f}; wall: {ours[0] / base[0]:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
