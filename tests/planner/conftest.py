"""Fixtures for the Qt-free tests: a fresh database, and the demo mission.

``db`` and ``demo_db`` are a fresh SQLite file by default. A test module that opts in with
``pytestmark = pytest.mark.engines`` gets each of its tests run twice, on SQLite and on
PostgreSQL (one fixture parameter, not a copied suite). The PostgreSQL runs need a server named by
``PLANNER_TEST_PG_URL`` (a role that may CREATE DATABASE); ``.ci/run`` starts one, and by hand:
``source .ci/postgres.sh && pg_test_start``. Without it they skip, saying so (under CI they fail).

A test that opens the plan itself (``Database.open(...)``, ``planner --db ...``) takes ``db_target``
instead: a string for ``--db`` / ``Database.open``, a file path in ``tmp_path`` (not yet created) on
SQLite, the URL of a fresh migrated database of its own on PostgreSQL.

Each PostgreSQL test gets a database of its own, copied (``CREATE DATABASE … TEMPLATE``) from one
migrated once per run (``demo_db``: from one holding the demo, built once), and dropped afterwards.
Each SQLite test likewise gets a file of its own, a byte copy of one that ``Database.open`` created
(and migrated) once per process (``demo_db``: one holding the demo); the test's ``Database.open``
then opens an existing, current file. Creating a file replays every migration (about 0.4 s), which
was most of the set-up of each test; the tests of creating and migrating a file open their own.

Left on SQLite only (not opted in), and why: storage/, safety/ and the crash harness test the file
itself (WAL, bytes on disk, backups, encryption, VACUUM, kills mid-write; erasure on a server is
team_edits/test_server_privacy); core/test_store, test_migrations, test_migration_places,
test_cli_db_folder, test_cli_start: the file and its migrations; concurrency/test_two_programs and
test_restore_checks: SQLite file locks between processes and restoring a file (edits by two people
on a server: team_edits/); dashboard/test_conflict_cache: PRAGMA data_version; exports_safety/
(but test_logged_before_moved) and hostile/test_hostile_full_disk_import,
test_hostile_location_warning: files, folders, disks and synced folders, not the engine;
core/test_query_counts, briefing/test_briefing_service, member_views/test_member_queries: statement
counts per code path, the same on both; briefing/test_briefing_truth, test_briefing_pdf: the PDF
from a briefing built once (the service runs on both in test_cli_briefing and pack_revisions/).
"""

from __future__ import annotations

import os
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.demo import build_demo
from planner.storage.database import Database
from tests.helpers.template_db import copy_of_template

PG_URL_ENV = "PLANNER_TEST_PG_URL"
ENGINES = ("sqlite", "postgresql")
ENGINE_FIXTURES = ("db", "demo_db", "db_target")
NO_SERVER = (f"PostgreSQL tests need a server: set {PG_URL_ENV}="
             "postgresql+psycopg://USER:PASSWORD@127.0.0.1:PORT/DATABASE (a role that may create "
             "databases), or run `source .ci/postgres.sh && pg_test_start` first (it exports it)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("engines") is None:
        return
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        return
    for name in ENGINE_FIXTURES:
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, ENGINES, indirect=True)


class _PgServer:
    """The test server: one template database migrated once, a fresh copy per test."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine, make_url
        from sqlalchemy.pool import NullPool

        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.template: str | None = None
        self.demo_template: str | None = None

    def _url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _run(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def empty(self) -> tuple[str, str]:
        """(database name, URL) of a new, empty database (no schema at all)."""
        name = f"mdtest_{uuid.uuid4().hex[:12]}"
        self._run(f'CREATE DATABASE "{name}"')
        return name, self._url_for(name)

    def fresh(self) -> tuple[str, str]:
        """(database name, URL) of a new database at the head revision."""
        if self.template is None:
            name = f"mdtest_template_{uuid.uuid4().hex[:10]}"
            self._run(f'CREATE DATABASE "{name}"')
            Database.open(self._url_for(name)).close()  # migrate once
            self.template = name
        name = f"mdtest_{uuid.uuid4().hex[:12]}"
        self._run(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return name, self._url_for(name)

    def fresh_demo(self) -> tuple[str, str]:
        """(database name, URL) of a new database holding the demo mission: built once per run
        into a template of its own (building it is most of a demo test's time), then copied."""
        if self.demo_template is None:
            name, url = self.fresh()
            database = Database.open(url)
            try:
                with database.transaction() as session:
                    build_demo(session)
            finally:
                database.close()
            self.demo_template = name
        name = f"mdtest_{uuid.uuid4().hex[:12]}"
        self._run(f'CREATE DATABASE "{name}" TEMPLATE "{self.demo_template}"')
        return name, self._url_for(name)

    def drop(self, name: str) -> None:
        """Drop a test's database; a server process of another role still on it (autovacuum)
        can refuse for a moment: retried, and at worst left behind with a warning."""
        from sqlalchemy.exc import DBAPIError

        for attempt in range(5):
            try:
                self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except DBAPIError as exc:
                error = exc
                time.sleep(0.2 * (attempt + 1))
        warnings.warn(f"test database {name} left on the test server: {error}", stacklevel=2)

    def close(self) -> None:
        for template in (self.demo_template, self.template):
            if template is not None:
                self.drop(template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[_PgServer]:
    url = os.environ.get(PG_URL_ENV, "").strip()
    if not url:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the PostgreSQL tests: {NO_SERVER}")
        pytest.skip(NO_SERVER)
    server = _PgServer(url)
    yield server
    server.close()


@pytest.fixture
def pg_empty_url(pg_server: _PgServer) -> Iterator[str]:
    """The URL of an empty PostgreSQL database of this test's own (skips without a server)."""
    name, url = pg_server.empty()
    yield url
    pg_server.drop(name)


def _open(request: pytest.FixtureRequest, tmp_path: Path, filename: str,
          demo: bool = False) -> Iterator[Database]:
    engine = getattr(request, "param", "sqlite")
    if engine == "sqlite":
        database = Database.open(copy_of_template(tmp_path / filename, demo=demo))
        yield database
        database.close()
        return
    server: _PgServer = request.getfixturevalue("pg_server")
    name, url = server.fresh_demo() if demo else server.fresh()
    try:
        database = Database.open(url)
        try:
            yield database
        finally:
            database.close()
    finally:
        server.drop(name)


@pytest.fixture
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    yield from _open(request, tmp_path, "test.db")


@pytest.fixture
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where this test's plan lives, as ``--db`` takes it: ``tmp_path/plan.db`` (created on first
    open) on SQLite, a fresh migrated database's URL on PostgreSQL (dropped afterwards)."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield str(tmp_path / "plan.db")
        return
    server: _PgServer = request.getfixturevalue("pg_server")
    name, url = server.fresh()
    try:
        yield url
    finally:
        server.drop(name)


@pytest.fixture
def demo_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    yield from _open(request, tmp_path, "demo.db", demo=True)
