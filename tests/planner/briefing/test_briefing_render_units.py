"""Renderer details checked without building a whole PDF: font choice per script, notes, times."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from planner.exports.briefing.briefing_cover import date_range, person_lines, time_zone_note
from planner.exports.briefing.briefing_data import PersonInfo
from planner.exports.briefing.briefing_doc import PackContext
from planner.exports.pdf_text import FontSet, make_styles, register_fonts
from tests.planner.briefing.conftest import Mission


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return register_fonts()


def _ctx(fonts: FontSet) -> PackContext:
    return PackContext(fonts, make_styles(fonts), 500, 700, "Europe/London")


def _person(mission: Mission, key: str) -> PersonInfo:
    """One of the counterparts added by conftest (their organisation is Japanese)."""
    email = f"{key}@att-japan.example"
    return next(p for m in mission.briefing.meetings.values() for p in m.counterparts if p.email == email)


def test_each_part_of_a_person_block_uses_its_own_language(mission: Mission, fonts: FontSet) -> None:
    korean = _person(mission, "ko")
    assert korean.organisation_native == "エーティー・アンド・ティー"
    text = person_lines(korean, ctx=_ctx(fonts)).text
    assert f'<font name="{fonts.ko}">김민준</font>' in text
    # The organisation is Japanese: its katakana use the Japanese face, not the Korean one.
    assert f'<font name="{fonts.ja}">エーティー・アンド・ティー' in text
    taiwanese = _person(mission, "zh-hant")
    assert f'<font name="{fonts.zh_hant}">陳大文</font>' in person_lines(taiwanese, ctx=_ctx(fonts)).text
    japanese = _person(mission, "ja-halfwidth")
    assert f'<font name="{fonts.ja}">山田 太郎</font>' in person_lines(japanese, ctx=_ctx(fonts)).text


def test_person_block_escapes_user_text(mission: Mission, fonts: FontSet) -> None:
    person = replace(_person(mission, "ko"), name="<b>A&B</b>", job_title='<img src="x.png"/>')
    text = person_lines(person, ctx=_ctx(fonts)).text
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in text and "<img" not in text


def test_time_zone_note_and_dates(mission: Mission) -> None:
    b = mission.briefing
    note = time_zone_note(b)
    assert "JST, Asia/Tokyo" in note and "BST, Europe/London" in note and "8 hours ahead" in note
    assert "clocks change" not in note
    late = replace(b, event_start=date(2026, 10, 23), event_end=date(2026, 10, 27))
    assert "clocks change at home" in time_zone_note(late)  # the UK leaves BST on 25 October
    assert date_range(b) == "13–16 October 2026"
    assert date_range(replace(b, event_end=date(2026, 11, 2))) == "13 October 2026 – 02 November 2026"
    same = replace(b, tz="Europe/London", city="London")
    assert "shown beside" not in time_zone_note(same)


def test_a_heading_split_over_two_pages_bookmarks_once(fonts: FontSet) -> None:
    from planner.exports.briefing.briefing_doc import heading

    h = heading(_ctx(fonts), "A very long counterpart organisation name " * 40, level=1, key="m-1")
    _w, height = h.wrap(300, 10_000)
    first, second = h.split(300, height / 2)
    assert first.outline is not None and first.outline[2] == "m-1" and second.outline is None
