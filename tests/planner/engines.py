"""What another program sees in a plan now (only what was *committed*), on either engine.

``target`` is what ``--db`` takes (``Database.target``): a file path opens read-only through
SQLite's URI form, a ``postgresql…`` URL opens a connection of its own to the server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.pool import NullPool


def _engine(target: str, mode: str = "ro") -> Engine:
    if target.startswith("postgresql"):
        return create_engine(target, poolclass=NullPool)
    return create_engine(f"sqlite:///file:{target}?mode={mode}&uri=true", poolclass=NullPool,
                         connect_args={"timeout": 30})


def plant(target: str | Path, sql: str, **params: Any) -> None:
    """Write ``sql`` behind the services' back (as an old version or another tool left it)."""
    engine = _engine(str(target), mode="rw")
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()


def committed(target: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (named ``:params``) as a fresh connection sees them."""
    engine = _engine(target)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def table_counts(target: str | Path) -> dict[str, int]:
    """{table: row count} of every table of the plan (not Alembic's own), as committed now."""
    target = str(target)
    engine = _engine(target)
    try:
        with engine.connect() as conn:
            names = [n for n in inspect(conn).get_table_names()
                     if n != "alembic_version" and not n.startswith("sqlite_") and "_fts" not in n]
            return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}
    finally:
        engine.dispose()


def dump(target: str | Path) -> dict[str, list[str]]:
    """Every row of every table (not Alembic's own, not search-index internals), in a stable
    order: equal before and after means nothing changed."""
    target = str(target)
    engine = _engine(target)
    try:
        with engine.connect() as conn:
            names = sorted(n for n in inspect(conn).get_table_names()
                           if n != "alembic_version" and not n.startswith("sqlite_") and "_fts" not in n)
            return {n: sorted(repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{n}"')))
                    for n in names}
    finally:
        engine.dispose()
