"""`planner rooms add|list|delete` and `planner travel set|clear`."""

from __future__ import annotations

import pytest

from tests.planner.cli_places.conftest import EVENT, Plan

pytestmark = pytest.mark.engines


def rooms(plan: Plan, *extra: str) -> list[dict]:
    return plan.json("rooms", "list", "--event", EVENT, *extra)


def test_rooms_add_with_table_07_when_table_7_exists_is_refused_as_the_same_table(plan: Plan) -> None:
    before = plan.snapshot()
    code, out, err = plan.run("rooms", "add", "--event", EVENT, "--venue", "Pacifico Yokohama", "--name", "table 01")
    assert code == 2 and out == ""
    assert "Pacifico Yokohama already has “Table 1”" in err
    assert plan.snapshot() == before


def test_a_room_in_another_venue_may_share_a_tables_name(plan: Plan) -> None:
    code, out, _ = plan.run("rooms", "add", "--event", EVENT, "--venue", "Bayside Hotel", "--name", "Table 1")
    assert (code, out.strip()) == (0, "Table 1 (meeting table) in Bayside Hotel")


def test_kind_table_means_a_meeting_table_and_the_default_is_guessed_from_the_name(plan: Plan) -> None:
    plan.run("rooms", "add", "--event", EVENT, "--venue", "Bayside Hotel", "--name", "Orchid", "--kind", "table")
    plan.run("rooms", "add", "--event", EVENT, "--venue", "Bayside Hotel", "--name", "Stage A", "--capacity", "200")
    plan.run("rooms", "add", "--event", EVENT, "--venue", "Bayside Hotel", "--name", "Ballroom", "--kind", "Hall")
    got = {r["name"]: (r["kind"], r["capacity"]) for r in rooms(plan, "--venue", "bayside hotel")}
    assert got == {"Orchid": ("meeting_table", None), "Stage A": ("stage", 200), "Ballroom": ("hall", None)}
    assert all(r["venue"] == "Bayside Hotel" for r in rooms(plan, "--venue", "Bayside Hotel"))


def test_rooms_list_without_venue_lists_every_venues_rooms_in_natural_order(plan: Plan) -> None:
    plan.run("rooms", "add", "--event", EVENT, "--venue", "Pacifico Yokohama", "--name", "Table 10")
    names = [(r["venue"], r["name"]) for r in rooms(plan)]
    assert names == [("Pacifico Yokohama", "Table 1"), ("Pacifico Yokohama", "Table 2"),
                     ("Pacifico Yokohama", "Table 10")]
    code, out, _ = plan.run("rooms", "list", "--event", EVENT)
    assert code == 0 and out.splitlines()[0].split() == ["venue", "name", "kind", "capacity"]


def test_deleting_a_table_keeps_its_meetings_at_the_venue_without_a_table(plan: Plan) -> None:
    code, out, err = plan.run("rooms", "delete", "--event", EVENT, "--venue", "Pacifico Yokohama",
                              "--name", "TABLE 01")
    assert code == 0, err
    assert out.strip() == ("deleted Table 1 from Pacifico Yokohama; 1 meeting(s) and 0 slot(s) there keep "
                           "Pacifico Yokohama but no longer have a room or table")
    m = plan.meetings()[plan.first]
    assert (m["venue"], m["room"]) == ("Pacifico Yokohama", "")
    assert [r["name"] for r in rooms(plan)] == ["Table 2"]


@pytest.mark.parametrize("argv, needle", [
    (["rooms", "add", "--event", EVENT, "--venue", "Bayside Hotel", "--name", " "], "needs a name"),
    (["rooms", "add", "--event", EVENT, "--venue", "Bayside Hotel", "--name", "–·–"], "needs a name"),
    (["rooms", "add", "--event", EVENT, "--venue", " ", "--name", "Table 3"], "--venue is empty"),
    (["rooms", "add", "--event", EVENT, "--venue", "Nowhere", "--name", "Table 3"], "No venue 'Nowhere'"),
    (["rooms", "add", "--event", EVENT, "--venue", "Bayside Hotel", "--name", "X", "--capacity", "-4"],
     "between 1 and 100,000"),
    (["rooms", "add", "--event", EVENT, "--venue", "Bayside Hotel", "--name", "X", "--capacity", "0"],
     "between 1 and 100,000"),
    (["rooms", "add", "--event", EVENT, "--venue", "Bayside Hotel", "--name", "X", "--capacity", "9" * 30],
     "between 1 and 100,000"),
    (["rooms", "add", "--event", EVENT, "--venue", "Bayside Hotel", "--name", "X", "--capacity", "lots"],
     "invalid int value"),
    (["rooms", "add", "--event", EVENT, "--venue", "Bayside Hotel", "--name", "X", "--kind", "podium"],
     "is not a kind of room"),
    (["rooms", "list", "--event", EVENT, "--venue", ""], "--venue is empty"),
    (["rooms", "delete", "--event", EVENT, "--venue", "Pacifico Yokohama", "--name", ""], "--name is empty"),
    (["rooms", "delete", "--event", EVENT, "--venue", "Pacifico Yokohama", "--name", "Table 9"],
     "No room or table 'Table 9'"),
])
def test_hostile_room_values_exit_2_and_change_nothing(plan: Plan, argv: list[str], needle: str) -> None:
    before = plan.snapshot()
    code, out, err = plan.run(*argv)
    assert code == 2 and out == ""
    assert needle in err and "Traceback" not in err
    assert plan.snapshot() == before


def test_travel_set_is_both_ways_unless_one_way(plan: Plan) -> None:
    code, out, _ = plan.run("travel", "set", "--event", EVENT, "--from", "Pacifico Yokohama",
                            "--to", "Bayside Hotel", "--minutes", "15")
    assert (code, out.strip()) == (0, "Pacifico Yokohama ↔ Bayside Hotel: 15 min")
    assert plan.venues()["Pacifico Yokohama"]["travel"] == {"Bayside Hotel": 15}
    assert plan.venues()["Bayside Hotel"]["travel"] == {"Pacifico Yokohama": 15}
    code, out, _ = plan.run("travel", "set", "--event", EVENT, "--from", "bayside hotel",
                            "--to", "Pacifico Yokohama", "--minutes", "25", "--one-way")
    assert (code, out.strip()) == (0, "Bayside Hotel → Pacifico Yokohama: 25 min")
    assert plan.venues()["Bayside Hotel"]["travel"] == {"Pacifico Yokohama": 25}
    assert plan.venues()["Pacifico Yokohama"]["travel"] == {"Bayside Hotel": 15}
    assert plan.run("travel", "clear", "--event", EVENT, "--from", "Bayside Hotel",
                    "--to", "Pacifico Yokohama", "--one-way")[0] == 0
    assert plan.venues()["Bayside Hotel"]["travel"] == {}
    assert plan.venues()["Pacifico Yokohama"]["travel"] == {"Bayside Hotel": 15}


@pytest.mark.parametrize("from_, to, minutes, needle", [
    ("Pacifico Yokohama", "pacifico  yokohama", "10", "two different venues"),
    ("Pacifico Yokohama", "Bayside Hotel", "-5", "between 0 and 1440"),
    ("Pacifico Yokohama", "Bayside Hotel", "1441", "between 0 and 1440"),
    ("Pacifico Yokohama", "Bayside Hotel", "9" * 25, "between 0 and 1440"),
    ("Pacifico Yokohama", "Bayside Hotel", "ten", "invalid int value"),
    ("Pacifico Yokohama", " ", "10", "--to is empty"),
    ("", "Bayside Hotel", "10", "--from is empty"),
    ("Pacifico Yokohama", "Nowhere", "10", "No venue 'Nowhere'"),
])
def test_hostile_travel_values_exit_2_and_change_nothing(plan: Plan, from_: str, to: str, minutes: str,
                                                         needle: str) -> None:
    before = plan.snapshot()
    code, out, err = plan.run("travel", "set", "--event", EVENT, "--from", from_, "--to", to, "--minutes", minutes)
    assert code == 2 and out == ""
    assert needle in err and "Traceback" not in err
    assert plan.snapshot() == before
