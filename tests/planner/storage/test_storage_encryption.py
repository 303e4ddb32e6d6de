"""F6/F7: optional encryption at rest (SQLCipher); a wrong passphrase is not "damaged"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from planner.services.files import backups
from planner.services.people.people import add_person
from planner.storage.database import CorruptDatabaseError, Database
from planner.storage.files import encryption
from planner.storage.files.backup import integrity_problems
from planner.storage.files.encryption import KeyState, WrongPassphraseError, diagnose_key

pytestmark = pytest.mark.skipif(not encryption.available(),
                                reason="sqlcipher3 is not installed (pip install 'mission-desk[encryption]')")

SECRET = "Ottoline Featherstonehaugh"
KEY = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _no_prompt(monkeypatch):
    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(encryption, "keyring_key", lambda path: None)
    encryption.set_passphrase_provider(None)
    yield
    encryption.set_passphrase_provider(None)


def _encrypted(tmp_path: Path, n: int = 200) -> Path:
    db = Database.open(tmp_path / "secret.db", key=KEY)
    assert db.report.encrypted
    with db.transaction() as s:
        add_person(s, given_name="Ottoline", family_name="Featherstonehaugh", email="o.f@example.org")
        for i in range(n):
            add_person(s, given_name=f"P{i}", family_name="Filler", notes="y" * 100)
    db.close()
    return db.path


def test_encrypted_file_has_no_plaintext_and_reopens_with_the_key(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    data = path.read_bytes()
    assert not data.startswith(b"SQLite format 3") and b"Featherstonehaugh" not in data
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    db = Database.open(path, key=KEY)
    try:
        assert db.verify() == []
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        copy = backups.backup_now(db)
    finally:
        db.close()
    assert b"Featherstonehaugh" not in copy.read_bytes()  # backups stay encrypted
    assert integrity_problems(copy, key=KEY) == []


def test_wrong_passphrase_is_told_apart_from_a_damaged_file(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    assert diagnose_key(path, KEY) is KeyState.OK
    assert diagnose_key(path, "wrong") is KeyState.WRONG_KEY
    with pytest.raises(WrongPassphraseError, match="Wrong passphrase"):
        Database.open(path, key="wrong")
    # damage one page in the middle: with the right key that is damage, not a wrong key
    with path.open("r+b") as fh:
        fh.seek(4096 * 5 + 300)
        fh.write(b"\x00" * 64)
    assert diagnose_key(path, KEY) is KeyState.DAMAGED
    assert diagnose_key(path, "wrong") is KeyState.WRONG_KEY
    with pytest.raises(CorruptDatabaseError):
        Database.open(path, key=KEY)


def test_key_from_the_prompt_when_there_is_no_keyring(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    asked: list[bool] = []

    def prompt(p: Path, retry: bool) -> str | None:
        asked.append(retry)
        return "typo" if not retry else KEY

    encryption.set_passphrase_provider(prompt)
    db = Database.open(path)
    db.close()
    # no keyring: the first prompt is a first ask (not a retry), the typo makes it ask again
    assert asked == [False, True]


def test_no_key_anywhere_is_a_clear_message(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    from planner.errors import StoreError

    with pytest.raises(StoreError, match="passphrase"):
        Database.open(path)


def test_plaintext_copy_needs_an_explicit_action(tmp_path: Path) -> None:
    path = _encrypted(tmp_path, n=5)
    plain = tmp_path / "plain.db"
    encryption.decrypt_copy(path, plain, KEY)
    assert plain.read_bytes().startswith(b"SQLite format 3")
    assert integrity_problems(plain) == []
    again = tmp_path / "again.db"
    encryption.encrypt_copy(plain, again, "new key")
    assert diagnose_key(again, "new key") is KeyState.OK
