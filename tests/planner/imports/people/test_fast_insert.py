"""Rows written by the import's fast insert are the rows Core's ``insert()`` writes."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import insert, select

from planner.domain.enums import LawfulBasis, NameOrder
from planner.imports.people.fast_insert import insert_many
from planner.storage import actor
from planner.storage.database import Database
from planner.storage.models import Person, new_uuid

pytestmark = pytest.mark.engines


def _rows(tag: str) -> list[dict[str, object]]:
    when = datetime(2026, 10, 13, 9, 30, 15, 123456)
    return [{"uuid": new_uuid(), "created_at": when, "updated_at": when, "given_name": "Zoë",
             "family_name": f"{tag}{n}", "name_order": NameOrder.FAMILY_FIRST.value,
             "native_name": "山田 太郎" if n % 2 else "", "email": "", "email_key": "",
             "organisation_id": None, "lawful_basis": LawfulBasis.CONSENT.value,
             "lead_sharing_consent": bool(n % 2)} for n in range(3)]


def test_fast_rows_equal_core_rows(db: Database) -> None:
    actor.rename(db.engine, "Importer Ines")
    with db.engine.begin() as conn:
        conn.execute(insert(Person.__table__), _rows("Core"))
        insert_many(conn, Person.__table__, _rows("Fast"))
    skip = {"id", "uuid", "family_name"}
    with db.engine.connect() as conn:
        got = [{k: v for k, v in row._mapping.items() if k not in skip}
               for row in conn.execute(select(Person.__table__).order_by(Person.id))]
    assert len(got) == 6 and got[:3] == got[3:]
    assert got[0]["changed_by"] == "Importer Ines" and got[0]["version"] == 1
    assert isinstance(got[0]["created_at"], datetime) and got[0]["created_at"].microsecond == 123456
