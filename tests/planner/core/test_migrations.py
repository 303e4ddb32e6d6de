"""Schema migrations keep every row, including children of recreated parent tables."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time
from pathlib import Path

import pytest
import sqlalchemy as sa

from planner.errors import StoreError
from planner.storage import migrate
from planner.storage.database import Database
from planner.storage.models import Base
from planner.storage.search_index import include_object


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
    return f"{column.table.name}-{column.name}-{row_no}"


def fill_every_table(path: Path, rows_per_table: int = 2) -> dict[str, int]:
    """Insert rows into every table of the file as it is (reflected), parents first."""
    engine = sa.create_engine(f"sqlite:///{path}")
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            for n in range(1, rows_per_table + 1):
                values = {}
                for column in table.columns:
                    if column.foreign_keys or (column.primary_key and isinstance(column.type, sa.Integer)):
                        values[column.name] = n
                    elif column.name == "uuid" or column.unique:
                        values[column.name] = f"{table.name}-{n}"
                    else:
                        values[column.name] = _value(column, n)
                conn.execute(table.insert().values(**values))
    engine.dispose()
    return migrate.table_counts(path)


def make_first_revision_file(path: Path) -> dict[str, int]:
    path.touch()
    migrate.run_upgrade(path, "0001")
    assert migrate.current_revision(path) == "0001"
    return fill_every_table(path)


def test_first_revision_file_upgrades_with_no_row_lost(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    before = make_first_revision_file(path)
    assert all(n == 2 for t, n in before.items() if t != "alembic_version"), before
    db = Database.open(path)
    try:
        assert db.report.migrated_from == "0001"
        assert db.report.migrated_to == migrate.head_revision()
        assert db.report.backups and db.report.backups[0].exists()
    finally:
        db.close()
    after = migrate.table_counts(path)
    for table, count in before.items():
        if table != "alembic_version":
            assert after[table] == count, table
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("SELECT name FROM event WHERE id = 1").fetchone() == ("event-name-1",)
        assert con.execute("SELECT retention_days FROM event WHERE id = 1").fetchone() == (None,)
    finally:
        con.close()


def test_recreating_a_parent_table_keeps_child_rows(tmp_path: Path) -> None:
    """0002 recreates ``event`` (parent of venues, meetings … with ON DELETE CASCADE)."""
    path = tmp_path / "old.db"
    before = make_first_revision_file(path)
    children = [t.name for t in Base.metadata.sorted_tables
                if any(fk.column.table.name == "event" for fk in t.foreign_keys) and t.name in before]
    assert {"venue", "meeting", "slot", "delegation", "lead"} <= set(children)
    migrate.run_upgrade(path)
    after = migrate.table_counts(path)
    for name in children:
        assert after[name] == before[name] > 0, name


def test_the_cascade_hazard_is_real_with_foreign_keys_on(tmp_path: Path) -> None:
    """Control: the same batch recreate with foreign keys ON would delete the children."""
    path = tmp_path / "old.db"
    before = make_first_revision_file(path)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    cols = [r[1] for r in con.execute("PRAGMA table_info(event)")]
    con.execute("CREATE TABLE _tmp_event AS SELECT * FROM event")
    con.execute("DROP TABLE event")
    con.execute("ALTER TABLE _tmp_event RENAME TO event")
    assert cols
    venues = con.execute("SELECT count(*) FROM venue").fetchone()[0]
    con.close()
    assert before["venue"] > 0 and venues == 0


def test_migration_failure_restores_the_backup(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.db"
    make_first_revision_file(path)
    original = path.read_bytes()

    def broken_upgrade(p: Path, target: str = "head") -> None:
        con = sqlite3.connect(p)
        con.execute("DELETE FROM venue")
        con.commit()
        con.close()
        raise RuntimeError("simulated failure half-way")

    monkeypatch.setattr(migrate, "run_upgrade", broken_upgrade)
    with pytest.raises(StoreError, match="restored"):
        Database.open(path)
    assert migrate.table_counts(path)["venue"] == 2
    assert migrate.current_revision(path) == "0001"
    assert len(path.read_bytes()) == len(original)


def test_models_match_the_migrations(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    path = tmp_path / "new.db"
    Database.open(path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_the_light_revision_graph_is_alembics() -> None:
    """Opening reads the revisions without Alembic; Alembic must agree on the graph and head."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.revision_graph() == {s.revision: s.down_revision for s in script.walk_revisions()}


def test_opening_a_current_file_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "current.db"
    Database.open(path).close()
    code = ("import sys; from planner.storage.database import Database; "
            f"Database.open({str(path)!r}).close(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[3])
    assert out.stdout.strip() == "False"
