"""Personal data: erasure of one person, and the subject-access export.

Erasure (:func:`erase_person`) removes a person *everywhere*, in one transaction:

* the ``person`` row, and through its foreign keys every link: delegate, event contact, slot
  (presenter/attendee) and meeting-attendee rows are deleted (``ON DELETE CASCADE``); a lead's
  owner, a follow-up's owner and an outcome's ``recorded_by`` are cleared (``SET NULL``);
* **leads about them** (``lead.person_id``): a lead that also names an organisation is the
  organisation's opportunity and is kept with the person cleared; a lead that names no
  organisation concerns only them and is deleted with its follow-up actions;
* notes about them (``note.subject_uuid``) and their entries in the export log
  (``export_log_person``) — the exported files that contain them are listed *first*;
* their names, e-mail and phone numbers wherever they were typed into free text are replaced
  by ``[erased]``: every String/Text column of every table (a walk of ``Base.metadata``, so a
  new column is covered without editing this module), other people's notes included; only a
  remaining person's own name, e-mail and phone columns are theirs and left alone.

Text is matched as people write it, not as SQLite's ``lower()`` sees it (that folds only ASCII):
NFKC and Unicode case-folding (``ŁUKASZ GREEN``, full-width ``ＧＲＥＥＮ``, an ideographic space
all find "Łukasz Green"), names in either order, a CJK name with or without its space (王伟),
and a phone number however it is grouped or prefixed (``601-234-567``, ``+48 601 234 567``,
``0048 601234567``, ``+44 (0)7700 900123`` …). The self-check uses the same :class:`Matcher`.

The people search index loses their row through its triggers and is merged (FTS5 ``optimize``)
*inside* the erasure's transaction, so a kill just after the commit leaves no index segment
with their words. Right after the commit the file is ``VACUUM``-ed (outside any transaction)
and its WAL checkpointed and truncated, so no freed page keeps them; ``secure_delete`` is on for
every connection. Then the text columns and the file's bytes are searched again for every form
of them (:func:`purge_free_space`); what is found is reported as traces.

Re-runnable to completion: the erasure's transaction also writes a small marker
(``app_meta`` ``erasure-pending:…``: salted hashes of their uuid, e-mail and names, their
internal id and the export-log ids that listed them — nothing readable). Until the self-check
passes, ``erase_person`` by e-mail, uuid or name finds the marker and finishes (scrub again,
vacuum, check) although the person row is gone; a name or e-mail with no marker whose text is
still in the file is scrubbed too. "No person …" is said only when there is nothing left.
:func:`finish_pending_erasures` completes interrupted erasures without an identifier (for the
app's start).

A pseudonymous :class:`AuditEntry` records that an erasure happened (internal id and counts).
Not in the file, so listed for the user instead: the exported files known to contain the
person (from the export log) and the backups taken before (they expire with rotation).
The GUI must drop every undo/redo step that mentions the person *by content*:
:func:`history_mentions` / :func:`purge_history` with the :class:`ErasureReport` (their uuid,
internal id in person links, and any text the :class:`Matcher` finds) — undo would otherwise
bring them back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from planner.domain.names import display_name
from planner.errors import NotFoundError, StoreError, ValidationError
from planner.services.changes import Changeset
from planner.services.export_log import ExportRecord, exports_containing, record_export
from planner.services.people import find_person
from planner.storage import backup, search_index
from planner.storage.database import Database, SaveError
from planner.storage.engine import connect_raw, describe_write_error
from planner.storage.models import (
    AppMeta,
    AuditEntry,
    Base,
    Event,
    ExportLog,
    ExportLogPerson,
    Lead,
    Note,
    Person,
)

ERASED = "[erased]"
MARKER = "erasure-pending:"
CHECKPOINT_WAIT_S = 10.0  # how long the final checkpoint waits for a reader to finish

# --------------------------------------------------------------------------- matching text
_IGNORABLE_CHARS = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
_IGNORABLE_RE = re.compile(f"[{_IGNORABLE_CHARS}]")
_SPACES = re.compile(r"\s+")
_SEP = r"[\s\-./()\u2010-\u2015\u2212]*"  # what people put between the digits of a phone number
# A word character of a script written with spaces: \w without CJK, which runs words together.
_WORD = ("[^\\W\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
         "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]")
_WORD_RE = re.compile(_WORD)
_CJK_RE = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                     "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]")
_PHONE_LIKE = re.compile(r"\(?\+?[\d\s\-./()\u2010-\u2015\u2212]+")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_MIN_PHONE_DIGITS = 7


def has_cjk(text: str) -> bool:
    """Whether ``text`` has a Chinese, Japanese or Korean character (names written without spaces)."""
    return _CJK_RE.search(text) is not None


def fold(text: str) -> str:
    """The form text is compared in: NFKC, then Unicode case-folding (not ASCII only), zero-width
    characters dropped. (White space is left as it is: patterns accept any run of it.)"""
    if text.isascii():
        return text.lower()
    if _IGNORABLE_RE.search(text):
        text = _IGNORABLE_RE.sub("", text)
    return unicodedata.normalize("NFKC", text).casefold()


def _needle(text: str) -> str:
    """A literal to look for: folded, white space single, trimmed."""
    return _SPACES.sub(" ", fold(text)).strip()


def _segments(text: str) -> list[tuple[int, int]]:
    """``text`` cut into units that fold on their own: a run of white space, or a character
    with the combining marks and zero-width characters that follow it."""
    spans, i, n = [], 0, len(text)
    while i < n:
        j = i + 1
        if text[i].isspace():
            while j < n and text[j].isspace():
                j += 1
        else:
            while j < n and (unicodedata.combining(text[j]) or text[j] in _IGNORABLE_CHARS):
                j += 1
        spans.append((i, j))
        i = j
    return spans


def _fold_mapped(text: str) -> tuple[str, list[int], list[tuple[int, int]]]:
    """``fold(text)`` built piece by piece, with the segment of ``text`` each character came from."""
    spans = _segments(text)
    out: list[str] = []
    owner: list[int] = []
    for k, (a, b) in enumerate(spans):
        piece = " " if text[a].isspace() else fold(text[a:b])
        if piece == " " and out and out[-1] == " ":
            continue
        out += piece
        owner += [k] * len(piece)
    return "".join(out), owner, spans


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", text))


def is_phone(text: str) -> bool:
    """Whether ``text`` is a phone number (digits, spaces, dashes, dots, brackets, a ``+``)."""
    normal = unicodedata.normalize("NFKC", text).strip()
    return bool(_PHONE_LIKE.fullmatch(normal)) and len(_digits(normal)) >= _MIN_PHONE_DIGITS


def _phone_patterns(text: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two patterns (on folded text) for a phone number however it is written: its last nine
    digits in any grouping (found fast: it starts with a digit), and what may come right before
    them — an international ``+``/``00`` prefix with the number's own or any country code, a
    trunk ``0`` or ``(0)``, the number's leading digits — never another digit."""
    digits = _digits(text)
    if digits.startswith("00"):
        digits = digits[2:]
    core, lead = digits[-9:], digits[:-9]

    def spaced(ds: str) -> str:
        return _SEP.join(ds)

    intl = r"\(?(?:\+|00)" + _SEP
    options = [intl + spaced(lead) + _SEP] if lead else []
    generic = f"(?:{intl}[0-9]{{1,3}}{_SEP})?(?:\\(?0\\)?{_SEP})?"
    if lead:
        generic += "(?:" + "|".join(spaced(lead[k:]) + _SEP for k in range(len(lead))) + ")?"
    options.append(generic)
    return (re.compile(spaced(core) + "(?![0-9])"),
            re.compile("(?<![0-9+])(?:" + "|".join(options) + r")\Z"))


def _trie_pattern(words: Iterable[str]) -> str:
    """One regular expression for many literal strings (a trie: fast with thousands of them;
    greedy, so the longest wins; a space stands for any run of white space)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + build(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class Matcher:
    """Finds identifying texts (names, e-mails, phone numbers, uuids) in any spelling.

    Literal texts are compared folded (:func:`fold`, any run of white space for a space); one
    that starts or ends with a letter of a spaced script must not run into another word there
    ("Łukasz Green" is not found in "Łukasz Greenberg"); CJK names are found inside running
    text. Phone numbers match by their digits (see :func:`_phone_patterns`).
    """

    _WINDOW = 40  # how far before a phone number's last digits its prefix may start

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = sorted({t.strip() for t in texts if t and t.strip()}, key=len, reverse=True)
        self._guards: dict[str, tuple[bool, bool]] = {}
        phones: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}
        for text in self.texts:
            if is_phone(text):
                phones.setdefault(_digits(text)[-9:] + "/" + _digits(text)[:-9], _phone_patterns(text))
                continue
            needle = _needle(text)
            if needle:
                self._guards[needle] = (bool(_WORD_RE.match(needle[0])), bool(_WORD_RE.match(needle[-1])))
        self._literal = re.compile(_trie_pattern(self._guards)) if self._guards else None
        self._phones = list(phones.values())

    def __bool__(self) -> bool:
        return self._literal is not None or bool(self._phones)

    def _spans(self, folded: str, *, first: bool = False) -> list[tuple[int, int]]:
        """Where the texts are in ``folded`` (sorted, merged where they overlap)."""
        spans: list[tuple[int, int]] = []
        if self._literal is not None:
            pos = 0
            while (m := self._literal.search(folded, pos)) is not None:
                a, b = m.span()
                start_guard, end_guard = self._guards.get(_SPACES.sub(" ", m.group()), (False, False))
                if b == a or (start_guard and a and _WORD_RE.match(folded[a - 1])) or \
                        (end_guard and b < len(folded) and _WORD_RE.match(folded[b])):
                    pos = a + 1
                    continue
                spans.append((a, b))
                if first:
                    return spans
                pos = b
        for core, prefix in self._phones:
            for m in core.finditer(folded):
                a, b = m.span()
                before = prefix.search(folded, max(0, a - self._WINDOW), a)
                if before is None:
                    continue
                spans.append((before.start(), b))
                if first:
                    return spans
        merged: list[tuple[int, int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return merged

    def search(self, text: str | None) -> bool:
        return bool(text) and bool(self) and bool(self._spans(fold(text or ""), first=True))

    def _replace(self, text: str) -> str | None:
        folded, owner, segments = _fold_mapped(text)
        cuts: list[tuple[int, int]] = []
        for m_start, m_end in self._spans(folded):
            a, b = segments[owner[m_start]][0], segments[owner[m_end - 1]][1]
            if cuts and a <= cuts[-1][1]:
                cuts[-1] = (cuts[-1][0], max(b, cuts[-1][1]))
            else:
                cuts.append((a, b))
        if not cuts:
            return None
        out, last = [], 0
        for a, b in cuts:
            out += [text[last:a], ERASED]
            last = b
        out.append(text[last:])
        return "".join(out)

    def scrub(self, text: str) -> str:
        """``text`` with every match replaced by ``[erased]``, the rest exactly as written (a
        value that cannot be cut cleanly is replaced whole)."""
        current = text
        for _attempt in range(4):
            if not self.search(current):
                return current
            replaced = self._replace(current) or self._replace(unicodedata.normalize("NFKC", current))
            if replaced is None:
                break
            current = replaced
        return current if not self.search(current) else ERASED

    def in_bytes(self, data: bytes) -> bool:
        """Whether the bytes, read as UTF-8 (damage and binary ignored), hold a match."""
        return bool(self) and bool(self._spans(fold(data.decode("utf-8", "replace")), first=True))


# --------------------------------------------------------------------------- who a person is
@dataclass
class ErasureReport:
    person_id: int
    deleted: dict[str, int] = field(default_factory=dict)   # rows deleted, by table
    cleared: dict[str, int] = field(default_factory=dict)   # references set to NULL, by table.column
    leads_deleted: int = 0
    leads_kept: int = 0
    text_scrubbed: int = 0       # free-text values in which they were replaced by [erased]
    exports: list[ExportRecord] = field(default_factory=list)
    backups_before: list[Path] = field(default_factory=list)
    vacuumed: bool = False
    residue: list[str] = field(default_factory=list)  # columns and files still holding them (should be [])
    person_uuid: str = ""
    resumed: bool = False        # finished an earlier erasure (the person row was already gone)
    # what identified them (for purging the undo history); kept in memory only, never printed
    needles: list[str] = field(default_factory=list, repr=False)

    def matcher(self) -> Matcher:
        return Matcher(self.needles)


def person_links() -> list[tuple[sa.Table, sa.Column[Any], str]]:
    """Every (table, column, ON DELETE action) that refers to ``person.id`` (by reflection of
    the models, so a new link is covered without editing this module)."""
    links = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "person" and fk.column.name == "id":
                links.append((table, fk.parent, (fk.ondelete or "NO ACTION").upper()))
    return links


def _name_forms(given: str, family: str, order: Any, native: str) -> set[str]:
    """The ways their full name is written: both orders, with a comma, as displayed, a CJK
    name with and without its space."""
    given, family, native = given.strip(), family.strip(), native.strip()
    forms: set[str] = set()
    if given and family:
        forms |= {f"{given} {family}", f"{family} {given}", f"{family}, {given}"}
        if has_cjk(given + family):
            forms |= {given + family, family + given}
    with contextlib.suppress(ValueError):
        forms.add(display_name(given, family, order))
    if has_cjk(native) and len(_SPACES.sub("", native)) >= 2:
        forms |= {native, _SPACES.sub("", native)}
    elif len(native.split()) >= 2:
        forms.add(native)
    return {f for f in forms if f.strip()}


def _identity_texts(given: str, family: str, order: Any, native: str, reading: str, email: str,
                    phone: str, mobile: str) -> list[str]:
    found = _name_forms(given, family, order, native) if given.strip() and family.strip() else set()
    for value in (native.strip(), reading.strip()):
        if has_cjk(value) and len(_SPACES.sub("", value)) >= 2:
            found |= {value, _SPACES.sub("", value)}
        elif len(value.split()) >= 2:
            found.add(value)
    if "@" in email:
        found.add(email.strip())
    for value in (phone, mobile):
        if is_phone(value):
            found.add(value.strip())
    return sorted({t for t in found if t.strip()}, key=len, reverse=True)


def identifying_texts(person: Person) -> list[str]:
    """The strings that identify the person in free text, longest first: full names (both
    orders; CJK with and without the space), a native-script name of two characters or more,
    the e-mail and phone numbers. A lone given or family name is too common to replace."""
    return _identity_texts(person.given_name, person.family_name, person.name_order, person.native_name,
                           person.native_reading, person.email, person.phone, person.mobile)


def require_identifier(who: str | None) -> str:
    """``who`` stripped; an empty or blank value (an unset variable in a script) names nobody."""
    text = (who or "").strip()
    if not fold(text).strip():
        raise ValidationError("Name a person by their e-mail, id or full name: an empty value names nobody",
                              "person")
    return text


def _id_key(text: str) -> str:
    return _needle(text)


def resolve_person(session: Session, who: str) -> Person | None:
    """The person named by e-mail, uuid or full name (any case, either order); None when nobody
    is. Two people of that name: refused, name one by e-mail or id."""
    text = require_identifier(who)
    with contextlib.suppress(NotFoundError):
        return find_person(session, text)
    if "@" in text or _UUID.fullmatch(text.lower()):
        return None
    key = _id_key(text)
    rows = session.execute(select(Person.id, Person.given_name, Person.family_name, Person.name_order,
                                  Person.native_name, Person.email)).all()
    matches = [r for r in rows
               if key in {_id_key(f) for f in _name_forms(r.given_name, r.family_name, r.name_order,
                                                          r.native_name)}]
    if len(matches) > 1:
        listed = ", ".join(r.email or f"#{r.id}" for r in matches[:5])
        raise ValidationError(f"{len(matches)} people are called {text!r} ({listed}): name the one you "
                              "mean by e-mail or id", "person")
    return session.get(Person, matches[0].id) if matches else None


def _identifying(who: str) -> bool:
    """Whether ``who`` is specific enough to scrub from free text without a person to match it:
    an e-mail, a uuid, a phone number, a name of two words or more, a CJK name of two characters."""
    key = _id_key(who)
    return ("@" in key or bool(_UUID.fullmatch(key)) or is_phone(who) or len(key.split()) >= 2
            or (has_cjk(key) and len(key.replace(" ", "")) >= 2))


# --------------------------------------------------------------------------- every text column
_NOT_TEXT = frozenset({"uuid", "person_uuid", "subject_uuid"})
# A remaining person's own name, e-mail and phones are theirs: a namesake is not renamed.
PERSON_IDENTITY = frozenset({"given_name", "family_name", "native_name", "native_reading", "email",
                             "email_key", "phone", "mobile"})


def text_columns(table: sa.Table) -> list[sa.Column[Any]]:
    """The columns of ``table`` that can hold free text: String/Text that is not an enum, a uuid,
    the primary key, or a person's own identity."""
    return [c for c in table.columns
            if isinstance(c.type, sa.String | sa.Text) and not isinstance(c.type, sa.Enum)
            and c.name not in _NOT_TEXT and not c.primary_key
            and not (table.name == "person" and c.name in PERSON_IDENTITY)]


def find_text(conn: sa.Connection, matcher: Matcher, *, skip: Iterable[str] = ()
              ) -> Iterator[tuple[sa.Table, sa.Column[Any], Any, str]]:
    """(table, column, primary key, value) of every text value in which ``matcher`` finds
    something, in every table of the schema (a table is read whole before its hits are given,
    so the caller may update it)."""
    if not matcher:
        return
    skipped = set(skip)
    for table in Base.metadata.sorted_tables:
        columns = text_columns(table)
        pk = list(table.primary_key.columns)
        if table.name in skipped or not columns or len(pk) != 1:
            continue
        hits = []
        for row in conn.execute(select(pk[0], *columns).order_by(pk[0])):
            for column, value in zip(columns, row[1:], strict=True):
                if isinstance(value, str) and value and matcher.search(value):
                    hits.append((table, column, row[0], value))
        yield from hits


def scrub_text(session: Session, tokens: Iterable[str] | Matcher, *, skip: Iterable[str] = ()) -> int:
    """Replace ``tokens`` (in any spelling, see :class:`Matcher`) by ``[erased]`` in every free-text
    column of every table. Returns how many values changed."""
    matcher = tokens if isinstance(tokens, Matcher) else Matcher(tokens)
    conn = session.connection()
    changed = 0
    for table, column, key, value in find_text(conn, matcher, skip=skip):
        pk = next(iter(table.primary_key.columns))
        conn.execute(table.update().where(pk == key).values({column.name: matcher.scrub(value)}))
        changed += 1
    return changed


# --------------------------------------------------------------------------- erasure
def _erase_rows(session: Session, person: Person, report: ErasureReport) -> None:
    conn = session.connection()
    pid = person.id
    for table, column, action in person_links():
        n = conn.execute(select(func.count()).select_from(table).where(column == pid)).scalar() or 0
        if not n or (table.name == "lead" and column.name == "person_id"):
            continue
        if action == "SET NULL":
            report.cleared[f"{table.name}.{column.name}"] = n
        else:
            report.deleted[table.name] = report.deleted.get(table.name, 0) + n
    only_theirs = select(Lead.id).where(Lead.person_id == pid, Lead.organisation_id.is_(None))
    lead_ids = list(conn.execute(only_theirs).scalars())
    report.leads_deleted = len(lead_ids)
    if lead_ids:
        conn.execute(delete(Lead).where(Lead.id.in_(lead_ids)))
        report.deleted["lead"] = len(lead_ids)
    report.leads_kept = conn.execute(select(func.count()).select_from(Lead)
                                     .where(Lead.person_id == pid)).scalar() or 0
    conn.execute(sa.update(Lead).where(Lead.person_id == pid).values(person_id=None))
    if report.leads_kept:
        report.cleared["lead.person_id"] = report.leads_kept
    notes = conn.execute(delete(Note).where(Note.subject_uuid == person.uuid)).rowcount
    if notes:
        report.deleted["note"] = notes
    logged = conn.execute(delete(ExportLogPerson).where(ExportLogPerson.person_uuid == person.uuid)).rowcount
    if logged:
        report.deleted["export_log_person"] = logged
    conn.execute(delete(Person).where(Person.id == pid))  # cascades and SET NULLs follow the FKs
    report.deleted["person"] = 1


def _digest(salt: str, key: str) -> str:
    return hashlib.sha256(f"{salt}\0{key}".encode()).hexdigest()


def _write_marker(conn: sa.Connection, keys: Iterable[str], person_id: int, export_ids: list[int]) -> str:
    """The "erasure in progress" marker: salted hashes of the identifiers, nothing readable."""
    salt = secrets.token_hex(16)
    name = MARKER + secrets.token_hex(8)
    value = {"salt": salt, "ids": sorted({_digest(salt, k) for k in keys if k}), "person_id": person_id,
             "exports": export_ids, "started": datetime.now(UTC).isoformat(timespec="seconds")}
    conn.execute(sa.insert(AppMeta).values(key=name, value=json.dumps(value)))
    return name


def _find_marker(conn: sa.Connection, who: str) -> tuple[str, dict[str, Any]] | None:
    key = _id_key(who)
    for name, value in conn.execute(select(AppMeta.key, AppMeta.value).where(AppMeta.key.like(MARKER + "%"))):
        with contextlib.suppress(ValueError, KeyError, TypeError):
            data = json.loads(value)
            if _digest(data["salt"], key) in data["ids"]:
                return name, data
    return None


def _marker_keys(person: Person) -> set[str]:
    names = _name_forms(person.given_name, person.family_name, person.name_order, person.native_name)
    return {_id_key(t) for t in [person.uuid, person.email, *names] if _id_key(t)}


def _exports_by_id(session: Session, ids: list[int]) -> list[ExportRecord]:
    if not ids:
        return []
    rows = session.execute(select(ExportLog, Event.code).outerjoin(Event, Event.id == ExportLog.event_id)
                           .where(ExportLog.id.in_(ids)).order_by(ExportLog.created_at)).all()
    return [ExportRecord(log.kind, log.path, log.created_at, code or "", log.row_count) for log, code in rows]


def pending_erasures(session: Session) -> int:
    """How many erasures committed without finishing their purge (a kill, a reader)."""
    return session.scalar(select(func.count()).select_from(AppMeta).where(AppMeta.key.like(MARKER + "%"))) or 0


def erase_person(db: Database, who: str) -> ErasureReport:
    """Erase the person named by e-mail, uuid or full name everywhere (see the module doc), or
    finish an earlier erasure of them that was interrupted or left traces."""
    who = require_identifier(who)
    backups_before = [b.path for b in backup.list_backups(db.backup_dir)]
    with db.transaction() as session:
        conn = session.connection()
        marker = _find_marker(conn, who)
        person = None if marker else resolve_person(session, who)
        if person is not None:
            report = ErasureReport(person.id, person_uuid=person.uuid, backups_before=backups_before)
            report.exports = exports_containing(session, person.uuid)  # list them BEFORE the links go
            export_ids = list(conn.execute(select(ExportLogPerson.export_id).where(
                ExportLogPerson.person_uuid == person.uuid)).scalars())
            needles = [person.uuid, *identifying_texts(person)]
            marker_name = _write_marker(conn, _marker_keys(person), person.id, sorted(set(export_ids)))
            _erase_rows(session, person, report)
        else:
            needles = [who]
            if marker is None:
                if not _identifying(who) or not _traces(db, conn, Matcher(needles)):
                    raise NotFoundError(f"No person with the e-mail, id or name {who!r}, and nothing of "
                                        "them left in the file")
                marker_name = _write_marker(conn, {_id_key(who)}, 0, [])
                data: dict[str, Any] = {}
            else:
                marker_name, data = marker
            report = ErasureReport(int(data.get("person_id") or 0), resumed=True, backups_before=backups_before)
            report.exports = _exports_by_id(session, [int(i) for i in data.get("exports", [])])
        matcher = Matcher(needles)
        report.text_scrubbed = scrub_text(session, matcher)
        # the index keeps deleted rows' words until merged: merge in this transaction, so a kill
        # after the commit cannot leave them there
        search_index.optimize(conn.exec_driver_sql)
        session.expunge_all()
        session.add(AuditEntry(action="erase_person_finished" if report.resumed else "erase_person",
                               detail=json.dumps({
                                   "person_id": report.person_id, "deleted": report.deleted,
                                   "cleared": report.cleared, "text_scrubbed": report.text_scrubbed,
                                   "exports_listed": len(report.exports)})))
    report.needles = needles
    still_named = names_still_in_use(db, needles)
    report.residue, report.vacuumed = purge_free_space(db, [n for n in needles if n not in still_named])
    if not report.residue:
        with db.transaction() as session:
            session.execute(delete(AppMeta).where(AppMeta.key == marker_name))
    return report


def _needle_key(text: str) -> str:
    return "tel:" + _digits(text)[-9:] if is_phone(text) else _id_key(text)


def names_still_in_use(db: Database, identifiers: Sequence[str]) -> set[str]:
    """Identifiers another (remaining) person shares — a namesake, a shared switchboard number:
    not residue (their own columns keep them)."""
    wanted: dict[str, list[str]] = {}
    for text in identifiers:
        if text:
            wanted.setdefault(_needle_key(text), []).append(text)
    used: set[str] = set()
    with db.session() as session:
        rows = session.execute(select(Person.given_name, Person.family_name, Person.name_order,
                                      Person.native_name, Person.native_reading, Person.email,
                                      Person.phone, Person.mobile))
        for row in rows:
            for text in _identity_texts(*row):
                used.update(wanted.get(_needle_key(text), []))
    return used


def file_residue(path: Path, needles: Iterable[str] | Matcher) -> list[str]:
    """Which of the file, its -wal and -shm hold any of ``needles`` in any spelling (UTF-8)."""
    matcher = needles if isinstance(needles, Matcher) else Matcher(needles)
    found: list[str] = []
    if not matcher:
        return found
    chunk, overlap = 8 << 20, 4096
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(str(path) + suffix)
        if not candidate.exists() or candidate.stat().st_size == 0:
            continue
        with candidate.open("rb") as fh:
            tail = b""
            while block := fh.read(chunk):
                if matcher.in_bytes(tail + block):
                    found.append(candidate.name)
                    break
                tail = block[-overlap:]
    return found


def _text_residue(db: Database, matcher: Matcher) -> list[str]:
    with db.session() as session:
        return sorted({f"{t.name}.{c.name}" for t, c, _k, _v in find_text(session.connection(), matcher)})


def _traces(db: Database, conn: sa.Connection, matcher: Matcher) -> bool:
    if next(find_text(conn, matcher), None) is not None:
        return True
    return not db.key and bool(file_residue(db.path, matcher))


def _vacuum_and_checkpoint(db: Database) -> None:
    """VACUUM (outside any transaction: it rewrites the file without its free pages) and a
    TRUNCATE checkpoint, so neither the file nor its WAL keeps a deleted page."""
    con = connect_raw(db.path, key=db.key, timeout=CHECKPOINT_WAIT_S)
    busy = 1
    try:
        con.execute("PRAGMA secure_delete = ON")
        con.execute("VACUUM")
        busy = int(con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
    except Exception as exc:
        if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
            if describe_write_error(exc) is None:
                raise
            raise SaveError(f"The erasure was saved, but wiping the old copies of the data failed ({exc}): "
                            "free some disk space or close other programs, then run the erasure again "
                            "to finish") from exc
    finally:
        con.close()
    if busy:
        raise StoreError("Another window or program is using the file: close it and run the erasure again "
                         "(by e-mail, id or name) so the old copies of the data can be wiped")


def purge_free_space(db: Database, needles: Sequence[str]) -> tuple[list[str], bool]:
    """VACUUM and checkpoint (see :func:`_vacuum_and_checkpoint`), then search every text column
    and the file's bytes for ``needles`` in every spelling. Returns where they remain (table.column
    names, file names; for an encrypted file only the columns, its bytes never show them) and
    True (the file was vacuumed)."""
    _vacuum_and_checkpoint(db)
    matcher = Matcher(needles)
    residue = _text_residue(db, matcher)
    if not db.key:
        residue += file_residue(db.path, matcher)
    return residue, True


def finish_pending_erasures(db: Database) -> int:
    """Finish erasures that committed but did not purge (killed, or a reader kept old pages):
    vacuum and checkpoint, then drop their markers. For the app's start; returns how many."""
    with db.session() as session:
        names = list(session.scalars(select(AppMeta.key).where(AppMeta.key.like(MARKER + "%"))))
    if not names:
        return 0
    _vacuum_and_checkpoint(db)
    with db.transaction() as session:
        session.execute(delete(AppMeta).where(AppMeta.key.in_(names)))
    return len(names)


# --------------------------------------------------------------------------- undo history
def history_mentions(changeset: Changeset, report: ErasureReport) -> bool:
    """Whether an undo/redo step holds the erased person: their row or uuid, a link to their
    internal id, or any text in which :class:`Matcher` finds them (before or after the edit)."""
    matcher = report.matcher()
    links = {(t.name, c.name) for t, c, _a in person_links()}
    for change in changeset.changes:
        if change.table == "person" and report.person_id and tuple(change.pk) == (report.person_id,):
            return True
        for state in (change.before, change.after):
            for column, value in (state or {}).items():
                if isinstance(value, str) and value and (value == report.person_uuid or matcher.search(value)):
                    return True
                if report.person_id and value == report.person_id and (change.table, column) in links:
                    return True
    return False


def purge_history(changesets: Iterable[Changeset], report: ErasureReport) -> list[Changeset]:
    """The steps to keep after an erasure (in order): every step that mentions them goes."""
    return [cs for cs in changesets if not history_mentions(cs, report)]


# --------------------------------------------------------------------------- subject access
@dataclass
class SubjectAccess:
    """Everything the file holds about one person: every column of every row linked to them,
    the meetings and slots they take part in, and every text elsewhere that names them."""

    person_uuid: str
    tables: dict[str, list[dict[str, Any]]]  # table name → rows (column → value), "person" first
    exports: list[ExportRecord]
    # free text naming them in rows that are not theirs (a colleague's notes, a meeting's
    # objective …): table, primary key, column and the text — not the rest of that row
    mentions: list[dict[str, Any]] = field(default_factory=list)


# Rows they take part in, through a link row: (link table, its column to the row, the table).
PARTICIPATION = (("meeting_attendee", "meeting_id", "meeting"), ("slot_person", "slot_id", "slot"))


def subject_tables() -> list[str]:
    """The tables a subject-access export has rows of: ``person``, every table with a foreign
    key to it, notes about them, the export log's person links, the meetings and slots they
    take part in, and the follow-ups of their leads."""
    names = ["person"] + [t.name for t, _c, _a in person_links()]
    names += ["note", "export_log_person"] + [parent for _l, _c, parent in PARTICIPATION] + ["follow_up"]
    return list(dict.fromkeys(names))


def gather_subject_access(session: Session, who: str) -> SubjectAccess:
    person = resolve_person(session, who)
    if person is None:
        raise NotFoundError(f"No person with the e-mail, id or name {who.strip()!r}")
    conn = session.connection()
    meta = Base.metadata.tables
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in subject_tables()}
    seen: dict[str, set[Any]] = {name: set() for name in tables}

    def add(table: sa.Table, where: Any) -> None:
        pk = next(iter(table.primary_key.columns))
        for row in conn.execute(select(table).where(where).order_by(pk)).mappings():
            if row[pk.name] not in seen[table.name]:
                seen[table.name].add(row[pk.name])
                tables[table.name].append(dict(row))

    def ids_in(table: sa.Table, column: str, ids: list[Any]) -> None:
        for start in range(0, len(ids), 500):
            add(table, table.c[column].in_(ids[start:start + 500]))

    add(meta["person"], meta["person"].c.id == person.id)
    for table, column, _action in person_links():
        add(table, column == person.id)
    add(meta["note"], meta["note"].c.subject_uuid == person.uuid)
    add(meta["export_log_person"], meta["export_log_person"].c.person_uuid == person.uuid)
    for link, link_column, parent in PARTICIPATION:
        ids_in(meta[parent], "id", sorted({r[link_column] for r in tables[link]}))
    ids_in(meta["follow_up"], "lead_id", sorted({r["id"] for r in tables["lead"]}))
    matcher = Matcher(identifying_texts(person))
    mentions = [{"table": t.name, "id": key, "column": c.name, "text": value}
                for t, c, key, value in find_text(conn, matcher)
                if not (t.name == "person" and key == person.id)]
    return SubjectAccess(person.uuid, tables, exports_containing(session, person.uuid), mentions)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, int | float | str | bool):
        return value.value
    return value


def render_subject_json(data: SubjectAccess) -> str:
    """One machine-readable JSON document (GDPR Art. 15/20)."""
    doc = {
        "format": "mission-desk-subject-access/2",
        "person_uuid": data.person_uuid,
        "tables": {name: [{k: _plain(v) for k, v in row.items()} for row in rows]
                   for name, rows in data.tables.items()},
        "mentions": [{k: _plain(v) for k, v in m.items()} for m in data.mentions],
        "exported_files": [{"kind": e.kind, "path": e.path, "written": e.created_at.isoformat(),
                            "event": e.event_code} for e in data.exports],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


MENTION_COLUMNS = ("table", "id", "column", "text")


def render_subject_csv(data: SubjectAccess) -> dict[str, str]:
    """One CSV text per table (every column as a header, even with no rows), and ``mentions``."""
    import csv
    import io

    from planner.exports.sanitize import csv_row

    def table_csv(columns: Sequence[str], rows: list[dict[str, Any]]) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(csv_row("" if row.get(c) is None else _plain(row.get(c)) for c in columns))
        return buf.getvalue()

    out = {name: table_csv([c.name for c in Base.metadata.tables[name].columns], rows)
           for name, rows in data.tables.items()}
    out["mentions"] = table_csv(MENTION_COLUMNS, data.mentions)
    return out


def _make_private_dirs(path: Path) -> list[Path]:
    """Create ``path`` and its missing parents readable by the owner only (0700); a folder that
    exists keeps its mode. Returns the folders made (deepest last)."""
    missing: list[Path] = []
    probe = path
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    made = []
    for folder in reversed(missing):
        os.mkdir(folder, 0o700)
        made.append(folder)
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)  # whatever the umask
    if not path.is_dir():
        raise NotADirectoryError(20, "Not a folder", str(path))
    return made


_CREATE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
           | getattr(os, "O_BINARY", 0))


def _write_private(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a new temporary file next to ``name``: created exclusively (never
    through a symlink or over another file), owner-only (0600), flushed to disk."""
    for _attempt in range(20):
        tmp = folder / f".{name}.{secrets.token_hex(4)}.partial"
        try:
            fd = os.open(tmp, _CREATE, 0o600)
        except FileExistsError:
            continue
        break
    else:
        raise FileExistsError(17, "Cannot create a temporary file", str(folder))
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    os.close(fd)
    return tmp


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def export_subject_access(db: Database, who: str, out_dir: Path) -> list[Path]:
    """Write ``subject-access-<id>.json`` and one ``subject-access-<id>-<table>.csv`` per table
    (and ``-mentions.csv``) into ``out_dir``.

    The data is read in a read session; each file is written owner-only under a new temporary
    name; every file is then recorded in the export log in one short write unit, and only after
    that commits are the files moved into place — so a kill leaves logged files or none, never an
    unlogged one. Folders it creates are 0700; a folder that exists keeps its mode."""
    who = require_identifier(who)
    out_dir = Path(out_dir).expanduser()
    temps: dict[Path, Path] = {}
    made: list[Path] = []
    moved: set[Path] = set()
    with db.session() as session:  # a read: the app's edits go on meanwhile
        data = gather_subject_access(session, who)
    stem = f"subject-access-{data.person_uuid[:8]}"
    files = {f"{stem}.json": render_subject_json(data).encode("utf-8")}
    files |= {f"{stem}-{name}.csv": text.encode("utf-8-sig") for name, text in render_subject_csv(data).items()}
    person_id = data.tables["person"][0]["id"]
    rows = sum(len(r) for r in data.tables.values()) + len(data.mentions)
    try:
        made = _make_private_dirs(out_dir)
        for name, payload in files.items():
            temps[out_dir / name] = _write_private(out_dir, name, payload)
        with db.transaction() as session:  # one short write unit: every file logged, then committed
            for target in temps:
                if target.is_symlink():
                    target.unlink()  # replaced below anyway; the log names the file, not a link's target
                record_export(session, kind="subject_access", path=target, event=None,
                              person_ids=[person_id], row_count=rows)
        for target, tmp in temps.items():  # logged and committed: now move them into place
            os.replace(tmp, target)
            moved.add(target)
        _fsync_dir(out_dir)
    except OSError as exc:
        raise SaveError(f"Cannot write the subject-access files in {out_dir}: "
                        f"{exc.strerror or exc}") from exc
    finally:
        for target, tmp in temps.items():
            if target not in moved:
                with contextlib.suppress(OSError):
                    tmp.unlink()
        if not moved:
            for folder in reversed(made):
                with contextlib.suppress(OSError):
                    folder.rmdir()
    return list(temps)
