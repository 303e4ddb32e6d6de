"""A file in a cloud-sync folder or on a network drive: every command that opens it says so on
stderr, once per file per day (remembered in the user data dir); ``verify`` says it every time;
stdout (``--json``) stays clean; a file on a local disk gets no warning and no stamp file."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.cli.common import LOCATION_STAMP, warn_about_location
from planner.paths import data_dir
from tests.planner.hostile.conftest import EVENT, TARO, Plan

WARNING = "Dropbox folder"


@pytest.fixture
def synced(plan: Plan, tmp_path: Path) -> Plan:
    """The plan, moved into a Dropbox folder."""
    folder = tmp_path / "Dropbox" / "Missions"
    folder.mkdir(parents=True)
    target = folder / "plan.db"
    shutil.move(plan.db, target)
    return Plan(str(target), plan.lead, plan.capsys)


COMMANDS = [
    ["events", "list", "--json"],
    ["people", "list", "--event", EVENT],
    ["leads", "list", "--event", EVENT, "--json"],
    ["leads", "add", "--event", EVENT, "--person", TARO],
    ["meetings", "list", "--event", EVENT],
    ["venues", "list", "--event", EVENT],
    ["check", "--event", EVENT],
    ["backup"],
    ["export", "ics", "--event", EVENT, "--out", "{tmp}/x.ics"],
    ["import", "people", "{tmp}/people.csv", "--event", EVENT, "--dry-run"],
    ["leads", "list", "--event", "no-such-event"],  # fails, but it opened the file
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_every_command_warns_once_a_day(synced: Plan, tmp_path: Path, argv: list[str]) -> None:
    (tmp_path / "people.csv").write_text("Given name,Family name,Email\nA,B,a@b.example\n",
                                         encoding="utf-8")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, out, err = synced.run(*argv)
    assert code in (0, 1, 2) and "Traceback" not in err
    assert err.count(WARNING) == 1 and err.count("warning: ") >= 1, err
    assert WARNING not in out
    if "--json" in argv:
        json.loads(out)
    code, out, err = synced.run(*argv)
    assert WARNING not in err, "once a day is enough"
    stamp = json.loads((data_dir() / LOCATION_STAMP).read_text(encoding="utf-8"))
    assert stamp["day"] == date.today().isoformat()
    assert stamp["files"] == [str(Path(synced.db).resolve())]


def test_the_warning_comes_back_the_next_day_and_for_another_file(synced: Plan, tmp_path: Path) -> None:
    synced.run("events", "list")
    assert WARNING not in synced.run("events", "list")[2]
    stamp = data_dir() / LOCATION_STAMP
    state = json.loads(stamp.read_text(encoding="utf-8"))
    state["day"] = (date.today() - timedelta(days=1)).isoformat()
    stamp.write_text(json.dumps(state), encoding="utf-8")
    assert WARNING in synced.run("events", "list")[2]
    other = Path(synced.db).with_name("other.db")
    shutil.copyfile(synced.db, other)
    code, _out, err = Plan(str(other), synced.lead, synced.capsys).run("events", "list")
    assert code == 0 and WARNING in err and "other.db" in err


def test_verify_warns_every_time(synced: Plan) -> None:
    for _ in range(2):
        code, _out, err = synced.run("verify")
        assert code == 0 and err.count(WARNING) == 1


def test_restore_warns_too(synced: Plan) -> None:
    code, out, err = synced.run("backup")
    assert code == 0, err
    code, _out, err = synced.run("restore", out.strip().splitlines()[-1])
    assert WARNING not in err  # the backup already warned today
    (data_dir() / LOCATION_STAMP).unlink()
    code, _out, err = synced.run("restore", out.strip().splitlines()[-1])
    assert WARNING in err and "Traceback" not in err


def test_a_local_file_gets_no_warning_and_no_stamp(plan: Plan) -> None:
    code, _out, err = plan.run("events", "list")
    assert code == 0 and "warning" not in err
    assert not (data_dir() / LOCATION_STAMP).exists()


@pytest.mark.parametrize("junk", ["", "{", "[]", '{"day": 5, "files": "x"}', '{"files": [1, 2]}'])
def test_a_damaged_stamp_file_only_means_warning_again(tmp_path: Path, capsys, junk: str) -> None:
    data_dir().mkdir(parents=True, exist_ok=True)
    (data_dir() / LOCATION_STAMP).write_text(junk, encoding="utf-8")
    path = tmp_path / "OneDrive - Contoso" / "x.db"
    assert warn_about_location(path, "x.db is in a OneDrive folder")
    assert not warn_about_location(path, "x.db is in a OneDrive folder")
    assert not warn_about_location(path)  # worked out from the path: already said today
    assert capsys.readouterr().err.count("OneDrive") == 1


def test_an_unwritable_data_dir_still_warns(tmp_path: Path, capsys, monkeypatch) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("PLANNER_DATA_DIR", str(blocker / "data"))
    assert warn_about_location(tmp_path / "x.db", "x.db is on a network drive")
    assert "network drive" in capsys.readouterr().err
