"""The partners a meeting row names: by e-mail, as "Name <e-mail>", or by name and company.

Partnering platforms export the partner as a name plus a company, often with no e-mail. A name
is looked up among the people already in the file (given-family or family-given order, or the
native-script name), at the row's company when it has one; a partner who is not in the file
yet is made a counterpart (name, company, e-mail if given) when the import is written. Two
people of that name at that company is a row error: the row must say which (by e-mail).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import NameOrder
from planner.domain.names import display_name
from planner.imports.errors import ErrorLog
from planner.imports.normalise import email_key, organisation_key, split_full_name, text_key
from planner.imports.schedule.rows import PeopleByEmail
from planner.storage.models import Organisation, Person

_PARTS = re.compile(r"[;\n、；]+")
_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


@dataclass(frozen=True)
class NewPerson:
    """A counterpart to make: names as split from the cell, the company, the e-mail if given."""

    given_name: str
    family_name: str
    native_name: str
    name_order: NameOrder
    email: str
    organisation: str

    @property
    def key(self) -> tuple[str, str]:
        return (email_key(self.email) or text_key(f"{self.given_name} {self.family_name} "
                                                  f"{self.native_name}"),
                organisation_key(self.organisation))

    @property
    def label(self) -> str:
        name = display_name(self.given_name, self.family_name, self.name_order) or self.native_name
        return f"{name} ({self.organisation})" if self.organisation else name


def _tokens(cell: str) -> list[tuple[str, str]]:
    """``(name, e-mail)`` for each person in a cell."""
    found: list[tuple[str, str]] = []
    for part in _PARTS.split(cell or ""):
        part = part.strip()
        if not part:
            continue
        pieces = [p.strip() for p in part.split(",")]
        if len(pieces) > 1 and all(_ADDRESS.match(p) for p in pieces if p):
            found.extend(("", p) for p in pieces if p)
            continue
        if "<" in part and part.endswith(">"):
            name, address = part[:part.rindex("<")].strip().strip('"'), part[part.rindex("<") + 1:-1]
            found.append((name, address.strip()))
        elif _ADDRESS.match(part):
            found.append(("", part))
        else:
            found.append((part, ""))
    return found


class PeopleByName:
    """Everyone's name keys → ``(person id, organisation key)``, read once when first needed."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._index: dict[str, list[tuple[int, str]]] | None = None

    def _build(self) -> dict[str, list[tuple[int, str]]]:
        index: dict[str, list[tuple[int, str]]] = {}
        orgs = dict(self.session.execute(select(Organisation.id, Organisation.name_key)).all())
        for pid, given, family, native, org_id in self.session.execute(
                select(Person.id, Person.given_name, Person.family_name, Person.native_name,
                       Person.organisation_id)):
            org_key = orgs.get(org_id, "") if org_id is not None else ""
            keys = {text_key(f"{given} {family}"), text_key(f"{family} {given}"),
                    text_key(native), text_key(native.replace(" ", ""))}
            for key in keys - {""}:
                index.setdefault(key, []).append((pid, org_key))
        return index

    def find(self, name: str, company: str) -> list[int]:
        if self._index is None:
            self._index = self._build()
        hits = self._index.get(text_key(name), [])
        org = organisation_key(company)
        if org:
            hits = [h for h in hits if h[1] == org]
        return list(dict.fromkeys(pid for pid, _org in hits))


class Counterparts:
    """Resolves a counterparts cell to existing people and people to make."""

    def __init__(self, session: Session, by_email: PeopleByEmail) -> None:
        self.by_email = by_email
        self.by_name = PeopleByName(session)

    def resolve(self, cell: str, company: str, line: int, column: str,
                log: ErrorLog) -> tuple[list[int], list[NewPerson]] | None:
        ids: list[int] = []
        new: list[NewPerson] = []
        ok = True
        for name, address in _tokens(cell):
            if address:
                pid = self.by_email.ids.get(email_key(address))
                if pid is not None:
                    if pid not in ids:
                        ids.append(pid)
                    continue
                if not _ADDRESS.match(address):
                    log.error(line, column, address, "This is not an e-mail address: correct it, "
                              "or give the partner's name and company instead.")
                    ok = False
                    continue
                if not name:
                    log.error(line, column, address,
                              "No person with this e-mail: write it as “Name <e-mail>” so the "
                              "partner can be added, or import them first.")
                    ok = False
                    continue
            matches = self.by_name.find(name, company) if not address else []
            if len(matches) == 1:
                if matches[0] not in ids:
                    ids.append(matches[0])
                continue
            if len(matches) > 1:
                where = f" at {company}" if company else ""
                log.error(line, column, name, f"{len(matches)} people called {name}{where} are "
                          "in the file: give this partner's e-mail to say which.")
                ok = False
                continue
            parsed = split_full_name(name)
            if not (parsed.given or parsed.family or parsed.native):
                log.error(line, column, name, "The partner needs a name or an e-mail.")
                ok = False
                continue
            order = NameOrder.FAMILY_FIRST if parsed.name_order == "family_first" else NameOrder.GIVEN_FIRST
            new.append(NewPerson(parsed.given, parsed.family, parsed.native or "", order,
                                 address, company))
        return (ids, new) if ok else None
