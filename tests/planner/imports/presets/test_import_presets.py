"""Each preset and each encoding, end to end: file written here → detected → imported."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.domain.enums import NameOrder
from planner.imports.errors import FileRejected
from planner.imports.plan import ImportOptions
from planner.imports.service import apply_import, plan_import
from planner.storage.database import Database
from planner.storage.models import Person
from tests.planner.imports.helpers import EVENT, make_event

pytestmark = pytest.mark.engines

EVENTBRITE = (
    "Order #,Order Date,First Name,Last Name,Email,Quantity,Price Tier,Ticket Type,Attendee #,"
    "Group,Order Type,Currency,Total Paid,Fees Paid,Eventbrite Fees,"
    "Eventbrite Payment Processing,Attendee Status,Home Country,Job Title,Company\n"
    "1001,2026-05-01,Alice,Fraser,alice@aldgate.example,1,,Delegate,5001,,Eventbrite Completed,"
    "GBP,100,5,3,2,Attending,United Kingdom,CEO,Aldgate Therapeutics Ltd\n"
    "1002,2026-05-02,Bob,Refund,bob@x.example,1,,Delegate,5002,,Eventbrite Completed,GBP,0,0,0,"
    "0,Refunded,United Kingdom,,X\n"
)
EVENTBRITE_OLD = (
    "Attendee #,Date,Last Name,First Name,Email,QTY,Ticket Type,Date Attending,Order #,"
    "Order Type,Attendee Status,Amount (USD),Company\n"
    "7,2019-01-01,Fraser,Alice,alice@aldgate.example,1,GA,2019-02-01,55,Paid,Attending,10,"
    "Aldgate\n"
)
PRETIX_EN = (
    "Event slug,Order code,Position ID,Status,Email,Phone number,Order date,Order time,Product,"
    "Variation,Price,Attendee name,Attendee email,Company\n"
    "symp,ABC12,1,paid,buyer@x.example,,2026-05-01,10:00,Ticket,,50,Jane Smith,"
    "jane@acme.example,Acme Ltd\n"
    "symp,ABC12,2,canceled,buyer@x.example,,2026-05-01,10:00,Ticket,,50,Gone Person,"
    "gone@acme.example,Acme Ltd\n"
)
PRETIX_DE = (
    "Kurzname der Veranstaltung;Bestellnummer;Position;Status;E-Mail;Telefonnummer;Bestelldatum;"
    "Produkt;Name Teilnehmer*in;E-Mail Teilnehmer*in;Firma\n"
    "symp;XYZ;1;bezahlt;kauf@x.example;;2026-05-01;Ticket;Jürgen Müller;"
    "juergen@bio.example;Bio GmbH\n"
)
INDICO = (
    "ID,Name,Registration date,Registration state,Email Address,Affiliation,Position\n"
    "1,Hana Sato,2026-04-01,complete,hana@kyoto-u.example,Kyoto University,Professor\n"
)
BRELLA = ("Email,First name,Last name,Company,Title,Seats\n"
          "kim@samsung.example,Min-jun,Kim,Samsung Biologics,Director,1\n")
SWAPCARD = ("First Name;Last Name;Job Title;Company;Email Address;Country\n"
            "Lucas;Martin;CTO;Lune Microbiome Ltd;lucas@lune.example;France\n")
TALQUE = ("First Name,Last Name,Email,Company Name,Job title,Origin,Country\n"
          "Priya,Patel,priya@eden.example,Eden Genomics,CSO,Booth scan,GB\n")
GENERIC = ("Given name,Family name,Native name,Email,Organisation,Job title,Country,Phone,Role,"
           "Dietary,Notes\n"
           "Taro,Yamada,山田 太郎,taro@sakura.example,Sakura Pharma K.K.,CEO,JP,,delegate,"
           "halal,\n")


@pytest.mark.parametrize(("text", "preset", "email", "given", "family", "org"), [
    (EVENTBRITE, "eventbrite", "alice@aldgate.example", "Alice", "Fraser",
     "Aldgate Therapeutics Ltd"),
    (EVENTBRITE_OLD, "eventbrite", "alice@aldgate.example", "Alice", "Fraser", "Aldgate"),
    (PRETIX_EN, "pretix", "jane@acme.example", "Jane", "Smith", "Acme Ltd"),
    (PRETIX_DE, "pretix", "juergen@bio.example", "Jürgen", "Müller", "Bio GmbH"),
    (INDICO, "indico", "hana@kyoto-u.example", "Hana", "Sato", "Kyoto University"),
    (BRELLA, "brella", "kim@samsung.example", "Min-jun", "Kim", "Samsung Biologics"),
    (SWAPCARD, "swapcard", "lucas@lune.example", "Lucas", "Martin", "Lune Microbiome Ltd"),
    (TALQUE, "talque", "priya@eden.example", "Priya", "Patel", "Eden Genomics"),
    (GENERIC, "generic", "taro@sakura.example", "Taro", "Yamada", "Sakura Pharma K.K."),
])
def test_each_preset_is_detected_and_imported(db: Database, tmp_path: Path, text: str,
                                              preset: str, email: str, given: str,
                                              family: str, org: str) -> None:
    make_event(db)
    path = tmp_path / f"{preset}.csv"
    path.write_text(text, encoding="utf-8")
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    assert plan.preset == preset and plan.applied and plan.ok
    assert plan.counts["add"] == 1
    with db.session() as s:
        people = s.scalars(select(Person)).all()
        assert [(p.email, p.given_name, p.family_name) for p in people] == [(email, given, family)]
        assert people[0].organisation is not None and people[0].organisation.name == org


def test_skipped_rows_of_presets_are_reported(db: Database, tmp_path: Path) -> None:
    make_event(db)
    for name, text in (("eb.csv", EVENTBRITE), ("pretix.csv", PRETIX_EN)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with db.session() as s:
            plan = plan_import(s, path, "people", EVENT)
        assert plan.counts["skip"] == 1
        assert any("not imported" in r.detail for r in plan.rows if r.action == "skip")


HEADER = "Name,Email,Organisation\n"


@pytest.mark.parametrize(("encoding", "bom", "name", "org", "needs_choice"), [
    ("utf-8", codecs.BOM_UTF8, "山田 太郎", "ＡＢＣ商事株式会社", False),
    ("utf-8", b"", "Zoë Ødegård", "Øresund Bio", False),
    ("cp1252", b"", "Zoë Ødegård", "Øresund Bio", True),
    ("cp932", b"", "髙橋 﨑子", "株式会社髙島", True),
    ("cp949", b"", "김민준", "삼성바이오", True),
    ("gb18030", b"", "王伟", "北京生物有限公司", True),
    ("utf-16-le", codecs.BOM_UTF16_LE, "김민준", "삼성바이오", False),
])
def test_each_encoding(db: Database, tmp_path: Path, encoding: str, bom: bytes, name: str,
                       org: str, needs_choice: bool) -> None:
    make_event(db)
    sep = "\t" if encoding.startswith("utf-16") else ";"
    text = HEADER.replace(",", sep) + sep.join([name, "p@x.example", org]) + "\r\n"
    path = tmp_path / "people.csv"
    path.write_bytes(bom + text.encode(encoding))
    if needs_choice:
        with db.session() as s, pytest.raises(FileRejected) as info:
            plan_import(s, path, "people", EVENT)
        assert "not UTF-8" in info.value.message and encoding in info.value.message
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT,
                            ImportOptions(encoding=encoding if needs_choice else None))
    assert plan.applied and plan.counts["add"] == 1
    with db.session() as s:
        person = s.scalars(select(Person)).one()
        assert person.organisation is not None and person.organisation.name == org
        if name.isascii() or "Zoë" in name:
            assert (person.given_name, person.family_name) == tuple(name.split(" "))
        else:
            assert person.native_name.replace(" ", "") == name.replace(" ", "")
            assert person.name_order is NameOrder.FAMILY_FIRST
            assert person.family_name == name.split(" ")[0][:len(person.family_name)]
