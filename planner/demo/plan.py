"""The demo mission as plain rows before anything is written: what the scheduler decides.

Rows are dicts by kind ("organisation", "person", "meeting" …) that refer to each other by
the row itself (a person's ``org`` is its organisation's row); :mod:`planner.demo.writer`
hands them to the bulk services in order and gives each row its ``id``. Every record row gets
a UUID from the seeded random draw (the same draws the demo has always made, so the same scale
gives the same people, meetings and ids); a link row (an attendee, a tag on an organisation …)
takes its draw too, so that the choices after it stay the same.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from typing import Any

Row = dict[str, Any]


def uuid_from(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class DemoPlan:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: dict[str, list[Row]] = {}

    def add(self, table: str, /, **values: Any) -> Row:
        """A record row with its UUID."""
        row = {"uuid": uuid_from(self.rng), **values}
        self.rows.setdefault(table, []).append(row)
        return row

    def draw(self) -> None:
        """The draw a link row's id once took (its id now comes from the bulk service)."""
        self.rng.getrandbits(128)

    def link(self, table: str, /, **values: Any) -> Row:
        """A link row (no record of its own in the plan's terms): a draw, then the row."""
        self.draw()
        row = dict(values)
        self.rows.setdefault(table, []).append(row)
        return row

    def of(self, table: str) -> list[Row]:
        return self.rows.get(table, [])


def seeded_ids(seed: str) -> Callable[[], str]:
    """UUIDs for link rows from their own seeded generator: the same on every build."""
    rng = random.Random(seed)
    return lambda: uuid_from(rng)
