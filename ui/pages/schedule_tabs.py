"""The Schedule page: the timeline board, the list of slots and side events, delegate agendas."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui.pages.schedule_page import SchedulePage
from ui.settings import AppSettings
from ui.workspace import Workspace


class ScheduleTabsWidget(QWidget):
    KEY = "schedule"

    def __init__(self, workspace: Workspace, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("schedule_tabs")
        self.board: Any = None
        self.agenda: Any = None
        try:  # the board and agenda views come from the timeline work (ui/board)
            from ui.board.agenda_view import DelegateAgendaView
            from ui.board.board_view import ScheduleBoardView
        except ImportError:
            pass
        else:
            self.board = ScheduleBoardView(workspace, settings, self)
            self.tabs.addTab(self.board, "Board")
        self.list_page = SchedulePage(workspace, settings, self)
        self.tabs.addTab(self.list_page, "Slots and side events")
        if self.board is not None:
            self.agenda = DelegateAgendaView(workspace, settings, self)
            self.tabs.addTab(self.agenda, "Delegate agenda")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def views_with_edit_requests(self) -> list[Any]:
        return [v for v in (self.board, self.agenda) if v is not None and hasattr(v, "editRequested")]

    def reload(self) -> None:
        self.list_page.reload()

    def save_state(self) -> None:
        self.list_page.table.save_state()
        for view in (self.board, self.agenda):
            saver = getattr(view, "save_state", None)
            if saver is not None:
                saver()
