"""Schedule board benchmark on the ``demo --scale 10`` mission (or ``--scale N``).

Measures (median of repeated runs) the time to lay out the busiest day, to paint the visible
board (1400×900) and the whole day, to re-check one dragged block (every mouse move), and to drop
a block (the undoable move in the database, the incremental conflict update and a new layout).
Baselines in the same run: painting the same number of plain rectangles, and a full re-check.

    QT_QPA_PLATFORM=offscreen python bench/board.py [--scale 10] [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter, QPalette
    from PySide6.QtWidgets import QApplication

    from planner.demo import build_demo
    from planner.domain.conflicts import find_conflicts
    from planner.services.editing.changes import record_changes
    from planner.services.events.events import get_event
    from planner.services.schedule.reschedule import move_item
    from planner.storage.database import Database
    from ui.board.board_data import BoardMode, load_board
    from ui.board.board_painter import BlockTextCache, BoardGeometry, Viewport, paint_board
    from ui.board.board_style import BoardStyle
    from ui.board.none_guard import keep_none_alive

    app = QApplication.instance() or QApplication([sys.argv[0]])
    keep_none_alive()  # PySide6 6.12 on Python 3.11 leaks references to None
    folder = tempfile.mkdtemp(prefix="bench-board-")
    db = Database.open(Path(folder) / "bench.db")
    t = time.perf_counter()
    with db.transaction() as session:
        build_demo(session, scale=args.scale)
    print(f"demo --scale {args.scale} built in {time.perf_counter() - t:.1f} s")
    with db.session() as session:
        event = get_event(session, "biojapan-2026")
        t = time.perf_counter()
        data = load_board(session, event)
        print(f"load the board (timeline + full conflict check): {(time.perf_counter() - t) * 1000:.0f} ms, "
              f"{len(data.timeline.items):,} items, {len(data.conflicts)} conflicts")
    busiest = max(data.days(), key=lambda d: len(data.items_on(d)))
    print(f"busiest day {busiest}: {len(data.items_on(busiest)):,} items")
    style = BoardStyle(QPalette(QColor("#f0f0f0"), QColor("#ffffff")))
    font = app.font()
    results: list[tuple[str, float, float | None, str]] = []
    screen = QImage(1400, 900, QImage.Format.Format_ARGB32_Premultiplied)
    whole = QImage(2400, 1600, QImage.Format.Format_ARGB32_Premultiplied)

    for mode in (BoardMode.ROOMS, BoardMode.DELEGATES, BoardMode.VENUES):
        layout = data.layout_day(busiest, mode)
        geom = BoardGeometry()
        geom.fit(layout, home=True)
        lay_ms = median_ms(lambda m=mode: data.layout_day(busiest, m), args.repeat)
        first = min(b.top for b in layout.blocks) * geom.px_per_min
        view = Viewport(0, first, 1400 - geom.left, 900 - geom.header_height)
        visible = [b for b in layout.blocks if geom.block_rect(b).intersects(QRectF(view.x, view.y, view.width,
                                                                                   view.height))]

        def paint_visible(lay=layout, g=geom, v=view, cache: BlockTextCache | None = None) -> None:
            p = QPainter(screen)
            paint_board(p, lay, g, style, v, cache or BlockTextCache(), font=font)
            p.end()

        warm = BlockTextCache()
        paint_visible(cache=warm)

        def rects(rs: list[QRectF], image: QImage) -> None:
            p = QPainter(image)
            p.fillRect(image.rect(), QColor("white"))
            for r in rs:
                p.setBrush(QColor("#9ab"))
                p.drawRect(r)
            p.end()

        vis_rects = [geom.block_rect(b).translated(geom.left - view.x, geom.header_height - view.y) for b in visible]
        draw_ms = median_ms(paint_visible, args.repeat)
        base_ms = median_ms(lambda rs=vis_rects: rects(rs, screen), args.repeat)
        results.append((f"{mode.value}: lay out the day", lay_ms, None, f"{len(layout.columns):,} columns"))
        results.append((f"{mode.value}: draw the visible board (first paint)", draw_ms, base_ms,
                        f"{len(visible):,} blocks vs plain rectangles"))
        results.append((f"{mode.value}: repaint (scrolling, text cached)",
                        median_ms(lambda w=warm: paint_visible(cache=w), args.repeat), base_ms,
                        f"{len(visible):,} blocks vs plain rectangles"))

        # the whole day at once (as when printing): every block, scaled into one image
        full = Viewport(0, 0, geom.content_width, geom.content_height(layout))
        sx = 2400 / (geom.left + full.width)
        sy = 1600 / (geom.header_height + full.height)
        all_rects = [geom.block_rect(b).translated(geom.left, geom.header_height) for b in layout.blocks]

        def paint_whole(lay=layout, g=geom, v=full, sx=sx, sy=sy) -> None:
            p = QPainter(whole)
            p.scale(sx, sy)
            paint_board(p, lay, g, style, v, BlockTextCache(), font=font)
            p.end()

        def rects_whole(rs=all_rects, sx=sx, sy=sy) -> None:
            p = QPainter(whole)
            p.scale(sx, sy)
            for r in rs:
                p.setBrush(QColor("#9ab"))
                p.drawRect(r)
            p.end()

        results.append((f"{mode.value}: draw the whole day", median_ms(paint_whole, max(3, args.repeat // 3)),
                        median_ms(rects_whole, max(3, args.repeat // 3)),
                        f"{len(layout.blocks):,} blocks vs plain rectangles"))

    # dragging: the live check on every mouse move, against a full re-check of the event
    day_items = [it for it in data.items_on(busiest) if it.is_meeting and it.occupies]
    moving = day_items[len(day_items) // 2]
    shifts = [timedelta(minutes=5 * k) for k in range(-6, 7)]
    it_shift = iter(shifts * (args.repeat + 1))
    trial_ms = median_ms(lambda: data.trial_conflicts(data.moved(moving.uuid, moving.start + next(it_shift))),
                         args.repeat * 4)
    full_ms = median_ms(lambda: find_conflicts(data.timeline.items, data.timeline.context), max(3, args.repeat // 3))
    results.append(("drag: live clash check per mouse move", trial_ms, full_ms, "vs checking the whole event"))

    # dropping: the undoable move in the database + incremental update + new layout of the day
    drops = []
    for k in range(args.repeat):
        cand = data.moved(moving.uuid, moving.start + timedelta(minutes=30 if k % 2 == 0 else 0))
        t = time.perf_counter()
        with db.transaction() as session, record_changes(session, "Move"):
            move_item(session, moving.uuid, cand.start_local, start_fold=0)
        data.apply_move(cand)
        data.layout_day(busiest, BoardMode.ROOMS)
        drops.append((time.perf_counter() - t) * 1000)
    reload_ms = median_ms(lambda: load_board(db.session(), get_event(db.session(), "biojapan-2026")), 3)
    results.append(("drop: move one block (edit + update + layout)", statistics.median(drops), reload_ms,
                    "vs reloading and re-checking everything"))

    print()
    print(f"{'figure':52} {'median':>10} {'baseline':>10} {'ratio':>7}  note")
    for name, ms, base, note in results:
        ratio = f"{ms / base:6.1f}×" if base else ""
        base_text = f"{base:8.1f} ms" if base is not None else ""
        print(f"{name:52} {ms:7.1f} ms {base_text:>10} {ratio:>7}  {note}")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
