"""The member organisations of an event's delegation, by name: what a member-organisation filter
offers (the GUI's drop-downs) and checks a typed name against (the command line).

A lead's member organisation is the delegation member it was won for (``Lead.member_organisation``).
The names offered are the delegation's organisations and every member organisation the event's
leads name (a lead may name one that has since left the delegation: its leads still show).
"""

from __future__ import annotations

import difflib

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.errors import NotFoundError
from planner.services.views.row_filters import NO_MEMBER
from planner.storage.models import Delegation, DelegationOrganisation, Lead, Organisation

LISTED = 12  # names an error message lists at most


def member_organisation_names(session: Session, event_id: int) -> list[str]:
    """The event's member organisations by name, sorted case-insensitively (two queries)."""
    linked = (select(Organisation.name).join(DelegationOrganisation,
                                             DelegationOrganisation.organisation_id == Organisation.id)
              .join(Delegation, Delegation.id == DelegationOrganisation.delegation_id)
              .where(Delegation.event_id == event_id))
    named = (select(Organisation.name).join(Lead, Lead.member_organisation_id == Organisation.id)
             .where(Lead.event_id == event_id).distinct())
    names = {n for n in session.scalars(linked) if n} | {n for n in session.scalars(named) if n}
    return sorted(names, key=lambda n: (n.casefold(), n))


def resolve_member_organisation(session: Session, event_id: int, event_code: str, name: str) -> str:
    """The member organisation ``name`` stands for, as the event spells it ("" for
    ``(no member organisation)``). A name that is not one of the event's member organisations
    raises :class:`NotFoundError` naming the close ones: a typo must not look like an empty list."""
    wanted = name.strip()
    if wanted.casefold() == NO_MEMBER.casefold():
        return ""
    names = member_organisation_names(session, event_id)
    for known in names:
        if known.casefold() == wanted.casefold():
            return known
    folded = {n.casefold(): n for n in names}
    close = [folded[n] for n in difflib.get_close_matches(wanted.casefold(), list(folded), n=3, cutoff=0.5)]
    close += [n for n in names if wanted.casefold() in n.casefold() and n not in close][:3]
    if close:
        hint = "did you mean " + " or ".join(f"“{n}”" for n in close) + "?"
    elif names:
        more = f" and {len(names) - LISTED} more" if len(names) > LISTED else ""
        hint = "its member organisations are " + ", ".join(f"“{n}”" for n in names[:LISTED]) + more
    else:
        hint = "it has no member organisations"
    raise NotFoundError(f"“{wanted}” is not a member organisation of {event_code}: {hint} "
                        f"(“{NO_MEMBER}” lists leads without one)")
