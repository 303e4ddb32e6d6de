"""Briefing packs read the way a delegate's tools read them: pdftotext, pdffonts, pdftoppm, pypdf."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from planner.errors import Cancelled, ValidationError
from planner.exports.briefing.briefing_pdf import (
    pack_file_names,
    write_briefing_pdf,
    write_delegate_packs,
)
from planner.storage.models import Organisation, Person
from tests.planner.briefing.conftest import (
    EMOJI,
    HOSTILE_DELEGATE,
    HOSTILE_ORG,
    LONG_NOTES,
    LONG_ORG,
    NOTE,
    SCRIPTS,
    Mission,
    run,
    squash,
)


def _text(pdf: Path) -> str:
    return run("pdftotext", "-enc", "UTF-8", str(pdf), "-")


def _native_names(mission: Mission, person_ids: frozenset[int]) -> list[str]:
    with mission.db.session() as s:
        return [n for n in s.scalars(select(Person.native_name).where(Person.id.in_(person_ids))) if n]


def test_every_native_name_in_the_delegation_pack_prints(mission: Mission) -> None:
    text = squash(_text(mission.whole.path))
    names = _native_names(mission, mission.whole.person_ids)
    assert len(names) > 40  # the demo's Japanese, Korean and Chinese counterparts
    missing = [n for n in names if squash(n) not in text]
    assert not missing, missing
    org_ids = {m.organisation.id for m in mission.briefing.meetings.values() if m.organisation}
    with mission.db.session() as s:
        orgs = [n for n in s.scalars(select(Organisation.native_name).where(Organisation.id.in_(org_ids))) if n]
    assert len(orgs) > 10
    assert [o for o in orgs if squash(o) not in text] == []


def test_every_script_prints_in_one_delegates_pack(mission: Mission) -> None:
    text = squash(_text(mission.one.path))
    for given, family, native, reading, country, _lang in SCRIPTS.values():
        assert given and family  # every counterpart has both parts: an empty part would prove nothing
        for part in (native, reading):
            if part:  # not every script has a native form or a reading (Korean, Vietnamese)
                assert squash(part) in text, part
        # East Asian names print family first, the family name in capitals ("YAMADA Taro");
        # the others (here a Vietnamese name) given name first, as written
        shown = f"{family.upper()} {given}" if country in ("JP", "KR", "CN", "TW") else f"{given} {family}"
        assert squash(shown) in text, shown
    assert squash("ﾔﾏﾀﾞ ﾀﾛｳ") in text  # half-width katakana survive (no NFKC folding)
    assert mission.one.pages >= 6


def test_user_markup_prints_literally_and_opens_no_file(mission: Mission) -> None:
    text = squash(_text(mission.one.path))
    for literal in (HOSTILE_ORG, NOTE, f"{HOSTILE_DELEGATE[0]} {HOSTILE_DELEGATE[1]}",
                    "Director of <Everything> & More", "Line two & <three>"):
        assert squash(literal) in text, literal
    assert not [p for p in mission.opened if Path(p).name == "x.png"], mission.opened
    assert any(Path(p).name.endswith(".pdf") for p in mission.opened)  # the hook was listening


def test_long_texts_are_never_cut(mission: Mission) -> None:
    text = squash(_text(mission.one.path))
    org = mission.briefing.pack_for(mission.delegate_id).delegate.person.organisation
    assert len(org) == 300 and squash(LONG_ORG).startswith(squash(org))  # stored at its maximum
    assert squash(org) in text
    pack = mission.briefing.pack_for(mission.delegate_id)
    notes = next(mission.briefing.meetings[i].notes for i in pack.meeting_ids
                 if mission.briefing.meetings[i].notes.startswith("ZZZ"))
    assert notes == f"{LONG_NOTES} {EMOJI}"  # 9,000 characters, stored whole
    pos = 0
    for token in LONG_NOTES.split():  # a 400-character token and 850 words, in order, over pages
        found = text.find(token, pos)
        assert found >= 0, f"{token[:20]} missing after position {pos}"
        pos = found + len(token)


def test_uncovered_characters_are_reported(mission: Mission) -> None:
    assert EMOJI in mission.one.uncovered
    assert mission.one.uncovered_described == ["U+1F469 WOMAN"]


def test_fonts_are_embedded_truetype_only(mission: Mission) -> None:
    for pdf in (mission.whole.path, mission.one.path):
        rows = run("pdffonts", str(pdf)).splitlines()[2:]
        assert rows
        for row in rows:
            cols = row.split()
            assert cols[-5] == "yes" and cols[1] == "TrueType", row
            assert "Helvetica" not in row and "Times" not in row
        names = {row.split()[0].split("+", 1)[-1] for row in rows}
        assert {"DejaVuSans", "IPAexGothic", "NanumGothic"} <= names, names


def test_pages_render(mission: Mission, tmp_path: Path) -> None:
    run("pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "40", str(mission.one.path), str(tmp_path / "p"))
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == min(mission.one.pages, 40)
    assert all(p.stat().st_size > 1000 for p in pngs)
    info = run("pdfinfo", str(mission.whole.path))
    pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
    assert int(pages) == mission.whole.pages > 50
    assert "595.276 x 841.89 pts (A4)" in info


def test_outline_contents_and_page_numbers(mission: Mission) -> None:
    reader = PdfReader(str(mission.one.path))
    titles = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    for section in ("Key information", "Itinerary", "Meetings", "Your showcase slots and events", "Contact sheet"):
        assert section in titles
    assert any(HOSTILE_ORG in t for t in titles), titles  # meeting bookmark, literal text
    text = _text(mission.one.path)
    assert "Contents" in text and "Placeholder" not in text
    assert f"Page 2 of {mission.one.pages}" in text
    assert f"Page {mission.one.pages} of {mission.one.pages}" in text
    assert len(reader.pages) == mission.one.pages


def test_itinerary_shows_local_and_home_time(mission: Mission) -> None:
    text = _text(mission.one.path)
    assert "16:00 JST · 08:00 BST" in text  # the hostile meeting, from format_dual
    assert "Thursday 15 October 2026" in text


def test_delegation_pack_has_whos_who_and_showcase_programme(mission: Mission) -> None:
    text = _text(mission.whole.path)
    assert "Who's who in the delegation" in text
    assert "Showcase programme" in text
    flat = squash(text)
    for pack in mission.briefing.packs:
        assert squash(pack.delegate.person.name) in flat
    slots = [s for s in mission.briefing.slots.values() if s.is_showcase]
    assert slots and all(squash(s.title) in flat for s in slots)


def test_output_is_byte_reproducible_and_letter_works(mission: Mission, tmp_path: Path) -> None:
    again = write_briefing_pdf(mission.briefing, tmp_path / "again.pdf", delegate_id=mission.delegate_id)
    assert again.path.read_bytes() == mission.one.path.read_bytes()
    letter = write_briefing_pdf(mission.briefing, tmp_path / "letter.pdf", delegate_id=mission.delegate_id,
                                paper="Letter")
    assert "612 x 792 pts (letter)" in run("pdfinfo", str(letter.path))
    with pytest.raises(ValidationError):
        write_briefing_pdf(mission.briefing, tmp_path / "x.pdf", paper="a5")


def test_cancel_leaves_no_file_and_no_temp(mission: Mission, tmp_path: Path) -> None:
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"old pack")
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 30

    with pytest.raises(Cancelled):
        write_briefing_pdf(mission.briefing, target, delegate_id=mission.delegate_id, cancel=cancel)
    assert target.read_bytes() == b"old pack"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]


def test_progress_reaches_the_end(mission: Mission, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    write_briefing_pdf(mission.briefing, tmp_path / "p.pdf", delegate_id=mission.delegate_id,
                       progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_per_delegate_files_are_unique_and_inside_the_folder(mission: Mission, tmp_path: Path) -> None:
    names = pack_file_names(mission.briefing)
    assert len(set(n.casefold() for n in names.values())) == len(names)
    # Two demo delegates share a name in different organisations: the organisation tells them apart.
    assert any(" - " in n.removeprefix("biojapan-2026 - ") for n in names.values())
    hostile = names[mission.delegate_id]
    assert not set('/\\:*?"<>|') & set(hostile) and hostile.endswith(".pdf")
    # A small subset keeps the test quick: the hostile delegate and one other.
    sub = type(mission.briefing)(**{**mission.briefing.__dict__,
                                   "packs": tuple(p for p in mission.briefing.packs
                                                  if p.delegate.person.id == mission.delegate_id)
                                   + mission.briefing.packs[:1]})
    out = tmp_path / "packs"
    files = write_delegate_packs(sub, out)
    assert len(files) == 2
    assert {f.path.parent for f in files} == {out.resolve()}
    assert sorted(p.name for p in out.iterdir()) == sorted(f.path.name for f in files)
