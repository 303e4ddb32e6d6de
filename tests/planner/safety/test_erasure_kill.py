"""Issue 14, erasure and the search index: merged and vacuumed in the same operation, and a
kill -9 just after the erasure commits leaves nothing of the person in the index (the merge is
part of the committed transaction); running the erasure again finishes the byte-level purge."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from planner.cli import main
from planner.services.personal_data import privacy
from planner.storage.database import Database
from tests.planner.safety.conftest import EMAIL, Planted
from tests.planner.safety.test_erasure import _index_traces, _needles_in_files

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked child (POSIX only)")


def _clean(traces: dict[str, object]) -> dict[str, object]:
    """The index traces of the planted person, without the organisation's word (it is kept)."""
    traces = dict(traces)
    traces["word terms"] = [t for t in traces["word terms"] if t != ("vantablack",)]  # type: ignore[attr-defined]
    return traces


def test_erasure_merges_the_index_and_vacuums_every_time(demo_db: Database, planted: Planted) -> None:
    report = privacy.erase_person(demo_db, EMAIL)
    assert report.vacuumed and report.residue == []
    con = sqlite3.connect(demo_db.path)
    try:
        assert con.execute("PRAGMA freelist_count").fetchone()[0] == 0  # vacuumed: no free page left
    finally:
        con.close()


def _erase_and_die_after_commit(path: Path) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    db = Database.open(path)

    def die(_session: Session) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    event.listen(Session, "after_commit", die)
    privacy.erase_person(db, EMAIL)


@pytest.mark.parametrize("finish", ["erase again", "at the next start"])
def test_a_kill_just_after_the_erasure_commits_leaves_nothing_in_the_search_index(
        demo_db: Database, planted: Planted, capsys, finish: str) -> None:
    path = demo_db.path
    demo_db.checkpoint()
    before = _clean(_index_traces(demo_db))
    assert all(before.values()), before  # control
    theirs = [term for term, docs in before["trigram terms"] if docs == 1]  # type: ignore[attr-defined]
    demo_db.close()
    pid = os.fork()
    if pid == 0:  # child
        try:
            _erase_and_die_after_commit(path)
        finally:
            os._exit(3)  # only reached when the kill did not happen
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT count(*) FROM person WHERE uuid = ?", (planted.uuid,)).fetchone()[0] == 0
    finally:
        con.close()
    after = _clean(_index_traces(SimpleNamespace(path=path)))  # type: ignore[arg-type]
    after["trigram terms"] = [t for t, _d in after["trigram terms"] if t in theirs]  # type: ignore[attr-defined]
    assert not any(after.values()), after
    # the byte-level purge did not run: the erasure's marker says so, and finishing it wipes the pages
    if finish == "erase again":
        assert main(["--db", str(path), "erase", "person", EMAIL]) == 0, capsys.readouterr().err
    else:
        db = Database.open(path)
        try:
            with db.session() as s:
                assert privacy.pending_erasures(s) == 1
            assert privacy.finish_pending_erasures(db) == 1
            with db.session() as s:
                assert privacy.pending_erasures(s) == 0
        finally:
            db.close()
    assert _needles_in_files(path) == {}
