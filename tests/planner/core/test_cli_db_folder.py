"""``--db`` / ``$PLANNER_DB`` in a folder that does not exist is refused (exit 2): a typo must not
look like an empty plan. A missing file in an existing folder is still created and migrated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main
from planner.paths import MissingFolderError, resolve_db_path

ROOT = Path(__file__).resolve().parents[3]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("command", [["events", "list"], ["demo"], ["verify"], ["backup"]])
def test_db_in_a_missing_folder_is_refused_and_nothing_is_created(tmp_path: Path, capsys,
                                                                  command: list[str]) -> None:
    folder = tmp_path / "typo" / "dir"
    code, out, err = run(capsys, "--db", str(folder / "x.db"), *command)
    assert code == 2 and out == ""
    assert str(folder) in err and "does not exist" in err and "Traceback" not in err
    assert not (tmp_path / "typo").exists()
    assert not (tmp_path / "data").exists()  # no backup folder for it either


def test_planner_db_in_a_missing_folder_is_refused(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "nowhere" / "env.db"))
    code, _out, err = run(capsys, "events", "list")
    assert code == 2 and "$PLANNER_DB" in err and str(tmp_path / "nowhere") in err
    assert not (tmp_path / "nowhere").exists()


def test_a_file_whose_folder_is_a_file_is_refused(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    code, _out, err = run(capsys, "--db", str(tmp_path / "notes.txt" / "x.db"), "events", "list")
    assert code == 2 and "is not a folder" in err


def test_a_missing_file_in_an_existing_folder_is_created_and_migrated(tmp_path: Path, capsys) -> None:
    db = tmp_path / "new.db"
    code, out, _ = run(capsys, "--db", str(db), "events", "list", "--json")
    assert code == 0 and json.loads(out) == [] and db.is_file()
    code, _out, _err = run(capsys, "--db", str(db), "verify")
    assert code == 0  # a migrated, healthy Mission Desk file


def test_the_default_file_is_created_with_its_folder(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"  # PLANNER_DATA_DIR (tests/conftest.py), not there yet
    assert not data.exists()
    code, out, _ = run(capsys, "events", "list", "--json")
    assert code == 0 and json.loads(out) == []
    assert (data / "mission-desk.db").is_file()
    assert resolve_db_path() == data / "mission-desk.db"


def test_resolve_db_path_raises_for_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(MissingFolderError, match="--db"):
        resolve_db_path(tmp_path / "no" / "x.db")
    assert resolve_db_path(tmp_path / "x.db") == tmp_path / "x.db"


def test_python_m_planner_exits_2_with_the_folder_named(tmp_path: Path) -> None:
    target = tmp_path / "nonexistent" / "dir" / "x.db"
    done = subprocess.run([sys.executable, "-m", "planner", "--db", str(target), "events", "list"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PLANNER_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().startswith("error:") and str(target.parent) in done.stderr
    assert not (tmp_path / "nonexistent").exists()
