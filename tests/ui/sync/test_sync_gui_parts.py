"""The sync GUI's own rules, with the sync itself replaced by a stand-in (no server needed):
the status line's words, the review models and their wording per kind of conflict, automatic
sync (off by default; never while an editor is open), the sync running on a worker thread and
every view reloading after it, and the undo history purged of a person an erasure removed."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtGui import QAction

from planner.services.people.people import add_person, update_person
from planner.services.personal_data.privacy import erase_person
from planner.storage.models import Person
from planner.sync.report import SyncReport
from planner.sync.review import KIND_DELETED_HERE, KIND_DELETED_THERE, KIND_FIELDS, Conflict
from planner.sync.status import SyncStatus
from ui.dialogs.form_dialog import FormDialog
from ui.sync.conflict_models import DELETED, ConflictFieldsModel, ConflictTableModel, explanation
from ui.sync.sync_menu import REVIEW_HINT
from ui.sync.sync_status import status_text

WAIT_MS = 20_000
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _conflict(kind: str = KIND_FIELDS, ident: int = 1) -> Conflict:
    mine = {"job_title": "CTO"} if kind != KIND_DELETED_HERE else {"job_title": ""}
    theirs = {"job_title": "CEO"} if kind != KIND_DELETED_THERE else {"job_title": ""}
    return Conflict(id=ident, table="person", record_uuid=f"u{ident}", label="Priya Shah", kind=kind,
                    fields=("job_title",), base={"job_title": "COO"}, mine=mine, theirs=theirs,
                    theirs_by="alice", created_at=datetime(2026, 12, 3, 8, 0))


def _status(pending: int, conflicts: int = 0, last: datetime | None = None) -> SyncStatus:
    return SyncStatus(server="postgresql+psycopg://alice@db.example.org/plan",
                      last_sync=last, pending=pending, conflicts=conflicts)


# -- the status line ---------------------------------------------------------------------------
def test_the_status_counts_changes_to_send_and_conflicts_in_words() -> None:
    last = (NOW - timedelta(minutes=5)).replace(tzinfo=None)
    local = last.replace(tzinfo=UTC).astimezone()
    assert status_text(_status(3, 1, last), now=NOW) == f"Synced {local:%H:%M} · 3 changes to send · 1 conflict"
    assert status_text(_status(1, 2, last), now=NOW).endswith("· 1 change to send · 2 conflicts")
    assert status_text(_status(0, 0, last), now=NOW) == f"Synced {local:%H:%M} · 0 changes to send"


def test_an_old_sync_shows_its_day_and_an_unreachable_server_says_offline() -> None:
    last = datetime(2026, 11, 28, 16, 5)
    assert status_text(_status(2, 0, last), now=NOW).startswith(
        f"Synced {last.replace(tzinfo=UTC).astimezone():%-d %b %H:%M}")
    assert status_text(_status(2, 0, last), offline=True, now=NOW) == "Offline · 2 changes to send"
    assert status_text(None) == "Not synced yet"


# -- the review models ---------------------------------------------------------------------------
def test_the_conflict_list_model_passes_the_model_tester(qtmodeltester) -> None:
    model = ConflictTableModel()
    model.set_rows([_conflict(KIND_FIELDS, 1), _conflict(KIND_DELETED_THERE, 2)])
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(1, 1).data() == "Changed here, deleted on the server"


@pytest.mark.parametrize(("kind", "mine", "theirs", "words"), [
    (KIND_FIELDS, "CTO", "CEO", "changed here and by alice"),
    (KIND_DELETED_THERE, "CTO", DELETED, "alice deleted it on the team server"),
    (KIND_DELETED_HERE, DELETED, "CEO", "You deleted Priya Shah here"),
])
def test_the_detail_shows_base_mine_and_theirs_in_words_for_each_kind(qtmodeltester, kind, mine, theirs,
                                                                      words) -> None:
    model = ConflictFieldsModel()
    model.set_conflict(_conflict(kind))
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (1, 3)
    assert [model.index(0, c).data() for c in range(3)] == ["COO", mine, theirs]
    assert model.headerData(0, model_vertical()) == "Job title"
    assert words in explanation(_conflict(kind))


def model_vertical():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Vertical


# -- the window, with the sync replaced ------------------------------------------------------------
@pytest.fixture
def fake_sync(monkeypatch):
    """planner.sync's run/status replaced: records the thread each sync ran on."""
    calls: list[dict] = []
    state = {"pending": 2, "erase": None}

    def sync(db, url=None, *, progress=None):
        if progress is not None:
            progress("Sending 2 changes…")
        calls.append({"url": url, "thread": threading.current_thread()})
        erased = []
        if state["erase"]:
            erase_person(db, state["erase"])
            erased = [state["erase"]]
        state["pending"] = 0
        return SyncReport(server="alice@db.example.org/plan", pulled=4, pushed=2, erased=erased)

    def status(_db):
        last = datetime(2026, 12, 3, 8, 0) if calls else None
        return _status(state["pending"], 0, last)

    monkeypatch.setattr("planner.sync.run.sync", sync)
    monkeypatch.setattr("planner.sync.run.remembered_server", lambda _db: None)
    monkeypatch.setattr("planner.sync.status.sync_status", status)
    return calls, state


def _finish(qtbot, window, url="postgresql+psycopg://alice:pw@127.0.0.1:5999/plan"):
    ui = window.sync_ui
    with qtbot.waitSignal(ui.controller.finished, timeout=WAIT_MS) as finished:
        assert ui.controller.start(url)
    return finished.args[0]


def test_auto_sync_is_off_by_default_and_a_turn_does_nothing(window, fake_sync) -> None:
    ui = window.sync_ui
    assert not ui.prefs.auto_sync
    assert not ui.auto_action.isChecked()
    assert not ui.auto.timer.isActive()
    assert not ui.auto.tick()
    assert fake_sync[0] == []


def test_auto_sync_waits_while_an_editor_is_open(qtbot, window, fake_sync, monkeypatch) -> None:
    ui = window.sync_ui
    ui.auto_action.setChecked(True)
    assert ui.prefs.auto_sync and ui.auto.timer.isActive()
    ui.controller.session_url = "postgresql+psycopg://alice:pw@127.0.0.1:5999/plan"
    monkeypatch.setattr("ui.sync.sync_controller.server_reachable", lambda _url: True)
    editor = FormDialog("Edit person", lambda _v: None, window)
    editor.show()
    assert not ui.auto.tick()
    assert ui.auto.retry.isActive()  # tries again later
    editor.close()
    with qtbot.waitSignal(ui.controller.finished, timeout=WAIT_MS):
        assert ui.auto.tick()
    assert len(fake_sync[0]) == 1


def test_an_automatic_sync_to_an_unreachable_server_is_quiet(qtbot, window, fake_sync, monkeypatch) -> None:
    ui = window.sync_ui
    ui.prefs.auto_sync = True
    ui.controller.session_url = "postgresql+psycopg://alice:pw@127.0.0.1:5999/plan"
    monkeypatch.setattr("ui.sync.sync_controller.server_reachable", lambda _url: False)
    with qtbot.waitSignal(ui.controller.finished, timeout=WAIT_MS) as finished:
        assert ui.auto.tick()
    assert finished.args[0].offline and fake_sync[0] == []  # never tried to sync
    assert ui.status.text().startswith("Offline")
    assert ui.message_box is None  # no message box for an automatic sync


def test_the_sync_runs_on_a_worker_and_every_view_reloads_with_the_summary(qtbot, window, fake_sync) -> None:
    tables: list[set[str]] = []
    window.ws.changed.connect(tables.append)
    outcome = _finish(qtbot, window)
    calls, _state = fake_sync
    assert calls[0]["thread"] is not threading.main_thread()
    assert outcome.ok and {"*"} in tables
    assert window.statusBar().currentMessage() == outcome.report.summary(REVIEW_HINT)
    assert window.sync_ui.status.text().endswith("0 changes to send")
    assert window.sync_ui.sync_action.isEnabled()


def test_a_second_sync_is_refused_while_one_runs(qtbot, window, fake_sync) -> None:
    controller = window.sync_ui.controller
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS):
        assert controller.start("postgresql+psycopg://alice:pw@127.0.0.1:5999/plan")
        assert not controller.start("postgresql+psycopg://alice:pw@127.0.0.1:5999/plan")
    assert len(fake_sync[0]) == 1


def _sync_through_the_dialog(qtbot, window) -> None:
    """The server dialog is open: paste a URL, type the password, press Sync, wait for the sync."""
    dialog = window.sync_ui.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.pasted.setText("postgresql://alice@127.0.0.1:5999/plan")
    dialog.password.setText("pw")
    with qtbot.waitSignal(window.sync_ui.controller.finished, timeout=WAIT_MS):
        dialog.try_accept()


def test_the_first_sync_asks_for_the_server(qtbot, window, fake_sync) -> None:
    window.findChild(QAction, "action_sync").trigger()
    _sync_through_the_dialog(qtbot, window)
    assert "pw@127.0.0.1:5999/plan" in fake_sync[0][0]["url"]


def test_an_erasure_brought_by_a_sync_leaves_no_undo_step_naming_the_person(qtbot, window, fake_sync) -> None:
    ws = window.ws
    pid = ws.edit("Add Łukasz", lambda s: add_person(s, given_name="Łukasz", family_name="Green",
                                                      email="lukasz@green.example").id)
    ws.edit("Title", lambda s: update_person(s, s.get(Person, pid), job_title="CTO"))
    colleague = ws.edit("Add Ann", lambda s: add_person(s, given_name="Ann", family_name="Lee").id)
    ws.edit("Note", lambda s: update_person(s, s.get(Person, colleague), notes="Met ŁUKASZ GREEN"))
    other = ws.edit("Add Bo", lambda s: add_person(s, given_name="Bo", family_name="Kim").id)
    ws.edit("Unrelated", lambda s: update_person(s, s.get(Person, other), job_title="CEO"))
    fake_sync[1]["erase"] = ws.read(lambda s: s.get(Person, pid).uuid)
    outcome = _finish(qtbot, window)
    texts = [ws.undo_stack.text(i) for i in range(ws.undo_stack.count())]
    assert texts == ["Add Ann", "Add Bo", "Unrelated"]
    assert outcome.dropped_steps == 3


def test_a_conflicts_fields_are_named_in_words_not_column_names() -> None:
    from ui.sync.conflict_models import field_label

    assert field_label("start_local") == "Start (local time)"
    assert field_label("start_utc") == "Start (UTC)"
    assert field_label("room_id") == "Room"
    assert field_label("destination_venue_id") == "Destination venue"
    assert field_label("tz") == "Time zone"
    assert field_label("email_key") == "Email (match key)"
    assert field_label("objective") == "Objective"


def test_a_new_laptop_can_copy_the_team_plan_from_the_welcome_page(qtbot, window, fake_sync) -> None:
    """An empty file opens on the welcome page, which offers the team's plan next to the demo:
    its button asks for the server and the first sync (a clone) runs."""
    from PySide6.QtWidgets import QPushButton

    welcome = window.show_page("welcome")
    button = welcome.findChild(QPushButton, "welcome_team_plan")
    assert button is not None and not button.isHidden()
    button.click()
    _sync_through_the_dialog(qtbot, window)
    assert "127.0.0.1:5999/plan" in fake_sync[0][0]["url"]


def test_keep_mine_is_greyed_out_with_the_reason_when_mine_cannot_be_taken(window) -> None:
    """A conflict whose "mine" names a record deleted since: Keep mine cannot succeed, so it is
    off, and the page and the button's tooltip say why; Keep theirs stays on. Another conflict
    selected turns Keep mine on again."""
    from dataclasses import replace

    why = "Cannot take yours: the person it names was deleted since (take theirs, or choose again in the record)"
    fine, refused = _conflict(ident=1), replace(_conflict(ident=2), mine_refused=why)
    page = window.pages["review"]
    page.set_conflicts([fine, refused])

    def choose(conflict: Conflict) -> None:
        source = page.conflicts.index(page.conflicts.row_of_id(conflict.id), 0)
        page.select_row(page.proxy.mapFromSource(source).row())

    choose(refused)
    assert page.current_conflict().id == 2
    assert not page.keep_mine.isEnabled() and page.keep_theirs.isEnabled()
    assert page.keep_mine.toolTip() == why
    assert page.explanation.text().endswith(why + ".")
    choose(fine)
    assert page.keep_mine.isEnabled() and page.keep_mine.toolTip() == "Write your values back"
    assert why not in page.explanation.text()


def test_the_review_page_leaves_no_sidebar_entry_chosen_and_an_entry_still_leads_back(window) -> None:
    """The Review page has no entry of its own in the sidebar: while it shows, no entry looks
    chosen (not the page the user came from), and clicking one goes there."""
    window.show_page("people")
    page = window.show_page("review")
    assert window.stack.currentWidget() is page
    assert window.sidebar.currentRow() == -1 and window.sidebar.selectedItems() == []
    window.sidebar.setCurrentRow(window.sidebar.count() - 1)
    assert window.stack.currentWidget() is not page
