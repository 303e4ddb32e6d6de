"""``planner sync`` and ``planner review`` refuse what cannot be meant, with exit 2 and a message
saying what to do, and change nothing (issue 17; cli.md's conventions).

* sync runs on a laptop's file: a server URL as ``--db`` (or ``$PLANNER_DB``) is refused, and
  ``--server`` must be a server URL;
* a file that never synced needs ``--server`` (a missing file is not created for nothing);
* a server that cannot be reached is an error message, not a traceback;
* ``review resolve`` of an id that waits for nothing says so.
No server is needed: each case is refused before one would be reached (or names an unreachable one).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main

SERVER = "postgresql+psycopg://alice@127.0.0.1:1/plan"  # port 1: nothing listens there


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    return err


@pytest.mark.parametrize("via_env", [False, True])
def test_a_server_url_as_the_file_is_refused(via_env: bool, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = [] if via_env else ["--db", SERVER]
    if via_env:
        monkeypatch.setenv("PLANNER_DB", SERVER)
    err = refused(capsys, *db, "sync", "--server", SERVER)
    assert "sync runs on a laptop's file; the server is --server" in err
    assert "laptop's file" in refused(capsys, *db, "review", "list")
    assert "laptop's file" in refused(capsys, *db, "review", "resolve", "1", "--take", "mine")


def test_without_a_server_a_new_file_is_refused_and_not_created(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "laptop.db"
    err = refused(capsys, "--db", str(path), "sync")
    assert "--server" in err and "has not synced" in err
    assert not path.exists()


def test_a_file_that_never_synced_needs_the_server_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "laptop.db"
    assert main(["--db", str(path), "events", "list"]) == 0  # the file exists, never synced
    err = refused(capsys, "--db", str(path), "sync", "--json")
    assert "--server" in err and "has not synced" in err


@pytest.mark.parametrize("server", ["", "  ", "laptop2.db", "/srv/plan.db", "https://example.org/plan"])
def test_the_server_option_must_name_a_server(server: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "laptop.db"
    err = refused(capsys, "--db", str(path), "sync", "--server", server)
    assert "--server" in err
    assert not path.exists()


def test_an_unreachable_server_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "laptop.db"
    assert main(["--db", str(path), "events", "add", "--code", "ev", "--name", "Ev", "--start",
                 "2027-10-13", "--end", "2027-10-14", "--tz", "Asia/Tokyo"]) == 0
    err = refused(capsys, "--db", str(path), "sync", "--server", SERVER)
    assert err.startswith("error: ")
    capsys.readouterr()
    assert main(["--db", str(path), "events", "list", "--json"]) == 0
    assert '"ev"' in capsys.readouterr().out  # the file kept its plan


def test_review_of_a_file_with_no_conflicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "laptop.db"
    capsys.readouterr()
    assert main(["--db", str(path), "review", "list"]) == 0
    assert "no conflicts" in capsys.readouterr().out
    assert main(["--db", str(path), "review", "list", "--json", "--all"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
    err = refused(capsys, "--db", str(path), "review", "resolve", "42", "--take", "theirs")
    assert "no conflict 42" in err and "review list" in err


@pytest.mark.parametrize("argv, says", [
    (["review", "resolve", "abc", "--take", "mine"], "not a conflict id"),
    (["review", "resolve", "0", "--take", "mine"], "not a conflict id"),
    (["review", "resolve", "3", "--take", "both"], "invalid choice"),
    (["review", "resolve", "3"], "--take"),
    (["review"], "ACTION"),
])
def test_review_usage_errors(argv: list[str], says: str, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--db", str(tmp_path / "laptop.db"), *argv]) == 2
    assert says in capsys.readouterr().err
