"""The board's "Print day…" action (issue 19) and its own PDF: a day sheet from the board's day,
logged; every printed page holds only its own columns' and hours' blocks."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date

import pytest
from pypdf import PdfReader

from planner.services.outputs.export_log import list_exports
from ui.board.board_data import BoardMode
from ui.board.board_pdf import MIN_PX_PER_MIN, page_chunks, page_layout, print_columns, time_bands
from ui.board.board_view import ScheduleBoardView

WED = date(2026, 10, 14)


@pytest.fixture
def board(qtbot, demo_workspace, settings):
    view = ScheduleBoardView(demo_workspace, settings)
    qtbot.addWidget(view)
    view.resize(1400, 1000)
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.show()
    view.show_filtered({"day": WED.isoformat()})
    return view


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_print_day_writes_the_boards_day_for_the_delegation_and_logs_it(qtbot, board, demo_workspace, tmp_path):
    assert board.day == WED
    target = tmp_path / "wed.pdf"
    with qtbot.waitSignal(board.dayPrinted, timeout=60000) as sig:
        board.print_day(target)
    assert sig.args[0] == target
    text = _text(target)
    assert "Wednesday 14 October 2026" in text and "Whole delegation" in text
    with demo_workspace.db.session() as s:
        assert any(e.kind == "day_sheet" and e.path == str(target.resolve()) for e in list_exports(s))


def test_print_day_for_one_delegate_from_the_menu_lists(qtbot, board, tmp_path):
    board._fill_day_menu()
    labels = [a.text() for a in board.day_menu.actions() if a.text()]
    people = board.day_delegates()
    assert labels[0] == "Whole delegation…" and [f"{n}…" for _p, n in people] == labels[-len(people):]
    pid, name = people[0]
    target = tmp_path / "one.pdf"
    with qtbot.waitSignal(board.dayPrinted, timeout=60000):
        board.print_day(target, delegate_id=pid)
    text = _text(target)
    assert name in text and "Whole delegation" not in text and "Each delegate" not in text


def test_every_board_page_paints_only_blocks_inside_its_grid(board):
    data = board.data
    layout = data.layout_day(WED, BoardMode.DELEGATES)
    xs = print_columns(layout, 960.0)
    chunks = page_chunks([b - a for a, b in itertools.pairwise(xs)], 960.0)
    bands = time_bands(layout, 660 / MIN_PX_PER_MIN)
    printed = 0
    for band in bands:
        for first, last in chunks:
            part = page_layout(layout, first, last, band)
            assert part.columns == layout.columns[first:last]
            for i, b in enumerate(part.blocks):
                assert 0 <= b.column < len(part.columns)  # never in another page's column
                assert 0 <= b.top < b.bottom <= part.minutes  # never above or below the grid
                assert i in part.by_column[b.column]
            printed += len(part.blocks)
    assert printed == len(layout.blocks)  # each block on exactly one page (one band holds the day)
    assert len(bands) == 1 and len(chunks) < 6  # Wednesday was six pages of 38 columns


def test_a_long_day_is_split_into_bands_rather_than_squeezed(board):
    layout = board.data.layout_day(WED, BoardMode.ROOMS)
    first = layout.blocks[0]
    late = dataclasses.replace(first, top=0.0, bottom=30.0)
    early_to_late = dataclasses.replace(layout, blocks=[*layout.blocks, late,
                                                       dataclasses.replace(first, top=layout.minutes - 30,
                                                                           bottom=layout.minutes)])
    bands = time_bands(early_to_late, 660 / MIN_PX_PER_MIN)
    assert len(bands) >= 2
    assert all(660 / (b - a) >= MIN_PX_PER_MIN for a, b in bands)
    assert bands[0][0] == 0.0 and bands[-1][1] == layout.minutes
