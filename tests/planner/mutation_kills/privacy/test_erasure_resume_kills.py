"""Erasing what is left of someone who is no longer a person, and finishing an erasure (issue 21).

planner/services/personal_data/privacy.py ``erase_person``: an erasure of a name that is only left
in notes is recorded as in progress like any other (so the next start finishes it), and finishing
it by that name later lists the backups taken before and drops no one else's undo steps; finishing
an interrupted erasure by name never erases a namesake; "No person" says what was looked for;
the erasure that travels with the next sync carries their e-mail, hashed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from planner.errors import NotFoundError
from planner.imports.normalise import email_key
from planner.services.editing.changes import record_changes
from planner.services.editing.dependents import delete_with_dependents
from planner.services.outputs.export_log import record_export
from planner.services.people.people import add_person, find_person, update_person
from planner.services.personal_data import privacy
from planner.storage.database import Database
from planner.storage.models import ErasureLog, Person
from planner.storage.models.sync import person_key

INGRID, BEN = "ingrid@holm.example", "ben@okafor.example"


def _interrupted(db: Database, monkeypatch: pytest.MonkeyPatch, who: str) -> None:
    """The erasure of ``who`` stops right after its commit (the program was killed)."""
    with monkeypatch.context() as m:
        def stopped(*_a: object, **_kw: object) -> None:
            raise KeyboardInterrupt

        m.setattr(privacy, "purge_free_space", stopped)
        with pytest.raises(KeyboardInterrupt):
            privacy.erase_person(db, who)


def _pending(db: Database) -> int:
    with db.session() as s:
        return privacy.pending_erasures(s)


def test_finishing_the_erasure_of_a_name_left_only_in_notes_keeps_others_undo_and_lists_backups(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingrid was deleted the ordinary way and Ben (the plan's first person, #1) still names her
    in his notes. Her erasure by name is interrupted: it is left as in progress, like any other.
    Finished later by her name, it lists the backup taken before, and Ben's undo steps stay
    (there is no person of hers whose internal id they could hold)."""
    with db.transaction() as s:
        ben_id = add_person(s, given_name="Ben", family_name="Okafor", email=BEN).id
        add_person(s, given_name="Ingrid", family_name="Holm", email=INGRID)
    assert ben_id == 1
    with db.transaction() as s:
        delete_with_dependents(s, find_person(s, INGRID))
    with db.transaction() as s, record_changes(s, "Ben's title") as bens_step:
        update_person(s, find_person(s, BEN), job_title="CFO")
    with db.transaction() as s:
        update_person(s, find_person(s, BEN), notes="Ask Ingrid Holm about assays")
    taken = db.backup()

    _interrupted(db, monkeypatch, "Ingrid Holm")
    assert _pending(db) == 1
    report = privacy.erase_person(db, "Ingrid Holm")
    assert report.resumed and report.residue == []
    assert report.backups_before == [taken]
    assert privacy.purge_history([bens_step], report) == [bens_step]
    assert _pending(db) == 0
    with db.session() as s:
        assert find_person(s, BEN).notes == "Ask [erased] about assays"


def test_an_interrupted_erasure_of_a_name_left_only_in_notes_is_finished_at_the_next_start(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    with db.transaction() as s:
        add_person(s, given_name="Ben", family_name="Okafor", email=BEN, notes="Ask Ingrid Holm")
    _interrupted(db, monkeypatch, "Ingrid Holm")
    assert privacy.finish_pending_erasures(db) == 1
    assert _pending(db) == 0


def test_finishing_an_interrupted_erasure_by_name_never_erases_a_namesake(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two Ingrid Holms; one is erased by her e-mail and the erasure is interrupted. Run again
    by the name "Ingrid Holm", it finishes that erasure: the other Ingrid Holm stays."""
    with db.transaction() as s:
        add_person(s, given_name="Ingrid", family_name="Holm", email=INGRID)
        add_person(s, given_name="Ingrid", family_name="Holm", email="i.holm@other.example")
    _interrupted(db, monkeypatch, INGRID)
    report = privacy.erase_person(db, "Ingrid Holm")
    assert report.resumed and not report.deleted.get("person")
    with db.session() as s:
        assert [p.email for p in s.scalars(select(Person))] == ["i.holm@other.example"]
    assert _pending(db) == 0


def test_an_interrupted_erasure_finished_later_lists_only_the_exports_that_held_them(
        db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Two badge files were exported: one with Ingrid, one with Ben alone. Finished after an
    interruption, her erasure lists the one that held her, not Ben's."""
    with db.transaction() as s:
        ingrid = add_person(s, given_name="Ingrid", family_name="Holm", email=INGRID)
        ben = add_person(s, given_name="Ben", family_name="Okafor", email=BEN)
        record_export(s, kind="badges", path=tmp_path / "badges-a.csv", event=None, person_ids=[ingrid.id])
        record_export(s, kind="badges", path=tmp_path / "badges-b.csv", event=None, person_ids=[ben.id])
    _interrupted(db, monkeypatch, INGRID)
    report = privacy.erase_person(db, INGRID)
    assert report.resumed
    assert [Path(e.path).name for e in report.exports] == ["badges-a.csv"]


def test_no_person_says_what_was_looked_for_and_that_nothing_of_them_is_left(db: Database) -> None:
    with pytest.raises(NotFoundError) as nobody:
        privacy.erase_person(db, "Astrid Nobody")
    assert str(nobody.value) == (
        "No person with the e-mail, id or name 'Astrid Nobody', and nothing of them left in the file")


def test_the_erasure_sent_with_the_next_sync_carries_their_email_only_hashed(db: Database) -> None:
    """Other laptops must drop her e-mail where a merge made offline gave it to someone else:
    the erasure's log entry holds its hash (and nothing readable)."""
    with db.transaction() as s:
        uuid = add_person(s, given_name="Ingrid", family_name="Holm", email=INGRID).uuid
    privacy.erase_person(db, INGRID)
    with db.session() as s:
        logged = s.scalars(select(ErasureLog)).one()
    assert logged.person_key == person_key(uuid)
    assert logged.email_keys == person_key(email_key(INGRID))
