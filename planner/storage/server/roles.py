"""Team roles on a PostgreSQL server: each staff member logs in as their own role.

Two group roles carry the rights, and each person's login role is a member of one:

* ``mission_desk_editor``: reads and changes the plan (SELECT, INSERT, UPDATE, DELETE on the
  plan's tables, USAGE on their id sequences; not the schema's ``alembic_version``);
* ``mission_desk_viewer``: reads it (SELECT only); a viewer's save is refused with a clear message.

No one shares a superuser, and every row's ``changed_by`` names the person's own role. The
tables stay owned by the role that created the plan (the administrator): only it upgrades the
schema. ``ALTER DEFAULT PRIVILEGES`` gives the groups the same rights on tables a later upgrade
(run by that owner) adds.

Every role name goes through :class:`psycopg.sql.Identifier` and every text through
:class:`psycopg.sql.Literal`; the password is sent already hashed (SCRAM, hashed by libpq on
this computer, as psql's ``\\password`` does), so the clear text never reaches the server's
statement log.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from psycopg import errors as pg_errors
from psycopg import sql

from planner.errors import StoreError

EDITOR_GROUP = "mission_desk_editor"
VIEWER_GROUP = "mission_desk_viewer"
GROUPS = (EDITOR_GROUP, VIEWER_GROUP)
MAX_NAME_BYTES = 63  # NAMEDATALEN - 1: PostgreSQL would silently cut a longer name
MIN_PASSWORD = 8
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SIMPLE = re.compile(r"[a-z_][a-z0-9_]*")  # needs no quotes, unless it is a keyword
_KEYWORDS = {"all", "default", "from", "grant", "group", "order", "role", "select", "table", "to",
             "user"}


class RoleError(StoreError):
    """A role that cannot be added (bad name, exists already, not allowed): nothing changed."""


@dataclass(frozen=True)
class TeamMember:
    role: str
    access: str  # "editor" or "viewer"
    can_login: bool
    full_name: str


def check_role_name(name: str) -> str:
    """``name`` if PostgreSQL keeps it exactly as given; else a :class:`RoleError` saying why.

    Any other text is allowed: it is always quoted, never pasted into SQL."""
    if not name or not name.strip():
        raise RoleError("The role name is empty: give the person's login name (e.g. alice)")
    if name != name.strip() or _CONTROL.search(name):
        raise RoleError(f"The role name {name!r} has spaces around it or control characters")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise RoleError(f"The role name is longer than {MAX_NAME_BYTES} bytes: PostgreSQL would cut it")
    if name.lower().startswith("pg_") or name.lower() in ("public", "none") or name in GROUPS:
        raise RoleError(f"{name!r} is reserved (pg_…, public, or Mission Desk's group roles)")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise RoleError(f"The password must have at least {MIN_PASSWORD} characters")
    if "\n" in password or "\x00" in password:
        raise RoleError("The password holds a line break or a NUL character")
    return password


# ----------------------------------------------------------------------------- the statements
def group_statements(schema: str = "public", database: str | None = None) -> list[sql.Composed]:
    """What gives the two groups their rights on one database's plan (run by the tables' owner;
    the groups must exist). Safe to run again."""
    s = sql.Identifier(schema)
    editor, viewer = sql.Identifier(EDITOR_GROUP), sql.Identifier(VIEWER_GROUP)
    both = sql.SQL(", ").join([editor, viewer])
    lines = []
    if database is not None:
        lines.append(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), both))
    lines += [
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(s, both),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(s, viewer),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(s, editor),
        sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {}.alembic_version FROM {}").format(s, editor),
        sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {} TO {}").format(s, editor),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT SELECT ON TABLES TO {}").format(s, viewer),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES "
                "TO {}").format(s, editor),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT USAGE ON SEQUENCES TO {}").format(s, editor),
    ]
    return lines


def create_group_statements() -> list[sql.Composed]:
    return [sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(g)) for g in GROUPS]


def user_statements(role: str, password_sql: sql.Composable, *, viewer: bool = False,
                    full_name: str = "") -> list[sql.Composed]:
    name = sql.Identifier(check_role_name(role))
    group = sql.Identifier(VIEWER_GROUP if viewer else EDITOR_GROUP)
    lines = [
        sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(name, password_sql),
        sql.SQL("GRANT {} TO {}").format(group, name),
    ]
    if full_name:
        lines.append(sql.SQL("COMMENT ON ROLE {} IS {}").format(name, sql.Literal(full_name)))
    return lines


def grants_script(database: str = "plan", schema: str = "public") -> str:
    """The SQL an administrator can run by hand (psql, as the owner of the plan's tables) instead
    of ``planner team add-user``: the groups, their rights, and one editor and one viewer."""
    plain = [n for n in (*GROUPS, schema, database) if _SIMPLE.fullmatch(n) and n not in _KEYWORDS]

    def text(stmt: sql.Composable) -> str:
        line = stmt.as_string(None)
        for name in plain:  # "public" → public: easier to read, the same name
            line = line.replace(f'"{name}"', name)
        return line + ";"

    lines = ["-- once per server: the two groups", *map(text, create_group_statements()),
             f"-- once per plan (connected to the database {database}, as the owner of its tables)",
             *map(text, group_statements(schema, database)),
             "-- for each person: their own login, in one group (psql asks for the password)",
             "CREATE ROLE alice LOGIN;", r"\password alice", f"GRANT {EDITOR_GROUP} TO alice;",
             "CREATE ROLE bob LOGIN;", r"\password bob", f"GRANT {VIEWER_GROUP} TO bob;"]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- running them
def _raw(conn: Any) -> Any:
    """The psycopg connection under a SQLAlchemy connection (statements of this module go to it
    directly: they are composed with psycopg.sql, and their errors are reported here)."""
    return conn.connection.driver_connection


@contextmanager
def _reported(what: str) -> Iterator[None]:
    try:
        yield
    except pg_errors.InsufficientPrivilege as exc:
        raise RoleError(f"Cannot {what}: {exc.diag.message_primary or exc}. Run this as the owner "
                        "of the plan's tables with the right to create roles (CREATEROLE), or "
                        "have an administrator run the SQL of 'planner team grants'.") from exc
    except pg_errors.DuplicateObject as exc:
        raise RoleError(f"Cannot {what}: {exc.diag.message_primary or exc}. Pick another name; "
                        f"to give an existing role access, run GRANT {EDITOR_GROUP} TO that role.") from exc


def _execute(raw: Any, statements: list[sql.Composed]) -> None:
    with raw.cursor() as cur:
        for stmt in statements:
            cur.execute(stmt)


def role_exists(conn: Any, role: str) -> bool:
    with _raw(conn).cursor() as cur:
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
        return cur.fetchone() is not None


def ensure_groups(conn: Any) -> None:
    """Create the groups when missing and grant them their rights on this database's plan."""
    raw = _raw(conn)
    with _reported("set up the team's groups"):
        missing = [g for g in GROUPS if not role_exists(conn, g)]
        _execute(raw, [sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(g)) for g in missing])
        with raw.cursor() as cur:
            cur.execute("SELECT current_schema(), current_database()")
            schema, database = cur.fetchone()
        _execute(raw, group_statements(schema, database))


def add_user(conn: Any, role: str, password: str, *, viewer: bool = False, full_name: str = "") -> None:
    """A login role for one person, in the editor (or viewer) group, with the groups set up.

    ``conn``: a SQLAlchemy connection to the plan's database, inside a transaction (the caller
    commits: a failure leaves no role and no grant behind)."""
    check_role_name(role)
    check_password(password)
    if role_exists(conn, role):
        raise RoleError(f"A role {role!r} exists on this server already: pick another name (to give "
                        f"it access, an administrator runs GRANT {EDITOR_GROUP} TO it)")
    ensure_groups(conn)
    raw = _raw(conn)
    hashed = raw.pgconn.encrypt_password(password.encode("utf-8"), role.encode("utf-8"), None)
    with _reported(f"add the role {role!r}"):
        _execute(raw, user_statements(role, sql.Literal(hashed.decode("ascii")), viewer=viewer,
                                      full_name=full_name))


def list_users(conn: Any) -> list[TeamMember]:
    """The login roles in the editor or viewer group, by name."""
    query = """
        SELECT r.rolname, g.rolname, r.rolcanlogin, coalesce(shobj_description(r.oid, 'pg_authid'), '')
        FROM pg_roles r
        JOIN pg_auth_members am ON am.member = r.oid
        JOIN pg_roles g ON g.oid = am.roleid
        WHERE g.rolname = ANY(%s)
        ORDER BY r.rolname, g.rolname"""
    with _raw(conn).cursor() as cur:
        cur.execute(query, (list(GROUPS),))
        rows = cur.fetchall()
    return [TeamMember(role=name, access="editor" if group == EDITOR_GROUP else "viewer",
                       can_login=bool(login), full_name=comment)
            for name, group, login, comment in rows]
