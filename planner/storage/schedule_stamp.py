"""The schedule stamp: a number that moves whenever anything the conflict check reads changes.

The dashboard keeps each event's conflict counts in the file (``schedule_check_count``) with the
stamp they were counted at, and shows them only while the stamp still reads the same
(:mod:`planner.services.schedule.conflict_store`). Revision 0013 installs what is here:

* SQLite: ``schedule_check_stamp`` (one row) and, on every table the check reads, triggers that
  add one to it on each insert, update and delete — every writer is covered, the app, the command
  line, a sync, undo and other programs alike, cascades included.
* PostgreSQL: every one of those tables already carries ``sync_version`` (one sequence for all)
  and a delete leaves a versioned tombstone (revision 0011); the stamp is the highest of them.

A table rebuilt by a later migration (SQLite's batch mode) loses its triggers: :func:`repair`
puts them back and forgets every stored count, as writes may have gone unstamped meanwhile.
"""

from __future__ import annotations

from typing import Any

STAMPED_TABLES = ("event", "venue", "room", "venue_travel", "slot", "slot_person", "meeting",
                  "meeting_attendee", "conflict_ack")
STAMP_TABLE = "schedule_check_stamp"
COUNT_TABLE = "schedule_check_count"
_BUMP = f"UPDATE {STAMP_TABLE} SET n = n + 1 WHERE id = 1"
_OPS = (("ai", "INSERT"), ("au", "UPDATE"), ("ad", "DELETE"))


def trigger_name(table: str, suffix: str) -> str:
    return f"schedule_check_v1_{table}_{suffix}"


TRIGGER_NAMES = tuple(trigger_name(t, s) for t in STAMPED_TABLES for s, _ in _OPS)
SQLITE_TRIGGERS = tuple(f"CREATE TRIGGER IF NOT EXISTS {trigger_name(t, s)} AFTER {op} ON {t} BEGIN {_BUMP}; END"
                        for t in STAMPED_TABLES for s, op in _OPS)

SQLITE_STAMP = f"SELECT n FROM {STAMP_TABLE} WHERE id = 1"
# the highest sync version of the stamped tables and of any tombstone: every insert and update sets
# a row's sync_version from one sequence, every delete leaves a tombstone with one (revision 0011)
POSTGRES_STAMP = "SELECT GREATEST(" + ", ".join(
    [f"(SELECT max(sync_version) FROM {t})" for t in STAMPED_TABLES]
    + ["(SELECT max(sync_version) FROM sync_tombstone)"]) + ")"


def repair(execute: Any, names_in_file: set[str]) -> bool:
    """Put back stamp triggers a table rebuild dropped (SQLite); forget the stored counts then.
    False when all was there (or the file is older than revision 0013)."""
    if STAMP_TABLE not in names_in_file:
        return False
    missing = [sql for name, sql in zip(TRIGGER_NAMES, SQLITE_TRIGGERS, strict=True) if name not in names_in_file]
    if not missing:
        return False
    for sql in missing:
        execute(sql)
    execute(_BUMP)
    execute(f"DELETE FROM {COUNT_TABLE}")
    return True
