"""A small bar chart drawn with QPainter (QtCharts is not part of PySide6-Essentials)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class BarChartWidget(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(180)

    def sizeHint(self) -> QSize:
        return QSize(420, 220)

    def set_bars(self, bars: list[tuple[str, int]]) -> None:
        self.bars = bars
        self.update()

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        accent = pal.color(QPalette.ColorRole.Highlight)
        fm = self.fontMetrics()
        line = fm.height()
        painter.setPen(text)
        title_font = painter.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.drawText(QRectF(0, 0, self.width(), line + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(self.font())
        if not self.bars:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Nothing to show yet")
            return
        top = line * 2 + 4
        bottom = self.height() - line * 2
        area_h = max(10, bottom - top)
        peak = max(v for _, v in self.bars) or 1
        slot_w = self.width() / len(self.bars)
        bar_w = min(56.0, slot_w * 0.6)
        muted = QColor(text)
        muted.setAlpha(90)
        painter.setPen(muted)
        painter.drawLine(0, int(bottom), self.width(), int(bottom))
        for i, (name, value) in enumerate(self.bars):
            x = i * slot_w + (slot_w - bar_w) / 2
            h = area_h * value / peak
            painter.fillRect(QRectF(x, bottom - h, bar_w, h), accent)
            painter.setPen(text)
            painter.drawText(QRectF(i * slot_w, bottom - h - line - 2, slot_w, line),
                             Qt.AlignmentFlag.AlignHCenter, str(value))
            painter.drawText(QRectF(i * slot_w, bottom + 4, slot_w, line * 2),
                             Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, name)
