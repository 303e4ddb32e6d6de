"""The GUI refuses a file in a folder that does not exist (a typo must not open an empty plan):
``main.py --db`` / ``$PLANNER_DB`` before any window, and any file opened later (a recent file
on a drive that is gone). File ▸ New stays the way to make a new file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from ui.app import DeskApp

ROOT = Path(__file__).resolve().parents[3]


def _run_main(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    code = ("import sys; from PySide6.QtWidgets import QMessageBox; "
            "QMessageBox.critical = staticmethod(lambda *a, **k: print('critical:', a[2], flush=True)); "
            f"import main; sys.exit(main.main({list(args)!r}))")
    full = {**os.environ, "PLANNER_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=full,
                          timeout=120)


@pytest.mark.parametrize("via_env", [False, True])
def test_main_refuses_a_missing_folder_with_a_message_and_exit_2(tmp_path: Path, via_env: bool) -> None:
    target = tmp_path / "typo" / "plan.db"
    if via_env:
        done = _run_main(tmp_path, env={"PLANNER_DB": str(target)})
    else:
        done = _run_main(tmp_path, "--db", str(target))
    assert done.returncode == 2
    assert f"critical: cannot use {target}" in done.stdout and str(target.parent) in done.stdout
    assert str(target.parent) in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "typo").exists()
    assert not (tmp_path / "data").exists()  # no settings, no backups: nothing started


def test_opening_a_file_in_a_missing_folder_is_refused_and_creates_nothing(qtbot, qapp, settings, tmp_path: Path,
                                                                          monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a, **k: shown.append(text))
    gone = tmp_path / "usb-stick" / "mission.db"
    settings.preferences.add_recent_file(str(gone))
    desk = DeskApp(settings)
    try:
        with qtbot.waitSignal(desk.start_failed, timeout=20000):
            desk.open(gone)
        assert desk.window is None
        assert shown and str(gone.parent) in shown[0] and "does not exist" in shown[0]
        assert not gone.parent.exists()
        assert str(gone) in settings.preferences.recent_files  # the drive may come back
    finally:
        desk.shutdown()
