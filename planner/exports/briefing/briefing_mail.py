"""The short text of the e-mail draft that carries a delegate's pack (see :mod:`planner.exports.briefing.email_draft`)."""

from __future__ import annotations

from pathlib import Path

from planner.exports.briefing.briefing_cover import date_range
from planner.exports.briefing.briefing_data import Briefing, DelegatePack
from planner.exports.briefing.email_draft import Draft

MAX_LISTED = 12  # changes listed in the text; the pack's first page has them all


def pack_draft(b: Briefing, pack: DelegatePack, pdf: Path) -> Draft:
    """To the delegate, a few lines, their pack attached; says what changed when it replaces one."""
    person = pack.delegate.person
    change = b.changes.get(person.id)
    where = f"{date_range(b)}, {b.city}" if b.city else date_range(b)
    lines = [f"Dear {person.name},", "",
             f"Attached is your briefing pack for {b.event_name} ({where}): your itinerary in local "
             "time, a page for each of your meetings, and the people to call.", ""]
    if change is not None:
        lines += [f"It replaces the pack of {change.since:%d %B %Y}. What changed since:"]
        lines += [f"- {text}" for text in change.lines[:MAX_LISTED]]
        if len(change.lines) > MAX_LISTED:
            lines.append(f"- … and {len(change.lines) - MAX_LISTED} more, listed on the pack's first page")
        lines.append("")
    lines += ["Please keep it with you during the mission, and tell us if anything is wrong or missing.",
              "It holds personal data of other people: please do not forward it.", "",
              "Kind regards,", b.delegation_name or b.event_name]
    subject = f"Your briefing pack: {b.event_name}" + (" (updated)" if change is not None else "")
    return Draft(person.name, person.email, subject, "\n".join(lines) + "\n", pdf)


__all__ = ["pack_draft"]
