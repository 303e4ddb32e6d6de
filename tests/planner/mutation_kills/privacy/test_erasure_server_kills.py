"""Erasure on a team server, as on a file (issue 21): run on both engines.

planner/services/personal_data/privacy.py ``erase_person``, ``purge_free_space`` and
``finish_pending_erasures``: a server has no backups of ours and no file bytes, so its report says
what the server keeps; its self-check searches every text column; an interrupted erasure is
finished at the next start there too. (Survivors reachable only on PostgreSQL: these tests need
``PLANNER_TEST_PG_URL``, else their server runs skip.)"""

from __future__ import annotations

import pytest

from planner.services.people.people import add_person
from planner.services.personal_data import privacy, privacy_server
from planner.storage.database import Database

pytestmark = pytest.mark.engines

INGRID = "ingrid@holm.example"


def _ingrid(db: Database, **kw: object) -> None:
    with db.transaction() as s:
        add_person(s, given_name="Ingrid", family_name="Holm", email=INGRID, **kw)


def test_the_report_of_an_erasure_says_what_the_server_still_keeps(db: Database) -> None:
    """On a server: no backups of ours were taken, the role that owns the tables reclaimed the
    old row versions (VACUUM), and the note names the server's own copies. On a file: no note."""
    _ingrid(db)
    report = privacy.erase_person(db, INGRID)
    assert report.residue == [] and report.vacuumed is True
    if db.is_server:
        assert report.backups_before == []
        assert report.server_note == privacy_server.SERVER_COPIES
    else:
        assert report.server_note == ""


def test_the_self_check_names_the_text_columns_that_still_hold_them(db: Database) -> None:
    """Another person's notes still name her: the self-check reports that column (and, on a
    file, the file's bytes), and says the old row versions were reclaimed."""
    with db.transaction() as s:
        add_person(s, given_name="Ben", family_name="Okafor", email="ben@okafor.example",
                   notes=f"write to {INGRID} today")
    residue, vacuumed = privacy.purge_free_space(db, [INGRID])
    assert vacuumed is True
    assert residue == (["person.notes"] if db.is_server else ["person.notes", db.path.name])


def test_an_interrupted_erasure_is_finished_at_the_next_start(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _ingrid(db)
    with monkeypatch.context() as m:
        def stopped(*_a: object, **_kw: object) -> None:
            raise KeyboardInterrupt

        m.setattr(privacy, "purge_free_space", stopped)
        with pytest.raises(KeyboardInterrupt):
            privacy.erase_person(db, INGRID)
    assert privacy.finish_pending_erasures(db) == 1
    with db.session() as s:
        assert privacy.pending_erasures(s) == 0
