"""The matching rules: what two sets of identities say about being one person.

The rules (the README's "Who is who" table lists the cases):

1. A registration system's own key (decided before these rules, by the caller) decides.
2. A shared e-mail decides only together with a compatible name: the same name, a spelling
   variant, an initial, a romanisation of the native name, or no name on one side. Two different
   names on one address are a shared mailbox (an office, an assistant, a buyer): evidence
   *against* one person, never a merge.
3. Different names in native script block a match: 李伟 (Li Wei) is not 魏丽 (Wei Li), however the
   romanised words are ordered.
4. A name alone never merges: the same name at the same organisation updates that person only
   when exactly one person has it and no e-mail contradicts it; otherwise the pair is proposed.
5. Romanised ↔ native (pinyin, Hepburn, Revised Romanization and the usual Korean surname
   spellings), spelling variants (hyphens, spaces, order, accents, long vowels), initials and
   small typos are proposed as possible duplicates, with the reason, never merged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from rapidfuzz import fuzz

from planner.identity.forms import IdentityForms, shared

NameMatch = Literal["exact", "native", "romanised", "reordered", "variant", "initial", "similar",
                    "different", "unknown"]
SIMILAR = 88  # rapidfuzz ratio of the compact names: "Jon Smith" / "John Smith"

_NAME_REASON: dict[str, str] = {
    "exact": "same name",
    "native": "same name in native script",
    "romanised": "the romanised name is a reading of the native name",
    "reordered": "the romanised name reads the native name in the other order",
    "variant": "the same name spelt differently (hyphens, spaces, order or accents)",
    "initial": "the same family name and a matching initial",
    "similar": "a similar name (a typo?)",
    "different": "different names",
    "unknown": "one of them has no name",
}
# points for the name evidence when no e-mail is shared (organisation adjusts them)
_NAME_SCORE = {"exact": 80, "native": 80, "romanised": 75, "reordered": 65, "variant": 70,
               "initial": 60, "similar": 60}


@dataclass(frozen=True)
class Evidence:
    """What comparing two people found."""

    email: bool  # an e-mail (primary or alias) in common
    name: NameMatch
    native_conflict: bool  # both have native-script names and they are not the same name
    organisation: Literal["same", "different", "unknown"]
    emails_differ: bool  # both have e-mails and none in common

    @property
    def compatible_name(self) -> bool:
        return self.name not in ("different",) and not self.native_conflict

    @property
    def shared_mailbox(self) -> bool:
        """One address, two people: a shared e-mail with clearly different names."""
        return self.email and not self.compatible_name

    @property
    def same_person(self) -> bool:
        """Strong enough to treat as one person without asking (the e-mail rule)."""
        return self.email and self.compatible_name

    @property
    def score(self) -> int:
        """0–100: how likely one person (100: the same e-mail and a compatible name)."""
        if self.native_conflict or self.name == "different":
            return 0
        if self.email:
            return 100
        if self.name == "unknown":
            return 0
        points = _NAME_SCORE[self.name]
        points += {"same": 15, "unknown": 0, "different": -15}[self.organisation]
        if self.emails_differ:
            points -= 10
        return max(0, min(99, points))

    @property
    def reasons(self) -> tuple[str, ...]:
        out: list[str] = []
        if self.email:
            out.append("same e-mail")
        if self.native_conflict:
            out.append("different names in native script")
        else:
            out.append(_NAME_REASON[self.name])
        if self.organisation == "same":
            out.append("same organisation")
        elif self.organisation == "different":
            out.append("different organisation")
        if self.emails_differ:
            out.append("different e-mails")
        return tuple(out)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _ordered_romanised(forms: IdentityForms) -> frozenset[str]:
    from planner.identity.romanise import ordered_native_forms

    out: set[str] = set()
    for native in forms.native_texts:
        out |= ordered_native_forms(native)
    return frozenset(out)


def _compact_ordered(forms: IdentityForms) -> set[str]:
    from planner.identity.romanise import fold_latin

    return {fold_latin(family) + fold_latin(given) for family, given in forms.names}


def _native_conflict(a: IdentityForms, b: IdentityForms) -> bool:
    if not (a.natives and b.natives) or shared(a.natives, b.natives):
        return False
    # 張偉 and 张伟 (traditional / simplified) read the same, family name first
    return not shared(_ordered_romanised(a), _ordered_romanised(b))


def _initial(a: IdentityForms, b: IdentityForms) -> bool:
    for family_a, given_a in a.names:
        for family_b, given_b in b.names:
            if not family_a or family_a != family_b or not given_a or not given_b:
                continue
            short, long_ = sorted((given_a.replace(" ", ""), given_b.replace(" ", "")), key=len)
            if len(short) == 1 and long_.startswith(short):
                return True
    return False


def _similar(a: IdentityForms, b: IdentityForms) -> bool:
    left, right = _compact_ordered(a), _compact_ordered(b)
    return any(min(len(x), len(y)) >= 5 and fuzz.ratio(x, y) >= SIMILAR
               for x in left for y in right)


def compare_names(a: IdentityForms, b: IdentityForms) -> NameMatch:
    if not a.has_name or not b.has_name:
        return "unknown"
    if not a.names.isdisjoint(b.names):
        return "exact"
    if shared(a.natives, b.natives):
        return "native"
    if a.natives or b.natives:
        # a native name against the other's romanised names, family name first as written
        if shared(_ordered_romanised(a), _compact_ordered(b)) or \
                shared(_ordered_romanised(b), _compact_ordered(a)):
            return "romanised"
        if shared(a.romanised, b.latin) or shared(b.romanised, a.latin):
            return "reordered"
        if a.natives and b.natives and not _native_conflict(a, b):
            return "romanised"  # 張偉 / 张伟
    if not a.names or not b.names:
        return "different" if (a.natives and b.natives) else "unknown"
    if shared(a.latin, b.latin):
        return "variant"
    if _initial(a, b):
        return "initial"
    if _similar(a, b):
        return "similar"
    return "different"


def compare(a: IdentityForms, b: IdentityForms) -> Evidence:
    """The evidence for and against ``a`` and ``b`` being one person."""
    organisation: Literal["same", "different", "unknown"] = "unknown"
    if a.organisation and b.organisation:
        organisation = "same" if a.organisation == b.organisation else "different"
    return Evidence(
        email=shared(a.emails, b.emails),
        name=compare_names(a, b),
        native_conflict=_native_conflict(a, b),
        organisation=organisation,
        emails_differ=bool(a.emails and b.emails and not shared(a.emails, b.emails)),
    )


def best_score(*, organisation: Literal["same", "different", "unknown"], emails_differ: bool) -> int:
    """The highest score two people who share no e-mail can reach on their names alone, given
    their organisations and whether both have e-mails (the import reads only the people who
    could reach the proposing score: see :mod:`planner.imports.people.name_keys`)."""
    return max(Evidence(email=False, name=name, native_conflict=False, organisation=organisation,
                        emails_differ=emails_differ).score for name in get_args(NameMatch))
