"""Deciding, row by row, who a people row is: someone already in the file, a repeat, or new.

The rules are :mod:`planner.identity.rules` (the README's "Who is who" lists the cases). In order:

1. the person the user chose in the preview (``merge_into``);
2. the registration system's own key for this event (Attendee #, order code + position);
3. an e-mail (primary or alias) together with a compatible name; an address used by someone
   with a different name is a shared mailbox: the row becomes a new person and says so;
4. the same name at the same organisation, when exactly one person has it and no e-mail
   contradicts it;
5. otherwise a new person, with look-alikes (romanised ↔ native, spelling variants, initials,
   typos, the same name elsewhere) proposed for merging, never merged.

Rows repeating an earlier row of the file (same key, same e-mail with a compatible name, or the
same name at the same organisation) are folded into it. Everything is decided in memory over a
:class:`~planner.imports.people.index.PeopleIndex`; nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planner.domain.enums import AliasKind, DelegateRole
from planner.identity.forms import IdentityForms, native_key, pair_key
from planner.identity.rules import compare
from planner.imports.people import name_keys
from planner.imports.people.collector import collector_paused
from planner.imports.people.index import Existing, PeopleIndex
from planner.imports.people.rows import PersonRecord
from planner.imports.plan import Candidate, RowAction

PROPOSE_SCORE = 60
MAX_CANDIDATES = 3
_ROLE_RANK = {None: 0, DelegateRole.STAFF: 1, DelegateRole.DELEGATE: 2, DelegateRole.SPEAKER: 3,
              DelegateRole.LEAD: 4}

__all__ = ["Existing", "PeopleMatch", "PersonWrite", "match_people"]


@dataclass
class PersonWrite:
    """One person to write: a new record, or changes to an existing one, plus the event link."""

    record: PersonRecord
    existing: Existing | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    link: str = ""  # "delegate", "contact" or "" (already linked)
    new_organisation: str = ""  # key of a new organisation to create and link
    # other identities to remember: (kind, value, given, family, key)
    aliases: list[tuple[AliasKind, str, str, str, str]] = field(default_factory=list)
    external_ids: set[str] = field(default_factory=set)
    forms: IdentityForms = field(default_factory=IdentityForms)
    combined: bool = False  # later rows were folded in: ``forms`` holds more than the record
    codes: set[int] = field(default_factory=set)  # the row's name key codes

    def stored_keys(self) -> name_keys.Keyed:
        """The name keys of the person as the record will be written."""
        if self.combined:
            return name_keys.keyed(record_forms(self.record))
        return self.codes, name_keys.is_open(self.forms)


@dataclass
class PeopleMatch:
    rows: list[RowAction]
    writes: list[PersonWrite]
    new_organisations: dict[str, str]  # organisation key → name as first written
    organisation_ids: dict[str, int]  # organisation key → id of an existing organisation
    source: str = ""  # the registration system the external ids belong to
    read: dict[int, Existing] = field(default_factory=dict)  # the people read, by id


def record_forms(record: PersonRecord) -> IdentityForms:
    return IdentityForms.of(given=record.given_name, family=record.family_name,
                            native=record.native_name, email=record.email_key,
                            organisation_key=record.organisation_key)


def _combine(first: PersonRecord, later: PersonRecord) -> None:
    """Fold a repeated row into the first one: blanks are filled, the stronger role wins."""
    for name in ("given_name", "family_name", "native_name", "email", "email_key", "organisation",
                 "organisation_key", "job_title", "country", "phone", "dietary", "notes"):
        if not getattr(first, name) and getattr(later, name):
            setattr(first, name, getattr(later, name))
    if _ROLE_RANK[later.role] > _ROLE_RANK[first.role]:
        first.role = later.role
    if first.lawful_basis is None:
        first.lawful_basis = later.lawful_basis
    if first.consent is None:
        first.consent = later.consent


def _changes(existing: Existing, record: PersonRecord, org_id: int | None) -> dict[str, Any]:
    """Fill in what the existing person lacks; explicit consent and lawful basis are applied."""
    changes: dict[str, Any] = {}
    for name in ("given_name", "family_name", "native_name", "email", "job_title", "phone",
                 "country", "notes"):
        value = getattr(record, name)
        if value and not getattr(existing, name):
            changes[name] = value
    if "email" in changes:
        changes["email_key"] = record.email_key
    if org_id is not None and existing.organisation_id is None:
        changes["organisation_id"] = org_id
    if record.lawful_basis is not None and record.lawful_basis != existing.lawful_basis:
        changes["lawful_basis"] = record.lawful_basis
    if record.consent is not None and record.consent != existing.lead_sharing_consent:
        changes["lead_sharing_consent"] = record.consent
    return changes


def _new_identities(existing: Existing, record: PersonRecord
                    ) -> list[tuple[AliasKind, str, str, str, str]]:
    """The row's e-mail and names the existing person is not yet known by (kept as aliases)."""
    known = existing.forms
    out: list[tuple[AliasKind, str, str, str, str]] = []
    if record.email_key and existing.email_key and record.email_key not in known.emails:
        out.append((AliasKind.EMAIL, record.email, "", "", record.email_key))
    if (record.given_name or record.family_name) and existing.family_name + existing.given_name:
        pair = IdentityForms.of(given=record.given_name, family=record.family_name).names
        if pair and not (pair & known.names):
            name = " ".join(p for p in (record.given_name, record.family_name) if p)
            out.append((AliasKind.NAME, name, record.given_name, record.family_name,
                        pair_key(record.given_name, record.family_name)))
    key = native_key(record.native_name)
    if key and existing.native_name and key not in known.natives:
        out.append((AliasKind.NATIVE, record.native_name, "", "", key))
    return out


def _candidates(forms: IdentityForms, index: PeopleIndex,
                exclude: set[int] = frozenset()) -> tuple[Candidate, ...]:  # type: ignore[assignment]
    found: list[Candidate] = []
    if not index.people:
        return ()
    for p in index.look_alike(forms):
        if p.id in exclude:
            continue
        evidence = compare(forms, p.forms)
        if evidence.score >= PROPOSE_SCORE:
            found.append(Candidate(p.uuid, p.label, evidence.score, evidence.reason))
    found.sort(key=lambda c: (-c.score, c.label))
    return tuple(found[:MAX_CANDIDATES])


class _Decision:
    def __init__(self, existing: Existing | None, action: str, detail: str,
                 candidates: tuple[Candidate, ...] = ()) -> None:
        self.existing, self.action, self.detail, self.candidates = \
            existing, action, detail, candidates


def _decide(record: PersonRecord, forms: IdentityForms, index: PeopleIndex,
            chosen: str | None) -> _Decision:
    if chosen is not None and chosen in index.by_uuid:
        return _Decision(index.by_uuid[chosen], "merge", "merged as chosen in the preview")
    if record.external_id and record.external_id in index.by_external:
        return _Decision(index.by_external[record.external_id], "update",
                         f"same registration key ({record.external_id})")
    mailbox: list[Existing] = []
    tickets: list[Existing] = []
    if record.email_key:
        for p in index.by_email.get(record.email_key, ()):
            evidence = compare(forms, p.forms)
            if record.external_id and index.external_of.get(p.id):
                # another registration of this export under the same details (a buyer's name
                # and e-mail on every ticket of an order): a separate person (the row's own key
                # would have matched above)
                tickets.append(p)
                continue
            if evidence.same_person:
                detail = "same e-mail" if evidence.name in ("exact", "native", "unknown") \
                    else f"same e-mail; {evidence.reasons[1]}"
                return _Decision(p, "update", detail)
            mailbox.append(p)
    same = [p for p in index.same_name(forms)
            if (e := compare(forms, p.forms)).organisation == "same" and not e.emails_differ
            and not e.native_conflict]
    if len(same) == 1 and not (mailbox or tickets):
        return _Decision(same[0], "update", "same name and organisation")
    exclude = {p.id for p in mailbox}
    candidates = _candidates(forms, index, exclude)
    if tickets:
        return _Decision(None, "add", f"the same details as {tickets[0].label}, another "
                         f"registration ({record.external_id}): added as a separate person",
                         candidates)
    if mailbox:
        names = ", ".join(p.label for p in mailbox[:2])
        return _Decision(None, "add", f"the e-mail is also {names}'s, with another name (a shared "
                         "mailbox?): added as a separate person", candidates)
    if len(same) > 1:
        return _Decision(None, "add", f"{len(same)} people with this name at this organisation: "
                         "added as new; choose one to merge with", candidates)
    return _Decision(None, "add", "", candidates)


def _repeat_of(record: PersonRecord, forms: IdentityForms, by_external: dict[str, PersonWrite],
               by_email: dict[str, list[PersonWrite]], by_key: dict[str, PersonWrite]
               ) -> PersonWrite | None:
    """An earlier row of the same file that is the same person."""
    if record.external_id and record.external_id in by_external:
        return by_external[record.external_id]
    if record.email_key:
        for write in by_email.get(record.email_key, ()):
            if record.external_id and write.external_ids:
                continue  # another registration (ticket) with the same details
            if compare(forms, write.forms).same_person:
                return write
    key = _row_key(record)
    if key:
        earlier = by_key.get(key)
        # the same name at the same organisation, unless the e-mails or the registrations
        # say otherwise
        if earlier is not None and not (record.email_key and earlier.record.email_key) \
                and not (record.external_id and earlier.external_ids):
            return earlier
    return None


def _row_key(record: PersonRecord) -> str:
    """Name (in order) + organisation: two rows with this in common and no e-mail against it
    are one person. Empty without an organisation (a name alone decides nothing)."""
    if not record.organisation_key:
        return ""
    name = pair_key(record.given_name, record.family_name) + "|" + native_key(record.native_name)
    return "" if name == "|" else f"{name}|{record.organisation_key}"


def _people_index(session: Any, event_id: int, records: list[PersonRecord],
                  row_forms: list[IdentityForms], row_codes: list[set[int]],
                  merge_into: dict[int, str], source: str) -> PeopleIndex:
    """Only the people the rows may be (see :mod:`~planner.imports.people.name_keys`), or
    everyone when the stored keys cannot be trusted."""
    conn = session.connection()
    if not name_keys.is_sound(conn):
        return PeopleIndex(session, event_id, source)
    prune = name_keys.prune_at_other_organisations(PROPOSE_SCORE)
    wanted = name_keys.Wanted(
        emails={r.email_key for r in records if r.email_key},
        externals={r.external_id for r in records if r.external_id} if source else set(),
        organisations={r.organisation_key for r in records if r.organisation_key},
        uuids=set(merge_into.values()))
    for forms, codes in zip(row_forms, row_codes, strict=True):
        if prune and not name_keys.is_open(forms):
            wanted.open_keys |= codes
        else:
            wanted.keys |= codes
    ids = name_keys.people_to_read(conn, wanted, event_id, source)
    return PeopleIndex(session, event_id, source, ids=ids, organisations=wanted.organisations)


def _linked(session: Any, event_id: int, index: PeopleIndex) -> tuple[set[int], set[int]]:
    """Who of the people read is already a delegate, or a contact, of the event."""
    from sqlalchemy import select

    from planner.storage.models import Delegate, Delegation, EventContact

    delegate_ids = select(Delegate.person_id).join(Delegation).where(Delegation.event_id == event_id)
    contact_ids = select(EventContact.person_id).where(EventContact.event_id == event_id)
    if not index.partial:
        return set(session.scalars(delegate_ids)), set(session.scalars(contact_ids))
    delegates: set[int] = set()
    contacts: set[int] = set()
    for batch in name_keys.batches(sorted(index.by_id)):
        delegates.update(session.scalars(delegate_ids.where(Delegate.person_id.in_(batch))))
        contacts.update(session.scalars(contact_ids.where(EventContact.person_id.in_(batch))))
    return delegates, contacts


def match_people(session: Any, event_id: int, records: list[PersonRecord],
                 merge_into: dict[int, str] | None = None, *, source: str = "") -> PeopleMatch:
    """Decide, for each checked row, whether it adds, updates, merges or changes nothing.

    ``source`` names the registration system (the preset) whose keys the rows carry."""
    with collector_paused():
        return _match_people(session, event_id, records, merge_into, source)


def _match_people(session: Any, event_id: int, records: list[PersonRecord],
                  merge_into: dict[int, str] | None, source: str) -> PeopleMatch:
    merge_into = merge_into or {}
    row_forms = [record_forms(record) for record in records]
    row_codes = [name_keys.key_codes(forms) for forms in row_forms]
    index = _people_index(session, event_id, records, row_forms, row_codes, merge_into, source)
    delegates, contacts = _linked(session, event_id, index)
    rows: list[RowAction] = []
    writes: list[PersonWrite] = []
    by_external: dict[str, PersonWrite] = {}
    by_email: dict[str, list[PersonWrite]] = {}
    by_key: dict[str, PersonWrite] = {}
    by_existing: dict[int, PersonWrite] = {}
    for record, forms, codes in zip(records, row_forms, row_codes, strict=True):
        earlier = _repeat_of(record, forms, by_external, by_email, by_key)
        decision = None
        if earlier is None:
            decision = _decide(record, forms, index, merge_into.get(record.line))
            if decision.existing is not None:
                earlier = by_existing.get(decision.existing.id)
        if earlier is not None:
            _combine(earlier.record, record)
            earlier.forms.merge(forms)
            earlier.combined = True
            if record.external_id:
                earlier.external_ids.add(record.external_id)
                by_external.setdefault(record.external_id, earlier)
            rows.append(RowAction(record.line, "merge", record.label,
                                  earlier.existing.uuid if earlier.existing else None,
                                  f"same person as line {earlier.record.line}"))
            continue
        assert decision is not None
        write = PersonWrite(record, decision.existing, forms=forms, codes=codes)
        if record.external_id:
            write.external_ids.add(record.external_id)
            by_external[record.external_id] = write
        writes.append(write)
        if decision.existing is not None:
            by_existing[decision.existing.id] = write
        if record.email_key:
            by_email.setdefault(record.email_key, []).append(write)
        if key := _row_key(record):
            by_key.setdefault(key, write)
        rows.append(RowAction(record.line, decision.action,  # type: ignore[arg-type]
                              record.label, decision.existing.uuid if decision.existing else None,
                              decision.detail, decision.candidates))
    new_orgs = _finish(writes, index, delegates, contacts, source)
    # an exact match that brings nothing new is reported as skipped
    unchanged = {w.existing.uuid for w in writes
                 if w.existing is not None and not (w.changes or w.link or w.new_organisation
                                                    or w.aliases or w.external_ids)}
    rows = [RowAction(r.line, "skip", r.label, r.target, "already up to date")
            if r.action == "update" and r.target in unchanged else r for r in rows]
    return PeopleMatch(rows, writes, new_orgs, index.org_by_key, source, index.by_id)


def _finish(writes: list[PersonWrite], index: PeopleIndex, delegates: set[int],
            contacts: set[int], source: str) -> dict[str, str]:
    """Organisations, changes, aliases and links, once every repeat has been folded in."""
    new_orgs: dict[str, str] = {}
    for write in writes:
        record = write.record
        existing = write.existing
        if (record.organisation_key and record.organisation_key not in index.org_by_key
                and (existing is None or existing.organisation_id is None)):
            new_orgs.setdefault(record.organisation_key, record.organisation)
            write.new_organisation = record.organisation_key
        if existing is None:
            write.link = "delegate" if record.role is not None else "contact"
            continue
        write.changes = _changes(existing, record, index.org_by_key.get(record.organisation_key))
        write.aliases = _new_identities(existing, record)
        write.external_ids = {x for x in write.external_ids if x not in index.by_external}
        if record.role is not None and existing.id not in delegates:
            write.link = "delegate"
        elif record.role is None and existing.id not in delegates | contacts:
            write.link = "contact"
    if not source:
        for write in writes:
            write.external_ids = set()
    return new_orgs
