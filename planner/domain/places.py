"""Names of places: the key that makes "Table 7", "table 07" and "Ｔａｂｌｅ７" one table.

Partnering systems, spreadsheets and people type a table's name in many ways: another case,
full-width characters (Japanese input methods), a leading zero, a space or none between the word
and the number. :func:`room_key` folds all of these to one key; two names with the same key name
the same room within a venue. Pure: no database, no Qt.
"""

from __future__ import annotations

import re
import unicodedata

from planner.domain.enums import RoomKind

_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_TABLE_WORDS = {"table", "tbl", "tisch", "テーブル", "卓", "desk", "pod"}
_STAGE_WORDS = {"stage", "theatre", "theater", "pitch", "bühne", "ステージ"}
_BOOTH_WORDS = {"booth", "stand", "ブース"}
_HALL_WORDS = {"hall", "ホール"}


def room_key(name: str | None) -> str:
    """The matching key of a room, stage, booth or table name.

    NFKC (full-width to ASCII), case-folded, split into runs of letters and runs of digits with
    leading zeros dropped; punctuation and spacing do not count. ``"Table 07"``, ``"table7"``
    and ``"Ｔａｂｌｅ７"`` all give ``"table 7"``; ``"Hall C, Table 7"`` gives
    ``"hall c table 7"``.
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name).casefold()
    tokens = []
    for token in _TOKEN.findall(text):
        if token.isdigit():
            token = str(int(token))  # "07" → "7" (int() also reads other scripts' digits)
        tokens.append(token)
    return " ".join(tokens)


def guess_room_kind(name: str) -> RoomKind:
    """What kind of place a name suggests ("Table 12" → meeting table), for rooms made on the fly."""
    words = set(room_key(name).split())
    if words & _TABLE_WORDS or room_key(name).isdigit():
        return RoomKind.MEETING_TABLE
    if words & _STAGE_WORDS:
        return RoomKind.STAGE
    if words & _BOOTH_WORDS:
        return RoomKind.BOOTH
    if words & _HALL_WORDS:
        return RoomKind.HALL
    return RoomKind.ROOM
