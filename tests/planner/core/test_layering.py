"""planner/ never imports Qt: checked in a fresh interpreter, and statically by ruff's TID251."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import planner

ROOT = Path(__file__).resolve().parents[3]


def test_importing_every_planner_module_loads_no_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(planner.__path__, "planner.")
               if ".migrations" not in m.name and m.name != "planner.__main__"]
    assert len(modules) > 20
    code = ("import importlib, sys\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui')))\n"
            "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_importing_planner_has_no_side_effects(tmp_path: Path) -> None:
    code = "import planner.storage.database, planner.services.schedule.meetings, planner.cli; print('ok')"
    env = {"PLANNER_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env,
                            check=True)
    assert result.stdout.strip() == "ok"
    assert not (tmp_path / "data").exists()


def test_ruff_bans_qt_in_planner() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert '"PySide6".msg' in text and '"ui/**" = ["TID251"]' in text
