"""The one filter implementation: unknown keys and bad values raise; every spec the dashboard
makes reads back from its filter-box text to the same spec and the same rows."""

from __future__ import annotations

from datetime import date

import pytest

from planner.services.events.events import get_event
from planner.services.views.dashboard import build_dashboard
from planner.services.views.listings import list_follow_ups
from planner.services.views.row_filters import (
    FilterError,
    compile_filter,
    format_filter,
    parse_filter_text,
)

pytestmark = pytest.mark.engines

TODAY = date(2026, 11, 11)


@pytest.mark.parametrize(("view", "spec"), [
    ("follow_up_actions", {"due": "this_week"}),  # the old relative spec: a value the key cannot take
    ("follow_up_actions", {"stage": "new"}),  # a key of another list
    ("follow_up_actions", {"overdue": True}),  # overdue needs the date it is counted from
    ("schedule", {"planned": True}),
    ("meetings", {"status": "postponed"}),
    ("leads", {"owner": "Akira Sato"}),
    ("delegation", {"role": "speaker"}),
    ("people", {}),  # no such list
])
def test_a_key_or_value_a_list_does_not_know_raises(view, spec):
    with pytest.raises(FilterError):
        compile_filter(view, spec)


def test_every_dashboard_spec_reads_back_from_its_filter_box_text(demo_db):
    with demo_db.session() as s:
        event = get_event(s, "biojapan-2026")
        dash = build_dashboard(s, event, today=TODAY, with_conflicts=False)
        specs = [(f.view, f.filter) for f in (*dash.before, *dash.after, *dash.meetings_by_status,
                                              *dash.meetings_by_day, *dash.leads_by_stage)]
        specs += [("follow_up_actions", o.filter(p)) for o in dash.actions_by_owner
                  for p in ("overdue", "due_this_week", "later", "")]
        rows = list_follow_ups(s, event.id, today=TODAY)
    assert len({spec.get("owner") for _, spec in specs}) > 5  # owners with spaces and accents (Bjørn, Siân)
    for view, spec in specs:
        parsed = parse_filter_text(view, format_filter(spec))
        assert (parsed.spec, parsed.words) == (spec, ())
        if view == "follow_up_actions":
            keep, again = compile_filter(view, spec), compile_filter(view, parsed.spec)
            assert [r.id for r in rows if keep(r)] == [r.id for r in rows if again(r)], spec


def test_filter_box_text():
    text = format_filter({"owner": "Akira Sato", "open": True, "due": "2026-11-11..2026-11-15"})
    assert text == 'owner:"Akira Sato" open:yes due:2026-11-11..2026-11-15'
    assert format_filter({"owner": ""}) == 'owner:"(no owner)"'
    assert parse_filter_text("follow_up_actions", 'owner:"(no owner)" NDA').spec == {"owner": ""}
    read = parse_filter_text("follow_up_actions", 'Status:in_progress  send "next week" 10:00')
    assert read.spec == {"status": "in_progress"} and read.words == ("send", "next week", "10:00")
    assert parse_filter_text(None, "a:b c").words == ("a:b", "c")  # lists without keys: free text
    assert parse_filter_text("delegation", "a:b").words == ("a:b",)
    for bad in ("colour:red", "open:maybe", 'owner:"Akira', "overdue:", "due:..", "open:yes open:no",
                "due:2026-13-01"):
        with pytest.raises(FilterError):
            parse_filter_text("follow_up_actions", bad)
