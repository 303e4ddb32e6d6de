"""Several people, one record: an editor's save refuses to overwrite a change it never showed.

An editor (a GUI form, ``planner meetings edit``) reads a record with its ``version`` and hands
that version back with the user's values. :func:`open_for_edit` compares it with the record's
version now, inside the save's own transaction; when someone else saved in between, the save is
refused with :class:`~planner.errors.ConcurrentEditError` ("changed by alice at 10:42") and
nothing is written, so the user can reload and see the other change, or apply theirs again over
it. A save without a version (a script, the command line's one-shot edits) is a plain update.

Between that check and the write, the ORM's ``version_id_col`` keeps the guarantee on a server
(``UPDATE … WHERE version = :read``): a concurrent commit makes the update match no row, which
:meth:`planner.storage.database.Database.transaction` also reports as a concurrent edit.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from sqlalchemy.orm import Session

from planner.domain.timezones import utc_now
from planner.errors import ConcurrentEditError, ValidationError
from planner.services.common import M, get_by_id

VERSION_KEY = "version"


def record_label(record: Any) -> str:
    """What a user calls the record in a message: its name or title, else its kind and number."""
    for attribute in ("display_name", "title", "name", "code", "description"):
        value = getattr(record, attribute, None)
        if isinstance(value, str) and value.strip():
            return value.strip() if len(value) <= 60 else value[:57].rstrip() + "…"
    given = getattr(record, "given_name", None)
    family = getattr(record, "family_name", None)
    if given or family:
        return " ".join(x for x in (given, family) if x)
    table = getattr(record, "__tablename__", "record").replace("_", " ")
    return f"{table.capitalize()} #{getattr(record, 'id', '?')}"


def expected_version(values: dict[str, Any]) -> int | None:
    """Take the version an editor read out of its values (None when it sent none)."""
    raw = values.pop(VERSION_KEY, None)
    if raw is None or raw == "":
        return None
    try:
        version = int(raw)
    except (TypeError, ValueError):
        raise ValidationError(f"Not a record version: {raw!r}", VERSION_KEY) from None
    if version < 1:
        raise ValidationError(f"Not a record version: {raw!r}", VERSION_KEY)
    return version


def check_version(record: Any, version: int | None) -> None:
    """Refuse when ``record`` is no longer at the ``version`` the user saw."""
    if version is None or record.version == version:
        return
    changed_at = record.updated_at.replace(tzinfo=UTC) if record.updated_at else None
    raise ConcurrentEditError(record_label(record), record.changed_by or "", changed_at,
                              table=record.__tablename__, record_id=record.id,
                              current_version=record.version)


def open_for_edit(session: Session, model: type[M], ident: int, values: dict[str, Any]) -> M:
    """The record an editor saves to, after checking (and removing) the version in ``values``.

    The save always counts as an update of this record — its version moves even when only
    related rows change (a meeting's attendees) — so the next person's stale save is refused.
    """
    record = get_by_id(session, model, ident)
    check_version(record, expected_version(values))
    record.updated_at = utc_now()  # type: ignore[attr-defined]
    return record
