"""F4: subject-access export — every column of every person-linked table, JSON and CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from planner.cli import main
from planner.services.outputs.export_log import exports_containing
from planner.services.personal_data import (
    subject_access as privacy,  # the subject-access half of privacy
)
from planner.storage.database import Database
from planner.storage.models import Base
from tests.planner.safety.conftest import EMAIL, NAME_FAMILY, Planted


def _person_linked_tables() -> set[str]:
    """Independently of privacy.py: every table with a column pointing at a person."""
    linked = {"person"}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "person" for fk in column.foreign_keys):
                linked.add(table.name)
            if column.name in ("person_uuid", "subject_uuid"):
                linked.add(table.name)
    return linked


def test_schema_reflection_every_person_linked_column_is_exported(demo_db: Database, planted: Planted,
                                                                  tmp_path: Path) -> None:
    written = privacy.export_subject_access(demo_db, EMAIL, tmp_path / "sar")
    doc = json.loads(written[0].read_text(encoding="utf-8"))
    assert set(doc["tables"]) >= _person_linked_tables()
    for name in _person_linked_tables():
        columns = {c.name for c in Base.metadata.tables[name].columns}
        rows = doc["tables"][name]
        assert rows, f"the planted person has no {name} row: the test data must cover it"
        for row in rows:
            assert set(row) == columns, name  # every column, nothing missing
        csv_path = tmp_path / "sar" / f"subject-access-{planted.uuid[:8]}-{name}.csv"
        with csv_path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
        assert set(header) == columns
    assert doc["tables"]["person"][0]["family_name"] == NAME_FAMILY
    assert doc["exported_files"][0]["kind"] == "briefing"


def test_subject_access_is_itself_logged_and_on_the_command_line(demo_db: Database, planted: Planted,
                                                                 tmp_path: Path, capsys) -> None:
    path = demo_db.path
    demo_db.close()
    assert main(["--db", str(path), "export", "subject", EMAIL, "--out", str(tmp_path / "out"), "--json"]) == 0
    files = [Path(p) for p in json.loads(capsys.readouterr().out)]
    assert files[0].suffix == ".json" and all(f.exists() for f in files)
    db = Database.open(path)
    with db.session() as s:
        kinds = [e.kind for e in exports_containing(s, planted.uuid)]
    db.close()
    assert kinds == ["briefing"] + ["subject_access"] * len(files)  # every file it wrote is logged
