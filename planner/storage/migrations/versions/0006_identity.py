"""identity: person aliases (other e-mails and names) and registration-system keys

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

- ``person_alias``: a person's other e-mails, romanised names, native-script names and readings,
  each with its matching key; every match looks at them;
- ``person_external_id``: the key a registration system gave a person for one event
  (Eventbrite Attendee #, pretix order code + position, Indico registration ID);
- ``distinct_people``: pairs a user said are two people (not proposed as duplicates again);
- merges made before this revision kept the removed record's e-mail only as a line
  "Other e-mail: …" in the notes: each such address becomes an e-mail alias (the note stays).

``_email_key`` is a frozen copy of ``planner.imports.normalise.email_key`` as of this revision.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_OTHER_EMAIL = re.compile(r"^Other e-mail: (\S+@\S+)\s*$", re.MULTILINE)
_ZW = {ord(ch): None for ch in "\u200b\u200c\u200d\ufeff\u2060\u00ad"}


def _email_key(s: str) -> str:
    if s.isascii():
        return s.strip().lower()
    for _ in range(4):
        new = unicodedata.normalize("NFKC", s.translate(_ZW)).casefold()
        new = unicodedata.normalize("NFKC", new).translate(_ZW)
        if new == s:
            break
        s = new
    return s.strip()


def _now() -> str:
    return datetime.now(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def upgrade() -> None:
    op.create_table(
        "person_alias",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("email", "name", "native", "reading", name="aliaskind",
                                  native_enum=False, create_constraint=False, length=32),
                  nullable=False),
        sa.Column("value", sa.String(length=320), nullable=False),
        sa.Column("given_name", sa.String(length=200), nullable=False),
        sa.Column("family_name", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=320), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_person_alias_person_id_person"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_alias")),
        sa.UniqueConstraint("person_id", "kind", "key", name="uq_person_alias_person_kind_key"),
        sa.UniqueConstraint("uuid", name=op.f("uq_person_alias_uuid")),
    )
    with op.batch_alter_table("person_alias", schema=None) as batch_op:
        batch_op.create_index("ix_person_alias_kind_key", ["kind", "key"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_alias_person_id"), ["person_id"], unique=False)
    op.create_table(
        "person_external_id",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"],
                                name=op.f("fk_person_external_id_event_id_event"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_person_external_id_person_id_person"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_external_id")),
        sa.UniqueConstraint("source", "event_id", "value",
                            name="uq_person_external_id_source_event_value"),
        sa.UniqueConstraint("uuid", name=op.f("uq_person_external_id_uuid")),
    )
    with op.batch_alter_table("person_external_id", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_external_id_event_id"), ["event_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_person_external_id_person_id"), ["person_id"],
                              unique=False)
    op.create_table(
        "distinct_people",
        sa.Column("person_a_id", sa.Integer(), nullable=False),
        sa.Column("person_b_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_a_id"], ["person.id"],
                                name=op.f("fk_distinct_people_person_a_id_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_b_id"], ["person.id"],
                                name=op.f("fk_distinct_people_person_b_id_person"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distinct_people")),
        sa.UniqueConstraint("person_a_id", "person_b_id",
                            name="uq_distinct_people_person_a_id_person_b_id"),
        sa.UniqueConstraint("uuid", name=op.f("uq_distinct_people_uuid")),
    )
    with op.batch_alter_table("distinct_people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_distinct_people_person_a_id"), ["person_a_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_distinct_people_person_b_id"), ["person_b_id"],
                              unique=False)
    _emails_from_notes(op.get_bind())


def _emails_from_notes(conn: sa.engine.Connection) -> None:
    now = _now()
    rows = conn.execute(sa.text("SELECT id, email_key, notes FROM person "
                                "WHERE notes LIKE '%Other e-mail: %'")).all()
    for pid, own_key, notes in rows:
        seen = {own_key}
        for address in _OTHER_EMAIL.findall(notes or ""):
            key = _email_key(address)
            if key in seen:
                continue
            seen.add(key)
            conn.execute(sa.text(
                "INSERT INTO person_alias (person_id, kind, value, given_name, family_name, key, "
                "source, uuid, created_at, updated_at) VALUES (:p, 'email', :v, '', '', :k, "
                "'merge', :u, :t, :t)"), {"p": pid, "v": address[:320], "k": key[:320],
                                        "u": str(uuid.uuid4()), "t": now})


def downgrade() -> None:
    op.drop_table("distinct_people")
    op.drop_table("person_external_id")
    op.drop_table("person_alias")
