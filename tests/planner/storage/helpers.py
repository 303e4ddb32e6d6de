"""Small tools for the storage tests: damage a page, count rows, search raw bytes."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def page_size(path: Path) -> int:
    with path.open("rb") as fh:
        header = fh.read(100)
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def root_page(path: Path, table: str) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
    finally:
        con.close()


def damage_page(path: Path, page_no: int) -> None:
    """Overwrite the b-tree page header of ``page_no`` (1-based) with garbage."""
    size = page_size(path)
    offset = (page_no - 1) * size + (100 if page_no == 1 else 0)
    with path.open("r+b") as fh:
        fh.seek(offset)
        fh.write(b"\xff" * 12)


def count(path: Path, table: str) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    finally:
        con.close()


def files_containing(path: Path, needle: str) -> list[str]:
    """Which of the .db / -wal / -shm files hold ``needle`` (UTF-8 or UTF-16) in their bytes."""
    found = []
    encodings = [needle.encode("utf-8"), needle.encode("utf-16-le"), needle.encode("utf-16-be")]
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = Path(str(path) + suffix)
        if candidate.exists():
            data = candidate.read_bytes()
            if any(e in data for e in encodings):
                found.append(candidate.name)
    return found
