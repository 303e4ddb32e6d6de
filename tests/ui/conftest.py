"""GUI test fixtures: settings in a temporary INI file, a workspace on a file DB, the window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.storage.database import Database
from tests.helpers.template_db import copy_of_template
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.workspace import Workspace


@pytest.fixture(autouse=True, scope="session")
def _none_refcount_guard() -> None:
    """The app applies this at start-up (main.py); GUI tests run thousands of void Qt calls too."""
    from ui.board.none_guard import keep_none_alive

    keep_none_alive()


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings.at(str(tmp_path / "settings.ini"))


@pytest.fixture
def workspace(tmp_path: Path, qapp) -> Iterator[Workspace]:
    ws = Workspace(Database.open(copy_of_template(tmp_path / "gui.db")))
    yield ws
    ws.close()


@pytest.fixture
def demo_workspace(tmp_path: Path, qapp) -> Iterator[Workspace]:
    ws = Workspace(Database.open(copy_of_template(tmp_path / "demo.db", demo=True)))
    ws.set_event("biojapan-2026")
    yield ws
    ws.close()


def make_window(qtbot, workspace: Workspace, settings: AppSettings) -> MainWindow:
    window = MainWindow(workspace, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, workspace: Workspace, settings: AppSettings) -> MainWindow:
    return make_window(qtbot, workspace, settings)


@pytest.fixture
def demo_window(qtbot, demo_workspace: Workspace, settings: AppSettings) -> MainWindow:
    return make_window(qtbot, demo_workspace, settings)
