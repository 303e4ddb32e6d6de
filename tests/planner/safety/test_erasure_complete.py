"""Issue 14, erasure: found by Unicode case-folding in every text column of every table, the
mobile and a two-character native name in any spelling, re-runnable to completion by e-mail,
uuid or name, blank identifiers refused, and no undo step that could bring the person back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.cli import main
from planner.errors import NotFoundError, ValidationError
from planner.services.editing.changes import record_changes, undo
from planner.services.people.people import update_person
from planner.services.personal_data import privacy, subject_access
from planner.storage.database import Database
from planner.storage.models import Meeting, Organisation, Outcome, Person
from tests.planner.safety.mentions import (
    EMAIL,
    FAMILY,
    GIVEN,
    MOBILE,
    NAMED_SPOTS,
    NATIVE,
    Subject,
    forms_in_bytes,
    found_forms,
    plant_subject,
    remaining,
)


@pytest.fixture
def subject(demo_db: Database, tmp_path: Path) -> Subject:
    return plant_subject(demo_db, tmp_path)


def _values(db: Database, subject: Subject) -> dict[tuple[str, str, object], str | None]:
    from planner.storage.models import Base

    out = {}
    with db.session() as s:
        for spot in subject.spots:
            table = Base.metadata.tables[spot.table]
            pk = next(iter(table.primary_key.columns))
            out[(spot.table, spot.column, spot.pk)] = s.execute(
                select(table.c[spot.column]).where(pk == spot.pk)).scalar()
    return out


def test_erasure_scrubs_every_text_column_of_every_table_by_case_folding(demo_db: Database,
                                                                         subject: Subject) -> None:
    assert set(NAMED_SPOTS) <= {(s.table, s.column) for s in subject.spots}
    assert len({s.table for s in subject.spots}) >= 15
    demo_db.checkpoint()
    assert len(forms_in_bytes(demo_db.path)[demo_db.path.name]) >= 10  # control: planted and findable
    report = privacy.erase_person(demo_db, EMAIL)
    assert report.residue == []
    assert remaining(demo_db, subject) == {}
    values = _values(demo_db, subject)
    for spot in subject.spots:  # scrubbed in place: the text around the mention stays
        value = values[(spot.table, spot.column, spot.pk)]
        assert value is not None, spot
        if not found_forms(spot.before):
            assert value.startswith(spot.before) and value.endswith("[erased]"), (spot, value)
    assert forms_in_bytes(demo_db.path) == {}
    assert subject.export_path in [e.path for e in report.exports]


@pytest.mark.parametrize("form", ["601-234-567", "＋４８ ６０１ ２３４ ５６７", "0048 601234567",
                                  "王伟", "ŁUKASZ GREEN", "ｌｕｋａｓｚ．ｇｒｅｅｎ＠ｅｘａｍｐｌｅ．ｏｒｇ"])
def test_the_self_check_looks_for_the_same_forms(demo_db: Database, form: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A scrub that missed one table must make the erasure report traces, whatever the spelling."""
    with demo_db.transaction() as s:
        person = s.scalars(select(Person).where(Person.given_name == GIVEN, Person.family_name == FAMILY)).one()
        update_person(s, person, email=EMAIL, native_name=NATIVE, mobile=MOBILE)
        outcome = s.scalars(select(Outcome).order_by(Outcome.id.desc())).first()
        assert outcome is not None
        outcome.notes = f"Follow up: {form} asked for the price list"
    scrub = privacy.scrub_text
    monkeypatch.setattr(privacy, "scrub_text",
                        lambda session, tokens, **_kw: scrub(session, tokens, skip=("outcome",)))
    report = privacy.erase_person(demo_db, EMAIL)
    assert report.residue, form


def _interrupt_after_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a: object, **_kw: object) -> None:
        raise KeyboardInterrupt  # as if the program were stopped right after the commit

    monkeypatch.setattr(privacy, "purge_free_space", boom)


@pytest.mark.parametrize("how", ["email", "uuid", "name", "name in capitals"])
def test_an_interrupted_erasure_can_be_finished_by_email_uuid_or_name(
        demo_db: Database, subject: Subject, monkeypatch: pytest.MonkeyPatch, how: str, capsys) -> None:
    with monkeypatch.context() as m:
        _interrupt_after_commit(m)
        with pytest.raises(KeyboardInterrupt):
            privacy.erase_person(demo_db, EMAIL)
    with demo_db.session() as s:
        assert s.get(Person, subject.person_id) is None  # the erasure itself committed
    path = demo_db.path
    demo_db.close()
    who = {"email": EMAIL.upper(), "uuid": subject.uuid, "name": "Łukasz Green",
           "name in capitals": "ŁUKASZ  GREEN"}[how]
    assert main(["--db", str(path), "erase", "person", who]) == 0, capsys.readouterr().err
    assert "No person" not in capsys.readouterr().err
    assert forms_in_bytes(path) == {}
    db = Database.open(path)
    try:
        assert remaining(db, subject) == {}
    finally:
        db.close()
    # finished: now there is nobody (and nothing) left to erase under that name
    assert main(["--db", str(path), "erase", "person", who]) == 2
    assert "No person" in capsys.readouterr().err


def test_traces_remain_then_a_second_run_by_name_finishes(demo_db: Database, subject: Subject,
                                                         monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    path = demo_db.path
    demo_db.close()
    real = privacy.file_residue
    calls = {"n": 0}

    def first_time_dirty(p: Path, needles: object) -> list[str]:
        calls["n"] += 1
        return [p.name] if calls["n"] == 1 else real(p, needles)  # type: ignore[arg-type]

    monkeypatch.setattr(privacy, "file_residue", first_time_dirty)
    assert main(["--db", str(path), "erase", "person", EMAIL]) == 1
    assert "traces remain" in capsys.readouterr().err
    assert main(["--db", str(path), "erase", "person", "Łukasz Green"]) == 0, capsys.readouterr().err
    assert forms_in_bytes(path) == {}


def test_a_reader_keeping_old_pages_is_named_and_the_erasure_finishes_afterwards(
        demo_db: Database, subject: Subject, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(privacy, "CHECKPOINT_WAIT_S", 0.5)
    path = demo_db.path
    demo_db.close()
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM person").fetchone()  # holds a snapshot: no TRUNCATE checkpoint
    try:
        assert main(["--db", str(path), "erase", "person", EMAIL]) == 2
        err = capsys.readouterr().err
        assert "close it and run the erasure again" in err and "No person" not in err
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert main(["--db", str(path), "erase", "person", subject.uuid]) == 0, capsys.readouterr().err
    assert forms_in_bytes(path) == {}


@pytest.mark.parametrize("blank", ["", " ", "\t \n"])
def test_blank_identifiers_are_refused_before_anything_is_opened(tmp_path: Path, blank: str, capsys) -> None:
    db_path = tmp_path / "nobody.db"
    assert main(["--db", str(db_path), "erase", "person", blank]) == 2
    assert "names nobody" in capsys.readouterr().err
    out = tmp_path / "out"
    assert main(["--db", str(db_path), "export", "subject", blank, "--out", str(out)]) == 2
    assert "names nobody" in capsys.readouterr().err
    assert not db_path.exists() and not out.exists()


def test_blank_identifiers_are_refused_by_the_services(demo_db: Database, tmp_path: Path) -> None:
    for blank in ("", "  ", "\u3000"):
        with pytest.raises(ValidationError):
            privacy.erase_person(demo_db, blank)
        with pytest.raises(ValidationError):
            subject_access.export_subject_access(demo_db, blank, tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_a_name_that_names_nobody_and_is_nowhere_is_not_found(demo_db: Database) -> None:
    with pytest.raises(NotFoundError, match="No person"):
        privacy.erase_person(demo_db, "Ingrid Nobodysdottir")


def test_undo_history_is_purged_by_content(demo_db: Database, subject: Subject) -> None:
    """Undo steps holding the person in any text (not only their uuid or e-mail) are dropped;
    undoing what is kept never writes them back."""
    with demo_db.transaction() as s:
        meeting = s.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
        assert meeting is not None
        meeting.objective = "Licensing talk with ŁUKASZ GREEN"
        meeting_id = meeting.id
    with demo_db.transaction() as s, record_changes(s, "colleague's notes") as noted:
        colleague = s.scalars(select(Person).where(Person.id != subject.person_id).order_by(Person.id)).first()
        assert colleague is not None
        colleague.notes = f"Ask Łukasz Green ({EMAIL.upper()}) or call +48 601-234-567"
        colleague_id = colleague.id
    with demo_db.transaction() as s, record_changes(s, "notes done") as edited:
        person = s.get(Person, colleague_id)
        assert person is not None
        person.notes = "Done"
    with demo_db.transaction() as s, record_changes(s, "delete meeting") as deleted:
        s.delete(s.get(Meeting, meeting_id))
    with demo_db.transaction() as s, record_changes(s, "website") as unrelated:
        org = s.get(Organisation, 2)  # (the first one's text was given mentions of them)
        assert org is not None and not found_forms(org.name + org.profile)
        org.website = "https://example.com/new"
    history = [noted, edited, deleted, unrelated]
    report = privacy.erase_person(demo_db, EMAIL)
    assert [privacy.history_mentions(cs, report) for cs in history] == [True, True, True, False]
    kept = privacy.purge_history(history, report)
    assert kept == [unrelated]
    for changeset in reversed(kept):
        with demo_db.transaction() as s:
            undo(s, changeset)
    demo_db.checkpoint()
    with demo_db.session() as s:
        assert s.get(Meeting, meeting_id) is None
        person = s.get(Person, colleague_id)
        assert person is not None and person.notes == "Done"
    assert forms_in_bytes(demo_db.path) == {}

