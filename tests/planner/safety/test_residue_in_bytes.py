"""The erasure's self-check reads the file's bytes, where SQLite stores a record's values side by
side with nothing between them: an e-mail address that ends one value runs straight into the
next ("…ingrid@holm.exampleunknown12a8…"). Such a leftover must still be found, or the check
would report a clean file that is not. In a column's text, the word guards still apply: a
person's address is not found inside a longer one."""

from __future__ import annotations

from pathlib import Path

from planner.services.people.people import add_person
from planner.services.personal_data.privacy import file_residue
from planner.services.personal_data.text_match import Matcher
from planner.storage.database import Database


def test_an_address_ending_a_stored_value_is_found_in_the_files_bytes(db: Database) -> None:
    """Ben's notes end with Ingrid's address; the values after it in Ben's record begin with
    letters and digits, so the address is followed by them in the file."""
    with db.transaction() as s:
        add_person(s, given_name="Ben", family_name="Ito", notes="write to ingrid@holm.example")
    path = Path(db.path)
    db.close()
    assert b"ingrid@holm.example" in path.read_bytes()
    assert file_residue(path, ["ingrid@holm.example"]) == [path.name]


def test_an_address_run_into_letters_on_both_sides_is_found_in_raw_bytes(tmp_path: Path) -> None:
    path = tmp_path / "plan.db"
    path.write_bytes(b"\x00\x17Benwrite to Xingrid@holm.exampleunknown12a8\x00")
    assert file_residue(path, ["Ingrid@Holm.example"]) == ["plan.db"]


def test_in_text_an_address_is_not_found_inside_a_longer_one() -> None:
    matcher = Matcher(["ann@holm.co"])
    assert not matcher.search("write to ann@holm.com")
    assert not matcher.search("write to joann@holm.co")
    assert matcher.search("write to ann@holm.co, please")


def test_a_name_keeps_its_word_guards_in_the_bytes_too(tmp_path: Path) -> None:
    """Names are not unguarded: "Green" in raw bytes is still not "Greenberg" (a namesake's
    record next door would otherwise be reported as a trace of the erased person)."""
    path = tmp_path / "plan.db"
    path.write_bytes(b"\x00Lukasz Greenberg\x00")
    assert file_residue(path, ["Lukasz Green"]) == []
