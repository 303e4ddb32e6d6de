"""Everything a person can be recognised by, in comparable form.

An :class:`IdentityForms` gathers a person's (or an import row's) e-mail keys, romanised names as
ordered (family, given) pairs, native-script names and the organisation key. Aliases add to the
sets; :mod:`planner.identity.rules` compares two of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from planner.domain.names import has_cjk
from planner.imports.normalise import email_key, text_key


def name_pair(given: str | None, family: str | None) -> tuple[str, str]:
    """``(family, given)`` folded for comparison (case, width, punctuation); order is kept: the
    family name of one record is compared with the family name of the other."""
    return text_key(family), text_key(given)


def pair_key(given: str | None, family: str | None) -> str:
    """The stored matching key of a romanised name alias: ``family|given``."""
    family_key, given_key = name_pair(given, family)
    return f"{family_key}|{given_key}" if family_key or given_key else ""


def native_key(native: str | None) -> str:
    """A native-script name without spaces (山田 太郎 = 山田太郎), width and case folded."""
    return text_key(native).replace(" ", "")


@dataclass
class IdentityForms:
    """One person's (or one row's) identities. ``names`` are ``(family, given)`` pairs."""

    emails: set[str] = field(default_factory=set)
    names: set[tuple[str, str]] = field(default_factory=set)
    natives: set[str] = field(default_factory=set)
    organisation: str = ""  # organisation key
    # the native names as written (a space between family and given name helps romanising)
    native_texts: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, *, given: str = "", family: str = "", native: str = "", email: str = "",
           organisation_key: str = "") -> IdentityForms:
        forms = cls(organisation=organisation_key)
        forms.add_name(given, family)
        forms.add_native(native)
        if not native and has_cjk(given + family):
            forms.add_native(family + given)  # a name typed in native script is its native name
        forms.add_email(email)
        return forms

    def add_email(self, email: str | None) -> None:
        key = email_key(email)
        if key:
            self.emails.add(key)
            self.__dict__.pop("latin", None)

    def add_name(self, given: str | None, family: str | None) -> None:
        pair = name_pair(given, family)
        if any(pair):
            self.names.add(pair)
            self.__dict__.pop("latin", None)

    def add_native(self, native: str | None) -> None:
        key = native_key(native)
        if key:
            self.natives.add(key)
            self.native_texts.add(" ".join((native or "").replace("\u3000", " ").split()))
            self.__dict__.pop("romanised", None)

    def add_key(self, kind: str, key: str, given: str = "", family: str = "",
                value: str = "") -> None:
        """Add a stored alias by its kind and key (see :class:`~planner.domain.enums.AliasKind`)."""
        if kind == "email":
            self.emails.add(key)
        elif kind == "name":
            self.add_name(given, family)
        elif kind in ("native", "reading") and key:
            self.natives.add(key)
            self.native_texts.add(" ".join((value or key).split()))
            self.__dict__.pop("romanised", None)

    def merge(self, other: IdentityForms) -> None:
        self.emails |= other.emails
        self.names |= other.names
        self.natives |= other.natives
        self.native_texts |= other.native_texts
        self.__dict__.pop("latin", None)
        self.__dict__.pop("romanised", None)

    @property
    def has_name(self) -> bool:
        return bool(self.names or self.natives)

    @cached_property
    def latin(self) -> frozenset[str]:
        """Compact forms of every romanised name, in both orders (spelling variants meet here)."""
        from planner.identity.romanise import latin_forms

        out: set[str] = set()
        for family, given in self.names:
            out |= latin_forms(given, family)
        return frozenset(out)

    @cached_property
    def romanised(self) -> frozenset[str]:
        """Compact romanisations of every native-script name (both orders, every reading)."""
        from planner.identity.romanise import native_forms

        out: set[str] = set()
        for native in self.native_texts:
            out |= native_forms(native)
        return frozenset(out)


def shared(a: Iterable[str], b: Iterable[str]) -> bool:
    return not set(a).isdisjoint(b)
