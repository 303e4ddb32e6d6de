"""The three-way merge of one record: the last-synced copy (base), this laptop's (mine) and the
server's (theirs). Pure: no database, no clock.

Per group of fields (see :func:`planner.sync.tables.groups`): a group changed on one side only
takes that side's values; changed on both sides to the same values is no conflict; changed on
both sides to different values is a conflict for a person — the result keeps the server's values
(what the team sees) and the conflict keeps both. Wall-clock times decide nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Group = tuple[str, ...]


@dataclass
class Merged:
    result: dict[str, Any]                        # the record after the merge
    conflicts: list[Group] = field(default_factory=list)  # groups changed differently on both sides
    mine_kept: bool = False                       # the result differs from the server's (to push)


def _pick(row: Mapping[str, Any], group: Group) -> tuple[Any, ...]:
    return tuple(row.get(f) for f in group)


def merge(groups: Iterable[Group], base: Mapping[str, Any] | None, mine: Mapping[str, Any],
          theirs: Mapping[str, Any], *, max_fields: Sequence[str] = ()) -> Merged:
    """Merge ``mine`` and ``theirs`` against ``base``. Without a base (a record both sides have
    but this laptop never synced: a sync cut off after its push — then both are the same — or the
    same natural key added on both sides, like an outcome recorded for one meeting on two laptops)
    every field was set on both sides: what differs is a conflict, unless this laptop left it
    empty."""
    if base is None:
        base = {k: v for k, v in mine.items() if v in (None, "")}
    out = Merged(dict(theirs))
    for group in groups:
        b, m, t = _pick(base, group), _pick(mine, group), _pick(theirs, group)
        if m in (t, b):
            continue  # the same on both sides, or changed on the server only: theirs
        if len(group) == 1 and group[0] in max_fields and None not in (m[0], t[0]):
            out.result[group[0]] = max(m[0], t[0])
        elif t == b:  # changed here only
            out.result.update(zip(group, m, strict=True))
        else:
            out.conflicts.append(group)
    out.mine_kept = any(out.result.get(k) != theirs.get(k) for k in out.result)
    return out
