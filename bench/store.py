"""Benchmark: ``planner demo --scale N`` against plain sqlite3 executemany of the same rows.

Usage: python bench/store.py [--scale 100]

Prints the time to build the demo mission at the given scale through the real code path
(generation + SQLAlchemy Core bulk inserts inside one transaction, on a file opened and migrated
by ``Database.open``), the database size, and a baseline measured in the same run: the very same
rows inserted with the standard library's ``sqlite3`` ``executemany`` into a fresh file with the
same schema and the same pragmas (WAL, synchronous=FULL, foreign keys ON). Target ratio ≤ 3.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import tempfile
import time
from datetime import date, datetime
from datetime import time as dtime
from enum import Enum
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.demo import (
    build_demo,
    builder,
)
from planner.storage.database import Database
from planner.storage.models import Base


def _sql_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date | dtime):
        return value.isoformat()
    return value


def run_demo(path: Path, scale: int) -> tuple[float, dict[str, list[dict[str, Any]]]]:
    captured: dict[str, list[dict[str, Any]]] = {}
    original = builder.RowBuffer.flush

    def capture(self: builder.RowBuffer, progress: Any = None) -> dict[str, int]:
        captured.update(self.rows)
        return original(self, progress)

    builder.RowBuffer.flush = capture  # type: ignore[method-assign]
    db = Database.open(path)
    try:
        start = time.perf_counter()
        with db.transaction() as session:
            build_demo(session, scale=scale)
        elapsed = time.perf_counter() - start
    finally:
        builder.RowBuffer.flush = original  # type: ignore[method-assign]
        db.close()
    return elapsed, captured


def written_by_services(path: Path, captured: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The rows the demo writes through the public services (event, venues, travel times),
    read back so the baseline inserts them too."""
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return {t.name: [dict(r) for r in con.execute(f'SELECT * FROM "{t.name}"')]
                for t in Base.metadata.sorted_tables
                if t.name not in captured and t.name in ("event", "venue", "venue_travel")}
    finally:
        con.close()


def run_baseline(path: Path, rows: dict[str, list[dict[str, Any]]]) -> float:
    Database.open(path).close()  # same schema, created by the migrations
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    prepared = []
    for table in Base.metadata.sorted_tables:
        table_rows = rows.get(table.name)
        if not table_rows:
            continue
        columns = [c for c in table_rows[0] if not c.startswith("_")]
        sql = f'INSERT INTO "{table.name}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
        prepared.append((sql, [tuple(_sql_value(r[c]) for c in columns) for r in table_rows]))
    start = time.perf_counter()
    con.execute("BEGIN")
    for sql, values in prepared:
        con.executemany(sql, values)
    con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PLANNER_DATA_DIR"] = str(Path(tmp) / "data")
        demo_path, base_path = Path(tmp) / "demo.db", Path(tmp) / "baseline.db"
        demo_time, rows = run_demo(demo_path, args.scale)
        rows = {**written_by_services(demo_path, rows), **rows}
        total_rows = sum(len(v) for v in rows.values())
        base_time = run_baseline(base_path, rows)
        size = demo_path.stat().st_size
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}")
    print(f"demo --scale {args.scale}: {total_rows:,} rows in {demo_time:.2f} s "
          f"({total_rows / demo_time:,.0f} rows/s), database {size / 1e6:.1f} MB")
    print(f"baseline sqlite3 executemany of the same rows: {base_time:.2f} s")
    print(f"ratio demo / baseline: {demo_time / base_time:.2f} (target ≤ 3)")


if __name__ == "__main__":
    main()
