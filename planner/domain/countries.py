"""Countries: ISO 3166 alpha-2 codes from codes or English names (pycountry's data)."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from planner.errors import ValidationError

_ALIASES = {
    "uk": "GB", "u.k.": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "great britain": "GB", "britain": "GB",
    "usa": "US", "u.s.a.": "US", "u.s.": "US", "america": "US", "united states of america": "US",
    "korea": "KR", "republic of korea": "KR", "s. korea": "KR", "south korea": "KR",
    "taiwan": "TW", "hong kong": "HK", "macau": "MO", "russia": "RU", "vietnam": "VN",
    "czech republic": "CZ", "the netherlands": "NL", "holland": "NL", "türkiye": "TR", "turkey": "TR",
    "日本": "JP", "韓国": "KR", "대한민국": "KR", "한국": "KR", "中国": "CN", "台湾": "TW",
    "deutschland": "DE", "schweiz": "CH", "österreich": "AT",
}


def _country_code(value: str) -> str:
    """'Japan', 'jp', 'JPN', 'United Kingdom', 'UK' → 'JP'/'GB'; '' stays ''."""
    text = value.strip()
    if not text:
        return ""
    alias = _ALIASES.get(text.casefold())
    if alias:
        return alias
    try:
        found = pycountry.countries.lookup(text)
    except LookupError:
        raise ValidationError(
            f"{value!r} is not a country; use an ISO 3166 code such as JP or GB, or an English name",
            "country",
        ) from None
    return str(found.alpha_2)


# Cached at module level, not with a decorator, so that mutation testing (mutmut 3 skips
# decorated functions) reaches the bodies.
country_code = lru_cache(maxsize=2048)(_country_code)


def _country_name(code: str) -> str:
    if not code:
        return ""
    found = pycountry.countries.get(alpha_2=code.upper())
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


country_name = lru_cache(maxsize=512)(_country_name)
