"""What another program sees in a plan now (only what was *committed*), on either engine.

``target`` is what ``--db`` takes (``Database.target``): a file path opens read-only through
SQLite's URI form, a ``postgresql…`` URL opens a connection of its own to the server.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool


def committed(target: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (named ``:params``) as a fresh connection sees them."""
    if target.startswith("postgresql"):
        engine = create_engine(target, poolclass=NullPool)
    else:
        engine = create_engine(f"sqlite:///file:{target}?mode=ro&uri=true", poolclass=NullPool,
                               connect_args={"timeout": 30})
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()
