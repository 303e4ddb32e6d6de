"""Benchmark: a team on one PostgreSQL server (issue 16).

1. **Concurrent writers**: ``--writers`` processes (default 10) each make ``--edits`` edits
   (default 500) the way the app saves a form: read the lead's form (its version), then
   ``save_lead`` in one transaction. All writers edit the same ``--leads`` leads (default 20), so
   they collide often; a refused save (``ConcurrentEditError``: someone saved first) is reloaded
   and applied again, as a user would. Each edit adds 1 to the lead's value, so at the end the
   sum of the values must equal the number of edits: a lost update would show as a shortfall.
   Prints throughput (edits/s over the whole run), the median and p95 latency of an edit (from
   reading the form to the commit, retries included), the refusals, and the lost updates.
2. **Opening a scale-100 plan**: the same plan (``planner demo --scale 100`` built in a file,
   copied to the server with ``planner copy``) opened from the file and from the server: open the
   database, list the events and read the dashboard's figures (what the window shows first),
   median of ``--runs`` in a fresh process each, whole-process. Ratio server/file, same run.

Needs a server: ``--url`` or ``$PLANNER_TEST_PG_URL`` (a role that may CREATE DATABASE; ``source
.ci/postgres.sh && pg_test_start`` starts a throwaway one). It creates and drops its own databases.

    python bench/team.py [--writers 10] [--edits 500] [--leads 20] [--scale 100] [--runs 5]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, make_url, select, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from planner.errors import ConcurrentEditError  # noqa: E402
from planner.storage.database import Database  # noqa: E402

OPEN_SCRIPT = """
import sys, time
t0 = time.perf_counter()
from planner.storage.database import Database
from planner.services.events.events import get_event, list_events
from planner.services.views.dashboard import build_dashboard
db = Database.open(sys.argv[1])
with db.session() as s:
    rows = list_events(s)
    build_dashboard(s, get_event(s, rows[0].code), with_conflicts=False)
db.close()
print(time.perf_counter() - t0)
"""


def _admin(url: str):
    return create_engine(make_url(url), isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _new_database(url: str) -> tuple[str, str]:
    name = f"mdbench_{uuid.uuid4().hex[:10]}"
    with _admin(url).connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return name, make_url(url).set(database=name).render_as_string(hide_password=False)


def _drop_database(url: str, name: str) -> None:
    with _admin(url).connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _seed(url: str, leads: int) -> tuple[int, list[int]]:
    from planner.services.events.events import add_event
    from planner.services.followup.followups import add_lead
    from planner.services.people.people import add_organisation

    db = Database.open(url)
    with db.transaction() as s:
        event = add_event(s, code="bench", name="Team bench", start_date=date(2026, 10, 14),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        ids = []
        for i in range(leads):
            org = add_organisation(s, name=f"Partner {i:03d}")
            ids.append(add_lead(s, event, organisation=org, title=f"Lead {i}", value=0,
                                currency="GBP").id)
        s.flush()
        event_id = event.id
    db.close()
    return event_id, ids


def _writer(url: str, event_id: int, lead_ids: list[int], edits: int, seed: int,
            out: mp.Queue) -> None:
    import random

    from planner.services.editing.editing import save_lead
    from planner.services.editing.forms import lead_form

    rng = random.Random(seed)
    db = Database.open(url)
    latencies, refusals = [], 0
    began = time.time()
    for _ in range(edits):
        lead_id = rng.choice(lead_ids)
        start = time.perf_counter()
        while True:
            with db.session() as s:  # the editor shows the lead (and remembers its version)
                form = lead_form(s, lead_id)
            values = {"version": form["version"], "organisation_id": form["organisation"][0],
                      "value": (form["value"] or 0) + 1, "currency": "GBP"}
            try:
                with db.transaction() as s:
                    save_lead(s, event_id, lead_id, values)
                break
            except ConcurrentEditError:  # someone saved first: reload, apply again
                refusals += 1
        latencies.append(time.perf_counter() - start)
    ended = time.time()
    db.close()
    out.put((latencies, refusals, began, ended))


def concurrent_writers(url: str, writers: int, edits: int, leads: int) -> None:
    name, db_url = _new_database(url)
    try:
        Database.open(db_url).close()  # migrate once, before the writers start
        event_id, lead_ids = _seed(db_url, leads)
        ctx = mp.get_context("spawn")
        out: mp.Queue = ctx.Queue()
        procs = [ctx.Process(target=_writer, args=(db_url, event_id, lead_ids, edits, i, out))
                 for i in range(writers)]
        started = time.perf_counter()
        for p in procs:
            p.start()
        results = [out.get() for _ in procs]
        for p in procs:
            p.join()
        elapsed = time.perf_counter() - started
        latencies = sorted(x for lat, *_ in results for x in lat)
        refusals = sum(r[1] for r in results)
        editing = max(r[3] for r in results) - min(r[2] for r in results)
        db = Database.open(db_url)
        from planner.storage.models import Lead

        with db.session() as s:
            total = s.scalar(select(func.sum(Lead.value)))
        db.close()
        done = writers * edits
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(f"{writers} writers × {edits} edits on {leads} shared leads: {done} edits in "
              f"{editing:.1f} s from the first edit to the last = {done / editing:.0f} edits/s "
              f"({elapsed:.1f} s with the processes' start)")
        print(f"  edit latency: median {statistics.median(latencies) * 1000:.1f} ms, "
              f"p95 {p95 * 1000:.1f} ms (form read → commit, retries included)")
        print(f"  saves refused because someone saved first (then reloaded and re-applied): "
              f"{refusals}")
        print(f"  lost updates: {done - int(total or 0)} (sum of values {total}, edits {done})")
    finally:
        _drop_database(url, name)


def _open_time(target: str) -> float:
    result = subprocess.run([sys.executable, "-c", OPEN_SCRIPT, target], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def open_scale(url: str, scale: int, runs: int) -> None:
    from planner.demo import build_demo
    from planner.storage.copy import copy_to

    name, db_url = _new_database(url)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.db"
        try:
            db = Database.open(path)
            with db.transaction() as s:
                build_demo(s, scale=scale)
            _drop_database(url, name)  # copy_to wants to create/migrate an empty database
            name, db_url = _new_database(url)
            copy_to(db, db_url)
            db.close()
            file_times, server_times = [], []
            for _ in range(runs):  # interleaved, so load on the machine hits both alike
                file_times.append(_open_time(str(path)))
                server_times.append(_open_time(db_url))
            f, s_ = statistics.median(file_times), statistics.median(server_times)
            print(f"open a scale-{scale} plan, list events, dashboard figures (whole process, "
                  f"median of {runs}): file {f * 1000:.0f} ms, server {s_ * 1000:.0f} ms, "
                  f"ratio {s_ / f:.2f}")
        finally:
            _drop_database(url, name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("PLANNER_TEST_PG_URL", ""))
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--leads", type=int, default=20)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.url:
        parser.error("needs a PostgreSQL server: --url or $PLANNER_TEST_PG_URL "
                     "(source .ci/postgres.sh && pg_test_start)")
    print(f"load: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} CPUs")
    concurrent_writers(args.url, args.writers, args.edits, args.leads)
    open_scale(args.url, args.scale, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
