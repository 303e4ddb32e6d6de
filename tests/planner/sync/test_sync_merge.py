"""The three-way merge of one record, rule by rule (pure: no database)."""

from __future__ import annotations

from planner.sync import tables
from planner.sync.merge import merge

GROUPS = [("job_title",), ("phone",), ("email", "email_key"), ("sequence",)]
BASE = {"job_title": "", "phone": "1", "email": "a@x.org", "email_key": "a@x.org", "sequence": 0}


def _with(**changes: object) -> dict[str, object]:
    return {**BASE, **changes}


def test_a_field_changed_on_one_side_only_takes_that_side() -> None:
    mine_only = merge(GROUPS, BASE, _with(job_title="CEO"), BASE)
    assert mine_only.result["job_title"] == "CEO" and not mine_only.conflicts and mine_only.mine_kept
    theirs_only = merge(GROUPS, BASE, BASE, _with(phone="2"))
    assert theirs_only.result["phone"] == "2" and not theirs_only.conflicts and not theirs_only.mine_kept


def test_different_fields_changed_on_each_side_both_stay() -> None:
    out = merge(GROUPS, BASE, _with(job_title="CEO"), _with(phone="2"))
    assert (out.result["job_title"], out.result["phone"]) == ("CEO", "2") and out.conflicts == []


def test_the_same_field_changed_to_the_same_value_is_no_conflict() -> None:
    out = merge(GROUPS, BASE, _with(job_title="CEO"), _with(job_title="CEO"))
    assert out.conflicts == [] and out.result["job_title"] == "CEO" and not out.mine_kept


def test_the_same_field_changed_to_different_values_is_a_conflict_and_the_server_value_shows() -> None:
    out = merge(GROUPS, BASE, _with(job_title="CEO"), _with(job_title="CTO"))
    assert out.conflicts == [("job_title",)] and out.result["job_title"] == "CTO"


def test_fields_that_belong_together_conflict_once() -> None:
    out = merge(GROUPS, BASE, _with(email="b@x.org", email_key="b@x.org"),
                _with(email="c@x.org", email_key="c@x.org"))
    assert out.conflicts == [("email", "email_key")]


def test_a_calendar_sequence_takes_the_larger_value_without_a_conflict() -> None:
    rule = tuple(tables.MAX_FIELDS)
    out = merge(GROUPS, BASE, _with(sequence=3), _with(sequence=2), max_fields=rule)
    assert out.result["sequence"] == 3 and out.conflicts == []
    out = merge(GROUPS, BASE, _with(sequence=1), _with(sequence=4), max_fields=rule)
    assert out.result["sequence"] == 4 and out.conflicts == []


def test_without_a_base_what_both_set_differently_conflicts_and_what_this_side_left_empty_takes_theirs() -> None:
    out = merge(GROUPS, None, _with(job_title="", phone="9"), _with(job_title="CTO", phone="8"))
    assert out.conflicts == [("phone",)] and out.result["job_title"] == "CTO"
    same = merge(GROUPS, None, BASE, BASE)  # a push whose answer was lost: the echo is the same
    assert same.conflicts == [] and same.result == BASE and not same.mine_kept


def test_a_meetings_time_and_place_are_one_group() -> None:
    meeting = tables.table("meeting")
    groups = tables.groups(meeting)
    time_and_place = next(g for g in groups if "start_local" in g)
    assert {"end_local", "tz", "start_utc", "venue_id", "room_id"} <= set(time_and_place)
    assert all(g != ("uuid",) and g != ("created_at",) for g in groups)
    assert ("objective",) in groups


def test_what_travels_leaves_out_local_ids_versions_and_who_saved() -> None:
    person = tables.table("person")
    assert {"id", "version", "changed_by", "updated_at"}.isdisjoint(tables.fields(person))
    assert {"uuid", "email", "organisation_id", "created_at"} <= set(tables.fields(person))
    synced = tables.synced_names()
    assert {"audit_entry", "export_log", "export_log_person", "sync_base", "sync_conflict"}.isdisjoint(synced)
    assert {"person", "meeting", "meeting_attendee", "erasure_log", "record_redirect"} <= synced
