"""The painted schedule board: one day, scrolls both ways, paints only what is visible.

No widget per block: blocks are rectangles of a :class:`DayLayout`, hit-tested by column. Drag a
block to move it: the outline shows where it would land and turns red, naming the clash, when the
move would create a conflict (checked live against the items it could clash with). Dropping
emits ``moveRequested``; the view performs the move as an undoable edit. Double-click emits
``editRequested(kind, uuid)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from planner.domain import timezones
from planner.domain.conflicts import TimelineItem
from ui.board.board_data import BoardBlock, BoardData, BoardMode, DayLayout
from ui.board.board_painter import BlockTextCache, BoardGeometry, Ghost, Viewport, paint_board
from ui.board.board_style import KIND_LABELS, BoardStyle

SNAP_MINUTES = 5


@dataclass
class DragState:
    block: BoardBlock
    grab_minutes: float  # where in the block the mouse took hold
    start: QPoint
    active: bool = False
    candidate: TimelineItem | None = None
    conflicts: tuple[Any, ...] = ()
    target_column: int = -1
    key: tuple[Any, ...] = ()


def item_kind(item: TimelineItem) -> str:
    """The editor kind for an item: ``meeting`` or ``slot``."""
    return "meeting" if item.is_meeting else "slot"


class BoardCanvas(QAbstractScrollArea):
    editRequested = Signal(str, str)  # kind ("meeting"/"slot"), uuid
    moveRequested = Signal(object)  # the moved TimelineItem
    dragFeedback = Signal(str)  # "" when nothing to say
    selectionChanged = Signal(str)  # uuid or ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board_canvas")
        self.geom = BoardGeometry()
        self.style_ = BoardStyle(self.palette())
        self.texts = BlockTextCache()
        self.data: BoardData | None = None
        self.layout_: DayLayout | None = None
        self.selected = ""
        self.highlight: set[str] | None = None  # only these at full strength (e.g. conflicts)
        self.drag: DragState | None = None
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())

    def sizeHint(self) -> QSize:
        return QSize(900, 600)

    # -- content ------------------------------------------------------------------------------------
    def set_layout(self, data: BoardData | None, layout: DayLayout | None) -> None:
        self.data, self.layout_ = data, layout
        self.texts.clear()
        self.drag = None
        if layout is not None:
            self.geom.fit(layout, home=bool(layout.home_abbr))
        self._update_scrollbars()
        self.viewport().update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.style_ = BoardStyle(self.palette())
            self.viewport().update()
        super().changeEvent(event)

    def _view_size(self) -> tuple[float, float]:
        vp = self.viewport()
        return max(0.0, vp.width() - self.geom.left), max(0.0, vp.height() - self.geom.header_height)

    def _update_scrollbars(self) -> None:
        w, h = self._view_size()
        lay = self.layout_
        cw = self.geom.content_width if lay else 0.0
        ch = self.geom.content_height(lay) if lay else 0.0
        hbar, vbar = self.horizontalScrollBar(), self.verticalScrollBar()
        hbar.setRange(0, max(0, int(cw - w)))
        hbar.setPageStep(int(w))
        hbar.setSingleStep(int(self.geom.column_width / 4))
        vbar.setRange(0, max(0, int(ch - h)))
        vbar.setPageStep(int(h))
        vbar.setSingleStep(int(15 * self.geom.px_per_min))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()

    def viewport_spec(self) -> Viewport:
        w, h = self._view_size()
        return Viewport(self.horizontalScrollBar().value(), self.verticalScrollBar().value(), w, h)

    def scroll_to_time(self, utc: datetime) -> None:
        if self.layout_ is not None:
            self.verticalScrollBar().setValue(int(self.layout_.offset_of(utc) * self.geom.px_per_min - 20))

    def scroll_to_item(self, uuid: str) -> bool:
        block = self.block_for(uuid)
        if block is None:
            return False
        rect = self.geom.block_rect(block)
        self.horizontalScrollBar().setValue(int(rect.left() - 40))
        self.verticalScrollBar().setValue(int(rect.top() - 40))
        self.select(uuid)
        return True

    def select(self, uuid: str) -> None:
        if uuid != self.selected:
            self.selected = uuid
            self.selectionChanged.emit(uuid)
            self.viewport().update()

    # -- painting -----------------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        if self.layout_ is None:
            painter.fillRect(self.viewport().rect(), self.style_.base)
            painter.setPen(self.style_.muted)
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter,
                             "Loading…" if self.data is None else "Nothing on this day")
            return
        ghost = None
        drag = self.drag
        if drag is not None and drag.active and drag.candidate is not None:
            ghost = Ghost(self._candidate_rect(drag), bool(drag.conflicts), self._ghost_label(drag))
        paint_board(painter, self.layout_, self.geom, self.style_, self.viewport_spec(), self.texts,
                    selected=self.selected, ghost=ghost, dimmed=self.highlight, font=self.font())
        if not self.layout_.columns:
            painter.setPen(self.style_.muted)
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, "Nothing on this day")

    # -- hit testing ----------------------------------------------------------------------------------
    def content_pos(self, pos: QPointF | QPoint) -> QPointF:
        view = self.viewport_spec()
        return QPointF(pos.x() - self.geom.left + view.x, pos.y() - self.geom.header_height + view.y)

    def block_at(self, pos: QPointF | QPoint) -> BoardBlock | None:
        lay = self.layout_
        if lay is None or pos.x() < self.geom.left or pos.y() < self.geom.header_height:
            return None
        p = self.content_pos(pos)
        col = self.geom.column_at(p.x())
        for index in reversed(lay.by_column.get(col, [])):
            block = lay.blocks[index]
            if self.geom.block_rect(block).contains(p):
                return block
        return None

    def block_for(self, uuid: str, column: int | None = None) -> BoardBlock | None:
        if self.layout_ is None:
            return None
        for block in self.layout_.blocks:
            if block.item.uuid == uuid and (column is None or block.column == column):
                return block
        return None

    def block_center(self, uuid: str) -> QPoint | None:
        """Where a block is on screen (for tests and keyboard moves); None when off screen."""
        block = self.block_for(uuid)
        if block is None:
            return None
        view = self.viewport_spec()
        rect = self.geom.block_rect(block)
        return QPoint(int(rect.center().x() + self.geom.left - view.x),
                      int(rect.top() + min(rect.height() / 2, 8) + self.geom.header_height - view.y))

    def point_for(self, column: int, utc: datetime) -> QPoint:
        """The screen point of a column at a time (the inverse of a drop)."""
        assert self.layout_ is not None
        view = self.viewport_spec()
        x = (self.geom.column_x[column] + self.geom.column_x[column + 1]) / 2
        y = self.layout_.offset_of(utc) * self.geom.px_per_min
        return QPoint(int(x + self.geom.left - view.x), int(y + self.geom.header_height - view.y))

    # -- tooltips -----------------------------------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            block = self.block_at(event.pos())
            if block is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_for(block), self.viewport())
            return True
        return super().viewportEvent(event)

    def tooltip_for(self, block: BoardBlock) -> str:
        from html import escape

        it = block.item
        data = self.data
        assert data is not None
        ctx = data.timeline.context
        lines = [f"<b>{escape(it.title)}</b>", escape(KIND_LABELS.get(it.kind, it.kind.title()))
                 + (f" · {escape(it.status.replace('_', ' '))}" if it.is_meeting and it.status else ""),
                 escape(timezones.format_span(it.start, it.end, it.tz, ctx.home_tz))]
        place = [ctx.room_names.get(it.room_id, "") if it.room_id is not None else ""]
        venue = ctx.venues.get(it.venue_id) if it.venue_id is not None else None
        place.append(venue.name if venue else "")
        if any(place):
            lines.append(escape(", ".join(p for p in place if p)))
        names = [data.timeline.people[p].name for p in dict.fromkeys(it.people) if p in data.timeline.people]
        if names:
            more = f" and {len(names) - 6} more" if len(names) > 6 else ""
            lines.append(escape(", ".join(names[:6]) + more))
        for c in data.by_item.get(it.uuid, ()):
            if data.is_open(c):
                lines.append(f"<span style='color:{self.style_.conflict.name()}'>⚠ {escape(c.message)}</span>"
                             f"<br><i>{escape(c.suggestion)}</i>")
            else:
                lines.append(f"Accepted conflict: {escape(c.message)}")
        return "<br>".join(lines)

    # -- mouse --------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        block = self.block_at(event.position())
        self.select(block.item.uuid if block else "")
        if block is not None:
            p = self.content_pos(event.position())
            self.drag = DragState(block, p.y() / self.geom.px_per_min - block.top, event.position().toPoint())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self.drag
        if drag is None:
            return super().mouseMoveEvent(event)
        pos = event.position().toPoint()
        if not drag.active:
            if (pos - drag.start).manhattanLength() < QApplication.startDragDistance():
                return
            drag.active = True
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        self._track(drag, event.position())
        self._autoscroll(pos)
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self.drag = self.drag, None
        self.viewport().unsetCursor()
        if drag is not None and drag.active:
            self._track(drag, event.position())
            self.dragFeedback.emit("")
            self.viewport().update()
            old = drag.block.item
            new = drag.candidate
            if new is not None and (new.start, new.venue_id, new.room_id) != (old.start, old.venue_id, old.room_id):
                self.moveRequested.emit(new)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        block = self.block_at(event.position())
        self.drag = None
        if block is not None:
            self.editRequested.emit(item_kind(block.item), block.item.uuid)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.drag is not None:
            self.drag = None
            self.viewport().unsetCursor()
            self.dragFeedback.emit("")
            self.viewport().update()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected and self.data:
            item = self.data.items.get(self.selected)
            if item is not None:
                self.editRequested.emit(item_kind(item), item.uuid)
                return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and self.layout_ is not None:
            factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
            self.geom.px_per_min = min(6.0, max(0.5, self.geom.px_per_min * factor))
            self.texts.clear()
            self._update_scrollbars()
            self.viewport().update()
            return
        super().wheelEvent(event)

    # -- dragging -----------------------------------------------------------------------------------
    def _track(self, drag: DragState, pos: QPointF) -> None:
        lay, data = self.layout_, self.data
        if lay is None or data is None:
            return
        p = self.content_pos(pos)
        minutes = p.y() / self.geom.px_per_min - drag.grab_minutes
        minutes = round(minutes / SNAP_MINUTES) * SNAP_MINUTES
        start = lay.utc_at(minutes)
        column = drag.block.column
        if lay.mode is not BoardMode.DELEGATES:
            column = min(max(0, self.geom.column_at(p.x())), len(lay.columns) - 1)
        key = (start, column)
        if key == drag.key:
            return
        drag.key = key
        drag.target_column = column
        target = lay.columns[column]
        if lay.mode is BoardMode.ROOMS and target.room_id is not None:
            cand = data.moved(drag.block.item.uuid, start, room_id=target.room_id)
        elif lay.mode is not BoardMode.DELEGATES:
            cand = data.moved(drag.block.item.uuid, start, venue_id=target.venue_id, keep_place=False)
        else:
            cand = data.moved(drag.block.item.uuid, start)
        drag.candidate = cand
        drag.conflicts = tuple(data.trial_conflicts(cand))
        self.dragFeedback.emit(self._feedback(drag))

    def _candidate_rect(self, drag: DragState) -> QRectF:
        assert self.layout_ is not None and drag.candidate is not None
        rect = self.geom.block_rect(drag.block)
        top = self.layout_.offset_of(drag.candidate.start) * self.geom.px_per_min
        col = drag.target_column
        x0, x1 = self.geom.column_x[col], self.geom.column_x[col + 1]
        width = min(rect.width(), x1 - x0 - 6) if col != drag.block.column else rect.width()
        left = rect.left() if col == drag.block.column else x0 + 3
        return QRectF(left, top + 1, width, rect.height())

    def _ghost_label(self, drag: DragState) -> str:
        cand = drag.candidate
        assert cand is not None
        text = f"{cand.start_local:%H:%M}–{cand.end_local:%H:%M}"
        if drag.conflicts:
            text += f"  ⚠ {len(drag.conflicts)} clash{'es' if len(drag.conflicts) > 1 else ''}"
        return text

    def _feedback(self, drag: DragState) -> str:
        cand = drag.candidate
        if cand is None:
            return ""
        when = timezones.format_span(cand.start, cand.end, cand.tz,
                                     self.data.home_tz if self.data else None)
        if not drag.conflicts:
            return f"Move to {when}: no clash"
        return f"Move to {when} would clash: " + " · ".join(c.message for c in drag.conflicts[:3])

    def _autoscroll(self, pos: QPoint) -> None:
        vp = self.viewport()
        margin = 24
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        if pos.y() < self.geom.header_height + margin:
            vbar.setValue(vbar.value() - 12)
        elif pos.y() > vp.height() - margin:
            vbar.setValue(vbar.value() + 12)
        if pos.x() < self.geom.left + margin:
            hbar.setValue(hbar.value() - 12)
        elif pos.x() > vp.width() - margin:
            hbar.setValue(hbar.value() + 12)

    def step_minutes(self) -> timedelta:
        return timedelta(minutes=SNAP_MINUTES)
