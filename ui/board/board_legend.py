"""A one-line key to the board's colours and marks, painted with the board's own style."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.board.board_style import KIND_LABELS, BoardStyle

SHOWN_KINDS = ("meeting", "showcase", "symposium", "reception", "site_visit", "briefing", "travel")
MARKS = (("requested", "requested (hatched)"), ("cancelled", "declined / cancelled"), ("conflict", "conflict"))


class BoardLegend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(800, self.fontMetrics().height() + 8)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        style = BoardStyle(self.palette())
        fm = self.fontMetrics()
        h = fm.height()
        x = 4.0
        for kind in SHOWN_KINDS:
            colours = style.block(kind, "confirmed" if kind == "meeting" else "")
            painter.setPen(QPen(colours.border, 1))
            painter.setBrush(colours.fill)
            painter.drawRoundedRect(QRectF(x, 4, h, h - 2), 2, 2)
            painter.fillRect(QRectF(x + 1, 5, 3, h - 4), colours.stripe)
            painter.setPen(style.text)
            text = KIND_LABELS[kind]
            painter.drawText(QRectF(x + h + 4, 2, fm.horizontalAdvance(text) + 2, h + 2),
                             Qt.AlignmentFlag.AlignVCenter, text)
            x += h + 16 + fm.horizontalAdvance(text)
        x += 12
        for key, text in MARKS:
            if key == "conflict":
                painter.setPen(QPen(style.conflict, 2.5))
                painter.setBrush(style.block("meeting", "confirmed").fill)
            else:
                colours = style.block("meeting", key)
                painter.setPen(QPen(colours.border, 1, Qt.PenStyle.DashLine if colours.dashed else Qt.PenStyle.SolidLine))
                painter.setBrush(colours.fill)
            rect = QRectF(x, 4, h, h - 2)
            painter.drawRoundedRect(rect, 2, 2)
            if key == "requested":
                painter.fillRect(rect, style.hatch_brush(style.block("meeting", key)))
            painter.setPen(style.muted)
            painter.drawText(QRectF(x + h + 4, 2, fm.horizontalAdvance(text) + 2, h + 2),
                             Qt.AlignmentFlag.AlignVCenter, text)
            x += h + 16 + fm.horizontalAdvance(text)
