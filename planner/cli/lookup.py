"""Finding what a command line names: events, venues, rooms, people and meetings.

An empty or blank name names nothing: it is refused here (exit 2) before any look-up, so a
script that passes an unset variable never edits whichever record happens to match "".
"""

from __future__ import annotations

import argparse
import re
from datetime import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.cli.common import CliError
from planner.services.events.events import get_event
from planner.services.events.places import get_room, get_venue
from planner.storage.models import Event, Meeting, Person, Room, Venue


def named(value: str | None, what: str) -> str:
    """``value`` stripped; a CliError when it is empty or blank."""
    text = (value or "").strip()
    if not text:
        raise CliError(f"{what} is empty: name one (an empty name names nothing)")
    return text


def event_named(session: Session, code: str) -> Event:
    return get_event(session, named(code, "--event"))


def venue_named(session: Session, event: Event, name: str, what: str = "the venue name") -> Venue:
    return get_venue(session, event, named(name, what))


def room_named(session: Session, venue: Venue, name: str, what: str = "the room name") -> Room:
    return get_room(session, venue, named(name, what))


def person_named(session: Session, email: str, what: str = "the e-mail") -> Person:
    # the people service loads only for commands that name a person
    from planner.services.people.people import find_person

    return find_person(session, named(email, what))


def meeting_named(session: Session, ident: str) -> Meeting:
    key = named(ident, "the meeting ID")
    meeting = session.scalars(select(Meeting).where(Meeting.uuid == key)).first()
    if meeting is None:
        raise CliError(f"No meeting with the id {ident!r}; `planner meetings list --event CODE --json` "
                       "prints each meeting's id")
    return meeting


def parse_clock(text: str) -> time:
    """An ``HH:MM`` (or ``H:MM``) argument (argparse type)."""
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if m is None or int(m[1]) > 23 or int(m[2]) > 59:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time of day (use HH:MM, e.g. 09:00)")
    return time(int(m[1]), int(m[2]))
