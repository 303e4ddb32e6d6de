"""Two programs on one file: the command line exports the lead sheet of ``planner demo --scale 4``
while the app (a ``Database`` in this process) saves edits in a loop. The export builds in a
read session and logs its file in its own short write unit, so every edit goes through at once
and the export is logged.

The exporting program pauses (a gate this test opens) once its data is built and again before
it writes the file, so the edits are sure to fall inside the export, however fast the machine.
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import func, select

from planner.cli import main
from planner.services.people.people import add_person
from planner.storage.database import Database
from planner.storage.models import Person
from tests.planner.exports_safety.conftest import EVENT, committed_log, python

GATED_CLI = """
    import sys, time
    from pathlib import Path
    import planner.exports.sheets.lead_sheet as sheet
    import planner.services.followup.leads as leads

    gate = Path(sys.argv[1])

    def pause(phase):
        (gate / phase).touch()
        deadline = time.monotonic() + 90
        while not (gate / f"go-{phase}").exists():
            if time.monotonic() > deadline:
                raise SystemExit(f"the gate {phase} was never opened")
            time.sleep(0.01)

    real_build, real_write = leads.build_lead_sheet, sheet.write_lead_sheet

    def build(*args, **kwargs):
        data = real_build(*args, **kwargs)
        pause("built")
        return data

    def write(*args, **kwargs):
        pause("writing")
        return real_write(*args, **kwargs)

    leads.build_lead_sheet, sheet.write_lead_sheet = build, write
    from planner.cli import main
    sys.exit(main(sys.argv[2:]))
"""

EDITS_WHILE_PAUSED = 10


def test_the_cli_exports_while_the_app_saves_edits(tmp_path: Path) -> None:
    db_path = tmp_path / "scale4.db"
    assert main(["--db", str(db_path), "demo", "--scale", "4"]) == 0
    gate = tmp_path / "gate"
    gate.mkdir()
    out = tmp_path / "leads.xlsx"
    with Database.open(db_path) as db:
        with db.session() as s:
            people_before = s.scalar(select(func.count(Person.id)))
        cli = python(GATED_CLI, str(gate), "--db", str(db_path), "export", "leads", "--event", EVENT,
                     "--out", str(out))
        saved, failures, slowest = 0, [], 0.0
        phases = ["built", "writing"]
        paused_edits = 0
        deadline = time.monotonic() + 180
        while cli.poll() is None:
            assert time.monotonic() < deadline, "the export never finished"
            started = time.monotonic()
            try:
                with db.transaction() as s:
                    add_person(s, given_name=f"Edit{saved}", family_name="App")
                saved += 1
            except Exception as exc:  # the app's save failed: the export held the write lock
                failures.append(f"{type(exc).__name__}: {exc}")
            slowest = max(slowest, time.monotonic() - started)
            if phases and (gate / phases[0]).exists():
                paused_edits += 1
                if paused_edits >= EDITS_WHILE_PAUSED or failures:
                    (gate / f"go-{phases.pop(0)}").touch()
                    paused_edits = 0
            time.sleep(0.005)
        _, err = cli.communicate(timeout=60)
        assert cli.returncode == 0, err
        assert failures == []
        assert not phases  # both pauses happened, each with edits saved meanwhile
        assert slowest < 5.0  # no edit waited for the export
        with db.session() as s:
            assert s.scalar(select(func.count(Person.id))) == people_before + saved
    kind, rows = committed_log(db_path)[str(out.resolve())]
    assert kind == "lead_sheet" and rows > 50
    assert out.read_bytes()[:2] == b"PK"
