"""Screenshots of the schedule board, the delegate agenda and the dashboard on the demo mission.

Run under Xvfb so fonts and styles are those of a real X server:

    xvfb-run -a python scripts/screenshots_board.py [--out docs/screenshots]

Builds the demo mission in a temporary folder (your files are not touched) and writes board.png,
agenda.png and dashboard.png. The dashboard is shown as on 4 November 2026, three weeks after the
mission, so the follow-up figures mean something.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AFTER_THE_MISSION = date(2026, 11, 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="mission-desk-board-shots-")
    os.environ["PLANNER_DATA_DIR"] = tmp

    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from planner.demo import build_demo
    from planner.services.events.events import get_event
    from planner.services.views.dashboard import build_dashboard
    from planner.storage.database import Database
    from ui.board.agenda_view import DelegateAgendaView  # noqa: TID251
    from ui.board.board_data import load_board  # noqa: TID251
    from ui.board.board_view import ScheduleBoardView  # noqa: TID251
    from ui.board.none_guard import keep_none_alive  # noqa: TID251
    from ui.dashboard.dashboard_view import DashboardView  # noqa: TID251
    from ui.settings import AppSettings  # noqa: TID251
    from ui.workspace import Workspace  # noqa: TID251

    app = QApplication([sys.argv[0]])
    keep_none_alive()
    app.setApplicationName("Mission Desk")
    db = Database.open(Path(tmp) / "demo.db")
    with db.transaction() as session:
        build_demo(session)
    workspace = Workspace(db)
    workspace.set_event("biojapan-2026")
    settings = AppSettings.at(str(Path(tmp) / "settings.ini"))
    with db.session() as session:
        event = get_event(session, "biojapan-2026")
        data = load_board(session, event)
        dash = build_dashboard(session, event, today=AFTER_THE_MISSION)

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    def shoot(name: str, widget: object) -> None:
        settle()
        target = args.out / f"{name}.png"
        widget.grab().save(str(target))  # type: ignore[attr-defined]
        print(target)

    board = ScheduleBoardView(workspace, settings)
    board.resize(1400, 900)
    board._dirty = False  # fed directly below, not through the task runner
    board.show()
    board.set_data(data)
    board.show_filtered({"mode": "rooms", "day": "2026-10-14"})
    conflict = next(c for c in data.conflicts if c.kind.value == "room_double_booked")
    block = board.canvas.block_for(conflict.items[0])
    if block is not None:
        board.canvas.scroll_to_time(block.item.start)
    board.canvas.select(conflict.items[0])
    shoot("board", board)

    agenda = DelegateAgendaView(workspace, settings)
    agenda.resize(1400, 900)
    agenda._dirty = False
    agenda.show()
    agenda.set_data(data)
    travel = next(c for c in data.conflicts if c.kind.value == "travel_time")
    agenda.show_delegate(travel.people[0])
    shoot("agenda", agenda)

    dashboard = DashboardView(workspace, settings, today=AFTER_THE_MISSION)
    dashboard.resize(1400, 1150)
    dashboard._dirty = False
    dashboard.show()
    dashboard.set_dashboard(dash)
    shoot("dashboard", dashboard)
    for widget in (board, agenda, dashboard):
        widget.close()
    workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
