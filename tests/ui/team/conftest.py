"""Team-server GUI fixtures: a fresh PostgreSQL database per test (the same test server and
template as tests/planner/conftest.py; skipped, saying how to start one, without
``PLANNER_TEST_PG_URL``), and a workspace and window on it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from planner.storage.database import Database
from tests.planner.conftest import NO_SERVER, PG_URL_ENV, _PgServer
from tests.ui.conftest import make_window
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.workspace import Workspace


@pytest.fixture(scope="session")
def team_pg_server() -> Iterator[_PgServer]:
    url = os.environ.get(PG_URL_ENV, "").strip()
    if not url:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the PostgreSQL tests: {NO_SERVER}")
        pytest.skip(NO_SERVER)
    server = _PgServer(url)
    yield server
    server.close()


@pytest.fixture
def server_url(team_pg_server: _PgServer) -> Iterator[str]:
    name, url = team_pg_server.fresh()
    yield url
    team_pg_server.drop(name)


@pytest.fixture
def server_workspace(server_url: str, qapp) -> Iterator[Workspace]:
    ws = Workspace(Database.open(server_url))
    yield ws
    ws.close()


@pytest.fixture
def server_window(qtbot, server_workspace: Workspace, settings: AppSettings) -> MainWindow:
    return make_window(qtbot, server_workspace, settings)
