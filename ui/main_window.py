"""The main window: sidebar, pages, event switcher, menus, status bar. It only wires.

The frame (sidebar, menus, tool bar, status bar) is built from Qt alone, so it shows before the
database layer is even imported: ``MainWindow(None, settings, opening=path)`` shows an
"Opening …" page, and :meth:`MainWindow.attach` hands it the workspace once the file is open.
Pages are built the first time they are shown (``self.pages[key]``), each importing its own
modules then.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSize, QTimer, Signal  # not Qt: its namespace costs ~20 ms to load
from PySide6.QtGui import QAction, QKeySequence
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

from ui.page_set import PageSet
from ui.pages.export_specs import SPECS
from ui.pages.opening_page import OpeningPage
from ui.settings import AppSettings
from ui.team.naming import plan_key, plan_label, target_label

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent  # QEvent's ~180-member Type enum is built on import

    from ui.pages.exports_page import ExportsPage
    from ui.pages.welcome_page import WelcomePage
    from ui.tasks import TaskFailure
    from ui.workspace import Workspace

PAGES: list[tuple[str, str]] = [
    ("dashboard", "Dashboard"), ("events", "Events"), ("delegation", "Delegation"),
    ("organisations", "Organisations"), ("people", "People"), ("schedule", "Schedule"),
    ("meetings", "Meetings"), ("follow_ups", "Follow-ups"), ("exports", "Exports"), ("venues", "Venues"),
]
PAGE_CLASSES: dict[str, tuple[str, str]] = {  # key -> (module, class): imported on first show
    "dashboard": ("ui.dashboard.dashboard_view", "DashboardView"),
    "events": ("ui.pages.lists.events_page", "EventsPage"),
    "delegation": ("ui.pages.lists.delegation_page", "DelegationPage"),
    "organisations": ("ui.pages.lists.organisations_page", "OrganisationsPage"),
    "people": ("ui.pages.lists.people_page", "PeoplePage"),
    "schedule": ("ui.pages.schedule_tabs", "ScheduleTabsWidget"),
    "meetings": ("ui.pages.lists.meetings_page", "MeetingsPage"),
    "follow_ups": ("ui.pages.lists.follow_ups_page", "FollowUpsPage"),
    "exports": ("ui.pages.exports_page", "ExportsPage"),
    "venues": ("ui.pages.lists.venues_page", "VenuesPage"),
    "review": ("ui.sync.review_page", "ReviewPage"),  # sync conflicts: Sync ▸ Review, not in the sidebar
}


class MainWindow(QMainWindow):
    open_file_requested = Signal(str)  # "" = ask for a file
    new_file_requested = Signal()
    demo_requested = Signal()
    first_page_ready = Signal(str)  # after attach: the first page shown has its data
    restore_requested = Signal(str)  # a backup file to put in place of the open file
    open_server_requested = Signal(str)  # File ▸ Open team server… ("" or a recent server's URL)
    open_recent_server_requested = Signal(str)  # a recent server's URL (no password)

    def __init__(self, workspace: Workspace | None, settings: AppSettings, parent: QWidget | None = None,
                 *, opening: str | Path = "") -> None:
        super().__init__(parent)
        self.ws: Workspace = None  # type: ignore[assignment]  # set by attach()
        self.settings = settings
        self.setObjectName("main_window")
        self._closed = False
        name = plan_label(workspace.db) if workspace is not None else target_label(opening)
        self.setWindowTitle(f"Mission Desk — {name}")
        self.pages = PageSet(self._build_page, ["welcome", *PAGE_CLASSES])
        self.stack = QStackedWidget(self)
        self.opening_page: OpeningPage | None = None
        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        for i, (_key, text) in enumerate(PAGES):
            item = QListWidgetItem(text, self.sidebar)
            item.setToolTip(f"{text} (Ctrl+{i + 1})" if i < 9 else text)
            item.setSizeHint(QSize(0, self.fontMetrics().height() * 2))
        self.sidebar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 22)
        self.sidebar.currentRowChanged.connect(self._on_sidebar)
        # parent= by keyword: QSplitter(self) makes PySide6 try the QSplitter(Qt.Orientation) overload
        # first, which builds every enum of the Qt namespace (~90 of them, 60-130 ms on Python 3.11)
        # before the frame shows; so does QAction.setShortcut(). tests/ui/app/test_startup_imports.py.
        self.splitter = QSplitter(parent=self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.event_combo = QComboBox(self)
        self.event_combo.setObjectName("event_switcher")
        self.event_combo.setMinimumContentsLength(36)
        self.event_combo.setToolTip("The event you are working on")
        self.event_combo.setEnabled(False)
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
        self._needs_file: list[QAction] = []
        self._build_menus()
        self._restore_frame()
        if workspace is not None:
            self.attach(workspace)
        else:
            self.opening_page = OpeningPage(name, self)
            self.stack.addWidget(self.opening_page)
            self.stack.setCurrentWidget(self.opening_page)
            self.sidebar.setEnabled(False)
            for action in self._needs_file:
                action.setEnabled(False)

    def attach(self, workspace: Workspace) -> None:
        """The file is open: wire the workspace, show the page the user left, load its data."""
        self.ws = workspace
        self.setWindowTitle(f"Mission Desk — {plan_label(workspace.db)}")
        self.sidebar.setEnabled(True)
        for action in self._needs_file:
            action.setEnabled(True)
        self._add_undo_actions()
        self._connect()
        self._refresh_events()
        self._restore_content()
        if self.opening_page is not None:
            self.stack.removeWidget(self.opening_page)
            self.opening_page.deleteLater()
            self.opening_page = None
        self._announce_first_page()
        from ui.team.team_mode import TeamMode

        self.team_mode = TeamMode(self)  # banner, read-only mode, file-only actions on a server
        if not workspace.is_server:  # a file syncs with a team server; a server has nothing to sync
            from ui.sync.sync_menu import SyncUi

            self.sync_ui = SyncUi(self)
        # Everything alive now lives as long as the file is open: move it out of the cyclic
        # collector's reach, so a full collection (~0.1 s with SQLAlchemy, Qt and the models
        # loaded) never lands on a keystroke. DeskApp unfreezes before a window is replaced.
        gc.freeze()

    def _announce_first_page(self) -> None:
        key = self.current_page_key()
        page = self.pages[key] if key else None
        loaded = getattr(page, "loaded", None)
        if loaded is not None and hasattr(loaded, "connect") and getattr(page, "dashboard", True) is None:
            def done() -> None:
                loaded.disconnect(done)
                self.first_page_ready.emit(key)
            loaded.connect(done)
        else:
            QTimer.singleShot(0, lambda: self.first_page_ready.emit(key))

    # -- pages ------------------------------------------------------------------------------------
    def _build_page(self, key: str) -> QWidget:
        if key == "welcome":
            from ui.pages.welcome_page import WelcomePage

            page: QWidget = WelcomePage(self)
        else:
            module, name = PAGE_CLASSES[key]
            page = getattr(importlib.import_module(module), name)(self.ws, self.settings, self)
        self.stack.addWidget(page)
        self._wire_page(key, page)
        return page

    def _wire_page(self, key: str, page: QWidget) -> None:
        if key == "welcome":
            welcome = cast("WelcomePage", page)
            welcome.demo_requested.connect(self.demo_requested)
            welcome.new_event_requested.connect(lambda: self.pages["events"].open_editor(None))  # type: ignore[attr-defined]
            welcome.open_requested.connect(lambda: self.open_file_requested.emit(""))
            welcome.recent_requested.connect(self.open_file_requested)
            welcome.team_plan_requested.connect(self._copy_team_plan)
            welcome.set_team_plan(not self.ws.is_server)
            welcome.set_recent(self.settings.preferences.recent_files)
        if key == "dashboard" and hasattr(page, "openFiltered"):
            page.openFiltered.connect(self.open_filtered)
        if key == "schedule":
            for view in page.views_with_edit_requests():  # type: ignore[attr-defined]
                view.editRequested.connect(self.open_record)
        for child in [page, *page.findChildren(QWidget)]:
            signal = getattr(child, "status_message", None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(lambda text: self.statusBar().showMessage(text, 5000))

    # -- menus ------------------------------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, slot: Callable[[], Any], shortcut: Any = None,
                name: str = "", *, needs_file: bool = True) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut)])  # setShortcut() would build the Qt enums (see __init__)
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        menu.addAction(action)
        if needs_file:
            self._needs_file.append(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "New &event…", lambda: self.pages["events"].open_editor(None),  # type: ignore[attr-defined]
                     "Ctrl+Shift+N", "action_new_event")
        self._action(file_menu, "New &file…", self.new_file_requested.emit, None, "action_new_file",
                     needs_file=False)
        self._action(file_menu, "&Open file…", lambda: self.open_file_requested.emit(""),
                     QKeySequence.StandardKey.Open, "action_open_file", needs_file=False)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file_menu, "Open &team server…", lambda: self.open_server_requested.emit(""), None,
                     "action_open_server", needs_file=False)
        servers_menu = file_menu.addMenu("Recent team &servers")
        servers_menu.aboutToShow.connect(lambda: self._fill_recent_servers(servers_menu))
        file_menu.setToolTipsVisible(True)  # disabled file-only actions say why on a server
        file_menu.addSeparator()
        self._action(file_menu, "&Import…", lambda: self.exports_page.open_import(), "Ctrl+I", "action_import")
        self._action(file_menu, "Import edited &lead sheet…", lambda: self.exports_page.open_lead_sheet_import(), None,
                     "action_import_lead_sheet")
        export_menu = file_menu.addMenu("&Export")
        for spec in SPECS:
            self._action(export_menu, spec.menu_text, lambda _c=False, k=spec.key: self.exports_page.open_export(k),
                         spec.shortcut or None, f"action_export_{spec.key}")
        file_menu.addSeparator()
        self._action(file_menu, "Open the &demo mission", self.demo_requested.emit, None, "action_demo")
        file_menu.addSeparator()
        from ui.backup_actions import BackupActions

        self.backup_actions = BackupActions(self, file_menu)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit, "action_quit", needs_file=False)
        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addSeparator()
        self._action(self.edit_menu, "&Search everything…", self.open_search, "Ctrl+K", "action_search")
        self.event_menu = bar.addMenu("E&vent")
        self._action(self.event_menu, "Start from a &past event…", self.start_from_past_event, None,
                     "action_start_from_past_event")
        view_menu = bar.addMenu("&View")
        for i, (key, text) in enumerate(PAGES):
            self._action(view_menu, text, lambda _c=False, k=key: self.show_page(k),
                         f"Ctrl+{i + 1}" if i < 9 else None, f"action_page_{key}")
        view_menu.addSeparator()
        self._action(view_menu, "Reset window layout", self.reset_layout, None, "action_reset_layout",
                     needs_file=False)
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts, "F1", "action_shortcuts",
                     needs_file=False)
        self._action(help_menu, "&About Mission Desk", self.show_about, None, "action_about")

    def _add_undo_actions(self) -> None:
        undo = self.ws.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setObjectName("action_undo")
        redo = self.ws.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo.setObjectName("action_redo")
        first = self.edit_menu.actions()[0]
        self.edit_menu.insertAction(first, undo)
        self.edit_menu.insertAction(first, redo)

    @property
    def exports_page(self) -> ExportsPage:
        return self.pages["exports"]  # type: ignore[return-value]

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.preferences.recent_files:
            self.recent_menu.addAction(path, lambda p=path: self.open_file_requested.emit(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def _fill_recent_servers(self, menu: QMenu) -> None:
        # imported here: its QProgressBar's enums are not built before the frame shows
        from ui.team.server_actions import fill_recent_servers

        fill_recent_servers(menu, self)

    # -- wiring -----------------------------------------------------------------------------------
    def _connect(self) -> None:
        from ui.dialogs.error_dialog import show_error

        ws = self.ws
        ws.event_changed.connect(self._on_event_changed)
        ws.changed.connect(self._on_data_changed)
        ws.edit_failed.connect(lambda exc: show_error(
            self, "Redo" if str(exc).startswith("Can't redo") else "Undo", str(exc)))
        ws.runner.busy_changed.connect(lambda busy: self.status_busy.setText("Working…" if busy else ""))
        ws.undo_stack.indexChanged.connect(self._show_undo_status)

    def _copy_team_plan(self) -> None:
        """The welcome page's "Copy the team's plan": the sync dialog (the first sync of an empty file clones)."""
        sync_ui = getattr(self, "sync_ui", None)
        if sync_ui is not None:
            sync_ui.choose_server()

    def open_filtered(self, view: str, spec: dict[str, Any]) -> None:
        """A dashboard tile or bar was clicked: show the list it counts, filtered."""
        if view == "board":  # the conflicts tile and bars: the board, conflicts highlighted
            tabs: Any = self.show_page("schedule")
            if getattr(tabs, "board", None) is not None:
                tabs.tabs.setCurrentWidget(tabs.board)
                if spec.get("conflicts"):
                    tabs.board.conflicts_only.setChecked(True)
            return
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
        if self.ws is not None and 0 <= row < len(PAGES):
            key = PAGES[row][0]
            if key == "dashboard" and not self.ws.events():
                key = "welcome"
            self.stack.setCurrentWidget(self.pages[key])

    def show_page(self, key: str) -> QWidget:
        keys = [k for k, _ in PAGES]
        page = self.pages[key]
        if key in keys:
            self.sidebar.setCurrentRow(keys.index(key))
        self.stack.setCurrentWidget(page)
        if key not in keys:  # a page without an entry (Review): no entry looks chosen (after the
            # switch, which may hand the focus to the sidebar and with it a current row)
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(-1)
            self.sidebar.blockSignals(False)
        return page

    def current_page_key(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, p in self.pages.built().items() if p is current), "")

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
        if self.pages.is_built("welcome"):
            self.pages["welcome"].set_recent(self.settings.preferences.recent_files)  # type: ignore[attr-defined]

    def _on_event_chosen(self, index: int) -> None:
        self.ws.set_event(self.event_combo.itemData(index))

    def _on_event_changed(self, event: Any) -> None:
        self._refresh_events()
        self.status_event.setText(f"{event.name} · {event.tz}" if event else "No event")
        if event is not None:
            self.settings.ui_state.set_last_event(plan_key(self.ws.db), event.code)
            if self.current_page_key() == "welcome":
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

    def start_from_past_event(self) -> None:
        from ui.dialogs.event_copy_dialog import EventCopyDialog

        dialog = EventCopyDialog(self.ws, self)
        dialog.copied.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.event_copy_dialog = dialog
        dialog.open()

    def show_about(self) -> None:
        from ui.dialogs.about_dialog import AboutDialog

        AboutDialog(self.ws.db, self).open()

    def show_shortcuts(self) -> None:
        from ui.dialogs.about_dialog import ShortcutsDialog

        ShortcutsDialog(self.menuBar(), self).open()

    def show_failure(self, failure: TaskFailure) -> None:
        from ui.dialogs.error_dialog import show_failure

        show_failure(self, failure)

    # -- layout memory ----------------------------------------------------------------------------
    def _restore_frame(self) -> None:
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

    def _restore_content(self) -> None:
        state = self.settings.ui_state
        last = state.last_event(plan_key(self.ws.db))
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
        if self.ws is not None:
            key = self.current_page_key()
            state.last_page = key if key and key != "welcome" else "dashboard"
        for page in self.pages.built().values():
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
            if self.ws is not None:
                self.ws.close()
        super().closeEvent(event)
