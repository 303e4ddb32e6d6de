"""Count the SQL statements a piece of code sends, to test that a service asks the database a
fixed number of times whatever the number of rows (no query per row, "N+1").

    with count_queries(db.engine) as counted:
        list_leads(session, event)
    assert counted.count == ...

The count is taken from SQLAlchemy's ``before_cursor_execute`` engine event, which fires once
per statement handed to the driver (an ``executemany`` is one; SQLAlchemy's "insertmanyvalues"
fires once per batch, and once per row when it falls back to row-at-a-time inserts), see
https://docs.sqlalchemy.org/en/20/core/events.html#sqlalchemy.events.ConnectionEvents.before_cursor_execute
The statements are kept too, so a failing test can print what was asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine


@dataclass
class CountedQueries:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)

    def summary(self, limit: int = 400) -> str:
        """The statements, one per line, each cut to ``limit`` characters (for an assert message)."""
        return "\n".join(" ".join(s.split())[:limit] for s in self.statements)


@contextmanager
def count_queries(engine: Engine) -> Iterator[CountedQueries]:
    """Count every statement ``engine`` sends to the database inside the ``with`` block."""
    counted = CountedQueries()

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        counted.statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", seen)
    try:
        yield counted
    finally:
        sa_event.remove(engine, "before_cursor_execute", seen)
