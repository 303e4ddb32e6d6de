"""F3: erasing a person removes them everywhere and from the file's bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.cli import main
from planner.errors import NotFoundError
from planner.services.personal_data import privacy
from planner.storage.database import Database
from planner.storage.files.backup import integrity_problems
from planner.storage.models import (
    AuditEntry,
    Delegate,
    EventContact,
    ExportLogPerson,
    FollowUp,
    Lead,
    MeetingAttendee,
    Note,
    Outcome,
    Person,
    SlotPerson,
)
from tests.planner.safety.conftest import EMAIL, NAME_FAMILY, NAME_GIVEN, NATIVE, PHONE, Planted
from tests.planner.storage.helpers import files_containing

NEEDLES = [EMAIL, NAME_FAMILY, f"{NAME_GIVEN} {NAME_FAMILY}", NATIVE, PHONE]


def _needles_in_files(path: Path) -> dict[str, list[str]]:
    return {n: files_containing(path, n) for n in NEEDLES if files_containing(path, n)}


def test_the_planted_person_is_really_in_the_bytes_first(demo_db: Database, planted: Planted) -> None:
    demo_db.checkpoint()
    assert set(_needles_in_files(demo_db.path)) == set(NEEDLES)  # control: the search works


def test_erase_leaves_no_trace_in_the_database_or_its_wal(demo_db: Database, planted: Planted) -> None:
    with demo_db.session() as s:
        people_before = s.scalar(select(func.count()).select_from(Person))
        leads_before = s.scalar(select(func.count()).select_from(Lead))
    report = privacy.erase_person(demo_db, EMAIL)
    assert _needles_in_files(demo_db.path) == {}
    assert files_containing(demo_db.path, planted.uuid) == []
    assert report.residue == []
    assert integrity_problems(demo_db.path) == []
    # listed before the links went:
    assert [e.path for e in report.exports] == [planted.export_path]
    pid = planted.person_id
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == people_before - 1
        for model in (Delegate, EventContact, MeetingAttendee, SlotPerson):
            assert s.scalar(select(func.count()).select_from(model).where(model.person_id == pid)) == 0
        assert s.scalar(select(func.count()).select_from(Lead).where(
            (Lead.person_id == pid) | (Lead.owner_id == pid))) == 0
        assert s.scalar(select(func.count()).select_from(FollowUp).where(FollowUp.owner_id == pid)) == 0
        assert s.scalar(select(func.count()).select_from(Outcome).where(Outcome.recorded_by_id == pid)) == 0
        assert s.scalar(select(func.count()).select_from(Note).where(Note.subject_uuid == planted.uuid)) == 0
        assert s.scalar(select(func.count()).select_from(ExportLogPerson).where(
            ExportLogPerson.person_uuid == planted.uuid)) == 0
        # the lead about them alone is gone, the organisation's lead stays, anonymous
        assert s.scalar(select(func.count()).select_from(Lead)) == leads_before - 1
        kept = s.scalars(select(Lead).where(Lead.notes == "licensing")).one()
        assert kept.person_id is None and kept.title == "Licensing deal via [erased]"
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "erase_person")).one()
    detail = json.loads(audit.detail)
    assert detail["person_id"] == pid and NAME_FAMILY not in audit.detail and EMAIL not in audit.detail
    assert report.deleted["person"] == 1 and report.leads_deleted == 1 and report.leads_kept == 1
    with pytest.raises(NotFoundError):
        privacy.erase_person(demo_db, EMAIL)


def test_erase_from_the_command_line(demo_db: Database, planted: Planted, capsys) -> None:
    path = demo_db.path
    demo_db.close()
    assert main(["--db", str(path), "erase", "person", EMAIL, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["exported_files"][0]["path"] == planted.export_path
    assert out["residue"] == []
    assert _needles_in_files(path) == {}
    assert main(["--db", str(path), "erase", "person", "nobody@example.org"]) == 2


def test_undo_history_can_find_steps_that_mention_the_person(demo_db: Database, planted: Planted) -> None:
    """The GUI drops undo steps for which ``Changeset.mentions(uuid or e-mail)`` is true."""
    from planner.services.editing.changes import record_changes
    from planner.services.people.people import find_person, update_person

    with demo_db.transaction() as s, record_changes(s, "edit title") as cs:
        update_person(s, find_person(s, EMAIL), job_title="CSO")
    assert cs.mentions(planted.uuid) and cs.mentions(EMAIL)


def _index_traces(db: Database) -> dict[str, object]:
    """What the people search index still knows of the planted person: matches and raw terms."""
    import sqlite3

    con = sqlite3.connect(db.path)
    try:
        con.execute("CREATE VIRTUAL TABLE temp.words_vocab USING fts5vocab(main, person_search_words, row)")
        con.execute("CREATE VIRTUAL TABLE temp.trigram_vocab USING fts5vocab(main, person_search, row)")
        return {
            "trigram match": con.execute("SELECT rowid FROM person_search WHERE person_search MATCH ?",
                                         ('"quillfeather"',)).fetchall(),
            "word match": con.execute("SELECT rowid FROM person_search_words WHERE person_search_words MATCH ?",
                                      ('"zebulon"*',)).fetchall(),
            "word terms": con.execute("SELECT term FROM temp.words_vocab WHERE term IN "
                                      "('zebulon', 'quillfeather', 'vantablack', 'ゼフロン・クイルフェサー')"
                                      ).fetchall(),
            # trigrams of their name that only they had (doc count 1 while they were there)
            "trigram terms": con.execute("SELECT term, doc FROM temp.trigram_vocab WHERE term IN "
                                         "('zeb', 'llf', 'lfe', 'lon', 'ebu')").fetchall(),
            # the raw index pages (terms are prefix-compressed: look for the ends of their words)
            "raw word pages": [b for (b,) in con.execute("SELECT block FROM person_search_words_data")
                               if b"illfeather" in bytes(b) or b"bulon" in bytes(b)],
            "text rows": con.execute("SELECT id FROM person_search_text WHERE text LIKE '%Zebulon%'").fetchall(),
        }
    finally:
        con.close()


def test_erase_leaves_nothing_in_the_search_index(demo_db: Database, planted: Planted) -> None:
    """The FTS shadow tables keep deleted rows' terms until a merge: erasure must merge them away."""
    demo_db.checkpoint()
    before = _index_traces(demo_db)
    assert all(before.values()), before  # control: the person is in the index, words and trigrams
    theirs = [term for term, docs in before["trigram terms"] if docs == 1]  # type: ignore[union-attr]
    assert theirs, before["trigram terms"]
    privacy.erase_person(demo_db, EMAIL)
    after = _index_traces(demo_db)
    after["trigram terms"] = [t for t, _docs in after["trigram terms"] if t in theirs]  # type: ignore[union-attr]
    # the organisation is kept (others may work there), so its name may stay; nothing of the person
    after["word terms"] = [t for t in after["word terms"] if t != ("vantablack",)]  # type: ignore[union-attr]
    assert not any(after.values()), after
    assert _needles_in_files(demo_db.path) == {}
