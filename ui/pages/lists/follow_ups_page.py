"""After the event: leads (top) and their follow-up actions (bottom).

Each list has a member-organisation column and drop-down (``member:"Name"`` in its filter box),
so one member organisation's leads and overdue follow-ups show at a glance."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from planner.services.editing.editing import save_follow_up, save_lead
from planner.services.editing.forms import (
    follow_up_form,
    lead_form,
    member_organisation_choices,
    search_organisations,
    search_people,
)
from planner.services.followup.member_organisations import member_organisation_names
from planner.services.views.listings import list_follow_ups, list_leads
from ui.dialogs.records.follow_up_dialog import FollowUpDialog
from ui.dialogs.records.lead_dialog import LeadDialog
from ui.models.tables import FOLLOW_UP_COLUMNS, LEAD_COLUMNS
from ui.pages.lists.list_page import ListPage
from ui.pages.member_filter import MemberFilterCombo
from ui.settings import AppSettings
from ui.workspace import Workspace


def add_member_filter(page: ListPage) -> MemberFilterCombo:
    """The member-organisation drop-down, just right of the page's filter box."""
    combo = MemberFilterCombo(page.KEY, page.table.filter_edit, page.table)
    page.table.toolbar.insertWidget(0, combo)
    return combo


def offer_members(page: ListPage, combo: MemberFilterCombo, has_event: bool) -> None:
    event = page.ws.current_event
    combo.set_names(page.ws.read(lambda s: member_organisation_names(s, event.id))
                    if has_event and event is not None else [])


class LeadsPage(ListPage):
    KEY = "leads"
    TITLE = "Leads"
    KIND = "lead"
    TABLES = frozenset({"lead", "follow_up", "person", "organisation", "delegation_organisation"})

    def __init__(self, workspace: Workspace, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(workspace, settings, parent)
        self.member_filter = add_member_filter(self)

    def refresh_model(self, has_event: bool) -> None:
        super().refresh_model(has_event)
        offer_members(self, self.member_filter, has_event)

    def columns(self) -> list[Any]:
        return LEAD_COLUMNS

    def load_rows(self) -> list[Any]:
        assert self.ws.current_event is not None
        event_id = self.ws.current_event.id
        return self.ws.read(lambda s: list_leads(s, event_id))

    def describe(self, row: Any) -> str:
        return f"the lead {row.title or row.person or row.organisation}"

    def open_editor(self, row: Any | None) -> None:
        assert self.ws.current_event is not None
        event_id = self.ws.current_event.id
        initial = self.ws.read(lambda s: lead_form(s, row.id)) if row is not None else None
        lead_id = row.id if row is not None else None

        def submit(values: dict[str, Any]) -> int:
            label = f"Edit lead {row.title or row.person}" if row is not None else "New lead"
            return self.ws.edit(label, lambda s: save_lead(s, event_id, lead_id, values))

        members = self.ws.read(lambda s: member_organisation_choices(s, event_id))
        dialog = LeadDialog(submit, lambda t: self.ws.read(lambda s: search_people(s, t)),
                            lambda t: self.ws.read(lambda s: search_organisations(s, t)), initial, self,
                            members=members)
        self.show_dialog(dialog)


class ActionsPage(ListPage):
    KEY = "follow_up_actions"
    TITLE = "Follow-up actions"
    KIND = "follow_up"
    TABLES = frozenset({"lead", "follow_up", "person", "organisation", "delegation_organisation"})

    def __init__(self, workspace: Workspace, settings: AppSettings, leads: LeadsPage,
                 parent: QWidget | None = None) -> None:
        self.leads = leads
        super().__init__(workspace, settings, parent)
        self.member_filter = add_member_filter(self)
        leads.table.selection_changed.connect(self._update_actions)

    def refresh_model(self, has_event: bool) -> None:
        super().refresh_model(has_event)
        offer_members(self, self.member_filter, has_event)

    def columns(self) -> list[Any]:
        return FOLLOW_UP_COLUMNS

    def load_rows(self) -> list[Any]:
        assert self.ws.current_event is not None
        event_id = self.ws.current_event.id
        return self.ws.read(lambda s: list_follow_ups(s, event_id))

    def describe(self, row: Any) -> str:
        return f"the action “{row.description[:40]}”"

    def _update_selection_actions(self) -> None:
        super()._update_selection_actions()
        self.new_action.setEnabled(self.leads.table.current_row() is not None)
        self.new_action.setToolTip("Choose a lead above first")

    def open_editor(self, row: Any | None) -> None:
        lead = self.leads.table.current_row()
        lead_id = row.lead_id if row is not None else (lead.id if lead is not None else None)
        initial = self.ws.read(lambda s: follow_up_form(s, row.id)) if row is not None else None
        action_id = row.id if row is not None else None

        def submit(values: dict[str, Any]) -> int:
            label = (f"Edit follow-up “{row.description[:30]}”" if row is not None
                     else f"New follow-up “{values.get('description', '')[:30]}”")
            return self.ws.edit(label, lambda s: save_follow_up(s, lead_id, action_id, values))

        dialog = FollowUpDialog(submit, lambda t: self.ws.read(lambda s: search_people(s, t)), initial, self)
        self.show_dialog(dialog)


class FollowUpsPage(QWidget):
    KEY = "follow_ups"

    def __init__(self, workspace: Workspace, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.leads = LeadsPage(workspace, settings, self)
        self.actions_page = ActionsPage(workspace, settings, self.leads, self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("follow_ups_splitter")
        self.splitter.addWidget(self.leads)
        self.splitter.addWidget(self.actions_page)
        state = settings.ui_state.splitter_state("follow_ups")
        if state is not None:
            self.splitter.restoreState(state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._settings = settings

    def save_state(self) -> None:
        self._settings.ui_state.set_splitter_state("follow_ups", self.splitter.saveState())
        self.leads.table.save_state()
        self.actions_page.table.save_state()
