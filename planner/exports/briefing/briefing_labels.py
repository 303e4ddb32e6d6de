"""Words a briefing pack prints for codes: language names, and what each conflict kind is called.

``language_name("ja")`` is "Japanese": an interpreter language is typed as a code or a name
(``ja``, ``jpn``, ``zh-Hant``, ``pt-BR``, ``Japanese``); codes are named from ISO 639 as pycountry
has it, with the script or region a tag adds; anything else prints as it was typed.
"""

from __future__ import annotations

import re

import pycountry

_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?$")
_SCRIPTS = {"hans": "Simplified", "hant": "Traditional", "latn": "Latin", "cyrl": "Cyrillic",
            "arab": "Arabic", "jpan": "Japanese script", "kore": "Korean script"}
_SHORT_NAMES = {"el": "Greek", "ne": "Nepali", "ms": "Malay", "sw": "Swahili", "zh": "Chinese"}


def language_name(value: str) -> str:
    """English name of a language code or tag (``zh-Hant`` → "Chinese (Traditional)");
    text that is not a known code is returned stripped, as typed."""
    text = (value or "").strip()
    m = _TAG.match(text)
    if m is None:
        return text
    code, script, region = m.group(1).lower(), m.group(2), m.group(3)
    lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if lang is None:
        return text
    name = _SHORT_NAMES.get(getattr(lang, "alpha_2", ""), lang.name)
    details = []
    if script:
        details.append(_SCRIPTS.get(script.lower(), script.title()))
    if region:
        country = pycountry.countries.get(alpha_2=region.upper()) if region.isalpha() else None
        details.append(getattr(country, "common_name", None) or (country.name if country else region.upper()))
    return f"{name} ({', '.join(details)})" if details else name


#: What each conflict kind is called next to an item, and the word that joins the other item.
CONFLICT_LABELS: dict[str, tuple[str, str]] = {
    "person_double_booked": ("Clash", "with"),
    "presenter_busy": ("Clash", "with"),
    "room_double_booked": ("Room double-booked", "with"),
    "counterpart_org_twice": ("Same organisation met at the same time", "as"),
    "travel_time": ("Not enough travel time", "to"),  # "from" when this item comes second
    "outside_venue_hours": ("Outside the venue's opening hours", ""),
    "outside_event_dates": ("Outside the event's dates", ""),
}

#: Printed before every conflict mark; DejaVu Sans (the bundled Latin face) has the glyph.
WARNING_SIGN = "\u26a0"
