"""Colours of the schedule board: one hue per kind, the fill and outline by status, for light and
dark palettes alike (the fill is a tint of the hue on light backgrounds and a shade on dark ones,
and the text colour is picked for contrast with that fill)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette

from planner.domain.conflicts import MEETING

KIND_HUES: dict[str, str] = {
    MEETING: "#2f6fd0",
    "showcase": "#e07b00",
    "symposium": "#8e44ad",
    "reception": "#2e9d5b",
    "site_visit": "#00897b",
    "briefing": "#5f6f86",
    "travel": "#8d6e63",
    "other": "#7f8c8d",
}
KIND_LABELS: dict[str, str] = {
    MEETING: "Meeting", "showcase": "Showcase slot", "symposium": "Symposium", "reception": "Reception",
    "site_visit": "Site visit", "briefing": "Briefing", "travel": "Travel", "other": "Other",
}
TENTATIVE = {"requested", "accepted"}
INACTIVE = {"declined", "cancelled", "no_show"}


@dataclass(frozen=True)
class BlockColours:
    fill: QColor
    stripe: QColor
    text: QColor
    border: QColor
    pattern: Qt.BrushStyle  # a hatch over tentative meetings
    dashed: bool  # declined, cancelled, no-show
    struck: bool


class BoardStyle:
    """Colours derived from a palette; build a new one when the palette changes."""

    def __init__(self, palette: QPalette) -> None:
        self.palette = palette
        self.base = palette.color(QPalette.ColorRole.Base)
        self.window = palette.color(QPalette.ColorRole.Window)
        self.text = palette.color(QPalette.ColorRole.WindowText)
        self.dark = self.base.lightness() < 128
        self.grid = QColor(self.text)
        self.grid.setAlpha(40)
        self.half_grid = QColor(self.text)
        self.half_grid.setAlpha(16)
        self.muted = QColor(self.text)
        self.muted.setAlpha(150)
        self.header = QColor(self.window)
        self.conflict = QColor("#ff6b6b" if self.dark else "#d32f2f")
        self.ok = QColor("#66d17a" if self.dark else "#2e7d32")
        self.selection = palette.color(QPalette.ColorRole.Highlight)
        self._cache: dict[tuple[str, str], BlockColours] = {}

    def hue(self, kind: str) -> QColor:
        return QColor(KIND_HUES.get(kind, KIND_HUES["other"]))

    def _mix(self, a: QColor, b: QColor, t: float) -> QColor:
        return QColor(round(a.red() * (1 - t) + b.red() * t), round(a.green() * (1 - t) + b.green() * t),
                      round(a.blue() * (1 - t) + b.blue() * t))

    def block(self, kind: str, status: str) -> BlockColours:
        key = (kind, status)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        hue = self.hue(kind)
        inactive = status in INACTIVE
        strength = 0.30 if inactive else (0.55 if status in TENTATIVE else 0.75)
        if self.dark:
            fill = self._mix(self.base, hue, strength * 0.75)
            stripe = hue.lighter(135)
        else:
            fill = self._mix(self.base, hue, strength * 0.45)
            stripe = hue
        text = QColor("#f5f5f5") if fill.lightness() < 140 else QColor("#1a1a1a")
        if inactive:
            text.setAlpha(170)
        border = QColor(stripe)
        if inactive:
            border.setAlpha(150)
        pattern = Qt.BrushStyle.BDiagPattern if status == "requested" else Qt.BrushStyle.NoBrush
        colours = BlockColours(fill, stripe, text, border, pattern, inactive, inactive)
        self._cache[key] = colours
        return colours

    def hatch_brush(self, colours: BlockColours) -> QBrush:
        hatch = QColor(colours.stripe)
        hatch.setAlpha(70)
        return QBrush(hatch, colours.pattern)
