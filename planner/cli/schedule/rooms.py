"""``planner rooms add|list|delete``: stages, booths, meeting tables, rooms and halls in a venue."""

from __future__ import annotations

import argparse

from planner.cli.common import EXIT_OK, open_db, print_json, print_table
from planner.cli.lookup import event_named, room_named, venue_named
from planner.domain.enums import RoomKind, label
from planner.services.events.places import add_room, list_venues
from planner.storage.models import Meeting, Slot

KINDS = {"table": RoomKind.MEETING_TABLE, "stage": RoomKind.STAGE, "booth": RoomKind.BOOTH,
         "room": RoomKind.ROOM, "hall": RoomKind.HALL}


def parse_kind(text: str) -> RoomKind:
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    kind = KINDS.get(key) or next((k for k in RoomKind if k.value == key), None)
    if kind is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a kind of room; use one of: {', '.join(KINDS)}")
    return kind


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("rooms", help="add, list and delete rooms, stages, booths and meeting tables")
    cmds = p.add_subparsers(dest="rooms_command", metavar="ACTION", parser_class=type(p))
    cmds.required = True
    add = cmds.add_parser("add", help="add a room, stage, booth, hall or meeting table to a venue")
    add.add_argument("--event", metavar="CODE", required=True)
    add.add_argument("--venue", metavar="NAME", required=True)
    add.add_argument("--name", metavar="ROOM", required=True, help="e.g. Table 7, Stage B")
    add.add_argument("--kind", type=parse_kind, metavar="|".join(KINDS),
                     help="what it is (default: guessed from the name: “Table 7” is a table)")
    add.add_argument("--capacity", type=int, metavar="N", help="how many people it holds")
    add.set_defaults(handler=run_add)
    ls = cmds.add_parser("list", help="list the rooms of an event's venues")
    ls.add_argument("--event", metavar="CODE", required=True)
    ls.add_argument("--venue", metavar="NAME", help="only this venue's")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)
    delete = cmds.add_parser("delete", help="delete a room (meetings and slots there keep their venue)")
    delete.add_argument("--event", metavar="CODE", required=True)
    delete.add_argument("--venue", metavar="NAME", required=True)
    delete.add_argument("--name", metavar="ROOM", required=True)
    delete.set_defaults(handler=run_delete)


def run_add(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.transaction() as session:
        venue = venue_named(session, event_named(session, args.event), args.venue, "--venue")
        room = add_room(session, venue, name=args.name, kind=args.kind, capacity=args.capacity)
        text = f"{room.name} ({label(room.kind).lower()}) in {venue.name}"
    print(text)
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    with open_db(args) as db, db.session() as session:
        event = event_named(session, args.event)
        venue = venue_named(session, event, args.venue, "--venue") if args.venue is not None else None
        venues = list_venues(session, event)
    rooms = [r for v in venues if venue is None or v.id == venue.id for r in v.rooms]
    if args.json:
        print_json([r.to_json() for r in rooms])
    else:
        print_table(["venue", "name", "kind", "capacity"],
                    [[r.venue, r.name, label(RoomKind(r.kind)).lower(),
                      "" if r.capacity is None else str(r.capacity)] for r in rooms])
    return EXIT_OK


def run_delete(args: argparse.Namespace) -> int:
    from planner.services.editing.dependents import delete_with_dependents, plan_delete

    with open_db(args) as db, db.transaction() as session:
        venue = venue_named(session, event_named(session, args.event), args.venue, "--venue")
        room = room_named(session, venue, args.name, "--name")
        _, clears = plan_delete(session, room)
        meetings = len({id(c) for c, _ in clears if isinstance(c, Meeting)})
        slots = len({id(c) for c, _ in clears if isinstance(c, Slot)})
        text = f"deleted {room.name} from {venue.name}"
        if meetings or slots:
            text += (f"; {meetings} meeting(s) and {slots} slot(s) there keep {venue.name} "
                     "but no longer have a room or table")
        delete_with_dependents(session, room)
    print(text)
    return EXIT_OK
