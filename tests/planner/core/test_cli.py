"""The command line as scripts use it: output, JSON, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import make_url

from planner.cli import main

pytestmark = pytest.mark.engines

ROOT = Path(__file__).resolve().parents[3]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_demo_then_meetings_json_with_tokyo_offsets(db_target: str, capsys) -> None:
    db = db_target
    code, out, _ = run(capsys, "--db", db, "demo")
    assert code == 0 and out.strip() == "biojapan-2026"
    code, out, _err = run(capsys, "--db", db, "meetings", "list", "--event", "biojapan-2026", "--json")
    assert code == 0
    meetings = json.loads(out)
    assert len(meetings) >= 140
    for m in meetings:
        assert set(m) >= {"id", "start", "end", "tz", "location", "status", "our_attendees", "counterparts"}
        assert m["start"].endswith("+09:00") and m["end"].endswith("+09:00")
        assert m["our_attendees"] and all("@" in e for e in m["our_attendees"])


def test_events_add_list_and_people(db_target: str, capsys) -> None:
    db = db_target
    code, out, _ = run(capsys, "--db", db, "events", "add", "--code", "tokyo-symposium", "--name",
                       "Tokyo Symposium", "--start", "2027-03-01", "--end", "2027-03-02", "--tz", "Asia/Tokyo",
                       "--country", "Japan")
    assert code == 0 and out.strip() == "tokyo-symposium"
    code, out, _ = run(capsys, "--db", db, "events", "list", "--json")
    assert json.loads(out) == [{"code": "tokyo-symposium", "name": "Tokyo Symposium", "start": "2027-03-01",
                                "end": "2027-03-02", "tz": "Asia/Tokyo", "city": "", "country": "JP",
                                "id": json.loads(out)[0]["id"]}]
    run(capsys, "--db", db, "demo")
    code, out, _ = run(capsys, "--db", db, "people", "list", "--event", "biojapan-2026", "--json")
    people = json.loads(out)
    assert {"山田 太郎", "김민준", "张伟"} <= {p["native_name"] for p in people}
    assert all(set(p) >= {"id", "given_name", "family_name", "native_name", "email", "organisation"} for p in people)


@pytest.mark.parametrize("argv, needle", [
    (["meetings", "list", "--event", "nope"], "No event with the code"),
    (["events", "add", "--code", "x", "--name", "n", "--start", "2026-13-01", "--end", "2026-01-01",
      "--tz", "UTC"], "is not a date"),
    (["events", "add", "--code", "ok-code", "--name", "n", "--start", "2026-01-01", "--end", "2026-01-02",
      "--tz", "Nowhere/Zone"], "IANA time zone"),
    (["frobnicate"], "invalid choice"),
])
def test_user_errors_exit_2_with_a_message(db_target: str, capsys, argv: list[str], needle: str) -> None:
    code, _out, err = run(capsys, "--db", db_target, *argv)
    assert code == 2
    assert needle in err and "Traceback" not in err


def test_failed_command_changes_nothing(db_target: str, capsys) -> None:
    db = db_target
    run(capsys, "--db", db, "demo")
    code, _, err = run(capsys, "--db", db, "demo")
    assert code == 2 and "already has the demo" in err
    code, out, _ = run(capsys, "--db", db, "events", "list", "--json")
    assert len(json.loads(out)) == 1


def test_verify_ok(db_target: str, capsys) -> None:
    """verify checks a file; a server (whose integrity is its own) is refused by name, exit 2,
    without showing the password."""
    db = db_target
    run(capsys, "--db", db, "demo")
    code, out, err = run(capsys, "--db", db, "verify")
    if db.startswith("postgresql"):
        password = make_url(db).password
        assert code == 2 and out == "" and "file only" in err and "Traceback" not in err, err
        assert password and password not in err
        return
    assert code == 0 and "ok" in out


def test_console_entry_point_and_env_db(tmp_path: Path) -> None:
    env = {"PLANNER_DB": str(tmp_path / "env.db"), "PLANNER_DATA_DIR": str(tmp_path / "data"),
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "planner", "events", "list", "--json"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0 and json.loads(result.stdout) == []
    assert (tmp_path / "env.db").exists()
