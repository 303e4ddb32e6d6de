"""Server passwords: from the keyring or libpq's password file, never in settings in clear.

Rules held here: a URL stripped for settings holds no password in any of the places a URL can
carry one (the GUI stores only such URLs: ui/settings.py's recent servers); a
password remembered in the keyring, or written in a PGPASSFILE, is what the connection uses
when the URL has none; TLS settings pass through, ``prefer`` when none is given.

The connection tests need the test server (``PLANNER_TEST_PG_URL``); the keyring is an
in-memory backend (keyring's documented ``KeyringBackend`` interface), never the real one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from planner.storage.server import credentials

keyring = pytest.importorskip("keyring")
from keyring.backend import KeyringBackend  # noqa: E402
from keyring.backends import fail  # noqa: E402

SECRET = "s3cr:et@/?#%&=pässwörd"
ENCODED = quote(SECRET, safe="")


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


URLS_WITH_SECRETS = [
    f"postgresql+psycopg://alice:{ENCODED}@db.example.org:5433/plan",
    f"postgresql://alice:{ENCODED}@db.example.org/plan?sslmode=verify-full&sslrootcert=/ca.pem",
    f"postgresql+psycopg://alice@db.example.org/plan?password={ENCODED}",
    f"postgresql+psycopg://alice@db.example.org/plan?sslmode=require&sslpassword={ENCODED}",
]


def _leaks(text: str) -> bool:
    return SECRET in text or ENCODED in text or ENCODED.lower() in text.lower()


@pytest.mark.parametrize("url", URLS_WITH_SECRETS)
def test_a_url_for_settings_holds_no_password_but_still_names_the_server(url: str) -> None:
    kept = credentials.url_for_settings(url)
    assert not _leaks(kept), kept
    parsed = make_url(kept)
    assert (parsed.username, parsed.host, parsed.database) == ("alice", "db.example.org", "plan")
    assert parsed.query.get("sslmode") == make_url(url).query.get("sslmode")  # TLS choice kept


def test_files_and_unreadable_urls() -> None:
    assert credentials.url_for_settings("/home/me/Mission Desk/plan.db") == \
        "/home/me/Mission Desk/plan.db"
    assert not _leaks(credentials.url_for_settings(f"postgresql://al:{SECRET}@[bad/x?password=1"))


def test_tls_settings_pass_through_and_default_to_prefer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGSSLMODE", raising=False)
    plain = credentials.connect_url("postgresql://alice@db.example.org/plan")
    assert plain.drivername == "postgresql+psycopg" and plain.query["sslmode"] == "prefer"
    strict = credentials.connect_url(
        "postgresql+psycopg://alice@db.example.org/plan?sslmode=verify-full&sslrootcert=/etc/ca.pem")
    assert strict.query == {"sslmode": "verify-full", "sslrootcert": "/etc/ca.pem"}
    monkeypatch.setenv("PGSSLMODE", "require")  # the environment's choice is not overridden
    assert "sslmode" not in credentials.connect_url("postgresql://alice@db.example.org/plan").query
    assert credentials.sslmode("postgresql://alice@db.example.org/plan") == "require"
    with pytest.raises(ValueError, match="sslmode"):
        credentials.connect_url("postgresql://alice@db.example.org/plan?sslmode=sometimes")


def test_the_keyring_entry_is_named_by_user_server_and_database(memory_keyring: MemoryKeyring) -> None:
    url = "postgresql+psycopg://alice@db.example.org/plan"
    assert credentials.store_password(url, SECRET)
    assert memory_keyring.entries == {("Mission Desk", "alice@db.example.org:5432/plan"): SECRET}
    other = credentials.connect_url("postgresql+psycopg://alice@db.example.org/other")
    assert other.password is None  # another database: not this password
    filled = credentials.connect_url(url)
    assert filled.password == SECRET and not _leaks(str(filled)) and not _leaks(repr(filled))
    given = credentials.connect_url("postgresql+psycopg://alice:typed-one@db.example.org/plan")
    assert given.password == "typed-one"  # a password in the URL wins
    credentials.forget_password(url)
    assert memory_keyring.entries == {}


def test_without_a_keyring_nothing_is_stored(no_keyring: None) -> None:
    assert not credentials.keyring_available()
    assert not credentials.store_password("postgresql://alice@db.example.org/plan", SECRET)
    assert credentials.connect_url("postgresql://alice@db.example.org/plan").password is None


def _without_password(url: str) -> tuple[str, str]:
    parsed = make_url(url)
    assert parsed.password is not None
    bare = credentials.without_password(parsed)
    return bare.render_as_string(hide_password=False), str(parsed.password)


def _connects(url: sa.engine.URL) -> str:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(sa.text("SELECT current_user")).scalar_one())
    finally:
        engine.dispose()


def test_a_remembered_password_connects(pg_empty_url: str, memory_keyring: MemoryKeyring,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSFILE", os.devnull)  # the keyring alone must do it
    bare, password = _without_password(pg_empty_url)
    with pytest.raises(sa.exc.OperationalError):
        _connects(credentials.connect_url(bare))
    assert credentials.store_password(bare, password)
    assert _connects(credentials.connect_url(bare)) == make_url(bare).username


def test_without_a_keyring_libpq_reads_the_password_file(pg_empty_url: str, no_keyring: None,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    bare, password = _without_password(pg_empty_url)
    parsed = make_url(bare)
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"{parsed.host}:{parsed.port}:{parsed.database}:{parsed.username}:"
                        f"{password}\n", encoding="utf-8")
    passfile.chmod(0o600)  # libpq ignores a password file others may read
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    assert credentials.connect_url(bare).password is None
    assert _connects(credentials.connect_url(bare)) == parsed.username
