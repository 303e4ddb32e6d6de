"""Packs print what the app knows: the checker's conflicts next to their items, needs only where
they belong, real language names, headed continuation pages, whole e-mail addresses, a real date.

Read as a delegate's tools read them: pdftotext (plain and ``-layout``) and pdfinfo (poppler-utils).
The demo mission (``planner demo``) has one conflict of each kind the checker knows; Alice Fraser
of Aldgate Therapeutics is booked at 10:00 and 10:15 on the first partnering day.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.cli import main
from planner.domain.timezones import from_utc
from planner.errors import ValidationError
from planner.exports.briefing.briefing_pdf import write_briefing_pdf
from planner.services.events.events import get_event
from planner.services.outputs.briefing import build_briefing
from planner.services.schedule.conflicts import check_event
from planner.storage.models import Delegate, Meeting, Person, Slot
from tests.planner.briefing.conftest import PREPARED, Mission, run, squash

EVENT = "biojapan-2026"
DAYS = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d\d \w+ \d{4}"


def _pages(pdf: Path, *, layout: bool = False) -> list[str]:
    args = ["-layout"] if layout else []
    return run("pdftotext", *args, "-enc", "UTF-8", str(pdf), "-").split("\f")


def _section(pages: list[str], start: str, end: str) -> list[str]:
    """The pages from the one whose body starts with ``start`` to the one before ``end``'s."""
    def head(page: str) -> str:  # the first line under the running header (event; pack title)
        body = [line.strip() for line in page.splitlines() if line.strip()]
        return body[2] if len(body) > 2 else ""

    first = next(i for i, p in enumerate(pages) if head(p).startswith(start))
    last = next(i for i, p in enumerate(pages) if i > first and head(p).startswith(end))
    return [head(p) for p in pages[first:last]]


def _item_ids(mission: Mission, uuids: tuple[str, ...]) -> list[tuple[str, int]]:
    with mission.db.session() as s:
        meetings = {u: i for u, i in s.execute(select(Meeting.uuid, Meeting.id).where(Meeting.uuid.in_(uuids)))}
        slots = {u: i for u, i in s.execute(select(Slot.uuid, Slot.id).where(Slot.uuid.in_(uuids)))}
    return [("meeting", meetings[u]) if u in meetings else ("slot", slots[u]) for u in uuids]


@pytest.fixture(scope="module")
def clash(mission: Mission, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, Path, int]]:
    """The checker's double booking of one delegate, and that delegate's pack."""
    with mission.db.session() as s:
        report = check_event(s, get_event(s, EVENT))
        conflict = next(c for c in report.conflicts if c.kind == "person_double_booked")
        [email] = conflict.people
        pid = s.scalars(select(Person.id).where(Person.email == email)).one()
    pack = write_briefing_pdf(mission.briefing, tmp_path_factory.mktemp("clash") / "pack.pdf", delegate_id=pid)
    yield conflict, pack.path, pid


def test_a_delegates_pack_marks_the_clash_next_to_both_meetings(mission: Mission,
                                                               clash: tuple[object, Path, int]) -> None:
    conflict, pdf, _pid = clash
    (_k1, first), (_k2, second) = _item_ids(mission, conflict.items)  # type: ignore[attr-defined]
    m1, m2 = mission.briefing.meetings[first], mission.briefing.meetings[second]
    text = "\n".join(_pages(pdf, layout=True))
    # The itinerary row of each meeting carries the mark naming the other one (by time and number).
    rows = squash(text[text.index(f"{m1.ref} Meeting:"):text.index("Meetings\n")])
    between, after = rows.split(squash(f"{m2.ref} Meeting:"), 1)
    start2 = f"{from_utc(m2.start_utc, m2.tz):%H:%M}"
    assert squash(f"⚠ Clash with the {start2} ") in between and f"({m2.ref})" in between
    assert squash("⚠ Clash with the ") in after.split("Meeting:")[0]
    assert f"({m1.ref})" in after.split("Meeting:")[0]
    # The meeting pages say it too, in the checker's own words, and so does the conflict list.
    assert text.count("Conflict ") >= 2
    assert squash(conflict.message) in squash(text)  # type: ignore[attr-defined]


def test_every_conflict_the_checker_knows_is_marked_in_the_delegation_pack(mission: Mission) -> None:
    with mission.db.session() as s:
        report = check_event(s, get_event(s, EVENT))
    kinds = {c.kind for c in report.conflicts}
    assert {"person_double_booked", "room_double_booked", "travel_time", "presenter_busy"} <= kinds
    assert set(mission.whole.conflict_keys) == {c.key for c in report.conflicts}
    text = squash(run("pdftotext", "-enc", "UTF-8", str(mission.whole.path), "-"))
    for c in report.conflicts:
        assert squash(c.message) in text, c.kind
    # one mark next to every item in the itinerary, one on each meeting page, one per listed conflict
    items = sum(len(c.items) for c in report.conflicts)
    assert text.count("⚠") >= items + len(report.conflicts)


def test_the_export_warns_with_the_number_of_conflicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "demo.db"
    assert main(["--db", str(db_path), "demo"]) == 0
    assert main(["--db", str(db_path), "check", "--event", EVENT, "--json"]) == 1
    capsys.readouterr()
    out = tmp_path / "alice.pdf"
    code = main(["--db", str(db_path), "export", "briefing", "--event", EVENT,
                 "--delegate", "alice.fraser@aldgate-therapeutics-ltd.example", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0  # cli.md: a written pack is a success; the warning goes to stderr
    assert "1 conflict marked in the pack; run `planner check" in err
    key = main(["--db", str(db_path), "check", "--event", EVENT, "--json"])
    assert key == 1
    import json

    [row] = [r for r in json.loads(capsys.readouterr().out) if r["kind"] == "person_double_booked"]
    assert main(["--db", str(db_path), "check", "--event", EVENT, "--acknowledge", row["key"],
                 "--note", "She leaves the first one at 10:15"]) == 1
    capsys.readouterr()
    assert main(["--db", str(db_path), "export", "briefing", "--event", EVENT,
                 "--delegate", "alice.fraser@aldgate-therapeutics-ltd.example", "--out", str(out)]) == 0
    assert "1 conflict marked in the pack" in capsys.readouterr().err
    assert squash("(accepted by the organisers: She leaves the first one at 10:15)") in squash(
        run("pdftotext", "-enc", "UTF-8", str(out), "-"))


def test_needs_print_for_the_delegate_and_for_everyone_only_when_asked(mission: Mission, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    with mission.db.session() as s:
        needy = list(s.execute(select(Delegate.person_id, Delegate.dietary, Delegate.access_needs)
                               .where((Delegate.dietary != "") | (Delegate.access_needs != ""))))
    needs = {n for _pid, diet, access in needy for n in (diet, access) if n}
    assert len(needs) >= 3
    plain = squash(run("pdftotext", "-enc", "UTF-8", str(mission.whole.path), "-")).casefold()
    assert [n for n in needs if squash(n).casefold() in plain] == []
    assert squash("Dietary and access needs are not printed here").casefold() in plain

    asked = write_briefing_pdf(mission.briefing, tmp_path / "with-needs.pdf", include_needs=True)
    text = squash(run("pdftotext", "-enc", "UTF-8", str(asked.path), "-")).casefold()
    assert all(squash(n).casefold() in text for n in needs)
    assert squash("prints every delegate's dietary and access needs").casefold() in text

    pid, diet, access = max(needy, key=lambda row: bool(row[1]) + bool(row[2]))  # both, if anyone has both
    own = write_briefing_pdf(mission.briefing, tmp_path / "own.pdf", delegate_id=pid)
    own_text = squash(run("pdftotext", "-enc", "UTF-8", str(own.path), "-")).casefold()
    assert all(squash(n).casefold() in own_text for n in (diet, access) if n)
    with pytest.raises(ValidationError):
        write_briefing_pdf(mission.briefing, tmp_path / "no.pdf", delegate_id=pid, include_needs=True)


def test_include_needs_is_for_the_delegation_pack_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import build_parser

    parsed = build_parser().parse_args(["export", "briefing", "--event", EVENT, "--out", "x.pdf",
                                        "--include-needs"])
    assert parsed.include_needs is True
    db_path = tmp_path / "plan.db"
    code = main(["--db", str(db_path), "export", "briefing", "--event", EVENT, "--delegate", "a@example.org",
                 "--include-needs", "--out", str(tmp_path / "x.pdf")])
    assert code == 2 and "delegation pack only" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_interpreter_languages_are_named(mission: Mission) -> None:
    from planner.exports.briefing.briefing_labels import language_name

    assert [language_name(x) for x in ("ja", "KO", "jpn", "zh-Hant", "pt-BR", "Japanese", "", "Klingon")] == [
        "Japanese", "Korean", "Japanese", "Chinese (Traditional)", "Portuguese (Brazil)", "Japanese", "",
        "Klingon"]
    text = run("pdftotext", "-enc", "UTF-8", str(mission.one.path), "-")
    assert "Needed (Japanese)" in text and "(ja)" not in text
    whole = run("pdftotext", "-enc", "UTF-8", str(mission.whole.path), "-")
    assert "Interpreter: Japanese" in whole and "Interpreter: ja\n" not in whole


def test_every_page_of_a_long_day_or_list_starts_with_its_heading(mission: Mission) -> None:
    pages = _pages(mission.whole.path)
    itinerary = _section(pages, "Itinerary", "Meetings")
    assert len(itinerary) > 5
    for head in itinerary[1:]:
        assert re.fullmatch(DAYS + r"( \(continued\))?", head), head
    assert any(head.endswith("(continued)") for head in itinerary)
    whos_who = _section(pages, "Who's who in the delegation", "Contact sheet")
    assert len(whos_who) > 1 and all(h.startswith("Who's who in the delegation") for h in whos_who)


def test_whos_who_fits_a_dozen_delegates_a_page(mission: Mission) -> None:
    pages = _section(_pages(mission.whole.path), "Who's who in the delegation", "Contact sheet")
    delegates = len(mission.briefing.packs)
    assert delegates > 40
    assert len(pages) <= math.ceil(delegates / 12) + 1, len(pages)


def test_email_addresses_break_only_after_the_at_or_before_a_dot_or_hyphen(mission: Mission) -> None:
    lines = [line.strip() for line in run("pdftotext", "-enc", "UTF-8", str(mission.whole.path), "-").splitlines()]
    emails = sorted({pk.delegate.person.email for pk in mission.briefing.packs}
                    | {p.email for m in mission.briefing.meetings.values() for p in m.counterparts})
    checked = 0
    for email in emails:
        for i, line in enumerate(lines):
            if "@" not in line or not email.startswith(line):
                continue
            text, breaks, j = line, [], i
            while text != email and j + 1 < len(lines) and email.startswith(text + lines[j + 1]):
                breaks.append(len(text))
                j += 1
                text += lines[j]
            if text != email:
                continue
            checked += 1
            for at in breaks:
                assert email[at - 1] == "@" or email[at] in ".-", (email, at)
    assert checked >= len(emails)


def test_the_pdf_is_dated_when_the_pack_was_prepared(mission: Mission, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert _created(mission.one.path) == PREPARED.replace(tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # reproducible builds: the date they give
    with mission.db.session() as s:
        fixed = build_briefing(s, get_event(s, EVENT), [mission.delegate_id])
    assert _created(write_briefing_pdf(fixed, tmp_path / "sde.pdf").path) == datetime.fromtimestamp(1790000000, UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = datetime.now(UTC).replace(microsecond=0)
    with mission.db.session() as s:
        now = build_briefing(s, get_event(s, EVENT), [mission.delegate_id])
    created = _created(write_briefing_pdf(now, tmp_path / "now.pdf").path)
    assert before <= created <= datetime.now(UTC)


def _created(pdf: Path) -> datetime:
    info = run("pdfinfo", "-isodates", str(pdf))
    stamp = re.search(r"^CreationDate:\s+(\S+)", info, re.M).group(1)  # type: ignore[union-attr]
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
