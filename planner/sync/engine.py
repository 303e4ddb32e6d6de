"""One sync: open the server (same schema and plan, or refuse), then rounds of pull → apply →
push until nothing is left to send. A push that finds a record changed on the server since the
pull is rolled back whole and the round starts again with a pull; a kill or a dropped connection
at any moment leaves the server with a whole push or none of it, and the file with the cursor and
last-synced copies of what it last applied — the next sync repeats nothing twice (a pulled echo
of this laptop's own push equals the file and changes nothing)."""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

from planner.domain.timezones import utc_now
from planner.storage.database import Database
from planner.storage.files.crashpoints import crashpoint
from planner.storage.server.server import display_url
from planner.sync import apply, local, remote, tables
from planner.sync.errors import OtherPlanError, SyncError
from planner.sync.report import SyncReport

MAX_ROUNDS = 6
Progress = Callable[[str], None]


def _without_password(url: str) -> str:
    """The URL to remember: no password (it comes from the keyring or libpq's password file)."""
    try:
        return make_url(url)._replace(password=None).render_as_string(hide_password=False)
    except ArgumentError:
        return url


def _has_plan(db: Database) -> bool:
    with db.engine.connect() as conn:
        return any(conn.execute(sa.select(t.c.id).limit(1)).first() is not None
                   for t in tables.synced_tables())


def _say(progress: Progress | None, text: str) -> None:
    if progress is not None:
        progress(text)


def sync(db: Database, server_url: str | None = None, *, progress: Progress | None = None) -> SyncReport:
    if getattr(db, "is_server", False):
        raise SyncError("Sync runs on a laptop's file: this plan is already on the server.")
    with db.engine.connect() as conn:
        remembered = local.get_meta(conn, local.SERVER)
        mine_plan = local.get_meta(conn, local.PLAN_ID)
        since = local.cursor(conn)
    url = server_url or remembered
    if not url:
        raise SyncError("This file has never synced: name the team server (planner sync --server "
                        "postgresql://USER@HOST/DATABASE).")
    shown = display_url(url)
    kept = _without_password(url)
    if remembered and server_url and kept != remembered and mine_plan:
        raise OtherPlanError(f"This file syncs with {remembered}, not {shown}. To work with another "
                             "plan, open or clone it into a new file.")
    started = time.perf_counter()
    report = SyncReport(server=shown)
    empty_file = since == 0 and not _has_plan(db)
    _say(progress, f"Connecting to {shown}…")
    server = remote.open_server(url)
    try:
        plan = remote.plan_id(server)
        if mine_plan and mine_plan != plan:
            raise OtherPlanError(f"{shown} holds another plan than the one this file synced with: "
                                 "nothing was sent. Clone that plan into a new file instead.")
        if not mine_plan:
            with db.transaction() as session:
                local.set_meta(session.connection(), local.PLAN_ID, plan)
                local.set_meta(session.connection(), local.SERVER, kept)
        last_refusal = ""
        for round_ in range(1, MAX_ROUNDS + 1):
            report.rounds = round_
            _say(progress, "Taking the team's changes…")
            with db.engine.connect() as conn:
                since = local.cursor(conn)
            pulled = remote.pull(server, since)
            if round_ == 1 and pulled.server_empty and not empty_file:
                report.published = True
            erased = apply.erase_pulled(db, pulled, report)
            apply.apply(db, pulled, report, erased)
            crashpoint("sync-after-apply")
            with db.engine.connect() as conn:
                sending = local.pending(conn)
            if not sending:
                break
            _say(progress, f"Sending {len(sending)} change(s)…")
            try:
                versions = remote.push(server, sending, pulled.cursor)
            except remote.Retry as exc:
                last_refusal = str(exc)
                continue
            crashpoint("sync-after-push")  # the server has it, the file does not know yet
            apply.mark_pushed(db, sending, versions)
            report.pushed += len(versions)
        else:
            raise SyncError("The server kept changing while this sync ran (other laptops sending "
                            f"at the same moment; last: {last_refusal}): nothing is lost; sync again "
                            "in a moment.")
        with db.transaction() as session:
            local.set_meta(session.connection(), local.LAST_SYNC, utc_now().isoformat())
            local.set_meta(session.connection(), local.SERVER, kept)
    finally:
        server.close()
    report.cloned = empty_file and report.pulled > 0
    report.seconds = time.perf_counter() - started
    return report
