"""Undo and redo of one edit (planner/services/editing/changes.py), issue 21.

An undo puts back exactly what the edit altered and nothing else, a redo re-applies it, and
either is saved like any other edit: the row's version moves on by one (never back, so an
editor or a copy holding an older version sees that the row changed) and it records who undid
it. Each test makes its edits through the services a user has."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.imports.source import remember_mapping, remembered_mapping
from planner.services.editing import changes
from planner.services.events.events import add_event, get_event, update_event
from planner.services.people.people import add_organisation, add_person, find_person, update_person
from planner.storage import actor
from planner.storage.database import Database
from planner.storage.models import Event, Organisation, Person


def _person(db: Database, email: str) -> tuple[int, str, str, str]:
    """version, changed_by, job title and notes of the person with that e-mail."""
    with db.session() as s:
        p = find_person(s, email)
        return p.version, p.changed_by, p.job_title, p.notes


def test_an_undo_is_saved_as_the_next_version_of_the_row_by_whoever_undid_it(db: Database) -> None:
    actor.rename(db.engine, "alice")
    with db.transaction() as s:
        add_person(s, given_name="Ana", family_name="Lima", email="ana@lima.example", job_title="CTO")
    with db.transaction() as s, changes.record_changes(s, "Ana is CEO") as cs:
        update_person(s, find_person(s, "ana@lima.example"), job_title="CEO")
    edited_version, _who, title, _notes = _person(db, "ana@lima.example")
    assert title == "CEO"
    actor.rename(db.engine, "bob")
    with db.transaction() as s:
        changes.undo(s, cs)
    version, who, title, _notes = _person(db, "ana@lima.example")
    assert title == "CTO"
    assert version == edited_version + 1  # one more save, not the version the step started from
    assert who == "bob"
    with db.transaction() as s:
        changes.redo(s, cs)
    version, who, title, _notes = _person(db, "ana@lima.example")
    assert (title, version, who) == ("CEO", edited_version + 2, "bob")


def test_a_redo_saves_the_row_at_a_newer_version_than_the_step_itself_saved(db: Database) -> None:
    """The row is re-created by redoing the step that added it (at a low version); redoing the
    later step that edited it several times must still leave it newer than that step left it."""
    with db.transaction() as s, changes.record_changes(s, "Add Ana") as added:
        add_person(s, given_name="Ana", family_name="Lima", email="ana@lima.example")
    with db.transaction() as s, changes.record_changes(s, "Ana's details") as edited:
        ana = find_person(s, "ana@lima.example")
        update_person(s, ana, job_title="CEO")
        update_person(s, ana, notes="Met at BioJapan")
        update_person(s, ana, phone="+44 20 7946 0000")
    step_version = _person(db, "ana@lima.example")[0]
    for step, forward in ((edited, False), (added, False), (added, True), (edited, True)):
        with db.transaction() as s:
            (changes.redo if forward else changes.undo)(s, step)
    version, _who, title, notes = _person(db, "ana@lima.example")
    assert (title, notes) == ("CEO", "Met at BioJapan")
    assert version > step_version


def test_a_row_put_back_within_the_step_does_not_hide_the_rows_changed_after_it(db: Database) -> None:
    """Ana's title is changed and changed back in the same step, then Ben's is changed: the step
    holds Ben's change only, and undoing it puts back Ben's title and nothing else."""
    with db.transaction() as s:
        add_person(s, given_name="Ana", family_name="Lima", email="ana@lima.example", job_title="CTO")
        add_person(s, given_name="Ben", family_name="Okafor", email="ben@okafor.example", job_title="CFO")
    with db.transaction() as s, changes.record_changes(s, "Titles") as cs:
        ana = find_person(s, "ana@lima.example")
        update_person(s, ana, job_title="CEO")
        update_person(s, ana, job_title="CTO")
        update_person(s, find_person(s, "ben@okafor.example"), job_title="COO")
    assert [(c.table, c.after and c.after["job_title"]) for c in cs.changes] == [("person", "COO")]
    with db.transaction() as s:
        changes.undo(s, cs)
    assert _person(db, "ben@okafor.example")[2] == "CFO"
    assert _person(db, "ana@lima.example")[2] == "CTO"


def test_undo_puts_back_exactly_what_the_step_altered_and_nothing_else(db: Database) -> None:
    """A later edit to a field or a row the step did not touch survives the undo."""
    with db.transaction() as s:
        add_person(s, given_name="Ana", family_name="Lima", email="ana@lima.example", job_title="CTO")
        add_person(s, given_name="Ben", family_name="Okafor", email="ben@okafor.example")
    with db.transaction() as s, changes.record_changes(s, "Ana joins Lima Biotech") as cs:
        org = add_organisation(s, name="Lima Biotech")
        update_person(s, find_person(s, "ana@lima.example"), organisation=org)
    assert {c.table for c in cs.changes} == {"organisation", "person"}
    with db.transaction() as s:  # saved since, by someone else: Ben's notes
        update_person(s, find_person(s, "ben@okafor.example"), notes="Call back")
    with db.transaction() as s:
        changes.undo(s, cs)
    with db.session() as s:
        assert find_person(s, "ana@lima.example").organisation is None
        assert find_person(s, "ana@lima.example").job_title == "CTO"
        assert find_person(s, "ben@okafor.example").notes == "Call back"
        assert s.scalars(select(Organisation)).all() == []
    with db.transaction() as s:
        changes.redo(s, cs)
    with db.session() as s:
        org = find_person(s, "ana@lima.example").organisation
        assert org is not None and org.name == "Lima Biotech"
        assert len(s.scalars(select(Person)).all()) == 2


def test_undoing_a_remembered_column_mapping_puts_back_the_one_before(db: Database) -> None:
    """The import's remembered mappings are a row without version bookkeeping: the undo and the
    redo write it back exactly as it was."""
    with db.transaction() as s:
        remember_mapping(s, "eventbrite", {"Surname": "family_name"})
    with db.transaction() as s, changes.record_changes(s, "Map Mobile Phone") as cs:
        remember_mapping(s, "eventbrite", {"Mobile Phone": "mobile"})
    with db.transaction() as s:
        changes.undo(s, cs)
    with db.session() as s:
        assert remembered_mapping(s, "eventbrite") == {"Surname": "family_name"}
    with db.transaction() as s:
        changes.redo(s, cs)
    with db.session() as s:
        assert remembered_mapping(s, "eventbrite") == {"Surname": "family_name", "Mobile Phone": "mobile"}


def _add_event(s: Session, code: str) -> None:
    add_event(s, code=code, name=code, start_date=date(2026, 10, 13), end_date=date(2026, 10, 16),
              tz="Asia/Tokyo")


def _codes(db: Database) -> list[str]:
    with db.session() as s:
        return sorted(s.scalars(select(Event.code)))


def test_a_redo_that_would_repeat_an_event_code_saved_since_is_refused_and_writes_nothing(
        db: Database) -> None:
    with db.transaction() as s, changes.record_changes(s, "Add BioJapan") as cs:
        _add_event(s, "bj-2026")
    with db.transaction() as s:
        _add_event(s, "tokyo-2026")
    with db.transaction() as s:
        changes.undo(s, cs)
    with db.transaction() as s:  # someone else adds BioJapan again, under the same code
        _add_event(s, "bj-2026")
    with pytest.raises(changes.UndoConflictError) as refused, db.transaction() as s:
        changes.redo(s, cs)
    message = str(refused.value)
    assert message.startswith("Can't redo “Add BioJapan”: it no longer fits what was saved since (")
    assert message.endswith(". Nothing was redone.")
    assert _codes(db) == ["bj-2026", "tokyo-2026"]


def test_an_undo_that_would_repeat_an_event_code_saved_since_is_refused_and_writes_nothing(
        db: Database) -> None:
    with db.transaction() as s:
        _add_event(s, "bj-2026")
    with db.transaction() as s, changes.record_changes(s, "Rename BioJapan") as cs:
        update_event(s, get_event(s, "bj-2026"), code="biojapan-2026")
    with db.transaction() as s:  # someone else adds an event under the old code
        _add_event(s, "bj-2026")
    with pytest.raises(changes.UndoConflictError) as refused, db.transaction() as s:
        changes.undo(s, cs)
    message = str(refused.value)
    assert message.startswith("Can't undo “Rename BioJapan”: it no longer fits what was saved since (")
    assert message.endswith(". Nothing was undone.")
    assert _codes(db) == ["biojapan-2026", "bj-2026"]


def test_whether_a_redo_can_run_is_judged_by_what_the_redo_would_write(db: Database) -> None:
    """After an undo, someone making the same edit again leaves nothing to redo (no conflict);
    someone making another edit makes the redo refused, and the reason says "redo"."""
    with db.transaction() as s:
        add_person(s, given_name="Ana", family_name="Lima", email="ana@lima.example", job_title="CTO")
    with db.transaction() as s, changes.record_changes(s, "Ana is CEO") as cs:
        update_person(s, find_person(s, "ana@lima.example"), job_title="CEO")
    with db.transaction() as s:
        changes.undo(s, cs)
    with db.transaction() as s:
        update_person(s, find_person(s, "ana@lima.example"), job_title="CEO")
    with db.session() as s:
        assert changes.check_apply(s, cs, forward=True) is None
    with db.transaction() as s:
        update_person(s, find_person(s, "ana@lima.example"), job_title="CFO")
    with db.session() as s:
        reason = changes.check_apply(s, cs, forward=True)
    assert reason is not None and reason.startswith("Can't redo “Ana is CEO”: the person Ana Lima was changed since")
    assert reason.endswith("Nothing was redone.")
