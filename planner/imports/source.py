"""Reading a file for import and resolving its column mapping (preset, remembered, ``--map``).

Remembered mappings live in the database file itself (``app_meta``, key
``import.mapping.<preset>``, a JSON object ``{header: field}``), so they travel with the file and
need no schema change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.imports.errors import FileRejected, MappingError
from planner.imports.files.readers import read_table
from planner.imports.plan import ImportOptions
from planner.imports.preset_catalog import (
    FIELDS_BY_KIND,
    IGNORE,
    Kind,
    Preset,
    get_preset,
    header_key,
)
from planner.imports.presets import MappedRow, Mapping, SkippedRow, build_mapping, detect_preset
from planner.imports.table import CancelFn, ProgressFn, Table
from planner.storage.models import AppMeta

MAPPING_KEY = "import.mapping.{}"
GENERIC_BY_KIND: dict[str, str] = {"people": "generic", "meetings": "meetings", "slots": "slots"}


@dataclass
class Source:
    """A file read and mapped: its table, the preset used, and the mapped rows."""

    table: Table
    preset: Preset
    confidence: float
    mapping: Mapping
    rows: list[MappedRow]
    skipped: list[SkippedRow]
    overrides: dict[str, str]


def remembered_mapping(session: Session, preset: str) -> dict[str, str]:
    """The ``{header: field}`` overrides remembered for ``preset`` (empty when none)."""
    value = session.scalar(select(AppMeta.value).where(AppMeta.key == MAPPING_KEY.format(preset)))
    if not value:
        return {}
    try:
        data = json.loads(value)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items()}


def remember_mapping(session: Session, preset: str, overrides: dict[str, str]) -> None:
    """Remember ``overrides`` for ``preset`` (merged over what was remembered before)."""
    if not overrides:
        return
    merged = remembered_mapping(session, preset)
    merged.update(overrides)
    key = MAPPING_KEY.format(preset)
    row = session.get(AppMeta, key)
    text = json.dumps(merged, ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(AppMeta(key=key, value=text))
    elif row.value != text:
        row.value = text
    session.flush()


def forget_mapping(session: Session, preset: str) -> None:
    row = session.get(AppMeta, MAPPING_KEY.format(preset))
    if row is not None:
        session.delete(row)
        session.flush()


def _choose_preset(table: Table, kind: Kind, options: ImportOptions) -> tuple[Preset, float]:
    if options.preset:
        preset = get_preset(options.preset)
        if preset.kind != kind:
            raise MappingError(f"The preset “{preset.name}” is for {preset.kind} imports, "
                               f"not {kind}.")
        return preset, 1.0
    match = detect_preset(table.headers, kind)
    if match is not None:
        return match.preset, match.confidence
    return get_preset(GENERIC_BY_KIND[kind]), 0.0


def is_calendar_file(path: Path) -> bool:
    """A delegate's exported calendar (.ics), told by its extension or its first bytes."""
    if path.suffix.lower() in (".ics", ".ical", ".ifb", ".icalendar"):
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(64).lstrip(b"\xef\xbb\xbf \r\n\t")
    except OSError:
        return False
    return head.upper().startswith(b"BEGIN:VCALENDAR")


def _calendar_owner(table: Table, delegates: set[str], path: Path) -> list[str]:
    from planner.imports.normalise import email_key

    seen: dict[str, str] = {}
    for row in table.rows:
        for address in row.get("Attendee emails").replace(",", ";").split(";"):
            key = email_key(address)
            if key in delegates:
                seen.setdefault(key, address.strip())
    if len(seen) == 1:
        return list(seen.values())
    which = (f"it lists {len(seen)} of the delegation ({', '.join(sorted(seen.values()))})"
             if seen else "none of the delegation is an attendee in it")
    raise MappingError(f"Whose calendar is “{path.name}”? {which}. Name the delegate with "
                       "--ours EMAIL (in the app: “Our delegate”).")


def open_source(session: Session, path: Path, kind: Kind, options: ImportOptions,
                progress: ProgressFn | None = None, cancel: CancelFn | None = None, *,
                tz: str | None = None, ours: list[str] | None = None,
                delegates: set[str] | None = None) -> Source:
    """Read ``path`` and map it. Raises ``FileRejected``/``MappingError`` for the whole file.

    A calendar (.ics) is read as a meeting list with times in ``tz``; ``ours`` (the
    delegate's e-mail) become our side of every meeting and leave the counterparts; without
    it, the one delegate (``delegates``: their e-mail keys) who attends the calendar's
    meetings is taken, and a calendar with none or several is refused, asking for --ours."""
    if is_calendar_file(path):
        from planner.imports.files.calendar_reader import assign_ours, read_calendar

        if kind != "meetings":
            raise FileRejected(f"“{path.name}” is a calendar: import it as meetings "
                               "(planner import meetings FILE --ours EMAIL).")
        table = read_calendar(path, tz=tz or "UTC")
        if not ours:
            ours = _calendar_owner(table, delegates or set(), path)
        assign_ours(table, ours)
    else:
        table = read_table(path, encoding=options.encoding, delimiter=options.delimiter,
                           sheet=options.sheet, progress=progress, cancel=cancel)
    preset, confidence = _choose_preset(table, kind, options)
    present = {header_key(h) for h in table.headers}
    overrides = {h: f for h, f in remembered_mapping(session, preset.name).items()
                 if header_key(h) in present and (f == IGNORE or f in FIELDS_BY_KIND[kind])}
    overrides.update(options.overrides)
    mapping = build_mapping(table.headers, preset, overrides)
    missing = mapping.missing_required()
    if missing:
        listing = ", ".join(f"“{h}”" for h in table.headers)
        raise MappingError(
            f"No column of “{path.name}” gives {', '.join(missing)} (read with the "
            f"{preset.label} preset). Its columns are: {listing}. Name the right column with "
            f"--map \"Header=field\" (fields: {', '.join(FIELDS_BY_KIND[kind])})."
        )
    rows, skipped = mapping.apply(table.rows)
    return Source(table, preset, confidence, mapping, rows, skipped, dict(options.overrides))
