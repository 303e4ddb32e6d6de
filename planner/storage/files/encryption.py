"""Optional encryption at rest with SQLCipher (``pip install mission-desk[encryption]``).

* The key comes from the OS keyring (Windows Credential Manager, macOS Keychain, Secret
  Service) when there is one, else from a passphrase the user types (the GUI or the CLI
  registers a prompt with :func:`set_passphrase_provider`; ``$PLANNER_PASSPHRASE`` serves
  scripts).
* A wrong passphrase is told apart from a damaged file: SQLCipher says "file is not a database"
  for both, so :func:`diagnose_key` runs ``PRAGMA cipher_integrity_check``, which checks each
  page's HMAC. With the wrong key *every* page fails; with the right key on a damaged file only
  the damaged pages do.
* Backups of an encrypted file are encrypted with the same key (the backup API copies pages).
* Everything works without ``sqlcipher3`` installed: only encrypted files then refuse to open,
  with a message saying what to install.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

from planner.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
KEYRING_SERVICE = "Mission Desk"
PASSPHRASE_ENV = "PLANNER_PASSPHRASE"
PAGE_SIZE = 4096  # SQLCipher 4 default; never changed here

PassphraseProvider = Callable[[Path, bool], "str | None"]
_provider: PassphraseProvider | None = None


class EncryptionUnavailableError(StoreError):
    """The file is encrypted but sqlcipher3 is not installed."""


class WrongPassphraseError(StoreError):
    """The key does not open this file (the file itself is fine)."""


class KeyState(Enum):
    OK = "ok"
    WRONG_KEY = "wrong key"
    DAMAGED = "damaged"
    UNKNOWN = "wrong key or damaged"


def sqlcipher_module() -> Any:
    try:
        import sqlcipher3.dbapi2 as module  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise EncryptionUnavailableError(
            "This file is encrypted and this installation cannot read encrypted files: install "
            "the encryption extra (pip install 'mission-desk[encryption]').") from None
    return module


def available() -> bool:
    try:
        sqlcipher_module()
    except EncryptionUnavailableError:
        return False
    return True


def looks_encrypted(path: Path) -> bool:
    """A non-empty file without SQLite's plain header: encrypted (or not a database at all)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    if len(head) < 16 or head == SQLITE_HEADER:
        return False
    size = path.stat().st_size
    # SQLCipher pages are 4096 bytes and the file is a whole number of them; the first 16 bytes
    # are the random salt. Anything else (a zip, a text file) is not an encrypted database.
    return size >= PAGE_SIZE and size % PAGE_SIZE == 0


def _connect(path: Path, key: str) -> Any:
    from planner.storage.engine import apply_key, file_uri

    con = sqlcipher_module().connect(file_uri(path) + "?mode=ro", uri=True, isolation_level=None)
    apply_key(con, key)
    return con


def diagnose_key(path: Path, key: str) -> KeyState:
    """Does ``key`` open ``path``? Tells a wrong key from a damaged file (see module doc)."""
    con = _connect(path, key)
    try:
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            readable = True
        except Exception:
            readable = False
        failed = 0
        try:
            failed = sum(1 for _ in con.execute("PRAGMA cipher_integrity_check"))
        except Exception:
            return KeyState.UNKNOWN if not readable else KeyState.DAMAGED
    finally:
        con.close()
    pages = max(1, path.stat().st_size // PAGE_SIZE)
    if failed == 0:
        return KeyState.OK if readable else KeyState.DAMAGED
    if failed >= pages:
        return KeyState.WRONG_KEY if pages > 1 else KeyState.UNKNOWN
    return KeyState.DAMAGED


def check_key(path: Path, key: str) -> None:
    """Raise :class:`WrongPassphraseError` unless ``key`` opens ``path`` (damage is left to the
    integrity check, which reports it as damage)."""
    state = diagnose_key(path, key)
    if state is KeyState.WRONG_KEY:
        raise WrongPassphraseError(f"Wrong passphrase for {path.name} (the file itself looks intact)")
    if state is KeyState.UNKNOWN:
        raise WrongPassphraseError(
            f"{path.name} cannot be unlocked: the passphrase is wrong or the file is damaged")


def set_passphrase_provider(provider: PassphraseProvider | None) -> None:
    """Register how to ask the user: ``provider(path, retry) -> passphrase or None (cancel)``."""
    global _provider
    _provider = provider


def _keyring() -> Any | None:
    try:
        import keyring  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    return keyring


def keyring_key(path: Path) -> str | None:
    kr = _keyring()
    if kr is None:
        return None
    try:
        value = kr.get_password(KEYRING_SERVICE, str(path.resolve()))
    except Exception:  # NoKeyringError, locked keychain, D-Bus trouble: fall back to a prompt
        return None
    return str(value) if value else None


def remember_key(path: Path, key: str) -> bool:
    """Store the key in the OS keyring; False when there is no usable keyring."""
    kr = _keyring()
    if kr is None:
        return False
    try:
        kr.set_password(KEYRING_SERVICE, str(path.resolve()), key)
    except Exception:
        return False
    return True


def forget_key(path: Path) -> None:
    kr = _keyring()
    if kr is not None:
        with contextlib.suppress(Exception):
            kr.delete_password(KEYRING_SERVICE, str(path.resolve()))


def obtain_key(path: Path, *, retry: bool = False) -> str | None:
    """The key for ``path``: keyring, then ``$PLANNER_PASSPHRASE``, then the registered prompt."""
    if not retry:
        stored = keyring_key(path)
        if stored:
            return stored
        env = os.environ.get(PASSPHRASE_ENV)
        if env:
            return env
    if _provider is not None:
        return _provider(path, retry)
    return None


def encrypt_copy(src: Path, dest: Path, key: str, *, src_key: str | None = None) -> None:
    """Write an encrypted copy of ``src`` (plain or encrypted with ``src_key``) to ``dest``."""
    _export(src, dest, src_key=src_key, dest_key=key)


def decrypt_copy(src: Path, dest: Path, key: str) -> None:
    """Write a plain copy of an encrypted file: an explicit user action, never automatic."""
    _export(src, dest, src_key=key, dest_key="")


def _export(src: Path, dest: Path, *, src_key: str | None, dest_key: str) -> None:
    from planner.storage.engine import APPLICATION_ID, apply_key

    module = sqlcipher_module()
    if dest.exists():
        raise StoreError(f"{dest} already exists")
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    con = module.connect(str(src), isolation_level=None)
    try:
        if src_key:
            apply_key(con, src_key)
        quoted = dest_key.replace("'", "''")
        con.execute(f"ATTACH DATABASE ? AS target KEY '{quoted}'", (str(dest),))
        con.execute("SELECT sqlcipher_export('target')")
        con.execute(f"PRAGMA target.application_id = {APPLICATION_ID}")
        version = con.execute("PRAGMA main.user_version").fetchone()[0]
        con.execute(f"PRAGMA target.user_version = {int(version)}")
        con.execute("DETACH DATABASE target")
    except Exception:
        with contextlib.suppress(OSError):
            dest.unlink()
        raise
    finally:
        con.close()
