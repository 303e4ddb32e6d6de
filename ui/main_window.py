"""The main window: sidebar, pages, event switcher, menus, status bar. It only wires."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from ui.dashboard.dashboard_view import DashboardView
from ui.dialogs.error_dialog import show_error, show_failure
from ui.pages.delegation_page import DelegationPage
from ui.pages.events_page import EventsPage
from ui.pages.exports_page import ExportsPage
from ui.pages.follow_ups_page import FollowUpsPage
from ui.pages.meetings_page import MeetingsPage
from ui.pages.organisations_page import OrganisationsPage
from ui.pages.people_page import PeoplePage
from ui.pages.schedule_tabs import ScheduleTabsWidget
from ui.pages.welcome_page import WelcomePage
from ui.settings import AppSettings
from ui.tasks import TaskFailure
from ui.workspace import Workspace

PAGES: list[tuple[str, str]] = [
    ("dashboard", "Dashboard"), ("events", "Events"), ("delegation", "Delegation"),
    ("organisations", "Organisations"), ("people", "People"), ("schedule", "Schedule"),
    ("meetings", "Meetings"), ("follow_ups", "Follow-ups"), ("exports", "Exports"),
]


class MainWindow(QMainWindow):
    open_file_requested = Signal(str)  # "" = ask for a file
    new_file_requested = Signal()
    demo_requested = Signal()

    def __init__(self, workspace: Workspace, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.settings = settings
        self.setObjectName("main_window")
        self._closed = False
        self.setWindowTitle(f"Mission Desk — {workspace.db.path.name}")
        self.pages: dict[str, QWidget] = {
            "welcome": WelcomePage(self),
            "dashboard": DashboardView(workspace, settings, self),
            "events": EventsPage(workspace, settings, self),
            "delegation": DelegationPage(workspace, settings, self),
            "organisations": OrganisationsPage(workspace, settings, self),
            "people": PeoplePage(workspace, settings, self),
            "schedule": ScheduleTabsWidget(workspace, settings, self),
            "meetings": MeetingsPage(workspace, settings, self),
            "follow_ups": FollowUpsPage(workspace, settings, self),
            "exports": ExportsPage(workspace, settings, self),
        }
        self.stack = QStackedWidget(self)
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        for key, text in PAGES:
            item = QListWidgetItem(text, self.sidebar)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(0, self.fontMetrics().height() * 2))
        self.sidebar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 22)
        self.sidebar.currentRowChanged.connect(self._on_sidebar)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.event_combo = QComboBox(self)
        self.event_combo.setObjectName("event_switcher")
        self.event_combo.setMinimumContentsLength(36)
        self.event_combo.setToolTip("The event you are working on")
        self.event_combo.activated.connect(self._on_event_chosen)
        toolbar = QToolBar("Event", self)
        toolbar.setObjectName("event_toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Event: "))
        toolbar.addWidget(self.event_combo)
        self.addToolBar(toolbar)
        self.status_event = QLabel(self)
        self.status_busy = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_busy)
        self.statusBar().addPermanentWidget(self.status_event)
        self._build_menus()
        self._connect()
        self._refresh_events()
        self._restore()

    # -- menus ------------------------------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, slot: Callable[[], Any], shortcut: Any = None,
                name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "New &event…", lambda: self.pages["events"].open_editor(None),  # type: ignore[attr-defined]
                     "Ctrl+Shift+N", "action_new_event")
        self._action(file_menu, "New &file…", self.new_file_requested.emit, None, "action_new_file")
        self._action(file_menu, "&Open file…", lambda: self.open_file_requested.emit(""),
                     QKeySequence.StandardKey.Open, "action_open_file")
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self._action(file_menu, "&Import…", self.exports_page.open_import, "Ctrl+I", "action_import")
        export_menu = file_menu.addMenu("&Export")
        for spec in self.exports_page.specs:
            self._action(export_menu, spec.menu_text, lambda _c=False, k=spec.key: self.exports_page.open_export(k),
                         spec.shortcut or None, f"action_export_{spec.key}")
        file_menu.addSeparator()
        self._action(file_menu, "Open the &demo mission", self.demo_requested.emit, None, "action_demo")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit, "action_quit")
        edit_menu = bar.addMenu("&Edit")
        undo = self.ws.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setObjectName("action_undo")
        redo = self.ws.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo.setObjectName("action_redo")
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        self._action(edit_menu, "&Search everything…", self.open_search, "Ctrl+K", "action_search")
        view_menu = bar.addMenu("&View")
        for i, (key, text) in enumerate(PAGES):
            self._action(view_menu, text, lambda _c=False, k=key: self.show_page(k), f"Ctrl+{i + 1}",
                         f"action_page_{key}")
        view_menu.addSeparator()
        self._action(view_menu, "Reset window layout", self.reset_layout, None, "action_reset_layout")
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts, "F1", "action_shortcuts")
        self._action(help_menu, "&About Mission Desk", self.show_about, None, "action_about")

    @property
    def exports_page(self) -> ExportsPage:
        page = self.pages["exports"]
        assert isinstance(page, ExportsPage)
        return page

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.preferences.recent_files:
            self.recent_menu.addAction(path, lambda p=path: self.open_file_requested.emit(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("(none)").setEnabled(False)

    # -- wiring -----------------------------------------------------------------------------------
    def _connect(self) -> None:
        ws = self.ws
        ws.event_changed.connect(self._on_event_changed)
        ws.changed.connect(self._on_data_changed)
        ws.edit_failed.connect(lambda exc: show_error(self, "Undo", str(exc)))
        ws.runner.busy_changed.connect(lambda busy: self.status_busy.setText("Working…" if busy else ""))
        ws.undo_stack.indexChanged.connect(self._show_undo_status)
        dashboard = self.pages["dashboard"]
        if hasattr(dashboard, "openFiltered"):
            dashboard.openFiltered.connect(self.open_filtered)
        schedule: Any = self.pages["schedule"]
        for view in schedule.views_with_edit_requests():
            view.editRequested.connect(self.open_record)
        welcome = self.pages["welcome"]
        assert isinstance(welcome, WelcomePage)
        welcome.demo_requested.connect(self.demo_requested)
        welcome.new_event_requested.connect(lambda: self.pages["events"].open_editor(None))  # type: ignore[attr-defined]
        welcome.open_requested.connect(lambda: self.open_file_requested.emit(""))
        welcome.recent_requested.connect(self.open_file_requested)
        for page in self.pages.values():
            for child in [page, *page.findChildren(QWidget)]:
                signal = getattr(child, "status_message", None)
                if signal is not None and hasattr(signal, "connect"):
                    signal.connect(lambda text: self.statusBar().showMessage(text, 5000))

    def open_filtered(self, view: str, spec: dict[str, Any]) -> None:
        """A dashboard tile or bar was clicked: show the list it counts, filtered."""
        target = {"follow_up_actions": ("follow_ups", "actions_page"), "leads": ("follow_ups", "leads")}.get(
            view, (view, ""))
        if target[0] not in self.pages:
            return
        page: Any = self.show_page(target[0])
        if target[1]:
            page = getattr(page, target[1])
        elif hasattr(page, "list_page"):
            page = page.list_page
        if hasattr(page, "apply_filter_spec"):
            page.reload()
            page.apply_filter_spec(spec)

    def open_record(self, kind: str, uuid: str) -> None:
        page: Any = self.show_page("meetings") if kind == "meeting" else self.pages["schedule"]
        if kind != "meeting":
            page = page.list_page
        page.open_by_uuid(uuid)

    def _show_undo_status(self, _index: int) -> None:
        stack = self.ws.undo_stack
        if stack.canUndo():
            self.statusBar().showMessage(f"Undo: {stack.undoText()}  (Ctrl+Z)", 4000)

    def _on_sidebar(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            key = PAGES[row][0]
            if key == "dashboard" and not self.ws.events():
                key = "welcome"
            self.stack.setCurrentWidget(self.pages[key])

    def show_page(self, key: str) -> QWidget:
        keys = [k for k, _ in PAGES]
        if key in keys:
            self.sidebar.setCurrentRow(keys.index(key))
        self.stack.setCurrentWidget(self.pages[key])
        return self.pages[key]

    def current_page_key(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, p in self.pages.items() if p is current), "")

    def _refresh_events(self) -> None:
        events = self.ws.events()
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        for e in events:
            self.event_combo.addItem(f"{e.name}  ({e.start:%d %b %Y})", e.code)
        current = self.ws.current_event.code if self.ws.current_event else ""
        self.event_combo.setCurrentIndex(self.event_combo.findData(current))
        self.event_combo.blockSignals(False)
        self.event_combo.setEnabled(bool(events))
        welcome = self.pages["welcome"]
        assert isinstance(welcome, WelcomePage)
        welcome.set_recent(self.settings.preferences.recent_files)

    def _on_event_chosen(self, index: int) -> None:
        self.ws.set_event(self.event_combo.itemData(index))

    def _on_event_changed(self, event: Any) -> None:
        self._refresh_events()
        self.status_event.setText(f"{event.name} · {event.tz}" if event else "No event")
        if event is not None:
            self.settings.ui_state.set_last_event(str(self.ws.db.path), event.code)
            if self.stack.currentWidget() is self.pages["welcome"]:
                self.show_page("dashboard")

    def _on_data_changed(self, tables: set[str]) -> None:
        if "*" in tables or "event" in tables:
            self._refresh_events()
            if self.ws.current_event is None and self.ws.events():
                self.ws.set_event(self.ws.events()[0].code)

    # -- dialogs ----------------------------------------------------------------------------------
    def open_search(self) -> None:
        from ui.dialogs.search_dialog import SearchDialog

        dialog = SearchDialog(self.ws, self)
        dialog.hit_chosen.connect(self.go_to_hit)
        self.search_dialog = dialog
        dialog.open()

    def go_to_hit(self, hit: Any) -> None:
        target = {"person": "people", "organisation": "organisations", "meeting": "meetings"}[hit.kind]
        page = self.show_page(target)
        page.reload()  # type: ignore[attr-defined]
        if page.select_id(hit.id):  # type: ignore[attr-defined]
            page.edit_current()  # type: ignore[attr-defined]

    def show_about(self) -> None:
        from ui.dialogs.about_dialog import AboutDialog

        AboutDialog(self.ws.db, self).open()

    def show_shortcuts(self) -> None:
        from ui.dialogs.about_dialog import ShortcutsDialog

        ShortcutsDialog(self.menuBar(), self).open()

    def show_failure(self, failure: TaskFailure) -> None:
        show_failure(self, failure)

    # -- layout memory ----------------------------------------------------------------------------
    def _restore(self) -> None:
        state = self.settings.ui_state
        if state.geometry is not None:
            self.restoreGeometry(state.geometry)
        else:
            self.resize(1280, 800)
        if state.window_state is not None:
            self.restoreState(state.window_state)
        splitter = state.splitter_state("main")
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([self.sidebar.maximumWidth(), max(600, self.width() - self.sidebar.maximumWidth())])
        last = self.settings.ui_state.last_event(str(self.ws.db.path))
        events = self.ws.events()
        code = last if any(e.code == last for e in events) else (events[0].code if events else "")
        self.ws.set_event(code or None)
        page = state.last_page
        if not events:
            self.show_page("welcome")
            self.sidebar.setCurrentRow(-1)
        else:
            self.show_page(page if page in dict(PAGES) else "dashboard")
        self._on_event_changed(self.ws.current_event)

    def save_layout(self) -> None:
        state = self.settings.ui_state
        state.save_window(self.saveGeometry(), self.saveState())
        state.set_splitter_state("main", self.splitter.saveState())
        state.last_page = self.current_page_key() if self.current_page_key() != "welcome" else "dashboard"
        for page in self.pages.values():
            saver = getattr(page, "save_state", None) or getattr(getattr(page, "table", None), "save_state", None)
            if saver is not None:
                saver()
        self.settings.sync()

    def reset_layout(self) -> None:
        self.settings.ui_state.reset()
        self.resize(1280, 800)
        self.splitter.setSizes([200, 1080])

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            self.save_layout()
            self.ws.close()
        super().closeEvent(event)
