"""A person's other identities: adding and removing aliases, registration keys, and the pairs a
user said are two people. Every function works inside the caller's unit of work (undoable)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import AliasKind
from planner.domain.validation import clean_text, normalise_email
from planner.errors import ValidationError
from planner.identity.forms import native_key, pair_key
from planner.imports.normalise import email_key, looks_like_email
from planner.storage.models import DistinctPeople, Person, PersonAlias


def alias_key(kind: AliasKind, value: str, given: str = "", family: str = "") -> str:
    """The matching key stored with an alias (what every match compares)."""
    if kind is AliasKind.EMAIL:
        return email_key(value)
    if kind is AliasKind.NAME:
        return pair_key(given, family)
    return native_key(value)


def _known_keys(person: Person, kind: AliasKind) -> set[str]:
    keys = {a.key for a in person.aliases if a.kind is kind}
    if kind is AliasKind.EMAIL and person.email_key:
        keys.add(person.email_key)
    elif kind is AliasKind.NAME:
        keys.add(pair_key(person.given_name, person.family_name))
    elif kind is AliasKind.NATIVE and person.native_name:
        keys.add(native_key(person.native_name))
    elif kind is AliasKind.READING and person.native_reading:
        keys.add(native_key(person.native_reading))
    return keys


def add_alias(session: Session, person: Person, kind: AliasKind | str, value: str = "", *,
              given_name: str = "", family_name: str = "", source: str = "typed"
              ) -> PersonAlias | None:
    """Remember another e-mail or name of ``person``; None when they are already known by it.

    A name alias is given as ``given_name``/``family_name`` (``value`` is then built from them);
    an e-mail must look like one; an e-mail already used by someone else is allowed (shared
    mailboxes exist) but the matching rules then ask for a compatible name."""
    kind = AliasKind(kind)
    given = clean_text(given_name, max_len=200)
    family = clean_text(family_name, max_len=200)
    text = clean_text(value, max_len=320)
    if kind is AliasKind.EMAIL:
        text = normalise_email(text)
        if not looks_like_email(text):
            raise ValidationError(f"“{value}” is not an e-mail address", "value")
    elif kind is AliasKind.NAME:
        if not (given or family):
            raise ValidationError("A name alias needs a given or a family name", "family_name")
        text = " ".join(p for p in (given, family) if p)
    elif not text:
        raise ValidationError("The alias is empty", "value")
    key = alias_key(kind, text, given, family)
    if not key or key in _known_keys(person, kind):
        return None
    alias = PersonAlias(kind=kind, value=text, given_name=given, family_name=family, key=key,
                        source=source[:100])
    person.aliases.append(alias)
    session.flush()
    return alias


def remove_alias(session: Session, alias: PersonAlias) -> None:
    session.delete(alias)
    session.flush()


def keep_identities_of(session: Session, keep: Person, drop: Person) -> int:
    """Before ``drop`` is merged into ``keep``: ``drop``'s e-mail, name, native name and reading
    become ``keep``'s aliases (its own aliases move with the merge). Returns how many."""
    added = 0
    candidates: list[tuple[AliasKind, str, str, str]] = [
        (AliasKind.EMAIL, drop.email, "", ""),
        (AliasKind.NAME, "", drop.given_name, drop.family_name),
        (AliasKind.NATIVE, drop.native_name, "", ""),
        (AliasKind.READING, drop.native_reading, "", ""),
    ]
    for kind, value, given, family in candidates:
        if not (value or given or family):
            continue
        if kind is AliasKind.NATIVE and not keep.native_name:
            continue  # the merge fills it in
        if kind is AliasKind.READING and not keep.native_reading:
            continue
        if kind is AliasKind.EMAIL and not keep.email:
            continue
        try:
            if add_alias(session, keep, kind, value, given_name=given, family_name=family,
                         source="merge") is not None:
                added += 1
        except ValidationError:
            continue  # an old malformed value: kept in the notes by the merge instead
    return added


def mark_distinct(session: Session, a: Person, b: Person) -> None:
    """Record that ``a`` and ``b`` are two people: they are not proposed as duplicates again."""
    if a.id == b.id:
        raise ValidationError("A person is always the same as themselves", "person")
    low, high = sorted((a.id, b.id))
    exists = session.scalar(select(DistinctPeople.id).where(
        DistinctPeople.person_a_id == low, DistinctPeople.person_b_id == high))
    if exists is None:
        session.add(DistinctPeople(person_a_id=low, person_b_id=high))
        session.flush()


def distinct_pairs(session: Session) -> set[tuple[int, int]]:
    """Pairs of person ids a user said are two people, lower id first."""
    return {(min(a, b), max(a, b)) for a, b in session.execute(
        select(DistinctPeople.person_a_id, DistinctPeople.person_b_id))}


def forget_distinct(session: Session, person: Person) -> None:
    """Drop pairs naming ``person`` with themselves (left behind when a merge joins a pair)."""
    for pair in session.scalars(select(DistinctPeople).where(
            DistinctPeople.person_a_id == person.id, DistinctPeople.person_b_id == person.id)):
        session.delete(pair)
    session.flush()


# ------------------------------------------------------------------ the person form's field


def aliases_text(person: Person) -> str:
    """The person's aliases as the form shows them: one e-mail or name per line."""
    return "\n".join(a.value for a in person.aliases)


def _parse_alias_line(line: str) -> tuple[AliasKind, str, str, str]:
    from planner.imports.normalise import script_of, split_full_name

    if "@" in line:
        return AliasKind.EMAIL, line, "", ""
    if script_of(line) in ("ja", "ko", "zh"):
        kana_only = all("\u3040" <= ch <= "\u30ff" or ch.isspace() for ch in line)
        return (AliasKind.READING if kana_only else AliasKind.NATIVE), line, "", ""
    parsed = split_full_name(line)
    return AliasKind.NAME, line, parsed.given, parsed.family


def set_aliases_from_text(session: Session, person: Person, text: str) -> None:
    """Make the person's aliases the lines of ``text`` (the form's "Also known as" field):
    a line with "@" is an e-mail, one in Japanese, Korean or Chinese script a native name (kana
    only: a reading), anything else a romanised name ("Given Family" or "Family, Given").
    Aliases whose line was removed are deleted; new lines are added; a bad e-mail is refused
    with the line it is on."""
    wanted: dict[tuple[AliasKind, str], tuple[str, str, str]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean_text(raw, max_len=320)
        if not line:
            continue
        kind, value, given, family = _parse_alias_line(line)
        if kind is AliasKind.EMAIL and not looks_like_email(normalise_email(value)):
            raise ValidationError(f"Line {number} of “Also known as”, “{line}”, is not an e-mail "
                                  "address", "aliases")
        wanted[(kind, alias_key(kind, normalise_email(value) if kind is AliasKind.EMAIL
                                else value, given, family))] = (value, given, family)
    for alias in list(person.aliases):
        if (alias.kind, alias.key) not in wanted:
            person.aliases.remove(alias)
    have = {(a.kind, a.key) for a in person.aliases}
    session.flush()
    for (kind, _key), (value, given, family) in wanted.items():
        if (kind, _key) not in have:
            add_alias(session, person, kind, value, given_name=given, family_name=family)
