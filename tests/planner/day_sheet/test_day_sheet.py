"""The day sheet (issue 19): one day of the mission as a list, read back the way a user's tools
see it (pdftotext, pdffonts, pypdf), and ``planner export day`` as a script calls it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from planner.cli import main
from planner.domain import timezones
from planner.exports.day_sheet import write_day_sheet_pdf
from planner.services.events.events import get_event
from planner.services.outputs.export_log import list_exports
from planner.services.people.people import find_person
from planner.services.schedule.conflicts import check_event
from planner.services.schedule.day_sheet import build_day_sheet
from planner.services.schedule.timeline import load_timeline
from planner.storage.database import Database
from tests.planner.briefing.conftest import (
    HOSTILE_DELEGATE,
    HOSTILE_ORG,
    add_hostile_data,
    run,
    squash,
)

pytestmark = pytest.mark.engines

WED = date(2026, 10, 14)
THU = date(2026, 10, 15)
PREPARED = datetime(2026, 10, 1, 9, 0)


@pytest.fixture(scope="module")
def mission(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("day")
    path = folder / "demo.db"
    assert main(["--db", str(path), "demo"]) == 0
    db = Database.open(path)
    delegate_id = add_hostile_data(db)  # a meeting with "AT&T <Japan> K.K. & Sons" on Thursday
    yield db, path, delegate_id
    db.close()


def _sheet(db: Database, day: date, delegate_id: int | None = None):
    with db.session() as s:
        return build_day_sheet(s, get_event(s, "biojapan-2026"), day, delegate_id=delegate_id,
                               prepared_at=PREPARED)


def test_every_item_of_the_day_is_listed_once_in_event_time_with_home_time(mission):
    db, _path, _ = mission
    sheet = _sheet(db, WED)
    with db.session() as s:
        event = get_event(s, "biojapan-2026")
        tl = load_timeline(s, event)
    lo, hi = timezones.local_day_bounds(WED, "Asia/Tokyo")
    on_day = [it for it in tl.items if it.start < hi and it.end > lo]
    assert sorted(e.uuid for e in sheet.entries) == sorted(it.uuid for it in on_day if it.occupies)
    assert sheet.left_out == sum(1 for it in on_day if not it.occupies) > 0
    first = sheet.entries[0]
    local = timezones.from_utc(first.start_utc, "Asia/Tokyo")
    home = timezones.from_utc(first.start_utc, "Europe/London")
    assert first.event_time.startswith(f"{local:%H:%M}–") and first.event_time.endswith(" JST")
    assert first.home_time.startswith(f"{home:%H:%M}–") and first.home_time.endswith(" BST")
    assert [e.start_utc for e in sheet.entries] == sorted(e.start_utc for e in sheet.entries)


def test_conflicts_are_the_checkers_own_for_the_days_items(mission):
    db, _path, _ = mission
    sheet = _sheet(db, WED)
    with db.session() as s:
        report = check_event(s, get_event(s, "biojapan-2026"))
    on_sheet = {e.uuid for e in sheet.entries}
    expected = {c.key for c in report.conflicts if on_sheet.intersection(c.items)}
    assert expected and sheet.conflict_keys == expected
    for e in sheet.entries:  # each line carries exactly the conflicts that name it
        assert set(e.conflict_keys) == {c.key for c in report.conflicts if e.uuid in c.items}


def test_one_delegates_sheet_holds_only_their_day(mission):
    db, _path, _ = mission
    whole = _sheet(db, WED)
    busy = max(whole.delegates, key=lambda d: len(d.entries))
    mine = _sheet(db, WED, busy.person.id)
    assert [e.uuid for e in mine.entries] == [e.uuid for e in busy.entries]
    assert all(busy.person.id in e.ours for e in mine.entries)
    assert mine.free == () and [d.person.id for d in mine.delegates] == [busy.person.id]
    # the whole sheet names every delegate once: busy or free all day
    assert len(whole.delegates) + len(whole.free) == len(whole.people)


def test_a_counterpart_or_a_day_outside_the_event_is_refused(mission):
    from planner.errors import NotFoundError, ValidationError

    db, _path, _ = mission
    with db.session() as s:
        counterpart = find_person(s, "ja-halfwidth@att-japan.example").id
    with pytest.raises(NotFoundError):
        _sheet(db, WED, counterpart)
    with pytest.raises(ValidationError, match="outside"):
        _sheet(db, date(2025, 10, 14))


def test_the_pdf_prints_every_line_literally_on_a4_portrait_with_embedded_fonts(mission, tmp_path):
    db, _path, _ = mission
    sheet = _sheet(db, THU)
    target = tmp_path / "thu.pdf"
    result = write_day_sheet_pdf(sheet, target)
    reader = PdfReader(target)
    assert len(reader.pages) == result.pages
    for page in reader.pages:  # A4 portrait
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = squash(run("pdftotext", str(target), "-"))  # reading order: a wrapped cell stays whole
    assert squash("Thursday 15 October 2026") in text
    assert squash(HOSTILE_ORG) in text  # "AT&T <Japan>" printed as typed, markup not obeyed
    assert squash(f"{HOSTILE_DELEGATE[0]} {HOSTILE_DELEGATE[1]}") in text
    for e in sheet.entries:
        assert squash(e.event_time) in text and squash(e.home_time) in text
    for d in sheet.delegates:  # each delegate's day
        assert squash(d.person.name) in text
    fonts = run("pdffonts", str(target)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # every font embedded


def test_conflicts_are_marked_on_their_lines_in_the_pdf(mission, tmp_path):
    db, _path, _ = mission
    sheet = _sheet(db, WED)
    result = write_day_sheet_pdf(sheet, tmp_path / "wed.pdf")
    text = run("pdftotext", "-layout", str(tmp_path / "wed.pdf"), "-")
    assert result.conflict_keys == sheet.conflict_keys
    assert f"Schedule conflicts ({len(sheet.conflicts)})" in text
    assert text.count("\u26a0 Clash with the") >= 2  # both meetings of a double booking say so
    for note in sheet.conflicts:
        assert squash(note.message)[:60] in squash(text)


def test_cli_writes_logs_and_refuses_bad_input(demo_db: Database, tmp_path: Path, capsys):
    add_hostile_data(demo_db)
    path = demo_db.target
    out = tmp_path / "day.pdf"
    assert main(["--db", str(path), "export", "day", "--event", "biojapan-2026", "--date", "2026-10-14",
                 "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    err = capsys.readouterr().err
    assert "conflicts marked on the day sheet" in err
    db = Database.open(path)
    try:
        with db.session() as s:
            assert any(e.kind == "day_sheet" and e.path == str(out.resolve()) for e in list_exports(s))
    finally:
        db.close()
    for args in (["--date", "2026-13-01"], ["--date", "2025-10-14"], ["--date", "2026-10-14", "--delegate",
                                                                        "nobody@example.org"]):
        bad = tmp_path / "bad.pdf"
        with pytest.raises(SystemExit) as exc:
            code = main(["--db", str(path), "export", "day", "--event", "biojapan-2026", *args, "--out", str(bad)])
            raise SystemExit(code)
        assert exc.value.code == 2 and not bad.exists()
    assert main(["--db", str(path), "export", "day", "--event", "biojapan-2026", "--date", "2026-10-14",
                 "--out", str(tmp_path / "missing" / "day.pdf")]) == 2
