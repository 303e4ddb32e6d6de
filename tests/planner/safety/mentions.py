"""A person named in every free-text column of every table, written in the ways people write.

The schema is walked (``Base.metadata``): every String/Text column that is not an enum, a uuid or
a primary key gets a mention of the subject appended to its first row, so a new table or column is
covered without editing this module. Tables the demo leaves empty get a row first. The forms
cycle through upper/lower case, full-width letters and digits, an ideographic space, the family
name first, the e-mail in capitals, a two-character native name and the mobile number with
spaces, dashes, ``+``/``00`` prefixes and a trunk ``(0)``.

The subject is the demo's own Łukasz Green (given an e-mail, a two-character native name and a
Polish mobile for the purpose). The checks here are independent of ``planner.services.personal_data.privacy``: NFKC + casefold + collapsed
white space, on the stored values and on the database file's bytes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select

from planner.domain.enums import AttendeeSide
from planner.services.events.delegations import add_delegate, add_event_contact, event_delegation
from planner.services.events.events import get_event
from planner.services.followup.followups import add_follow_up, add_lead
from planner.services.outputs.export_log import record_export
from planner.services.people.people import find_or_add_organisation, update_person
from planner.services.schedule.meetings import set_attendees
from planner.services.schedule.slots import set_slot_roles
from planner.storage.database import Database
from planner.storage.models import (
    Base,
    Delegate,
    Meeting,
    Person,
    Slot,
)

GIVEN, FAMILY = "Łukasz", "Green"
EMAIL = "lukasz.green@example.org"
NATIVE = "王伟"
MOBILE = "+48 601 234 567"

FORMS = [
    "ŁUKASZ GREEN",
    "łukasz green",
    "Łukasz\u3000Green",                      # ideographic space
    "GREEN Łukasz",
    "Green, Łukasz",
    "ｌｕｋａｓｚ．ｇｒｅｅｎ＠ｅｘａｍｐｌｅ．ｏｒｇ",   # full-width e-mail
    "LUKASZ.GREEN@EXAMPLE.ORG",
    NATIVE,
    "601-234-567",
    "+48 601 234 567",
    "0048 601234567",
    "＋４８ ６０１ ２３４ ５６７",                 # full-width digits
    "+48601234567",
    "(+48) 601 234 567",
    "Łukasz  ＧＲＥＥＮ",                         # double space, full-width capitals
]

# The places the issue names get a spelling of the name itself (the rest cycle through FORMS).
NAMED_SPOTS = {
    ("follow_up", "description"): "ŁUKASZ GREEN",
    ("lead", "notes"): "łukasz green",
    ("export_log", "path"): "Łukasz\u3000Green",
    ("person", "notes"): "Łukasz  ＧＲＥＥＮ",       # a colleague's notes
    ("meeting", "notes"): "GREEN Łukasz",
    ("meeting", "objective"): "Green, Łukasz",
}

# The person table's own identity columns hold *that* person's name, e-mail and phones: a
# colleague is not renamed to the subject. Everything else in it (notes, job title …) is text.
PERSON_IDENTITY = {"given_name", "family_name", "native_name", "native_reading", "email", "email_key",
                   "phone", "mobile"}
NOT_TEXT = {"uuid", "person_uuid", "subject_uuid"}
SEPARATOR = " ¶ "


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = unicodedata.normalize("NFKC", text.casefold())
    return re.sub(r"\s+", " ", text)


FOLDED_FORMS = [fold(f) for f in FORMS]


def found_forms(value: str | None) -> list[str]:
    """The planted forms still in ``value`` (folded comparison)."""
    if not value:
        return []
    folded = fold(value)
    return [form for form, f in zip(FORMS, FOLDED_FORMS, strict=True) if f in folded]


def text_columns(table: sa.Table) -> list[sa.Column[Any]]:
    """Every column that can hold free text: String/Text, not an enum, a uuid or the key."""
    return [c for c in table.columns
            if isinstance(c.type, sa.String | sa.Text) and not isinstance(c.type, sa.Enum)
            and c.name not in NOT_TEXT and not c.primary_key
            and not (table.name == "person" and c.name in PERSON_IDENTITY)]


def _filler(column: sa.Column[Any], conn: sa.Connection) -> Any:
    for fk in column.foreign_keys:
        target = fk.column
        return conn.execute(select(target).order_by(target).limit(1)).scalar()
    kind = column.type
    if isinstance(kind, sa.Enum):
        return kind.enums[0]
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 10, 13, 9, 0)
    if isinstance(kind, sa.Date):
        return date(2026, 10, 13)
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer | sa.Float | sa.Numeric):
        return 0
    return "filler"


def fill_empty_tables(conn: sa.Connection) -> None:
    """One row in every table the demo leaves empty (every required column filled)."""
    for table in Base.metadata.sorted_tables:
        if conn.execute(select(sa.func.count()).select_from(table)).scalar():
            continue
        values = {}
        for column in table.columns:
            if column.primary_key and column.autoincrement and isinstance(column.type, sa.Integer):
                continue
            if column.default is not None or column.server_default is not None:
                continue
            if column.nullable and not column.foreign_keys:
                continue
            values[column.name] = _filler(column, conn)
        conn.execute(table.insert().values(**values))


@dataclass(frozen=True)
class Spot:
    table: str
    column: str
    pk: Any
    before: str     # the value before the mention was appended
    form: str


@dataclass
class Subject:
    uuid: str
    person_id: int
    spots: list[Spot]
    export_path: str
    meeting_id: int
    slot_id: int


def plant_subject(db: Database, tmp_path: Path) -> Subject:
    with db.transaction() as s:
        fill_empty_tables(s.connection())
        event = get_event(s, "biojapan-2026")
        org = find_or_add_organisation(s, "Green Analytics sp. z o.o.")
        p = s.scalars(select(Person).where(Person.given_name == GIVEN, Person.family_name == FAMILY)).one()
        update_person(s, p, email=EMAIL, native_name=NATIVE, mobile=MOBILE)
        delegation = event_delegation(s, event)
        if not s.scalars(select(Delegate).where(Delegate.person_id == p.id)).first():
            add_delegate(s, delegation, p, notes="aisle seat")
        add_event_contact(s, event, p, source="card")
        meeting = s.scalars(select(Meeting).where(Meeting.event_id == event.id).order_by(Meeting.id.desc())).first()
        slot = s.scalars(select(Slot).where(Slot.event_id == event.id).order_by(Slot.id.desc())).first()
        assert meeting is not None and slot is not None
        theirs = [a.person for a in meeting.attendees if a.side is AttendeeSide.COUNTERPART]
        set_attendees(s, meeting, AttendeeSide.COUNTERPART, [*theirs, p])
        lead_role = slot.kind.lead_role
        set_slot_roles(s, slot, [x.person for x in slot.people if x.role is lead_role] + [p],
                       [x.person for x in slot.people if x.role is not lead_role])
        lead = add_lead(s, event, person=p, organisation=org, owner=p, notes="licensing")
        add_follow_up(s, lead, description="Send the deck", owner=p)
        path = tmp_path / f"Pack - {GIVEN} {FAMILY}.pdf"
        path.write_bytes(b"%PDF-1.4 fake")
        record_export(s, kind="pack", path=path, event=event, person_ids=[p.id])
        s.flush()
        subject = Subject(p.uuid, p.id, [], str(path.resolve()), meeting.id, slot.id)
        conn = s.connection()
        n = 0
        for table in Base.metadata.sorted_tables:
            columns = text_columns(table)
            pk = list(table.primary_key.columns)
            if not columns or len(pk) != 1:
                continue
            first = conn.execute(select(table).order_by(pk[0]).limit(1)).mappings().first()
            assert first is not None, table.name
            values = {}
            for column in columns:
                form = NAMED_SPOTS.get((table.name, column.name)) or FORMS[n % len(FORMS)]
                n += 1
                before = first[column.name] or ""
                values[column.name] = f"{before}{SEPARATOR}{form}"
                subject.spots.append(Spot(table.name, column.name, first[pk[0].name], before, form))
            conn.execute(table.update().where(pk[0] == first[pk[0].name]).values(**values))
    return subject


def remaining(db: Database, subject: Subject) -> dict[str, list[str]]:
    """``table.column#pk`` → the planted forms still there (a deleted row counts as clean)."""
    left: dict[str, list[str]] = {}
    with db.session() as s:
        conn = s.connection()
        for spot in subject.spots:
            table = Base.metadata.tables[spot.table]
            pk = next(iter(table.primary_key.columns))
            value = conn.execute(select(table.c[spot.column]).where(pk == spot.pk)).scalar()
            forms = found_forms(value)
            if forms:
                left[f"{spot.table}.{spot.column}#{spot.pk}"] = forms
    return left


def forms_in_bytes(path: Path) -> dict[str, list[str]]:
    """Planted forms (folded) in the database file and its WAL, as UTF-8 text."""
    found = {}
    for suffix in ("", "-wal"):
        candidate = Path(str(path) + suffix)
        if candidate.exists() and candidate.stat().st_size:
            forms = found_forms(candidate.read_bytes().decode("utf-8", "replace"))
            if forms:
                found[candidate.name] = forms
    return found
