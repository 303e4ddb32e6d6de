"""The export dialog's single entry point: every kind writes its file and logs it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from planner.errors import ValidationError
from planner.services.outputs.export_jobs import KINDS, ExportRequest, available, run_export
from planner.services.outputs.export_log import list_exports
from planner.storage.database import Database

pytestmark = pytest.mark.engines


def test_every_export_kind_has_its_backend() -> None:
    assert all(available(kind) for kind in KINDS)


@pytest.mark.parametrize("fmt, first", [("hubspot", "First Name"), ("salesforce", "FirstName")])
def test_crm_export_from_the_dialog(demo_db: Database, tmp_path: Path, fmt: str, first: str) -> None:
    out = tmp_path / f"{fmt}.csv"
    with demo_db.transaction() as s:
        result = run_export(s, ExportRequest("crm", "biojapan-2026", out, crm_format=fmt))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == first and len(rows) > 5
    assert "left out" in result.message  # the demo has counterparts without consent
    with demo_db.session() as s:
        logged = list_exports(s)
    assert logged[0].kind == f"crm_{fmt}" and logged[0].row_count == len(rows) - 1


def test_missing_folder_is_a_clear_error(demo_db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"), demo_db.transaction() as s:
        run_export(s, ExportRequest("crm", "biojapan-2026", tmp_path / "nope" / "x.csv"))
