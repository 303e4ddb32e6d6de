"""One member organisation's leads and follow-ups (issue 19): the member: filter on both lists,
the member organisations an event offers, and a typed name checked against them."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import NotFoundError
from planner.services.events.events import get_event
from planner.services.followup.leads import list_leads as sheet_rows
from planner.services.followup.member_organisations import (
    member_organisation_names,
    resolve_member_organisation,
)
from planner.services.views.listings import list_follow_ups, list_leads
from planner.services.views.row_filters import (
    NO_MEMBER,
    FilterError,
    compile_filter,
    format_filter,
    parse_filter_text,
    replace_filter_key,
)
from planner.storage.database import Database

from .conftest import AS_OF, EVENT, LUNE, PIMLICO, TYNE

pytestmark = pytest.mark.engines


def _read(path: Path, fn):
    db = Database.open(path)
    try:
        with db.session() as s:
            return fn(s, get_event(s, EVENT))
    finally:
        db.close()


def test_the_gui_lead_rows_carry_each_leads_member_organisation(members_db):
    rows = _read(members_db, lambda s, e: list_leads(s, e.id))
    assert {r.title: r.member_organisation for r in rows} == {
        "Sato licensing": LUNE, "Ito distribution": LUNE, "Kim materials": TYNE, "Park, no member": ""}


def test_member_filter_keeps_one_member_organisations_leads_in_any_case(members_db):
    rows = _read(members_db, lambda s, e: list_leads(s, e.id))
    keep = compile_filter("leads", parse_filter_text("leads", 'member:"lune microbiome LTD"').spec)
    assert sorted(r.title for r in rows if keep(r)) == ["Ito distribution", "Sato licensing"]
    none = compile_filter("leads", parse_filter_text("leads", f'member:"{NO_MEMBER}"').spec)
    assert [r.title for r in rows if none(r)] == ["Park, no member"]


def test_one_member_organisations_overdue_follow_ups(members_db):
    rows = _read(members_db, lambda s, e: list_follow_ups(s, e.id, today=AS_OF))
    spec = parse_filter_text("follow_up_actions", f'member:"{LUNE}" overdue:{AS_OF}').spec
    keep = compile_filter("follow_up_actions", spec)
    # Lune's "Call back" is not due yet and its thank-you letter is done: only the NDA is overdue
    assert [r.description for r in rows if keep(r)] == ["Send NDA"]
    tyne = compile_filter("follow_up_actions", {"member": TYNE})
    assert [r.description for r in rows if tyne(r)] == ["Quote"]


def test_the_sheet_rows_the_cli_lists_filter_the_same_way(members_db):
    rows = _read(members_db, lambda s, e: sheet_rows(s, e))
    keep = compile_filter("leads", {"member": TYNE})
    assert [r.title for r in rows if keep(r)] == ["Kim materials"]


def test_no_member_organisation_reads_back_as_the_same_filter():
    spec = parse_filter_text("leads", f'member:"{NO_MEMBER}" stage:new').spec
    assert spec == {"member": "", "stage": "new"}
    assert parse_filter_text("leads", format_filter(spec)).spec == spec
    assert format_filter({"member": "Lune Microbiome Ltd"}) == 'member:"Lune Microbiome Ltd"'


@pytest.mark.parametrize(("text", "value", "expected"), [
    ("", LUNE, f'member:"{LUNE}"'),
    ('stage:new sato', TYNE, f'stage:new sato member:"{TYNE}"'),
    (f'member:"{LUNE}" "Send NDA"', TYNE, f'"Send NDA" member:"{TYNE}"'),  # replaced, never given twice
    (f'stage:new member:"{LUNE}" sato', None, "stage:new sato"),  # "all member organisations"
    ("member:Lune", "", f'member:"{NO_MEMBER}"'),
])
def test_a_drop_down_choice_rewrites_only_the_member_condition(text, value, expected):
    result = replace_filter_key("leads", text, "member", value)
    assert result == expected
    parse_filter_text("leads", result)  # and the box can read what it wrote


def test_a_drop_down_for_a_key_a_list_does_not_have_is_refused():
    with pytest.raises(FilterError):
        replace_filter_key("meetings", "", "member", LUNE)


def test_the_event_offers_its_delegation_members_and_every_member_its_leads_name(members_db):
    # Pimlico has no leads yet and is still offered (its list is empty, not missing)
    assert _read(members_db, lambda s, e: member_organisation_names(s, e.id)) == [LUNE, PIMLICO, TYNE]


def test_a_typed_member_name_resolves_to_the_events_spelling(members_db):
    assert _read(members_db, lambda s, e: resolve_member_organisation(s, e.id, e.code, "  tyne materials ltd ")) == TYNE
    assert _read(members_db, lambda s, e: resolve_member_organisation(s, e.id, e.code, NO_MEMBER.upper())) == ""


def test_a_member_name_the_event_does_not_have_is_an_error_naming_the_close_ones(members_db):
    with pytest.raises(NotFoundError) as err:
        _read(members_db, lambda s, e: resolve_member_organisation(s, e.id, e.code, "Lune"))
    assert LUNE in str(err.value) and "not a member organisation of mission" in str(err.value)
