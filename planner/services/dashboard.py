"""The figures of the dashboard: the event at a glance before it, and what is slipping after it.

``build_dashboard`` gathers every figure as plain dataclasses. Each figure carries the list it
summarises as a *view name* and a *filter*, so a click can open that list filtered; ``row_matches``
applies such a filter to the rows the GUI tables hold (any row with the named attributes), so the
filter means the same thing wherever it is used.

Views and filter keys:
  ``meetings``           status (a MeetingStatus value), day (ISO date, local to the meeting),
                         planned (bool: requested, accepted, confirmed or held)
  ``schedule``           kind (a SlotKind value), booked (bool: has a presenter or organisation)
  ``delegation``         (no keys: all delegates)
  ``board``              conflicts (bool), day (ISO date)
  ``leads``              stage (a LeadStage value)
  ``follow_up_actions``  overdue (bool), due ("this_week"), owner (display name, "" = no owner),
                         status (an ActionStatus value), open (bool)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.domain.enums import ActionStatus, LeadStage, MeetingStatus, SlotKind, SlotRole, label
from planner.services.conflicts import check_event
from planner.services.leads import NO_OWNER, OPEN_STATUSES, list_actions, week_bounds
from planner.storage.models import Delegate, Delegation, Event, Lead, Meeting, Slot, SlotPerson

Filter = dict[str, Any]
PLANNED = frozenset(s.value for s in MeetingStatus if s.occupies_time)


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
    """One owner's open follow-up actions, split by urgency (a stacked bar)."""

    owner: str  # display name; NO_OWNER when none
    email: str
    overdue: int
    due_this_week: int
    later: int  # open, due after this week or undated
    done: int

    @property
    def open(self) -> int:
        return self.overdue + self.due_this_week + self.later

    def filter(self, part: str = "") -> Filter:
        f: Filter = {"owner": "" if self.owner == NO_OWNER else self.owner, "open": True}
        if part == "overdue":
            f["overdue"] = True
        elif part == "due_this_week":
            f["due"] = "this_week"
        return f


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


def _meeting_counts(session: Session, event: Event) -> tuple[Counter[str], Counter[date]]:
    by_status: Counter[str] = Counter()
    by_day: Counter[date] = Counter()
    for status, start in session.execute(select(Meeting.status, Meeting.start_local).where(Meeting.event_id == event.id)):
        by_status[status.value] += 1
        if status.occupies_time:
            by_day[start.date()] += 1
    return by_status, by_day


def _slot_counts(session: Session, event: Event) -> tuple[int, int, int]:
    """(showcase slots, of which booked, side events)."""
    presented = select(SlotPerson.slot_id).where(SlotPerson.role == SlotRole.PRESENTER)
    showcase = session.scalar(select(func.count()).where(Slot.event_id == event.id,
                                                         Slot.kind == SlotKind.SHOWCASE)) or 0
    booked = session.scalar(select(func.count()).where(
        Slot.event_id == event.id, Slot.kind == SlotKind.SHOWCASE,
        Slot.organisation_id.is_not(None) | Slot.id.in_(presented))) or 0
    side = session.scalar(select(func.count()).where(Slot.event_id == event.id,
                                                     Slot.kind != SlotKind.SHOWCASE)) or 0
    return showcase, booked, side


def build_dashboard(session: Session, event: Event, *, today: date | None = None,
                    with_conflicts: bool = True) -> Dashboard:
    """Every dashboard figure for ``event``; ``today`` decides what is overdue or due this week."""
    today = today or date.today()
    delegates = session.scalar(select(func.count(func.distinct(Delegate.person_id))).join(Delegation)
                               .where(Delegation.event_id == event.id)) or 0
    by_status, by_day = _meeting_counts(session, event)
    planned = sum(n for s, n in by_status.items() if MeetingStatus(s).occupies_time)
    showcase, booked, side = _slot_counts(session, event)
    open_conflicts: list[Any] = check_event(session, event).open if with_conflicts else []
    conflict_kinds = Counter(c.kind for c in open_conflicts)

    actions = list_actions(session, event, today=today)
    _, sunday = week_bounds(today)
    open_actions = [a for a in actions if a.status in OPEN_STATUSES]
    overdue = [a for a in open_actions if a.overdue]
    this_week = [a for a in open_actions if a.due is not None and today <= a.due <= sunday]
    stages = {s: n for s, n in session.execute(select(Lead.stage, func.count()).where(Lead.event_id == event.id)
                                               .group_by(Lead.stage))}

    before = [
        Figure("delegates", "delegates", delegates, "delegation"),
        Figure("meetings", "meetings planned", planned, "meetings", {"planned": True},
               detail=f"{by_status.get('confirmed', 0) + by_status.get('held', 0):,} confirmed or held"),
        Figure("slots", "showcase slots booked", booked, "schedule", {"kind": SlotKind.SHOWCASE.value, "booked": True},
               detail=f"of {showcase:,}; {side:,} side events"),
        Figure("conflicts", "conflicts open", len(open_conflicts), "board", {"conflicts": True},
               detail="none" if not open_conflicts else f"{len(conflict_kinds)} kind(s)", alert=bool(open_conflicts)),
    ]
    after = [
        Figure("overdue", "follow-ups overdue", len(overdue), "follow_up_actions", {"overdue": True, "open": True},
               alert=bool(overdue)),
        Figure("due_this_week", "due this week", len(this_week), "follow_up_actions",
               {"due": "this_week", "open": True}, detail=f"to {sunday:%a %d %b}"),
        Figure("open_actions", "open follow-ups", len(open_actions), "follow_up_actions", {"open": True},
               detail=f"{sum(a.status is ActionStatus.DONE for a in actions):,} done"),
        Figure("leads", "leads", sum(stages.values()), "leads",
               detail=f"{stages.get(LeadStage.AGREED, 0):,} agreed"),
    ]
    owners: dict[str, list[Any]] = defaultdict(list)
    for a in actions:
        owners[a.owner_name or NO_OWNER].append(a)
    loads = []
    for owner, items in owners.items():
        opened = [a for a in items if a.status in OPEN_STATUSES]
        od = sum(a.overdue for a in opened)
        wk = sum(1 for a in opened if a.due is not None and today <= a.due <= sunday)
        loads.append(OwnerLoad(owner, next((a.owner_email for a in items if a.owner_email), ""), od, wk,
                               len(opened) - od - wk, sum(a.status is ActionStatus.DONE for a in items)))
    loads.sort(key=lambda o: (-o.overdue, -o.open, o.owner == NO_OWNER, o.owner.casefold()))
    return Dashboard(
        event.code, event.name, event.start_date, event.end_date, event.tz, event.home_tz, today,
        _phase(today, event.start_date, event.end_date), before, after,
        [Bar(s.value, label(s), by_status[s.value], "meetings", {"status": s.value})
         for s in MeetingStatus if by_status.get(s.value)],
        [Bar(d.isoformat(), f"{d:%a %d}", n, "meetings", {"day": d.isoformat(), "planned": True}) for d, n in sorted(by_day.items())],
        [Bar(k, k.replace("_", " ").capitalize(), n, "board", {"conflicts": True})
         for k, n in sorted(conflict_kinds.items(), key=lambda kv: -kv[1])],
        [Bar(s.value, label(s), stages.get(s, 0), "leads", {"stage": s.value}) for s in LeadStage],
        loads)


# -- applying a filter to table rows ----------------------------------------------------------------
def _text(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


def _due_date(row: Any) -> date | None:
    for name in ("due_date", "due", "next_due"):
        value = getattr(row, name, None)
        if isinstance(value, date):
            return value
    return None


def _is_open(row: Any) -> bool:
    status = _text(getattr(row, "status", getattr(row, "action_status", "")))
    return status in {s.value for s in OPEN_STATUSES}


def row_matches(row: Any, spec: Filter, *, today: date | None = None) -> bool:
    """Whether a table row (meeting, slot, lead or follow-up row) passes a dashboard filter."""
    today = today or date.today()
    for key, want in spec.items():
        if key == "status" and _text(getattr(row, "status", "")) != want:
            return False
        if key == "stage" and _text(getattr(row, "stage", "")) != want:
            return False
        if key == "kind" and _text(getattr(row, "kind", "")) != want:
            return False
        if key == "day":
            start = getattr(row, "start_iso", "") or ""
            if not isinstance(start, str) or start[:10] != str(want):
                return False
        if key == "planned":
            status = _text(getattr(row, "status", ""))
            if (status in PLANNED) != bool(want):
                return False
        if key == "booked":
            booked = bool(getattr(row, "organisation", "") or getattr(row, "presenters", ()))
            if booked != bool(want):
                return False
        if key == "owner":
            owner = getattr(row, "owner_name", None)
            owner = getattr(row, "owner", "") if owner is None else owner
            if (owner or "") != want:
                return False
        if key == "open" and _is_open(row) != bool(want):
            return False
        if key == "overdue":
            due = _due_date(row)
            late = _is_open(row) and due is not None and due < today
            if late != bool(want):
                return False
        if key == "due" and want == "this_week":
            due = _due_date(row)
            _, sunday = week_bounds(today)
            if not (_is_open(row) and due is not None and today <= due <= sunday):
                return False
    return True


def describe_filter(spec: Filter) -> str:
    """A short text for a filter bar: “status: confirmed · overdue”."""
    parts = []
    for key, value in spec.items():
        if value is True:
            parts.append(key.replace("_", " "))
        elif key == "due":
            parts.append("due " + str(value).replace("_", " "))
        elif key == "owner":
            parts.append(f"owner: {value or NO_OWNER}")
        elif isinstance(value, datetime | date):
            parts.append(f"{key}: {value:%a %d %b}")
        else:
            parts.append(f"{key}: {str(value).replace('_', ' ')}")
    return " · ".join(parts)
