"""A plan on a PostgreSQL server: the same revisions migrate it, file-only features refuse
clearly, and the people search works with or without ``pg_trgm``.

These tests need the test server (``PLANNER_TEST_PG_URL``; see tests/planner/conftest.py)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import sqlalchemy as sa

from planner.cli import main
from planner.services.people.people import add_person
from planner.services.views.search import person_matches
from planner.storage import migrate, search_index
from planner.storage.database import Database, NewerSchemaError
from planner.storage.models import Base
from planner.storage.server.server import NotOnServerError, display_url, is_server_url


def _value(column: sa.Column, row_no: int) -> object:
    kind = column.type
    if isinstance(kind, sa.Enum):
        return kind.enums[0]
    if isinstance(kind, sa.Boolean):
        return True
    if isinstance(kind, sa.Integer):
        return row_no
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 10, 14, 9, row_no)
    if isinstance(kind, sa.Date):
        return date(2026, 10, 14)
    if isinstance(kind, sa.Time):
        return time(9, 0)
    text = f"{column.table.name}-{column.name}-{row_no}"
    length = getattr(kind, "length", None)  # PostgreSQL enforces VARCHAR(n); SQLite does not
    return text[-length:] if length else text


def _fill_every_table(engine: sa.Engine, rows: int = 2) -> dict[str, int]:
    """Rows in every table as it is (reflected), parents first; ids come from the sequences, so
    row n of a child points at row n of its parent."""
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            for n in range(1, rows + 1):
                values = {}
                for column in table.columns:
                    if column.primary_key and isinstance(column.type, sa.Integer):
                        continue
                    if column.foreign_keys:
                        values[column.name] = n
                    elif column.name == "uuid" or column.unique:
                        values[column.name] = f"{table.name}-{n}"
                    else:
                        values[column.name] = _value(column, n)
                conn.execute(table.insert().values(**values))
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in meta.sorted_tables}


def test_every_revision_runs_on_postgresql_keeping_rows_and_matching_the_models(
        pg_empty_url: str) -> None:
    engine = sa.create_engine(pg_empty_url)
    try:
        with engine.begin() as conn:
            migrate.upgrade_connection(conn, "0001")
        before = _fill_every_table(engine)
        assert all(n == 2 for name, n in before.items() if name != "alembic_version"), before
        db = Database.open(pg_empty_url)
        try:
            assert db.is_server
            assert (db.report.migrated_from, db.report.migrated_to) == ("0001", migrate.head_revision())
            assert db.report.search_warning is None  # the test role may create pg_trgm
        finally:
            db.close()
        from alembic.autogenerate import compare_metadata
        from alembic.migration import MigrationContext

        with engine.connect() as conn:
            for name, count in before.items():
                if name != "alembic_version":
                    now = conn.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one()
                    assert now == count, name
            assert conn.execute(sa.text("SELECT retention_days FROM event ORDER BY id")).first() == (None,)
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": search_index.include_object})
            assert compare_metadata(context, Base.metadata) == []
            indexes = {r[0] for r in conn.execute(sa.text("SELECT indexname FROM pg_indexes"))}
        assert {search_index.PG_PERSON_INDEX, search_index.PG_ORGANISATION_INDEX} <= indexes
    finally:
        engine.dispose()


def test_a_plan_from_a_newer_mission_desk_is_refused(pg_empty_url: str) -> None:
    Database.open(pg_empty_url).close()
    engine = sa.create_engine(pg_empty_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(NewerSchemaError, match="newer Mission Desk"):
        Database.open(pg_empty_url)


def test_file_only_operations_refuse_with_the_reason(pg_empty_url: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    db = Database.open(pg_empty_url)
    try:
        with pytest.raises(NotOnServerError, match="pg_dump"):
            db.backup()
        with pytest.raises(NotOnServerError, match="database server"):
            db.verify()
        with pytest.raises(NotOnServerError, match="file only"):
            _ = db.path
        assert "***" in db.name and pg_empty_url.split(":")[2].split("@")[0] not in db.name
    finally:
        db.close()
    assert main(["--db", pg_empty_url, "backup"]) == 2
    assert "pg_dump" in capsys.readouterr().err
    assert main(["--db", pg_empty_url, "events", "list"]) == 0


def test_without_pg_trgm_the_search_scans_and_says_so(pg_empty_url: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database.open(pg_empty_url)
    with db.transaction() as s:
        pid = add_person(s, given_name="Taro", family_name="Yamada", native_name="山田 太郎").id
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP EXTENSION pg_trgm CASCADE"))  # the indexes go with it
    db.close()
    # a role that may not create extensions: the CREATE EXTENSION is refused
    monkeypatch.setattr(search_index, "PG_EXTENSION_SQL", "CREATE EXTENSION md_no_such_extension")
    db = Database.open(pg_empty_url)
    try:
        assert db.report.search_warning is not None
        assert "CREATE EXTENSION pg_trgm" in db.report.search_warning
        with db.session() as s:
            assert person_matches(s, "amad") == {pid}
            assert person_matches(s, "山田") == {pid}
            assert person_matches(s, "yam") == {pid}
    finally:
        db.close()


def test_server_urls_are_told_from_files() -> None:
    assert is_server_url("postgresql+psycopg://md@db.example/plan")
    assert is_server_url("postgresql://md@db.example/plan")
    assert not is_server_url("/home/me/mission-desk.db")
    assert not is_server_url("postgresql.db")
    assert not is_server_url("sqlite:///x.db")
    assert display_url("postgresql+psycopg://md:secret@db.example/plan") == \
        "postgresql+psycopg://md:***@db.example/plan"
