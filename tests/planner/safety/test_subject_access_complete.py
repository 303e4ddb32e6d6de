"""Issue 14, subject access: owner-only files written under a temporary name, logged before they
are moved into place, never through a symlink, and complete — every row of every table whose
free text names the person (by a walk of the schema), the meetings and slots they take part in."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from planner.errors import PlannerError
from planner.services.outputs.export_log import exports_containing
from planner.services.personal_data import (
    subject_access as privacy,  # the subject-access half of privacy
)
from planner.storage.database import Database
from planner.storage.models import Base
from tests.planner.safety.conftest import EMAIL as PLANTED_EMAIL
from tests.planner.safety.conftest import Planted
from tests.planner.safety.mentions import EMAIL, Subject, plant_subject


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _logged_paths(db_path: Path) -> set[str]:
    con = sqlite3.connect(db_path)
    try:
        return {p for (p,) in con.execute("SELECT path FROM export_log")}
    finally:
        con.close()


def test_files_are_owner_only_written_aside_and_logged_before_they_are_moved_into_place(
        demo_db: Database, planted: Planted, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "new" / "sar"              # two folders that do not exist yet
    moves: list[tuple[str, str, int, bool]] = []
    real_replace = os.replace

    def checked_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str], **kw: object) -> None:
        src_path, dst_path = Path(src), Path(dst)
        if dst_path.parent == out:
            logged = str(dst_path.resolve()) in _logged_paths(demo_db.path)  # committed, seen by another connection
            moves.append((src_path.name, dst_path.name, _mode(src_path), logged))
        real_replace(src, dst, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", checked_replace)
    old_umask = os.umask(0o022)
    try:
        written = privacy.export_subject_access(demo_db, PLANTED_EMAIL, out)
    finally:
        os.umask(old_umask)
    assert written and len(moves) == len(written)
    for src, dst, mode, logged in moves:
        assert src != dst and src.startswith(".") and mode == 0o600, (src, dst, oct(mode))
        assert logged, f"{dst} was moved into place before it was in the export log"
    assert all(_mode(p) == 0o600 for p in written), [(p.name, oct(_mode(p))) for p in written]
    assert _mode(out) == 0o700 and _mode(out.parent) == 0o700
    assert sorted(os.listdir(out)) == sorted(p.name for p in written)  # no temporary file left
    with demo_db.session() as s:
        logged = {e.path for e in exports_containing(s, planted.uuid) if e.kind == "subject_access"}
    assert logged == {str(p.resolve()) for p in written}  # every file, not only the JSON


def test_an_existing_folder_keeps_its_mode(demo_db: Database, planted: Planted, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    written = privacy.export_subject_access(demo_db, PLANTED_EMAIL, shared)
    assert _mode(shared) == 0o755 and all(_mode(p) == 0o600 for p in written)


def test_never_written_through_a_symlink(demo_db: Database, planted: Planted, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    stem = f"subject-access-{planted.uuid[:8]}"
    names = [f"{stem}.json"] + [f"{stem}-{t}.csv" for t in privacy.subject_tables()]
    for name in names:
        (out / f".{name}.partial").symlink_to(victim)   # the old fixed temporary name
    (out / f"{stem}.json").symlink_to(victim)           # and the final name
    written = privacy.export_subject_access(demo_db, PLANTED_EMAIL, out)
    assert victim.read_text() == "keep me" and _mode(victim) != 0o600
    assert all(not p.is_symlink() and _mode(p) == 0o600 for p in written)


def test_nothing_is_moved_into_place_when_logging_fails(demo_db: Database, planted: Planted, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: object, **_kw: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(privacy, "record_export", refuse)
    out = tmp_path / "out"
    with pytest.raises((OSError, PlannerError)):
        privacy.export_subject_access(demo_db, PLANTED_EMAIL, out)
    assert not out.exists() or os.listdir(out) == []


@pytest.fixture
def subject(demo_db: Database, tmp_path: Path) -> Subject:
    return plant_subject(demo_db, tmp_path)


def test_subject_access_includes_every_row_whose_text_names_them(demo_db: Database, subject: Subject,
                                                                 tmp_path: Path) -> None:
    """Schema walk: every free-text column of every table (see ``mentions.text_columns``) got a
    mention of the person in some spelling; the export must include each of those rows."""
    written = privacy.export_subject_access(demo_db, EMAIL, tmp_path / "sar")
    doc = json.loads(written[0].read_text(encoding="utf-8"))
    mentioned = {(m["table"], m["id"], m["column"]) for m in doc["mentions"]}
    missing = []
    for spot in subject.spots:
        table = Base.metadata.tables[spot.table]
        pk = next(iter(table.primary_key.columns)).name
        in_tables = any(row.get(pk) == spot.pk for row in doc["tables"].get(spot.table, []))
        if (spot.table, spot.pk, spot.column) not in mentioned:
            missing.append(f"{spot.table}.{spot.column}#{spot.pk} ({spot.form!r}, row exported: {in_tables})")
    assert missing == []
    # what they take part in: the meetings and slots themselves, their leads' follow-ups
    assert subject.meeting_id in {r["id"] for r in doc["tables"]["meeting"]}
    assert subject.slot_id in {r["id"] for r in doc["tables"]["slot"]}
    assert doc["tables"]["follow_up"] and doc["tables"]["lead"]
    # a colleague's row is not handed over whole: only the text that names the person
    colleague_rows = [r for r in doc["tables"]["person"] if r["uuid"] != subject.uuid]
    assert colleague_rows == []
    assert any(m["table"] == "person" and m["column"] == "notes" for m in doc["mentions"])
    mentions_csv = tmp_path / "sar" / f"subject-access-{subject.uuid[:8]}-mentions.csv"
    with mentions_csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(doc["mentions"]) and set(rows[0]) == {"table", "id", "column", "text"}
