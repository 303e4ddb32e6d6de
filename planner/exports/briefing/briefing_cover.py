"""Cover, key information, who's-who and contact sheet of a briefing pack.

Dietary and access needs reveal health and religion (special-category data): a delegate's own
pack shows theirs; the delegation's who's-who shows everyone's only when asked
(``include_needs``), and then says so on the cover and above the table.

A delegate whose last pack no longer matched the plan finds on the cover a box "Changed since your
last pack" (``Briefing.changes``), so a reprint says at a glance why it replaces the old one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from planner.domain.timezones import from_utc, to_utc_lenient
from planner.exports.briefing.briefing_conflicts import (
    ConflictMarks,
    conflict_marks,
    conflict_section,
)
from planner.exports.briefing.briefing_data import (
    Briefing,
    DelegateInfo,
    DelegatePack,
    PackChanges,
    PersonInfo,
)
from planner.exports.briefing.briefing_doc import PackContext, heading
from planner.exports.pdf_text import markup

NEEDS_NOTICE = ("This pack prints every delegate's dietary and access needs, which reveal health and "
                "religion: share it only with the staff who need them.")
NO_NEEDS_NOTICE = ("Dietary and access needs are not printed here: each delegate's own pack shows theirs.")


def date_range(b: Briefing) -> str:
    s, e = b.event_start, b.event_end
    if s == e:
        return f"{s:%A %d %B %Y}"
    if (s.year, s.month) == (e.year, e.month):
        return f"{s:%d}–{e:%d %B %Y}"
    return f"{s:%d %B %Y} – {e:%d %B %Y}"


def person_lines(p: PersonInfo, *, with_org: bool = True, bold: bool = True,
                 ctx: PackContext, style: str = "table_cell") -> Flowable:
    """Name, native-script name and reading, job title, organisation: one cell."""
    native = p.native_name if p.native_name and p.native_name != p.name else ""
    parts: list[tuple[str, str | None]] = [(p.name, p.lang), (native, p.lang), (p.reading, p.lang),
                                           (p.job_title, p.lang)]
    if with_org:
        org = p.organisation
        if p.organisation_native and p.organisation_native != org:
            org = f"{org} ({p.organisation_native})" if org else p.organisation_native
        parts.append((org, p.organisation_lang or p.lang))
    return ctx.lines(parts, style, bold_first=bold)


def contact_lines(p: PersonInfo, ctx: PackContext, width: float) -> Flowable:
    """E-mail (wrapped only where an address may wrap, to fit ``width``) and phones."""
    phones = " / ".join(x for x in (p.mobile, p.phone) if x)
    parts = [ctx.email(p.email, width)] if p.email else []
    if phones:
        parts.append(markup(phones, ctx.fonts, uncovered=ctx.uncovered))
    return ctx.para("<br/>".join(parts))


CHANGES_ON_COVER = 10  # lines of "changed since your last pack" that fit the first page


def changes_box(ctx: PackContext, change: PackChanges) -> Flowable:
    """A framed box on the cover: what changed since the delegate's last pack, one line each."""
    lines = list(change.lines[:CHANGES_ON_COVER])
    if len(change.lines) > CHANGES_ON_COVER:
        lines.append(f"… and {len(change.lines) - CHANGES_ON_COVER} more changes: check the itinerary")
    rows = [[ctx.p(f"Changed since your last pack ({change.since:%d %b %Y %H:%M} UTC)", "table_header")],
            [ctx.lines([(f"• {text}", None) for text in lines], "table_cell")],
            [ctx.p("This pack replaces it: please discard the old one.", "small")]]
    return ctx.table(rows, [100], header_rows=1,
                     extra=[("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.86, 0.86, 0.86))])


def cover(ctx: PackContext, b: Briefing, pack: DelegatePack | None, *,
          include_needs: bool = False) -> list[Flowable]:
    lang = "ja" if b.country == "JP" else None
    change = b.changes.get(pack.delegate.person.id) if pack is not None else None
    gap = 10 * mm if change is not None else 18 * mm  # room for the box on the same page
    story: list[Flowable] = [Spacer(1, 16 * mm if change is not None else 30 * mm),
                             ctx.p(b.event_name, "title", lang),
                             ctx.p(f"{date_range(b)} · {b.city}", "heading3", lang),
                             Spacer(1, gap)]
    if pack is None:
        story += [ctx.p("Delegation briefing pack", "heading1"),
                  ctx.p(b.delegation_name, "heading2"),
                  ctx.p(f"{len(b.packs)} delegates · {len(b.meetings)} meetings · "
                        f"{sum(1 for s in b.slots.values() if s.is_showcase)} showcase slots", "body")]
        if include_needs:
            story += [Spacer(1, 6 * mm), ctx.p(NEEDS_NOTICE, "heading3")]
    else:
        d = pack.delegate
        story += [ctx.p("Briefing pack for", "heading3"),
                  ctx.p(d.person.name, "title", d.person.lang)]
        if d.person.native_name and d.person.native_name != d.person.name:
            story.append(ctx.p(d.person.native_name, "heading2", d.person.lang))
        story += [ctx.lines([(d.person.job_title, d.person.lang), (d.person.organisation, d.person.lang),
                             (f"{d.role} · {b.delegation_name}", None)], "body"),
                  Spacer(1, 6 * mm),
                  ctx.p(f"{len(pack.meeting_ids)} meetings · {len(pack.slot_ids)} sessions and events",
                        "body")]
        if change is not None:
            story += [Spacer(1, 6 * mm), changes_box(ctx, change)]
    story += [Spacer(1, gap), ctx.p(time_zone_note(b), "small"),
              ctx.p(f"Prepared {b.prepared_at:%d %B %Y %H:%M} UTC. Confidential: contains personal "
                    "data of delegates and contacts; keep it safe and shred it after the event.", "small"),
              NextPageTemplate("body"), PageBreak()]
    return story


def time_zone_note(b: Briefing) -> str:
    noon = datetime(b.event_start.year, b.event_start.month, b.event_start.day, 12)
    utc = to_utc_lenient(noon, b.tz)
    local, home = from_utc(utc, b.tz), from_utc(utc, b.home_tz)
    text = f"All times are local {b.city or b.tz} time ({local.tzname()}, {b.tz})"
    if b.home_tz and b.home_tz != b.tz and home.utcoffset() != local.utcoffset():
        diff = (_offset_hours(local) - _offset_hours(home))
        ahead = f"{abs(diff):g} hours {'ahead of' if diff > 0 else 'behind'}"
        text += (f"; home time ({home.tzname()}, {b.home_tz}) is shown beside it. "
                 f"Local time is {ahead} home time at the start of the event")
        end_noon = datetime(b.event_end.year, b.event_end.month, b.event_end.day, 12)
        end_utc = to_utc_lenient(end_noon, b.tz)
        if from_utc(end_utc, b.home_tz).utcoffset() != home.utcoffset():
            text += "; the clocks change at home during the event, so check the home times"
    return text + "."


def _offset_hours(dt: datetime) -> float:
    off = dt.utcoffset()
    return off.total_seconds() / 3600 if off is not None else 0.0


def _travel(d: DelegateInfo) -> str:
    parts = []
    if d.arrival:
        parts.append(f"Arrive {d.arrival:%a %d %b %H:%M}" + (f" ({d.arrival_flight})" if d.arrival_flight else ""))
    if d.departure:
        parts.append(f"Depart {d.departure:%a %d %b %H:%M}"
                     + (f" ({d.departure_flight})" if d.departure_flight else ""))
    return "\n".join(parts)


def key_information(ctx: PackContext, b: Briefing, pack: DelegatePack | None,
                    marks: ConflictMarks | None = None) -> list[Flowable]:
    story: list[Flowable] = [heading(ctx, "Key information", level=0, key="key-info"),
                             ctx.p(time_zone_note(b), "body")]
    if b.description:
        story.append(ctx.p(b.description, "body"))
    rows: list[tuple[str, Any]] = [
        ("Event", f"{b.event_name}\n{date_range(b)} · {b.city}"),
        ("Delegation", b.delegation_name),
        ("Lead organisations", "\n".join(o.name for o in b.lead_organisations)),
        ("Funder", b.funder), ("Stand", b.shared_stand), ("Delegation hotel", b.shared_hotel)]
    if pack is not None:
        d = pack.delegate
        rows += [("Your role", d.role), ("Your hotel", d.hotel), ("Your travel", _travel(d)),
                 ("Dietary needs", d.dietary), ("Access needs", d.access_needs),
                 ("Interpreter", d.interpreter_language), ("Your emergency contact", d.emergency_contact),
                 ("Notes for you", d.notes)]
    story.append(ctx.key_values(rows))
    story += conflict_section(ctx, marks if marks is not None else conflict_marks(b, pack))
    story += [heading(ctx, "Emergency", level=1, key="emergency", style="heading2"),
              ctx.p(b.emergency_info or "No emergency information has been recorded.", "body")]
    story += [heading(ctx, "Venues", level=1, key="venues", style="heading2"), venue_table(ctx, b)]
    story += [heading(ctx, "Delegation staff", level=1, key="staff", style="heading2"), staff_table(ctx, b)]
    return story


def venue_table(ctx: PackContext, b: Briefing) -> Flowable:
    rows: list[list[Any]] = [[ctx.p(h, "table_header") for h in ("Venue", "Address", "Phone", "Hours")]]
    for v in b.venues:
        rows.append([ctx.p(v.name, "table_cell"), ctx.lines([(v.address, None), (v.city, None)]),
                     ctx.p(v.phone, "table_cell"), ctx.p(v.hours, "table_cell")])
    if len(rows) == 1:
        rows.append([ctx.p("No venues recorded", "table_cell"), "", "", ""])
    return ctx.table(rows, [28, 40, 17, 15])


def staff_table(ctx: PackContext, b: Briefing) -> Flowable:
    widths: list[float] = [45, 15, 40]
    rows: list[list[Any]] = [[ctx.p(h, "table_header") for h in ("Name", "Role", "Contact")]]
    for d in b.staff:
        rows.append([person_lines(d.person, ctx=ctx), ctx.p(d.role, "table_cell"),
                     contact_lines(d.person, ctx, ctx.column_width(widths, 2))])
    if len(rows) == 1:
        rows.append([ctx.p("No staff recorded", "table_cell"), "", ""])
    return ctx.table(rows, widths)


def _whos_who_travel(d: DelegateInfo) -> str:
    parts = []
    if d.arrival:
        parts.append(f"Arrives {d.arrival:%a %d %b %H:%M}" + (f" {d.arrival_flight}" if d.arrival_flight else ""))
    if d.departure:
        parts.append(f"Leaves {d.departure:%a %d %b %H:%M}" + (f" {d.departure_flight}" if d.departure_flight else ""))
    return "\n".join(parts)


def _whos_who_person(ctx: PackContext, d: DelegateInfo) -> Flowable:
    p = d.person
    role = " · ".join(x for x in (d.role, p.job_title) if x)
    interpreter = f"Interpreter: {d.interpreter_language}" if d.interpreter_language else ""
    return ctx.lines([(p.name, p.lang), (role, p.lang), (p.organisation, p.organisation_lang or p.lang),
                      (interpreter, None)], bold_first=True)


def whos_who(ctx: PackContext, b: Briefing, *, include_needs: bool = False) -> list[Flowable]:
    """One row per delegate: name, role and organisation; contact; travel and hotel; and, only
    with ``include_needs``, their dietary and access needs."""
    title = "Who's who in the delegation"
    story: list[Flowable] = [PageBreak(), heading(ctx, title, level=0, key="whos-who")]
    if b.member_organisations:
        story.append(ctx.p("Member organisations: " + "; ".join(o.name for o in b.member_organisations),
                           "small"))
    story.append(ctx.p(NEEDS_NOTICE if include_needs else NO_NEEDS_NOTICE, "small"))
    headers = ["Name, role and organisation", "Contact", "Travel and hotel"]
    widths: list[float] = [32, 30, 38]
    if include_needs:
        headers.append("Dietary and access needs")
        widths = [26, 26, 30, 18]
    rows: list[list[Any]] = [[ctx.p(h, "table_header") for h in headers]]
    packs = sorted(b.packs, key=lambda pk: (pk.delegate.person.organisation.casefold(),
                                            pk.delegate.person.sort_key))
    for pk in packs:
        d = pk.delegate
        row = [_whos_who_person(ctx, d), contact_lines(d.person, ctx, ctx.column_width(widths, 1)),
               ctx.lines([(_whos_who_travel(d), None), (d.hotel, None)])]
        if include_needs:
            row.append(ctx.lines([(d.dietary, None), (d.access_needs, None)]))
        rows.append(row)
    story.append(ctx.table(rows, widths, continued=f"{title} (continued)"))
    return story


def contact_sheet(ctx: PackContext, b: Briefing, pack: DelegatePack | None) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), heading(ctx, "Contact sheet", level=0, key="contacts"),
                             heading(ctx, "Delegation staff", level=1, key="contacts-staff",
                                     style="heading2", toc=False), staff_table(ctx, b),
                             heading(ctx, "Venues", level=1, key="contacts-venues", style="heading2",
                                     toc=False), venue_table(ctx, b)]
    meetings = (b.meetings.values() if pack is None else [b.meetings[i] for i in pack.meeting_ids])
    people: dict[int, PersonInfo] = {}
    for m in meetings:
        for p in m.counterparts:
            people.setdefault(p.id, p)
    if pack is not None:  # colleagues from our side in the same meetings
        for m in meetings:
            for p in m.ours:
                if p.id != pack.delegate.person.id:
                    people.setdefault(p.id, p)
    widths: list[float] = [38, 32, 30]
    rows: list[list[Any]] = [[ctx.p(h, "table_header") for h in ("Name", "Organisation", "Contact")]]
    for p in sorted(people.values(), key=lambda x: (x.organisation.casefold(), x.sort_key, x.id)):
        org = p.organisation + (f"\n{p.organisation_native}" if p.organisation_native else "")
        rows.append([person_lines(p, ctx=ctx, with_org=False), ctx.p(org, "table_cell", p.organisation_lang or p.lang),
                     contact_lines(p, ctx, ctx.column_width(widths, 2))])
    title = "People in your meetings" if pack is not None else "Counterparts"
    story.append(heading(ctx, title, level=1, key="contacts-people", style="heading2", toc=False))
    if len(rows) == 1:
        story.append(ctx.p("No meetings scheduled.", "body"))
    else:
        story.append(ctx.table(rows, widths, continued=f"{title} (continued)"))
    return story
