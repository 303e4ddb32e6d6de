"""The one filter implementation: the dashboard counts with it, the lists it opens show with it.

A *filter spec* is a small dict naming a list (a *view*) and conditions on its rows, e.g.
``{"open": True, "due": "2026-11-02..2026-11-08"}`` on ``follow_up_actions``. The same spec reads
and writes as text for a list's filter box (``open:yes due:2026-11-02..2026-11-08``), so a
dashboard click shows what it filtered on, the user can edit or clear it, and typing the text
by hand filters the same way. :func:`compile_filter` turns a spec into a row predicate; the
dashboard counts rows with that predicate and the list hides rows with it, so a figure and the
list it opens cannot disagree. A key a view does not know, or a value a key cannot take, raises
:class:`FilterError` (nothing is ever ignored).

Dates in specs are explicit (``overdue:2026-11-04``, not "overdue today"): a dashboard counted on
one day and clicked after midnight opens exactly what it counted. The dashboard takes those dates
from the mission's one clock (:mod:`planner.services.events.clock`).

Views and keys (values as typed in the filter box):
  ``meetings``           status:<meeting status>  day:YYYY-MM-DD (local to the meeting)
                         planned:yes|no (requested, accepted, confirmed or held)
  ``schedule``           kind:<slot kind>  booked:yes|no (has a presenter or a presenting organisation)
  ``delegation``         (none)
  ``board``              conflicts:yes|no  day:YYYY-MM-DD
  ``leads``              stage:<lead stage>
                         member:"Organisation" (the lead's member organisation; member:"(no member
                         organisation)" for leads without one)
  ``follow_up_actions``  open:yes|no (open or in progress)  status:<action status>
                         owner:"Name" or owner:e-mail (owner:"(no owner)" for none)
                         member:"Organisation" (the lead's member organisation, any case)
                         overdue:D (open and due before D)  due:A..B (due from A to B; either end may
                         be left out)  later:D (due after D, or with no due date)
Free words (and "quoted phrases") in a filter box match any column's text, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.domain.enums import ActionStatus, LeadStage, MeetingStatus, SlotKind
from planner.errors import ValidationError

Filter = dict[str, Any]
Predicate = Callable[[Any], bool]
NO_OWNER = "(no owner)"  # how a filter box writes "no owner" (planner.services.followup.leads.NO_OWNER)
NO_MEMBER = "(no member organisation)"  # and "no member organisation" (planner.services.followup.leads.NO_MEMBER)
#: Text keys whose empty value (none) the filter box writes as a word in brackets.
_NONE_WORDS = {"owner": NO_OWNER, "member": NO_MEMBER}
PLANNED = frozenset(s.value for s in MeetingStatus if s.occupies_time)
OPEN = frozenset(s.value for s in ActionStatus if not s.is_closed)


class FilterError(ValidationError):
    """A filter names a key its list does not have, or a value the key cannot take."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "filter")


def _text(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


def _due(row: Any) -> date | None:
    value = getattr(row, "due_date", None)
    return value if isinstance(value, date) else None


def _is_open(row: Any) -> bool:
    return _text(row.status) in OPEN


def _in_range(day: date | None, span: tuple[date | None, date | None]) -> bool:
    low, high = span
    return day is not None and (low is None or day >= low) and (high is None or day <= high)


def _owner_is(row: Any, value: str) -> bool:
    """The owner's display name as the list shows it ("" = no owner), or their e-mail (any case)."""
    if "@" in value:
        return str(getattr(row, "owner_email", "")).casefold() == value.casefold()
    return (row.owner or "") == value


def _member_is(row: Any, value: str) -> bool:
    """The lead's member organisation, by name in any case ("" = none)."""
    return str(row.member_organisation or "").casefold() == value.casefold()


@dataclass(frozen=True)
class FilterKey:
    kind: str  # "bool", "choice", "text", "date" or "dates" (a range A..B)
    test: Callable[[Any, Any], bool]  # (row, value as parsed) -> whether the row passes
    choices: tuple[str, ...] = ()


def _choice(values: Any, attr: str) -> FilterKey:
    return FilterKey("choice", lambda row, v: _text(getattr(row, attr)) == v, tuple(x.value for x in values))


VIEWS: dict[str, dict[str, FilterKey]] = {
    "meetings": {
        "status": _choice(MeetingStatus, "status"),
        "day": FilterKey("date", lambda row, v: str(row.start_iso)[:10] == v.isoformat()),
        "planned": FilterKey("bool", lambda row, v: (_text(row.status) in PLANNED) == v),
    },
    "schedule": {
        "kind": _choice(SlotKind, "kind"),
        "booked": FilterKey("bool", lambda row, v: bool(row.organisation or row.presenters) == v),
    },
    "delegation": {},
    "board": {
        "conflicts": FilterKey("bool", lambda row, v: True),
        "day": FilterKey("date", lambda row, v: True),
    },
    "leads": {
        "stage": _choice(LeadStage, "stage"),
        "member": FilterKey("text", _member_is),
    },
    "follow_up_actions": {
        "open": FilterKey("bool", lambda row, v: _is_open(row) == v),
        "status": _choice(ActionStatus, "status"),
        "owner": FilterKey("text", _owner_is),
        "member": FilterKey("text", _member_is),
        "overdue": FilterKey("date", lambda row, v: _is_open(row) and (d := _due(row)) is not None and d < v),
        "due": FilterKey("dates", lambda row, v: _in_range(_due(row), v)),
        "later": FilterKey("date", lambda row, v: (d := _due(row)) is None or d > v),
    },
}
#: What each view is called in messages.
VIEW_NAMES = {"meetings": "meetings", "schedule": "slots and side events", "delegation": "the delegation",
              "board": "the board", "leads": "leads", "follow_up_actions": "follow-up actions"}


def _keys(view: str) -> dict[str, FilterKey]:
    try:
        return VIEWS[view]
    except KeyError:
        raise FilterError(f"There is no list called {view!r} to filter (lists: {', '.join(VIEWS)})") from None


def _known(view: str) -> str:
    keys = list(_keys(view))
    return f"its filters are {', '.join(k + ':' for k in keys)}" if keys else "it has no filters by key"


def _parse_date(key: str, value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise FilterError(f"{key}: needs a date written YYYY-MM-DD, not {value!r}") from None


def _none_word(key: str, value: str) -> str:
    """"(no owner)" for owner:, "(no member organisation)" for member: stand for none ("")."""
    word = _NONE_WORDS.get(key)
    return "" if word is not None and value.strip().casefold() == word.casefold() else value


def _parse_value(view: str, key: str, spec: FilterKey, value: Any) -> Any:
    if spec.kind == "bool":
        if isinstance(value, bool):
            return value
        word = str(value).casefold()
        if word in ("yes", "true"):
            return True
        if word in ("no", "false"):
            return False
        raise FilterError(f"{key}: takes yes or no, not {value!r}")
    if spec.kind == "choice":
        word = re.sub(r"[\s-]+", "_", _text(value).strip().casefold())
        if word not in spec.choices:
            raise FilterError(f"{key}: is one of {', '.join(spec.choices)} for {VIEW_NAMES[view]}, not {value!r}")
        return word
    if spec.kind == "text":
        if not isinstance(value, str):
            raise FilterError(f"{key}: takes a text, not {value!r}")
        return _none_word(key, value)
    if spec.kind == "date":
        return _parse_date(key, value)
    text = str(value)
    low, sep, high = text.partition("..")
    if not sep:
        day = _parse_date(key, text)
        return day, day
    if not low and not high:
        raise FilterError(f"{key}: give at least one end of the range, e.g. {key}:2026-11-02..2026-11-08")
    return (_parse_date(key, low) if low else None, _parse_date(key, high) if high else None)


def compile_filter(view: str, spec: Filter) -> Predicate:
    """The predicate of ``spec`` on rows of ``view``; raises :class:`FilterError` for a key the view
    does not know or a value its key cannot take. An empty spec passes every row."""
    keys = _keys(view)
    tests: list[tuple[Callable[[Any, Any], bool], Any]] = []
    for key, value in spec.items():
        if key not in keys:
            raise FilterError(f"{VIEW_NAMES[view].capitalize()} cannot be filtered by {key!r}: {_known(view)}")
        tests.append((keys[key].test, _parse_value(view, key, keys[key], value)))
    return lambda row: all(test(row, value) for test, value in tests)


def count_matching(view: str, spec: Filter, rows: Any) -> int:
    """How many of ``rows`` pass ``spec``: what a dashboard figure shows."""
    keep = compile_filter(view, spec)
    return sum(1 for row in rows if keep(row))


# -- the filter box: text <-> spec ---------------------------------------------------------------------
_TOKEN = re.compile(r'(?P<key>[A-Za-z][A-Za-z_]*):(?:"(?P<qval>[^"]*)"|(?P<val>[^\s"]*))(?=\s|$)'
                    r'|"(?P<phrase>[^"]*)"(?=\s|$)|(?P<word>\S+)')


@dataclass(frozen=True)
class FilterText:
    """A filter box's text, read: the keyed conditions and the free words."""

    spec: Filter
    words: tuple[str, ...]


def parse_filter_text(view: str | None, text: str) -> FilterText:
    """Read a filter box: ``key:value`` tokens become the spec (checked against ``view``), other
    words and "quoted phrases" are free text. A list with no keyed filters (``view`` None, or
    without keys in :data:`VIEWS`) reads everything as free text."""
    if not view or not VIEWS.get(view):
        return FilterText({}, tuple(text.casefold().split()))
    spec: Filter = {}
    words: list[str] = []
    for m in _TOKEN.finditer(text):
        if m["key"] is not None:
            key = m["key"].casefold()
            raw = m["qval"] if m["qval"] is not None else m["val"]
            if key not in VIEWS[view]:
                raise FilterError(f"{VIEW_NAMES[view].capitalize()} cannot be filtered by “{key}:” ({_known(view)}); "
                                  "put text with a colon in quotes to search for it")
            if raw == "" and m["qval"] is None:
                raise FilterError(f"{key}: needs a value")
            if key in spec:
                raise FilterError(f"{key}: is given twice")
            kind = VIEWS[view][key].kind
            spec[key] = (_parse_value(view, key, VIEWS[view][key], raw) if kind == "bool"
                         else _none_word(key, raw))
        elif m["phrase"] is not None:
            if m["phrase"].strip():
                words.append(m["phrase"].casefold())
        elif m["word"].startswith('"') or m["word"].endswith('"') or ':"' in m["word"]:
            raise FilterError("Close the quote (\") in the filter")
        else:
            words.append(m["word"].casefold())
    compile_filter(view, spec)  # every value checked now, not when rows arrive
    return FilterText(spec, tuple(words))


def _value_text(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    text = _NONE_WORDS[key] if key in _NONE_WORDS and value == "" else str(value)
    return f'"{text}"' if not text or re.search(r'[\s"]', text) else text


def format_filter(spec: Filter) -> str:
    """The filter box text of ``spec``: ``open:yes owner:"Akira Sato"``."""
    return " ".join(f"{key}:{_value_text(key, value)}" for key, value in spec.items())


def replace_filter_key(view: str, text: str, key: str, value: Any) -> str:
    """The filter box ``text`` with its ``key:`` condition set to ``value`` (or dropped when
    ``value`` is None); every other condition and free word stays as typed. A drop-down beside a
    list writes its choice this way, so the box shows, and the user can edit, what it filters on.
    Raises :class:`FilterError` when ``view`` has no such key or ``value`` does not fit it."""
    keys = _keys(view)
    if key not in keys:
        raise FilterError(f"{VIEW_NAMES[view].capitalize()} cannot be filtered by {key!r}: {_known(view)}")
    kept = [m.group(0) for m in _TOKEN.finditer(text)
            if m["key"] is None or m["key"].casefold() != key]
    if value is not None:
        _parse_value(view, key, keys[key], value)
        kept.append(f"{key}:{_value_text(key, value)}")
    return " ".join(kept)


def row_matches_view(view: str, row: Any, spec: Filter) -> bool:
    """Whether one row of ``view`` passes ``spec`` (compile once with :func:`compile_filter` for many)."""
    return compile_filter(view, spec)(row)
