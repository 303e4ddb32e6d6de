"""The figures of the dashboard: the event at a glance before it, and what is slipping after it.

``build_dashboard`` gathers every figure as plain dataclasses. Each figure carries the list it
summarises as a *view name* and a *filter spec*, and is **counted with that spec's predicate**
(:func:`planner.services.row_filters.compile_filter`) over the rows that list shows: the list the
click opens applies the same spec through the same function, so the number on the tile and the
rows in the list cannot disagree. Views and keys: see :mod:`planner.services.row_filters`.

"Today" (what is overdue, what is due this week, before/during/after) is computed once per build
from the mission's one clock (:func:`planner.services.clock.event_today`: the date in the event's
home zone) unless the caller passes it; the specs carry explicit dates, so a dashboard counted
before midnight and clicked after it still opens what it counted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.domain.enums import ActionStatus, LeadStage, MeetingStatus, SlotKind, label
from planner.domain.rows import MeetingRow, SlotRow
from planner.services.clock import event_today
from planner.services.conflicts import check_event
from planner.services.leads import NO_OWNER, week_bounds
from planner.services.listings import FollowUpRow, LeadRow, list_follow_ups
from planner.services.row_filters import PLANNED, Filter, compile_filter, count_matching
from planner.services.slots import list_slots
from planner.storage.models import Delegate, Delegation, Event, Lead, Meeting


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

    def figure(self, key: str) -> Figure:
        return next(f for f in (*self.before, *self.after) if f.key == key)


def _phase(today: date, start: date, end: date) -> str:
    return "before" if today < start else ("after" if today > end else "during")


@dataclass(frozen=True)
class _MeetingFacts:
    """The fields of a :class:`MeetingRow` the meeting filters read (one light query, not the list)."""

    status: str
    start_iso: str


@dataclass(frozen=True)
class _LeadFacts:
    stage: str


def _meeting_facts(session: Session, event: Event) -> list[_MeetingFacts]:
    stmt = select(Meeting.status, Meeting.start_local).where(Meeting.event_id == event.id)
    return [_MeetingFacts(status.value, start.isoformat()) for status, start in session.execute(stmt)]


def _lead_facts(session: Session, event: Event) -> list[_LeadFacts]:
    return [_LeadFacts(stage.value) for stage in session.scalars(select(Lead.stage).where(Lead.event_id == event.id))]


def _count_delegates(session: Session, event: Event) -> int:
    """The rows of the delegation list (``list_delegates``: one per delegate record)."""
    return session.scalar(select(func.count(Delegate.id)).join(Delegation)
                          .where(Delegation.event_id == event.id)) or 0


def _figure(key: str, text: str, view: str, spec: Filter, rows: Any, **extra: Any) -> Figure:
    return Figure(key, text, count_matching(view, spec, rows), view, spec, **extra)


def _bar(key: str, text: str, view: str, spec: Filter, rows: Any) -> Bar:
    return Bar(key, text, count_matching(view, spec, rows), view, spec)


def _owner_loads(actions: list[FollowUpRow], today: date, week_end: date) -> list[OwnerLoad]:
    by_owner: dict[str, list[FollowUpRow]] = defaultdict(list)
    for a in actions:
        by_owner[a.owner].append(a)
    loads = []
    for owner, items in by_owner.items():
        overdue, this_week, later = (
            count_matching("follow_up_actions", owner_filter(owner, part, today, week_end), items)
            for part in ("overdue", "due_this_week", "later"))
        loads.append(OwnerLoad(owner or NO_OWNER, next((a.owner_email for a in items if a.owner_email), ""),
                               overdue, this_week, later,
                               sum(a.status == ActionStatus.DONE.value for a in items), today, week_end))
    loads.sort(key=lambda o: (-o.overdue, -o.open, o.owner == NO_OWNER, o.owner.casefold()))
    return loads


def build_dashboard(session: Session, event: Event, *, today: date | None = None,
                    with_conflicts: bool = True) -> Dashboard:
    """Every dashboard figure for ``event``; ``today`` (default: the mission's today, see
    :mod:`planner.services.clock`) decides what is overdue or due this week."""
    today = today or event_today(event)
    _, sunday = week_bounds(today)
    meetings = _meeting_facts(session, event)
    slots = list_slots(session, event)
    leads = _lead_facts(session, event)
    actions = list_follow_ups(session, event.id, today=today)
    open_conflicts: list[Any] = check_event(session, event).open if with_conflicts else []
    conflict_kinds = Counter(c.kind for c in open_conflicts)
    statuses = Counter(m.status for m in meetings)
    days = sorted({m.start_iso[:10] for m in meetings if m.status in PLANNED})
    showcase = {"kind": SlotKind.SHOWCASE.value}
    side = sum(1 for s in slots if s.kind != SlotKind.SHOWCASE.value)
    done = sum(a.status == ActionStatus.DONE.value for a in actions)

    before = [
        Figure("delegates", "delegates", _count_delegates(session, event), "delegation"),
        _figure("meetings", "meetings planned", "meetings", {"planned": True}, meetings,
                detail=f"{statuses['confirmed'] + statuses['held']:,} confirmed or held"),
        _figure("slots", "showcase slots booked", "schedule", {**showcase, "booked": True}, slots,
                detail=f"of {count_matching('schedule', showcase, slots):,}; {side:,} side events"),
        Figure("conflicts", "conflicts open", len(open_conflicts), "board", {"conflicts": True},
               detail="none" if not open_conflicts else f"{len(conflict_kinds)} kind(s)", alert=bool(open_conflicts)),
    ]
    overdue = count_matching("follow_up_actions", urgency_filter("overdue", today, sunday), actions)
    after = [
        Figure("overdue", "follow-ups overdue", overdue, "follow_up_actions", urgency_filter("overdue", today, sunday),
               alert=bool(overdue)),
        _figure("due_this_week", "due this week", "follow_up_actions", urgency_filter("due_this_week", today, sunday),
                actions, detail=f"to {sunday:%a %d %b}"),
        _figure("open_actions", "open follow-ups", "follow_up_actions", {"open": True}, actions,
                detail=f"{done:,} done"),
        _figure("leads", "leads", "leads", {}, leads,
                detail=f"{sum(lead.stage == LeadStage.AGREED.value for lead in leads):,} agreed"),
    ]
    return Dashboard(
        event.code, event.name, event.start_date, event.end_date, event.tz, event.home_tz, today,
        _phase(today, event.start_date, event.end_date), before, after,
        [_bar(s.value, label(s), "meetings", {"status": s.value}, meetings) for s in MeetingStatus if statuses[s.value]],
        [_bar(d, f"{date.fromisoformat(d):%a %d}", "meetings", {"day": d, "planned": True}, meetings) for d in days],
        [Bar(k, k.replace("_", " ").capitalize(), n, "board", {"conflicts": True})
         for k, n in sorted(conflict_kinds.items(), key=lambda kv: -kv[1])],
        [_bar(s.value, label(s), "leads", {"stage": s.value}, leads) for s in LeadStage],
        _owner_loads(actions, today, sunday))


# -- filters on rows (the one implementation lives in planner.services.row_filters) ----------------------
def view_of(row: Any) -> str:
    """The list a row belongs to, by its type."""
    for kind, view in ((MeetingRow, "meetings"), (_MeetingFacts, "meetings"), (SlotRow, "schedule"),
                       (LeadRow, "leads"), (_LeadFacts, "leads"), (FollowUpRow, "follow_up_actions")):
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
