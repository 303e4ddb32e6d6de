"""Backups from the File menu: back up now, verify, restore (the file comes back as it was)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import func, select

from planner.services.files import backups
from planner.storage.models import Meeting


def test_back_up_now_and_verify_from_the_menu(qtbot, demo_window, monkeypatch) -> None:
    ws = demo_window.ws
    before = len(backups.list_backups(ws.db))
    demo_window.findChild(type(demo_window.menuBar().actions()[0]), "action_backup_now").trigger()
    qtbot.waitUntil(lambda: len(backups.list_backups(ws.db)) == before + 1, timeout=10000)
    shown = []
    monkeypatch.setattr("ui.backup_actions.QMessageBox.information", lambda *a: shown.append(a[2]))
    demo_window.findChild(type(demo_window.menuBar().actions()[0]), "action_verify").trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "passed the full integrity" in shown[0]


def test_restore_brings_back_the_backed_up_state(qtbot, tmp_path: Path, settings) -> None:
    from planner.demo import build_demo
    from planner.storage.database import Database
    from ui.app import DeskApp

    path = tmp_path / "mission.db"
    db = Database.open(path)
    with db.transaction() as s:
        build_demo(s)
    good = backups.backup_now(db)
    with db.transaction() as s:
        for m in s.scalars(select(Meeting)).all()[:10]:
            s.delete(m)
    db.close()

    desk = DeskApp(settings)
    with qtbot.waitSignal(desk.ready, timeout=30000):
        desk.open(path)
    count = lambda: desk.workspace.read(lambda s: s.scalar(select(func.count()).select_from(Meeting)))  # noqa: E731
    assert count() == 150 - 10
    desk.restore(str(good))
    qtbot.waitUntil(lambda: desk.workspace is not None and desk.workspace.db.path == path, timeout=30000)
    assert count() == 150
    assert "restored from" in desk.window.statusBar().currentMessage()
    # the file as it was before the restore is kept as a pre-restore backup, with its 140 meetings
    [pre] = [b for b in backups.list_backups(Path(path)) if b.kind == "pre-restore"]
    assert pre.path != good
    con = sqlite3.connect(f"file:{pre.path}?mode=ro", uri=True)
    try:
        assert con.execute(f"SELECT count(*) FROM {Meeting.__tablename__}").fetchone() == (150 - 10,)
    finally:
        con.close()
    desk.shutdown()
