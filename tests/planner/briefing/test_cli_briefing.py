"""``planner export briefing`` as a script calls it: files, export log, warnings, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from planner.cli import main
from planner.services.outputs.export_log import exports_containing
from planner.storage.database import Database
from planner.storage.models import ExportLog, Person
from tests.planner.briefing.conftest import add_hostile_data, run, squash

pytestmark = pytest.mark.engines


@pytest.fixture
def demo_file(db_target: str) -> str:
    path = db_target
    assert main(["--db", str(path), "demo"]) == 0
    db = Database.open(path)
    try:
        add_hostile_data(db)
    finally:
        db.close()
    return path


def _log(path: Path | str) -> list[ExportLog]:
    db = Database.open(path)
    try:
        with db.session() as s:
            logs = list(s.scalars(select(ExportLog)))
            for log in logs:
                _ = log.people
            return logs
    finally:
        db.close()


def test_one_delegate_pack_is_written_logged_and_warns(demo_file: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "zoe.pdf"
    code = main(["--db", str(demo_file), "export", "briefing", "--event", "biojapan-2026",
                 "--delegate", "ZOE.OBRIEN@example.org", "--out", str(out), "--paper", "letter"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.strip() == str(out.resolve())
    assert "U+1F469 WOMAN" in captured.err and captured.err.startswith("warning:")
    assert "(letter)" in run("pdfinfo", str(out))
    assert squash("김민준") in squash(run("pdftotext", "-enc", "UTF-8", str(out), "-"))
    [log] = _log(demo_file)
    assert log.kind == "briefing" and log.path == str(out.resolve()) and log.row_count > 3
    db = Database.open(demo_file)
    try:
        with db.session() as s:
            korean = s.scalars(select(Person).where(Person.native_name == "김민준",
                                                    Person.email == "ko@att-japan.example")).one()
            assert [r.path for r in exports_containing(s, korean.uuid)] == [str(out.resolve())]
    finally:
        db.close()


def test_per_delegate_writes_one_file_each_into_the_folder(demo_file: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep the run short: only two delegates' packs (the builder is the one the CLI uses).
    import planner.cli.exports.export_briefing as cli_module
    from planner.services.outputs import briefing as service

    real = service.build_briefing

    def two_delegates(session, event, ids=None):  # type: ignore[no-untyped-def]
        whole = real(session, event, ids)
        return type(whole)(**{**whole.__dict__, "packs": whole.packs[:2]})

    monkeypatch.setattr(cli_module, "build_briefing", two_delegates)
    out = tmp_path / "packs"
    code = main(["--db", str(demo_file), "export", "briefing", "--event", "biojapan-2026",
                 "--out", f"{out}/", "--per-delegate"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    files = sorted(out.iterdir())
    assert len(files) == 2 and all(f.name.startswith("biojapan-2026 - ") for f in files)
    assert sorted(captured.out.split("\n")[:-1]) == sorted(str(f.resolve()) for f in files)
    assert sorted(log.path for log in _log(demo_file)) == sorted(str(f.resolve()) for f in files)


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--delegate", "nobody@example.org"], "No person"),
     (["--delegate", "ko@att-japan.example"], "Not a delegate"),
     (["--paper", "a5"], "invalid choice")],
)
def test_user_errors_exit_2_and_write_nothing(demo_file: str, tmp_path: Path, extra: list[str],
                                              message: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    code = main(["--db", str(demo_file), "export", "briefing", "--event", "biojapan-2026",
                 "--out", str(out), *extra])
    captured = capsys.readouterr()
    assert code == 2 and message in captured.err and "Traceback" not in captured.err
    assert not out.exists() and _log(demo_file) == []


def test_missing_folder_is_a_user_error(demo_file: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(demo_file), "export", "briefing", "--event", "biojapan-2026",
                 "--out", str(tmp_path / "nope" / "x.pdf")])
    assert code == 2 and "does not exist" in capsys.readouterr().err
