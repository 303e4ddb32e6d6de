"""Whose printed pack is out of date: every delegate pack is recorded with what it held; a moved,
cancelled or new meeting makes exactly the packs that showed it outdated, in words; a reprint
writes just those, with "Changed since your last pack" on the first page, and they are current again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from planner.exports.briefing.briefing_changes import describe_changes, fingerprint, pack_summary
from planner.services.events.events import get_event
from planner.services.outputs.briefing import build_briefing
from planner.services.outputs.packs import latest_packs
from planner.storage.database import Database
from planner.storage.models import Meeting, MeetingAttendee, PackRevision, Person
from tests.planner.engines import committed
from tests.planner.pack_revisions.conftest import (
    ALICE,
    BEN,
    EVENT,
    cli,
    export_pack,
    first_page,
    meeting_of,
    outdated,
)

pytestmark = pytest.mark.engines

KANSAI = "Kansai Bio Innovations"


def test_a_fresh_pack_is_current_and_each_pack_is_recorded_with_its_file(demo_db: Database, packs, capsys):
    assert outdated(demo_db, capsys) == []
    with demo_db.session() as s:
        rows = s.execute(select(Person.email, PackRevision.path).join(Person, Person.id == PackRevision.person_id)
                         ).all()
    assert sorted(rows) == sorted((who, str(path.resolve())) for who, path in packs.items())


def test_a_moved_meeting_outdates_only_the_packs_that_show_it_and_says_how(demo_db: Database, packs, capsys):
    kansai = meeting_of(demo_db, ALICE, KANSAI)
    assert cli(demo_db, "meetings", "edit", kansai, "--start", "11:00") == 0
    rows = outdated(demo_db, capsys)
    assert [r["delegate"] for r in rows] == [ALICE]  # Ben is not on that meeting
    (row,) = rows
    assert row["path"] == str(packs[ALICE].resolve())
    assert row["exported"].endswith("+00:00")
    moved = [c for c in row["changed"] if KANSAI in c]
    assert len(moved) == 1 and "moved Wed 14 Oct 10:15–10:45 → 11:00–11:30" in moved[0], row["changed"]
    assert moved[0].startswith("M")  # named by the reference printed in the pack the delegate holds


def test_cancelled_and_newly_added_meetings_are_named(demo_db: Database, packs, capsys):
    kansai = meeting_of(demo_db, ALICE, KANSAI)
    assert cli(demo_db, "meetings", "edit", kansai, "--status", "cancelled") == 0
    with demo_db.session() as s:  # a meeting of Alice's that Ben joins
        other = s.scalars(select(Meeting.uuid).join(MeetingAttendee).join(Person)
                          .where(Person.email == ALICE, Meeting.status == "confirmed", Meeting.uuid != kansai)
                          .order_by(Meeting.start_utc)).first()
        assert other is not None
    assert cli(demo_db, "meetings", "edit", other, "--add-ours", BEN) == 0
    changes = {r["delegate"]: r["changed"] for r in outdated(demo_db, capsys)}
    assert any(c.startswith("Cancelled: ") and KANSAI in c for c in changes[ALICE]), changes[ALICE]
    assert any(c.startswith("New: ") for c in changes[BEN]), changes[BEN]
    assert any("our side now" in c and "Ben McAllister" in c for c in changes[ALICE]), changes[ALICE]


def test_renumbered_references_alone_do_not_outdate_a_pack(demo_db: Database, packs, capsys):
    """Cancelling the week's first meeting (neither Alice's nor Ben's) renumbers every later
    meeting, M2 becoming M1 …; nothing a delegate acts on changed."""
    with demo_db.session() as s:
        mine = select(MeetingAttendee.meeting_id).join(Person).where(Person.email.in_([ALICE, BEN]))
        first = s.scalars(select(Meeting.uuid).where(Meeting.status == "confirmed", Meeting.id.not_in(mine))
                          .order_by(Meeting.start_utc, Meeting.id)).first()
        assert first is not None
    assert cli(demo_db, "meetings", "edit", first, "--status", "cancelled") == 0
    with demo_db.session() as s:
        event = get_event(s, EVENT)
        ben = s.scalars(select(Person).where(Person.email == BEN)).one()
        before = latest_packs(s, event.id, [ben.id])[ben.id].summary
        briefing = build_briefing(s, event, [ben.id])
        now = pack_summary(briefing, briefing.pack_for(ben.id))
    assert [i["ref"] for i in before["items"]] != [i["ref"] for i in now["items"]]  # renumbered
    assert outdated(demo_db, capsys) == []


def test_reprint_writes_only_the_outdated_packs_with_the_changes_on_the_first_page(
        demo_db: Database, packs, tmp_path: Path, capsys):
    untouched = packs[BEN].read_bytes()
    assert cli(demo_db, "meetings", "edit", meeting_of(demo_db, ALICE, KANSAI), "--start", "11:00") == 0
    capsys.readouterr()
    assert cli(demo_db, "packs", "reprint", "--event", EVENT, "--out", str(packs[ALICE].parent)) == 0
    written = [Path(line) for line in capsys.readouterr().out.splitlines()]
    assert written == [packs[ALICE].resolve()]  # the same file name: the new pack replaces the old
    assert packs[BEN].read_bytes() == untouched
    page = " ".join(first_page(written[0]).split())
    assert "Changed since your last pack" in page
    assert "moved Wed 14 Oct 10:15–10:45 → 11:00–11:30" in page
    assert outdated(demo_db, capsys) == []
    # nothing outdated: a second reprint says so and writes nothing
    assert cli(demo_db, "packs", "reprint", "--event", EVENT, "--out", str(tmp_path / "again")) == 2
    assert not (tmp_path / "again").exists()


def test_a_current_pack_has_no_changes_box(demo_db: Database, packs):
    assert "Changed since your last pack" not in first_page(packs[ALICE])


def test_the_record_is_committed_with_the_log_entry_before_the_pack_appears(demo_db: Database, tmp_path: Path,
                                                                           monkeypatch):
    seen: list[tuple[bool, int]] = []
    real = os.replace

    def spy(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        target = Path(os.fspath(dst))
        if target.suffix == ".pdf" and not target.name.startswith("."):
            where = str(target.resolve())
            logged = (where,) in committed(demo_db.target, "SELECT path FROM export_log")
            ((recorded,),) = committed(demo_db.target, "SELECT count(*) FROM pack_revision WHERE path = :p",
                                       p=where)
            seen.append((logged, recorded))
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    export_pack(demo_db, tmp_path / "packs", ALICE)
    assert seen == [(True, 1)]


def test_the_delegation_pack_is_nobodys_pack(demo_db: Database, tmp_path: Path):
    assert cli(demo_db, "export", "briefing", "--event", EVENT, "--out", str(tmp_path / "all.pdf")) == 0
    with demo_db.session() as s:
        assert s.scalars(select(PackRevision)).all() == []


def test_erasure_removes_the_delegates_records_and_scrubs_a_counterpart_from_others(demo_db: Database, packs):
    with demo_db.session() as s:
        sato = s.scalars(select(Person).join(MeetingAttendee).join(Meeting)
                         .where(Meeting.uuid == meeting_of(demo_db, ALICE, KANSAI), MeetingAttendee.side != "ours")
                         ).first()
        assert sato is not None
        sato_email, family = sato.email, sato.family_name
        summary = s.scalars(select(PackRevision.summary).join(Person).where(Person.email == ALICE)).one()
    assert family.upper() in summary.upper()  # the pack named its counterpart
    assert cli(demo_db, "erase", "person", sato_email) == 0
    assert cli(demo_db, "erase", "person", BEN) == 0
    with demo_db.session() as s:
        rows = {email: text for email, text in s.execute(
            select(Person.email, PackRevision.summary).join(Person, Person.id == PackRevision.person_id))}
    assert set(rows) == {ALICE}  # Ben's record went with him
    assert family.upper() not in rows[ALICE].upper()


# ------------------------------------------------------------------ the words, on hand-made summaries
def _item(uuid: str, start: str, end: str, **kw: Any) -> dict[str, Any]:
    base = {"uuid": uuid, "kind": "meeting", "ref": "M1", "title": "Osaka Pharma", "start": start, "end": end,
            "tz": "Asia/Tokyo", "place": "Table 01, Pacifico Yokohama", "with": ["ITO Misaki"], "ours": ["A"],
            "status": "Confirmed", "details": "x"}
    return base | kw


def test_words_for_each_kind_of_change():
    old = {"items": [_item("a", "2026-10-14T01:00:00", "2026-10-14T01:30:00"),
                     _item("b", "2026-10-14T02:00:00", "2026-10-14T02:30:00", ref="M2", title="Kobe Labs")],
           "travel": {"Hotel": "Hotel New Grand", "Arrival": "", "Departure": ""}}
    new = {"items": [_item("a", "2026-10-15T00:00:00", "2026-10-15T00:30:00", ref="M3", status="Requested",
                           place="Table 04, Pacifico Yokohama"),
                     _item("c", "2026-10-14T05:00:00", "2026-10-14T05:30:00", ref="M2", title="Nara Bio")],
           "travel": {"Hotel": "Hotel Yokohama Bay", "Arrival": "", "Departure": ""}}
    lines = describe_changes(old, new, {"b": "Declined"})
    assert lines == [
        "M1 with Osaka Pharma (now M3) moved Wed 14 Oct 10:00–10:30 → Thu 15 Oct 09:00–09:30",
        "M1 with Osaka Pharma (now M3): now at Table 04, Pacifico Yokohama (was Table 01, Pacifico Yokohama)",
        "M1 with Osaka Pharma (now M3): now requested (was confirmed)",
        "Declined: M2 with Kobe Labs, Wed 14 Oct 11:00–11:30",
        "New: M2 with Nara Bio, Wed 14 Oct 14:00–14:30, Table 01, Pacifico Yokohama",
        "Hotel: Hotel Yokohama Bay (was Hotel New Grand)",
    ]


def test_a_new_reference_alone_is_no_change_but_new_notes_are():
    old = {"items": [_item("a", "2026-10-14T01:00:00", "2026-10-14T01:30:00")], "travel": {}}
    renumbered = {"items": [_item("a", "2026-10-14T01:00:00", "2026-10-14T01:30:00", ref="M9")], "travel": {}}
    assert fingerprint(old) == fingerprint(renumbered)
    assert describe_changes(old, renumbered) == []
    noted = {"items": [_item("a", "2026-10-14T01:00:00", "2026-10-14T01:30:00", details="y")], "travel": {}}
    assert fingerprint(old) != fingerprint(noted)
    assert describe_changes(old, noted) == ["M1 with Osaka Pharma: objective, talking points or notes changed"]
