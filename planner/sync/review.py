"""The review queue: conflicts a sync could not merge, each listed once until a person decides.

A conflict is one record and one group of fields (a meeting's time and place are one group: a
meeting moved on both sides is one conflict), or a record deleted on one side and changed on the
other. Until someone decides, the file shows the team's value (the server's); the other value is
kept here, so no edit is lost. Deciding "mine" writes it to the record, which the next sync sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from planner.storage.database import Database

Choice = Literal["mine", "theirs"]

KIND_FIELDS = "fields"              # the same fields changed to different values on both sides
KIND_DELETED_THERE = "deleted_there"  # changed here, deleted on the server (the change is kept here)
KIND_DELETED_HERE = "deleted_here"    # deleted here, changed on the server (the record is back)


@dataclass(frozen=True)
class Conflict:
    id: int
    table: str                     # "meeting", "person" …
    record_uuid: str
    label: str                     # what a person calls the record: "Meeting Acme × Kyoto Bio, 3 Dec 10:00"
    kind: str                      # KIND_FIELDS | KIND_DELETED_THERE | KIND_DELETED_HERE
    fields: tuple[str, ...]        # the field names in conflict (all of them for a delete conflict)
    base: dict[str, str]           # field -> value at the last sync, as text for a person
    mine: dict[str, str]           # field -> this laptop's value ("" when deleted here)
    theirs: dict[str, str]         # field -> the server's value ("" when deleted there)
    theirs_by: str                 # who changed it on the server
    created_at: datetime           # when this sync found it (UTC, naive)
    resolved: str = ""             # "", "mine" or "theirs"
    mine_refused: str = ""         # why "mine" cannot be taken now ("" when it can; see queue.mine_refusal)


def list_conflicts(db: Database, *, include_resolved: bool = False) -> list[Conflict]:
    """Conflicts waiting for a decision (oldest first), or all of them."""
    from planner.sync import queue

    return queue.list_conflicts(db, include_resolved=include_resolved)


def resolve(db: Database, conflict_id: int, choice: Choice) -> Conflict:
    """Decide one conflict. "theirs" keeps what the file shows (the server's); "mine" writes this
    laptop's values back (or deletes again / brings back a record), and the next sync sends it.
    Raises NotFoundError for an unknown or already resolved id."""
    from planner.sync import queue

    return queue.resolve(db, conflict_id, choice)
