"""Who is writing: the name stamped in every record's ``changed_by``.

On a team server it is the database role the connection logged in as (``current_user``): each
staff member connects as their own role, so the server itself vouches for the name. On a file it
is the login name of the person using the computer. A test, or a tool acting for someone, may
name the actor when the database is opened.

The name is kept in each pooled connection's ``info`` (set when the connection is made), and
the ``changed_by`` column's default and on-update functions read it from the connection that
executes the statement — so ORM flushes, Core bulk inserts and updates all stamp it alike.
"""

from __future__ import annotations

import getpass
from typing import Any

from sqlalchemy import Engine, event

INFO_KEY = "md_actor"
MAX_LENGTH = 128


def login_name() -> str:
    """The operating system's name for the person at the keyboard ("" when it has none)."""
    try:
        return getpass.getuser()[:MAX_LENGTH]
    except Exception:  # no USER/LOGNAME and no passwd entry (a container): unknown
        return ""


VIEWER_KEY = "md_viewer"
VIEWER_GROUP = "mission_desk_viewer"  # see planner.storage.server.roles


def _server_role(dbapi_connection: Any, record: Any) -> str:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(
            "SELECT current_user, CASE WHEN to_regrole(%s) IS NULL THEN false "
            "ELSE pg_has_role(current_user, to_regrole(%s), 'MEMBER') END",
            (VIEWER_GROUP, VIEWER_GROUP))
        row = cursor.fetchone()
    finally:
        cursor.close()
    # psycopg opens a transaction for the SELECT; end it so the pool gets an idle connection
    dbapi_connection.rollback()
    record.info[VIEWER_KEY] = bool(row and row[1])
    return str(row[0])[:MAX_LENGTH] if row else ""


def is_viewer(conn: Any) -> bool:
    """Whether the connection's role is in the team's read-only group (a server only)."""
    return bool(conn.info.get(VIEWER_KEY))


def install(engine: Engine, *, name: str | None = None, server: bool = False) -> None:
    """Stamp ``name`` (or, by default, the server role / the login name) on ``engine``'s writes."""

    def on_connect(dbapi_connection: Any, record: Any) -> None:
        if name is not None:
            record.info[INFO_KEY] = name[:MAX_LENGTH]
        else:
            record.info[INFO_KEY] = (_server_role(dbapi_connection, record) if server
                                     else login_name())

    event.listen(engine, "connect", on_connect)


def current(context: Any) -> str:
    """Column default: the actor of the connection running the statement."""
    try:
        return str(context.connection.info.get(INFO_KEY) or login_name())
    except Exception:  # a statement compiled without a live connection
        return login_name()


def of_connection(conn: Any) -> str:
    """The actor a SQLAlchemy ``Connection`` writes as."""
    return str(conn.info.get(INFO_KEY) or login_name())


def rename(engine: Engine, name: str) -> None:
    """From now on ``engine`` writes as ``name`` (a tool acting for someone; tests of several
    people on one file). Pooled connections are replaced so none keeps the old name."""
    install(engine, name=name)
    engine.dispose()
