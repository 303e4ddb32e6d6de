"""The one name formatter: Western order, East Asian family-first order, native script."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from planner.domain.enums import NameOrder

_CJK_RANGES = (
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),  # CJK ext A
    (0x4E00, 0x9FFF),  # CJK unified
    (0xF900, 0xFAFF),  # compatibility ideographs (﨑)
    (0xFF66, 0xFF9F),  # half-width katakana
    (0xAC00, 0xD7AF),  # hangul syllables
    (0x1100, 0x11FF),
    (0x3130, 0x318F),
    (0x20000, 0x2FA1F),
)


def is_cjk_char(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


_CJK_RE = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + "]")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese, Japanese or Korean character (one regex scan; plain
    ASCII, most names in a file, is answered without one)."""
    return not text.isascii() and _CJK_RE.search(text) is not None


@dataclass(frozen=True)
class PersonName:
    given_name: str
    family_name: str
    name_order: NameOrder = NameOrder.GIVEN_FIRST
    native_name: str = ""
    native_reading: str = ""
    title: str = ""

    def display(self) -> str:
        """How the name is printed in running text and tables (romanised)."""
        return display_name(self.given_name, self.family_name, self.name_order)

    def with_native(self) -> str:
        """``Taro YAMADA (山田 太郎)`` style, for briefing packs and pickers."""
        base = self.display()
        if self.native_name and self.native_name != base:
            return f"{base} ({self.native_name})" if base else self.native_name
        return base

    def sort_key(self) -> tuple[str, str]:
        return (sort_text(self.family_name), sort_text(self.given_name))


def display_name(given: str, family: str, order: NameOrder | str = NameOrder.GIVEN_FIRST) -> str:
    given, family = given.strip(), family.strip()
    if NameOrder(order) is NameOrder.FAMILY_FIRST:
        # Family-first romanised names print the family name in capitals so readers know which
        # part is which: "YAMADA Taro".
        parts = [family.upper() if family and not has_cjk(family) else family, given]
    else:
        parts = [given, family]
    return " ".join(p for p in parts if p)


def native_display(family: str, given: str) -> str:
    """Native-script names: family first; Japanese and Chinese with no space, Korean too."""
    return f"{family}{given}"


def sort_text(text: str) -> str:
    return unicodedata.normalize("NFKD", text).casefold()


def initials(given: str, family: str) -> str:
    return "".join(p[:1].upper() for p in (given, family) if p)
