"""Finding a person in text the way people write it: NFKC and Unicode case-folding, names in
either order, CJK names with or without a space, phone numbers however grouped — and every
text column of every table (a walk of the schema), for erasure and subject access."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.storage.models import (
    Base,
)

ERASED = "[erased]"  # what replaces a person in text

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


def _cjk_gap(ch: str, child: dict[str, Any]) -> str:
    """After a CJK character followed (in some needle) by another: optional white space."""
    return r"\s*" if _CJK_RE.match(ch) and any(_CJK_RE.match(c) for c in child if c) else ""


def _trie_pattern(words: Iterable[str]) -> str:
    """One regular expression for many literal strings (a trie: fast with thousands of them;
    greedy, so the longest wins; a space stands for any run of white space). Between two CJK
    characters white space may also be written where the text has none: a name stored as
    山田太郎 is found written 山田 太郎 or 山田\u3000太郎 (CJK names are written with and without it)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch) + _cjk_gap(ch, child)) + build(child)
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

    def _spans(self, folded: str, *, first: bool = False, raw: bool = False) -> list[tuple[int, int]]:
        """Where the texts are in ``folded`` (sorted, merged where they overlap). ``raw``: the text
        is a file's bytes, where SQLite stores a record's values side by side with nothing between
        them, so an e-mail address is looked for without its word guards (an address that ends
        one value may run straight into the next: "ingrid@holm.exampleunknown12a8")."""
        spans: list[tuple[int, int]] = []
        if self._literal is not None:
            pos = 0
            while (m := self._literal.search(folded, pos)) is not None:
                a, b = m.span()
                key = _SPACES.sub(" ", m.group())
                start_guard, end_guard = (False, False) if raw and "@" in key else \
                    self._guards.get(key, (False, False))
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
        return bool(self) and bool(self._spans(fold(data.decode("utf-8", "replace")), first=True, raw=True))



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


def _derived_keys() -> dict[tuple[str, str], tuple[str, Any]]:
    """(table, column) -> (the column that holds a matching key made of it, the function that
    makes the key): a scrubbed name takes a new key, or the key would keep the name in its own
    spelling ("anne marie dupont" for "Anne-Marie Dupont")."""
    from planner.domain.places import room_key
    from planner.imports.normalise import organisation_key

    return {("organisation", "name"): ("name_key", organisation_key),
            ("room", "name"): ("name_key", room_key)}


def scrub_text(session: Session, tokens: Iterable[str] | Matcher, *, skip: Iterable[str] = ()) -> int:
    """Replace ``tokens`` (in any spelling, see :class:`Matcher`) by ``[erased]`` in every free-text
    column of every table, and remake the matching keys made of a scrubbed name. Returns how many
    values changed."""
    matcher = tokens if isinstance(tokens, Matcher) else Matcher(tokens)
    conn = session.connection()
    derived = _derived_keys()
    changed = 0
    for table, column, key, value in find_text(conn, matcher, skip=skip):
        pk = next(iter(table.primary_key.columns))
        values = {column.name: matcher.scrub(value)}
        if (table.name, column.name) in derived:
            key_column, make_key = derived[(table.name, column.name)]
            values[key_column] = make_key(values[column.name])
        conn.execute(table.update().where(pk == key).values(values))
        changed += 1
    return changed


