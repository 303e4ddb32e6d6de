"""The columns of every table in the app, declared once."""

from __future__ import annotations

from datetime import date, datetime

from planner.domain.enums import (
    ActionStatus,
    DelegateRole,
    EventKind,
    LeadStage,
    MeetingStatus,
    OrganisationKind,
    SlotKind,
)
from planner.domain.timezones import format_dual, from_utc
from ui.models.columns import RIGHT, Column, attr, date_text, enum_text, joined, nullable_sort

EVENT_COLUMNS = [
    Column("code", "Code", attr("code"), width=16),
    Column("name", "Name", attr("name"), width=40),
    Column("kind", "Kind", enum_text("kind", EventKind)),
    Column("start", "Starts", lambda r: date_text(r.start), lambda r: r.start),
    Column("end", "Ends", lambda r: date_text(r.end), lambda r: r.end),
    Column("city", "City", attr("city")),
    Column("tz", "Time zone", attr("tz")),
]

PERSON_COLUMNS = [
    Column("name", "Name", attr("display_name"), width=24),
    Column("native_name", "Native script", attr("native_name"), width=12),
    Column("organisation", "Organisation", attr("organisation"), width=28),
    Column("job_title", "Job title", attr("job_title"), width=24),
    Column("email", "E-mail", attr("email"), width=28),
    Column("country", "Country", attr("country"), width=6),
]

ORGANISATION_COLUMNS = [
    Column("name", "Name", attr("name"), width=32),
    Column("native_name", "Native script", attr("native_name"), width=16),
    Column("kind", "Kind", enum_text("kind", OrganisationKind)),
    Column("country", "Country", attr("country"), width=6),
    Column("tags", "Sectors", joined("tags"), width=20),
    Column("people", "People", lambda r: str(r.people_count), lambda r: r.people_count, RIGHT),
]


def _dt(value: datetime | None) -> str:
    return value.strftime("%a %d %b %H:%M") if value else ""


DELEGATE_COLUMNS = [
    Column("name", "Name", attr("name"), width=24),
    Column("native_name", "Native script", attr("native_name")),
    Column("organisation", "Organisation", attr("organisation"), width=28),
    Column("role", "Role", enum_text("role", DelegateRole)),
    Column("arrival", "Arrives", lambda r: _dt(r.arrival), lambda r: nullable_sort(r.arrival, datetime.min)),
    Column("departure", "Leaves", lambda r: _dt(r.departure), lambda r: nullable_sort(r.departure, datetime.min)),
    Column("hotel", "Hotel", attr("hotel")),
    Column("dietary", "Dietary", attr("dietary")),
    Column("email", "E-mail", attr("email")),
]


def _when(utc: datetime, tz: str, home_tz: str | None) -> str:
    local = from_utc(utc, tz)
    return f"{local:%a %d %b} {format_dual(utc, tz, home_tz)}"


def meeting_columns(home_tz: str | None) -> list[Column]:
    return [
        Column("start", "When", lambda r: _when(r.start_utc, r.tz, home_tz), lambda r: r.start_utc, width=38),
        Column("end", "Ends", lambda r: f"{from_utc(r.end_utc, r.tz):%H:%M}", lambda r: r.end_utc),
        Column("counterpart_organisation", "Counterpart organisation", attr("counterpart_organisation"),
               width=28),
        Column("counterparts", "Counterparts", joined("counterpart_names"), width=22),
        Column("ours", "Our attendees", joined("our_names"), width=22),
        Column("location", "Table / room", attr("location")),
        Column("status", "Status", enum_text("status", MeetingStatus)),
        Column("interpreter", "Interpreter", lambda r: "yes" if r.interpreter_needed else "",
               lambda r: r.interpreter_needed),
        Column("objective", "Objective", attr("objective"), tooltip=attr("objective"), width=30),
    ]


def slot_columns(home_tz: str | None) -> list[Column]:
    return [
        Column("start", "When", lambda r: _when(r.start_utc, r.tz, home_tz), lambda r: r.start_utc, width=38),
        Column("end", "Ends", lambda r: f"{from_utc(r.end_utc, r.tz):%H:%M}", lambda r: r.end_utc),
        Column("kind", "Kind", enum_text("kind", SlotKind)),
        Column("title", "Title", attr("title"), width=32),
        Column("venue", "Venue", attr("venue"), width=22),
        Column("room", "Room", attr("room")),
        Column("organisation", "Organisation", attr("organisation")),
        Column("presenters", "Presenters", joined("presenters")),
    ]


def _money(value: int | None, currency: str) -> str:
    return f"{value:,} {currency}".strip() if value is not None else ""


LEAD_COLUMNS = [
    Column("title", "Lead", attr("title"), width=28),
    Column("person", "Person", attr("person"), width=20),
    Column("organisation", "Organisation", attr("organisation"), width=24),
    Column("stage", "Stage", enum_text("stage", LeadStage), lambda r: list(LeadStage).index(LeadStage(r.stage))),
    Column("owner", "Owner", attr("owner")),
    Column("value", "Value", lambda r: _money(r.value, r.currency), lambda r: nullable_sort(r.value, 0), RIGHT),
    Column("next_action", "Next action", attr("next_action"), width=28),
    Column("next_due", "Due", lambda r: date_text(r.next_due, "%d %b %Y"),
           lambda r: nullable_sort(r.next_due, date.min)),
    Column("member_organisation", "Member organisation", attr("member_organisation"), width=26),
]

FOLLOW_UP_COLUMNS = [
    Column("due_date", "Due", lambda r: date_text(r.due_date, "%d %b %Y") + (" (overdue)" if r.overdue else ""),
           lambda r: nullable_sort(r.due_date, date.min), width=22),
    Column("description", "Action", attr("description"), width=36),
    Column("lead", "Lead", attr("lead"), width=28),
    Column("owner", "Owner", attr("owner")),
    Column("status", "Status", enum_text("status", ActionStatus)),
    Column("member_organisation", "Member organisation", attr("member_organisation"), width=26),
]
