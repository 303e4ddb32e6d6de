"""One member organisation's leads and follow-ups in the GUI (issue 19): a Member organisation
column on both lists, and a drop-down beside each filter box that writes member:"…" into the box,
which filters with the one filter implementation (planner.services.views.row_filters)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from PySide6.QtCore import Qt

from planner.services.views.listings import list_follow_ups, list_leads
from planner.services.views.row_filters import NO_MEMBER
from ui.models.columns import ROW_ROLE
from ui.pages.member_filter import ALL_MEMBERS

AS_OF = date(2026, 11, 11)  # four weeks after the demo mission: some follow-ups are overdue


def _shown(page) -> list:
    model = page.table.view.model()
    return [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]


def _column(page, header: str) -> int:
    model = page.table.view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header in headers, headers
    return headers.index(header)


def _pick(qtbot, combo, text: str) -> None:
    """Choose an entry as a user does with the keyboard (each step is an 'activated' choice)."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, text
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def test_both_lists_show_each_rows_member_organisation(qtbot, demo_window):
    page = demo_window.show_page("follow_ups")
    ws = demo_window.ws
    event_id = ws.current_event.id
    for lst, rows in ((page.leads, ws.read(lambda s: list_leads(s, event_id))),
                      (page.actions_page, ws.read(lambda s: list_follow_ups(s, event_id)))):
        expected = len(rows)
        qtbot.waitUntil(lambda lst=lst, n=expected: lst.table.view.model().rowCount() == n)
        col = _column(lst, "Member organisation")
        model = lst.table.view.model()
        shown = {model.index(r, 0).data(ROW_ROLE).id: model.index(r, col).data() for r in range(model.rowCount())}
        assert shown == {r.id: r.member_organisation for r in rows}
        assert any(shown.values())


def test_choosing_a_member_shows_its_leads_and_writes_the_filter_box(qtbot, demo_window):
    leads = demo_window.show_page("follow_ups").leads
    every = _shown(leads)
    busiest, count = Counter(r.member_organisation for r in every if r.member_organisation).most_common(1)[0]
    combo = leads.member_filter
    assert combo.currentText() == ALL_MEMBERS
    _pick(qtbot, combo, busiest)
    assert leads.table.filter_edit.text() == f'member:"{busiest}"'
    qtbot.waitUntil(lambda: len(_shown(leads)) == count)
    assert {r.member_organisation for r in _shown(leads)} == {busiest}
    assert leads.table.count_label.text() == f"{count:,} row{'s' if count != 1 else ''}"
    _pick(qtbot, combo, ALL_MEMBERS)  # all again: the member condition leaves the box
    assert leads.table.filter_edit.text() == ""
    qtbot.waitUntil(lambda: len(_shown(leads)) == len(every))


def test_one_members_overdue_follow_ups_with_the_drop_down_and_the_box(qtbot, demo_window):
    actions = demo_window.show_page("follow_ups").actions_page
    rows = demo_window.ws.read(lambda s: list_follow_ups(s, demo_window.ws.current_event.id))
    qtbot.waitUntil(lambda: len(_shown(actions)) == len(rows))
    overdue = [r for r in rows if r.status in ("open", "in_progress") and r.due_date and r.due_date < AS_OF]
    member = Counter(r.member_organisation for r in overdue if r.member_organisation).most_common(1)[0][0]
    expected = sorted(r.id for r in overdue if r.member_organisation == member)
    assert expected and len(expected) < len(overdue)  # the member filter has something to leave out
    qtbot.keyClicks(actions.table.filter_edit, f"overdue:{AS_OF}")
    _pick(qtbot, actions.member_filter, member)
    # the drop-down kept what was typed and added its condition
    assert actions.table.filter_edit.text() == f'overdue:{AS_OF} member:"{member}"'
    qtbot.waitUntil(lambda: sorted(r.id for r in _shown(actions)) == expected)


def test_typing_member_in_the_box_moves_the_drop_down(qtbot, demo_window):
    leads = demo_window.show_page("follow_ups").leads
    combo = leads.member_filter
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[:2] == [ALL_MEMBERS, NO_MEMBER] and len(names) > 3
    name = names[3]
    leads.table.filter_edit.setText(f'stage:new member:"{name.upper()}"')  # any case
    assert combo.currentText() == name
    leads.table.filter_edit.setText('member:"Lu')  # half typed: the box says what is wrong, the list waits
    assert combo.currentText() == name
    for partial in ("member:L", "member:Lu", "member:Lun"):  # a name the list does not offer
        leads.table.filter_edit.setText(partial)
        assert combo.currentText() == partial.split(":")[1]
    assert combo.count() == len(names) + 1  # one entry stands for what is typed, not one per letter
    leads.table.filter_edit.clear()
    assert combo.currentText() == ALL_MEMBERS


def test_no_member_organisation_is_a_choice(qtbot, demo_window):
    leads = demo_window.show_page("follow_ups").leads
    every = _shown(leads)
    _pick(qtbot, leads.member_filter, NO_MEMBER)
    assert leads.table.filter_edit.text() == f'member:"{NO_MEMBER}"'
    qtbot.waitUntil(lambda: len(_shown(leads)) == sum(1 for r in every if not r.member_organisation))
    assert not leads.proxy.error
