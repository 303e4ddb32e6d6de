"""Print the board, or write it to PDF: one day, as many landscape pages as its columns need,
the whole day's height on each page, always in light colours (paper is white).

The PDF goes to a temporary file in the target folder first, then replaces the target; the caller
records it in the export log (the board names people).
"""

from __future__ import annotations

import contextlib
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

from ui.board.board_data import MODE_LABELS, DayLayout
from ui.board.board_painter import BlockTextCache, BoardGeometry, Viewport, paint_board
from ui.board.board_style import BoardStyle

PRINT_DPI = 96
MIN_COLUMN = 120.0


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


def render_board(device: QPagedPaintDevice, layout: DayLayout, title: str, *, font: QFont | None = None) -> int:
    """Paint ``layout`` onto a PDF writer or printer; returns the number of pages."""
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
        title_font.setPixelSize(15)
        title_font.setBold(True)
        style = BoardStyle(paper_palette())
        texts = BlockTextCache()
        geom = BoardGeometry(column_width=MIN_COLUMN)
        geom.fit(layout, home=bool(layout.home_abbr))
        title_h = 24.0
        geom.header_height = 34.0
        geom.px_per_min = max(0.2, (height - title_h - geom.header_height) / max(layout.minutes, 60))
        spare = (width - geom.left) / max(1.0, geom.content_width)
        if spare > 1:  # few columns: spread them over the page (up to twice as wide)
            geom.column_x = [x * min(spare, 2.0) for x in geom.column_x]
        widths = [geom.column_x[i + 1] - geom.column_x[i] for i in range(len(layout.columns))]
        chunks = page_chunks(widths, width - geom.left) or [(0, 0)]
        for n, (first, last) in enumerate(chunks):
            if n:
                device.newPage()
            painter.save()
            painter.scale(scale, scale)
            painter.setFont(title_font)
            painter.setPen(style.text)
            suffix = f"  (page {n + 1} of {len(chunks)})" if len(chunks) > 1 else ""
            painter.drawText(QRectF(0, 0, width, title_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             f"{title}{suffix}")
            painter.translate(0, title_h)
            x0 = geom.column_x[first]
            span = geom.column_x[last] - x0 if last > first else 0.0
            view = Viewport(x0, 0.0, span, geom.content_height(layout))
            painter.setClipRect(QRectF(0, 0, geom.left + span, geom.header_height + view.height))
            paint_board(painter, layout, geom, style, view, texts, font=base_font)
            painter.restore()
        return len(chunks)
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
