"""Pure field checks shared by services and importers."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from planner.domain.countries import country_code
from planner.errors import ValidationError

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
    if text.isprintable():  # no control, format or line characters: nothing to drop (fast path)
        return text.strip()[:max_len]
    out = []
    for ch in text:
        if ch in "\n\t" and multiline:
            out.append(ch)
        elif unicodedata.category(ch) in _CONTROL and ch not in _ALLOWED_CF:  # "\r" too: dropped
            out.append(" " if ch in "\n\t" else "")
        else:
            out.append(ch)
    cleaned = "".join(out).strip()
    return cleaned[:max_len]


def normalise_email(value: str | None) -> str:
    """Trimmed, NFKC (full-width ＠ → @), lower-case domain; '' when empty."""
    text = unicodedata.normalize("NFKC", clean_text(value)).strip()  # clean_text drops zero-width spaces
    if "@" not in text:
        return text
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def is_email(value: str) -> bool:
    return bool(_EMAIL_RE.match(value)) and len(value) <= 254 and ".." not in value


def is_event_code(value: str) -> bool:
    return bool(_CODE_RE.match(value))


@lru_cache(maxsize=1)
def _iso_currencies() -> frozenset[str]:
    """ISO 4217 alphabetic codes (pycountry's list), loaded on first use; without XXX ("no
    currency") and XTS (reserved for tests), which name no money."""
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies) - {"XXX", "XTS"}


def is_currency(value: str) -> bool:
    """An ISO 4217 currency code in capitals (GBP, JPY, EUR), not just any three letters."""
    return bool(_CURRENCY_RE.match(value)) and value in _iso_currencies()


# ----------------------------------------------------------------------------------- dates
# Every date a user gives (events, due dates, arrivals, meeting days) lies in these years:
# far enough out for any plan or record, and far from the ends of Python's calendar (years
# 1 and 9999), where a zone conversion or "the next day" overflows.
FIRST_YEAR = 1900
LAST_YEAR = 2200


def date_problem(value: date | datetime) -> str | None:
    """Why ``value`` is outside the years Mission Desk plans for, or None when it is inside."""
    if FIRST_YEAR <= value.year <= LAST_YEAR:
        return None
    day = value.date() if isinstance(value, datetime) else value
    return (f"{day.isoformat()} is outside the years Mission Desk works with "
            f"({FIRST_YEAR}–{LAST_YEAR}): check the year")


def check_date(value: date | datetime | None, field_name: str = "") -> None:
    """Raise :class:`ValidationError` (on ``field_name``) for a date outside
    :data:`FIRST_YEAR`–:data:`LAST_YEAR`; None passes."""
    if value is None:
        return
    problem = date_problem(value)
    if problem:
        raise ValidationError(problem, field_name)


# ----------------------------------------------------------------------------------- amounts
# The largest estimated value kept: 15 digits, the most a spreadsheet (Excel, LibreOffice)
# holds exactly, and far below SQLite's 64-bit integers; enough for a large deal even in
# currencies with small units (10^15 VND is about 40 billion USD).
MAX_AMOUNT = 999_999_999_999_999
_AMOUNT_RE = re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$")


def parse_amount(value: object, field_name: str = "value") -> int:
    """A lead's estimated value as the whole number stored, from an int, a float, a Decimal or
    text such as ``250000``, ``1,250,000`` or ``1500.00``.

    Refused with a :class:`ValidationError` naming ``field_name``: not a number (``nan``,
    ``inf``, ``1e30`` in text, words), negative, more than 2 decimals, cents (values are kept
    in whole units of the currency), more than :data:`MAX_AMOUNT`.
    """
    shown = str(value).strip()
    number: Decimal
    decimals: int | None = None  # as written, for text
    if isinstance(value, bool):
        raise ValidationError(f"{shown!r} is not an amount", field_name)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(f"{shown!r} is not an amount: give a number such as 250000",
                                  field_name)
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    else:
        text = shown.replace("_", "")
        negative = text.startswith("-")
        if negative:
            text = text[1:].strip()
        if not _AMOUNT_RE.match(text):
            raise ValidationError(
                f"{shown!r} is not an amount: write it in plain digits, e.g. 250000 or 1,250,000",
                field_name)
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            raise ValidationError(f"{shown!r} is not an amount", field_name) from None
        if negative:
            number = -number
        decimals = len(text.partition(".")[2])
    if not number.is_finite():
        raise ValidationError(f"{shown!r} is not an amount: give a number such as 250000", field_name)
    if number < 0:
        raise ValidationError("The estimated value cannot be negative", field_name)
    if number > MAX_AMOUNT:
        raise ValidationError(f"{shown} is more than the largest estimated value Mission Desk "
                              f"keeps ({MAX_AMOUNT:,}): check the number of digits", field_name)
    if decimals is None:  # the digits after the point (negative for a round number: 1.5E+3 is -3)
        decimals = -int(number.normalize().as_tuple().exponent)
    if decimals > 2:
        raise ValidationError(f"{shown} has more than 2 decimals", field_name)
    if number != number.to_integral_value():
        raise ValidationError(f"{shown}: estimated values are kept in whole units of the currency "
                              "(no cents); round it", field_name)
    return int(number)


def normalise_country(value: str | None) -> str:
    """ISO 3166 alpha-2 from a code or an English name; raises ValidationError when unknown."""
    return country_code(value or "")
