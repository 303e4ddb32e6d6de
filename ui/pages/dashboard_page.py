"""The dashboard: the current event at a glance."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from planner.domain.enums import LeadStage, MeetingStatus, label
from planner.services.listings import EventSummary, event_summary
from ui.settings import AppSettings
from ui.widgets.bar_chart_widget import BarChartWidget
from ui.workspace import Workspace


class _Tile(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—", self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption, self)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


class DashboardPage(QWidget):
    KEY = "dashboard"

    def __init__(self, workspace: Workspace, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.heading = QLabel(self)
        self.heading.setObjectName("page_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel(self)
        self.subheading.setWordWrap(True)
        self.tiles = {key: _Tile(caption) for key, caption in (
            ("delegates", "delegates"), ("organisations", "member organisations"),
            ("meetings", "meetings planned"), ("slots", "slots and side events"),
            ("leads", "leads"), ("actions", "open follow-up actions"))}
        grid = QGridLayout()
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, i // 3, i % 3)
        self.per_day = BarChartWidget("Meetings per day", self)
        self.by_status = BarChartWidget("Meetings by status", self)
        self.by_stage = BarChartWidget("Leads by stage", self)
        charts = QGridLayout()
        charts.addWidget(self.per_day, 0, 0)
        charts.addWidget(self.by_status, 0, 1)
        charts.addWidget(self.by_stage, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addLayout(grid)
        layout.addLayout(charts, 1)
        workspace.changed.connect(lambda _t: self.reload() if self.isVisible() else None)
        workspace.event_changed.connect(lambda _e: self.reload())
        self.summary: EventSummary | None = None

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        event = self.ws.current_event
        if event is None:
            self.summary = None
            self.heading.setText("No event selected")
            self.subheading.setText("Create an event (File ▸ New event…) or open the demo mission.")
            for tile in self.tiles.values():
                tile.value.setText("—")
            for chart in (self.per_day, self.by_status, self.by_stage):
                chart.set_bars([])
            return
        s = self.summary = self.ws.read(lambda session: event_summary(session, event.id))
        self.heading.setText(s.name)
        self.subheading.setText(f"{s.start:%a %d %b} – {s.end:%a %d %b %Y} · {s.city} · times in {s.tz}"
                                f" (home {s.home_tz})")
        planned = sum(n for st, n in s.meetings_by_status.items() if MeetingStatus(st).occupies_time)
        overdue = f" ({s.overdue_actions} overdue)" if s.overdue_actions else ""
        values = {"delegates": s.delegates, "organisations": s.organisations, "meetings": planned,
                  "slots": s.slots, "leads": sum(s.leads_by_stage.values()), "actions": s.open_actions}
        for key, value in values.items():
            self.tiles[key].value.setText(f"{value:,}")
        self.tiles["actions"].caption.setText("open follow-up actions" + overdue)
        self.per_day.set_bars([(f"{d:%a %d}", n) for d, n in s.meetings_by_day])
        self.by_status.set_bars([(label(st), s.meetings_by_status.get(st.value, 0)) for st in MeetingStatus
                                 if s.meetings_by_status.get(st.value)])
        self.by_stage.set_bars([(label(st), s.leads_by_stage.get(st.value, 0)) for st in LeadStage])
