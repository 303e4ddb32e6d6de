"""Live updates on a team server (issue 16): a change another client commits reaches this
client's listener within two seconds (the issue's requirement, stated as the bound of a wait,
not a speed measurement); a dropped listening connection is reported and comes back by itself.

The server half needs PostgreSQL (``PLANNER_TEST_PG_URL``; ``source .ci/postgres.sh &&
pg_test_start``) and skips with that message without it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from planner.services.people.people import add_organisation, add_person
from planner.storage.database import Database
from planner.storage.server.notify import EVERYTHING, ChangeListener, connect_kwargs

SHOWN_WITHIN_S = 2.0  # issue 16: "other people's changes appear in open views within two seconds"
RECONNECT_WAIT_S = 15.0  # the listener retries after 0.5 s, 1 s, …: this is only a hang guard


class Running:
    """A listener on its own thread, its callbacks and status changes in queues."""

    def __init__(self, url: str) -> None:
        self.batches: queue.Queue[set[str]] = queue.Queue()
        self.states: queue.Queue[tuple[bool, str]] = queue.Queue()
        self.listener = ChangeListener(url, on_status=lambda ok, msg: self.states.put((ok, msg)),
                                       backoff_s=(0.2, 0.5))
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.listener.listen, args=(self.batches.put, self.stop),
                                       daemon=True)
        self.thread.start()
        assert self.states.get(timeout=RECONNECT_WAIT_S) == (True, "")

    def next_batch(self, timeout: float) -> set[str]:
        return self.batches.get(timeout=timeout)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)


@pytest.fixture
def server_url(pg_server) -> Iterator[str]:
    name, url = pg_server.fresh()
    yield url
    pg_server.drop(name)


@pytest.fixture
def running(server_url: str) -> Iterator[Running]:
    run = Running(server_url)
    yield run
    run.close()


def test_connection_arguments_come_from_the_url_and_keep_tls_options() -> None:
    kwargs = connect_kwargs("postgresql+psycopg://alice@db.example.org:6543/plan?sslmode=verify-full")
    assert kwargs["host"] == "db.example.org"
    assert kwargs["port"] == 6543
    assert kwargs["dbname"] == "plan"
    assert kwargs["user"] == "alice"
    assert kwargs["sslmode"] == "verify-full"
    assert "password" not in kwargs  # none in the URL: libpq's PGPASSFILE / ~/.pgpass decides


def test_a_change_committed_by_another_client_reaches_the_listener_within_two_seconds(
        server_url: str, running: Running) -> None:
    other = Database.open(server_url)  # a second client: another person's Mission Desk
    try:
        with other.transaction() as session:
            add_person(session, given_name="Priya", family_name="Shah")
    finally:
        other.close()
    assert "person" in running.next_batch(timeout=SHOWN_WITHIN_S)


def test_one_commit_touching_two_tables_arrives_as_one_batch(server_url: str, running: Running) -> None:
    other = Database.open(server_url)
    try:
        with other.transaction() as session:
            org = add_organisation(session, name="Kansai Bio Cluster")
            add_person(session, given_name="Kenji", family_name="Mori", organisation=org)
    finally:
        other.close()
    assert {"person", "organisation"} <= running.next_batch(timeout=SHOWN_WITHIN_S)


def test_nothing_arrives_for_a_transaction_rolled_back(server_url: str, running: Running) -> None:
    other = Database.open(server_url)
    try:
        with pytest.raises(RuntimeError), other.transaction() as session:
            add_person(session, given_name="Never", family_name="Saved")
            session.flush()
            raise RuntimeError("the user cancelled")
        with other.transaction() as session:
            add_organisation(session, name="Saved later")
    finally:
        other.close()
    assert running.next_batch(timeout=SHOWN_WITHIN_S) == {"organisation"}


def test_a_killed_listening_connection_is_reported_and_comes_back(server_url: str, running: Running) -> None:
    pid = running.listener.backend_pid
    assert pid is not None
    admin = Database.open(server_url)
    try:
        with admin.engine.connect() as conn:  # the test role may end its own role's sessions
            assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar() is True
        connected, message = running.states.get(timeout=RECONNECT_WAIT_S)
        assert connected is False and message  # the GUI shows its banner now
        while not connected:  # a retry may fail once more before the server takes it
            connected, _message = running.states.get(timeout=RECONNECT_WAIT_S)
        assert running.listener.backend_pid not in (None, pid)
        # what was committed while nobody listened was never announced: reload everything
        assert running.next_batch(timeout=RECONNECT_WAIT_S) == {EVERYTHING}
        with admin.transaction() as session:
            add_person(session, given_name="After", family_name="Reconnect")
    finally:
        admin.close()
    assert "person" in running.next_batch(timeout=SHOWN_WITHIN_S)


def test_stop_ends_the_listener_thread(server_url: str) -> None:
    run = Running(server_url)
    run.close()
    assert not run.thread.is_alive()
    assert run.listener.backend_pid is None


def test_commits_of_the_processes_named_as_ones_own_are_left_out(server_url: str) -> None:
    import psycopg

    mine = psycopg.connect(autocommit=True, **connect_kwargs(server_url))
    batches: queue.Queue[set[str]] = queue.Queue()
    states: queue.Queue[tuple[bool, str]] = queue.Queue()
    listener = ChangeListener(server_url, on_status=lambda ok, msg: states.put((ok, msg)),
                              ignore_pids={mine.info.backend_pid})
    stop = threading.Event()
    thread = threading.Thread(target=listener.listen, args=(batches.put, stop), daemon=True)
    thread.start()
    try:
        assert states.get(timeout=RECONNECT_WAIT_S) == (True, "")
        mine.execute("SELECT pg_notify('mission_desk_changes', 'tag')")  # as 0009's trigger would
        other = Database.open(server_url)
        try:
            with other.transaction() as session:
                add_organisation(session, name="Theirs")
        finally:
            other.close()
        assert batches.get(timeout=SHOWN_WITHIN_S) == {"organisation"}  # "tag" (ours) is left out
    finally:
        stop.set()
        thread.join(5)
        mine.close()
