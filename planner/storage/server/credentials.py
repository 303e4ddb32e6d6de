"""Passwords and TLS for a team server: from the system keyring or libpq, never from settings.

A server is remembered (recent servers, last plan) by its URL **without** a password:
:func:`url_for_settings` strips it, wherever the URL carries it (``user:PASSWORD@host`` or a
``?password=`` / ``?sslpassword=`` parameter). When the app connects, :func:`connect_url` fills the
password back in:

1. a password written in the URL itself (a script's ``--db``) is used as given;
2. else the system keyring (Windows Credential Manager, macOS Keychain, Secret Service), under the
   service ``"Mission Desk"`` and the user name ``user@host:port/database``, when the ``keyring``
   package is installed and has a working backend (the GUI's "Remember password" calls
   :func:`store_password`);
3. else nothing: libpq reads ``PGPASSWORD``, ``PGPASSFILE`` or ``~/.pgpass`` itself (the way
   administrators already hand out passwords to psql).

TLS: ``sslmode`` (and ``sslrootcert``, ``sslcert``, ``sslkey``) pass through from the URL to libpq.
Without one, ``sslmode=prefer`` (libpq's own default: encrypted when the server offers it) unless
``PGSSLMODE`` says otherwise. Where the server is not on the local network, use
``?sslmode=verify-full&sslrootcert=/path/to/ca.pem``: only that checks whose server it is.
"""

from __future__ import annotations

import contextlib
import os
import re
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

KEYRING_SERVICE = "Mission Desk"
DEFAULT_SSLMODE = "prefer"
DEFAULT_PORT = 5432
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
SECRET_PARAMETERS = ("password", "sslpassword")  # libpq reads both from a URL's query
_USERINFO = re.compile(r"(://[^:/@?#]*):[^@/?#]*@")


def _keyring() -> Any | None:
    """The keyring module when it has a backend that can store passwords, else None."""
    try:
        import keyring  # type: ignore[import-not-found,unused-ignore]
        from keyring.backends import fail  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken configuration: as if there were none
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def keyring_available() -> bool:
    """Whether "Remember password" can work on this computer."""
    return _keyring() is not None


def keyring_username(url: str | URL) -> str:
    """The keyring entry's user name for a server URL: ``user@host:port/database``."""
    parsed = make_url(url) if isinstance(url, str) else url
    from planner.storage.actor import login_name

    user = parsed.username or os.environ.get("PGUSER") or login_name()
    host = parsed.host or os.environ.get("PGHOST") or "localhost"
    port = parsed.port or int(os.environ.get("PGPORT") or DEFAULT_PORT)
    return f"{user}@{host}:{port}/{parsed.database or user}"


def keyring_password(url: str | URL) -> str | None:
    """The password the keyring holds for this server and user, or None."""
    kr = _keyring()
    if kr is None:
        return None
    try:
        value = kr.get_password(KEYRING_SERVICE, keyring_username(url))
    except Exception:  # locked keychain, D-Bus trouble: libpq's own sources remain
        return None
    return str(value) if value else None


def store_password(url: str | URL, password: str) -> bool:
    """Remember ``password`` for this server and user in the keyring; False when there is no
    usable keyring (the password is then not stored anywhere)."""
    kr = _keyring()
    if kr is None or not password:
        return False
    try:
        kr.set_password(KEYRING_SERVICE, keyring_username(url), password)
    except Exception:
        return False
    return True


def forget_password(url: str | URL) -> None:
    """Remove a remembered password (a wrong one, or the user unticked "Remember")."""
    kr = _keyring()
    if kr is not None:
        with contextlib.suppress(Exception):
            kr.delete_password(KEYRING_SERVICE, keyring_username(url))


def url_for_settings(url: str) -> str:
    """``url`` as it may be written to settings, recent lists and logs: no password anywhere in
    it. A file path comes back unchanged."""
    if "://" not in url:
        return url
    try:
        parsed = make_url(url)
    except ArgumentError:  # cannot be read: keep no user info's secret and no parameters
        return _USERINFO.sub(r"\1@", url).split("?", 1)[0]
    return without_password(parsed).render_as_string(hide_password=False)


def without_password(url: URL) -> URL:
    """``url`` with no password, neither in its user part nor in its query."""
    return URL.create(url.drivername, username=url.username, password=None, host=url.host,
                      port=url.port, database=url.database,
                      query=url.difference_update_query(SECRET_PARAMETERS).query)


def sslmode(url: str | URL) -> str:
    """The TLS mode the connection uses: the URL's ``sslmode``, else ``PGSSLMODE``, else prefer."""
    parsed = make_url(url) if isinstance(url, str) else url
    value = parsed.query.get("sslmode")
    if isinstance(value, tuple):
        value = value[-1]
    return str(value or os.environ.get("PGSSLMODE") or DEFAULT_SSLMODE)


def connect_url(url: str) -> URL:
    """The URL to connect with: the psycopg driver, the password from the URL or the keyring
    (else none: libpq's ``PGPASSFILE``), and an explicit ``sslmode``. A SQLAlchemy ``URL``
    object, whose ``str()`` hides the password. Raises ``ValueError`` for an unknown sslmode."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    mode = sslmode(parsed)
    if mode not in SSL_MODES:
        raise ValueError(f"sslmode={mode} is not one of {', '.join(SSL_MODES)}")
    if "sslmode" not in parsed.query and "PGSSLMODE" not in os.environ:
        parsed = parsed.update_query_dict({"sslmode": DEFAULT_SSLMODE})
    if parsed.password is None and "password" not in parsed.query:
        stored = keyring_password(parsed)
        if stored is not None:
            parsed = parsed.set(password=stored)
    return parsed
