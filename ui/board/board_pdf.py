"""Print the board, or write it to PDF: one day on A4 landscape, always in light colours (paper is
white): the hours that hold blocks, about eight readable columns a page, each page painting only its
own blocks (nothing outside its grid). For a list of the day, see the day sheet
(:mod:`planner.exports.day_sheet`).

The PDF goes to a temporary file in the target folder first, then replaces the target; the caller
records it in the export log (the board names people).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
)

from planner.domain.conflicts import TimelineItem
from ui.board.board_data import MODE_LABELS, BoardBlock, BoardMode, DayLayout
from ui.board.board_painter import BlockTextCache, BoardGeometry, Viewport, paint_board
from ui.board.board_style import BoardStyle

PRINT_DPI = 96
MIN_COLUMN = 116.0  # a printed column: "10:30–11:00 · requested" on one line at 7.5 pt
PRINT_LANE = 80.0  # a block beside another: ten characters a line
RULER = 40.0  # each time ruler (event time, home time) on paper
TITLE_H = 24.0
HEADER_H = 34.0
MIN_PX_PER_MIN = 0.9  # a 30-minute block holds two lines (time and title); below, the day is split
MARGIN_MIN = 30.0  # blank minutes kept above the first and below the last block


def paper_palette() -> QPalette:
    pal = QPalette()
    for role, colour in ((QPalette.ColorRole.Base, "#ffffff"), (QPalette.ColorRole.Window, "#f1f1f1"),
                         (QPalette.ColorRole.WindowText, "#111111"), (QPalette.ColorRole.Text, "#111111"),
                         (QPalette.ColorRole.Highlight, "#1e63c6")):
        pal.setColor(role, QColor(colour))
    return pal


def page_chunks(widths: list[float], available: float) -> list[tuple[int, int]]:
    """Split columns into pages: [(first, last+1)], each fitting ``available`` (at least one column)."""
    chunks: list[tuple[int, int]] = []
    first, used = 0, 0.0
    for i, w in enumerate(widths):
        if i > first and used + w > available:
            chunks.append((first, i))
            first, used = i, 0.0
        used += w
    if widths:
        chunks.append((first, len(widths)))
    return chunks


def time_bands(layout: DayLayout, max_minutes: float) -> list[tuple[float, float]]:
    """The stretch of the day a printout shows, on whole hours, from just before its first block
    to just after its last (the whole view when the day is empty), cut into bands of at most
    ``max_minutes`` (whole hours) so each band keeps blocks tall enough to read."""
    if layout.blocks:
        lo = max(0.0, min(b.top for b in layout.blocks) - MARGIN_MIN)
        hi = min(layout.minutes, max(b.bottom for b in layout.blocks) + MARGIN_MIN)
        lo, hi = (lo // 60) * 60, min(layout.minutes, -(-hi // 60) * 60)
    else:
        lo, hi = 0.0, layout.minutes
    step = max(60.0, (max_minutes // 60) * 60)
    bands, top = [], lo
    while top < hi:
        bands.append((top, min(hi, top + step)))
        top += step
    return bands or [(0.0, layout.minutes)]


def print_columns(layout: DayLayout, available: float) -> list[float]:
    """Column edges on paper: ``MIN_COLUMN`` wide, and ``PRINT_LANE`` per lane where blocks sit
    side by side (at most a page's width)."""
    lanes = [1] * len(layout.columns)
    for b in layout.blocks:
        lanes[b.column] = max(lanes[b.column], b.lanes)
    xs = [0.0]
    for n in lanes:
        xs.append(xs[-1] + min(available, max(MIN_COLUMN, n * PRINT_LANE)))
    return xs


def _short(item: TimelineItem, mode: BoardMode) -> TimelineItem:
    """On paper a delegate's or a table's column already says whose meeting it is: "Meeting with
    Sakura Pharma" prints as "Sakura Pharma" (the block's colour says it is a meeting)."""
    if item.is_meeting and item.title.startswith("Meeting with "):
        return dataclasses.replace(item, title=item.title.removeprefix("Meeting with "))
    return item


def page_layout(layout: DayLayout, first: int, last: int, band: tuple[float, float]) -> DayLayout:
    """The part of ``layout`` one page shows: columns ``first:last`` and the minutes ``band``,
    holding only the blocks inside both (cut at the band's edges), so nothing is drawn outside
    the page's grid."""
    top, bottom = band
    blocks: list[BoardBlock] = []
    by_column: dict[int, list[int]] = {}
    for b in layout.blocks:
        if not first <= b.column < last or b.bottom <= top or b.top >= bottom:
            continue
        by_column.setdefault(b.column - first, []).append(len(blocks))
        blocks.append(dataclasses.replace(b, item=_short(b.item, layout.mode), column=b.column - first,
                                          top=max(b.top, top) - top, bottom=min(b.bottom, bottom) - top))
    hours = [dataclasses.replace(h, offset=h.offset - top) for h in layout.hours if top <= h.offset <= bottom]
    return dataclasses.replace(layout, start_utc=layout.utc_at(top), minutes=bottom - top,
                               columns=layout.columns[first:last], blocks=blocks, hours=hours, by_column=by_column)


def render_board(device: QPagedPaintDevice, layout: DayLayout, title: str, *, font: QFont | None = None) -> int:
    """Paint ``layout`` onto a PDF writer or printer (A4 landscape); returns the number of pages.

    Only the hours that hold blocks are printed; columns are as narrow as a readable label allows,
    so a page holds about eight, spread over the page's width (up to twice as wide); a long day is split into time bands rather than squeezed. Each page
    paints only its own columns' and hours' blocks: none can fall outside its grid."""
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("Cannot write to the chosen file or printer")
    try:
        scale = device.logicalDpiX() / PRINT_DPI
        page = device.pageLayout().paintRectPixels(device.logicalDpiX())
        width, height = page.width() / scale, page.height() / scale
        base_font = QFont(font) if font is not None else QFont()
        base_font.setPixelSize(10)  # pixel sizes: the painter is scaled to 96 units per inch
        title_font = QFont(base_font)
        title_font.setPixelSize(14)
        title_font.setBold(True)
        style = BoardStyle(paper_palette())
        texts = BlockTextCache()
        geom = BoardGeometry(column_width=MIN_COLUMN, ruler_width=RULER, header_height=HEADER_H)
        geom.home_width = RULER if layout.home_abbr else 0.0
        geom.column_x = print_columns(layout, width - geom.left)
        grid_h = height - TITLE_H - HEADER_H
        bands = time_bands(layout, grid_h / MIN_PX_PER_MIN)
        geom.px_per_min = grid_h / max(max(b - a for a, b in bands), 60.0)
        widths = [geom.column_x[i + 1] - geom.column_x[i] for i in range(len(layout.columns))]
        chunks = page_chunks(widths, width - geom.left) or [(0, 0)]
        pages = [(band, chunk) for band in bands for chunk in chunks]
        for n, (band, (first, last)) in enumerate(pages):
            if n:
                device.newPage()
            part = page_layout(layout, first, last, band)
            x0 = geom.column_x[first]
            fill = min(2.0, max(1.0, (width - geom.left) / max(1.0, geom.column_x[last] - x0)))
            page_geom = dataclasses.replace(geom, column_x=[(x - x0) * fill for x in geom.column_x[first:last + 1]])
            painter.save()
            painter.scale(scale, scale)
            painter.setFont(title_font)
            painter.setPen(style.text)
            where = f", columns {first + 1}–{last} of {len(layout.columns)}" if len(chunks) > 1 else ""
            suffix = f"{where}  (page {n + 1} of {len(pages)})" if len(pages) > 1 else ""
            painter.drawText(QRectF(0, 0, width, TITLE_H), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             f"{title}{suffix}")
            painter.translate(0, TITLE_H)
            view = Viewport(0.0, 0.0, page_geom.content_width, page_geom.content_height(part))
            painter.setClipRect(QRectF(0, 0, geom.left + view.width, HEADER_H + view.height))
            paint_board(painter, part, page_geom, style, view, texts, font=base_font)
            painter.restore()
        return len(pages)
    finally:
        painter.end()


def board_title(event_name: str, layout: DayLayout) -> str:
    return f"{event_name} — {layout.day:%A %d %B %Y} — {MODE_LABELS[layout.mode]}"


def write_board_pdf(layout: DayLayout, path: Path, title: str, *, font: QFont | None = None,
                    before_publish: Callable[[int], None] | None = None) -> int:
    """Write the day to ``path``: a new private temporary file in its folder (never through a
    symlink), then ``before_publish(pages)`` (the export log), then the move into place — a
    crash leaves a logged file or nothing. Returns the page count."""
    from planner.exports.output import publish_temp, reserve_temp

    path = Path(path)
    tmp = reserve_temp(path)
    try:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(300)
        writer.setTitle(title)
        writer.setCreator("Mission Desk")
        pages = render_board(writer, layout, title, font=font)
        del writer  # flush the file before moving it
        if before_publish is not None:
            before_publish(pages)
        publish_temp(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return pages


def people_on(layout: DayLayout) -> set[int]:
    """The people whose names a printout of the layout can show (for the export log)."""
    return {p for b in layout.blocks for p in b.item.people} | {c.person_id for c in layout.columns
                                                                  if c.person_id is not None}
