"""Erasure on a team server: what replaces a file's VACUUM and byte scan.

On a file, an erasure ends by rewriting the file without its free pages and searching its bytes
(:mod:`planner.services.personal_data.privacy`). A PostgreSQL server keeps a deleted row's old version in the
table until ``VACUUM`` reclaims it, and its write-ahead log and the administrator's backups
(``pg_dump``) keep copies until they are recycled or expire. So on a server an erasure:

* deletes and scrubs in one transaction, exactly as on a file (the same services);
* then runs ``VACUUM`` on the plan's tables (outside any transaction, as PostgreSQL requires), so
  the dead row versions are reclaimed now rather than whenever autovacuum comes by. Only a
  table's owner may vacuum it: when the connected role is not the owner, PostgreSQL skips the
  table, and the report says the administrator should run ``VACUUM`` (autovacuum will, later);
* searches every text column for what identified the person, like on a file (the server's bytes
  are not ours to read);
* and says plainly that the server's backups made before still hold the person until they expire.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

SERVER_COPIES = ("On the team server, backups made before (the administrator's pg_dump) and the "
                 "server's write-ahead log still hold them until they are rotated out.")
NOT_OWNER = ("The old row versions on the server are reclaimed when the administrator (the "
             "tables' owner) runs VACUUM, or by autovacuum later: this role may not vacuum them.")


def vacuum_plan_tables(db: Any) -> bool:
    """VACUUM every table of the plan the connected role owns; True when it owns them all (so
    every dead row version left by the erasure was reclaimed)."""
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        rows = conn.execute(text(
            "SELECT tablename, tableowner = current_user FROM pg_tables "
            "WHERE schemaname = current_schema()")).all()
        owned = [name for name, mine in rows if mine]
        for name in owned:
            conn.exec_driver_sql(f'VACUUM "{name}"')
    return bool(rows) and len(owned) == len(rows)


def server_note(vacuumed: bool) -> str:
    """What the user is told about copies outside the plan's tables after a server erasure."""
    return SERVER_COPIES if vacuumed else f"{NOT_OWNER} {SERVER_COPIES}"
