"""Fixtures for the Qt-free tests: a fresh database file, and the demo mission."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.demo import build_demo
from planner.storage.database import Database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "test.db")
    yield database
    database.close()


@pytest.fixture
def demo_db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "demo.db")
    with database.transaction() as session:
        build_demo(session)
    yield database
    database.close()
