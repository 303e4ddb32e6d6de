"""A demo file shared by the export-safety tests, and how they look at the export log: through
a fresh read-only connection, so only what was *committed* counts."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from planner.cli import main
from tests.planner.engines import committed

ROOT = Path(__file__).resolve().parents[3]
EVENT = "biojapan-2026"


def committed_log(db_path: Path | str) -> dict[str, tuple[str, int]]:
    """{resolved path: (kind, row_count)} of the export log as another program sees it now."""
    return {path: (kind, rows) for path, kind, rows in
            committed(str(db_path), "SELECT path, kind, row_count FROM export_log")}


def visible_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def hidden_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def python(code: str, *args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    """Another program: ``code`` run by this Python with the repository importable."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def planner_cli(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "planner", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.db"
    old = os.environ.get("PLANNER_DATA_DIR")
    os.environ["PLANNER_DATA_DIR"] = str(folder / "data")
    try:
        assert main(["--db", str(path), "demo"]) == 0
    finally:
        if old is None:
            os.environ.pop("PLANNER_DATA_DIR", None)
        else:
            os.environ["PLANNER_DATA_DIR"] = old
    return path


@pytest.fixture
def demo_file(db_target: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """A private copy of the demo file (through SQLite's backup API); in a module on both
    engines, on the PostgreSQL run, the demo built in this test's own server database."""
    if db_target.startswith("postgresql"):
        request.getfixturevalue("monkeypatch").setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
        assert main(["--db", db_target, "demo"]) == 0
        return db_target
    demo_template: Path = request.getfixturevalue("demo_template")
    path = tmp_path / "demo.db"
    src, dst = sqlite3.connect(demo_template), sqlite3.connect(path)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    os.chmod(path, 0o600)
    return path
