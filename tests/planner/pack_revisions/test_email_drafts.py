"""E-mail drafts: one .eml per delegate pack, read back with Python's ``email`` package the way a
mail program parses it (RFC 5322 / MIME): To the delegate, a short text, the pack attached
byte for byte, ``X-Unsent: 1`` (Outlook opens it as a message to send), no From, Date or
Message-ID (the mail program fills them in); logged like every export; nothing sent."""

from __future__ import annotations

import email
import socket
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.exports.briefing.email_draft import Draft, build_message
from planner.storage.database import Database
from planner.storage.models import ExportLog, ExportLogPerson, Person
from tests.planner.pack_revisions.conftest import ALICE, BEN, EVENT, cli, export_pack, meeting_of

pytestmark = pytest.mark.engines


def parse(path: Path) -> EmailMessage:
    msg = email.message_from_bytes(path.read_bytes(), policy=default)
    assert isinstance(msg, EmailMessage)
    return msg


def test_each_pack_gets_a_draft_to_its_delegate_with_the_pack_attached_intact(demo_db: Database, tmp_path: Path,
                                                                              monkeypatch):
    def no_network(*_a: object, **_k: object) -> None:
        raise AssertionError("Mission Desk must not open a connection to send mail")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    drafts = tmp_path / "drafts"
    pdf = export_pack(demo_db, tmp_path / "packs", ALICE, "--email-drafts", str(drafts))
    (eml,) = drafts.glob("*.eml")
    assert eml.stem == pdf.stem
    msg = parse(eml)
    assert msg["To"].addresses[0].addr_spec == ALICE
    assert msg["To"].addresses[0].display_name == "Alice Fraser"
    assert msg["X-Unsent"] == "1"
    assert msg["From"] is None and msg["Date"] is None and msg["Message-ID"] is None
    assert msg["Subject"] == "Your briefing pack: BioJapan 2026 — UK Life Sciences Mission"
    body = msg.get_body(("plain",))
    assert body is not None and body.get_content().startswith("Dear Alice Fraser,")
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == pdf.name
    assert attachment.get_content() == pdf.read_bytes()  # the pack, byte for byte
    assert eml.stat().st_mode & 0o077 == 0  # personal data: owner only, like every export


def test_a_draft_is_logged_with_the_people_its_pack_holds(demo_db: Database, tmp_path: Path):
    export_pack(demo_db, tmp_path / "packs", ALICE, "--email-drafts", str(tmp_path / "drafts"))
    (eml,) = (tmp_path / "drafts").glob("*.eml")
    with demo_db.session() as s:
        logs = {log.kind: {p.person_uuid for p in log.people} for log in s.scalars(select(ExportLog))}
        alice = s.scalars(select(Person.uuid).where(Person.email == ALICE)).one()
        (path,) = s.scalars(select(ExportLog.path).where(ExportLog.kind == "briefing_email")).all()
        assert s.scalars(select(ExportLogPerson).where(ExportLogPerson.person_uuid == alice)).all()
    assert path == str(eml.resolve())
    assert logs["briefing_email"] == logs["briefing"] and alice in logs["briefing_email"]


def test_a_reprinted_packs_draft_says_what_changed(demo_db: Database, tmp_path: Path, capsys):
    folder = tmp_path / "packs"
    export_pack(demo_db, folder, ALICE)
    assert cli(demo_db, "meetings", "edit", meeting_of(demo_db, ALICE, "Kansai Bio Innovations"),
               "--start", "11:00") == 0
    assert cli(demo_db, "packs", "reprint", "--event", EVENT, "--out", str(folder),
               "--email-drafts", str(tmp_path / "drafts")) == 0
    (eml,) = (tmp_path / "drafts").glob("*.eml")
    msg = parse(eml)
    assert msg["Subject"].endswith("(updated)")
    body = msg.get_body(("plain",))
    assert body is not None and "moved Wed 14 Oct 10:15–10:45 → 11:00–11:30" in body.get_content()


def test_drafts_need_delegates_packs(demo_db: Database, tmp_path: Path, capsys):
    code = cli(demo_db, "export", "briefing", "--event", EVENT, "--out", str(tmp_path / "all.pdf"),
               "--email-drafts", str(tmp_path / "drafts"))
    assert code == 2
    assert "--email-drafts" in capsys.readouterr().err
    assert not (tmp_path / "all.pdf").exists() and not (tmp_path / "drafts").exists()


def test_a_name_cannot_add_headers_and_no_address_means_no_recipient(tmp_path: Path):
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    evil = build_message(Draft("Eve\r\nBcc: spy@example.org", "eve@example.org", "Pack\nBcc: x@example.org",
                               "Hello", pdf))
    back = email.message_from_bytes(bytes(evil), policy=default)
    assert back["Bcc"] is None and back["To"].addresses[0].addr_spec == "eve@example.org"
    nobody = email.message_from_bytes(bytes(build_message(Draft("Zoë", "", "Pack", "Hello", pdf))), policy=default)
    assert nobody["To"] is None
    assert next(nobody.iter_attachments()).get_content() == pdf.read_bytes()


def test_a_delegate_without_e_mail_gets_a_draft_without_recipient_and_a_warning(demo_db: Database, tmp_path: Path,
                                                                               capsys):
    with demo_db.transaction() as s:
        ben = s.scalars(select(Person).where(Person.email == BEN)).one()
        ben.email, uuid = "", ben.uuid
    capsys.readouterr()
    assert cli(demo_db, "export", "briefing", "--event", EVENT, "--delegate", uuid, "--out",
               str(tmp_path / "packs") + "/", "--email-drafts", str(tmp_path / "drafts")) == 0
    assert "1 draft(s) have no recipient (no e-mail address): Ben McAllister" in capsys.readouterr().err
    (eml,) = (tmp_path / "drafts").glob("*.eml")
    msg = parse(eml)
    assert msg["To"] is None and msg["X-Unsent"] == "1"
