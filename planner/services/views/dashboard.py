"""The figures of the dashboard: the event at a glance before it, and what is slipping after it.

``build_dashboard`` gathers every figure as plain dataclasses. Each figure carries the list it
summarises as a *view name* and a *filter spec*, and is **counted with that spec's predicate**
(:func:`planner.services.views.row_filters.compile_filter`) over the rows that list shows: the list the
click opens applies the same spec through the same function, so the number on the tile and the
rows in the list cannot disagree. Views and keys: see :mod:`planner.services.views.row_filters`.

"Today" (what is overdue, what is due this week, before/during/after) is computed once per build
from the mission's one clock (:func:`planner.services.events.clock.event_today`: the date in the event's
home zone) unless the caller passes it; the specs carry explicit dates, so a dashboard counted
before midnight and clicked after it still opens what it counted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.domain.enums import ActionStatus, LeadStage, MeetingStatus, SlotKind, label
from planner.domain.rows import MeetingRow, SlotRow
from planner.services.events.clock import event_today
from planner.services.followup.leads import NO_OWNER, week_bounds
from planner.services.schedule.conflict_cache import (
    ConflictCounts,
    collector_paused,
    count_open_conflicts,
)
from planner.services.views.dashboard_facts import (
    ActionFacts,
    Facts,
    LeadFacts,
    MeetingFacts,
    SlotFacts,
    action_facts,
    anyone_s,
    count_weighted,
    lead_facts,
    meeting_facts,
    slot_facts,
)
from planner.services.views.listings import FollowUpRow, LeadRow
from planner.services.views.row_filters import PLANNED, Filter, compile_filter
from planner.storage.models import Delegate, Delegation, Event


@dataclass(frozen=True)
class Figure:
    """One number on a tile, and the list it opens."""

    key: str
    label: str
    value: int
    view: str
    filter: Filter = field(default_factory=dict)
    detail: str = ""
    alert: bool = False  # something needs attention (conflicts, overdue actions)


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int
    view: str
    filter: Filter = field(default_factory=dict)


@dataclass(frozen=True)
class OwnerLoad:
    """One owner's open follow-up actions, split by urgency (a stacked bar), as of ``today``."""

    owner: str  # display name; NO_OWNER when none
    email: str
    overdue: int
    due_this_week: int
    later: int  # open, due after this week or undated
    done: int
    today: date = date.min
    week_end: date = date.min  # the Sunday of today's week

    @property
    def open(self) -> int:
        return self.overdue + self.due_this_week + self.later

    def filter(self, part: str = "") -> Filter:
        """The spec of one segment: ``overdue``, ``due_this_week``, ``later``; "" = all open."""
        return owner_filter("" if self.owner == NO_OWNER else self.owner, part, self.today, self.week_end)


def urgency_filter(part: str, today: date, week_end: date) -> Filter:
    """Open follow-ups by urgency as of ``today``: what the tiles and the owner bars count."""
    if part == "overdue":
        return {"overdue": today.isoformat()}
    if part == "due_this_week":
        return {"open": True, "due": f"{today.isoformat()}..{week_end.isoformat()}"}
    if part == "later":
        return {"open": True, "later": week_end.isoformat()}
    if part == "":
        return {"open": True}
    raise ValueError(f"no urgency {part!r}")


def owner_filter(owner: str, part: str, today: date, week_end: date) -> Filter:
    return {"owner": owner, **urgency_filter(part, today, week_end)}


@dataclass(frozen=True)
class Dashboard:
    event_code: str
    event_name: str
    start: date
    end: date
    tz: str
    home_tz: str
    today: date
    phase: str  # "before", "during" or "after"
    before: list[Figure]  # the event at a glance
    after: list[Figure]  # follow-ups
    meetings_by_status: list[Bar]
    meetings_by_day: list[Bar]
    conflicts_by_kind: list[Bar]
    leads_by_stage: list[Bar]
    actions_by_owner: list[OwnerLoad]
    conflicts_counted: bool = True  # False: the conflict figure and bars wait for the check

    def figure(self, key: str) -> Figure:
        return next(f for f in (*self.before, *self.after) if f.key == key)


def _phase(today: date, start: date, end: date) -> str:
    return "before" if today < start else ("after" if today > end else "during")


def _count_delegates(session: Session, event: Event) -> int:
    """The rows of the delegation list (``list_delegates``: one per delegate record)."""
    return session.scalar(select(func.count(Delegate.id)).join(Delegation)
                          .where(Delegation.event_id == event.id)) or 0


def _figure(key: str, text: str, view: str, spec: Filter, facts: Facts, **extra: Any) -> Figure:
    return Figure(key, text, count_weighted(view, spec, facts), view, spec, **extra)


def _bar(key: str, text: str, view: str, spec: Filter, facts: Facts) -> Bar:
    return Bar(key, text, count_weighted(view, spec, facts), view, spec)


def _owner_loads(actions: Facts, today: date, week_end: date) -> list[OwnerLoad]:
    by_owner: dict[str, Facts] = defaultdict(Counter)
    for a, n in actions.items():  # in the list's order: an owner's first fact is their first row
        by_owner[a.owner][a] += n
    loads = []
    for owner, items in by_owner.items():
        overdue, this_week, later = (
            count_weighted("follow_up_actions", owner_filter(owner, part, today, week_end), items)
            for part in ("overdue", "due_this_week", "later"))
        loads.append(OwnerLoad(owner or NO_OWNER, next((a.owner_email for a in items if a.owner_email), ""),
                               overdue, this_week, later,
                               sum(n for a, n in items.items() if a.status == ActionStatus.DONE.value),
                               today, week_end))
    loads.sort(key=lambda o: (-o.overdue, -o.open, o.owner == NO_OWNER, o.owner.casefold()))
    return loads


def build_dashboard(session: Session, event: Event, *, today: date | None = None,
                    with_conflicts: bool = True, conflict_counts: ConflictCounts | None = None) -> Dashboard:
    """Every dashboard figure for ``event``; ``today`` (default: the mission's today, see
    :mod:`planner.services.events.clock`) decides what is overdue or due this week.

    Conflicts: ``conflict_counts`` when given (the caller vouches they are current, e.g. from a
    :class:`planner.services.schedule.conflict_cache.ConflictCountCache`); else the full check in this session
    (``with_conflicts``); else they are left uncounted (``conflicts_counted`` False, the tile reads 0
    until :func:`with_conflict_counts` fills it).

    Counted with the cyclic garbage collector paused (see
    :func:`planner.services.schedule.conflict_cache.collector_paused`): thousands of small facts that
    live until the figures are made."""
    with collector_paused():
        return _build_dashboard(session, event, today or event_today(event), with_conflicts, conflict_counts)


def _build_dashboard(session: Session, event: Event, today: date, with_conflicts: bool,
                     conflict_counts: ConflictCounts | None) -> Dashboard:
    _, sunday = week_bounds(today)
    meetings = meeting_facts(session, event)
    slots = slot_facts(session, event)
    leads = lead_facts(session, event)
    actions = action_facts(session, event)
    if conflict_counts is None and with_conflicts:
        conflict_counts = count_open_conflicts(session, event)
    statuses: Counter[str] = Counter()
    for m, n in meetings.items():
        statuses[m.status] += n
    days = sorted({m.start_iso[:10] for m in meetings if m.status in PLANNED})
    showcase = {"kind": SlotKind.SHOWCASE.value}
    side = sum(n for s, n in slots.items() if s.kind != SlotKind.SHOWCASE.value)
    done = sum(n for a, n in actions.items() if a.status == ActionStatus.DONE.value)
    anyone = anyone_s(actions)  # the follow-up figures below do not filter by owner
    agreed = sum(n for lead, n in leads.items() if lead.stage == LeadStage.AGREED.value)

    before = [
        Figure("delegates", "delegates", _count_delegates(session, event), "delegation"),
        _figure("meetings", "meetings planned", "meetings", {"planned": True}, meetings,
                detail=f"{statuses['confirmed'] + statuses['held']:,} confirmed or held"),
        _figure("slots", "showcase slots booked", "schedule", {**showcase, "booked": True}, slots,
                detail=f"of {count_weighted('schedule', showcase, slots):,}; {side:,} side events"),
        _conflict_figure(conflict_counts),
    ]
    overdue = count_weighted("follow_up_actions", urgency_filter("overdue", today, sunday), anyone)
    after = [
        Figure("overdue", "follow-ups overdue", overdue, "follow_up_actions", urgency_filter("overdue", today, sunday),
               alert=bool(overdue)),
        _figure("due_this_week", "due this week", "follow_up_actions", urgency_filter("due_this_week", today, sunday),
                anyone, detail=f"to {sunday:%a %d %b}"),
        _figure("open_actions", "open follow-ups", "follow_up_actions", {"open": True}, anyone,
                detail=f"{done:,} done"),
        _figure("leads", "leads", "leads", {}, leads, detail=f"{agreed:,} agreed"),
    ]
    return Dashboard(
        event.code, event.name, event.start_date, event.end_date, event.tz, event.home_tz, today,
        _phase(today, event.start_date, event.end_date), before, after,
        [_bar(s.value, label(s), "meetings", {"status": s.value}, meetings) for s in MeetingStatus if statuses[s.value]],
        [_bar(d, f"{date.fromisoformat(d):%a %d}", "meetings", {"day": d, "planned": True}, meetings) for d in days],
        _conflict_bars(conflict_counts),
        [_bar(s.value, label(s), "leads", {"stage": s.value}, leads) for s in LeadStage],
        _owner_loads(actions, today, sunday), conflicts_counted=conflict_counts is not None)


def _conflict_figure(counts: ConflictCounts | None) -> Figure:
    total = counts.total if counts is not None else 0
    detail = ("counting…" if counts is None else "none" if not total else f"{len(counts.by_kind)} kind(s)")
    return Figure("conflicts", "conflicts open", total, "board", {"conflicts": True}, detail=detail, alert=bool(total))


def _conflict_bars(counts: ConflictCounts | None) -> list[Bar]:
    return [Bar(k, k.replace("_", " ").capitalize(), n, "board", {"conflicts": True})
            for k, n in (counts.by_kind if counts is not None else ())]


def with_conflict_counts(dash: Dashboard, counts: ConflictCounts) -> Dashboard:
    """``dash`` with its conflict figure and bars from ``counts`` (counted after the rest)."""
    before = [_conflict_figure(counts) if f.key == "conflicts" else f for f in dash.before]
    return replace(dash, before=before, conflicts_by_kind=_conflict_bars(counts), conflicts_counted=True)


# -- filters on rows (the one implementation lives in planner.services.views.row_filters) ----------------------
def view_of(row: Any) -> str:
    """The list a row belongs to, by its type."""
    for kind, view in ((MeetingRow, "meetings"), (MeetingFacts, "meetings"), (SlotRow, "schedule"),
                       (SlotFacts, "schedule"), (LeadRow, "leads"), (LeadFacts, "leads"),
                       (FollowUpRow, "follow_up_actions"), (ActionFacts, "follow_up_actions")):
        if isinstance(row, kind):
            return view
    raise TypeError(f"no list shows rows of type {type(row).__name__}")


def row_matches(row: Any, spec: Filter) -> bool:
    """Whether a list row passes a dashboard filter: ``compile_filter`` of the row's own list."""
    return compile_filter(view_of(row), spec)(row)


def describe_filter(spec: Filter) -> str:
    """A short text for tooltips and the status bar: “status: confirmed · overdue on Wed 04 Nov”."""
    parts = []
    for key, value in spec.items():
        if value is True:
            parts.append(key.replace("_", " "))
        elif value is False:
            parts.append(f"not {key.replace('_', ' ')}")
        elif key == "owner":
            parts.append(f"owner: {value or NO_OWNER}")
        elif key == "overdue":
            parts.append(f"due before {_day(value)}")
        elif key == "later":
            parts.append(f"due after {_day(value)} or undated")
        elif key == "due":
            low, _, high = str(value).partition("..")
            parts.append(f"due {_day(low)} to {_day(high)}" if low and high
                         else (f"due from {_day(low)}" if low else f"due by {_day(high)}"))
        elif key == "day":
            parts.append(f"day: {_day(value)}")
        else:
            parts.append(f"{key}: {str(value).replace('_', ' ')}")
    return " · ".join(parts)


def _day(value: Any) -> str:
    day = value if isinstance(value, date | datetime) else date.fromisoformat(str(value))
    return f"{day:%a %d %b}"
