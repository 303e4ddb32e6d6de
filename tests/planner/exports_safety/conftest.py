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

ROOT = Path(__file__).resolve().parents[3]
EVENT = "biojapan-2026"


def committed_log(db_path: Path) -> dict[str, tuple[str, int]]:
    """{resolved path: (kind, row_count)} of the export log as another program sees it now."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        return {path: (kind, rows) for path, kind, rows in
                con.execute("SELECT path, kind, row_count FROM export_log")}
    finally:
        con.close()


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
def demo_file(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo file (through SQLite's backup API)."""
    path = tmp_path / "demo.db"
    src, dst = sqlite3.connect(demo_template), sqlite3.connect(path)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    os.chmod(path, 0o600)
    return path
