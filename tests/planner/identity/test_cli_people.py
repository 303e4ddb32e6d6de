"""`planner people duplicates` and `planner people merge` (cli.md): what a script relies on."""

from __future__ import annotations

import json

import pytest

from planner.cli import main
from planner.services.people.people import add_person
from planner.storage.database import Database

pytestmark = pytest.mark.engines


def _file(path: str) -> str:
    db = Database.open(path)
    with db.transaction() as s:
        add_person(s, given_name="Minjun", family_name="Kim", email="minjun@samsung.example")
        add_person(s, given_name="Min-jun", family_name="Kim", email="mj.kim@gmail.example")
        add_person(s, given_name="Keiko", family_name="Mori", email="keiko@sakura.example")
    db.close()
    return path


def test_duplicates_lists_the_pair_with_its_reasons_as_json(db_target: str,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    path = _file(db_target)
    assert main(["--db", str(path), "people", "duplicates", "--json"]) == 0
    pairs = json.loads(capsys.readouterr().out)
    assert [(p["keep"], p["other"]) for p in pairs] == [("minjun@samsung.example",
                                                         "mj.kim@gmail.example")]
    assert pairs[0]["score"] > 0 and any("spelt differently" in r for r in pairs[0]["reasons"])


def test_merge_keeps_the_other_address_so_it_still_names_the_person(
        db_target: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(db_target)
    assert main(["--db", str(path), "people", "merge", "minjun@samsung.example",
                 "mj.kim@gmail.example"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "people", "list", "--json"]) == 0
    people = json.loads(capsys.readouterr().out)
    assert sorted(p["email"] for p in people) == ["keiko@sakura.example", "minjun@samsung.example"]
    # the old address is an alias: it still names the person, and nothing is proposed any more
    assert main(["--db", str(path), "people", "duplicates", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_merging_someone_with_themselves_is_refused(db_target: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(db_target)
    assert main(["--db", str(path), "people", "merge", "keiko@sakura.example",
                 "Keiko@Sakura.example"]) == 2
    assert "themselves" in capsys.readouterr().err
