"""Server passwords: the system keyring through :mod:`planner.storage.server.credentials`, never the
settings file. Thin, GUI-shaped names over that module: a missing or failing keyring never stops
an opening (libpq's ``PGPASSFILE`` / ``~/.pgpass`` or the dialog's password field remain), and
"Remember" says when it could not remember.
"""

from __future__ import annotations

from types import ModuleType


def _credentials() -> ModuleType:
    from planner.storage.server import (
        credentials,  # SQLAlchemy: never before the window's frame shows
    )

    return credentials


def url_for_settings(url: str) -> str:
    """``url`` with no password anywhere in it (user info or ``?password=``)."""
    return str(_credentials().url_for_settings(url))


def password_for(url: str) -> str | None:
    """The keyring's password for this server and user, or None."""
    try:
        return _credentials().keyring_password(url)
    except Exception:  # a URL the keyring cannot name, a backend that fails: ask the user
        return None


def remember_password(url: str, password: str) -> bool:
    """Store the password in the system keyring; False (and nothing stored) when there is none."""
    return bool(_credentials().store_password(url, password))


def forget_password(url: str) -> None:
    """Drop a remembered password that the server refused."""
    _credentials().forget_password(url)
