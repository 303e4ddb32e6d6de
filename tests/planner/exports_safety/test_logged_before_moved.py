"""Every exported file is in the export log — committed, as another program sees it — before it
appears at its name; so a kill at any moment leaves a logged file or none.

The spy wraps ``os.replace`` (the one step that makes a file appear) and, at each move onto a
visible name, reads the export log through a fresh connection.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from planner.cli import main
from planner.services.outputs.export_jobs import ExportRequest, run_export
from planner.services.outputs.export_log import logger_for
from planner.services.people.people import add_person
from planner.storage.database import Database
from planner.storage.models import Person
from tests.planner.exports_safety.conftest import (
    EVENT,
    committed_log,
    hidden_files,
    planner_cli,
    visible_files,
)

pytestmark = pytest.mark.engines


@pytest.fixture
def moves(monkeypatch: pytest.MonkeyPatch, demo_file: Path) -> list[tuple[str, bool]]:
    """(target, was it already logged) for every move onto a visible name."""
    seen: list[tuple[str, bool]] = []
    real = os.replace

    def spy(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        target = Path(os.fspath(dst))
        if not target.name.startswith("."):
            resolved = str(target.resolve())
            seen.append((resolved, resolved in committed_log(demo_file)))
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    return seen


CASES = {
    "leads": (["leads", "--out", "{out}/leads.xlsx"], "lead_sheet"),
    "crm": (["crm", "--format", "salesforce", "--out", "{out}/crm.csv"], "crm_salesforce"),
    "ics": (["ics", "--out", "{out}/all.ics"], "ics"),
    "impact-pdf": (["impact", "--out", "{out}/impact.pdf"], "impact_pdf"),
    "impact-xlsx": (["impact", "--out", "{out}/impact.xlsx"], "impact_xlsx"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_cli_export_is_logged_before_it_is_moved_into_place(case: str, demo_file: Path, tmp_path: Path,
                                                                 moves: list[tuple[str, bool]]) -> None:
    argv, kind = CASES[case]
    out = tmp_path / "out"
    out.mkdir()
    assert main(["--db", str(demo_file), "export", argv[0], "--event", EVENT,
                 *(a.format(out=out) for a in argv[1:])]) == 0
    [written] = visible_files(out)
    assert moves == [(str(written.resolve()), True)]
    assert committed_log(demo_file)[str(written.resolve())][0] == kind
    assert hidden_files(out) == []


def _three_packs(monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.cli.exports.export_briefing as cli_module
    from planner.services.outputs import briefing as service

    real = service.build_briefing

    def three(session, event, ids=None):  # type: ignore[no-untyped-def]
        whole = real(session, event, ids)
        return type(whole)(**{**whole.__dict__, "packs": whole.packs[:3]})

    monkeypatch.setattr(cli_module, "build_briefing", three)


def test_per_delegate_packs_are_each_logged_before_their_own_move(demo_file: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  moves: list[tuple[str, bool]]) -> None:
    _three_packs(monkeypatch)
    out = tmp_path / "packs"
    assert main(["--db", str(demo_file), "export", "briefing", "--event", EVENT, "--out", f"{out}/",
                 "--per-delegate"]) == 0
    files = visible_files(out)
    assert len(files) == 3
    assert sorted(moves) == sorted((str(f.resolve()), True) for f in files)  # not all at the end
    log = committed_log(demo_file)
    assert all(log[str(f.resolve())][0] == "briefing" and log[str(f.resolve())][1] > 0 for f in files)


def test_the_gui_job_reads_and_its_log_is_its_own_write_unit(demo_file: Path, tmp_path: Path,
                                                             moves: list[tuple[str, bool]]) -> None:
    """The GUI's TaskRunner hands a reading job a deferred session; the user saves an edit while
    the export builds. The log entry is written in its own write unit, so it neither fails
    (SQLITE_BUSY on a stale read snapshot) nor makes the edit wait for the export."""
    out = tmp_path / "hubspot.csv"
    with Database.open(demo_file) as db:
        saved: list[float] = []

        def cancel() -> bool:  # polled by the job while it works: the user saves an edit now
            if not saved:
                started = time.monotonic()
                with db.transaction() as s:
                    add_person(s, given_name="Saved", family_name="Meanwhile")
                saved.append(time.monotonic() - started)
            return False

        with db.session() as session, session.begin():  # what TaskRunner gives a reading job
            session.scalar(select(func.count(Person.id)))  # the job's read snapshot is taken
            result = run_export(session, ExportRequest("crm", EVENT, out), None, cancel, log=logger_for(db))
        assert saved and saved[0] < 1.0  # the edit did not wait for the export
        with db.session() as s:
            assert s.scalar(select(func.count(Person.id)).where(Person.given_name == "Saved")) == 1
    assert result.paths == [out] and out.exists()
    assert moves == [(str(out.resolve()), True)]
    assert committed_log(demo_file)[str(out.resolve())] == ("crm_hubspot", result.count)


def _wait_for_pdf(folder: Path, proc: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not (folder.exists() and any(p.suffix == ".pdf" for p in visible_files(folder))):
        assert time.monotonic() < deadline, "no pack appeared"
        assert proc.poll() is None, "the export ended before it could be killed"
        time.sleep(0.005)


def test_a_kill_during_per_delegate_packs_leaves_only_logged_files(demo_file: Path, tmp_path: Path) -> None:
    """kill -9 just after the first pack appeared, then at a random moment of a second run:
    every pack on disk is in the log; the killed runs' temporary files go with the next export."""
    out = tmp_path / "packs"
    args = ["--db", str(demo_file), "export", "briefing", "--event", EVENT, "--out", f"{out}/", "--per-delegate"]
    first = planner_cli(*args)
    _wait_for_pdf(out, first)
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    second = planner_cli(*args)
    time.sleep(random.uniform(2.0, 6.0))
    second.send_signal(signal.SIGKILL)
    second.wait(30)
    files = visible_files(out)
    assert files, "nothing was written before the kills"
    log = committed_log(demo_file)
    unlogged = [f.name for f in files if str(f.resolve()) not in log]
    assert unlogged == []
    assert all(log[str(f.resolve())][0] == "briefing" for f in files)
    # the next export into the folder clears what the killed runs left half-written
    assert main(["--db", str(demo_file), "export", "ics", "--event", EVENT, "--out", str(out / "all.ics")]) == 0
    assert hidden_files(out) == []
