"""The duplicate review: a proposed pair shows why, side by side; a merge is undoable; a skip
records two people and merges nothing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from planner.domain.enums import NameOrder
from planner.services.events.events import add_event
from planner.services.followup.followups import add_lead
from planner.services.people.merge import DuplicatePair, find_duplicate_people
from planner.services.people.people import add_person, find_or_add_organisation
from planner.storage.models import Lead, Person
from ui.dialogs.duplicates_dialog import DuplicatesDialog
from ui.models.people_comparison_model import DIFF_ROLE, PeopleComparisonModel
from ui.workspace import Workspace


@pytest.fixture
def people(workspace: Workspace) -> dict[str, str]:
    """Yamada Taro from the delegation list, and again from a partnering export (the address in
    capitals, another job title), plus someone unrelated."""
    with workspace.db.transaction() as s:
        event = add_event(s, code="biojapan-2026", name="BioJapan 2026", start_date=date(2026, 10, 14),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        sakura = find_or_add_organisation(s, "Sakura Pharma K.K.")
        old = add_person(s, given_name="Taro", family_name="Yamada", name_order=NameOrder.FAMILY_FIRST,
                         email="taro.yamada@sakura-pharma.example", organisation=sakura, job_title="Head of BD")
        new = add_person(s, given_name="Taro", family_name="Yamada", name_order=NameOrder.FAMILY_FIRST,
                         email="TARO.YAMADA@sakura-pharma.example", organisation=sakura,
                         job_title="Director, Business Development")
        mary = add_person(s, given_name="Mary", family_name="Smith", email="mary@thames-bio.example")
        add_lead(s, event, person=new, title="Licensing talk")
        return {"old": old.uuid, "new": new.uuid, "mary": mary.uuid}


def _expected(ws: Workspace) -> list[DuplicatePair]:
    return ws.read(lambda s: find_duplicate_people(s))


def _open(qtbot, ws: Workspace) -> DuplicatesDialog:
    dialog = DuplicatesDialog(ws)
    qtbot.addWidget(dialog)
    # the search runs on a worker thread: the dialog is up before any pair is known
    assert dialog.pair_count() == 0 and dialog.count_label.text() == "Looking for duplicates…"
    dialog.show()
    qtbot.waitUntil(lambda: not dialog._loading)
    return dialog


def _existing(ws: Workspace, uuids: list[str]) -> set[str]:
    return set(ws.read(lambda s: s.scalars(select(Person.uuid).where(Person.uuid.in_(uuids))).all()))


def _lead_person(ws: Workspace) -> str:
    return ws.read(lambda s: s.scalars(select(Person.uuid).join(Lead, Lead.person_id == Person.id)).one())


def test_a_duplicate_pair_is_listed_with_its_reason_side_by_side(qtbot, workspace, people) -> None:
    expected = _expected(workspace)
    assert [(p.keep, p.drop) for p in expected] == [(people["old"], people["new"])]
    pair = expected[0]
    dialog = _open(qtbot, workspace)
    assert dialog.pair_count() == 1 and dialog.current_pair() == pair
    reason_cell = dialog.pairs_proxy.index(0, 3).data()
    assert reason_cell == pair.reason and pair.reason
    for reason in pair.reasons or (pair.reason,):
        assert reason in dialog.detail.reason_label.text()
    assert f"score {pair.score}" in dialog.detail.reason_label.text()
    comparison = dialog.comparison
    assert comparison is not None
    assert (comparison.left.uuid, comparison.right.uuid) == (people["old"], people["new"])
    model = dialog.detail.model
    states = {model.compare_row(r).key: model.index(r, 1).data(DIFF_ROLE)
              for r in range(model.rowCount()) if model.compare_row(r) is not None}
    assert states["email"] == "same"  # only the case differs
    assert states["job_title"] == "conflict" and states["organisation"] == "same"
    for button in (dialog.merge_left, dialog.merge_right, dialog.skip):
        assert button.isEnabled()


def test_the_people_page_opens_the_review(qtbot, window, people) -> None:
    page = window.show_page("people")
    page.duplicates_action.trigger()
    dialog = page.duplicates_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.pair_count() == 1)
    page.duplicates_action.trigger()  # a second click brings the same review forward
    assert page.duplicates_dialog is dialog
    dialog.buttons.rejected.emit()
    assert page.duplicates_dialog is None


@pytest.mark.parametrize("into_left", [True, False])
def test_merging_leaves_one_record_and_ctrl_z_brings_both_back(qtbot, workspace, people, into_left) -> None:
    dialog = _open(qtbot, workspace)
    keep, drop = (people["old"], people["new"]) if into_left else (people["new"], people["old"])
    (dialog.merge_left if into_left else dialog.merge_right).click()
    assert _existing(workspace, [people["old"], people["new"]]) == {keep}
    assert _lead_person(workspace) == keep  # what referred to the other record moved
    assert dialog.pair_count() == 0
    qtbot.waitUntil(lambda: not dialog._loading and dialog.count_label.text() == "No possible duplicates")
    assert "Merged" in dialog.status.text()

    dialog.activateWindow()
    qtbot.waitActive(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _existing(workspace, [people["old"], people["new"]]) == {people["old"], people["new"]}
    assert _lead_person(workspace) == people["new"]
    qtbot.waitUntil(lambda: dialog.pair_count() == 1)  # the list searched again after the undo
    assert {dialog.current_pair().keep, dialog.current_pair().drop} == {keep, drop}


def test_skip_merges_nothing_and_the_pair_is_not_proposed_again(qtbot, workspace, people) -> None:
    dialog = _open(qtbot, workspace)
    count = workspace.read(lambda s: s.scalar(select(func.count()).select_from(Person)))
    dialog.skip.click()
    assert workspace.read(lambda s: s.scalar(select(func.count()).select_from(Person))) == count
    assert _existing(workspace, [people["old"], people["new"]]) == {people["old"], people["new"]}
    assert dialog.pair_count() == 0
    assert _expected(workspace) == []  # remembered in the file, not only in this dialog
    again = _open(qtbot, workspace)
    assert again.pair_count() == 0
    workspace.undo_stack.undo()  # the workspace undo takes the decision back
    qtbot.waitUntil(lambda: again.pair_count() == 1)


def test_comparison_model_passes_the_model_tester(qtbot, qtmodeltester, workspace, people) -> None:
    dialog = _open(qtbot, workspace)
    model = PeopleComparisonModel()
    model.set_comparison(dialog.comparison)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(dialog.pairs_model, force_py=True)


def test_the_event_scope_leaves_out_pairs_of_people_outside_the_event(qtbot, workspace, people) -> None:
    from planner.services.events.delegations import add_event_contact
    from planner.services.events.events import get_event

    with workspace.db.transaction() as s:
        add_event_contact(s, get_event(s, "biojapan-2026"), s.scalars(
            select(Person).where(Person.uuid == people["old"])).one())
        add_person(s, given_name="Mary", family_name="Smith", email="Mary@Thames-Bio.example")
    workspace.set_event("biojapan-2026")
    dialog = _open(qtbot, workspace)
    assert dialog.pair_count() == 2 and dialog.scope.isVisible()
    dialog.scope.setChecked(True)
    qtbot.waitUntil(lambda: not dialog._loading)
    assert dialog.pair_count() == 1
    assert {dialog.current_pair().keep, dialog.current_pair().drop} == {people["old"], people["new"]}
