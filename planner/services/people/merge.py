"""Merging duplicate people and organisations, and finding the likely duplicates.

A merge keeps one record and moves everything that points at the other one onto it: meetings,
leads, follow-ups, slots, delegation links, event contacts, outcomes, notes and export-log
entries. Where the kept record already has the same link (both people attend the same meeting,
both organisations are in the same delegation) the duplicate link is folded into the existing one
and removed. Blank fields of the kept record are filled from the other. Everything goes through
the ORM, so a merge inside :func:`planner.services.editing.changes.record_changes` can be undone.

The foreign keys are found from the schema, so a table added later is moved too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Table, UniqueConstraint, inspect, select
from sqlalchemy.orm import Mapper, Session

from planner.domain.enums import LawfulBasis, SlotRole
from planner.errors import ValidationError
from planner.identity.rules import compare
from planner.imports.normalise import email_key, organisation_key
from planner.imports.people.plan import PROPOSE_SCORE
from planner.services.editing.dependents import delete_with_dependents
from planner.services.people.identity import forget_distinct, keep_identities_of
from planner.storage.models import (
    Base,
    Delegate,
    ExportLogPerson,
    Note,
    Organisation,
    Person,
    RecordRedirect,
    SlotPerson,
)

PERSON_FILL = ("given_name", "family_name", "native_name", "native_reading", "title", "job_title",
               "organisation_id", "email", "phone", "mobile", "country", "language")
ORG_FILL = ("native_name", "country", "city", "website", "profile")
DELEGATE_FILL = ("arrival", "arrival_flight", "departure", "departure_flight", "hotel", "dietary",
                 "access_needs", "interpreter_language", "emergency_contact", "notes")
MAX_BLOCK = 4000
# the roles of the people who run a slot: a pitch is presented, a reception or site visit hosted
LEAD_ROLES = frozenset({SlotRole.PRESENTER, SlotRole.HOST})


@dataclass
class MergeReport:
    """What a merge did: links moved and duplicate links folded, by table."""

    kept: str
    removed: str
    moved: Counter[str] = field(default_factory=Counter)
    folded: Counter[str] = field(default_factory=Counter)
    aliases: int = 0  # the removed record's e-mails and names kept as aliases

    def describe(self) -> str:
        parts = [f"{n} {t.replace('_', ' ')} moved" for t, n in sorted(self.moved.items())]
        parts += [f"{n} duplicate {t.replace('_', ' ')} combined"
                  for t, n in sorted(self.folded.items())]
        if self.aliases:
            parts.append(f"{self.aliases} e-mail{'s' if self.aliases != 1 else ''}/names kept as "
                         "aliases")
        return ", ".join(parts) or "nothing else referred to it"


@dataclass(frozen=True)
class DuplicatePair:
    """Two records that look like the same one; ``keep`` is the suggested survivor (older)."""

    kind: str  # "person" or "organisation"
    keep: str  # uuid
    drop: str  # uuid
    keep_label: str
    drop_label: str
    score: int
    reason: str
    reasons: tuple[str, ...] = ()


_MAPPERS: dict[Any, Mapper[Any]] = {}  # table -> its mapped class, filled on first use


def _mapper_for(table: Table) -> Mapper[Any]:
    """The mapped class of ``table`` (every table of the plan has one; KeyError otherwise)."""
    if not _MAPPERS:
        _MAPPERS.update((mapper.local_table, mapper) for mapper in Base.registry.mappers)
    return _MAPPERS[table]


def _fold_link(existing: Any, duplicate: Any) -> None:
    """Combine a duplicate link into the one the kept record already has."""
    if isinstance(existing, Delegate):
        for name in DELEGATE_FILL:
            if getattr(existing, name) in (None, "") and getattr(duplicate, name) not in (None, ""):
                setattr(existing, name, getattr(duplicate, name))
    elif (isinstance(existing, SlotPerson) and duplicate.role in LEAD_ROLES
          and existing.role not in LEAD_ROLES):
        existing.role = duplicate.role  # the duplicate ran it (presented, hosted): so does the kept one


def _move_references(session: Session, keep: Any, drop: Any, report: MergeReport) -> None:
    table = inspect(keep).mapper.local_table
    for child_table in Base.metadata.sorted_tables:
        for fk in child_table.foreign_keys:
            if fk.column.table is not table:
                continue
            mapper = _mapper_for(child_table)
            attr = mapper.get_property_by_column(fk.parent).key
            uniques = [c for c in child_table.constraints
                       if isinstance(c, UniqueConstraint) and fk.parent.key in c.columns]
            children = session.scalars(select(mapper).where(fk.parent == drop.id)).all()
            for child in children:
                clash = None
                for unique in uniques:
                    others = [c for c in unique.columns if c is not fk.parent]
                    crit = [c == getattr(child, mapper.get_property_by_column(c).key)
                            for c in others]
                    clash = session.scalars(select(mapper).where(fk.parent == keep.id, *crit)
                                            ).first()
                    if clash is not None:
                        break
                if clash is not None:
                    _fold_link(clash, child)
                    session.flush()
                    delete_with_dependents(session, child)
                    report.folded[child_table.name] += 1
                else:
                    setattr(child, attr, keep.id)
                    report.moved[child_table.name] += 1
            session.flush()
            for child in children:
                if inspect(child).persistent:
                    session.expire(child)


def _move_uuid_references(session: Session, keep: Any, drop: Any, report: MergeReport) -> None:
    for note in session.scalars(select(Note).where(Note.subject_uuid == drop.uuid)):
        note.subject_uuid = keep.uuid
        report.moved["note"] += 1
    if isinstance(keep, Person):
        logged = set(session.scalars(select(ExportLogPerson.export_id)
                                     .where(ExportLogPerson.person_uuid == keep.uuid)))
        for entry in session.scalars(select(ExportLogPerson)
                                     .where(ExportLogPerson.person_uuid == drop.uuid)):
            if entry.export_id in logged:
                session.delete(entry)
                report.folded["export_log_person"] += 1
            else:
                entry.person_uuid = keep.uuid
                report.moved["export_log_person"] += 1
    session.flush()


def _redirect(session: Session, table: str, old: str, new: str) -> None:
    """Remember that ``old`` lives on as ``new``: a laptop that syncs later moves what it added
    offline for ``old`` to ``new`` (see :mod:`planner.sync`). Earlier redirects to ``old`` follow."""
    for earlier in session.scalars(select(RecordRedirect).where(RecordRedirect.table_name == table,
                                                                RecordRedirect.new_uuid == old)):
        earlier.new_uuid = new
    if session.scalar(select(RecordRedirect.id).where(RecordRedirect.table_name == table,
                                                      RecordRedirect.old_uuid == old)) is None:
        session.add(RecordRedirect(table_name=table, old_uuid=old, new_uuid=new))


def _fill(keep: Any, drop: Any, names: tuple[str, ...]) -> None:
    for name in names:
        if getattr(keep, name) in (None, "") and getattr(drop, name) not in (None, ""):
            setattr(keep, name, getattr(drop, name))


def _append_note(keep: Any, attr: str, text: str) -> None:
    current = getattr(keep, attr) or ""
    if text and text not in current:
        setattr(keep, attr, f"{current}\n\n{text}".strip())


def merge_people(session: Session, keep: Person, drop: Person) -> MergeReport:
    """Merge ``drop`` into ``keep`` and delete ``drop``. ``drop``'s e-mail, names and reading
    become ``keep``'s aliases (so the next import finds them), its aliases and registration keys
    move to ``keep``; blanks are filled; lead-sharing consent stays as ``keep`` has it."""
    if keep.id == drop.id:
        raise ValidationError("A person cannot be merged with themselves", "person")
    report = MergeReport(keep.uuid, drop.uuid)
    report.aliases = keep_identities_of(session, keep, drop)
    _move_references(session, keep, drop, report)
    _move_uuid_references(session, keep, drop, report)
    forget_distinct(session, keep)
    _redirect(session, "person", drop.uuid, keep.uuid)
    _fill(keep, drop, PERSON_FILL)
    if keep.email_key != email_key(keep.email):
        keep.email_key = email_key(keep.email)
    _append_note(keep, "notes", drop.notes)
    if keep.lawful_basis is LawfulBasis.UNKNOWN and drop.lawful_basis is not LawfulBasis.UNKNOWN:
        keep.lawful_basis = drop.lawful_basis
    session.flush()
    session.expire(drop)
    delete_with_dependents(session, drop)
    return report


def merge_organisations(session: Session, keep: Organisation, drop: Organisation) -> MergeReport:
    """Merge ``drop`` into ``keep`` (people, delegations, tags, leads, slots, meetings) and delete
    ``drop``; its name is kept as the native name when that is empty and the script differs."""
    if keep.id == drop.id:
        raise ValidationError("An organisation cannot be merged with itself", "organisation")
    report = MergeReport(keep.uuid, drop.uuid)
    _move_references(session, keep, drop, report)
    _move_uuid_references(session, keep, drop, report)
    _redirect(session, "organisation", drop.uuid, keep.uuid)
    _fill(keep, drop, ORG_FILL)
    session.flush()
    session.expire(drop)
    delete_with_dependents(session, drop)
    return report


# ------------------------------------------------------------------------ finding duplicates


def find_duplicate_people(session: Session, *, threshold: int = PROPOSE_SCORE,
                          event_id: int | None = None) -> list[DuplicatePair]:
    """Pairs of people that may be one person, best first, each with its reasons (the rules of
    :mod:`planner.identity.rules`: a shared e-mail with a compatible name, the same name, a
    romanisation of a native name, a spelling variant, an initial, a typo; never two different
    native names or a shared mailbox with different names). ``keep`` is the older record.
    Pairs a user marked as two people are left out; with ``event_id``, only pairs of which at
    least one is in that event."""
    from planner.imports.people.index import PeopleIndex
    from planner.services.people.identity import distinct_pairs
    from planner.services.people.people import event_person_ids

    index = PeopleIndex(session)  # everyone; no registration source
    distinct = distinct_pairs(session)
    in_event = set(event_person_ids(session, event_id)) if event_id is not None else None
    found: dict[tuple[int, int], DuplicatePair] = {}

    def consider(a: Any, b: Any) -> None:
        if a.id == b.id:
            return
        a, b = (a, b) if a.id < b.id else (b, a)
        pair = (a.id, b.id)
        if pair in found or pair in distinct:
            return
        if in_event is not None and a.id not in in_event and b.id not in in_event:
            return
        evidence = compare(a.forms, b.forms)
        if evidence.score >= threshold:
            found[pair] = DuplicatePair("person", a.uuid, b.uuid, a.label, b.label,
                                        evidence.score, evidence.reason, evidence.reasons)

    people = index.people if in_event is None else [p for p in index.people if p.id in in_event]
    for group in index.by_email.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                consider(a, b)
    for p in people:
        for other in index.look_alike(p.forms, limit=MAX_BLOCK):
            consider(p, other)
    return sorted(found.values(), key=lambda d: (-d.score, d.keep_label, d.drop_label))


def find_duplicate_organisations(session: Session, *, threshold: int = 90,
                                 max_block: int = MAX_BLOCK) -> list[DuplicatePair]:
    """Pairs of organisations whose normalised names are equal (``ＡＢＣ商事`` = ``ABC商事``,
    "Ltd" = "Limited") or similar (rapidfuzz token-sort ratio ≥ ``threshold``), best first; the
    older record is kept. A name that is only a legal form ("Ltd") matches nothing. Beyond
    ``max_block`` organisations only names with the same first letter are compared (the work grows
    with the square of their number)."""
    orgs = session.execute(select(Organisation.uuid, Organisation.name).order_by(Organisation.id)).all()
    keys = [organisation_key(o.name) for o in orgs]
    found: list[DuplicatePair] = []
    blocks: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            blocks.setdefault(key[:1] if len(orgs) > max_block else "", []).append(i)
    for members in blocks.values():
        texts = [keys[i] for i in members]
        for a_pos, text in enumerate(texts):
            # process.extract needs no numpy (cdist does); score_cutoff prunes early.
            hits = process.extract(text, texts[a_pos + 1:], scorer=fuzz.token_sort_ratio,
                                   score_cutoff=threshold, limit=None)
            for _choice, score, offset in hits:
                a, b = members[a_pos], members[a_pos + 1 + offset]
                found.append(DuplicatePair("organisation", orgs[a].uuid, orgs[b].uuid,
                                           orgs[a].name, orgs[b].name, int(score),
                                           "same name" if keys[a] == keys[b] else "similar name"))
    return sorted(found, key=lambda d: (-d.score, d.keep_label))
