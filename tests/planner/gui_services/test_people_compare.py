"""Two people side by side before a merge: what differs is flagged, what refers to each is counted."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime

import pytest

from planner.domain.enums import AliasKind, DelegateRole, NameOrder
from planner.errors import NotFoundError
from planner.services.events.delegations import add_delegate, add_event_contact, event_delegation
from planner.services.events.events import add_event
from planner.services.followup.followups import add_follow_up, add_lead
from planner.services.people.identity import add_alias
from planner.services.people.people import add_person, find_or_add_organisation
from planner.services.people.people_compare import (
    CompareRow,
    PeopleComparison,
    PersonSide,
    compare_people,
)
from planner.services.schedule.meetings import add_meeting
from planner.storage.database import Database
from planner.storage.models import PersonExternalId

pytestmark = pytest.mark.engines


@pytest.fixture
def pair(db: Database) -> tuple[str, str]:
    """Yamada Taro twice: once from last year's delegation list, once from a partnering export."""
    with db.transaction() as s:
        event = add_event(s, code="biojapan-2026", name="BioJapan 2026", start_date=date(2026, 10, 14),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        sakura = find_or_add_organisation(s, "Sakura Pharma K.K.")
        ours = add_person(s, given_name="Alice", family_name="Fraser", email="alice@ukmission.example")
        left = add_person(s, given_name="Taro", family_name="Yamada", native_name="山田 太郎",
                          name_order=NameOrder.FAMILY_FIRST, email="Taro.Yamada@sakura-pharma.example",
                          organisation=sakura, job_title="Head of BD", phone="+81 3 1234 5678", country="JP")
        right = add_person(s, given_name="ＴＡＲＯ", family_name="Yamada", name_order=NameOrder.FAMILY_FIRST,
                           email="taro.yamada@sakura-pharma.example", organisation=sakura,
                           job_title="Director, Business Development", country="JP")
        add_delegate(s, event_delegation(s, event, create=True), left, DelegateRole.SPEAKER)
        add_event_contact(s, event, right, "partnering")
        add_meeting(s, event, start_local=datetime(2026, 10, 14, 10), end_local=datetime(2026, 10, 14, 10, 30),
                    ours=[ours], counterparts=[right])
        add_meeting(s, event, start_local=datetime(2026, 10, 15, 10), end_local=datetime(2026, 10, 15, 10, 30),
                    ours=[ours], counterparts=[right])
        lead = add_lead(s, event, person=right, owner=left)
        add_follow_up(s, lead, description="Send the NDA", owner=left)
        add_alias(s, left, AliasKind.EMAIL, "t.yamada@old-mail.example")
        add_alias(s, left, AliasKind.READING, "やまだ たろう")
        s.add(PersonExternalId(person_id=right.id, source="pretix", event_id=event.id, value="ABC12-1"))
        return left.uuid, right.uuid


def _compare(db: Database, a: str, b: str) -> PeopleComparison:
    with db.session() as s:
        return compare_people(s, a, b)


def test_case_and_width_are_not_differences_but_other_values_are(db: Database, pair: tuple[str, str]) -> None:
    c = _compare(db, *pair)
    # "Taro" and full-width "ＴＡＲＯ", and e-mails differing only in case, are the same value
    assert not c.row("given_name").differs and not c.row("email").differs
    assert not c.row("organisation").differs and not c.row("country").differs
    job = c.row("job_title")
    assert job.differs and job.conflict
    assert (job.left, job.right) == ("Head of BD", "Director, Business Development")


def test_a_value_only_one_side_has_differs_without_conflict(db: Database, pair: tuple[str, str]) -> None:
    c = _compare(db, *pair)
    for key in ("native_name", "phone"):
        row = c.row(key)
        assert row.differs and not row.conflict, key
    assert c.row("native_name").left == "山田 太郎" and c.row("native_name").right == ""


def test_aliases_and_registration_keys_are_shown_per_side(db: Database, pair: tuple[str, str]) -> None:
    c = _compare(db, *pair)
    assert c.row("email_aliases").left == "t.yamada@old-mail.example"
    assert c.row("name_aliases").left == "やまだ たろう"
    assert c.row("external_ids").right == "pretix · biojapan-2026 · ABC12-1"
    assert c.row("external_ids").differs and not c.row("external_ids").conflict


def test_events_and_roles_of_each(db: Database, pair: tuple[str, str]) -> None:
    c = _compare(db, *pair)
    events = c.row("events")
    assert events.left == "BioJapan 2026 — speaker"
    assert events.right == "BioJapan 2026 — contact, counterpart"
    assert events.differs


def test_references_are_counted_and_never_flagged(db: Database, pair: tuple[str, str]) -> None:
    c = _compare(db, *pair)
    counts = {key: (c.row(key).left, c.row(key).right) for key in ("meetings", "leads", "follow_ups")}
    assert counts == {"meetings": ("0", "2"), "leads": ("1", "1"), "follow_ups": ("1", "0")}
    assert not any(r.differs for r in c.rows if r.section == "references")
    assert all(r.section != "references" for r in c.differing)


def test_sides_follow_the_order_asked_for(db: Database, pair: tuple[str, str]) -> None:
    left, right = pair
    c = _compare(db, right, left)
    assert (c.left.uuid, c.right.uuid) == (right, left)
    assert c.row("job_title").left == "Director, Business Development"
    assert c.left.label == "YAMADA ＴＡＲＯ" and c.right.label == "YAMADA Taro"


def test_only_plain_values_come_out(db: Database, pair: tuple[str, str]) -> None:
    c = _compare(db, *pair)  # the session is closed: nothing may lazy-load
    for side in (c.left, c.right):
        assert isinstance(side, PersonSide)
        assert all(isinstance(getattr(side, f.name), int | str) for f in fields(side))
    for row in c.rows:
        assert isinstance(row, CompareRow)
        assert all(isinstance(getattr(row, f.name), str | bool) for f in fields(row))


def test_a_person_merged_meanwhile_is_a_clear_error(db: Database, pair: tuple[str, str]) -> None:
    with pytest.raises(NotFoundError, match="No person"):
        _compare(db, pair[0], "00000000-0000-0000-0000-000000000000")
