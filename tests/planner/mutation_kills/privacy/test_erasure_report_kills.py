"""What an erasure reports, and that it is true (planner/services/personal_data/privacy.py), issue 21.

The report and the audit entry count every link deleted and every reference cleared, list the
exported files and the backups taken before, also when the erasure is finished after an
interruption; the marker of an erasure in progress goes when it is done, and nothing else of
the file's own bookkeeping goes with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.imports.source import remember_mapping, remembered_mapping
from planner.services.people.identity import mark_distinct
from planner.services.people.people import add_person, find_person
from planner.services.personal_data import privacy
from planner.storage.database import Database
from planner.storage.models import AuditEntry, Person
from tests.planner.safety.conftest import EMAIL, plant_person


def test_the_report_and_the_audit_count_every_link_deleted_and_every_reference_cleared(
        demo_db: Database, tmp_path: Path) -> None:
    """The planted person is in one delegation, one contact list, one meeting, one programme
    slot, has an e-mail alias, a registration key, a calendar sent, a pack, a note about them, one
    export that listed them, and was marked as not the same as two people (one older, one newer
    than them); they own a lead about them alone (deleted, with its follow-up they own) and are
    the person of an organisation's lead (kept), and recorded a meeting's outcome."""
    planted = plant_person(demo_db, tmp_path)
    with demo_db.transaction() as s:
        newer = add_person(s, given_name="Quentin", family_name="Newer", email="q.newer@example.org")
        mark_distinct(s, s.get(Person, planted.person_id), newer)
        remember_mapping(s, "eventbrite", {"Surname": "family_name"})
    taken = demo_db.backup()
    report = privacy.erase_person(demo_db, EMAIL)
    assert report.deleted == {"person": 1, "calendar_sent": 1, "delegate": 1, "distinct_people": 2,
                              "event_contact": 1, "pack_revision": 1, "person_alias": 1,
                              "person_external_id": 1, "meeting_attendee": 1, "slot_person": 1,
                              "lead": 1, "note": 1, "export_log_person": 1}
    assert report.cleared == {"lead.owner_id": 1, "lead.person_id": 1, "outcome.recorded_by_id": 1,
                              "follow_up.owner_id": 1}
    assert (report.leads_deleted, report.leads_kept) == (1, 1)
    assert report.backups_before == [taken]
    assert report.person_id == planted.person_id and not report.resumed
    with demo_db.session() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "erase_person")).one()
        assert privacy.pending_erasures(s) == 0  # finished: its marker is gone …
        assert remembered_mapping(s, "eventbrite") == {"Surname": "family_name"}  # … and only it
        assert find_person(s, "q.newer@example.org").family_name == "Newer"
    assert json.loads(audit.detail) == {
        "person_id": planted.person_id, "deleted": report.deleted, "cleared": report.cleared,
        "text_scrubbed": report.text_scrubbed, "exports_listed": 1}
    assert report.text_scrubbed > 0


@pytest.mark.parametrize("how", ["uuid", "email"])
def test_an_erasure_finished_after_an_interruption_still_lists_what_it_found_first(
        demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """The exported files are listed before the links go; finishing the erasure later (the
    person row already gone) lists them again, from the marker, under the person's internal id."""
    planted = plant_person(demo_db, tmp_path)
    with monkeypatch.context() as m:
        def stopped(*_a: object, **_kw: object) -> None:
            raise KeyboardInterrupt  # the program stopped right after the commit

        m.setattr(privacy, "purge_free_space", stopped)
        with pytest.raises(KeyboardInterrupt):
            privacy.erase_person(demo_db, EMAIL)
    with demo_db.session() as s:
        assert privacy.pending_erasures(s) == 1
    report = privacy.erase_person(demo_db, {"uuid": planted.uuid, "email": EMAIL.upper()}[how])
    assert report.resumed and report.residue == []
    assert report.person_id == planted.person_id
    # (its path named them, so it was scrubbed with the rest: the file is still listed by kind)
    assert [(e.kind, Path(e.path).parent) for e in report.exports] == [
        ("briefing", Path(planted.export_path).parent)]
    with demo_db.session() as s:
        assert privacy.pending_erasures(s) == 0
        finished = s.scalars(select(AuditEntry).where(AuditEntry.action == "erase_person_finished")).one()
    assert json.loads(finished.detail)["exports_listed"] == 1
