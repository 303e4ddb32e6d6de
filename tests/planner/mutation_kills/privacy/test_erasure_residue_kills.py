"""Where the erasure's self-check looks for what is left of a person (issue 21).

planner/services/personal_data/privacy.py ``file_residue`` and ``purge_free_space``: the file,
its -wal and its -shm are each searched, an empty or missing one is skipped without ending the
search, and the report lists both the text columns and the files that still hold them."""

from __future__ import annotations

from pathlib import Path

from planner.services.people.people import add_person
from planner.services.personal_data import privacy
from planner.storage.database import Database

EMAIL = "ottoline.marchbanks@quire-example.org"


def test_file_residue_finds_the_e_mail_in_the_shm_file_too(tmp_path: Path) -> None:
    plan = tmp_path / "plan.db"
    plan.write_bytes(b"SQLite format 3\0" + b"\0" * 64)
    (tmp_path / "plan.db-shm").write_bytes(b"\0" * 32 + EMAIL.encode() + b"\0" * 32)
    assert privacy.file_residue(plan, [EMAIL]) == ["plan.db-shm"]


def test_an_empty_plan_file_does_not_stop_the_search_of_its_wal(tmp_path: Path) -> None:
    plan = tmp_path / "plan.db"
    plan.write_bytes(b"")
    (tmp_path / "plan.db-wal").write_bytes(b"\0" * 32 + EMAIL.upper().encode() + b"\0" * 32)
    assert privacy.file_residue(plan, [EMAIL]) == ["plan.db-wal"]


def test_a_file_that_begins_with_the_end_of_their_e_mail_holds_no_residue(tmp_path: Path) -> None:
    """Only the file's own bytes are searched: nothing is put before its first block."""
    plan = tmp_path / "plan.db"
    plan.write_bytes(b"@quire-example.org and more")
    assert privacy.file_residue(plan, ["XXXX@quire-example.org"]) == []
    assert privacy.file_residue(plan, ["x@quire-example.org"]) == []


def test_the_self_check_reports_the_text_columns_and_the_file_that_still_hold_them(db: Database) -> None:
    """A remaining person's note still names them: its column and the file are both reported,
    and the file was vacuumed."""
    with db.transaction() as s:
        add_person(s, given_name="Ada", family_name="Other", email="ada.other@example.org",
                   notes=f"ask {EMAIL} about the reagents")
    residue, vacuumed = privacy.purge_free_space(db, [EMAIL])
    assert vacuumed is True
    assert residue == ["person.notes", db.path.name]


def test_the_self_check_of_a_clean_file_finds_nothing_and_says_it_was_vacuumed(db: Database) -> None:
    assert privacy.purge_free_space(db, [EMAIL]) == ([], True)
