"""Matching a file's headers to a preset, and resolving it into a column mapping.

Headers are matched by their text (case-, space-, ``_``/``-``-insensitively), never by
position. :func:`detect_preset` scores every preset against a file's headers;
:func:`build_mapping` resolves a preset plus ``--map "Header=field"`` overrides into a
:class:`Mapping`, which extracts canonical records from rows and says which rows to skip.
The presets themselves live in :mod:`planner.imports.preset_catalog`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass, field

from planner.imports.errors import MappingError, RowError
from planner.imports.preset_catalog import (
    BRELLA,
    EVENTBRITE,
    FIELDS_BY_KIND,
    GENERIC_MEETINGS,
    GENERIC_PEOPLE,
    GENERIC_SLOTS,
    IGNORE,
    INDICO,
    MEETING_FIELDS,
    PEOPLE_FIELDS,
    PRESETS,
    PRESETS_BY_NAME,
    PRETIX,
    SLOT_FIELDS,
    SWAPCARD,
    TALQUE,
    Kind,
    Preset,
    RowFilter,
    get_preset,
    header_key,
)
from planner.imports.table import SourceRow

__all__ = [
    "BRELLA", "EVENTBRITE", "FIELDS_BY_KIND", "GENERIC_MEETINGS", "GENERIC_PEOPLE",
    "GENERIC_SLOTS", "IGNORE", "INDICO", "MEETING_FIELDS", "PEOPLE_FIELDS", "PRESETS",
    "PRESETS_BY_NAME", "PRETIX", "SLOT_FIELDS", "SWAPCARD", "TALQUE", "Kind", "MappedRow",
    "Mapping", "Preset", "PresetMatch", "SkippedRow", "build_mapping", "detect_preset",
    "get_preset", "header_key", "parse_map_option", "parse_map_options", "rank_presets",
    "unmapped_warnings",
]

MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class PresetMatch:
    preset: Preset
    confidence: float  # 0..1
    matched: tuple[str, ...]  # the file's headers typical of the preset


@dataclass(frozen=True)
class MappedRow:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class SkippedRow:
    line: int
    reason: str


@dataclass
class Mapping:
    """A resolved mapping: canonical field → the file's headers holding it, best first."""

    kind: Kind
    preset: str | None
    fields: dict[str, tuple[str, ...]]
    key_headers: tuple[str, ...] = ()
    unmapped: list[str] = field(default_factory=list)
    row_filter: RowFilter | None = None
    notes: dict[str, str] = field(default_factory=dict)  # file header → why it is left out
    # filled by :meth:`apply`: unmapped columns that look like a name or an e-mail (the
    # import would drop them) — shown with the dry run's warnings
    warnings: list[RowError] = field(default_factory=list)

    def extract(self, row: SourceRow) -> dict[str, str]:
        """The row's canonical values (the first non-empty header wins for each field)."""
        values: dict[str, str] = {}
        cells = row.cells
        for name, headers in self.fields.items():
            value = ""
            for header in headers:  # a plain loop: this runs for every cell of every row
                if value := cells.get(header, "").strip():
                    break
            values[name] = value
        if self.key_headers and "external_id" not in self.fields:
            parts = [row.get(h).strip() for h in self.key_headers]
            values["external_id"] = "-".join(parts) if all(parts) else ""
        return values

    def skip_reason(self, values: AbcMapping[str, str]) -> str | None:
        return self.row_filter(values) if self.row_filter is not None else None

    def apply(self, rows: Iterable[SourceRow]) -> tuple[list[MappedRow], list[SkippedRow]]:
        """Extract every row; rows refused by the preset's filter come back as skipped
        (they are not errors: e.g. Eventbrite refunds). Sets :attr:`warnings`."""
        rows = rows if isinstance(rows, list) else list(rows)
        self.warnings = unmapped_warnings(self, rows) if self.kind == "people" else []
        kept: list[MappedRow] = []
        skipped: list[SkippedRow] = []
        for row in rows:
            values = self.extract(row)
            reason = self.skip_reason(values)
            if reason is None:
                kept.append(MappedRow(row.line, values))
            else:
                skipped.append(SkippedRow(row.line, reason))
        return kept, skipped

    def missing_required(self) -> list[str]:
        """What the importer cannot do without, as readable phrases (empty when complete)."""
        have = set(self.fields) | ({"external_id"} if self.key_headers else set())
        if self.kind == "people":
            names = {"full_name", "given_name", "family_name", "native_name"}
            return [] if have & names else ["a name column (full name, or given/family name)"]
        needed = ("date", "start") if self.kind == "meetings" else ("date", "start", "title")
        return [f for f in needed if f not in have]


# ----------------------------------------------------------------------------- detection


def _weights(presets: Sequence[Preset]) -> dict[str, float]:
    """Headers typical of many presets (Email, Country …) say less than rare ones."""
    counts: dict[str, int] = {}
    for preset in presets:
        keys = {header_key(h) for sig in preset.signatures for h in sig}
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return {key: 1.0 / n for key, n in counts.items()}


def _score(preset: Preset, keys: list[str], weights: dict[str, float]) -> tuple[float, int]:
    present = set(keys)
    best_fraction, best_count = 0.0, 0
    pattern_hits = sum(1 for k in present if any(re.fullmatch(p, k) for p in preset.patterns))
    for sig in preset.signatures:
        sig_keys = {header_key(h) for h in sig}
        total = sum(weights[k] for k in sig_keys)
        hit = sum(weights[k] for k in sig_keys & present) + pattern_hits
        count = len(sig_keys & present) + pattern_hits
        fraction = min(1.0, hit / total) if total else 0.0
        if (fraction, count) > (best_fraction, best_count):
            best_fraction, best_count = fraction, count
    known = {header_key(h) for sig in preset.signatures for h in sig}
    known |= {header_key(h) for synonyms in preset.columns.values() for h in synonyms}
    explained = sum(1 for k in keys if k in known
                    or any(re.fullmatch(p, k) for p in preset.patterns))
    coverage = explained / len(keys) if keys else 0.0
    return 0.6 * best_fraction + 0.4 * coverage, best_count


def rank_presets(headers: Sequence[str], kind: Kind | None = None) -> list[PresetMatch]:
    """Every preset (of ``kind``) scored against ``headers``, the best first."""
    presets = [p for p in PRESETS if kind is None or p.kind == kind]
    keys = [header_key(h) for h in headers if h.strip()]
    weights = _weights(presets)
    ranked: list[tuple[float, int, bool, PresetMatch]] = []
    for preset in presets:
        confidence, count = _score(preset, keys, weights)
        sig_keys = {header_key(h) for sig in preset.signatures for h in sig}
        matched = tuple(h for h in headers if header_key(h) in sig_keys
                        or any(re.fullmatch(p, header_key(h)) for p in preset.patterns))
        match = PresetMatch(preset, round(confidence, 3), matched)
        ranked.append((confidence, count, not preset.generic, match))
    ranked.sort(key=lambda item: item[:3], reverse=True)
    return [item[3] for item in ranked]


def detect_preset(headers: Sequence[str], kind: Kind | None = None) -> PresetMatch | None:
    """The preset that best explains ``headers`` (by header text), or None when no preset
    reaches a confidence of 0.5 with at least two typical headers."""
    for match in rank_presets(headers, kind):
        if match.confidence >= MIN_CONFIDENCE and len(match.matched) >= 2:
            return match
        break
    return None


# ------------------------------------------------------------------------------- mapping


def _field_name(text: str, kind: Kind) -> str:
    name = re.sub(r"[\s\-]+", "_", text.strip().casefold())
    if name in ("", IGNORE, "-", "skip", "none"):
        return IGNORE
    aliases = {"organization": "organisation", "company": "organisation", "e_mail": "email",
               "first_name": "given_name", "last_name": "family_name", "name": "full_name",
               "title": "job_title" if kind == "people" else "title"}
    name = aliases.get(name, name)
    allowed = FIELDS_BY_KIND[kind]
    if name not in allowed:
        raise MappingError(
            f"Unknown field “{text}” for {kind} imports. Fields: {', '.join(allowed)} "
            f"(or “{IGNORE}” to leave the column out)."
        )
    return name


def parse_map_option(option: str, kind: Kind = "people") -> tuple[str, str]:
    """Parse one ``--map "Header=field"`` option into ``(header, field)``."""
    header, sep, target = option.rpartition("=")
    if not sep or not header.strip():
        raise MappingError(
            f"--map expects “Header=field” (for example --map \"Firm=organisation\"), "
            f"not “{option}”."
        )
    return header.strip(), _field_name(target, kind)


def parse_map_options(options: Iterable[str], kind: Kind = "people") -> dict[str, str]:
    """Several ``--map`` options as ``{header: field}``."""
    return dict(parse_map_option(option, kind) for option in options)


def build_mapping(headers: Sequence[str], preset: Preset,
                  overrides: AbcMapping[str, str] | None = None) -> Mapping:
    """Resolve ``preset`` against the file's ``headers``; ``overrides`` (``{header: field}``,
    e.g. from :func:`parse_map_options`) win over the preset. Raises :class:`MappingError`
    for a header that is not in the file or a field that does not exist."""
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(header_key(header), header)
    used: set[str] = set()
    fields: dict[str, tuple[str, ...]] = {}
    for name, synonyms in preset.columns.items():
        found: list[str] = []
        for synonym in synonyms:
            hit = by_key.get(header_key(synonym))
            if hit is not None and hit not in used and hit not in found:
                found.append(hit)
        if found:
            fields[name] = tuple(found)
            used.update(found)
    key_headers: tuple[str, ...] = ()
    if preset.key_headers:
        parts = [next((by_key[header_key(s)] for s in synonyms if header_key(s) in by_key), None)
                 for synonyms in preset.key_headers]
        if all(parts):
            key_headers = tuple(p for p in parts if p)
    for source, target in (overrides or {}).items():
        chosen = by_key.get(header_key(source))
        if chosen is None:
            listing = ", ".join(f"“{h}”" for h in headers)
            raise MappingError(f"--map names a column “{source}” that is not in the file. "
                               f"Its columns are: {listing}.")
        name = _field_name(target, preset.kind)
        fields = {f: hs for f, hs in ((f, tuple(h for h in hs if h != chosen))
                                      for f, hs in fields.items()) if hs}
        if chosen in key_headers:
            key_headers = ()
        if name != IGNORE:
            fields[name] = (chosen,)
    used = {h for hs in fields.values() for h in hs} | set(key_headers)
    unmapped = [h for h in headers if h not in used]
    notes = {by_key[header_key(h)]: text for h, text in preset.notes.items()
             if header_key(h) in by_key}
    return Mapping(kind=preset.kind, preset=preset.name, fields=fields, key_headers=key_headers,
                   unmapped=unmapped, row_filter=preset.row_filter,
                   notes={h: t for h, t in notes.items() if h in unmapped})


# ------------------------------------------------- unmapped columns that hold people's data

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_EMAIL = re.compile(r"[^@\s;,<>]+@[^@\s;,<>]+\.[^@\s;,<>]+")
_NAME_WORDS = frozenset({
    "name", "names", "surname", "forename", "firstname", "lastname", "givenname",
    "familyname", "fullname", "vorname", "nachname", "nom", "prénom", "prenom", "nombre",
    "apellido", "apellidos", "nome", "cognome"})
_CJK_NAME_WORDS = ("氏名", "名前", "姓名", "이름", "성명", "フリガナ", "ふりがな")
_PERSON_WORDS = frozenset({
    "person", "contact", "buyer", "purchaser", "booker", "ansprechpartner", "käufer",
    "kontaktperson", "besteller", "bestellerin"})
_EMAIL_WORDS = frozenset({"email", "mail", "emails"})
# a "name" of these is not a person's
_THING_WORDS = frozenset({
    "company", "organisation", "organization", "org", "firm", "firma", "firmen", "event",
    "veranstaltung", "seat", "sitz", "product", "produkt", "ticket", "item", "venue", "room",
    "file", "quota", "session", "team", "group", "channel", "tag", "tier", "hotel",
    "institution", "university", "affiliation", "account", "bank", "tax", "variation",
    "shop", "booth", "stand", "country", "city", "street", "domain", "user", "badge"})
# a column about a person that is not their name (Attendee #, Contact phone, Buyer status …)
_NOT_NAME_WORDS = frozenset({
    "phone", "telephone", "tel", "mobile", "fax", "date", "time", "status", "id", "no",
    "number", "nr", "type", "count", "quantity", "price", "verified", "language", "locale",
    "code", "url"})
_SAMPLE_ROWS = 1000
_YES_NO = frozenset({"yes", "no", "ja", "nein", "true", "false", "y", "n", "x", "0", "1"})


def _header_kind(header: str) -> str | None:
    """"email" or "name" when the header says the column holds one, else None."""
    text = unicodedata.normalize("NFKC", header).casefold()
    words = set(_WORD.findall(text.replace("e-mail", "email").replace("e mail", "email")))
    if words & _EMAIL_WORDS or any(w in text for w in ("メール", "메일", "邮箱", "电子邮件")):
        return "email"
    if "#" in text or words & _NOT_NAME_WORDS:
        return None
    if any(w in text for w in _CJK_NAME_WORDS):
        return "name"
    if words & _NAME_WORDS and not words & _THING_WORDS:
        return "name"
    if words & _PERSON_WORDS and not words & _THING_WORDS:
        return "name"
    return None


def _looks_like_name(value: str) -> bool:
    return any(ch.isalpha() for ch in value) and value.casefold() not in _YES_NO \
        and not _EMAIL.search(value)


def unmapped_warnings(mapping: Mapping, rows: Sequence[SourceRow]) -> list[RowError]:
    """A warning for each unmapped column that holds names or e-mail addresses (by its header,
    or because most of its values are e-mail addresses): the import would leave it out, so
    the user must see it in the dry run and may map it. Empty columns say nothing."""
    warnings: list[RowError] = []
    sample = rows[:_SAMPLE_ROWS]
    for header in mapping.unmapped:
        kind = _header_kind(header)
        values = [v for row in sample if (v := row.get(header).strip())]
        if not values:
            continue
        emails = sum(1 for v in values if _EMAIL.search(v))
        if kind != "email" and emails * 2 >= len(values):
            kind = "email"
        holds = {"email": emails > 0, "name": any(_looks_like_name(v) for v in values)}
        if kind is None or not holds[kind]:
            continue
        note = mapping.notes.get(header, "")
        why = f" ({note})" if note else ""
        if kind == "email":
            message = (f"This column holds e-mail addresses but is not imported{why}. If they "
                       f"are the people's own, map it to “email” (--map \"{header}=email\").")
        else:
            message = (f"This column looks like a person's name but is not imported{why}. If "
                       f"it is the person's name, map it to “full_name” "
                       f"(--map \"{header}=full_name\").")
        warnings.append(RowError(None, header, "", message))
    return warnings
