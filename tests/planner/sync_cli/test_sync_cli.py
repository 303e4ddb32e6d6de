"""Two laptops and a team server, driven only through the command line a user has (issue 17).

Rules held here, on a real PostgreSQL server (``PLANNER_TEST_PG_URL``; skipped without one):

* the first ``planner sync`` of a full file into an empty server publishes the plan; the first of
  an empty file copies it; afterwards ``--server`` may be left out (the file remembers it);
* the same field changed to different values on two laptops is one conflict, listed once by
  ``planner review list`` on the laptop that synced second (and nowhere else), with the base, mine
  and theirs values; while it waits, ``sync`` and ``review list`` exit 1;
* edits to other records merge silently;
* ``review resolve ID --take mine`` keeps the laptop's value, the next syncs send it, and then
  both files and the server show the same plan.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import make_url

from planner.cli import main

SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples"
EV = "biojapan-2027"
PRIYA = "priya.nair@northbio-cluster.example"


def run(db: Path | str, *args: str) -> int:
    return main(["--db", str(db), *args])


def as_json(db: Path | str, capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    code = run(db, *args, "--json")
    out = capsys.readouterr().out
    assert code in (0, 1), out
    return json.loads(out)


def plan(db: Path | str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """What a user sees of the plan through the command line (ids are UUIDs: the same on every
    copy)."""
    return {
        "events": as_json(db, capsys, "events", "list"),
        "people": sorted(as_json(db, capsys, "people", "list"), key=lambda p: p["id"]),
        "venues": as_json(db, capsys, "venues", "list", "--event", EV),
        "meetings": sorted(as_json(db, capsys, "meetings", "list", "--event", EV), key=lambda m: m["id"]),
        "leads": sorted(as_json(db, capsys, "leads", "list", "--event", EV), key=lambda x: x["id"]),
    }


def one(rows: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    [row] = [r for r in rows if all(r[k] == v for k, v in match.items())]
    return row


@pytest.fixture(autouse=True)
def password_file(pg_empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file remembers its server without the password: like a user, keep it in libpq's
    password file (``PGPASSFILE``), so ``planner sync`` without ``--server`` can log in."""
    url = make_url(pg_empty_url)
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"{url.host}:{url.port or 5432}:*:{url.username}:{url.password}\n", encoding="utf-8")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))


@pytest.fixture
def laptop_a(tmp_path: Path) -> Path:
    """A mission set up from an empty file with the commands a user types."""
    db = tmp_path / "alice.db"
    steps = [
        ["events", "add", "--code", EV, "--name", "BioJapan 2027", "--start", "2027-10-13",
         "--end", "2027-10-16", "--tz", "Asia/Tokyo", "--city", "Yokohama", "--country", "JP"],
        ["venues", "add", "--event", EV, "--name", "Pacifico Yokohama", "--opens", "09:00",
         "--closes", "18:00", "--partnering"],
        ["import", "people", str(SAMPLES / "registration-eventbrite.csv"), "--event", EV,
         "--role", "delegate"],
        ["import", "meetings", str(SAMPLES / "partnering-meetings-priya.csv"), "--event", EV,
         "--ours", PRIYA],
        ["leads", "add", "--event", EV, "--person", PRIYA, "--stage", "new",
         "--next-action", "send the assay data", "--due", "2027-10-20"],
    ]
    for step in steps:
        assert run(db, *step) == 0, step
    return db


def test_two_laptops_one_conflict_resolved_and_everyone_agrees(
        laptop_a: Path, tmp_path: Path, pg_empty_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    server = pg_empty_url
    laptop_b = tmp_path / "bob.db"

    published = as_json(laptop_a, capsys, "sync", "--server", server)
    assert published["published"] is True and published["conflicts"] == 0
    cloned = as_json(laptop_b, capsys, "sync", "--server", server)
    assert cloned["cloned"] is True and cloned["pulled"] > 0
    assert plan(laptop_b, capsys) == plan(laptop_a, capsys) == plan(server, capsys)

    # Offline, both change the same lead's stage; Alice also cancels a meeting.
    [lead] = as_json(laptop_a, capsys, "leads", "list", "--event", EV)
    meeting = as_json(laptop_a, capsys, "meetings", "list", "--event", EV)[0]
    assert meeting["status"] != "cancelled"
    assert run(laptop_a, "leads", "edit", lead["id"], "--stage", "qualified") == 0
    assert run(laptop_a, "meetings", "edit", meeting["id"], "--status", "cancelled") == 0
    assert run(laptop_b, "leads", "edit", lead["id"], "--stage", "proposal") == 0

    capsys.readouterr()
    assert run(laptop_a, "sync") == 0  # the remembered server; nothing to merge
    assert run(laptop_b, "sync") == 1  # the stage waits for Bob's decision
    assert "planner review list" in capsys.readouterr().out

    assert run(laptop_b, "review", "list") == 1
    table = capsys.readouterr().out
    assert "stage" in table and "proposal" in table and "qualified" in table
    [conflict] = as_json(laptop_b, capsys, "review", "list")
    assert conflict["table"] == "lead" and conflict["record_uuid"] == lead["id"]
    assert "stage" in conflict["fields"] and "stage" in conflict["field"]
    assert conflict["mine"]["stage"].lower() == "proposal"
    assert conflict["theirs"]["stage"].lower() == "qualified"
    assert conflict["base"]["stage"].lower() == "new"
    assert {"id", "record", "field", "mine", "theirs", "base", "kind", "table",
            "record_uuid"} <= set(conflict)
    assert as_json(laptop_a, capsys, "review", "list") == []  # Alice has nothing to decide
    # Until Bob decides, his file shows the team's value; Alice's cancelled meeting reached him.
    assert one(plan(laptop_b, capsys)["meetings"], id=meeting["id"])["status"] == "cancelled"

    assert run(laptop_b, "review", "resolve", str(conflict["id"]), "--take", "mine") == 0
    said = capsys.readouterr().out
    assert "proposal" in said and "next sync" in said
    assert run(laptop_b, "review", "list") == 0
    assert as_json(laptop_b, capsys, "review", "list") == []
    assert [c["resolved"] for c in as_json(laptop_b, capsys, "review", "list", "--all")] == ["mine"]

    assert run(laptop_b, "sync") == 0
    assert run(laptop_a, "sync") == 0
    final = plan(server, capsys)
    assert plan(laptop_a, capsys) == final and plan(laptop_b, capsys) == final
    assert one(final["leads"], id=lead["id"])["stage"] == "proposal"
    assert one(final["meetings"], id=meeting["id"])["status"] == "cancelled"
    assert as_json(laptop_a, capsys, "review", "list") == []  # the conflict was shown once, to Bob


def test_a_second_sync_with_nothing_changed_sends_and_takes_nothing(
        laptop_a: Path, pg_empty_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert as_json(laptop_a, capsys, "sync", "--server", pg_empty_url)["published"] is True
    again = as_json(laptop_a, capsys, "sync")
    assert (again["pushed"], again["pulled"], again["conflicts"], again["erased"]) == (0, 0, 0, 0)
    assert again["published"] is False and again["cloned"] is False
    assert set(again) >= {"server", "pushed", "pulled", "merged", "conflicts", "erased", "cloned",
                          "published"}
    password = make_url(pg_empty_url).password
    assert password and password not in again["server"] and "127.0.0.1" in again["server"]
