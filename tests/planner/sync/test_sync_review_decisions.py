"""Deciding a conflict when what it names has gone since: "mine" naming a deleted record is refused
with a reason and the conflict waits; a conflict an erasure has left with two identical sides
("[erased]" against "[erased]") leaves the queue, decided or not."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from planner.domain.enums import AttendeeSide
from planner.errors import ValidationError
from planner.services.editing.dependents import delete_with_dependents
from planner.services.followup.followups import (
    add_follow_up,
    add_lead,
    update_follow_up,
    update_lead,
)
from planner.services.people.merge import merge_people
from planner.services.people.people import add_person
from planner.services.personal_data.privacy import erase_person
from planner.services.schedule.meetings import add_meeting, set_attendees, update_meeting
from planner.storage.models import FollowUp, Lead, Meeting, SyncConflict
from planner.sync.review import KIND_DELETED_THERE, KIND_FIELDS, list_conflicts, resolve
from tests.planner.sync.conftest import Team, event, meeting, person, start_mission


def _lead(s) -> Lead:
    return s.scalars(sa.select(Lead)).one()


def test_taking_mine_that_names_a_person_deleted_since_is_refused_and_the_conflict_waits(team: Team) -> None:
    start_mission(team.laptop("a"))
    with team.laptop("a").transaction() as s:
        add_lead(s, event(s), person=person(s, "k.sato@kyoto.example"), title="Licensing")
    team.sync("a", "b", "c")
    with team.laptop("a").transaction() as s:  # a gives the lead to Tom, b to Anna, both offline
        update_lead(s, _lead(s), owner_id=person(s, "tom@cbc.example").id)
    with team.laptop("b").transaction() as s:
        update_lead(s, _lead(s), owner_id=person(s, "anna@cbc.example").id)
    team.sync("b", "a")
    [conflict] = [c for c in list_conflicts(team.laptop("a")) if c.table == "lead"]
    assert conflict.mine_refused == ""  # Tom is there: mine can be taken
    with team.laptop("c").transaction() as s:  # meanwhile Tom leaves the plan
        delete_with_dependents(s, person(s, "tom@cbc.example"))
    team.sync("c", "a")

    # the list says so before anyone tries (the Review page greys "Keep mine" out with this reason)
    why = ("Cannot take yours: the person it names was deleted since (take theirs, or choose again in the "
           "record)")
    assert [c.mine_refused for c in list_conflicts(team.laptop("a"))] == [why]
    with pytest.raises(ValidationError) as refused:
        resolve(team.laptop("a"), conflict.id, "mine")
    assert str(refused.value) == why
    assert [c.id for c in list_conflicts(team.laptop("a"))] == [conflict.id]  # still waiting
    with team.laptop("a").session() as s:
        assert _lead(s).owner_id == person(s, "anna@cbc.example").id  # the team's value stands
    assert resolve(team.laptop("a"), conflict.id, "theirs").resolved == "theirs"


def test_a_conflict_whose_two_sides_name_only_an_erased_person_leaves_the_queue(team: Team) -> None:
    start_mission(team.laptop("a"))
    team.sync("a", "b")
    with team.laptop("a").transaction() as s:  # the same person, written two ways on two laptops
        update_meeting(s, meeting(s), objective="Kenji Sato")
    with team.laptop("b").transaction() as s:
        update_meeting(s, meeting(s), objective="KENJI SATO")
    team.sync("a", "b")
    [conflict] = list_conflicts(team.laptop("b"))
    assert (conflict.table, conflict.kind) == ("meeting", KIND_FIELDS)

    erase_person(team.laptop("b"), "k.sato@kyoto.example")

    # each side now reads "[erased]": nothing is left to decide, so nothing waits
    assert list_conflicts(team.laptop("b"), include_resolved=True) == []
    with team.laptop("b").session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(SyncConflict)) == 0
        assert meeting(s).objective == "[erased]"


def test_an_erasure_keeps_a_conflict_whose_sides_still_differ(team: Team) -> None:
    start_mission(team.laptop("a"))
    team.sync("a", "b")
    with team.laptop("a").transaction() as s:
        update_meeting(s, meeting(s), objective="Licensing with Kenji Sato")
    with team.laptop("b").transaction() as s:
        update_meeting(s, meeting(s), objective="Kenji Sato: a second round")
    team.sync("a", "b")

    erase_person(team.laptop("b"), "k.sato@kyoto.example")

    [conflict] = list_conflicts(team.laptop("b"))
    assert (conflict.mine["objective"], conflict.theirs["objective"]) == (
        "[erased]: a second round", "Licensing with [erased]")


def _meeting_with_a_duplicate(team: Team) -> None:
    """Kenji is on file twice; the second record is the counterpart of a meeting of Tom's."""
    start_mission(team.laptop("a"))
    with team.laptop("a").transaction() as s:
        twin = add_person(s, given_name="Kenji", family_name="Sato", email="kenji.sato@mail.example")
        add_meeting(s, event(s), start_local=datetime(2026, 10, 15, 14), end_local=datetime(2026, 10, 15, 14, 30),
                    ours=[person(s, "tom@cbc.example")], counterparts=[twin], objective="Second round")
    team.sync("a", "b")


def _second_round(s) -> Meeting:
    return s.scalars(sa.select(Meeting).where(Meeting.objective == "Second round")).one()


def _attending(db) -> list[tuple[str, str]]:
    with db.session() as s:
        return sorted((a.person.email, a.side.value) for a in _second_round(s).attendees)


@pytest.mark.parametrize("side", [AttendeeSide.COUNTERPART, AttendeeSide.OURS])
def test_a_person_added_to_a_meeting_there_and_merged_into_it_here_attends_once(team: Team, side) -> None:
    _meeting_with_a_duplicate(team)
    with team.laptop("a").transaction() as s:  # a adds the real Kenji to the meeting
        m = _second_round(s)
        kenji = person(s, "k.sato@kyoto.example")
        if side is AttendeeSide.COUNTERPART:
            set_attendees(s, m, side, [person(s, "kenji.sato@mail.example"), kenji])
        else:
            set_attendees(s, m, side, [person(s, "tom@cbc.example"), kenji])
    with team.laptop("b").transaction() as s:  # b, offline, merges the duplicate into him
        merge_people(s, person(s, "k.sato@kyoto.example"), person(s, "kenji.sato@mail.example"))
    team.sync("a", "b", "a", "b")

    server_side = side.value  # the team's value shows; the side b's merge gave him waits if it differs
    for db in team.laptops.values():
        assert _attending(db) == sorted([("k.sato@kyoto.example", server_side), ("tom@cbc.example", "ours")])
    waiting = list_conflicts(team.laptop("b"))
    if side is AttendeeSide.COUNTERPART:
        assert waiting == []
    else:
        [conflict] = waiting
        assert (conflict.table, conflict.fields, conflict.mine, conflict.theirs) == (
            "meeting_attendee", ("side",), {"side": "counterpart"}, {"side": "ours"})
        resolve(team.laptop("b"), conflict.id, "mine")
        team.sync("b", "a")
        for db in team.laptops.values():
            assert _attending(db) == sorted([("k.sato@kyoto.example", "counterpart"), ("tom@cbc.example", "ours")])


def test_an_action_whose_lead_was_deleted_there_cannot_come_back_and_the_list_says_why(team: Team) -> None:
    """a moves the follow-up's due date; b, offline, deletes the whole lead. On a the changed
    action is queued ("deleted there"); keeping it would need its lead, which went too: the list
    says so, "mine" is refused with that reason, and "theirs" leaves it deleted."""
    start_mission(team.laptop("a"))
    with team.laptop("a").transaction() as s:
        add_follow_up(s, add_lead(s, event(s), person=person(s, "k.sato@kyoto.example"), title="Licensing"),
                      description="Send the NDA")
    team.sync("a", "b")
    with team.laptop("a").transaction() as s:
        update_follow_up(s, s.scalars(sa.select(FollowUp)).one(), due_date=date(2026, 11, 2))
    with team.laptop("b").transaction() as s:
        delete_with_dependents(s, _lead(s))
    team.sync("b", "a")

    [conflict] = list_conflicts(team.laptop("a"))
    assert (conflict.table, conflict.kind) == ("follow_up", KIND_DELETED_THERE)
    assert conflict.mine_refused == "Cannot bring it back: the lead it belongs to was deleted too"
    with pytest.raises(ValidationError) as refused:
        resolve(team.laptop("a"), conflict.id, "mine")
    assert str(refused.value) == conflict.mine_refused
    assert resolve(team.laptop("a"), conflict.id, "theirs").resolved == "theirs"
    with team.laptop("a").session() as s:
        assert s.scalars(sa.select(FollowUp)).all() == []
