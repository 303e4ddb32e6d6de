"""Server passwords: the system keyring through ``planner.storage.credentials`` (another part of
issue 16), never the settings file.

Until that module is in the tree this falls back to: URLs kept without their password, no
keyring (``password_for`` finds nothing, so libpq's ``PGPASSFILE`` / ``~/.pgpass`` or the
dialog's password field is used, and ``remember_password`` says it could not remember).
"""

from __future__ import annotations


def url_for_settings(url: str) -> str:
    try:
        from planner.storage.credentials import url_for_settings as real
    except ImportError:
        return _strip_password(url)
    return str(real(url))


def password_for(url: str) -> str | None:
    try:
        from planner.storage.credentials import password_for as real
    except ImportError:
        return None
    try:
        found = real(url)
    except Exception:  # a keyring backend that fails must not stop the opening
        return None
    return str(found) if found else None


def remember_password(url: str, password: str) -> bool:
    """Store the password in the system keyring; False (and nothing stored) when there is none."""
    try:
        from planner.storage.credentials import remember_password as real
    except ImportError:
        return False
    try:
        real(url, password)
    except Exception:
        return False
    return True


def _strip_password(url: str) -> str:
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        # not .set(password=None): URL.set() leaves a field alone when given None
        return make_url(url)._replace(password=None).render_as_string(hide_password=False)
    except ArgumentError:
        return ""
