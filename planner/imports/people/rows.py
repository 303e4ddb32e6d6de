"""Checking one mapped people row and turning it into a :class:`PersonRecord`.

Every problem of a row is reported (not just the first), each naming the line, the column, the
value and what to fix. Names: a single "Name" column is split (:func:`split_full_name`);
native-script names are kept in their script; Japanese, Korean and Chinese names are recorded
family-name first.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from planner.domain.countries import country_code
from planner.domain.enums import DelegateRole, LawfulBasis, NameOrder
from planner.domain.names import display_name, has_cjk, native_display
from planner.domain.validation import clean_text, normalise_email
from planner.errors import ValidationError
from planner.imports.errors import ErrorLog
from planner.imports.normalise import (
    email_key,
    looks_like_email,
    organisation_key,
    person_key,
    script_of,
    split_full_name,
)
from planner.imports.presets import MappedRow, Mapping

FAMILY_FIRST_COUNTRIES = frozenset({"JP", "KR", "CN", "TW", "KP"})
CONTACT_ROLES = frozenset({"contact", "absent", "counterpart", ""})
_YES = frozenset({"yes", "y", "true", "1", "x", "ja", "oui", "はい", "✓"})
_NO = frozenset({"no", "n", "false", "0", "nein", "non", "いいえ"})


@dataclass
class PersonRecord:
    """A checked people row, ready to be matched and written."""

    line: int
    given_name: str
    family_name: str
    native_name: str
    name_order: NameOrder
    email: str
    email_key: str
    organisation: str
    organisation_key: str
    job_title: str
    country: str
    phone: str
    role: DelegateRole | None  # None: an event contact
    dietary: str
    notes: str
    lawful_basis: LawfulBasis | None
    consent: bool | None
    # the registration system's key for this person (Attendee #, order code + position …)
    external_id: str = ""

    @property
    def name_key(self) -> str:
        """The name's matching key (order-insensitive)."""
        return person_key(self.given_name, self.family_name or self.native_name, "")

    @property
    def key(self) -> str:
        """Name + organisation key (for rows without an e-mail)."""
        return self.name_key + self.organisation_key

    @property
    def label(self) -> str:
        if (self.given_name + self.family_name).isascii():
            family = self.family_name.upper() if self.name_order is NameOrder.FAMILY_FIRST \
                and len(self.family_name) > 0 else self.family_name
            parts = [family, self.given_name] if self.name_order is NameOrder.FAMILY_FIRST \
                else [self.given_name, family]
            name = " ".join(p for p in parts if p)
        else:
            name = display_name(self.given_name, self.family_name, self.name_order)
        name = name or self.native_name
        return f"{name} <{self.email}>" if self.email else name


def _clean(value: str | None, *, multiline: bool = False, max_len: int = 10_000) -> str:
    """:func:`clean_text`, with a fast path for the common plain cell."""
    if value is None:
        return ""
    if value.isprintable() and (value.isascii() or unicodedata.is_normalized("NFC", value)):
        return value.strip()[:max_len]
    return clean_text(value, multiline=multiline, max_len=max_len)


def _email(raw: str) -> str:
    """:func:`normalise_email`, with a fast path for a plain ASCII address."""
    if raw.isascii() and raw.isprintable():
        local, at, domain = raw.strip().rpartition("@")
        return f"{local}@{domain.lower()}" if at else raw.strip()
    return normalise_email(raw)


def _cjk(text: str) -> bool:
    return not text.isascii() and has_cjk(text)


def _column(mapping: Mapping, name: str) -> str:
    headers = mapping.fields.get(name)
    return headers[0] if headers else name


_NAME_MAX = 200  # Person.given_name, family_name and native_name hold 200 characters


def _names(values: dict[str, str]) -> tuple[str, str, str, NameOrder]:
    given = _clean(values.get("given_name"))
    family = _clean(values.get("family_name"))
    native = " ".join(_clean(values.get("native_name")).replace("\u3000", " ").split())
    order = NameOrder.GIVEN_FIRST
    full = _clean(values.get("full_name"))
    if not (given or family) and full:
        parsed = split_full_name(full)
        given, family = parsed.given, parsed.family
        if parsed.native and not native:
            native = parsed.native
        if parsed.name_order == "family_first":
            order = NameOrder.FAMILY_FIRST
    if _cjk(given + family):
        # the name itself is in native script: keep it so, family name first
        order = NameOrder.FAMILY_FIRST
        if not native:
            native = native_display(family, given)
    if native and script_of(native) in ("ja", "ko", "zh"):
        order = NameOrder.FAMILY_FIRST
        if not (given or family):
            parsed = split_full_name(native)
            given, family = parsed.given, parsed.family
    # each part is cut to the 200 characters the record holds (a server refuses a longer value
    # outright) once it is known: a full-name cell gives its parts, and the native name may be
    # made from them
    return given[:_NAME_MAX], family[:_NAME_MAX], native[:_NAME_MAX], order


def _yes_no(text: str) -> bool | None:
    key = text.strip().casefold()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(text)


def check_person_row(row: MappedRow, mapping: Mapping, log: ErrorLog,
                     default_role: str = "contact") -> PersonRecord | None:
    """The row as a :class:`PersonRecord`, or None after logging each of its problems."""
    values = row.values
    line = row.line
    before = len(log.errors)
    given, family, native, order = _names(values)
    if not (given or family or native):
        log.error(line, _column(mapping, "full_name" if "full_name" in mapping.fields
                                else "family_name"), "",
                  "The row has no name: fill in the name (given and family name, or the full "
                  "name) or delete the row.")
    raw_email = values.get("email", "")
    email = _email(raw_email)
    if email and not looks_like_email(email):
        log.error(line, _column(mapping, "email"), raw_email,
                  "This is not an e-mail address: correct it (name@example.org) or leave the "
                  "cell empty.")
    country = ""
    raw_country = values.get("country", "")
    if raw_country:
        try:
            country = country_code(raw_country)
        except ValidationError:
            log.error(line, _column(mapping, "country"), raw_country,
                      "Unknown country: use an ISO code such as JP or GB, or the English name.")
    role: DelegateRole | None = None
    raw_role = values.get("role", "").strip() or default_role
    role_key = raw_role.casefold().replace("-", " ").strip()
    if role_key not in CONTACT_ROLES:
        try:
            role = DelegateRole(role_key)
        except ValueError:
            allowed = ", ".join([r.value for r in DelegateRole] + ["contact"])
            log.error(line, _column(mapping, "role"), raw_role,
                      f"Unknown role: use one of {allowed}.")
    basis: LawfulBasis | None = None
    raw_basis = values.get("lawful_basis", "")
    if raw_basis:
        try:
            basis = LawfulBasis(raw_basis.strip().casefold().replace(" ", "_").replace("-", "_"))
        except ValueError:
            allowed = ", ".join(b.value.replace("_", " ") for b in LawfulBasis)
            log.error(line, _column(mapping, "lawful_basis"), raw_basis,
                      f"Unknown lawful basis: use one of {allowed}.")
    consent: bool | None = None
    raw_consent = values.get("lead_sharing_consent", "")
    if raw_consent:
        try:
            consent = _yes_no(raw_consent)
        except ValueError:
            log.error(line, _column(mapping, "lead_sharing_consent"), raw_consent,
                      "Write yes or no for lead-sharing consent.")
    if len(log.errors) > before:
        return None
    if order is NameOrder.GIVEN_FIRST and country in FAMILY_FIRST_COUNTRIES and given and family:
        order = NameOrder.FAMILY_FIRST
    organisation = _clean(values.get("organisation"), max_len=300)
    return PersonRecord(
        line=line, given_name=given, family_name=family, native_name=native, name_order=order,
        email=email, email_key=email_key(email), organisation=organisation,
        organisation_key=organisation_key(organisation),
        job_title=_clean(values.get("job_title"), max_len=300), country=country,
        phone=_clean(values.get("phone"), max_len=64), role=role,
        dietary=_clean(values.get("dietary"), max_len=300),
        notes=_clean(values.get("notes"), multiline=True, max_len=20_000),
        lawful_basis=basis, consent=consent,
        external_id=_clean(values.get("external_id"), max_len=200),
    )
