"""Benchmark: a laptop's file synced with the team server (issue 17), against pg_dump/pg_restore.

Every figure is a whole process, timed from start to exit (wall clock, and the client's CPU), with
its baseline measured in the same run:

1. **Clone**: a scale-N demo plan (``planner demo --scale N`` in a file, published to an empty
   server database by that file's first ``planner sync`` — itself timed, as an extra figure) is
   copied into an empty file by ``planner --db NEW sync --server URL``. Baseline: ``pg_dump -Fc``
   of that server database + ``pg_restore`` into a new database: moving the same data with
   PostgreSQL's own tools, nothing merged or checked.
2. **1,000 changed records**: on the cloned laptop, ``--changes`` records (half people, half
   meetings) edited through the services (``update_person``, ``update_meeting``: what the GUI's
   forms call), then ``planner --db LAPTOP sync`` (the remembered server). Baseline: the same
   ``pg_dump -Fc`` + ``pg_restore`` of the server database, which is what moving the plan without
   sync costs (a full copy each time). The server is then checked to hold every edit.

Needs a server: ``--pg URL`` or ``$PLANNER_TEST_PG_URL`` (a role that may CREATE DATABASE;
``source .ci/postgres.sh && pg_test_start`` starts a throwaway one), and ``pg_dump``/``pg_restore``
of the server's major version or newer (``--pg-bin DIR``, else ``$PG_TEST_BINDIR``, else PATH). It
creates and drops its own databases.

    python bench/sync.py [--scale 100] [--changes 1000] [--runs 1]

The machine is shared: read the ratios (same run), not the seconds.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, make_url, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402


class Server:
    """The bench's databases on the server: created here, dropped at the end."""

    def __init__(self, url: str, bindir: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.bindir = bindir
        self.names: list[str] = []

    def create(self) -> str:
        name = f"mdbench_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.names.append(name)
        return name

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()

    def libpq_env(self) -> dict[str, str]:
        """The connection for pg_dump/pg_restore as libpq variables (no password in argv)."""
        env = {**os.environ, "PGHOST": self.url.host or "", "PGUSER": self.url.username or ""}
        if self.url.port:
            env["PGPORT"] = str(self.url.port)
        if self.url.password:
            env["PGPASSWORD"] = str(self.url.password)
        return env

    def pgpass_line(self) -> str:
        u = self.url
        return f"{u.host or 'localhost'}:{u.port or 5432}:*:{u.username}:{u.password or ''}\n"

    def tool(self, name: str) -> str:
        found = shutil.which(name, path=self.bindir) if self.bindir else None
        found = found or shutil.which(name)
        if not found:
            raise SystemExit(f"{name} not found: install postgresql-client or give --pg-bin DIR")
        return found


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one process; its output is discarded, a failure stops all."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])} … failed ({result.returncode}): {result.stderr.strip()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def planner(env: dict[str, str], *args: str) -> tuple[float, float]:
    return timed([sys.executable, "-m", "planner", *args], env)


def dump_restore(server: Server, name: str, dump: Path) -> tuple[float, float]:
    """pg_dump -Fc of database ``name`` + pg_restore into a new database: summed times."""
    env = server.libpq_env()
    d = timed([server.tool("pg_dump"), "-Fc", "-f", str(dump), "-d", name], env)
    target = server.create()
    r = timed([server.tool("pg_restore"), "--no-owner", "-d", target, str(dump)], env)
    return d[0] + r[0], d[1] + r[1]


def edit_records(path: Path, changes: int, round_no: int) -> int:
    """``changes`` records edited through the services: half people, half meetings."""
    from sqlalchemy import select

    from planner.services.people.people import update_person
    from planner.services.schedule.meetings import update_meeting
    from planner.storage.database import Database
    from planner.storage.models import Meeting, Person

    people, meetings = changes // 2, changes - changes // 2
    db = Database.open(path)
    try:
        with db.transaction() as s:
            for i, person in enumerate(s.scalars(select(Person).order_by(Person.id).limit(people))):
                update_person(s, person, job_title=f"Bench title {round_no}.{i}")
            for i, meeting in enumerate(s.scalars(select(Meeting).order_by(Meeting.id).limit(meetings))):
                update_meeting(s, meeting, objective=f"Bench objective {round_no}.{i}")
    finally:
        db.close()
    return people + meetings


def pending(path: Path) -> int:
    from planner.storage.database import Database
    from planner.sync.status import sync_status

    db = Database.open(path)
    try:
        return sync_status(db).pending
    finally:
        db.close()


def on_server(url: str, round_no: int) -> int:
    """How many of this round's edits the server holds."""
    engine = create_engine(make_url(url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT (SELECT count(*) FROM person WHERE job_title LIKE :p)"
                " + (SELECT count(*) FROM meeting WHERE objective LIKE :m)"),
                {"p": f"Bench title {round_no}.%", "m": f"Bench objective {round_no}.%"}).scalar_one())
    finally:
        engine.dispose()


def ratio(ours: float, base: float) -> str:
    return f"{ours / base:.2f}" if base else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", "--url", dest="pg", default=os.environ.get("PLANNER_TEST_PG_URL", ""),
                        help="a PostgreSQL URL whose role may CREATE DATABASE")
    parser.add_argument("--pg-bin", default=os.environ.get("PG_TEST_BINDIR", ""),
                        help="folder of pg_dump and pg_restore (default: $PG_TEST_BINDIR, else PATH)")
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1)
    opts = parser.parse_args()
    if not opts.pg:
        parser.error("needs a PostgreSQL server: --pg URL or $PLANNER_TEST_PG_URL "
                     "(source .ci/postgres.sh && pg_test_start)")
    server = Server(opts.pg, opts.pg_bin)
    print(f"load: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} CPUs; scale {opts.scale}, "
          f"{opts.changes} changes, {opts.runs} run(s)")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "PYTHONPATH": str(ROOT), "PLANNER_DATA_DIR": str(Path(tmp, "data"))}
            env.pop("PLANNER_DB", None)
            # A file remembers its server without the password: it comes from libpq's password
            # file, as on a user's laptop (~/.pgpass), so later syncs can leave --server out.
            passfile = Path(tmp, "pgpass")
            passfile.write_text(server.pgpass_line(), encoding="utf-8")
            passfile.chmod(0o600)
            env["PGPASSFILE"] = str(passfile)
            demo = Path(tmp, "demo.db")
            planner(env, "--db", str(demo), "demo", "--scale", str(opts.scale))
            plan = server.create()
            plan_url = server.url_of(plan)
            publish = planner(env, "--db", str(demo), "sync", "--server", plan_url)
            base = dump_restore(server, plan, Path(tmp, "publish.dump"))
            print(f"publish a scale-{opts.scale} file to an empty server (planner sync): "
                  f"{publish[0]:.1f} s wall, {publish[1]:.1f} s CPU | pg_dump -Fc + pg_restore of "
                  f"the result: {base[0]:.1f} s wall | ratio {ratio(publish[0], base[0])}")

            clone_w, clone_c, base_w = [], [], []
            laptop = Path(tmp, "laptop.db")
            for n in range(opts.runs):
                laptop = Path(tmp, f"laptop{n}.db")
                w, c = planner(env, "--db", str(laptop), "sync", "--server", plan_url)
                b = dump_restore(server, plan, Path(tmp, f"clone{n}.dump"))
                clone_w.append(w)
                clone_c.append(c)
                base_w.append(b[0])
                print(f"  clone run {n + 1}: planner sync {w:.1f} s wall ({c:.1f} s CPU) | "
                      f"pg_dump + pg_restore {b[0]:.1f} s wall | ratio {ratio(w, b[0])}")
            cw, bw = statistics.median(clone_w), statistics.median(base_w)
            print(f"clone a scale-{opts.scale} plan into an empty file (median of {opts.runs}): "
                  f"{cw:.1f} s wall, {statistics.median(clone_c):.1f} s CPU | baseline pg_dump -Fc + "
                  f"pg_restore of the same database: {bw:.1f} s | ratio {ratio(cw, bw)}")

            sync_w, sync_c, base_w = [], [], []
            for n in range(opts.runs):
                edited = edit_records(laptop, opts.changes, n)
                waiting = pending(laptop)
                w, c = planner(env, "--db", str(laptop), "sync")
                held = on_server(plan_url, n)
                b = dump_restore(server, plan, Path(tmp, f"changes{n}.dump"))
                sync_w.append(w)
                sync_c.append(c)
                base_w.append(b[0])
                print(f"  changes run {n + 1}: {edited} records edited ({waiting} pending), planner "
                      f"sync {w:.2f} s wall ({c:.2f} s CPU), the server holds {held} of them | "
                      f"pg_dump + pg_restore {b[0]:.1f} s | ratio {ratio(w, b[0])}")
                if held != edited:
                    print(f"  WARNING: the server holds {held} of the {edited} edits")
            sw, bw = statistics.median(sync_w), statistics.median(base_w)
            print(f"sync {opts.changes} changed records from a laptop (median of {opts.runs}): "
                  f"{sw:.2f} s wall, {statistics.median(sync_c):.2f} s CPU | baseline pg_dump -Fc + "
                  f"pg_restore of the same plan: {bw:.1f} s | ratio {ratio(sw, bw)}")
    finally:
        server.drop_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
