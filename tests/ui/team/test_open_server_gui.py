"""File ▸ Open team server… (issue 16): the dialog builds the URL from its parts or takes a pasted
one; a server opens on the opener's thread; the title, the recent-servers list and the settings
file never hold the password; a refused login, a missing database and an unreachable server each
get a message saying what to do (never a traceback).

The dialog tests need no server; the opening tests need PostgreSQL (``PLANNER_TEST_PG_URL``).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

from ui.app import DeskApp
from ui.settings import AppSettings
from ui.team.server_dialog import ServerDialog

WAIT_MS = 30_000


def test_the_dialog_builds_a_url_from_its_parts(qtbot) -> None:
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    dialog.host.setText("db.example.org")
    dialog.port.setValue(6543)
    dialog.database.setText("cluster_plan")
    dialog.user.setText("alice")
    dialog.sslmode.setCurrentIndex(dialog.sslmode.findData("verify-full"))
    dialog.password.setText("s3cret:/@")
    url = make_url(dialog.url())
    assert (url.drivername, url.host, url.port, url.database, url.username) == (
        "postgresql+psycopg", "db.example.org", 6543, "cluster_plan", "alice")
    assert url.password == "s3cret:/@"  # special characters survive the URL's quoting
    assert url.query["sslmode"] == "verify-full"
    assert "s3cret" not in dialog.settings_url()


def test_a_pasted_url_wins_and_a_typed_password_is_added(qtbot) -> None:
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    dialog.pasted.setText("postgresql://bob@10.0.0.5/plan?sslmode=require")
    assert not dialog.host.isEnabled()
    dialog.password.setText("pw")
    url = make_url(dialog.url())
    assert (url.drivername, url.username, url.password, url.host, url.database) == (
        "postgresql+psycopg", "bob", "pw", "10.0.0.5", "plan")
    assert url.query["sslmode"] == "require"


def test_a_password_pasted_in_a_url_is_never_shown_in_clear(qtbot) -> None:
    """Pasting postgresql://bob:secret@host/plan moves the password to the masked field; the URL
    field shows the URL without it, and the URL opened still carries it."""
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    dialog.pasted.setText("postgresql://bob:s%40cret@10.0.0.5:5433/plan?sslmode=require")
    assert "cret" not in dialog.pasted.text()
    assert make_url(dialog.pasted.text()).username == "bob"
    assert dialog.password.text() == "s@cret"
    url = make_url(dialog.url())
    assert (url.username, url.password, url.host, url.port, url.database) == ("bob", "s@cret", "10.0.0.5", 5433, "plan")
    assert url.query["sslmode"] == "require"


@pytest.mark.parametrize(("fill", "problem"), [
    ({"host": "db.example.org", "user": "alice"}, "database"),
    ({"pasted": "mysql://alice@db/plan"}, "postgresql://"),
    ({"pasted": "postgresql://alice@db.example.org"}, "no database"),
])
def test_an_incomplete_form_says_what_is_missing_and_stays_open(qtbot, fill, problem) -> None:
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    for name, value in fill.items():
        getattr(dialog, name).setText(value)
    dialog.open()
    dialog.try_accept()
    assert dialog.isVisible()
    assert problem in dialog.problem.text()


def test_a_recent_server_fills_the_form_without_a_password(qtbot) -> None:
    dialog = ServerDialog(url="postgresql+psycopg://alice@db.example.org:6543/plan?sslmode=require")
    qtbot.addWidget(dialog)
    assert (dialog.host.text(), dialog.port.value(), dialog.database.text(), dialog.user.text()) == (
        "db.example.org", 6543, "plan", "alice")
    assert dialog.sslmode.currentData() == "require"
    assert dialog.password.text() == ""


@pytest.fixture
def desk(qapp, settings: AppSettings) -> Iterator[DeskApp]:
    app = DeskApp(settings)
    yield app
    app.shutdown()


@pytest.fixture
def refusals(monkeypatch) -> list[tuple[str, str]]:
    """Message boxes ``DeskApp`` shows for a failed opening: (title, text)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr("ui.app.QMessageBox.critical",
                        lambda _parent, title, text, *a, **k: shown.append((title, text)))
    return shown


def test_a_server_opens_in_the_window_and_settings_keep_no_password(
        qtbot, desk: DeskApp, settings: AppSettings, server_url: str, tmp_path: Path) -> None:
    with qtbot.waitSignal(desk.opened, timeout=WAIT_MS):
        assert desk.open(server_url)
    url = make_url(server_url)
    assert desk.window is not None and desk.workspace is not None and desk.workspace.is_server
    assert desk.window.windowTitle() == f"Mission Desk — {url.username}@{url.host}:{url.port}/{url.database}"
    recent = settings.preferences.recent_servers
    assert [make_url(u).database for u in recent] == [url.database]
    assert make_url(recent[0]).password is None
    settings.sync()
    assert url.password not in (tmp_path / "settings.ini").read_text(encoding="utf-8")


def _failure(qtbot, desk: DeskApp, refusals: list[tuple[str, str]], url: str) -> str:
    with qtbot.waitSignal(desk.start_failed, timeout=WAIT_MS):
        assert desk.open(url)
    assert len(refusals) == 1
    title, message = refusals[0]
    assert title == "Cannot open the team server"
    assert "Traceback" not in message
    return message


def test_a_wrong_password_is_named(qtbot, desk, refusals, server_url: str) -> None:
    wrong = make_url(server_url).set(password="not-the-password").render_as_string(hide_password=False)
    message = _failure(qtbot, desk, refusals, wrong)
    assert message.startswith("The server refused the user name or password")
    assert "not-the-password" not in message


def test_a_missing_database_is_named(qtbot, desk, refusals, server_url: str) -> None:
    missing = make_url(server_url).set(database="no_such_plan_here").render_as_string(hide_password=False)
    message = _failure(qtbot, desk, refusals, missing)
    assert message.startswith("There is no database of that name")


def test_an_unreachable_server_is_named(qtbot, desk, refusals) -> None:
    with socket.socket() as s:  # a port nobody listens on (bound, then closed: refused at once)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    message = _failure(qtbot, desk, refusals, f"postgresql+psycopg://alice:pw@127.0.0.1:{port}/plan")
    assert message.startswith("The server cannot be reached")
    assert ":pw@" not in message


def test_a_failed_server_from_an_open_window_asks_again_filled_in_without_the_password(
        qtbot, desk: DeskApp, refusals, server_url: str, tmp_path: Path) -> None:
    with qtbot.waitSignal(desk.opened, timeout=WAIT_MS):
        desk.open(tmp_path / "mine.db")
    wrong = make_url(server_url).set(password="not-the-password")
    desk.open(wrong.render_as_string(hide_password=False))
    qtbot.waitUntil(lambda: getattr(desk, "server_dialog", None) is not None
                    and desk.server_dialog.isVisible(), timeout=WAIT_MS)
    dialog = desk.server_dialog
    assert dialog.user.text() == wrong.username and dialog.database.text() == wrong.database
    assert dialog.password.text() == ""
    assert dialog.problem.text().startswith("The server refused the user name or password")
    assert desk.workspace is not None and not desk.workspace.is_server  # the file stays open
    dialog.reject()
