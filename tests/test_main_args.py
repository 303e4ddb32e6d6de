"""``main.py``'s choice of file, without Qt: ``--db``, ``--demo``, ``$PLANNER_DB``, the default;
a folder that does not exist is refused before anything is created or any window opens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import main
from planner.paths import MissingFolderError

ROOT = Path(__file__).resolve().parents[1]


def test_db_wins_and_a_missing_file_in_an_existing_folder_is_fine(tmp_path: Path) -> None:
    assert main.choose_db_path(main.parse_args(["--db", str(tmp_path / "x.db")])) == tmp_path / "x.db"
    assert main.choose_db_path(main.parse_args(["--db", str(tmp_path / "x.db"), "--demo"])) == tmp_path / "x.db"


def test_default_demo_and_planner_db(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"  # PLANNER_DATA_DIR (tests/conftest.py)
    assert main.choose_db_path(main.parse_args([])) == data / "mission-desk.db"
    assert main.choose_db_path(main.parse_args(["--demo"])) == data / "demo.db"
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "env.db"))
    assert main.choose_db_path(main.parse_args([])) == tmp_path / "env.db"
    assert main.choose_db_path(main.parse_args(["--demo"])) == data / "demo.db"


@pytest.mark.parametrize("via_env", [False, True])
def test_a_missing_folder_is_refused_and_names_the_folder(tmp_path: Path, monkeypatch, via_env: bool) -> None:
    target = tmp_path / "typo" / "x.db"
    argv = [] if via_env else ["--db", str(target)]
    if via_env:
        monkeypatch.setenv("PLANNER_DB", str(target))
    with pytest.raises(MissingFolderError) as caught:
        main.choose_db_path(main.parse_args(argv))
    assert str(target.parent) in str(caught.value)
    assert ("$PLANNER_DB" if via_env else "--db") in str(caught.value)
    assert not target.parent.exists()


def test_choosing_the_file_loads_no_qt() -> None:
    code = ("import sys, main; main.choose_db_path(main.parse_args([])); "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'ui'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_a_team_server_url_is_opened_as_it_is(monkeypatch) -> None:
    """``mission-desk --db postgresql+psycopg://…`` (or $PLANNER_DB) opens the server: the URL
    is handed on unchanged, not taken for a file name."""
    url = "postgresql+psycopg://alice@db.example.org:5433/plan?sslmode=verify-full"
    assert main.choose_db_path(main.parse_args(["--db", url])) == url
    monkeypatch.setenv("PLANNER_DB", url)
    assert main.choose_db_path(main.parse_args([])) == url
    assert main.choose_db_path(main.parse_args(["--demo"])) != url  # the demo keeps its own file
