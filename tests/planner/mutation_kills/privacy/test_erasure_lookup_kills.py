"""How an erasure is asked for and what it leaves of other people (issue 21).

planner/services/personal_data/privacy.py ``require_identifier``, ``_identifying``, ``_traces``,
``_find_marker``, ``_erase_rows`` and ``_needle_key``: a blank identifier is refused saying how to
name someone; a two-character CJK name that is no longer a person but still written in notes is
scrubbed, also in an encrypted plan; a damaged marker of another erasure does not stop one; other
people's leads stay as they were; another person's switchboard number, however it is written, is
theirs and no trace of the erased person."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.errors import ValidationError
from planner.services.editing.dependents import delete_with_dependents
from planner.services.events.events import add_event
from planner.services.followup.followups import add_lead
from planner.services.people.people import add_organisation, add_person, find_person
from planner.services.personal_data import privacy
from planner.storage.database import Database
from planner.storage.files import encryption
from planner.storage.models import AppMeta, Lead, Person

INGRID, BEN = "ingrid@holm.example", "ben@okafor.example"


def _two_people(db: Database, **ingrid: object) -> None:
    with db.transaction() as s:
        add_person(s, given_name="Ingrid", family_name="Holm", email=INGRID, **ingrid)
        add_person(s, given_name="Ben", family_name="Okafor", email=BEN)


def _bens_notes(db: Database) -> str:
    with db.session() as s:
        return find_person(s, BEN).notes


def test_a_blank_identifier_is_refused_saying_how_to_name_a_person(db: Database) -> None:
    with pytest.raises(ValidationError) as refused:
        privacy.erase_person(db, "  ")
    assert refused.value.for_field("person") == [
        "Name a person by their e-mail, id or full name: an empty value names nobody"]


def _wang_wei_deleted_but_named_in_bens_notes(db: Database) -> None:
    with db.transaction() as s:
        add_person(s, given_name="Wei", family_name="Wang", native_name="王伟", email="wang@example.cn")
        add_person(s, given_name="Ben", family_name="Okafor", email=BEN, notes="Met 王伟 at the booth")
    with db.transaction() as s:
        delete_with_dependents(s, find_person(s, "wang@example.cn"))


def test_a_two_character_cjk_name_no_longer_a_person_but_still_in_notes_is_scrubbed(db: Database) -> None:
    """王伟 was deleted the ordinary way; Ben's notes still name him: erasing "王伟" scrubs them."""
    _wang_wei_deleted_but_named_in_bens_notes(db)
    report = privacy.erase_person(db, "王伟")
    assert report.resumed and report.text_scrubbed == 1 and report.residue == []
    assert _bens_notes(db) == "Met [erased] at the booth"


@pytest.fixture
def _no_passphrase_prompt(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(encryption, "keyring_key", lambda path: None)
    encryption.set_passphrase_provider(None)
    yield
    encryption.set_passphrase_provider(None)


@pytest.mark.skipif(not encryption.available(), reason="sqlcipher3 is not installed")
@pytest.mark.usefixtures("_no_passphrase_prompt")
def test_in_an_encrypted_plan_a_name_still_in_notes_is_found_and_scrubbed(tmp_path: Path) -> None:
    """An encrypted file's bytes never show a name: what is left of a deleted person is found
    in its text columns, and scrubbed."""
    db = Database.open(tmp_path / "secret.db", key="correct horse battery staple")
    try:
        _wang_wei_deleted_but_named_in_bens_notes(db)
        report = privacy.erase_person(db, "王伟")
        assert report.resumed and report.text_scrubbed == 1 and report.residue == []
        assert _bens_notes(db) == "Met [erased] at the booth"
    finally:
        db.close()


@pytest.mark.parametrize("damaged", ["{not json", '{"ids": []}', "[1, 2]", '{"salt": "ab", "ids": 5}'])
def test_a_damaged_marker_of_another_erasure_does_not_stop_an_erasure(db: Database, damaged: str) -> None:
    """A marker left unreadable (not JSON, no salt, not a record, ids not a list) names nobody:
    erasing Ingrid goes ahead."""
    _two_people(db)
    with db.transaction() as s:
        s.add(AppMeta(key=privacy.MARKER + "damaged", value=damaged))
    report = privacy.erase_person(db, INGRID)
    assert not report.resumed and report.deleted["person"] == 1
    with db.session() as s:
        assert [p.email for p in s.scalars(select(Person))] == [BEN]


def test_erasing_someone_leaves_other_peoples_leads_as_they_were(db: Database) -> None:
    """Ben has a lead about him alone and one of his company naming him; erasing Ingrid (whose
    own lead goes) leaves both of his, still naming him."""
    _two_people(db)
    with db.transaction() as s:
        event = add_event(s, code="bj-2026", name="BioJapan", start_date=date(2026, 10, 13),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        ben = find_person(s, BEN)
        add_lead(s, event, person=find_person(s, INGRID), notes="assays")
        add_lead(s, event, person=ben, title="his own")
        add_lead(s, event, person=ben, organisation=add_organisation(s, name="Okafor Labs"), title="company")
        ben_id = ben.id
    report = privacy.erase_person(db, INGRID)
    assert report.leads_deleted == 1
    with db.session() as s:
        assert sorted((lead.title, lead.person_id) for lead in s.scalars(select(Lead))) == [
            ("company", ben_id), ("his own", ben_id)]


def test_a_shared_switchboard_written_another_way_is_the_others_and_no_trace(db: Database) -> None:
    """Ingrid's number is the switchboard "+46 8 123 456 78"; another Ingrid Holm there has it as
    "08-123 456 78". That is her own number: the erasure finds no trace and is finished."""
    _two_people(db, phone="+46 8 123 456 78")
    with db.transaction() as s:
        add_person(s, given_name="Ingrid", family_name="Holm", email="i.holm@other.example",
                   phone="08-123 456 78")
    report = privacy.erase_person(db, INGRID)
    assert report.residue == []
    with db.session() as s:
        assert find_person(s, "i.holm@other.example").phone == "08-123 456 78"
        assert privacy.pending_erasures(s) == 0


def test_the_organisations_lead_that_named_them_is_kept_as_a_change_the_next_sync_sends(db: Database) -> None:
    """The lead of Holm Pharma named Ingrid: it is kept without her, and marked as changed (a new
    version), so the next sync sends it without her too."""
    _two_people(db)
    with db.transaction() as s:
        event = add_event(s, code="bj-2026", name="BioJapan", start_date=date(2026, 10, 13),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        lead = add_lead(s, event, person=find_person(s, INGRID),
                        organisation=add_organisation(s, name="Holm Pharma"), title="assays")
        before = lead.version
    report = privacy.erase_person(db, INGRID)
    assert report.leads_kept == 1
    with db.session() as s:
        kept = s.scalars(select(Lead)).one()
    assert (kept.title, kept.person_id) == ("assays", None)
    assert kept.version > before
