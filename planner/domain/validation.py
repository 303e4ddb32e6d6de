"""Pure field checks shared by services and importers."""

from __future__ import annotations

import re
import unicodedata

from planner.domain.countries import country_code

_EMAIL_RE = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]{2,}$")
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_CONTROL = {"Cc", "Cf", "Cs", "Co", "Cn"}
_ALLOWED_CF = {"\u200d", "\u200c"}  # joiners are needed by some scripts and emoji


def clean_text(value: str | None, *, multiline: bool = False, max_len: int = 10_000) -> str:
    """Normalise user text: NFC, no control characters, trimmed, bounded length."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    out = []
    for ch in text:
        if ch in "\n\t" and multiline:
            out.append(ch)
        elif ch == "\r":
            continue
        elif unicodedata.category(ch) in _CONTROL and ch not in _ALLOWED_CF:
            out.append(" " if ch in "\n\t" else "")
        else:
            out.append(ch)
    cleaned = "".join(out).strip()
    return cleaned[:max_len]


def normalise_email(value: str | None) -> str:
    """Trimmed, NFKC (full-width ＠ → @), lower-case domain; '' when empty."""
    text = unicodedata.normalize("NFKC", clean_text(value)).replace("\u200b", "").strip()
    if "@" not in text:
        return text
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def is_email(value: str) -> bool:
    return bool(_EMAIL_RE.match(value)) and len(value) <= 254 and ".." not in value


def is_event_code(value: str) -> bool:
    return bool(_CODE_RE.match(value))


def is_currency(value: str) -> bool:
    return bool(_CURRENCY_RE.match(value))


def normalise_country(value: str | None) -> str:
    """ISO 3166 alpha-2 from a code or an English name; raises ValidationError when unknown."""
    return country_code(value or "")
