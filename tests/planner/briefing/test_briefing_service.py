"""build_briefing: what goes into a pack, and a query count that does not grow with the mission."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from planner.demo import build_demo
from planner.domain.enums import AttendeeSide, MeetingStatus
from planner.errors import NotFoundError
from planner.services.events.events import get_event
from planner.services.outputs.briefing import BRIEFED_STATUSES, build_briefing, language_hint
from planner.storage.database import Database
from planner.storage.models import Delegate, Meeting, MeetingAttendee, Person, SlotPerson
from tests.planner.briefing.conftest import Mission


def _count_queries(path: Path, scale: int) -> tuple[int, int]:
    db = Database.open(path)
    try:
        with db.transaction() as s:
            build_demo(s, scale=scale)
        seen = [0]

        def count(*_args: object) -> None:
            seen[0] += 1

        sa_event.listen(db.engine, "before_cursor_execute", count)
        with db.session() as s:
            briefing = build_briefing(s, get_event(s, "biojapan-2026"))
        return seen[0], len(briefing.meetings)
    finally:
        db.close()


def test_query_count_does_not_grow_with_the_mission(tmp_path: Path) -> None:
    small, small_meetings = _count_queries(tmp_path / "s1.db", 1)
    large, large_meetings = _count_queries(tmp_path / "s3.db", 3)
    assert large_meetings > 2.5 * small_meetings
    assert large == small < 40


def test_whole_delegation_pack_holds_every_delegate_and_briefed_meeting(mission: Mission) -> None:
    b = mission.briefing
    with mission.db.session() as s:
        delegates = s.scalar(select(func.count()).select_from(Delegate))
        briefed = set(s.scalars(select(Meeting.id).where(Meeting.status.in_(BRIEFED_STATUSES))))
        dropped = set(s.scalars(select(Meeting.id).where(Meeting.status.in_(
            [MeetingStatus.DECLINED, MeetingStatus.CANCELLED, MeetingStatus.NO_SHOW]))))
    assert len(b.packs) == delegates
    assert set(b.meetings) == briefed and dropped and not dropped & set(b.meetings)
    starts = [m.start_utc for m in b.meetings.values()]
    assert starts == sorted(starts)
    assert [m.ref for m in b.meetings.values()][:3] == ["M1", "M2", "M3"]
    assert b.staff and b.staff[0].role == "Lead"
    assert b.whole_delegation


def test_one_delegates_pack_has_exactly_their_meetings_and_slots(mission: Mission) -> None:
    pack = max(mission.briefing.packs, key=lambda p: len(p.meeting_ids))
    pid = pack.delegate.person.id
    with mission.db.session() as s:
        one = build_briefing(s, get_event(s, "biojapan-2026"), [pid])
        theirs = set(s.scalars(select(MeetingAttendee.meeting_id).join(Meeting).where(
            MeetingAttendee.person_id == pid, MeetingAttendee.side == AttendeeSide.OURS,
            Meeting.status.in_(BRIEFED_STATUSES))))
        slots = set(s.scalars(select(SlotPerson.slot_id).where(SlotPerson.person_id == pid)))
    assert not one.whole_delegation and [p.delegate.person.id for p in one.packs] == [pid]
    assert set(one.packs[0].meeting_ids) == set(one.meetings) == theirs
    assert set(one.packs[0].slot_ids) == set(one.slots) == slots
    for mid in one.meetings:  # references agree with the delegation pack
        assert one.meetings[mid].ref == mission.briefing.meetings[mid].ref
    people = one.people_in_pack(one.packs[0])
    assert pid in people and all(p.id in people for m in one.meetings.values() for p in m.counterparts)


def test_a_person_who_is_not_a_delegate_is_refused(mission: Mission) -> None:
    with mission.db.session() as s:
        counterpart = s.scalars(select(MeetingAttendee.person_id).where(
            MeetingAttendee.side == AttendeeSide.COUNTERPART)).first()
        assert counterpart is not None
        with pytest.raises(NotFoundError):
            build_briefing(s, get_event(s, "biojapan-2026"), [counterpart])


def test_language_hints_follow_language_then_country(mission: Mission) -> None:
    assert language_hint("zh", "TW") == "zh-Hant"
    assert language_hint("zh", "CN") == "zh-Hans"
    assert language_hint("", "KR") == "ko"
    assert language_hint("ja", "GB") == "ja"
    assert language_hint("", "GB") is None
    with mission.db.session() as s:
        taiwanese = s.scalars(select(Person.id).where(Person.native_name == "陳大文", Person.country == "TW")).first()
    found = [p for m in mission.briefing.meetings.values() for p in m.counterparts if p.id == taiwanese]
    assert found and found[0].lang == "zh-Hant"
