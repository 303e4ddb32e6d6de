"""What the app has loaded when its main window first shows: the structure GUI start-up speed rests on.

The rule (issue 20, README "Benchmarks"): the frame (sidebar, menus, "Opening …" page) shows
before the database layer, the exporters, the importers, the demo and every page's modules are
imported; those load on the file-opening thread or when a page is first shown. Start-up time is
not asserted (the machine is shared); what is checked is that none of the heavy modules is in
``sys.modules`` at the first turn of the event loop after ``show()`` — the moment
``bench/gui.py`` calls "shown", measured exactly as for a bare PySide6 window.

Each check runs ``main.main`` in a fresh interpreter (offscreen), so nothing another test
imported can hide a module that start-up pulls in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]

# Runs main.main(); a zero timer queued before it fires at the first turn of the event loop after
# the window's show() (before the file-opening thread starts) and reports what is loaded then.
PROBE = """
import enum, json, sys
built = []  # PySide6 builds each Qt enum on first use, through enum's functional API
_call = enum.EnumType.__call__
def _spy(cls, value, names=None, *args, **kwargs):
    if names is None:
        return _call(cls, value, *args, **kwargs)
    built.append(value)
    return _call(cls, value, names, *args, **kwargs)
enum.EnumType.__call__ = _spy
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import main
app = QApplication([])
def at_shown():
    window = next(w for w in app.topLevelWidgets() if w.objectName() == "main_window")
    report = {"modules": sorted(sys.modules), "enums": list(built), "visible": window.isVisible(),
              "page": type(window.stack.currentWidget()).__name__, "sidebar": window.sidebar.isEnabled(),
              "menus": [a.text() for a in window.menuBar().actions()]}
    from PySide6.QtCore import Qt
    Qt.AlignmentFlag.AlignLeft  # the spy sees the Qt namespace being built (so its absence above means something)
    report["spy_sees_qt"] = "AlignmentFlag" in built
    print("REPORT " + json.dumps(report), flush=True)
    app.quit()
QTimer.singleShot(0, at_shown)
sys.exit(main.main(["--db", sys.argv[1]]))
"""

# Loaded later (the opening thread, a page's first show, a menu action), never before the frame shows.
HEAVY = [
    "reportlab", "openpyxl", "icalendar", "pypinyin", "janome", "alembic",  # exports, romanisation, migrations
    "planner.demo", "planner.services", "planner.exports", "planner.imports", "planner.storage.models",
    "ui.workspace", "ui.dashboard", "ui.dialogs", "ui.models",
]
FRAME_PAGES = {"ui.pages", "ui.pages.opening_page", "ui.pages.export_specs"}  # the frame's own modules


@pytest.fixture(scope="module")
def at_shown(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("startup")
    env = {**os.environ, "PLANNER_DATA_DIR": str(tmp / "data"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PLANNER_DB", None)
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp / "start.db")], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("REPORT "))
    return dict(json.loads(line.removeprefix("REPORT ")))


def _loaded(report: dict[str, Any], package: str) -> list[str]:
    return [m for m in report["modules"] if m == package or m.startswith(package + ".")]


def test_the_window_is_shown_with_its_frame_and_the_opening_page(at_shown: dict[str, Any]) -> None:
    assert at_shown["visible"]
    assert at_shown["page"] == "OpeningPage"
    assert not at_shown["sidebar"]  # enabled once the file is open
    assert [m.replace("&", "") for m in at_shown["menus"]] == ["File", "Edit", "Event", "View", "Help"]


@pytest.mark.parametrize("package", HEAVY)
def test_no_heavy_module_is_loaded_before_the_window_shows(at_shown: dict[str, Any], package: str) -> None:
    assert _loaded(at_shown, package) == []


def test_no_page_module_is_loaded_before_the_window_shows(at_shown: dict[str, Any]) -> None:
    pages = [m for m in at_shown["modules"] if m.startswith("ui.pages.") and m not in FRAME_PAGES]
    assert pages == []
    assert _loaded(at_shown, "ui.pages.opening_page")  # the probe looks at the right moment


def test_the_qt_namespace_enums_are_not_built_before_the_window_shows(at_shown: dict[str, Any]) -> None:
    """PySide6 builds the ~90 enums of ``Qt`` on first use (60-130 ms on Python 3.11): a widget
    constructor given its parent positionally (``QSplitter(self)``) first tries the
    ``QSplitter(Qt.Orientation)`` overload, and ``QAction.setShortcut`` a ``Qt.Key`` one, and
    the frame paid for it before it showed."""
    assert at_shown["spy_sees_qt"]
    assert "AlignmentFlag" not in at_shown["enums"]
    assert "Orientation" not in at_shown["enums"]


def test_the_file_dialog_is_not_set_up_before_the_window_shows(at_shown: dict[str, Any]) -> None:
    """QFileDialog (and its enums) is imported where a file is chosen."""
    assert "FileMode" not in at_shown["enums"]


def test_sqlalchemy_is_not_loaded_before_the_window_shows(at_shown: dict[str, Any]) -> None:
    assert _loaded(at_shown, "sqlalchemy") == []
    assert _loaded(at_shown, "planner.storage") in ([], ["planner.storage"])
