"""Every item model passes qtmodeltester; sorting uses native values; lazy paging stays lazy."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from planner.services.schedule.meetings import list_meetings
from planner.services.schedule.slots import list_slots
from planner.services.views.listings import list_delegates, list_follow_ups, list_leads
from planner.services.views.search import person_ids, person_rows
from ui.models.columns import ROW_ROLE, SORT_ROLE
from ui.models.lazy_table_model import LazyTableModel
from ui.models.row_filter_proxy_model import RowFilterProxyModel
from ui.models.row_table_model import RowTableModel
from ui.models.tables import (
    DELEGATE_COLUMNS,
    EVENT_COLUMNS,
    FOLLOW_UP_COLUMNS,
    LEAD_COLUMNS,
    PERSON_COLUMNS,
    meeting_columns,
    slot_columns,
)


def _models(ws):
    event = ws.current_event
    return [
        (EVENT_COLUMNS, ws.events()),
        (DELEGATE_COLUMNS, ws.read(lambda s: list_delegates(s, event.id))),
        (meeting_columns("Europe/London"), ws.read(lambda s: list_meetings(s, ws.event_orm(s)))),
        (slot_columns("Europe/London"), ws.read(lambda s: list_slots(s, ws.event_orm(s)))),
        (LEAD_COLUMNS, ws.read(lambda s: list_leads(s, event.id))),
        (FOLLOW_UP_COLUMNS, ws.read(lambda s: list_follow_ups(s, event.id, today=date(2026, 11, 1)))),
    ]


def test_every_row_model_and_its_proxy_pass_the_model_tester(qtmodeltester, demo_workspace):
    for columns, rows in _models(demo_workspace):
        assert rows, columns[0].header
        model = RowTableModel(columns)
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)
        proxy = RowFilterProxyModel()
        proxy.setSourceModel(model)
        qtmodeltester.check(proxy, force_py=True)


def test_lazy_people_model_passes_the_model_tester_and_fetches_pages_on_demand(qtmodeltester, demo_workspace):
    ws = demo_workspace
    model = LazyTableModel(PERSON_COLUMNS,
                           lambda t, k, d: ws.read(lambda s: person_ids(s, text=t, sort=k, descending=d)),
                           lambda ids: ws.read(lambda s: person_rows(s, ids)), page_size=25)
    model.reload()
    total = model.rowCount()
    assert total > 4 * model.page_size
    assert model.pages_fetched == 0  # ids only until a cell is asked for
    assert model.index(total - 1, 0).data()
    assert model.pages_fetched == 1
    qtmodeltester.check(model, force_py=True)
    model.set_filter("山田")
    assert 0 < model.rowCount() < total
    assert all("山田" in model.index(r, 1).data() for r in range(model.rowCount()))
    model.set_filter("")
    model.sort(4, Qt.SortOrder.DescendingOrder)  # e-mail, in SQL
    emails = [model.index(r, 4).data().lower() for r in range(20)]
    assert emails == sorted(emails, reverse=True)


def test_proxy_sorts_on_native_values_not_display_text(demo_workspace):
    ws = demo_workspace
    rows = ws.read(lambda s: list_meetings(s, ws.event_orm(s)))
    model = RowTableModel(meeting_columns("Europe/London"))
    model.set_rows(rows)
    proxy = RowFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    starts = [proxy.index(r, 0).data(ROW_ROLE).start_utc for r in range(proxy.rowCount())]
    assert starts == sorted(starts)  # "Fri 16 Oct" would sort before "Wed 14 Oct" as text
    assert proxy.index(0, 0).data(SORT_ROLE) == starts[0]
    proxy.set_filter_text("held table")
    assert 0 < proxy.rowCount() < len(rows)
    for r in range(proxy.rowCount()):
        assert proxy.index(r, 0).data(ROW_ROLE).status == "held" or "held" in proxy.index(r, 8).data().lower()
