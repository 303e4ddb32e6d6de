"""A window on a team server (issue 16): other people's changes appear without anyone touching
the window; a lost live-update connection shows a banner until it is back; the title names the
server without the password; file-only actions are off, saying why.

Needs PostgreSQL (``PLANNER_TEST_PG_URL``); skips with that message without it. The two-second
bound of the issue is asserted on the listener itself (tests/planner/live); here the waits are
hang guards for a loaded machine.
"""

from __future__ import annotations

from sqlalchemy import make_url, text

from planner.services.people.people import add_person
from planner.storage.database import Database
from ui.team.team_mode import LOST_TEXT, SERVER_BACKUP_TIP

WAIT_MS = 15_000


def _wait_connected(qtbot, ws) -> None:
    qtbot.waitUntil(lambda: ws.live.listener.connected.is_set(), timeout=WAIT_MS)


def test_an_open_people_view_shows_a_person_another_client_added(qtbot, server_window, server_url) -> None:
    ws = server_window.ws
    page = server_window.show_page("people")
    _wait_connected(qtbot, ws)
    before = page.row_count()
    other = Database.open(server_url)  # another person's Mission Desk
    try:
        with other.transaction() as session:
            add_person(session, given_name="Priya", family_name="Shah")
    finally:
        other.close()
    qtbot.waitUntil(lambda: page.row_count() == before + 1, timeout=WAIT_MS)
    names = {page.table.view.model().index(r, 0).data() for r in range(page.row_count())}
    assert any("Shah" in str(n) for n in names)


def test_a_killed_listening_connection_shows_the_banner_until_it_is_back(qtbot, server_window, server_url) -> None:
    ws = server_window.ws
    banner = server_window.team_mode.banner
    _wait_connected(qtbot, ws)
    assert not banner.isVisible()
    seen: list[tuple[bool, bool, str]] = []  # (connected, banner shown, banner text) as each change landed
    ws.connection_changed.connect(lambda ok, _why: seen.append((ok, banner.isVisible(), banner.text())))
    admin = Database.open(server_url)
    try:
        with admin.engine.connect() as conn:
            pid = ws.live.listener.backend_pid
            assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar() is True
    finally:
        admin.close()
    qtbot.waitUntil(lambda: any(not ok for ok, _v, _t in seen), timeout=WAIT_MS)
    lost = next(s for s in seen if not s[0])
    assert lost[1:] == (True, LOST_TEXT)
    qtbot.waitUntil(lambda: bool(seen) and seen[-1][0], timeout=WAIT_MS)
    assert not banner.isVisible()


def test_the_title_names_the_server_without_its_password(server_window, server_url) -> None:
    url = make_url(server_url)
    title = server_window.windowTitle()
    assert title == f"Mission Desk — {url.username}@{url.host}:{url.port}/{url.database}"
    assert url.password and url.password not in title


def test_file_only_actions_are_off_on_a_server_and_say_why(server_window) -> None:
    for name in ("action_backup_now", "action_restore", "action_verify"):
        action = server_window.findChild(type(server_window.menuBar().actions()[0]), name)
        assert action is not None, name
        assert not action.isEnabled()
        assert "pg_dump" in action.statusTip() and action.statusTip() == SERVER_BACKUP_TIP
    assert not server_window.backup_actions.timer.isActive()


def test_a_stale_save_on_the_server_names_the_role_that_changed_it(qtbot, server_window, server_url) -> None:
    from PySide6.QtWidgets import QAbstractButton

    from planner.services.common import get_by_id
    from planner.services.people.people import update_person
    from planner.storage.models import Person

    ws = server_window.ws
    with ws.db.transaction() as session:
        person_id = add_person(session, given_name="Priya", family_name="Shah").id
    page = server_window.show_page("people")
    page.reload()
    assert page.select_id(person_id)
    page.edit_current()
    dialog = page.dialog
    other = Database.open(server_url)  # the same role here; on a team server, a colleague's own
    try:
        with other.transaction() as session:
            update_person(session, get_by_id(session, Person, person_id), job_title="CSO")
    finally:
        other.close()
    dialog.family.setText("Shah-Patel")
    dialog.try_accept()
    box = dialog.conflict_box
    assert box is not None
    assert box.text().startswith(f"Priya Shah was changed by {make_url(server_url).username} at ")
    box.findChild(QAbstractButton, "conflict_apply").click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    with ws.db.session() as session:
        assert get_by_id(session, Person, person_id).family_name == "Shah-Patel"
