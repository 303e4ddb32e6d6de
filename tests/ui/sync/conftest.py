"""Sync GUI fixtures: the team-server fixtures of tests/ui/team (a fresh PostgreSQL database per
test; skipped without ``PLANNER_TEST_PG_URL``), and windows on laptop files of this test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from planner.storage.database import Database
from tests.ui.conftest import make_window
from tests.ui.team.conftest import (  # noqa: F401  (fixtures, reused)
    server_url,
    server_window,
    server_workspace,
    team_pg_server,
)
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.workspace import Workspace


@pytest.fixture
def file_window(qtbot, qapp, tmp_path: Path, settings: AppSettings) -> Callable[[str], MainWindow]:
    """``file_window("b")``: a window on the laptop file ``b.mdk`` (closed, with its file, after
    the test)."""
    def open_window(name: str) -> MainWindow:
        return make_window(qtbot, Workspace(Database.open(tmp_path / f"{name}.mdk")), settings)
    return open_window
