"""Clickable charts and figure tiles painted with QPainter (QtCharts is not in PySide6-Essentials).

``HBarChart`` draws one horizontal bar per row, each made of coloured segments (a plain bar is one
segment; an owner's follow-ups are overdue / due this week / later). Clicking a segment, or
pressing Enter on the focused row, emits ``segmentClicked(row, segment)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QToolTip, QVBoxLayout, QWidget


@dataclass(frozen=True)
class Segment:
    value: int
    colour: str
    tooltip: str


@dataclass(frozen=True)
class ChartRow:
    label: str
    segments: tuple[Segment, ...]

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)


class HBarChart(QWidget):
    segmentClicked = Signal(int, int)  # row, segment

    def __init__(self, title: str, parent: QWidget | None = None, *, empty_text: str = "Nothing yet") -> None:
        super().__init__(parent)
        self.title = title
        self.empty_text = empty_text
        self.rows: list[ChartRow] = []
        self.legend: list[tuple[str, str]] = []  # (colour, text)
        self.current = -1
        self._hover: tuple[int, int] | None = None
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(self, rows: list[ChartRow], legend: list[tuple[str, str]] | None = None) -> None:
        self.rows = rows
        self.legend = legend or []
        self.current = min(self.current, len(rows) - 1)
        self.updateGeometry()
        self.update()

    # -- geometry -------------------------------------------------------------------------------------
    def _line(self) -> float:
        return self.fontMetrics().height() * 1.6

    def _top(self) -> float:
        extra = self.fontMetrics().height() + 4 if self.legend else 0
        return self.fontMetrics().height() * 1.8 + extra

    def sizeHint(self) -> QSize:
        return QSize(420, int(self._top() + max(3, len(self.rows)) * self._line() + 8))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, int(self._top() + min(4, max(1, len(self.rows))) * self._line()))

    def _label_width(self) -> float:
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(r.label) for r in self.rows), default=0)
        return min(self.width() * 0.4, widest + 12.0)

    def segment_rect(self, row: int, segment: int) -> QRectF:
        peak = max((r.total for r in self.rows), default=0) or 1
        left = self._label_width()
        value_w = self.fontMetrics().horizontalAdvance("00000") + 8
        avail = max(10.0, self.width() - left - value_w)
        y = self._top() + row * self._line()
        x = left
        for i, seg in enumerate(self.rows[row].segments):
            w = avail * seg.value / peak
            if i == segment:
                return QRectF(x, y + 3, max(w, 3.0 if seg.value else 0.0), self._line() - 6)
            x += w
        return QRectF()

    def hit(self, pos: QPointF) -> tuple[int, int] | None:
        row = int((pos.y() - self._top()) // self._line())
        if not 0 <= row < len(self.rows) or pos.y() < self._top():
            return None
        best = None
        for i, seg in enumerate(self.rows[row].segments):
            if seg.value and self.segment_rect(row, i).adjusted(0, -3, 0, 3).contains(pos):
                return row, i
            if seg.value and best is None:
                best = i
        if pos.x() < self._label_width() and best is not None:
            return row, best  # the label opens the row's first segment
        return None

    # -- events ---------------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.hit(event.position())
        if hit != self._hover:
            self._hover = hit
            self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
            self.update()

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        hit = self.hit(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.current = hit[0]
            self.segmentClicked.emit(*hit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.rows:
            step = 1 if key == Qt.Key.Key_Down else -1
            self.current = max(0, min(len(self.rows) - 1, self.current + step))
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and 0 <= self.current < len(self.rows):
            first = next((i for i, s in enumerate(self.rows[self.current].segments) if s.value), 0)
            self.segmentClicked.emit(self.current, first)
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.hit(QPointF(event.pos()))
            if hit is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.rows[hit[0]].segments[hit[1]].tooltip, self)
            return True
        return super().event(event)

    # -- painting -------------------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        muted = QColor(text)
        muted.setAlpha(150)
        fm = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(text)
        p.drawText(QRectF(0, 0, self.width(), fm.height() * 1.5), Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(self.font())
        y = fm.height() * 1.5
        x = 0.0
        for colour, label in self.legend:
            p.fillRect(QRectF(x, y + 3, fm.height() - 6, fm.height() - 6), QColor(colour))
            p.setPen(muted)
            p.drawText(QRectF(x + fm.height(), y, fm.horizontalAdvance(label) + 4, fm.height()),
                       Qt.AlignmentFlag.AlignVCenter, label)
            x += fm.height() + fm.horizontalAdvance(label) + 16
        if not self.rows or all(r.total == 0 for r in self.rows):
            p.setPen(muted)
            p.drawText(QRectF(0, self._top(), self.width(), self._line()), Qt.AlignmentFlag.AlignLeft, self.empty_text)
            return
        label_w = self._label_width()
        line = self._line()
        for r, row in enumerate(self.rows):
            top = self._top() + r * line
            if r == self.current and self.hasFocus():
                focus = QColor(pal.color(QPalette.ColorRole.Highlight))
                focus.setAlpha(40)
                p.fillRect(QRectF(0, top, self.width(), line), focus)
            p.setPen(text)
            p.drawText(QRectF(0, top, label_w - 8, line), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(row.label, Qt.TextElideMode.ElideRight, int(label_w - 8)))
            end = label_w
            for i, seg in enumerate(row.segments):
                if not seg.value:
                    continue
                rect = self.segment_rect(r, i)
                colour = QColor(seg.colour)
                if self._hover == (r, i):
                    colour = colour.lighter(125) if pal.color(QPalette.ColorRole.Window).lightness() < 128 \
                        else colour.darker(115)
                p.fillRect(rect, colour)
                end = rect.right()
            p.setPen(text)
            p.drawText(QRectF(end + 6, top, 80, line), Qt.AlignmentFlag.AlignVCenter, f"{row.total:,}")


class FigureTile(QFrame):
    """A big number with its caption; clicking it (or Enter when focused) opens its list."""

    clicked = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.value = QLabel("—", self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.1)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption, self)
        self.caption.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setEnabled(False)
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)

    def set_figure(self, value: int, detail: str, *, alert: bool) -> None:
        self.value.setText(f"{value:,}")
        self.detail.setText(detail)
        colour = "#d9534f" if alert else ""
        self.value.setStyleSheet(f"color: {colour};" if colour else "")

    def set_pending(self, detail: str) -> None:
        """No figure yet (still being counted): a dash, never a number that may be old."""
        self.value.setText("…")
        self.detail.setText(detail)
        self.value.setStyleSheet("")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
        else:
            super().keyPressEvent(event)
