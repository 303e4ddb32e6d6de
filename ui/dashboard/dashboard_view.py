"""The dashboard: the event at a glance before it, what is slipping after it.

Figures come from ``planner.services.views.dashboard.build_dashboard`` (run on a worker by the task
runner), in two steps so the page fills at once: every figure but the conflicts (light queries),
then the conflict count, which needs the full check (about a second at ``demo --scale 100``) and is
kept in a :class:`~planner.services.schedule.conflict_cache.ConflictCountCache` keyed by the file's change
counter (the workspace's own probe, read on this thread before either job reads anything): with
nothing committed since, here or by another program, it comes with the first step and no check
runs. Each count is also kept in the file with the schedule's stamp
(:mod:`planner.services.schedule.conflict_store`), so the first step of a later start shows it
too while the schedule is as counted; after any change to it, it is counted again ("counting…"
meanwhile, never an old figure).
``loaded`` is emitted when the figures are shown, ``conflicts_shown`` when the conflict figure is. "Today" from the mission's clock (``planner.services.events.clock``: the date in the event's home
zone) unless ``today`` pins it. Every tile and chart segment opens the list it counts:
``openFiltered(view, filter)``, which the main window routes to the page named ``view``; the page
writes the filter into its filter box (``ListPage.apply_filter_spec``). Filters:
``planner.services.views.row_filters``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from planner.services.events.events import get_event
from planner.services.schedule.conflict_cache import (
    ConflictCountCache,
    ConflictCounts,
    count_open_conflicts,
)
from planner.services.schedule.conflict_store import schedule_stamp, stored_counts
from planner.services.views.dashboard import (
    Bar,
    Dashboard,
    Figure,
    OwnerLoad,
    build_dashboard,
    describe_filter,
    with_conflict_counts,
)
from ui.board.none_guard import keep_none_alive
from ui.dashboard.charts import ChartRow, FigureTile, HBarChart, Segment
from ui.settings import AppSettings
from ui.widgets.latest_job import LatestJob
from ui.widgets.reload_when_shown import ReloadWhenShown
from ui.workspace import Workspace

STATUS_COLOURS = {"requested": "#8fb3e8", "accepted": "#5b8fd6", "confirmed": "#2f6fd0", "held": "#1d4f9e",
                  "declined": "#a9a9a9", "no_show": "#d9822b", "cancelled": "#7d7d7d"}
STAGE_COLOURS = {"new": "#9bb7d4", "qualified": "#6f9fd0", "introduced": "#4f87c6", "proposal": "#3a6fb0",
                 "agreed": "#2e9d5b", "lost": "#a9a9a9"}
OVERDUE, THIS_WEEK, LATER = "#d9534f", "#f0ad4e", "#5b8fd6"
WATCHED = frozenset({"*", "meeting", "slot", "slot_person", "lead", "follow_up", "delegate", "delegation", "event",
                     "conflict_ack", "person", "venue", "room", "venue_travel", "meeting_attendee"})


class _WorkspaceCounter:
    """The workspace's change counter (its :class:`FileWatch` probe: on this thread, closed with the
    file), read without moving what the watch has seen; closing the cache leaves it open."""

    def __init__(self, workspace: Workspace) -> None:
        self._watch = workspace.watch

    def read(self) -> int | None:
        return self._watch.current() if self._watch is not None else None

    def close(self) -> None:
        return None


def _heading(text: str, parent: QWidget, scale: float = 1.25) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


class DashboardView(ReloadWhenShown, QWidget):
    KEY = "dashboard"
    openFiltered = Signal(str, object)  # view name, filter dict
    status_message = Signal(str)
    loaded = Signal()  # the figures are shown (the conflict figure may still be counting)
    conflicts_shown = Signal()  # the conflict figure is shown too

    def __init__(self, workspace: Workspace, settings: AppSettings, parent: QWidget | None = None,
                 *, today: date | None = None) -> None:
        keep_none_alive()  # PySide6 6.12 on Python 3.11: see ui/board/none_guard.py
        super().__init__(parent)
        self.setObjectName("dashboard_view")
        self.ws = workspace
        self.settings = settings
        self.today = today  # None = the mission's today at each build (tests and screenshots pin it)
        self.dashboard: Dashboard | None = None
        self._loads = LatestJob(self, workspace.runner)
        self._counting = LatestJob(self, workspace.runner)
        self.conflict_cache = ConflictCountCache(_WorkspaceCounter(workspace))
        self._dirty = True
        inner = QWidget(self)
        self.heading = _heading("", inner, 1.6)
        self.subheading = QLabel(inner)
        self.subheading.setWordWrap(True)
        self.tiles: dict[str, FigureTile] = {}
        self.before_box = self._section(inner, "The event at a glance", (
            ("delegates", "delegates"), ("meetings", "meetings planned"), ("slots", "showcase slots booked"),
            ("conflicts", "conflicts open")))
        self.by_status = HBarChart("Meetings by status", inner)
        self.by_day = HBarChart("Planned meetings per day", inner)
        self.by_conflict = HBarChart("Open conflicts by kind", inner, empty_text="No open conflicts")
        self.after_box = self._section(inner, "Follow-up", (
            ("overdue", "follow-ups overdue"), ("due_this_week", "due this week"),
            ("open_actions", "open follow-ups"), ("leads", "leads")))
        self.by_owner = HBarChart("Open follow-ups by owner", inner, empty_text="No open follow-ups")
        self.by_stage = HBarChart("Leads by stage", inner, empty_text="No leads yet")
        self.before_charts = QGridLayout()
        self.before_charts.addWidget(self.by_status, 0, 0)
        self.before_charts.addWidget(self.by_day, 0, 1)
        self.before_charts.addWidget(self.by_conflict, 1, 0, 1, 2)
        self.after_charts = QGridLayout()
        self.after_charts.addWidget(self.by_owner, 0, 0)
        self.after_charts.addWidget(self.by_stage, 0, 1)
        self.body = QVBoxLayout(inner)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.subheading)
        self._sections: list[Any] = []
        self._place_sections(after_first=False)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        for key, tile in self.tiles.items():
            tile.setObjectName(f"figure_{key}")
            tile.clicked.connect(lambda k=key: self.open_figure(k))
        self.by_status.segmentClicked.connect(lambda r, _s: self._open_bar(self._bars("status"), r))
        self.by_day.segmentClicked.connect(lambda r, _s: self._open_bar(self._bars("day"), r))
        self.by_conflict.segmentClicked.connect(lambda r, _s: self._open_bar(self._bars("conflict"), r))
        self.by_stage.segmentClicked.connect(lambda r, _s: self._open_bar(self._bars("stage"), r))
        self.by_owner.segmentClicked.connect(self._open_owner)
        workspace.changed.connect(self.on_tables_changed)
        workspace.event_changed.connect(lambda _e: self.mark_dirty())

    def _section(self, parent: QWidget, title: str, tiles: tuple[tuple[str, str], ...]) -> QWidget:
        box = QWidget(parent)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(_heading(title, box))
        grid = QGridLayout()
        for i, (key, caption) in enumerate(tiles):
            self.tiles[key] = FigureTile(caption, box)
            grid.addWidget(self.tiles[key], 0, i)
        layout.addLayout(grid)
        return box

    def _place_sections(self, *, after_first: bool) -> None:
        while self.body.count() > 2:  # keep the heading and subheading, re-add the rest in order
            self.body.takeAt(2)
        before = [self.before_box, self.before_charts]
        after = [self.after_box, self.after_charts]
        self._sections = after + before if after_first else before + after
        for item in self._sections:
            if isinstance(item, QWidget):
                self.body.addWidget(item)
            else:
                self.body.addLayout(item)
        self.body.addStretch(1)

    # -- loading --------------------------------------------------------------------------------------
    def watches(self, tables: set[str]) -> bool:
        return bool(tables & WATCHED)

    def reload(self) -> None:
        self._dirty = False
        event = self.ws.current_event
        if event is None:
            self._loads.invalidate()
            self._counting.invalidate()
            self.dashboard = None
            self.heading.setText("No event selected")
            self.subheading.setText("Create an event (File ▸ New event…) or open the demo mission.")
            return
        uuid, today = event.uuid, self.today
        self._counting.invalidate()
        version = self.conflict_cache.version()  # before either job's session reads anything
        counts = self.conflict_cache.get(uuid, version)

        def job(session: Any, _progress: Any, _cancel: Any) -> tuple[Dashboard, ConflictCounts | None]:
            stored = None
            if counts is None:  # the count kept in the file, while the schedule is as it was counted
                stored = stored_counts(session, uuid, schedule_stamp(session))  # the stamp first
            return build_dashboard(session, get_event(session, uuid), today=today,
                                   conflict_counts=counts or stored, with_conflicts=False), stored

        def shown(result: tuple[Dashboard, ConflictCounts | None]) -> None:
            dash, stored = result
            if stored is not None:
                self.conflict_cache.put(uuid, version, stored)
            self.set_dashboard(dash)
            if dash.conflicts_counted:
                self.conflicts_shown.emit()
            else:
                self._count_conflicts(uuid, version)

        self._loads.start("Counting the dashboard figures…", job, shown)

    def _count_conflicts(self, uuid: str, version: int | None) -> None:
        def job(session: Any, _progress: Any, _cancel: Any) -> tuple[ConflictCounts, str | None]:
            stamp = schedule_stamp(session)  # before the check reads anything
            return count_open_conflicts(session, get_event(session, uuid)), stamp

        def counted(result: tuple[ConflictCounts, str | None]) -> None:
            counts, stamp = result
            self.conflict_cache.put(uuid, version, counts)
            self.ws.remember_conflict_counts(uuid, stamp, counts)
            if self.dashboard is not None and not self.dashboard.conflicts_counted:
                self.set_dashboard(with_conflict_counts(self.dashboard, counts), announce=False)
                self.conflicts_shown.emit()

        self._counting.start("Checking the schedule for conflicts…", job, counted)

    # -- showing --------------------------------------------------------------------------------------
    def set_dashboard(self, dash: Dashboard, *, announce: bool = True) -> None:
        was_after = self.dashboard is not None and self.dashboard.phase == "after"
        self.dashboard = dash
        self.heading.setText(dash.event_name)
        days = (dash.start - dash.today).days
        when = {"before": f"starts in {days} day(s)" if days != 1 else "starts tomorrow",
                "during": "on now",
                "after": f"ended {(dash.today - dash.end).days} day(s) ago"}[dash.phase]
        self.subheading.setText(f"{dash.start:%a %d %b} – {dash.end:%a %d %b %Y} · {when} · times in {dash.tz}"
                                f" (home {dash.home_tz}) · today is {dash.today:%a %d %b} at home."
                                " Click any figure or bar to open that list.")
        for fig in (*dash.before, *dash.after):
            self.tiles[fig.key].set_figure(fig.value, fig.detail, alert=fig.alert)
            self.tiles[fig.key].setToolTip(self._tooltip(fig.value, fig.label, fig.filter))
        if not dash.conflicts_counted:
            self.tiles["conflicts"].set_pending("counting…")
        if (dash.phase == "after") != was_after:
            self._place_sections(after_first=dash.phase == "after")
        self.by_status.set_rows([ChartRow(b.label, (Segment(b.value, STATUS_COLOURS.get(b.key, LATER),
                                                             self._tooltip(b.value, f"{b.label.lower()} meetings",
                                                                           b.filter)),))
                                 for b in dash.meetings_by_status])
        self.by_day.set_rows([ChartRow(b.label, (Segment(b.value, LATER, self._tooltip(b.value, "meetings", b.filter)),))
                              for b in dash.meetings_by_day])
        self.by_conflict.empty_text = "No open conflicts" if dash.conflicts_counted else "Checking for conflicts…"
        self.by_conflict.set_rows([ChartRow(b.label, (Segment(b.value, OVERDUE, "Show the conflicts on the board"),))
                                   for b in dash.conflicts_by_kind])
        self.by_stage.set_rows([ChartRow(b.label, (Segment(b.value, STAGE_COLOURS.get(b.key, LATER),
                                                            self._tooltip(b.value, f"{b.label.lower()} leads",
                                                                          b.filter)),))
                                for b in dash.leads_by_stage])
        owners = [o for o in dash.actions_by_owner if o.open][:12]
        self.by_owner.set_rows(
            [ChartRow(o.owner, (Segment(o.overdue, OVERDUE, self._tooltip(o.overdue, "overdue", o.filter("overdue"))),
                                Segment(o.due_this_week, THIS_WEEK,
                                        self._tooltip(o.due_this_week, "due this week", o.filter("due_this_week"))),
                                Segment(o.later, LATER, self._tooltip(o.later, "later or undated", o.filter("later")))))
             for o in owners],
            [(OVERDUE, "overdue"), (THIS_WEEK, "due this week"), (LATER, "later or undated")])
        if announce:
            self.loaded.emit()

    @staticmethod
    def _tooltip(value: int, what: str, spec: dict[str, Any]) -> str:
        where = f" ({describe_filter(spec)})" if spec else ""
        return f"{value:,} {what}: click to open the list{where}"

    def _bars(self, which: str) -> list[Bar]:
        dash = self.dashboard
        if dash is None:
            return []
        return {"status": dash.meetings_by_status, "day": dash.meetings_by_day,
                "conflict": dash.conflicts_by_kind, "stage": dash.leads_by_stage}[which]

    # -- click-through --------------------------------------------------------------------------------
    def open_figure(self, key: str) -> None:
        if self.dashboard is not None:
            fig: Figure = self.dashboard.figure(key)
            self._open(fig.view, fig.filter)

    def _open_bar(self, bars: list[Bar], row: int) -> None:
        if 0 <= row < len(bars):
            self._open(bars[row].view, bars[row].filter)

    def _open_owner(self, row: int, segment: int) -> None:
        dash = self.dashboard
        if dash is None:
            return
        owners: list[OwnerLoad] = [o for o in dash.actions_by_owner if o.open][:12]
        if 0 <= row < len(owners):
            self._open("follow_up_actions", owners[row].filter(("overdue", "due_this_week", "later")[segment]))

    def _open(self, view: str, spec: dict[str, Any]) -> None:
        self.openFiltered.emit(view, dict(spec))
        self.status_message.emit(f"Opening {view.replace('_', ' ')}" + (f": {describe_filter(spec)}" if spec else ""))

