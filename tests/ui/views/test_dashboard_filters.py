"""The GUI path of every dashboard figure (issue 15): click a tile, bar or owner segment → the list
it counts is shown → its filter box shows the filter → the rows shown are the figure → clearing
the box shows every row → leaving the page and coming back shows no stale filter."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from planner.services.views.row_filters import format_filter

TODAY = date(2026, 11, 11)  # four weeks after the demo mission: overdue, this week and later all occur
PAGES = {"meetings": ("meetings", ""), "schedule": ("schedule", "list_page"), "delegation": ("delegation", ""),
         "leads": ("follow_ups", "leads"), "follow_up_actions": ("follow_ups", "actions_page")}


@pytest.fixture
def dashboard(qtbot, demo_window):
    view = demo_window.show_page("dashboard")
    view.today = TODAY
    with qtbot.waitSignal(view.loaded, timeout=30000):
        view.reload()
    return view


def _list_page(window, view):
    key, attr = PAGES[view]
    page = window.pages[key]
    return getattr(page, attr) if attr else page


def _all_rows(page) -> int:
    return page.model.rowCount()


def _clickables(dash):
    """(what, widget, position or None, view, spec, value) for every tile, bar and owner segment."""
    d = dash.dashboard
    out = [(f.key, dash.tiles[f.key], dash.tiles[f.key].rect().center(), f.view, f.filter, f.value)
           for f in (*d.before, *d.after) if f.view != "board"]  # the board is no list (see the report)
    for chart, bars in ((dash.by_status, d.meetings_by_status), (dash.by_day, d.meetings_by_day),
                        (dash.by_stage, d.leads_by_stage)):
        for i, bar in enumerate(bars):
            if bar.value:
                out.append((f"{chart.title}/{bar.label}", chart, chart.segment_rect(i, 0).center().toPoint(),
                            bar.view, bar.filter, bar.value))
    owners = [o for o in d.actions_by_owner if o.open][:12]
    for i, load in enumerate(owners):
        for seg, (part, value) in enumerate((("overdue", load.overdue), ("due_this_week", load.due_this_week),
                                             ("later", load.later))):
            if value:
                out.append((f"owner {load.owner}/{part}", dash.by_owner,
                            dash.by_owner.segment_rect(i, seg).center().toPoint(), "follow_up_actions",
                            load.filter(part), value))
    return out


def test_every_figure_opens_a_list_showing_its_filter_and_exactly_its_rows(qtbot, demo_window, dashboard):
    items = _clickables(dashboard)
    assert {i[3] for i in items} == set(PAGES) and len(items) >= 40
    kinds = {i[0] for i in items}
    assert {"overdue", "due_this_week", "open_actions", "slots"} <= kinds
    assert any(k.endswith("/later") for k in kinds) and any(k.endswith("/due_this_week") for k in kinds)
    for what, widget, pos, view, spec, value in items:
        demo_window.show_page("dashboard")
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
        page = _list_page(demo_window, view)
        assert demo_window.current_page_key() == PAGES[view][0], what
        assert page.isVisible(), what
        box = page.table.filter_edit
        assert box.text() == format_filter(spec), what  # the click's filter is visible
        assert page.row_count() == value, (what, spec)  # the list shows what the figure counted
        assert page.table.count_label.text().startswith(f"{value:,} row"), what
        box.clear()  # the box's clear button clears the text the same way
        qtbot.waitUntil(lambda p=page: p.row_count() == _all_rows(p))
        demo_window.show_page("dashboard")  # leave the page …
        demo_window.show_page(PAGES[view][0])  # … and come back: no stale filter
        assert box.text() == "" and page.row_count() == _all_rows(page), what


def test_a_filter_the_user_edits_stays_and_an_unknown_key_says_so(qtbot, demo_window, dashboard):
    qtbot.mouseClick(dashboard.tiles["open_actions"], Qt.MouseButton.LeftButton)
    page = _list_page(demo_window, "follow_up_actions")
    box = page.table.filter_edit
    assert box.text() == "open:yes" and page.row_count() == dashboard.dashboard.figure("open_actions").value
    box.setText("open:no")  # the user's own filter: kept when leaving the page
    qtbot.waitUntil(lambda: page.row_count() == _all_rows(page) - dashboard.dashboard.figure("open_actions").value)
    demo_window.show_page("dashboard")
    demo_window.show_page("follow_ups")
    assert box.text() == "open:no"
    box.setText("colour:red")  # a key this list does not know is an error, not ignored
    qtbot.waitUntil(lambda: page.row_count() == 0)
    assert "colour" in page.empty_hint.text() and page.empty_hint.isVisible()
    assert "owner:" in box.toolTip()  # the message names the filters the list has
    box.clear()
    qtbot.waitUntil(lambda: page.row_count() == _all_rows(page))
    assert not page.empty_hint.isVisible()


def test_the_conflicts_tile_opens_the_board_with_conflicts_highlighted(qtbot, demo_window):
    window = demo_window
    window.open_filtered("board", {"conflicts": True})
    tabs = window.pages["schedule"]
    assert window.current_page_key() == "schedule"
    assert tabs.tabs.currentWidget() is tabs.board
    assert tabs.board.conflicts_only.isChecked()
