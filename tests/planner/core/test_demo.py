"""The demo mission: realistic, deterministic, scalable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.demo import build_demo
from planner.storage.database import Database
from planner.storage.models import Delegate, Meeting, Organisation, Person

pytestmark = pytest.mark.engines


def _dump(db: Database) -> list[tuple]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(select(Person.uuid, Person.given_name, Person.native_name, Person.email)
                                            .order_by(Person.id))]


def test_demo_is_deterministic(tmp_path: Path) -> None:
    dumps = []
    for name in ("a.db", "b.db"):
        db = Database.open(tmp_path / name)
        with db.transaction() as s:
            build_demo(s)
        dumps.append(_dump(db))
        db.close()
    assert dumps[0] == dumps[1]


def test_demo_has_the_shape_of_a_real_mission(demo_db: Database) -> None:
    with demo_db.session() as s:
        delegates = s.scalar(select(func.count()).select_from(Delegate))
        meetings = s.scalar(select(func.count()).select_from(Meeting))
        statuses = {st for (st,) in s.execute(select(Meeting.status).distinct())}
        counterpart_orgs = s.scalar(select(func.count()).select_from(Organisation)
                                    .where(Organisation.country.in_(["JP", "KR", "CN", "HK", "TW"])))
        natives = {n for (n,) in s.execute(select(Person.native_name)) if n}
    assert 55 <= delegates <= 75
    assert 140 <= meetings <= 170
    assert len(statuses) == 7
    assert counterpart_orgs >= 40
    assert {"髙橋 﨑子", "김민준", "陳大文"} <= natives


def test_scale_multiplies(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "s.db")
    with db.transaction() as s:
        summary = build_demo(s, scale=3)
    with db.session() as s:
        meetings = s.scalar(select(func.count()).select_from(Meeting))
    db.close()
    assert 3 * 140 <= meetings <= 3 * 170
    assert len(summary.deliberate_conflicts) == 3 * 7
