"""Who erasure looks for and finds (planner/services/personal_data/privacy.py), issue 21.

Every name a person goes by (native script alone, another alphabet, their aliases), every e-mail
(their aliases' too) and both phone numbers are looked for in free text; a person is named by
e-mail, uuid or full name in either order, and two people of that name are refused; a name that
is no longer a person but is still written in notes is scrubbed, a lone word is not; only the
undo steps that hold the person are dropped."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.domain.enums import AliasKind, NameOrder
from planner.errors import NotFoundError, ValidationError
from planner.services.editing.changes import record_changes
from planner.services.editing.dependents import delete_with_dependents
from planner.services.events.events import add_event, get_event
from planner.services.followup.followups import add_follow_up, add_lead
from planner.services.people.identity import add_alias
from planner.services.people.people import add_person, find_person, update_person
from planner.services.personal_data import privacy
from planner.services.personal_data.privacy import file_residue, identifying_texts
from planner.services.personal_data.text_match import Matcher
from planner.services.schedule.meetings import add_meeting
from planner.storage.database import Database
from planner.storage.models import FollowUp, Lead, Person, PersonAlias


def person(**kw: object) -> Person:
    values: dict[str, object] = dict(given_name="Wei", family_name="Wang", name_order=NameOrder.FAMILY_FIRST,
                                     native_name="", native_reading="", email="wang.wei@example.cn",
                                     phone="", mobile="")
    values.update(kw)
    return Person(**values)


def test_a_person_known_only_by_a_two_character_native_name_is_looked_for_by_it():
    texts = identifying_texts(person(given_name="", family_name="", native_name="王 伟"))
    assert {"王 伟", "王伟"} <= set(texts)


def test_a_native_name_in_another_alphabet_is_looked_for_as_written():
    texts = identifying_texts(person(given_name="Lukasz", family_name="Grin", native_name="Лукаш Грин"))
    assert "Лукаш Грин" in texts


def test_the_landline_is_looked_for_as_well_as_the_mobile():
    texts = identifying_texts(person(phone="+44 20 7946 0000", mobile="+86 138 0013 8000"))
    assert {"+44 20 7946 0000", "+86 138 0013 8000"} <= set(texts)


def test_an_aliases_email_and_other_names_are_looked_for():
    p = person(aliases=[
        PersonAlias(kind=AliasKind.EMAIL, value="w.wang@private.example", key="w.wang@private.example"),
        PersonAlias(kind=AliasKind.NAME, value="David Wang", given_name="David", family_name="Wang", key="k1"),
        PersonAlias(kind=AliasKind.READING, value="ワン ウェイ", key="k2")])
    texts = set(identifying_texts(p))
    assert {"w.wang@private.example", "David Wang", "Wang David", "Wang, David", "ワン ウェイ",
            "ワンウェイ"} <= texts
    assert "wang.wei@example.cn" in texts


def test_the_self_check_finds_a_mention_across_the_boundary_of_what_it_reads_at_once(tmp_path: Path) -> None:
    """The file is read in blocks of 8 MiB: a mention that straddles two blocks is still found."""
    path = tmp_path / "plan.db"
    mention = b"Call Wang Wei"
    with path.open("wb") as fh:
        fh.write(b"\0" * ((8 << 20) - 6) + mention + b"\0" * 100)
    assert file_residue(path, ["Wang Wei"]) == ["plan.db"]
    assert file_residue(path, Matcher(["Wang Wei"])) == ["plan.db"]
    assert file_residue(path, ["Li Na"]) == []


def _two_people(db: Database) -> None:
    with db.transaction() as s:
        add_person(s, given_name="Ingrid", family_name="Holm", email="ingrid@holm.example")
        add_person(s, given_name="Ben", family_name="Okafor", email="ben@okafor.example")


def _ben_notes(db: Database) -> str:
    with db.session() as s:
        return find_person(s, "ben@okafor.example").notes


@pytest.mark.parametrize("who", ["Ingrid Holm", "ingrid@holm.example"])
def test_a_name_or_email_no_longer_a_person_but_still_in_notes_is_scrubbed(db: Database, who: str) -> None:
    """Ingrid was deleted the ordinary way; Ben's notes still name her: erasing her by name or
    e-mail scrubs them (there is no person left, so the erasure says it finished an earlier one)."""
    _two_people(db)
    with db.transaction() as s:
        update_person(s, find_person(s, "ben@okafor.example"), notes=f"Ask {who} about assays")
        delete_with_dependents(s, find_person(s, "ingrid@holm.example"))
    report = privacy.erase_person(db, who)
    assert report.resumed and report.text_scrubbed == 1 and report.residue == []
    assert _ben_notes(db) == "Ask [erased] about assays"


def test_a_lone_word_that_names_nobody_is_not_scrubbed(db: Database) -> None:
    """A family name alone is too common to replace: with no such person it names nobody."""
    _two_people(db)
    with db.transaction() as s:
        update_person(s, find_person(s, "ben@okafor.example"), notes="Holm Pharma called")
        delete_with_dependents(s, find_person(s, "ingrid@holm.example"))
    with pytest.raises(NotFoundError, match="No person"):
        privacy.erase_person(db, "Holm")
    assert _ben_notes(db) == "Holm Pharma called"


def test_a_name_with_nothing_left_of_it_names_nobody(db: Database) -> None:
    _two_people(db)
    with pytest.raises(NotFoundError, match="No person"):
        privacy.erase_person(db, "Astrid Nobody")


@pytest.mark.parametrize("who", ["Ingrid Holm", "holm, ingrid", "HOLM Ingrid"])
def test_a_person_is_found_by_full_name_in_either_order(db: Database, who: str) -> None:
    _two_people(db)
    report = privacy.erase_person(db, who)
    assert not report.resumed and report.deleted["person"] == 1
    with db.session() as s:
        assert [p.email for p in s.scalars(select(Person))] == ["ben@okafor.example"]


def test_two_people_of_that_name_are_refused_and_listed_by_email(db: Database) -> None:
    _two_people(db)
    with db.transaction() as s:
        add_person(s, given_name="Ingrid", family_name="Holm", email="i.holm@other.example")
    with pytest.raises(ValidationError) as refused:
        privacy.erase_person(db, "Ingrid Holm")
    assert refused.value.for_field("person") == [
        "2 people are called 'Ingrid Holm' (ingrid@holm.example, i.holm@other.example): name the one you "
        "mean by e-mail or id"]
    with db.session() as s:
        assert len(s.scalars(select(Person)).all()) == 3


def test_a_blank_identifier_is_refused_as_naming_nobody(db: Database) -> None:
    with pytest.raises(ValidationError) as refused:
        privacy.erase_person(db, " \t")
    assert refused.value.for_field("person")


def test_only_the_undo_steps_that_hold_the_person_are_dropped(db: Database) -> None:
    """Editing someone else, or another event, has nothing of Ingrid; adding a meeting with her
    links her internal id; editing her holds her row."""
    _two_people(db)
    with db.transaction() as s:
        add_event(s, code="bj-2026", name="BioJapan", start_date=date(2026, 10, 13),
                  end_date=date(2026, 10, 16), tz="Asia/Tokyo")
    with db.transaction() as s, record_changes(s, "Ben's title") as others:
        update_person(s, find_person(s, "ben@okafor.example"), job_title="CFO")
    with db.transaction() as s, record_changes(s, "Meeting") as meeting:
        add_meeting(s, get_event(s, "bj-2026"), start_local=datetime(2026, 10, 14, 10),
                    end_local=datetime(2026, 10, 14, 10, 30),
                    ours=[find_person(s, "ben@okafor.example")],
                    counterparts=[find_person(s, "ingrid@holm.example")])
    with db.transaction() as s, record_changes(s, "Ingrid's title") as hers:
        update_person(s, find_person(s, "ingrid@holm.example"), job_title="CSO")
    report = privacy.erase_person(db, "ingrid@holm.example")
    assert [privacy.history_mentions(cs, report) for cs in (others, meeting, hers)] == [False, True, True]
    assert privacy.purge_history([others, meeting, hers], report) == [others]


def test_their_email_given_to_someone_else_as_an_alias_goes_and_the_others_own_aliases_stay(
        db: Database) -> None:
    """A shared mailbox: Ben was also given Ingrid's e-mail as an alias. It is hers: erasing her
    removes that alias (rather than scrubbing it into an "[erased]" alias); Ben's own stays."""
    _two_people(db)
    with db.transaction() as s:
        ben = find_person(s, "ben@okafor.example")
        add_alias(s, ben, AliasKind.EMAIL, "ben.private@okafor.example")
        add_alias(s, ben, AliasKind.EMAIL, "ingrid@holm.example")
    privacy.erase_person(db, "ingrid@holm.example")
    with db.session() as s:
        assert sorted(a.value for a in s.scalars(select(PersonAlias))) == ["ben.private@okafor.example"]


def test_a_namesake_and_a_shared_switchboard_keep_theirs_and_are_not_reported_as_traces(db: Database) -> None:
    """Another Ingrid Holm, at the same switchboard number: her own name and phone stay in her
    own columns, and the self-check does not call them traces of the erased one."""
    _two_people(db)
    with db.transaction() as s:
        update_person(s, find_person(s, "ingrid@holm.example"), phone="+46 8 123 456 78")
        add_person(s, given_name="Ingrid", family_name="Holm", email="i.holm@other.example",
                   phone="+46 8 123 456 78")
    report = privacy.erase_person(db, "ingrid@holm.example")
    assert report.residue == []
    with db.session() as s:
        other = find_person(s, "i.holm@other.example")
        assert (other.given_name, other.family_name, other.phone) == ("Ingrid", "Holm", "+46 8 123 456 78")
        assert privacy.pending_erasures(s) == 0


def test_erasures_interrupted_after_their_commit_are_finished_at_the_next_start(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _two_people(db)
    assert privacy.finish_pending_erasures(db) == 0  # nothing to finish
    with monkeypatch.context() as m:
        def stopped(*_a: object, **_kw: object) -> None:
            raise KeyboardInterrupt

        m.setattr(privacy, "purge_free_space", stopped)
        with pytest.raises(KeyboardInterrupt):
            privacy.erase_person(db, "ingrid@holm.example")
    with db.session() as s:
        assert privacy.pending_erasures(s) == 1
    assert privacy.finish_pending_erasures(db) == 1
    with db.session() as s:
        assert privacy.pending_erasures(s) == 0
        assert [p.email for p in s.scalars(select(Person))] == ["ben@okafor.example"]


def test_the_report_of_a_person_with_one_lead_about_them_alone_names_only_that(db: Database) -> None:
    """Ingrid is in no delegation, meeting or slot; the one lead about her (no organisation) goes
    with its follow-up, which Ben owns: the report says so, and nothing else."""
    _two_people(db)
    with db.transaction() as s:
        event = add_event(s, code="bj-2026", name="BioJapan", start_date=date(2026, 10, 13),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        lead = add_lead(s, event, person=find_person(s, "ingrid@holm.example"), notes="assays")
        add_follow_up(s, lead, description="Send the price list", owner=find_person(s, "ben@okafor.example"))
    report = privacy.erase_person(db, "ingrid@holm.example")
    assert report.deleted == {"person": 1, "lead": 1}
    assert report.cleared == {}
    assert (report.leads_deleted, report.leads_kept) == (1, 0)
    with db.session() as s:
        assert s.scalars(select(Lead)).all() == [] and s.scalars(select(FollowUp)).all() == []


@pytest.mark.parametrize("who", ["ingrid.holm@old-address.example", "8f14e45f-ceea-467f-a0e6-1b7b2c3d4e5f"])
def test_an_email_or_id_nobody_has_never_deletes_someone_whose_name_reads_like_it(db: Database, who: str) -> None:
    """An e-mail or an id names a record exactly: one that nobody has names nobody, even when
    someone's name was typed as that text (an address pasted into the name field): the person it
    was typed into stays."""
    _two_people(db)
    with db.transaction() as s:
        add_person(s, given_name=who, family_name="", email="pasted@typo.example")
    report = privacy.erase_person(db, who)
    assert report.resumed and not report.deleted.get("person")
    with db.session() as s:
        assert len(s.scalars(select(Person)).all()) == 3
        assert find_person(s, "pasted@typo.example") is not None
