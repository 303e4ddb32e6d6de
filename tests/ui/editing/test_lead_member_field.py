"""A lead made or edited in the GUI can say whose lead it is (the delegation member)."""

from __future__ import annotations

from planner.services.editing.editing import save_lead
from planner.services.editing.forms import lead_form, member_organisation_choices
from planner.storage.models import Lead
from ui.dialogs.records.lead_dialog import LeadDialog


def test_the_lead_dialog_offers_the_members_and_saves_the_choice(qtbot, demo_workspace):
    ws = demo_workspace
    ws.set_event("biojapan-2026")
    event_id = ws.current_event.id
    members = ws.read(lambda s: member_organisation_choices(s, event_id))
    assert len(members) > 1
    lead_id = ws.read(lambda s: s.query(Lead.id).filter(Lead.event_id == event_id)
                      .order_by(Lead.id).first()[0])
    initial = ws.read(lambda s: lead_form(s, lead_id))
    saved: list[dict] = []
    dialog = LeadDialog(lambda values: saved.append(values) or 1, lambda _t: [], lambda _t: [],
                        initial, None, members=members)
    qtbot.addWidget(dialog)
    wanted_id, wanted = members[-1]
    dialog.member.setCurrentIndex(dialog.member.findData(wanted_id))
    values = dialog.values()
    assert values["member_organisation_id"] == wanted_id
    ws.edit("Edit lead", lambda s: save_lead(s, event_id, lead_id, values))
    assert ws.read(lambda s: lead_form(s, lead_id))["member_organisation"] == wanted
