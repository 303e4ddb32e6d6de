"""Team roles on the server: each person logs in as their own role, an editor changes the plan,
a viewer reads it and is refused a change with a clear message, and a hostile role name is only
ever a name.

These tests need the test server (``PLANNER_TEST_PG_URL``, see tests/planner/conftest.py); its
role may create roles (``.ci/postgres.sh`` gives it CREATEROLE). The roles they add are cluster-wide,
so each gets a unique name and is dropped afterwards.
"""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from planner.cli import main
from planner.errors import ReadOnlyError
from planner.services.people.people import add_person
from planner.storage import models as m
from planner.storage.database import Database
from planner.storage.server import roles

PASSWORD = "correct horse battery staple"


@pytest.fixture
def plan_url(pg_empty_url: str) -> str:
    """A migrated plan on the server with one person, created by the test role (its owner)."""
    db = Database.open(pg_empty_url)
    try:
        with db.transaction() as s:
            add_person(s, given_name="Priya", family_name="Shah", email="priya@example.org")
    finally:
        db.close()
    return pg_empty_url


@pytest.fixture
def new_roles(plan_url: str) -> Iterator[list[str]]:
    """Names of roles a test creates; dropped at the end (the groups keep existing)."""
    made: list[str] = []
    yield made
    engine = sa.create_engine(plan_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            from psycopg import sql

            for name in made:
                raw.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
    finally:
        engine.dispose()


def _as(url: str, role: str) -> str:
    return make_url(url).set(username=role, password=PASSWORD).render_as_string(hide_password=False)


def _add(url: str, role: str, *, viewer: bool = False, name: str = "") -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            roles.add_user(conn, role, PASSWORD, viewer=viewer, full_name=name)
    finally:
        engine.dispose()


def _unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def test_an_editor_changes_the_plan_as_their_own_role(plan_url: str, new_roles: list[str]) -> None:
    alice = _unique("alice")
    new_roles.append(alice)
    _add(plan_url, alice, name="Alice Martin")
    db = Database.open(_as(plan_url, alice))
    assert not db.read_only
    try:
        with db.transaction() as s:
            person = s.scalars(sa.select(m.Person)).one()
            person.job_title = "Head of BD"
            added = add_person(s, given_name="Ken", family_name="Sato", email="ken@example.org")
        with db.session() as s:
            assert s.get(m.Person, person.id).job_title == "Head of BD"  # type: ignore[union-attr]
            assert s.get(m.Person, added.id).changed_by == alice  # type: ignore[union-attr]
        with db.transaction() as s:
            s.delete(s.get(m.Person, added.id))
        with pytest.raises(ReadOnlyError), db.engine.begin() as conn:  # not the schema's
            conn.execute(sa.text("UPDATE alembic_version SET version_num = '0001'"))
    finally:
        db.close()


def test_a_viewer_reads_but_a_change_is_refused_and_nothing_changes(
        plan_url: str, new_roles: list[str]) -> None:
    bob = _unique("bob")
    new_roles.append(bob)
    _add(plan_url, bob, viewer=True)
    db = Database.open(_as(plan_url, bob))
    try:
        assert db.read_only  # known at open: the window starts read-only
        with db.session() as s:
            assert [p.email for p in s.scalars(sa.select(m.Person))] == ["priya@example.org"]
        with pytest.raises(ReadOnlyError, match="read-only"), db.transaction() as s:
            add_person(s, given_name="Not", family_name="Saved", email="no@example.org")
        with pytest.raises(ReadOnlyError), db.transaction() as s:
            s.scalars(sa.select(m.Person)).one().notes = "changed"
    finally:
        db.close()
    owner = Database.open(plan_url)
    try:
        with owner.session() as s:
            people = list(s.scalars(sa.select(m.Person)))
        assert [(p.email, p.notes) for p in people] == [("priya@example.org", "")]
    finally:
        owner.close()


def test_a_hostile_role_name_is_only_a_name(plan_url: str, new_roles: list[str]) -> None:
    hostile = 'x"; DROP TABLE person; --'
    new_roles.append(hostile)
    _add(plan_url, hostile, viewer=True, name="Robert'); DROP TABLE event; --")
    engine = sa.create_engine(plan_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM person")).scalar_one() == 1
            assert conn.execute(sa.text("SELECT count(*) FROM event")).scalar_one() == 0
            members = {u.role: u for u in roles.list_users(conn)}
    finally:
        engine.dispose()
    assert members[hostile].access == "viewer"
    assert members[hostile].full_name == "Robert'); DROP TABLE event; --"
    db = Database.open(_as(plan_url, hostile))  # it logs in under exactly that name
    db.close()


def test_names_postgresql_would_change_are_refused_before_anything_runs() -> None:
    for bad in ("", "  ", " alice", "pg_admin", "public", roles.EDITOR_GROUP, "a" * 64, "tab\there"):
        with pytest.raises(roles.RoleError):
            roles.check_role_name(bad)
    assert roles.check_role_name("é" * 31) == "é" * 31  # 62 bytes: kept whole


def test_an_existing_role_is_refused(plan_url: str, new_roles: list[str]) -> None:
    carol = _unique("carol")
    new_roles.append(carol)
    _add(plan_url, carol)
    with pytest.raises(roles.RoleError, match="exists"):
        _add(plan_url, carol, viewer=True)
    engine = sa.create_engine(plan_url)
    try:
        with engine.connect() as conn:
            assert [u.access for u in roles.list_users(conn) if u.role == carol] == ["editor"]
    finally:
        engine.dispose()


def test_the_commands_add_and_list_with_the_password_from_stdin(
        plan_url: str, new_roles: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    dave = _unique("dave")
    new_roles.append(dave)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["--db", plan_url, "team", "add-user", dave, "--name", "Dave Ng",
                 "--password-stdin"]) == 0
    assert PASSWORD not in capsys.readouterr().out
    assert main(["--db", plan_url, "team", "list", "--json"]) == 0
    listed = {u["role"]: u for u in json.loads(capsys.readouterr().out)}
    assert listed[dave] == {"role": dave, "access": "editor", "can_login": True, "full_name": "Dave Ng"}
    Database.open(_as(plan_url, dave)).close()  # the password from stdin is the one set


def test_team_commands_refuse_a_file_and_grants_print_the_sql(
        tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", f"{tmp_path}/plan.db", "team", "list"]) == 2
    assert "team server" in capsys.readouterr().err
    assert main(["team", "grants", "--database", "plan"]) == 0
    script = capsys.readouterr().out
    assert f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {roles.VIEWER_GROUP};" in script
    assert "PASSWORD" not in script  # psql's \password hashes it on the administrator's computer
