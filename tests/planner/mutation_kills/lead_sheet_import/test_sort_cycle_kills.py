"""Editable columns sorted without the rest of the row (planner/imports/leads/checks.py), issue 21.

When a user sorts only the editable columns (H:P) the people stay and their stages, owners,
values and actions move: row 3's values go to row 5, row 5's to row 7, row 7's back to row 3. A
row whose values are those exported on another row proves nothing alone (two leads may be edited
into each other's values), but moves that close a loop are what a sort does. The rule: a row is
reported as sorted exactly when its move lies on a loop of moves (a strongly connected group of
two or more exported versions); a move that only leads into a loop, or a chain that never comes
back, is an edit. These are pure functions, tested directly and against a brute-force oracle."""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.exports.sheets.lead_sheet_columns import LeadState
from planner.imports.leads.checks import ParsedRow, _components, shuffled_rows


def reach(graph: dict[str, list[str]]) -> dict[str, set[str]]:
    """Every node's reachable set (one step or more), by repeated closure: the oracle."""
    nodes = set(graph) | {n for edges in graph.values() for n in edges}
    out = {n: set(graph.get(n, [])) for n in nodes}
    changed = True
    while changed:
        changed = False
        for n in nodes:
            more = set().union(*(out[m] for m in out[n])) - out[n] if out[n] else set()
            if more:
                out[n] |= more
                changed = True
    return out


def loops(graph: dict[str, list[str]]) -> set[frozenset[str]]:
    """The groups of nodes that reach each other (two or more nodes), by the oracle."""
    r = reach(graph)
    return {frozenset({n} | {m for m in r[n] if n in r[m]}) for n in r
            if any(n in r[m] for m in r[n] if m != n)}


def groups(found: dict[str, int]) -> set[frozenset[str]]:
    by: dict[int, set[str]] = {}
    for node, c in found.items():
        by.setdefault(c, set()).add(node)
    return {frozenset(g) for g in by.values()}


def test_a_swap_of_two_rows_is_one_loop():
    found = _components({"a": ["b"], "b": ["a"]})
    assert set(found) == {"a", "b"} and found["a"] == found["b"]


def test_a_chain_of_moves_that_never_comes_back_is_no_loop():
    assert _components({"a": ["b"], "b": ["c"], "c": []}) == {}


def test_a_row_whose_values_only_lead_into_a_loop_is_not_part_of_it():
    # d's values went to a, and a and b swapped: d is an edit, a and b a sort
    found = _components({"d": ["a"], "a": ["b"], "b": ["a"]})
    assert groups(found) == {frozenset({"a", "b"})}


def test_two_separate_loops_are_two_groups_not_one():
    found = _components({"a": ["b"], "b": ["a"], "c": ["d"], "d": ["e"], "e": ["c"]})
    assert groups(found) == {frozenset({"a", "b"}), frozenset({"c", "d", "e"})}
    assert found["a"] != found["c"]


def test_a_loop_found_late_in_a_long_walk_keeps_its_members_together():
    # the walk starts at x, goes down a chain, and the loop closes back several steps up
    graph = {"x": ["p"], "p": ["q"], "q": ["r"], "r": ["s", "p"], "s": ["t"], "t": []}
    assert groups(_components(graph)) == {frozenset({"p", "q", "r"})}


def test_a_loop_reached_through_a_second_branch_is_found():
    # the first branch of x is a dead end; the loop is on the second edge tried
    graph = {"x": ["dead", "a"], "dead": [], "a": ["b"], "b": ["c"], "c": ["a"]}
    assert groups(_components(graph)) == {frozenset({"a", "b", "c"})}


def test_two_loops_joined_by_a_one_way_move_stay_two_groups():
    # a<->b, then b's other move goes into c<->d: nothing comes back from c, d to a, b
    graph = {"a": ["b"], "b": ["a", "c"], "c": ["d"], "d": ["c"]}
    assert groups(_components(graph)) == {frozenset({"a", "b"}), frozenset({"c", "d"})}
    graph = {"c": ["d"], "d": ["c"], "a": ["b"], "b": ["c", "a"]}  # the other walk order
    assert groups(_components(graph)) == {frozenset({"a", "b"}), frozenset({"c", "d"})}


def test_a_figure_eight_is_one_group():
    graph = {"a": ["b"], "b": ["a", "c"], "c": ["d"], "d": ["b"]}
    assert groups(_components(graph)) == {frozenset({"a", "b", "c", "d"})}


def test_the_low_link_travels_up_past_a_finished_branch():
    # from r the walk first finishes a dead end (u), then the loop r->s->t->r, whose t also
    # leads on to a separate loop v<->w: the low link of t must reach r through s
    graph = {"r": ["u", "s"], "u": [], "s": ["t"], "t": ["v", "r"], "v": ["w"], "w": ["v"]}
    assert groups(_components(graph)) == {frozenset({"r", "s", "t"}), frozenset({"v", "w"})}


_NODES = "abcdef"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_NODES), st.sampled_from(_NODES)), max_size=12))
def test_loops_are_exactly_the_groups_of_rows_that_reach_each_other(edges: list[tuple[str, str]]):
    graph: dict[str, list[str]] = {}
    for a, b in edges:
        if a != b and b not in graph.get(a, []):
            graph.setdefault(a, []).append(b)
    found = _components(graph)
    assert groups(found) == loops(graph)
    for a, b in product(found, found):
        assert (found[a] == found[b]) == any(a in g and b in g for g in loops(graph))


# ------------------------------------------------------------------------ shuffled_rows itself

def state(stage: str, notes: str = "") -> LeadState:
    return LeadState(stage, "", None, "", notes, "", None, "")


def row(sheet: str, line: int, lead: str, exported: LeadState, now: LeadState) -> ParsedRow:
    return ParsedRow(sheet, line, lead, "", exported.fingerprint(), now, "", "", f"P{line}",
                     f"p{line}@x.example", "", [])


def test_values_moved_round_a_loop_are_each_reported_with_the_row_they_came_from():
    a, b, c = state("new", "A"), state("qualified", "B"), state("agreed", "C")
    r3, r5, r7 = row("Leads", 3, "L3", a, b), row("Leads", 5, "L5", b, c), row("Leads", 7, "L7", c, a)
    out = shuffled_rows([r3, r5, r7])
    assert {p.row: src.row for p, src in ((x, out[id(x)]) for x in (r3, r5, r7))} == {3: 5, 5: 7, 7: 3}


def test_two_leads_edited_one_into_the_others_values_is_an_edit():
    a, b, c = state("new", "A"), state("qualified", "B"), state("proposal", "C")
    r3, r5 = row("Leads", 3, "L3", a, b), row("Leads", 5, "L5", b, c)  # a chain, no loop
    assert shuffled_rows([r3, r5]) == {}


def test_unedited_rows_are_never_reported_as_sorted():
    a, b = state("new", "A"), state("qualified", "B")
    assert shuffled_rows([row("Leads", 3, "L3", a, a), row("Leads", 5, "L5", b, b)]) == {}


def test_an_unedited_row_exported_with_the_values_of_a_row_on_a_loop_is_not_reported():
    # two leads were exported alike (both new, nothing else set): one of them swapped values with a
    # third lead, the other still holds its own values and is not part of any sort
    a, b = state("new", "A"), state("qualified", "B")
    r3, r5, r7 = row("Leads", 3, "L3", a, b), row("Leads", 5, "L5", b, a), row("Leads", 7, "L7", a, a)
    assert set(shuffled_rows([r3, r5, r7])) == {id(r3), id(r5)}


def test_a_swap_is_a_loop_only_within_one_sheet():
    # an owner's sheet and the Leads sheet each hold one half of the "swap": no sort on either
    a, b = state("new", "A"), state("qualified", "B")
    assert shuffled_rows([row("Leads", 3, "L3", a, b), row("Alice", 3, "L5", b, a)]) == {}
    swap = [row("Leads", 3, "L3", a, b), row("Leads", 5, "L5", b, a)]
    assert len(shuffled_rows(swap)) == 2


def test_the_source_named_is_another_lead_when_the_version_is_shared():
    # two rows were exported with the same values (the same lead on the sheet twice, or two
    # leads alike): the row named as the source is one of another lead
    a, b = state("new", "A"), state("qualified", "B")
    r3 = row("Leads", 3, "L3", a, b)
    r4 = row("Leads", 4, "L3", a, a)  # the same lead, unedited, exported with a's values too
    r5 = row("Leads", 5, "L5", b, a)
    out = shuffled_rows([r4, r3, r5])
    assert out[id(r5)].lead_uuid == "L3" and out[id(r3)].row == 5
    r9 = row("Leads", 9, "L5", a, a)  # rows of a's version: L3's (row 4) first, then row 9 of L5
    out = shuffled_rows([r4, r9, r3, r5])
    assert out[id(r5)] is r4  # the source of L5's new values is a row of another lead, not row 9


def test_values_moved_between_two_rows_of_one_lead_name_the_other_row():
    # the only row exported with those values is of the same lead: it is still the row named
    a, b = state("new", "A"), state("qualified", "B")
    r3, r5 = row("Leads", 3, "L3", a, b), row("Leads", 5, "L3", b, a)
    out = shuffled_rows([r3, r5])
    assert (out[id(r3)].row, out[id(r5)].row) == (5, 3)
