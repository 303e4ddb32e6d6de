"""Schedule board, delegate agenda and dashboard on the demo mission (pytest-qt, offscreen)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import pairwise

import pytest
from PySide6.QtCore import QPoint, Qt

from planner.domain import timezones
from planner.services.outputs.export_log import list_exports
from planner.services.schedule.meetings import list_meetings
from planner.services.views.dashboard import row_matches
from planner.storage.models import Meeting
from ui.board.agenda_view import ROW_ROLE, DelegateAgendaView
from ui.board.board_view import ScheduleBoardView
from ui.dashboard.dashboard_view import DashboardView

TODAY = date(2026, 11, 4)


@pytest.fixture
def board(qtbot, demo_workspace, settings):
    view = ScheduleBoardView(demo_workspace, settings)
    qtbot.addWidget(view)
    view.resize(1400, 1000)
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.show()
    return view


def _free_pair(data):
    """A delegate with two meetings on one day, 30–180 min apart, neither in any conflict."""
    per_person = defaultdict(list)
    for it in data.timeline.items:
        if it.is_meeting and it.occupies and not data.by_item.get(it.uuid):
            for pid in it.ours:
                if pid in data.delegates:
                    per_person[pid].append(it)
    for pid, items in per_person.items():
        for a, b in pairwise(items):
            gap = (b.start - a.end).total_seconds() / 60
            same_day = a.start_local.date() == b.start_local.date()
            if same_day and 30 <= gap <= 180 and a.ours == (pid,) and (a.end - a.start) == (b.end - b.start):
                return pid, a, b
    raise AssertionError("the demo has no such pair")


def test_dragging_a_meeting_onto_a_clash_shows_it_and_undo_restores_it(qtbot, board, demo_workspace):
    data = board.data
    pid, moving, other = _free_pair(data)
    board.show_filtered({"mode": "delegates", "day": moving.start_local.date().isoformat()})
    board.filter_edit.setText(data.delegates[pid])  # only this delegate's column (and namesakes)
    canvas = board.canvas
    column = next(c for c, col in enumerate(canvas.layout_.columns) if col.person_id == pid)
    canvas.scroll_to_time(moving.start)
    vp = canvas.viewport()
    start = canvas.block_center(moving.uuid)
    assert start is not None and canvas.block_at(start).item.uuid == moving.uuid
    grab = start.y() - canvas.point_for(column, moving.start).y()
    target = canvas.point_for(column, other.start) + QPoint(0, grab)
    feedback = []
    canvas.dragFeedback.connect(feedback.append)

    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):  # move in steps, as a hand would
        qtbot.mouseMove(vp, start + (target - start) * step / 5)
    assert canvas.drag is not None and canvas.drag.active
    assert canvas.drag.candidate.start == other.start
    kinds = {c.kind.value for c in canvas.drag.conflicts}
    assert "person_double_booked" in kinds  # the drop target shows the clash while dragging
    assert any("would clash" in text and data.delegates[pid] in text for text in feedback)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=target)

    with demo_workspace.db.session() as s:
        stored = s.query(Meeting).filter_by(uuid=moving.uuid).one()
        assert stored.start_utc == other.start
        assert stored.end_utc - stored.start_utc == moving.end - moving.start
    assert demo_workspace.undo_stack.count() == 1
    assert demo_workspace.undo_stack.undoText().startswith("Move “")
    block = canvas.block_for(moving.uuid, column)
    assert block is not None and any(c.kind.value == "person_double_booked" for c in block.conflicts)
    assert other.uuid in {u for c in block.conflicts for u in c.items}
    assert "conflict" in canvas.tooltip_for(block) or "booked in two places" in canvas.tooltip_for(block)

    with qtbot.waitSignal(board.loaded, timeout=20000):
        demo_workspace.undo_stack.undo()
    with demo_workspace.db.session() as s:
        assert s.query(Meeting).filter_by(uuid=moving.uuid).one().start_utc == moving.start
    restored = board.data.items[moving.uuid]
    assert restored.start == moving.start
    assert not board.data.open_conflicts(moving.uuid)
    assert not canvas.block_for(moving.uuid, column).conflicts


def test_room_mode_drop_on_another_table_changes_the_table(qtbot, board, demo_workspace):
    board.show_filtered({"mode": "rooms", "day": "2026-10-15"})
    canvas = board.canvas
    lay = canvas.layout_
    tables = [i for i, c in enumerate(lay.columns) if c.room_id is not None and c.title.startswith("Table")]
    block = next(lay.blocks[i] for i in lay.by_column[tables[0]] if lay.blocks[i].item.is_meeting
                 and lay.blocks[i].item.occupies and not lay.blocks[i].conflicts)
    target_col = tables[1]
    canvas.horizontalScrollBar().setValue(0)
    canvas.scroll_to_time(block.item.start)
    start = canvas.block_center(block.item.uuid)
    target = QPoint(canvas.point_for(target_col, block.item.start).x(), start.y())
    vp = canvas.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, (start + target) / 2)
    qtbot.mouseMove(vp, target)
    expected_room = lay.columns[target_col].room_id
    assert canvas.drag.candidate.room_id == expected_room
    clash = bool(canvas.drag.conflicts)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=target)
    with demo_workspace.db.session() as s:
        m = s.query(Meeting).filter_by(uuid=block.item.uuid).one()
        assert (m.room_id, m.start_utc) == (expected_room, block.item.start)
    assert bool(board.data.open_conflicts(block.item.uuid)) == clash


def test_double_click_asks_for_the_editor_and_pdf_export_is_logged(qtbot, board, demo_workspace, tmp_path):
    board.show_filtered({"mode": "venues", "day": "2026-10-14"})
    canvas = board.canvas
    block = canvas.layout_.blocks[0]
    canvas.scroll_to_time(block.item.start)
    canvas.horizontalScrollBar().setValue(0)
    with qtbot.waitSignal(board.editRequested) as sig:
        qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.block_center(block.item.uuid))
    assert sig.args == ["meeting" if block.item.is_meeting else "slot", block.item.uuid]
    target = board.export_pdf(tmp_path / "board.pdf")
    assert target is not None and target.read_bytes().startswith(b"%PDF")
    with demo_workspace.db.session() as s:
        logged = list_exports(s)
        assert any(e.kind == "board_pdf" and e.path.endswith("board.pdf") for e in logged)


def test_agenda_shows_travel_gaps_and_conflicts(qtbot, demo_workspace, settings, qtmodeltester):
    view = DelegateAgendaView(demo_workspace, settings)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.show()
    travel = next(c for c in view.data.conflicts if c.kind.value == "travel_time")
    assert view.show_delegate(travel.people[0])
    rows = [view.model.data(view.model.index(i, 0), ROW_ROLE) for i in range(view.model.rowCount())]
    gaps = [r for r in rows if r.kind == "gap" and r.what.startswith("Travel")]
    assert any(r.alert and "min short" in r.note for r in gaps)
    flagged = [r for r in rows if r.kind == "item" and r.alert]
    assert {r.uuid for r in flagged} == set(travel.items)
    assert rows[0].kind == "day"
    qtmodeltester.check(view.model, force_py=True)
    index = view.model.index(rows.index(flagged[0]), 1)
    with qtbot.waitSignal(view.editRequested) as sig:
        view._on_double_click(index)
    assert sig.args[1] == flagged[0].uuid


def test_agenda_briefing_pack_goes_through_the_runner(qtbot, demo_workspace, settings, tmp_path):
    view = DelegateAgendaView(demo_workspace, settings)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.show()
    # reportlab is a dependency: the button is there for every user, so a disabled one is a bug
    assert view.briefing_button.isEnabled()
    target = tmp_path / "pack.pdf"
    with qtbot.waitSignal(view.briefingWritten, timeout=60000) as sig:
        view.print_briefing(target)
    assert sig.args[0] == [target] and target.read_bytes().startswith(b"%PDF")


@pytest.fixture
def dashboard(qtbot, demo_workspace, settings):
    view = DashboardView(demo_workspace, settings, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1300, 1000)
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.show()
    return view


def test_clicking_a_dashboard_figure_opens_the_filtered_list(qtbot, dashboard, demo_workspace):
    tile = dashboard.tiles["overdue"]
    with qtbot.waitSignal(dashboard.openFiltered) as sig:
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert sig.args == ["follow_up_actions", {"overdue": TODAY.isoformat()}]
    with qtbot.waitSignal(dashboard.openFiltered) as sig:
        qtbot.mouseClick(dashboard.tiles["conflicts"], Qt.MouseButton.LeftButton)
    assert sig.args == ["board", {"conflicts": True}]

    chart = dashboard.by_status
    row = next(i for i, r in enumerate(chart.rows) if r.label == "Confirmed")
    rect = chart.segment_rect(row, 0)
    with qtbot.waitSignal(dashboard.openFiltered) as sig:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    view, spec = sig.args
    assert (view, spec) == ("meetings", {"status": "confirmed"})
    with demo_workspace.db.session() as s:
        rows = [m for m in list_meetings(s, demo_workspace.event_orm(s)) if row_matches(m, spec)]
    assert rows and all(m.status == "confirmed" for m in rows)
    assert len(rows) == chart.rows[row].total  # the list holds exactly what the bar counted


def test_owner_chart_segments_open_that_owner_and_urgency(qtbot, dashboard):
    chart = dashboard.by_owner
    owners = [o for o in dashboard.dashboard.actions_by_owner if o.open]
    row = next(i for i, o in enumerate(owners[:12]) if o.overdue)
    with qtbot.waitSignal(dashboard.openFiltered) as sig:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.segment_rect(row, 0).center().toPoint())
    assert sig.args == ["follow_up_actions", {"owner": owners[row].owner, "overdue": TODAY.isoformat()}]


def test_board_reads_in_dark_mode(qtbot, board):
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette(QColor("#2b2b2b"), QColor("#1e1e1e"))
    board.canvas.setPalette(pal)
    style = board.canvas.style_
    assert style.dark
    for kind in ("meeting", "showcase", "travel"):
        colours = style.block(kind, "confirmed")
        assert abs(colours.text.lightness() - colours.fill.lightness()) > 100  # readable text on every block


def test_day_tabs_cover_the_event_and_outside_days(board):
    data = board.data
    labels = [board.tabs.tabText(i) for i in range(board.tabs.count())]
    assert labels[:4] == ["Tue 13 Oct", "Wed 14 Oct", "Thu 15 Oct", "Fri 16 Oct"]
    outside = next(c for c in data.conflicts if c.kind.value == "outside_event_dates")
    day = timezones.wall_from_utc(data.items[outside.items[0]].start, data.event_tz)[0].date()
    assert any(label.startswith(f"{day:%a %d %b}") and "outside" in label for label in labels)


def test_the_board_pdf_is_logged_before_it_appears(tmp_path) -> None:
    """A crash between writing and logging must leave no unlogged file: the log comes first."""
    from ui.board.board_pdf import write_board_pdf

    target = tmp_path / "board.pdf"
    seen: list[bool] = []

    class _Layout:  # the smallest layout render_board accepts is a real one; stop before it
        pass

    def log(pages: int) -> None:
        seen.append(target.exists())

    import ui.board.board_pdf as board_pdf

    original = board_pdf.render_board
    board_pdf.render_board = lambda *a, **k: 1  # type: ignore[assignment]
    try:
        assert write_board_pdf(_Layout(), target, "Day", before_publish=log) == 1  # type: ignore[arg-type]
    finally:
        board_pdf.render_board = original  # type: ignore[assignment]
    assert seen == [False] and target.exists()
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["board.pdf"]  # no temporary file left
