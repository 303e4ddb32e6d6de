"""Painting a laid-out day: rulers, column headers, grid and blocks. Shared by the on-screen board
(which paints only what is visible) and the PDF/print export (which paints page by page).

Content coordinates: x from the left of the first column, y in minutes × ``px_per_min`` from the
top of the day view. ``Viewport`` says which part of the content is drawn where.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QStaticText

from planner.domain.conflicts import MEETING
from ui.board.board_data import BoardBlock, DayLayout
from ui.board.board_style import BoardStyle

LANE_MIN_WIDTH = 64.0
MAX_WIDE_LANES = 12


@dataclass
class BoardGeometry:
    """Where things go. ``column_x[i]`` is the left of column i; the last entry is the total width."""

    ruler_width: float = 52.0
    home_width: float = 52.0
    header_height: float = 42.0
    column_width: float = 150.0
    px_per_min: float = 1.8
    column_x: list[float] = field(default_factory=lambda: [0.0])

    @property
    def left(self) -> float:
        return self.ruler_width + self.home_width

    @property
    def content_width(self) -> float:
        return self.column_x[-1]

    def content_height(self, layout: DayLayout) -> float:
        return layout.minutes * self.px_per_min

    def fit(self, layout: DayLayout, *, home: bool) -> None:
        """Column widths for a layout: wider where blocks sit side by side."""
        self.home_width = 52.0 if home else 0.0
        lanes = [1] * len(layout.columns)
        for b in layout.blocks:
            lanes[b.column] = max(lanes[b.column], b.lanes)
        xs = [0.0]
        for n in lanes:
            xs.append(xs[-1] + max(self.column_width, min(n, MAX_WIDE_LANES) * LANE_MIN_WIDTH))
        self.column_x = xs

    def column_at(self, x: float) -> int:
        """The column under content x (−1 left of the first, len(columns) right of the last)."""
        if x < 0:
            return -1
        return bisect_right(self.column_x, x) - 1

    def block_rect(self, block: BoardBlock) -> QRectF:
        x0, x1 = self.column_x[block.column], self.column_x[block.column + 1]
        lane_w = (x1 - x0 - 6) / block.lanes
        top = block.top * self.px_per_min
        height = max(6.0, (block.bottom - block.top) * self.px_per_min - 2)
        return QRectF(x0 + 3 + block.lane * lane_w, top + 1, max(4.0, lane_w - 2), height)


@dataclass
class Viewport:
    """Draw the content from (x, y) on, into a ``width`` × ``height`` area below the header and
    right of the rulers (both drawn too)."""

    x: float
    y: float
    width: float
    height: float


@dataclass
class Ghost:
    """The outline of a block being dragged: where it would go and whether it would clash."""

    rect: QRectF
    clashes: bool
    label: str


class BlockTextCache:
    """Prepared text per block (title, time) so repaints do not lay out text again."""

    def __init__(self) -> None:
        self._texts: dict[tuple[str, int, int], QStaticText] = {}

    def clear(self) -> None:
        self._texts.clear()

    def get(self, block: BoardBlock, width: float, lines: int, text: str) -> QStaticText:
        key = (block.item.uuid, int(width), lines)
        st = self._texts.get(key)
        if st is None:
            st = QStaticText(text)
            st.setTextFormat(Qt.TextFormat.RichText)
            st.setTextWidth(max(10.0, width))
            self._texts[key] = st
        return st


def block_caption(block: BoardBlock, lines: int) -> str:
    """Rich text for a block: its times (and status) in bold, then its title; one line when short."""
    it = block.item
    start = it.start_local.strftime("%H:%M")
    end = it.end_local.strftime("%H:%M")
    status = f" · {it.status.replace('_', ' ')}" if it.is_meeting and it.status not in ("confirmed", "") else ""
    if lines <= 1:
        return f"<b>{start}</b> {escape(it.title)}"
    return f"<b>{start}–{end}</b>{escape(status)}<br>{escape(it.title)}"


def paint_board(painter: QPainter, layout: DayLayout, geom: BoardGeometry, style: BoardStyle,
                view: Viewport, texts: BlockTextCache, *, selected: str = "", ghost: Ghost | None = None,
                dimmed: set[str] | None = None, font: QFont | None = None) -> None:
    font = font or painter.font()
    painter.save()
    painter.setFont(font)
    fm = QFontMetricsF(font)
    left, top = geom.left, geom.header_height
    ppm = geom.px_per_min
    painter.fillRect(QRectF(left, top, view.width, view.height), style.base)

    # grid: hour and half-hour lines, column separators
    painter.save()
    painter.setClipRect(QRectF(left, top, view.width, view.height))
    painter.translate(left - view.x, top - view.y)
    width = min(geom.content_width, view.x + view.width)
    for mark in layout.hours:
        y = mark.offset * ppm
        if view.y - 60 * ppm <= y <= view.y + view.height:
            painter.setPen(QPen(style.grid, 1))
            painter.drawLine(QPointF(view.x, y), QPointF(width, y))
            painter.setPen(QPen(style.half_grid, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(view.x, y + 30 * ppm), QPointF(width, y + 30 * ppm))
    first = max(0, geom.column_at(view.x))
    last = min(len(layout.columns) - 1, geom.column_at(view.x + view.width))
    painter.setPen(QPen(style.grid, 1))
    bottom = geom.content_height(layout)
    for col in range(first, last + 2):
        if col < len(geom.column_x):
            x = geom.column_x[col]
            painter.drawLine(QPointF(x, max(0.0, view.y)), QPointF(x, min(bottom, view.y + view.height)))

    # blocks of the visible columns
    small = QFont(font)
    line_h = fm.height()
    for col in range(first, last + 1):
        for index in layout.by_column.get(col, ()):
            block = layout.blocks[index]
            y0, y1 = block.top * ppm, block.bottom * ppm
            if y1 < view.y or y0 > view.y + view.height:
                continue
            _paint_block(painter, block, layout, geom, style, texts, small, line_h,
                         selected=block.item.uuid == selected,
                         dim=dimmed is not None and block.item.uuid not in dimmed)
    if ghost is not None:
        colour = style.conflict if ghost.clashes else style.ok
        pen = QPen(colour, 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        fill = QColor(colour)
        fill.setAlpha(45)
        painter.setBrush(fill)
        painter.drawRoundedRect(ghost.rect, 4, 4)
        painter.setPen(colour)
        label_rect = QRectF(ghost.rect.left(), ghost.rect.top() - line_h - 2, max(220.0, ghost.rect.width() * 2),
                            line_h)
        painter.fillRect(label_rect, style.base)
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, ghost.label)
    painter.restore()

    _paint_rulers(painter, layout, geom, style, view, fm)
    _paint_header(painter, layout, geom, style, view, fm, first, last)
    painter.restore()


def _paint_block(painter: QPainter, block: BoardBlock, layout: DayLayout, geom: BoardGeometry,
                 style: BoardStyle, texts: BlockTextCache, font: QFont, line_h: float, *,
                 selected: bool, dim: bool) -> None:
    it = block.item
    colours = style.block(it.kind, it.status if it.is_meeting else "")
    rect = geom.block_rect(block)
    painter.setOpacity(0.35 if dim else 1.0)
    border = style.selection if selected else (style.conflict if block.conflicts else colours.border)
    pen = QPen(border, 2.5 if (selected or block.conflicts) else 1,
               Qt.PenStyle.DashLine if colours.dashed and not block.conflicts else Qt.PenStyle.SolidLine)
    painter.setPen(pen)
    painter.setBrush(colours.fill)
    painter.drawRoundedRect(rect, 3, 3)
    if colours.pattern != Qt.BrushStyle.NoBrush:
        painter.fillRect(rect.adjusted(1, 1, -1, -1), style.hatch_brush(colours))
    painter.fillRect(QRectF(rect.left() + 1, rect.top() + 1, 4, rect.height() - 2), colours.stripe)
    if it.kind != MEETING and it.kind == "travel":
        painter.setPen(QPen(colours.stripe, 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(rect.center().x(), rect.top() + 3), QPointF(rect.center().x(), rect.bottom() - 3))
    inner = rect.adjusted(8, 2, -3, -2)
    if inner.height() >= line_h * 0.8 and inner.width() > 12:
        lines = max(1, int(inner.height() // line_h))
        st = texts.get(block, inner.width(), lines, block_caption(block, lines))
        painter.save()
        # intersect, never replace: the page's (or the viewport's) own clip must still hold
        painter.setClipRect(inner, Qt.ClipOperation.IntersectClip)
        painter.setPen(colours.text)
        f = QFont(font)
        f.setStrikeOut(colours.struck)
        painter.setFont(f)
        painter.drawStaticText(inner.topLeft(), st)
        painter.restore()
    if block.conflicts:
        badge = QRectF(rect.right() - 15, rect.top() + 2, 13, 13)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.conflict)
        painter.drawEllipse(badge)
        painter.setPen(QColor("white"))
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "!")
        painter.setFont(font)
    painter.setOpacity(1.0)


def _paint_rulers(painter: QPainter, layout: DayLayout, geom: BoardGeometry, style: BoardStyle,
                  view: Viewport, fm: QFontMetricsF) -> None:
    top, ppm = geom.header_height, geom.px_per_min
    area = QRectF(0, top, geom.left, view.height)
    painter.fillRect(area, style.header)
    painter.save()
    painter.setClipRect(area)
    for mark in layout.hours:
        y = top + mark.offset * ppm - view.y
        if y < top - fm.height() or y > top + view.height:
            continue
        painter.setPen(style.text)
        painter.drawText(QRectF(0, y + 1, geom.ruler_width - 6, fm.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, mark.local)
        if geom.home_width and mark.home:
            painter.setPen(style.muted)
            painter.drawText(QRectF(geom.ruler_width, y + 1, geom.home_width - 6, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, mark.home)
        painter.setPen(QPen(style.grid, 1))
        painter.drawLine(QPointF(geom.ruler_width - 4, y), QPointF(geom.left, y))
    painter.restore()
    painter.setPen(QPen(style.grid, 1))
    painter.drawLine(QPointF(geom.left - 0.5, top), QPointF(geom.left - 0.5, top + view.height))


def _paint_header(painter: QPainter, layout: DayLayout, geom: BoardGeometry, style: BoardStyle,
                  view: Viewport, fm: QFontMetricsF, first: int, last: int) -> None:
    h = geom.header_height
    font = QFont(painter.font())
    painter.fillRect(QRectF(0, 0, geom.left + view.width, h), style.header)
    bold = QFont(painter.font())
    bold.setBold(True)
    painter.setPen(style.text)
    painter.setFont(bold)
    painter.drawText(QRectF(0, 0, geom.ruler_width - 6, h - 4),
                     Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, layout.event_abbr)
    if geom.home_width and layout.home_abbr:
        painter.setPen(style.muted)
        painter.drawText(QRectF(geom.ruler_width, 0, geom.home_width - 6, h - 4),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, layout.home_abbr)
    painter.save()
    painter.setClipRect(QRectF(geom.left, 0, view.width, h))
    for col in range(first, last + 1):
        column = layout.columns[col]
        x0 = geom.left + geom.column_x[col] - view.x
        w = geom.column_x[col + 1] - geom.column_x[col]
        painter.setFont(bold)
        painter.setPen(style.text)
        title = fm.elidedText(column.title, Qt.TextElideMode.ElideRight, w - 8)
        painter.drawText(QRectF(x0 + 4, 2, w - 8, h / 2), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                         title)
        if column.subtitle:
            painter.setFont(font)
            painter.setPen(style.muted)
            sub = fm.elidedText(column.subtitle, Qt.TextElideMode.ElideRight, w - 8)
            painter.drawText(QRectF(x0 + 4, h / 2, w - 8, h / 2 - 2),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, sub)
        painter.setPen(QPen(style.grid, 1))
        painter.drawLine(QPointF(x0, 4), QPointF(x0, h))
    painter.restore()
    painter.setPen(QPen(style.grid, 1))
    painter.drawLine(QPointF(0, h - 0.5), QPointF(geom.left + view.width, h - 0.5))
